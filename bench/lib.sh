# Shared helpers of the bench/ scripts (source it). Every measurement runs wrk
# with check.lua and refuses to report a figure when any response had another
# status or size than expected, or wrk saw socket errors.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
THREADS=${THREADS:-2}
CONN=${CONN:-32}
DUR=${DUR:-10s}
CLK_TCK=$(getconf CLK_TCK)

# new_workdir makes a temporary folder nginx's workers (another user) can read.
new_workdir() {
  local d
  d=$(mktemp -d /tmp/ik-bench.XXXXXX)
  chmod 755 "$d"
  echo "$d"
}

# start_listener LOGFILE CMD... starts CMD in the background, waits for its
# "listening on URL" line and sets LISTEN_URL and LISTEN_PID.
start_listener() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  LISTEN_PID=$!
  LISTEN_URL=""
  for _ in $(seq 300); do
    LISTEN_URL=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$LISTEN_URL" ] && return 0
    kill -0 "$LISTEN_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "no 'listening on' line from $*:" >&2
  cat "$log" >&2
  return 1
}

# cpu_ticks PID... sums the user and system CPU ticks of the processes and
# of their direct children (the postgres backends of a postmaster).
cpu_ticks() {
  local total=0 p f
  local pids=" $* "
  for f in /proc/[0-9]*/stat; do
    # fields after the command name: the name may hold spaces, so count from the end of ")"
    local line
    line=$(cat "$f" 2>/dev/null) || continue
    local rest=${line##*) }
    read -r -a r <<<"$rest"
    local pid=${line%% *} ppid=${r[1]}
    if [[ $pids == *" $pid "* || $pids == *" $ppid "* ]]; then
      total=$((total + r[11] + r[12]))
    fi
  done
  echo "$total"
}

# measure NAME URL PIDS -- [wrk args]: runs wrk against URL for DUR and
# prints "NAME req/s cpu-ms-per-request", or fails without a figure when
# any response was wrong. WANT_STATUS, WANT_MIN, WANT_MAX as in check.lua.
measure() {
  local name=$1 url=$2 pids=$3
  shift 3
  [ "${1:-}" = "--" ] && shift
  local before after out reqs rps check
  before=$(cpu_ticks $pids)
  out=$(wrk -t"$THREADS" -c"$CONN" -d"$DUR" --timeout "${WRK_TIMEOUT:-10s}" -s "$BENCH_DIR/check.lua" "$@" "$url")
  after=$(cpu_ticks $pids)
  check=$(grep '^CHECK' <<<"$out")
  reqs=$(awk '/requests in/{print $1}' <<<"$out")
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  if [ -z "$check" ] || ! grep -q 'bad=0 socket_errors=0 non2xx=0' <<<"$check" || [ -z "$reqs" ] || [ "$reqs" = 0 ]; then
    echo "REFUSED $name: a response had the wrong status or size (or wrk failed): ${check:-no check output}" >&2
    echo "$out" >&2
    return 1
  fi
  local ms
  ms=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN{printf "%.3f", t * 1000 / hz / n}')
  printf '%s %s %s\n' "$name" "$rps" "$ms"
}

# body_size URL [curl args]: the size of one response body as received.
body_size() {
  local url=$1
  shift
  curl -s -o /dev/null -w '%{size_download}' "$@" "$url"
}

# expect_around SIZE: WANT_MIN/WANT_MAX within 2% of SIZE (responses that
# carry a time stamp vary by a few bytes once compressed).
expect_around() {
  export WANT_MIN=$(($1 * 98 / 100)) WANT_MAX=$(($1 * 102 / 100 + 16))
}

# expect_exactly SIZE
expect_exactly() {
  export WANT_MIN=$1 WANT_MAX=$1
}

# make_db DB: the real 2025 provinces and municipalities (testdata/boundaries);
# serve adds the shipped public record.
make_db() {
  local db=$1 root
  root=$(cd "$BENCH_DIR/.." && pwd)
  "$root/bin/inclusiekaart" import boundaries --db "$db" --level province --year 2025 "$root/testdata/boundaries/provincie_2025.geojson" >/dev/null
  "$root/bin/inclusiekaart" import boundaries --db "$db" --level municipality --year 2025 "$root/testdata/boundaries/gemeente_2025.geojson" >/dev/null
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }'; }
