#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the store tests and benchmarks.
#
#   eval "$(bash .ci/postgres.sh)"        # exports KAMERSPOOR_TEST_PG_URL
#   bash .ci/postgres.sh stop             # stops the server started here
#
# Installs Debian's postgresql package when no server binaries are found, creates a cluster in
# $KAMERSPOOR_PG_DIR (default /tmp/kamerspoor-pg), runs it as an unprivileged user (the "postgres" system
# user when started as root), listens on loopback only on a free port, creates the database "kamerspoor_test"
# (and "kamerspoor_bench" for the benchmarks) and prints `export KAMERSPOOR_TEST_PG_URL=postgresql://...` and
# `export KAMERSPOOR_BENCH_PG_URL=...` on standard output (and writes the URLs to $KAMERSPOOR_PG_DIR/url
# and bench_url). Messages go to standard error. Running it again while the server is up only
# prints the URL.
set -euo pipefail

PGDIR="${KAMERSPOOR_PG_DIR:-/tmp/kamerspoor-pg}"
DATA="$PGDIR/data"
DB="kamerspoor_test"

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

BINDIR="$(find_bindir || true)"

as_owner() {
    # run a command as the cluster's owner
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = "stop" ]; then
    if [ -n "$BINDIR" ] && [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast stop >&2 || true
    fi
    exit 0
fi

if [ -z "$BINDIR" ]; then
    log "no PostgreSQL server found: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    # Debian's package creates and starts a default cluster; we run our own, so stop that one
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        for c in $(ls -d /etc/postgresql/*/main 2>/dev/null); do
            v="$(basename "$(dirname "$c")")"
            pg_ctlcluster "$v" main stop >&2 || true
        done
    fi
    BINDIR="$(find_bindir)"
fi

if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir "$PGDIR" --shell /bin/false postgres
fi

mkdir -p "$PGDIR"
if [ "$(id -u)" = "0" ]; then chown postgres "$PGDIR"; fi

if [ -f "$DATA/postmaster.pid" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1 \
        && [ -f "$PGDIR/url" ]; then
    log "server already running"
    echo "export KAMERSPOOR_TEST_PG_URL=$(cat "$PGDIR/url")"
    echo "export KAMERSPOOR_BENCH_PG_URL=$(cat "$PGDIR/bench_url")"
    exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb in $DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2 \
        || as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >&2
fi

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "starting on 127.0.0.1:$PORT"
as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2

"$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" \
    -c "DROP DATABASE IF EXISTS ${DB/test/bench}" -c "CREATE DATABASE ${DB/test/bench}" >&2

URL="postgresql://postgres@127.0.0.1:$PORT/$DB"
echo "$URL" > "$PGDIR/url"
echo "${URL/test/bench}" > "$PGDIR/bench_url"
log "ready: $URL (benchmarks: ${URL/test/bench})"
echo "export KAMERSPOOR_TEST_PG_URL=$URL"
echo "export KAMERSPOOR_BENCH_PG_URL=${URL/test/bench}"
