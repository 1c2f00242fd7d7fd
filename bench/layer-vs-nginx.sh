#!/usr/bin/env bash
# Load test: /api/municipalities.geojson from inclusiekaart versus nginx serving the
# same gzip bytes as a static file, in one run. Targets 127.0.0.1 only; bounded
# duration. Needs wrk and nginx (apt-get install wrk nginx) and a built binary and DB
# (make build db).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/inclusiekaart}
DB=${DB:-data/inclusiekaart.db}
DUR=${DUR:-10s}
CONN=${CONN:-32}
THREADS=${THREADS:-2}
APP_PORT=${APP_PORT:-18080}
NGX_PORT=${NGX_PORT:-18081}
ZOOM=${ZOOM:-6}
work=$(mktemp -d)
trap 'kill ${app:-} 2>/dev/null || true; nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

"$BIN" serve --db "$DB" --addr 127.0.0.1:$APP_PORT >"$work/app.out" 2>"$work/app.log" &
app=$!
for _ in $(seq 50); do grep -q listening "$work/app.out" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$APP_PORT/api/municipalities.geojson?zoom=$ZOOM"
mkdir -p "$work/www" "$work/logs"
curl -s -H 'Accept-Encoding: gzip' "$url" -o "$work/www/layer.geojson.gz"
etag=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
cat >"$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/geo+json geojson; }
  server {
    listen 127.0.0.1:$NGX_PORT;
    root $work/www;
    gzip_static always;
    location / { add_header Cache-Control "public, max-age=60"; }
  }
}
NGX
nginx -p "$work" -c nginx.conf
sleep 0.3
ngx_etag=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$NGX_PORT/layer.geojson" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

echo "gzip bytes: $(wc -c <"$work/www/layer.geojson.gz") (zoom $ZOOM); wrk -t$THREADS -c$CONN -d$DUR"
run() { wrk -t$THREADS -c$CONN -d$DUR "$@" | awk '/Requests\/sec/{print $2}'; }
a200=$(run -H 'Accept-Encoding: gzip' "$url")
n200=$(run -H 'Accept-Encoding: gzip' "http://127.0.0.1:$NGX_PORT/layer.geojson")
a304=$(run -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" "$url")
n304=$(run -H 'Accept-Encoding: gzip' -H "If-None-Match: $ngx_etag" "http://127.0.0.1:$NGX_PORT/layer.geojson")
printf '%-6s %14s %14s %8s\n' path inclusiekaart nginx ratio
printf '%-6s %14s %14s %8.2f\n' 200 "$a200" "$n200" "$(echo "$a200 / $n200" | bc -l)"
printf '%-6s %14s %14s %8.2f\n' 304 "$a304" "$n304" "$(echo "$a304 / $n304" | bc -l)"
