#!/usr/bin/env bash
# Load and faults (issue 15): the municipality layer under 64 clients, alone and
# with 20 writes a second; a new boundary year imported under load; kill -9
# during a backup. Every response is checked (status, size, gzip) by wrk's Lua
# hook before a figure is printed; any failed check makes the script exit 1.
#
#   bench/load-and-faults.sh                 # 60 s per load phase
#   DUR=20s bench/load-and-faults.sh         # shorter
#
# Needs `make build`, wrk and python3. Everything on 127.0.0.1, in a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/serve-lib.sh
DUR=${DUR:-60s}
CONN=${CONN:-64}
WRITES=${WRITES:-20}
secs=${DUR%s}
work=$(mktemp -d)
trap 'stop_server; kill ${writer:-} ${backup:-} 2>/dev/null || true; rm -rf "$work"' EXIT
fail=0
check() { # what condition...
	local what=$1
	shift
	if "$@"; then echo "  ok: $what"; else echo "  FAIL: $what"; fail=1; fi
}

db=$work/ik.db
new_db "$db"
token=$("$BIN" token create --db "$db" --name bench 2>/dev/null)
start_server "$db" "$work/serve.log"
layer="$BASE/api/municipalities.geojson?zoom=7"
ref=$(curl -s -H 'Accept-Encoding: gzip' "$layer" | wc -c)
features=$(curl -s "$layer" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["features"]))')
echo "layer: $layer, $ref gzip bytes, $features features; wrk -t${THREADS:-2} -c$CONN -d$DUR, every response checked"
checked_lua "$work/check.lua"
# The layer changes with every write (values), a little: allow 10 %.
export OK_STATUS=200 NEED_GZIP=1 MIN_BYTES=$((ref * 9 / 10)) MAX_BYTES=$((ref * 11 / 10))

echo "1. layer, nobody writing"
read -r rps0 n0 bad0 sock0 st0 p50_0 p99_0 kinds0 < <(wrk_checked "$work/check.lua" "$DUR" "$layer" -H 'Accept-Encoding: gzip')
echo "  $rps0 req/s, $n0 responses checked, $bad0 bad, $sock0 socket errors (connect/read/write/timeout $kinds0), statuses $st0, p50 $p50_0, p99 $p99_0"
check "0 errors without writes" test "$bad0" -eq 0 -a "$sock0" -eq 0

echo "2. layer with $WRITES writes/s (PUT assessment with a token)"
"$PY" bench/writer.py "$BASE" "$token" "$WRITES" "$secs" >"$work/writer.out" &
writer=$!
read -r rps1 n1 bad1 sock1 st1 p50_1 p99_1 kinds1 < <(wrk_checked "$work/check.lua" "$DUR" "$layer" -H 'Accept-Encoding: gzip')
wait "$writer"
writer=
wout=$(cat "$work/writer.out")
echo "  $rps1 req/s, $n1 responses checked, $bad1 bad, $sock1 socket errors (connect/read/write/timeout $kinds1), statuses $st1, p50 $p50_1, p99 $p99_1"
echo "  writer: $wout"
ratio=$("$PY" -c "print(f'{$rps1 / $rps0:.2f}')")
echo "  throughput with writes / without: $ratio"
werr=$(sed -n 's/^writes [0-9]* errors \([0-9]*\) .*/\1/p' <<<"$wout")
check "0 errors on reads with writes" test "$bad1" -eq 0 -a "$sock1" -eq 0
check "0 write errors" test "${werr:-1}" -eq 0
check "throughput with writes at least half the figure without" "$PY" -c "import sys; sys.exit(0 if $rps1 >= $rps0 / 2 else 1)"

