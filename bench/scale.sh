#!/usr/bin/env bash
# Issue 16's scale check: does a request cost what it returns, not what the
# database holds? Two databases:
#   small: the 2025 municipalities, one assessment version per municipality;
#   large: the same file imported as every year 2016-2025 and 100 versions
#          per municipality (34,200 versions).
# wrk runs the same requests against a server on each (one after the other,
# same run) and prints req/s and the server's CPU per request, and the ratio
# large/small of the CPU per request (target: at most 1.5).
#
#   bash bench/scale.sh                 # DUR=10s CONN=32
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
BIN=${BIN:-bin/inclusiekaart}
PY=${PY:-python3}
work=$(new_workdir)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gen_csv() { # FILE VERSIONS
  "$PY" - "$1" "$2" <<'PY'
import datetime, json, sys
out, versions = sys.argv[1], int(sys.argv[2])
codes = [f["properties"]["statcode"] for f in json.load(open("testdata/boundaries/gemeente_2025.geojson"))["features"]]
start = datetime.date(2017, 1, 1)
with open(out, "w") as f:
    f.write("code,assessed_on,source,assessor,stage,stage.evidence,domain.work,lived_experience\n")
    for v in range(versions):
        day = start + datetime.timedelta(days=v * 3)
        for i, code in enumerate(codes):
            f.write(f"{code},{day},generated scale file,bench,{1 + (i + v) % 6},https://example.org/lia/{i}-{v}.pdf,{(i + v) % 4},{v % 4}\n")
PY
}

make_scale_db() { # DB YEARS VERSIONS
  local db=$1 years=$2 versions=$3
  "$BIN" import boundaries --db "$db" --level province --year 2025 testdata/boundaries/provincie_2025.geojson >/dev/null 2>&1
  for y in $years; do # the 2025 file as year y (jrstatcode carries the year)
    sed "s/\"jrstatcode\": *\"2025/\"jrstatcode\":\"$y/g" testdata/boundaries/gemeente_2025.geojson >"$work/gemeente_$y.geojson"
    "$BIN" import boundaries --db "$db" --level municipality --year "$y" "$work/gemeente_$y.geojson" >/dev/null
  done
  gen_csv "$work/a-$versions.csv" "$versions"
  "$BIN" import assessments --db "$db" "$work/a-$versions.csv" >/dev/null
}

echo "building the databases (small: 1 year, 1 version; large: 10 years, 100 versions per municipality)"
make_scale_db "$work/small.db" 2025 1
make_scale_db "$work/large.db" "$(seq -s ' ' 2016 2025)" 100

start_listener "$work/small.log" "$BIN" serve --db "$work/small.db" --addr 127.0.0.1:0
small_url=$LISTEN_URL small_pid=$LISTEN_PID
pids+=("$small_pid")
start_listener "$work/large.log" "$BIN" serve --db "$work/large.db" --addr 127.0.0.1:0
large_url=$LISTEN_URL large_pid=$LISTEN_PID
pids+=("$large_pid")

paths=(
  "/ogc/collections/municipalities/items?limit=100"
  "/ogc/collections/municipalities/items/GM0363"
  "/api/municipalities/GM0363"
)
printf '%-48s %12s %12s %10s %10s %7s\n' request small-req/s large-req/s small-ms large-ms ratio
worst=0
for p in "${paths[@]}"; do
  s_size=$(body_size "$small_url$p" -H 'Accept-Encoding: gzip')
  l_size=$(body_size "$large_url$p" -H 'Accept-Encoding: gzip')
  expect_around "$s_size"
  read -r _ s_rps s_ms < <(measure small "$small_url$p" "$small_pid" -- -H 'Accept-Encoding: gzip')
  expect_around "$l_size"
  read -r _ l_rps l_ms < <(measure large "$large_url$p" "$large_pid" -- -H 'Accept-Encoding: gzip')
  r=$(ratio "$l_ms" "$s_ms")
  printf '%-48s %12s %12s %10s %10s %7s   (%s / %s gzip bytes)\n' "$p" "$s_rps" "$l_rps" "$s_ms" "$l_ms" "$r" "$s_size" "$l_size"
  worst=$(awk -v a="$worst" -v b="$r" 'BEGIN{print (b > a) ? b : a}')
done
echo "largest CPU ratio large/small: $worst (target at most 1.5)"
awk -v w="$worst" 'BEGIN{exit !(w <= 1.5)}' && echo "ok: cost follows the page" || { echo "FAIL: a request costs more than 1.5x at scale"; exit 1; }
