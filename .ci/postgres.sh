# A throw-away PostgreSQL cluster on loopback for the team-mode tests.
# Sourced by .ci/run; usable by hand too:  source .ci/postgres.sh && start_throwaway_postgres
# Exports ANNOTATOR_TEST_PG_URL, which the tests read (they skip PostgreSQL without it).

PG_PORT="${PG_PORT:-54329}"

start_throwaway_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bin" ]; then
        echo "PostgreSQL is not installed; team-mode tests will be skipped" >&2
        return 0
    fi
    PG_TMP=$(mktemp -d)
    chmod 755 "$PG_TMP"
    local as_pg=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PG_TMP"
        as_pg=(runuser -u postgres --)
    fi
    "${as_pg[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 >/dev/null
    "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off" start >/dev/null
    export ANNOTATOR_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
    export PG_TMP PG_BIN="$bin"
    echo "PostgreSQL running at $ANNOTATOR_TEST_PG_URL"
}

stop_throwaway_postgres() {
    [ -n "${PG_TMP:-}" ] || return 0
    local as_pg=()
    [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
}
