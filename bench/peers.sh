#!/usr/bin/env bash
# OGC API items side by side: inclusiekaart against pg_featureserv on PostGIS
# holding the same 342 municipalities (loaded from our own items response
# with ogr2ogr), the five requests of issue 16, gzip, in one run: req/s, CPU
# ms per request (the server's process; for the peer pg_featureserv plus the
# postgres processes), and the ratios. Then our single feature, detail and
# compare. Every response is checked (status and size within 2%, check.lua):
# one wrong answer and no figure is printed. 127.0.0.1 only.
#
# Needs wrk, curl, ogr2ogr, bin/inclusiekaart; for the peer PostgreSQL 15 with
# PostGIS (apt-get install postgresql-15-postgis-3) and a pg_featureserv
# binary (PG_FEATURESERV, default: pg_featureserv on PATH); without them only
# our figures are printed. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_FEATURESERV=${PG_FEATURESERV:-$(command -v pg_featureserv || true)}
PG_POOL=${PG_POOL:-32}
work=$(new_workdir)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -f "$work/pg/postmaster.pid" ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

make_db "$work/ik.db" 2>/dev/null
start_listener "$work/app.log" bin/inclusiekaart serve --db "$work/ik.db" --addr 127.0.0.1:0
app=$LISTEN_PID ours=$LISTEN_URL/ogc/collections/municipalities/items
pids+=("$app")
curl -sf "$ours?limit=1000" -o "$work/items.geojson"

peer=""
if [ -x "$PG_BIN/initdb" ] && [ -n "$PG_FEATURESERV" ] && [ -x "$PG_FEATURESERV" ] && id postgres >/dev/null 2>&1; then
  pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$work/pg" -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=100" -l "$work/pg/log" -w start >/dev/null
  pg="host=127.0.0.1 port=$pgport user=postgres"
  psql "$pg dbname=postgres" -qc 'CREATE DATABASE bench' >/dev/null
  psql "$pg dbname=bench" -qc 'CREATE EXTENSION postgis' >/dev/null
  ogr2ogr -f PostgreSQL "PG:$pg dbname=bench" "$work/items.geojson" -nln municipalities -lco GEOMETRY_NAME=geom -nlt MULTIPOLYGON
  # The code is the feature id, as ours; a GiST index for the bbox.
  psql "$pg dbname=bench" -qc 'ALTER TABLE municipalities DROP COLUMN ogc_fid; ALTER TABLE municipalities ADD PRIMARY KEY (code); CREATE INDEX ON municipalities USING gist (geom); ANALYZE municipalities' >/dev/null
  fsport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/bench" PGFS_SERVER_HTTPHOST=127.0.0.1 PGFS_SERVER_HTTPPORT=$fsport \
    PGFS_DATABASE_DBPOOLMAXCONNS=$PG_POOL PGFS_PAGING_LIMITMAX=10000 "$PG_FEATURESERV" >"$work/fs.log" 2>&1 &
  fs=$!
  pids+=("$fs")
  peer="http://127.0.0.1:$fsport/collections/public.municipalities/items"
  for _ in $(seq 100); do curl -sf "$peer.json?limit=1" >/dev/null && break; sleep 0.1; done
  postmaster=$(head -1 "$work/pg/postmaster.pid")
  peer_pids="$fs $postmaster"
else
  echo "pg_featureserv/PostGIS not available: printing our figures only (see bench/README.md)"
fi

echo "wrk -t$THREADS -c$CONN -d$DUR, gzip; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s %10s %10s %8s %8s\n' request ours-req/s peer-req/s ours-ms peer-ms req/s÷ ms÷
export WANT_STATUS=200
for q in "?limit=100" "?limit=10&offset=300" "/GM0363" "?bbox=4.7,52.3,5.1,52.45&limit=100" "?limit=1000"; do
  expect_around "$(body_size "$ours$q" -H 'Accept-Encoding: gzip')"
  o=$(measure ours "$ours$q" "$app" -- -H 'Accept-Encoding: gzip')
  p="- - -"
  if [ -n "$peer" ]; then
    pq=$q
    case $q in /*) pq="$q.json" ;; *) pq=".json$q" ;; esac
    expect_around "$(body_size "$peer$pq" -H 'Accept-Encoding: gzip')"
    p=$(measure peer "$peer$pq" "$peer_pids" -- -H 'Accept-Encoding: gzip')
  fi
  read -r _ ors oms <<<"$o"
  read -r _ prs pms <<<"$p"
  printf '%-44s %10s %10s %10s %10s %8s %8s\n' "items$q" "$ors" "$prs" "$oms" "$pms" "$(ratio "$ors" "$prs")" "$(ratio "$oms" "$pms")"
done
echo
printf '%-44s %10s %10s\n' "ours only" req/s cpu-ms
base=${ours%/ogc/*}
for q in "/ogc/collections/municipalities/items/GM0363" "/api/municipalities/GM0363" "/api/compare?codes=GM0363,GM0599,GM0344"; do
  expect_around "$(body_size "$base$q" -H 'Accept-Encoding: gzip')"
  read -r _ rs ms <<<"$(measure ours "$base$q" "$app" -- -H 'Accept-Encoding: gzip')"
  printf '%-44s %10s %10s\n' "$q" "$rs" "$ms"
done
