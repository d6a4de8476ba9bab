#!/usr/bin/env bash
# Browser end-to-end suite: serves the built SPA (frontend/dist) from the real API with demo
# data on a free loopback port, then drives headless Chromium through every page
# (frontend/e2e/run.mjs), which writes a screenshot per page to frontend/e2e/screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

die() { printf 'e2e: error: %s\n' "$*" >&2; exit 1; }
[[ -f frontend/dist/index.html ]] || die "frontend/dist is not built (npm run build in frontend/)"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing (apt-get install -y chromium; .ci/run does it)"

if [[ -z ${GMD_BIN:-} ]]; then
    cargo build -q -p gmd-api --bin gmd
    GMD_BIN=${CARGO_TARGET_DIR:-target}/debug/gmd
fi
# Two free loopback ports, held together while chosen so that they differ: the API's, and
# the SMTP sink's that the browser suite runs (frontend/e2e/smtpSink.mjs) and the API's
# mail worker delivers to.
read -r PORT SMTP_PORT < <(python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
DATA=$(mktemp -d "${TMPDIR:-/tmp}/gmd-e2e.XXXXXX")
LOG=$DATA/server.log
SERVER_PID=""
cleanup() {
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$DATA"
}
trap cleanup EXIT

# WEBHOOK_ALLOWED_HOSTS: the webhook journey delivers to a receiver of its own on `localhost`;
# `127.0.0.1` stays refused, which the journey that checks the refusal relies on.
# SMTP_URL, PUBLIC_URL, MAIL_POLL_MS: mails go to the suite's SMTP sink at once, with links
# to this server, so that the invitation and password reset journeys can follow them.
DEMO_DATA=true DATA_DIR="$DATA" BIND="127.0.0.1:$PORT" FRONTEND_DIR=frontend/dist RUST_LOG=warn RATE_LIMIT_PER_MINUTE=0 \
    WEBHOOK_ALLOWED_HOSTS=localhost \
    SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" PUBLIC_URL="http://127.0.0.1:$PORT" MAIL_POLL_MS=100 \
    "$GMD_BIN" serve >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$LOG" >&2; die "the server exited"; }
    sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" || { tail -n 30 "$LOG" >&2; die "the SPA is not served at /"; }

(cd frontend && E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_SMTP_PORT="$SMTP_PORT" npm run --silent e2e) || {
    tail -n 30 "$LOG" >&2
    die "the browser suite failed"
}
echo "e2e: passed (screenshots in frontend/e2e/screenshots/)"
