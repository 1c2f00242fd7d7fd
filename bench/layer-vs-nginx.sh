#!/usr/bin/env bash
# The municipality layer (/api/municipalities.geojson?zoom=Z, gzip) served by
# inclusiekaart, by nginx as a static file and by a minimal Go net/http server
# (bench/memserve) holding the same bytes in memory: req/s and CPU per request
# in one run, 200 and 304, with the ratios. Every response is checked (status
# and size, bench/check.lua): one wrong answer and no figure is printed.
# 127.0.0.1 only. Needs wrk, nginx, curl and bin/inclusiekaart (make build).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ZOOM=${ZOOM:-6}
ROUNDS=${ROUNDS:-3}
work=$(new_workdir)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

make_db "$work/ik.db"
start_listener "$work/app.log" bin/inclusiekaart serve --db "$work/ik.db" --addr 127.0.0.1:0
app=$LISTEN_PID app_url=$LISTEN_URL
pids+=("$app")
url="$app_url/api/municipalities.geojson?zoom=$ZOOM"
mkdir -p "$work/www" "$work/logs"
curl -sf -H 'Accept-Encoding: gzip' "$url" -o "$work/www/layer.geojson.gz"
chmod 644 "$work/www/layer.geojson.gz"
size=$(wc -c <"$work/www/layer.geojson.gz")
etag=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

go build -o "$work/memserve" ./bench/memserve
start_listener "$work/mem.log" "$work/memserve" "$work/www/layer.geojson.gz"
mem=$LISTEN_PID mem_url=$LISTEN_URL/layer.geojson
pids+=("$mem")
# The same, sending our response's headers too (the same response bytes).
curl -s -D "$work/headers.txt" -o /dev/null -H 'Accept-Encoding: gzip' "$url"
start_listener "$work/memh.log" "$work/memserve" -headers "$work/headers.txt" "$work/www/layer.geojson.gz"
memh=$LISTEN_PID memh_url=$LISTEN_URL/layer.geojson
pids+=("$memh")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/geo+json geojson; }
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    gzip_static always;
    location / { add_header Cache-Control "public, max-age=60"; }
  }
}
NGX
nginx -p "$work" -c nginx.conf
sleep 0.3
ngx_url="http://127.0.0.1:$port/layer.geojson"
ngx_pids="$(cat "$work/nginx.pid") $(cat /proc/$(cat "$work/nginx.pid")/task/*/children 2>/dev/null || true)"
ngx_etag=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$ngx_url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
for u in "$ngx_url" "$mem_url" "$memh_url"; do
  got=$(body_size "$u" -H 'Accept-Encoding: gzip')
  [ "$got" = "$size" ] || { echo "REFUSED: $u serves $got bytes, want $size (the same bytes)" >&2; exit 1; }
done

echo "layer zoom $ZOOM: $size gzip bytes; wrk -t$THREADS -c$CONN -d$DUR; $ROUNDS rounds; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
export WANT_STATUS=200
expect_exactly "$size"
# Rounds take turns (the order rotates), so a busy moment of the machine
# hits every server alike; the figures are the medians over the rounds.
names=(inclusiekaart nginx memserve memserve+hdrs)
urls=("$url" "$ngx_url" "$mem_url" "$memh_url")
procs=("$app" "$ngx_pids" "$mem" "$memh")
declare -A rps cpu
for r in $(seq "$ROUNDS"); do
  line="  round $r:"
  for k in 0 1 2 3; do
    i=$(((k + r - 1) % 4))
    m=$(measure "${names[$i]}" "${urls[$i]}" "${procs[$i]}" -- -H 'Accept-Encoding: gzip')
    set -- $m
    rps[$i]+="$2 " cpu[$i]+="$3 "
    line+=" ${names[$i]} $2"
  done
  echo "$line"
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END{ if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2 }'; }
export WANT_STATUS=304
expect_exactly 0
a304=$(measure inclusiekaart "$url" "$app" -- -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag")
n304=$(measure nginx "$ngx_url" "$ngx_pids" -- -H 'Accept-Encoding: gzip' -H "If-None-Match: $ngx_etag")
printf '%-5s %-14s %10s %12s\n' path server req/s cpu-ms/req
for i in 0 1 2 3; do
  med[$i]=$(median <<<"${rps[$i]}")
  printf '%-5s %-14s %10s %12s\n' 200 "${names[$i]}" "${med[$i]}" "$(median <<<"${cpu[$i]}")"
done
for row in "304 $a304" "304 $n304"; do
  set -- $row
  printf '%-5s %-14s %10s %12s\n' "$1" "$2" "$3" "$4"
done
printf 'ratios (medians): 200 inclusiekaart/nginx %s, inclusiekaart/memserve %s, inclusiekaart/memserve+hdrs %s, memserve/nginx %s; 304 inclusiekaart/nginx %s\n' \
  "$(ratio "${med[0]}" "${med[1]}")" "$(ratio "${med[0]}" "${med[2]}")" "$(ratio "${med[0]}" "${med[3]}")" \
  "$(ratio "${med[2]}" "${med[1]}")" \
  "$(ratio "$(cut -d' ' -f2 <<<"$a304")" "$(cut -d' ' -f2 <<<"$n304")")"
