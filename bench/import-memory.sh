#!/usr/bin/env bash
# Memory of imports on very large inputs (issue 15, "bounded work"): a
# 1,000,000-row assessment CSV and a 1,000,000-feature GeoJSON, each imported
# with `inclusiekaart import ...` under /usr/bin/time -v. Prints the outcome,
# the message, the peak RSS and the wall time of each run, and checks that a
# refused import changed nothing. Needs `make build`; writes only to a temp dir.
#
#   bench/import-memory.sh            # the two 1,000,000 files (defaults)
#   MAX_ROWS=1000000 bench/import-memory.sh   # raise the row cap: the whole CSV is imported, streaming
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/serve-lib.sh
ROWS=${ROWS:-1000000}
FEATURES=${FEATURES:-1000000}
LIMIT_MB=${LIMIT_MB:-200}
MAX_ROWS=${MAX_ROWS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/ik.db

"$BIN" import boundaries --db "$db" --level province testdata/boundaries/provincie_2025.geojson >/dev/null 2>&1
"$BIN" import boundaries --db "$db" testdata/boundaries/gemeente_2025.geojson >/dev/null 2>&1

"$PY" - "$work" "$ROWS" "$FEATURES" <<'PY'
import datetime, json, sys
work, rows, features = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
codes = [f["properties"]["statcode"] for f in json.load(open("testdata/boundaries/gemeente_2025.geojson"))["features"]]
start = datetime.date(2000, 1, 1)
with open(f"{work}/assessments.csv", "w") as f:
    f.write("code,assessed_on,source,assessor,stage,stage.evidence,stage.note,domain.work,lived_experience\n")
    for i in range(rows):
        code = codes[i % len(codes)]
        day = start + datetime.timedelta(days=i // len(codes))
        f.write(f"{code},{day},generated load file,bench,{1 + i % 6},https://example.org/lia/{i}.pdf,row {i} of a generated file,{i % 4},{i % 4}\n")
with open(f"{work}/features.geojson", "w") as f:
    f.write('{"type":"FeatureCollection","name":"generated","features":[')
    for i in range(features):
        x, y = 3.4 + (i % 1000) * 0.003, 50.8 + (i // 1000 % 1000) * 0.0025
        f.write(("," if i else "") + json.dumps({"type": "Feature", "properties": {"statcode": "GM%04d" % (i % 10000), "statnaam": "generated %d" % i},
            "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 0.002, y], [x + 0.002, y + 0.002], [x, y + 0.002], [x, y]]]}}, separators=(",", ":")))
    f.write("]}")
PY

count() { "$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT (SELECT COUNT(*) FROM assessments)||\"/\"||(SELECT COUNT(*) FROM areas)').fetchone()[0])" "$db"; }
fail=0
measure() { # name file args...
	local name=$1 file=$2; shift 2
	local before after rc rss wall
	before=$(count)
	set +e
	/usr/bin/time -v "$BIN" "$@" --db "$db" "$file" >"$work/out" 2>"$work/err"
	rc=$?
	set -e
	after=$(count)
	rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/err")
	wall=$(awk -F'): ' '/Elapsed \(wall clock\)/{print $2}' "$work/err")
	printf '%s: %s bytes\n' "$name" "$(stat -c %s "$file")"
	printf '  exit %s, peak RSS %d MB, wall %s, rows assessments/areas before %s after %s\n' "$rc" $((rss / 1024)) "$wall" "$before" "$after"
	printf '  says: %s\n' "$(grep -v '^\s' "$work/err" | grep -v -e 'Command being timed' -e 'Command exited' | head -2 | tr '\n' ' ')$(head -1 "$work/out")"
	if [ $((rss / 1024)) -ge "$LIMIT_MB" ]; then echo "  FAIL: peak RSS not below $LIMIT_MB MB"; fail=1; fi
	if [ "$rc" -ne 0 ] && [ "$before" != "$after" ]; then echo "  FAIL: a refused import changed the database"; fail=1; fi
}
measure "assessment CSV, $ROWS rows" "$work/assessments.csv" import assessments ${MAX_ROWS:+--max-rows $MAX_ROWS}
measure "GeoJSON, $FEATURES features" "$work/features.geojson" import boundaries --year 2030
exit $fail