echo "3. a new boundary year imported during load"
# The default layer is the newest year: it switches from 2025 to 2026 mid-run.
# 304s count as good answers here (wrk sends no If-None-Match, so there are none).
export OK_STATUS="200 304"
sed 's/"jrstatcode": *"2025/"jrstatcode":"2026/g' testdata/boundaries/gemeente_2025.geojson >"$work/gemeente_2026.geojson"
(sleep $((secs / 3)); /usr/bin/time -f '%e s' "$BIN" import boundaries --db "$db" "$work/gemeente_2026.geojson" >"$work/import.out" 2>"$work/import.err") &
importer=$!
read -r rps2 n2 bad2 sock2 st2 p50_2 p99_2 kinds2 < <(wrk_checked "$work/check.lua" "$DUR" "$layer" -H 'Accept-Encoding: gzip')
wait "$importer" || true
echo "  import: $(cat "$work/import.out") in $(tail -1 "$work/import.err")"
years=$(curl -s "$BASE/api/config" | "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("years"))')
echo "  $rps2 req/s, $n2 responses checked, $bad2 bad, $sock2 socket errors (connect/read/write/timeout $kinds2), statuses $st2, p50 $p50_2, p99 $p99_2; years served after: $years"
check "0 non-2xx/304 while a year is imported" test "$bad2" -eq 0 -a "$sock2" -eq 0
check "the new year is served" grep -q 2026 <<<"$years"
stop_server

echo "4. kill -9 during backup"
# A bigger database, so that a backup takes long enough to be killed in the middle.
"$PY" - "$work/many.csv" <<'PY'
import datetime, json, sys
codes = [f["properties"]["statcode"] for f in json.load(open("testdata/boundaries/gemeente_2025.geojson"))["features"]]
with open(sys.argv[1], "w") as f:
    f.write("code,assessed_on,source,assessor,stage,stage.evidence,stage.note,domain.work,domain.housing,lived_experience\n")
    for i in range(99000):
        day = datetime.date(2000, 1, 1) + datetime.timedelta(days=i // len(codes))
        f.write(f"{codes[i % len(codes)]},{day},generated,bench,{1 + i % 6},https://example.org/{i}.pdf,note {i} {'x' * 200},{i % 4},{i % 4},{i % 4}\n")
PY
"$BIN" import assessments --db "$db" "$work/many.csv" >/dev/null
echo "  database: $(du -h "$db" | cut -f1)"
start_server "$db" "$work/serve2.log"
bak=$work/backups/ik.db
mkdir -p "$work/backups"
"$BIN" backup --db "$db" "$bak" >/dev/null
size=$(stat -c %s "$bak")
sum_before=$(sha256sum "$bak" | cut -d' ' -f1)
echo "  a first backup: $size bytes; now three more are killed (kill -9) when their temporary copy has 20, 50 and 80 % of that"
killed=0
for pct in 20 50 80; do
	"$BIN" backup --db "$db" "$bak" >/dev/null 2>&1 &
	backup=$!
	grown=0
	for _ in $(seq 2000); do
		tmp=$(ls -A "$work/backups" | grep '^\.ik\.db\.backup-' | head -1 || true)
		if [ -n "$tmp" ] && [ "$(stat -c %s "$work/backups/$tmp" 2>/dev/null || echo 0)" -ge $((size * pct / 100)) ]; then
			grown=1
			break
		fi
		kill -0 "$backup" 2>/dev/null || break
		sleep 0.005
	done
	if [ "$grown" = 1 ] && kill -9 "$backup" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$backup" 2>/dev/null || true
	backup=
	echo "  killed at $pct %: $([ "$grown" = 1 ] && echo yes || echo 'no (finished first)'); beside the backup: $(ls -A "$work/backups" | tr '\n' ' ')"
	rm -f "$work/backups"/.ik.db.backup-*
done
check "backups killed while they ran: $killed of 3" test "$killed" -eq 3
integrity() { "$PY" -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute('PRAGMA integrity_check').fetchone()[0])" "$1"; }
check "the previous backup is unchanged" test "$(sha256sum "$bak" | cut -d' ' -f1)" = "$sum_before"
check "PRAGMA integrity_check of the database: ok" test "$(integrity "$db")" = ok
check "PRAGMA integrity_check of the previous backup: ok" test "$(integrity "$bak")" = ok
# The running server still answers from the database, and a server started on
# the backup serves the layer.
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")
check "the running server is ready after the kills ($code)" test "$code" = 200
stop_server
start_server "$bak" "$work/serve3.log"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")
n=$(curl -s "$BASE/api/municipalities.geojson" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["features"]))')
check "a server on the previous backup is ready ($code) and serves the layer ($n features)" test "$code" = 200 -a "$n" = "$features"
stop_server
exit $fail
