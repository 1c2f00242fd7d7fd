# Shared by the bench/*.sh scripts (source it): start a server on a fresh
# database, run wrk with every response checked. Needs `make build`, wrk and
# python3. Everything listens on 127.0.0.1 only.

BIN=${BIN:-bin/inclusiekaart}
# The system Python: a version manager's shim (pyenv) can take seconds to start
# on a loaded machine, which would blur the timings that poll with it.
PY=${PY:-$(command -v /usr/bin/python3 || command -v python3)}

# new_db DB: the 2025 provinces and municipalities from testdata/.
new_db() {
	"$BIN" import boundaries --db "$1" --level province testdata/boundaries/provincie_2025.geojson >/dev/null 2>&1
	"$BIN" import boundaries --db "$1" testdata/boundaries/gemeente_2025.geojson >/dev/null 2>&1
}

# start_server DB LOG [ARGS...]: serve DB on a free port; sets SERVER_PID and BASE.
start_server() {
	local db=$1 log=$2
	shift 2
	"$BIN" serve --db "$db" --addr 127.0.0.1:0 "$@" >"$log.out" 2>"$log" &
	SERVER_PID=$!
	BASE=
	for _ in $(seq 100); do
		BASE=$(sed -n 's/^listening on //p' "$log.out" 2>/dev/null | head -1)
		[ -n "$BASE" ] && break
		sleep 0.1
	done
	[ -n "$BASE" ] || { echo "server did not start: $(cat "$log")" >&2; return 1; }
}

stop_server() {
	if [ -n "${SERVER_PID:-}" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}

# checked_lua FILE: a wrk script that counts every response whose status is
# not in OK_STATUS (space-separated, default "200"), or whose body is shorter
# than MIN_BYTES or longer than MAX_BYTES, or that lacks Content-Encoding
# gzip when NEED_GZIP=1; done() prints "checked N bad B statuses {...}".
checked_lua() {
	cat >"$1" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  ok = {}
  for s in string.gmatch(os.getenv("OK_STATUS") or "200", "%d+") do ok[tonumber(s)] = true end
  minb = tonumber(os.getenv("MIN_BYTES") or "0")
  maxb = tonumber(os.getenv("MAX_BYTES") or "1e12")
  gz = os.getenv("NEED_GZIP") == "1"
  n, bad, st = 0, 0, {}
end
function response(status, headers, body)
  n = n + 1
  st[status] = (st[status] or 0) + 1
  local enc = headers["Content-Encoding"] or headers["content-encoding"]
  if not ok[status] or (status == 200 and (#body < minb or #body > maxb or (gz and enc ~= "gzip"))) then
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local total, b, sts = 0, 0, {}
  for _, t in ipairs(threads) do
    total = total + t:get("n")
    b = b + t:get("bad")
    for k, v in pairs(t:get("st")) do sts[k] = (sts[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(sts) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write(string.format("checked %d bad %d statuses {%s} errors connect=%d read=%d write=%d timeout=%d status=%d p50=%.1fms p99=%.1fms\n",
    total, b, table.concat(parts, " "), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
}

# wrk_checked LUA DURATION URL [wrk args...]: prints "RPS CHECKED BAD SOCKETERRS
# STATUSES P50 P99 CONNECT/READ/WRITE/TIMEOUT" on one line.
wrk_checked() {
	local lua=$1 dur=$2 url=$3
	shift 3
	local out
	out=$(wrk -t"${THREADS:-2}" -c"${CONN:-64}" -d"$dur" -s "$lua" "$@" "$url")
	local rps checked bad sock statuses p50 p99
	rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
	checked=$(sed -n 's/^checked \([0-9]*\) .*/\1/p' <<<"$out")
	bad=$(sed -n 's/^checked [0-9]* bad \([0-9]*\) .*/\1/p' <<<"$out")
	statuses=$(sed -n 's/.*statuses {\([^}]*\)}.*/\1/p' <<<"$out" | tr ' ' ',')
	sock=$(sed -n 's/.*errors connect=\([0-9]*\) read=\([0-9]*\) write=\([0-9]*\) timeout=\([0-9]*\) status=.*/\1+\2+\3+\4/p' <<<"$out")
	p50=$(sed -n 's/.*p50=\([0-9.]*ms\).*/\1/p' <<<"$out")
	p99=$(sed -n 's/.*p99=\([0-9.]*ms\).*/\1/p' <<<"$out")
	echo "$rps $checked $bad $(($sock)) ${statuses:-none} $p50 $p99 ${sock//+/\/}"
}
