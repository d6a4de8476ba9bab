#!/usr/bin/env bash
# Contract suite: fuzz the running API against its committed spec (openapi/openapi.json)
# with schemathesis 4.x, on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
#
#   bash tests/contract/run.sh [extra `st run` options, e.g. --include-path-regex /cities]
#
# Each backend gets a fresh server (debug build, free loopback port, DEMO_DATA=true, a fresh
# temporary DATA_DIR or PostgreSQL database) and an admin bearer token. Any schemathesis
# failure fails the script. Tunables: CONTRACT_MAX_EXAMPLES (default 30), CONTRACT_SEED,
# CONTRACT_WORKERS (default 1), GMD_BIN (use this binary instead of building one).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
readonly CONFIG=tests/contract/schemathesis.toml
readonly SPEC=openapi/openapi.json
readonly MAX_EXAMPLES=${CONTRACT_MAX_EXAMPLES:-30}
readonly SEED=${CONTRACT_SEED:-20260601}
# One worker: with more, Python 3.11 sometimes fails inside `ast.parse` in threads
# (CPython gh-106905, "AST constructor recursion depth mismatch"), and the order of
# requests, hence the run, stops being reproducible from the seed.
readonly WORKERS=${CONTRACT_WORKERS:-1}
readonly PHASES=examples,coverage,fuzzing
readonly JWT=contract-suite-jwt-secret-0123456789abcdefghijklmn

say() { printf '\n--- contract: %s\n' "$*"; }
die() { printf 'contract: error: %s\n' "$*" >&2; exit 1; }

if ! command -v st >/dev/null 2>&1; then
    venv_bin=$(bash tests/contract/schemathesis-venv.sh) || die "could not install schemathesis"
    PATH=$venv_bin:$PATH
fi
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v python3 >/dev/null 2>&1 || die "python3 is required"
[[ -f $SPEC ]] || die "$SPEC is missing: run \`cargo xtask openapi\`"

if [[ -n ${GMD_BIN:-} ]]; then
    BIN=$GMD_BIN
else
    say "building gmd (debug)"
    cargo build -p gmd-api --bin gmd
    BIN=${CARGO_TARGET_DIR:-target}/debug/gmd
fi
[[ -x $BIN ]] || die "no gmd binary at $BIN"

SERVER_PID=""
DATA_DIR=""
LOG=""
PG_ADMIN_URL=""
PG_DB=""

stop_server() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

drop_database() {
    if [[ -n $PG_DB ]]; then
        psql "$PG_ADMIN_URL" -qX -v ON_ERROR_STOP=1 \
            -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null ||
            echo "contract: warning: could not drop database $PG_DB" >&2
        PG_DB=""
    fi
}

cleanup() {
    stop_server
    drop_database
    [[ -n $DATA_DIR ]] && rm -rf "$DATA_DIR"
    [[ -n $LOG ]] && rm -f "$LOG"
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server log on failure: its warnings and errors, then its last lines.
show_log() {
    {
        echo "--- server log ($1): warnings and errors (last 40)"
        grep -E '\b(WARN|ERROR)\b' "$LOG" | tail -n 40 || true
        echo "--- server log: last 15 lines"
        tail -n 15 "$LOG" || true
    } >&2
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# $1: postgres URL; prints the same URL with its database replaced by $2.
with_database() {
    local url=$1 db=$2 query="" rest
    if [[ $url == *\?* ]]; then
        query="?${url#*\?}"
        url=${url%%\?*}
    fi
    rest=${url#*://}
    [[ $rest == */* ]] && url=${url%/*}
    printf '%s/%s%s\n' "$url" "$db" "$query"
}

# Start the server with the given DATABASE_URL, wait until ready, fuzz it, stop it.
suite() {
    local label=$1 database_url=$2 port base token rc=0 waited=0
    shift 2
    port=$(free_port)
    base=http://127.0.0.1:$port
    say "$label: starting gmd on $base"
    env DATABASE_URL="$database_url" DATA_DIR="$DATA_DIR" BIND="127.0.0.1:$port" \
        DEMO_DATA=true JWT_SECRET="$JWT" CORS_ORIGINS="http://localhost:5173" \
        RUST_LOG="${RUST_LOG:-info}" RATE_LIMIT_PER_MINUTE=0 \
        "$BIN" serve >"$LOG" 2>&1 &
    SERVER_PID=$!

    until curl -fsS -o /dev/null "$base/health/ready" 2>/dev/null; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            show_log "server exited"
            die "$label: the server exited before it was ready"
        fi
        if ((waited >= 120)); then
            show_log "not ready"
            die "$label: /health/ready did not answer 2xx within 60 s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done

    token=$(curl -fsS -X POST "$base/api/v1/auth/login" \
        -H 'Content-Type: application/json' \
        -d '{"email":"admin@gmd.example","password":"admin-demo-2026"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') ||
        { show_log "login failed"; die "$label: could not log in as the demo admin"; }

    say "$label: st run (seed $SEED, max $MAX_EXAMPLES examples per operation, $WORKERS workers)"
    local cmd=(st --config-file "$CONFIG" run "$SPEC" --url "$base"
        --checks all --phases "$PHASES"
        --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers "$WORKERS"
        --generation-database none --no-color
        -H "Authorization: Bearer $token" "$@")
    # Print the command with the token elided, so a failure can be reproduced by hand.
    # shellcheck disable=SC2016 # a literal $TOKEN in the printed command
    printf ' %q' + "${cmd[@]}" | sed -E 's/Bearer\\? [A-Za-z0-9._-]+/Bearer\\ $TOKEN/'
    echo
    "${cmd[@]}" || rc=$?

    if ((rc != 0)); then
        show_log "schemathesis failed"
    elif ! kill -0 "$SERVER_PID" 2>/dev/null; then
        show_log "server died"
        rc=1
    fi
    stop_server
    return "$rc"
}

failed=()

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gmd-contract.XXXXXX")
LOG=$DATA_DIR.log
suite sqlite "sqlite://$DATA_DIR/gmd.sqlite3" "$@" || failed+=(sqlite)

if [[ -n ${TEST_DATABASE_URL:-} ]]; then
    command -v psql >/dev/null 2>&1 || die "TEST_DATABASE_URL is set but psql is not installed"
    rm -rf "$DATA_DIR" && mkdir -p "$DATA_DIR"
    PG_ADMIN_URL=$TEST_DATABASE_URL
    PG_DB=gmd_contract_$$
    psql "$PG_ADMIN_URL" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$PG_DB\"" >/dev/null ||
        die "cannot create database $PG_DB via TEST_DATABASE_URL"
    suite postgres "$(with_database "$TEST_DATABASE_URL" "$PG_DB")" "$@" || failed+=(postgres)
    drop_database
else
    say "TEST_DATABASE_URL is not set: skipping the PostgreSQL run"
fi

if ((${#failed[@]})); then
    die "schemathesis found failures on: ${failed[*]} (reproduce one with the \`st\` command printed above)"
fi
say "passed"
