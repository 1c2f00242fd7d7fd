#!/usr/bin/env bash
# deploy/nginx.conf on this machine (issue 15): the service behind the
# caching, TLS-terminating nginx of deploy/, adapted to loopback ports, a temp
# cache directory and a self-signed certificate made here. Measures, in one
# run and over the same TLS listener:
#   1. the municipality layer through the cache (hits) versus the same nginx
#      serving the same gzip bytes with the same headers as a static file,
#      ROUNDS alternating wrk rounds each; every response checked (status,
#      size, gzip) — the cached layer must serve at least as many req/s;
#   2. how long a write (PUT through nginx) takes to show through the cache,
#      TRIALS times, against the documented bound (docs/deploy.md: 60 s + 1 s).
# Needs `make build`, nginx, wrk, openssl, python3. Starts its own nginx with
# its own prefix on free ports and stops it at the end.
#
#   bench/nginx-cache.sh                    # DUR=10s ROUNDS=5 TRIALS=3
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/serve-lib.sh
DUR=${DUR:-10s}
ROUNDS=${ROUNDS:-5}
TRIALS=${TRIALS:-3}
CONN=${CONN:-64}
BOUND=${BOUND:-61} # seconds: docs/deploy.md, max-age=60 plus 1 s
work=$(mktemp -d)
chmod 755 "$work"
trap 'nginx -p "$work" -c nginx.conf -s stop 2>/dev/null || true; stop_server; rm -rf "$work"' EXIT
fail=0
check() {
	local what=$1
	shift
	if "$@"; then echo "  ok: $what"; else echo "  FAIL: $what"; fail=1; fi
}
# ngx_ticks: CPU ticks (user + system) of nginx's master and workers so far.
ngx_ticks() {
	local m t=0 p
	m=$(cat "$work/nginx.pid")
	for p in $m $(cat /proc/"$m"/task/*/children 2>/dev/null); do
		read -r -a f < <(sed 's/^.*) //' /proc/"$p"/stat 2>/dev/null || echo)
		[ "${#f[@]}" -gt 12 ] && t=$((t + f[11] + f[12]))
	done
	echo "$t"
}
HZ=$(getconf CLK_TCK)
# cpu_us TICKS REQUESTS: microseconds of nginx CPU per request.
cpu_us() { "$PY" -c "print(f'{$1 * 1e6 / $HZ / max($2, 1):.1f}')"; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

db=$work/ik.db
new_db "$db"
token=$("$BIN" token create --db "$db" --name bench 2>/dev/null)
tls=$(free_port)
plain=$(free_port)
start_server "$db" "$work/serve.log" --public-url "https://127.0.0.1:$tls" --trusted-proxy 127.0.0.1/32
app=${BASE#http://}
path="/api/municipalities.geojson?zoom=7"

# The static twin: the same gzip bytes, and the service's own headers.
mkdir -p "$work/www/static" "$work/cache" "$work/tmp" "$work/logs"
curl -s -H 'Accept-Encoding: gzip' -D "$work/headers" -o "$work/www/static/layer.geojson.gz" "$BASE$path"
ref=$(stat -c %s "$work/www/static/layer.geojson.gz")
touch -d @0 "$work/www/static/layer.geojson.gz"
extra=$(tr -d '\r' <"$work/headers" | awk -F': ' 'NR > 1 && NF > 1 {
	n = tolower($1)
	if (n ~ /^(date|content-length|content-type|content-encoding|etag|last-modified|connection|x-request-id|vary)$/) next
	v = substr($0, length($1) + 3); gsub(/"/, "\\\"", v)
	printf "        add_header %s \"%s\" always;\n", $1, v }')
etag=$(tr -d '\r' <"$work/headers" | awk -F': ' 'tolower($1) == "etag" {print $2}')

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
# deploy/nginx.conf with this machine's ports and paths; nothing else changed
# but a location for the static twin next to the proxied one.
sed -e "s#server 127.0.0.1:8080;#server $app;#" \
	-e "s#listen 80;#listen 127.0.0.1:$plain;#" \
	-e "s#listen 443 ssl\(.*\);#listen 127.0.0.1:$tls ssl\1;#" \
	-e "s#/var/cache/nginx/inclusiekaart#$work/cache#" \
	-e "s#/etc/ssl/inclusiekaart/fullchain.pem#$work/cert.pem#" \
	-e "s#/etc/ssl/inclusiekaart/privkey.pem#$work/key.pem#" \
	deploy/nginx.conf >"$work/inclusiekaart.conf"
"$PY" - "$work/inclusiekaart.conf" "$work/www" "$extra" <<'PY'
import sys
conf, root, extra = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(conf).read()
twin = f"""    # bench/nginx-cache.sh: the same bytes as a static file.
    location = /static/layer.geojson {{
        root {root};
        gzip_static always;
        types {{ }}
        default_type application/geo+json;
        etag on;
{extra}
    }}

    location / {{"""
assert s.count("    location / {") == 1
open(conf, "w").write(s.replace("    location / {", twin, 1))
PY
cat >"$work/nginx.conf" <<NGX
user root;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $work/inclusiekaart.conf;
}
NGX
nginx -t -p "$work" -c nginx.conf 2>"$work/nginx-t.txt" || { cat "$work/nginx-t.txt"; exit 1; }
nginx -p "$work" -c nginx.conf
sleep 0.3

proxied="https://127.0.0.1:$tls$path"
static="https://127.0.0.1:$tls/static/layer.geojson"
hdr() { curl -sk -o /dev/null -D - -H 'Accept-Encoding: gzip' "$@" | tr -d '\r'; }
hdr "$proxied" >/dev/null # fill the cache
echo "layer $path: $ref gzip bytes; nginx $(nginx -v 2>&1 | sed 's#.*/##'), TLS on 127.0.0.1:$tls, wrk -t${THREADS:-2} -c$CONN -d$DUR, $ROUNDS rounds each"
echo "  through the cache: $(hdr "$proxied" | grep -ci '^x-cache-status: hit') hit, $(hdr "$proxied" | grep -c '') header lines; static twin: $(hdr "$static" | grep -c '') header lines"
pbytes=$(curl -sk -H 'Accept-Encoding: gzip' "$proxied" | wc -c)
sbytes=$(curl -sk -H 'Accept-Encoding: gzip' "$static" | wc -c)
check "the same body bytes ($pbytes, $sbytes, service $ref)" test "$pbytes" = "$ref" -a "$sbytes" = "$ref"
checked_lua "$work/check.lua"
export OK_STATUS=200 NEED_GZIP=1 MIN_BYTES=$ref MAX_BYTES=$ref

echo "1. req/s, cached layer versus static file"
sum_p=0
sum_s=0
bad=0
for r in $(seq "$ROUNDS"); do
	# Who goes first alternates, so a busy moment of the machine hits both alike.
	# nginx's CPU per request is measured with each (it moves less with
	# the machine's load than req/s do).
	cached_run() {
		local t0
		t0=$(ngx_ticks)
		read -r rp np bp sp _ p50p p99p _ < <(wrk_checked "$work/check.lua" "$DUR" "$proxied" -H 'Accept-Encoding: gzip')
		cp=$(cpu_us $(($(ngx_ticks) - t0)) "$np")
	}
	static_run() {
		local t0
		t0=$(ngx_ticks)
		read -r rs ns bs ss _ p50s p99s _ < <(wrk_checked "$work/check.lua" "$DUR" "$static" -H 'Accept-Encoding: gzip')
		cs=$(cpu_us $(($(ngx_ticks) - t0)) "$ns")
	}
	if [ $((r % 2)) = 1 ]; then
		cached_run
		static_run
	else
		static_run
		cached_run
	fi
	if [ $((bp + sp + bs + ss)) -gt 0 ]; then
		echo "  REFUSED round $r: $bp + $bs bad responses, $sp + $ss socket errors (cached layer, static file): no figure" >&2
		exit 1
	fi
	echo "  round $r: cached layer $rp req/s ($np checked, $bp bad, $sp socket errors, p50 $p50p, p99 $p99p, nginx $cp µs CPU/req); static file $rs req/s ($ns checked, $bs bad, $ss socket errors, p50 $p50s, p99 $p99s, nginx $cs µs CPU/req)"
	sum_cp=$("$PY" -c "print(${sum_cp:-0} + $cp)")
	sum_cs=$("$PY" -c "print(${sum_cs:-0} + $cs)")
	sum_p=$("$PY" -c "print($sum_p + $rp)")
	sum_s=$("$PY" -c "print($sum_s + $rs)")
	bad=$((bad + bp + sp + bs + ss))
done
ratio=$("$PY" -c "print(f'{$sum_p / $sum_s:.3f}')")
echo "  mean: cached layer $("$PY" -c "print(f'{$sum_p / $ROUNDS:.0f}')") req/s, static file $("$PY" -c "print(f'{$sum_s / $ROUNDS:.0f}')") req/s, ratio $ratio; nginx CPU per request: cached $("$PY" -c "print(f'{$sum_cp / $ROUNDS:.1f}')") µs, static $("$PY" -c "print(f'{$sum_cs / $ROUNDS:.1f}')") µs"
check "0 bad responses and 0 socket errors" test "$bad" -eq 0
check "the cached layer serves at least as many req/s as the static file" "$PY" -c "import sys; sys.exit(0 if $sum_p >= $sum_s else 1)"
served=$(curl -s "$BASE/metrics" | awk '/^inclusiekaart_http_requests_total\{.*municipalities.geojson/ {s += $2} END {print s + 0}')
echo "  requests of the layer that reached the service in all: $served"

echo "2. a write through nginx, then the layer through the cache until it shows it"
stage_of() { # code: the stage in the cached layer, via nginx; logs cache status and ETag
	local s
	s=$(curl -sk --compressed -D "$work/poll.h" "$proxied" | "$PY" -c "import json,sys; print(next(f['properties']['stage'] for f in json.load(sys.stdin)['features'] if f['id'] == sys.argv[1]))" "$1")
	echo "$(date +%s.%N) $(tr -d '\r' <"$work/poll.h" | awk -F': ' 'tolower($1) == "x-cache-status" || tolower($1) == "etag" {printf "%s ", $2}')stage=$s" >>"$work/poll.log"
	echo "$s"
}
for t in $(seq "$TRIALS"); do
	code=$(curl -s "$BASE/api/municipalities" | "$PY" -c "import json,sys; print(json.load(sys.stdin)[$((t * 37))]['code'])")
	old=$(stage_of "$code")
	new=$(( ${old/None/0} % 6 + 1 ))
	sleep $((t * 7 % 23)) # write at different points of the cache entry's life
	t0=$(date +%s.%N)
	read -r status took < <(curl -sk -o "$work/put.out" -w '%{http_code} %{time_total}\n' -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		"https://127.0.0.1:$tls/api/municipalities/$code/assessment" \
		-d "{\"assessed_on\":\"$(date -u +%F)\",\"source\":\"bench nginx\",\"values\":{\"stage\":{\"value\":$new}}}")
	direct=$(curl -s "$BASE/api/municipalities/$code" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["stage"])')
	seen=
	while "$PY" -c "import sys,time; sys.exit(0 if time.time() - $t0 < $BOUND + 30 else 1)"; do
		if [ "$(stage_of "$code")" = "$new" ]; then
			seen=$("$PY" -c "import time; print(f'{time.time() - $t0:.1f}')")
			break
		fi
		sleep 0.25
	done
	echo "  trial $t: PUT $code stage $old -> $new: status $status in ${took} s, the service says $direct at once, through the cache after ${seen:-more than $((BOUND + 30))} s"
	# How the cache answered the polls (time after the write, X-Cache-Status, ETag), at each change.
	awk -v t0="$t0" '{ k = $2 " " $3 " " $4; if (k != prev) printf "    %+.1f s: %s\n", $1 - t0, k; prev = k }' "$work/poll.log"
	: >"$work/poll.log"
	check "write $t accepted and visible through the cache within $BOUND s" "$PY" -c "import sys; sys.exit(0 if '$status' in ('200','201') and '$seen' and float('${seen:-0}') <= $BOUND else 1)"
done
echo "nginx error log: $(grep -c '\[error\]\|\[crit\]\|\[emerg\]' "$work/logs/error.log" || true) error lines"
exit $fail
