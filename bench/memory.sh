#!/usr/bin/env bash
# Memory under mixed load: 64 connections for 60 s over details, compares,
# OGC items (several pages and filters), single features and the layers,
# with the shipped public record and demo assessments; then the server's RSS
# right after, and after a minute idle. Every response must be a 200 with a
# body (bench/mixed.lua), else no figure. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
LOAD=${LOAD:-60s}
IDLE=${IDLE:-60}
work=$(new_workdir)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
make_db "$work/ik.db" 2>/dev/null
start_listener "$work/app.log" bin/inclusiekaart serve --db "$work/ik.db" --addr 127.0.0.1:0 --demo
app=$LISTEN_PID
pids+=("$app")
rss() { awk '/VmRSS/{print $2 / 1024 " MB"}' "/proc/$app/status"; }
# Every municipality's detail, compares of neighbours, pages and filters.
codes=$(curl -sf "$LISTEN_URL/api/municipalities" | python3 -c 'import json,sys; print(" ".join(m["code"] for m in json.load(sys.stdin)))')
paths=""
set -- $codes
while [ $# -ge 3 ]; do
  paths+=" /api/municipalities/$1 /api/compare?codes=$1,$2,$3 /ogc/collections/municipalities/items/$2"
  shift 3
done
for off in 0 100 200 300; do paths+=" /ogc/collections/municipalities/items?limit=100&offset=$off"; done
paths+=" /ogc/collections/municipalities/items?filter=stage%3E%3D3 /ogc/collections/municipalities/items?bbox=4.7,52.3,5.1,52.45"
paths+=" /ogc/collections/municipalities/items?limit=1000 /api/municipalities.geojson?zoom=6 /api/municipalities.geojson /api/provinces.geojson /api/municipalities"
echo "RSS at start: $(rss); $(wc -w <<<"$paths") paths; wrk -t2 -c64 -d$LOAD; load $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(WANT_MIN=1 MIXED_PATHS="$paths" wrk -t2 -c64 -d"$LOAD" --timeout 10s -s bench/mixed.lua "$LISTEN_URL")
check=$(grep '^CHECK' <<<"$out")
if ! grep -q 'bad=0 socket_errors=0 non2xx=0' <<<"$check"; then
  echo "REFUSED: $check" >&2
  echo "$out" >&2
  exit 1
fi
echo "$(awk '/requests in/{print $1}' <<<"$out") requests, $(awk '/Requests\/sec/{print $2}' <<<"$out") req/s; $check"
echo "RSS after the load: $(rss)"
sleep "$IDLE"
echo "RSS after ${IDLE}s idle: $(rss)"
