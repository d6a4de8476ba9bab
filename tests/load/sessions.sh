#!/usr/bin/env bash
# The cost of checking the session on every request (issue 12): for each `gmd` binary given
# and each backend, starts it on the demo data, signs in as the demo admin and runs wrk on
# `/health/live` (no caller), `/api/v1/auth/me` (caller + one indexed read of the account)
# and a cached list page (caller + the list cache: no database at all when nothing was
# written), printing requests per second and the ratio to `/health/live` of the same run.
#
#   bash tests/load/sessions.sh target/release/gmd [another/gmd …]
#
# Needs wrk, curl, python3 (and psql for PostgreSQL). SESSIONS_DURATION (default 10s),
# SESSIONS_BACKENDS ("sqlite postgres"), BENCH_PG_URL.
set -euo pipefail

DURATION=${SESSIONS_DURATION:-10s}
BACKENDS=${SESSIONS_BACKENDS:-sqlite postgres}
PG=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
JWT=$(head -c 36 /dev/urandom | base64 | tr -d '/+=' | head -c 48)
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

rate() { # url, header → requests per second
    wrk -t2 -c32 -d"$DURATION" -H "$2" "$1" | awk '/Requests\/sec/ {print $2}'
}

for binary in "$@"; do
    for backend in $BACKENDS; do
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        db="sqlite://$WORK/$backend-$port/gmd.sqlite3"
        if [[ $backend == postgres ]]; then
            name="gmd_sessions_$$_$port"
            psql -q "$PG" -c "CREATE DATABASE $name" >/dev/null
            db="${PG%/*}/$name?sslmode=disable"
        fi
        env DATABASE_URL="$db" DATA_DIR="$WORK/$backend-$port" BIND="127.0.0.1:$port" \
            DEMO_DATA=true JWT_SECRET="$JWT" RUST_LOG=warn RATE_LIMIT_PER_MINUTE=0 \
            "$binary" >"$WORK/log" 2>&1 &
        PID=$!
        base="http://127.0.0.1:$port"
        for _ in $(seq 100); do curl -fs "$base/health/live" >/dev/null && break; sleep 0.1; done
        token=$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
            -d '{"email":"admin@gmd.example","password":"admin-demo-2026"}' |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
        auth="Authorization: Bearer $token"
        list="$base/api/v1/events/harbin-2026/delegates?per_page=10"
        curl -fsS -H "$auth" "$list" >/dev/null
        live=$(rate "$base/health/live" "X-Nothing: 1")
        me=$(rate "$base/api/v1/auth/me" "$auth")
        cached=$(rate "$list" "$auth")
        python3 - "$binary" "$backend" "$live" "$me" "$cached" <<'EOF'
import sys
binary, backend, live, me, cached = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"{binary} {backend}: live {live:.0f}/s, me {me:.0f}/s ({me / live:.2f}), "
      f"cached list {cached:.0f}/s ({cached / live:.2f})")
EOF
        kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
        [[ $backend == postgres ]] && psql -q "$PG" -c "DROP DATABASE $name" >/dev/null
    done
done
