#!/usr/bin/env bash
# Load benchmark of the gmd API (see tests/load/README.md). For each backend (SQLite; and
# PostgreSQL when reachable) it starts the release server with demo data, brings event
# harbin-2026 to 1,000 delegates through the API, then measures with wrk on loopback:
#   GET /health/live                                       (the baseline)
#   GET /api/v1/events/harbin-2026/delegates?per_page=100  (with an admin bearer token)
# and the server's peak RSS (VmHWM) once it has served at least 100,000 requests.
# It prints the figures beside their targets and writes them to tests/load/RESULTS.md.
#
# Tunables: BENCH_DURATION (wrk -d, default 15s), BENCH_CONNECTIONS (default 32),
# BENCH_THREADS (default 2), BENCH_PG_URL (default $TEST_DATABASE_URL, else
# postgres://postgres@127.0.0.1:5432/postgres), BENCH_BACKENDS ("sqlite postgres"),
# GMD_BIN (use this binary instead of building the release one).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
readonly DURATION=${BENCH_DURATION:-15s}
readonly CONNECTIONS=${BENCH_CONNECTIONS:-32}
readonly THREADS=${BENCH_THREADS:-2}
readonly PG_URL=${BENCH_PG_URL:-${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
readonly BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
readonly EVENT=harbin-2026
readonly DELEGATES=1000
readonly MIN_REQUESTS=100000
readonly JWT=bench-jwt-secret-0123456789abcdefghijklmnopqrstuv # 48 characters
readonly RESULTS=tests/load/RESULTS.md
# Targets: delegates/live ratio per backend, p99 in ms, peak RSS in MiB.
declare -A TARGET_RATIO=([sqlite]=0.35 [postgres]=0.25)
readonly TARGET_P99_MS=25
readonly TARGET_RSS_MIB=80

say() { printf '\n--- bench: %s\n' "$*"; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required (apt-get install -y wrk curl python3)"
done

if [[ -n ${GMD_BIN:-} ]]; then
    BIN=$GMD_BIN
else
    say "building gmd (release)"
    cargo build --release -p gmd-api --bin gmd
    BIN=${CARGO_TARGET_DIR:-target}/release/gmd
fi
[[ -x $BIN ]] || die "no gmd binary at $BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gmd-bench.XXXXXX")
SERVER_PID=""
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
        psql "$PG_URL" -qX -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null ||
            echo "bench: warning: could not drop database $PG_DB" >&2
        PG_DB=""
    fi
}
cleanup() {
    stop_server
    drop_database
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# $1: postgres URL; prints it with the database replaced by $2.
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

# json FIELD-EXPRESSION: evaluates a Python expression over the JSON document `d` on stdin.
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# wrk_run NAME URL [curl-style header]: runs wrk, leaves its output in $WORK/NAME.txt.
wrk_run() {
    local name=$1 url=$2 out=$WORK/$1.txt
    shift 2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$out"
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
        cat "$out" >&2
        die "$name: some responses were not 2xx/3xx; the figures would be meaningless"
    fi
}
# Figures from a wrk output: rps, p50 and p99 in ms, number of requests.
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/$1.txt"; }
requests() { awk '/ requests in / { print $1 }' "$WORK/$1.txt"; }
percentile() {
    awk -v p="$2%" '$1 == p {
        v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.2f", v
    }' "$WORK/$1.txt"
}
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
    ok = (op == ">=") ? (a + 0 >= b + 0) : (a + 0 < b + 0); print (ok ? "ok" : "MISS") }'; }

ROWS=()
PROGRAMME_ROWS=()
readonly SESSIONS=300
declare -A TARGET_SESSIONS_RATIO=([sqlite]=0.30 [postgres]=0.20)

# post_many URL AUTH < bodies: POSTs one JSON body per input line, 16 at a time, and
# prints the status codes.
post_many() {
    # shellcheck disable=SC2016 # $0 and $1 expand in the inner shell.
    xargs -P 16 -d '\n' -n 1 sh -c 'curl -sS -o /dev/null -w "%{http_code}\n" -X POST "$0" \
        -H "$1" -H "Content-Type: application/json" -d "$2"' "$1" "$2"
}

# bench_programme BACKEND BASE AUTH: issue 3's figures on the running server: the session
# list with $SESSIONS sessions and their speakers, program.ics, and 1,000 registrations.
bench_programme() {
    local backend=$1 base=$2 auth=$3 events=$2/api/v1/events/$EVENT room have need codes
    room=$(curl -fsS "$events/rooms?per_page=1" | json 'd["items"][0]["id"]')
    have=$(curl -fsS -H "$auth" "$events/sessions?per_page=1" | json 'd["total"]')
    need=$((SESSIONS - have))
    say "$backend: creating $need sessions with speakers to reach $SESSIONS"
    python3 - "$need" "$room" >"$WORK/sessions.jsonl" <<'PY'
import json, sys
need, room = int(sys.argv[1]), int(sys.argv[2])
for n in range(need):
    day, slot = 6 + n % 3, n // 3 % 10
    print(json.dumps({
        "title": {"en": f"Bench session {n}", "zh": f"测试场次 {n}"}, "kind": "thematic_session",
        "starts_at": f"2026-01-0{day}T{slot:02d}:00:00+08:00", "ends_at": f"2026-01-0{day}T{slot:02d}:45:00+08:00",
        "room_id": room, "languages": ["zh", "en"], "interpretation": ["en"], "status": "published",
        "speakers": [{"delegate_id": 1 + (n * 7 + k) % 30, "role": "speaker"} for k in range(2)],
    }))
PY
    codes=$(post_many "$events/sessions" "$auth" <"$WORK/sessions.jsonl" | sort | uniq -c)
    grep -qv ' 201$' <<<"$codes" && die "$backend: session creation answered: $codes"
    wrk_run "$backend-live2" "$base/health/live"
    wrk_run "$backend-sessions" "$events/sessions?per_page=100"
    wrk_run "$backend-ics" "$events/program.ics"
    local live sessions_rps ics_rps ratio ics_ratio
    live=$(rps "$backend-live2")
    sessions_rps=$(rps "$backend-sessions")
    ics_rps=$(rps "$backend-ics")
    ratio=$(awk -v a="$sessions_rps" -v b="$live" 'BEGIN { printf "%.3f", a / b }')
    ics_ratio=$(awk -v a="$ics_rps" -v b="$live" 'BEGIN { printf "%.3f", a / b }')

    # 1,000 registrations: accredit 1,000 delegates (register + accredit), then register
    # them all, 16 at a time, for one session with 500 places.
    say "$backend: accrediting delegates for the registration burst"
    curl -fsS -H "$auth" "$events/delegates?accreditation_status=invited&per_page=100&page=1" >/dev/null
    python3 - "$base" "$EVENT" "${auth#Authorization: Bearer }" >"$WORK/accredit.txt" <<'PY'
import json, sys, urllib.request, concurrent.futures
base, event, token = sys.argv[1:4]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
def eligible_ids():
    found = []
    for status in ("registered", "accredited", "checked_in"):
        page = 1
        while True:
            d = call("GET", f"/api/v1/events/{event}/delegates?accreditation_status={status}&per_page=100&page={page}")
            found += [i["id"] for i in d["items"]]
            if page * 100 >= d["total"]: break
            page += 1
    return found
# Declined and cancelled demo delegates cannot register: add delegates until 1,000 can.
missing = 1000 - len(eligible_ids()) - call("GET", f"/api/v1/events/{event}/delegates?accreditation_status=invited&per_page=1")["total"]
delegation = call("GET", f"/api/v1/events/{event}/delegations?per_page=1")["items"][0]["id"]
for n in range(max(missing, 0)):
    call("POST", f"/api/v1/events/{event}/delegates", {"given_name": "Burst", "family_name": f"Delegate {n}", "role": "staff", "delegation_id": delegation})
ids, page = [], 1
while True:
    d = call("GET", f"/api/v1/events/{event}/delegates?accreditation_status=invited&per_page=100&page={page}")
    ids += [i["id"] for i in d["items"]]
    if page * 100 >= d["total"]: break
    page += 1
def accredit(i):
    for action in ("register", "accredit"):
        call("POST", f"/api/v1/events/{event}/delegates/{i}/accreditation/{action}")
with concurrent.futures.ThreadPoolExecutor(16) as pool: list(pool.map(accredit, ids))
eligible = eligible_ids()
print("\n".join(json.dumps({"delegate_id": i}) for i in eligible[:1000]))
PY
    local session took confirmed waitlisted count
    count=$(wc -l <"$WORK/accredit.txt")
    ((count == 1000)) || die "$backend: only $count eligible delegates for the burst"
    session=$(curl -fsS -X POST -H "$auth" -H 'Content-Type: application/json' "$events/sessions" -d \
        "{\"title\":{\"en\":\"Burst\"},\"kind\":\"site_visit\",\"starts_at\":\"2026-01-08T20:00:00+08:00\",\"ends_at\":\"2026-01-08T23:00:00+08:00\",\"venue_id\":$(curl -fsS "$events/venues?per_page=1" | json 'd["items"][0]["id"]'),\"capacity\":500,\"status\":\"published\"}" | json 'd["id"]')
    local started ended
    started=$(date +%s.%N)
    codes=$(post_many "$events/sessions/$session/registrations" "$auth" <"$WORK/accredit.txt" | sort | uniq -c)
    ended=$(date +%s.%N)
    grep -qv ' 201$' <<<"$codes" && die "$backend: registrations answered: $codes"
    took=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
    read -r confirmed waitlisted < <(curl -fsS "$events/sessions/$session" | json '"%d %d" % (d["confirmed"], d["waitlisted"])')
    ((confirmed == 500 && waitlisted == 500)) || die "$backend: burst ended with $confirmed confirmed, $waitlisted waitlisted"
    local target=${TARGET_SESSIONS_RATIO[$backend]}
    printf '\n%s programme results:\n  sessions (100 of %s) %s req/s, p99 %s ms, ratio %s (target >= %s: %s)\n  program.ics %s req/s (ratio %s)\n  1,000 registrations (16 parallel): %s s, 500 confirmed + 500 waitlisted\n' \
        "$backend" "$SESSIONS" "$sessions_rps" "$(percentile "$backend-sessions" 99)" "$ratio" "$target" "$(verdict "$ratio" '>=' "$target")" \
        "$ics_rps" "$ics_ratio" "$took"
    PROGRAMME_ROWS+=("| $backend | $live | $sessions_rps | $(percentile "$backend-sessions" 50) / $(percentile "$backend-sessions" 99) ($(verdict "$(percentile "$backend-sessions" 99)" '<' "$TARGET_P99_MS")) | $ratio (≥ $target: $(verdict "$ratio" '>=' "$target")) | $ics_rps | $ics_ratio | $took s |")
}

bench_backend() {
    local backend=$1 database_url=$2 port base log auth total delegation need failed
    local live_rps live_p50 live_p99 del_rps del_p50 del_p99 ratio served rss_kb rss
    port=$(free_port)
    base=http://127.0.0.1:$port
    log=$WORK/$backend.log
    mkdir -p "$WORK/$backend-data"

    say "$backend: starting gmd on $base"
    env DATABASE_URL="$database_url" DATA_DIR="$WORK/$backend-data" BIND="127.0.0.1:$port" \
        DEMO_DATA=true JWT_SECRET="$JWT" RUST_LOG=warn RATE_LIMIT_PER_MINUTE=0 \
        "$BIN" serve >"$log" 2>&1 &
    SERVER_PID=$!
    local waited=0
    until curl -fsS -o /dev/null "$base/health/ready" 2>/dev/null; do
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$log" >&2; die "$backend: server exited"; }
        ((waited < 120)) || { tail -n 40 "$log" >&2; die "$backend: not ready within 60 s"; }
        sleep 0.5
        waited=$((waited + 1))
    done

    auth="Authorization: Bearer $(curl -fsS -X POST "$base/api/v1/auth/login" \
        -H 'Content-Type: application/json' \
        -d '{"email":"admin@gmd.example","password":"admin-demo-2026"}' | json 'd["access_token"]')"
    [[ $auth != "Authorization: Bearer " ]] || die "$backend: login as the demo admin failed"

    local list=$base/api/v1/events/$EVENT/delegates
    total=$(curl -fsS -H "$auth" "$list?per_page=1" | json 'd["total"]')
    need=$((DELEGATES - total))
    if ((need > 0)); then
        delegation=$(curl -fsS -H "$auth" "$base/api/v1/events/$EVENT/delegations?per_page=1" |
            json 'd["items"][0]["id"]')
        say "$backend: creating $need delegates (delegation $delegation) to reach $DELEGATES"
        # shellcheck disable=SC2016 # $0 and $1 expand in the inner shell.
        seq "$((total + 1))" "$DELEGATES" |
            xargs -P 8 -n 1 sh -c 'curl -sS -o /dev/null -w "%{http_code}\n" -X POST "$0" \
                -H "$1" -H "Content-Type: application/json" \
                -d "{\"given_name\":\"Bench\",\"family_name\":\"Delegate $3\",\"role\":\"official\",\"delegation_id\":$2}"' \
                "$list" "$auth" "$delegation" >"$WORK/$backend-created.txt"
        failed=$(grep -cv '^201$' "$WORK/$backend-created.txt" || true)
        ((failed == 0)) || {
            sort "$WORK/$backend-created.txt" | uniq -c >&2
            die "$backend: $failed delegate creations did not answer 201"
        }
        total=$(curl -fsS -H "$auth" "$list?per_page=1" | json 'd["total"]')
    fi
    ((total >= DELEGATES)) || die "$backend: only $total delegates after seeding"
    local items
    items=$(curl -fsS -H "$auth" "$list?per_page=100" | json 'len(d["items"])')
    ((items == 100)) || die "$backend: the delegates page has $items items, expected 100"
    say "$backend: $total delegates; measuring ($THREADS threads, $CONNECTIONS connections, $DURATION each)"

    wrk_run "$backend-live" "$base/health/live"
    wrk_run "$backend-delegates" "$list?per_page=100" -H "$auth"
    served=$(($(requests "$backend-live") + $(requests "$backend-delegates")))
    local round=0
    while ((served < MIN_REQUESTS && round < 5)); do
        round=$((round + 1))
        wrk_run "$backend-extra" "$list?per_page=100" -H "$auth"
        served=$((served + $(requests "$backend-extra")))
    done
    ((served >= MIN_REQUESTS)) || echo "bench: warning: only $served requests served (5 extra rounds); RSS is read anyway" >&2
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$log" >&2; die "$backend: the server died under load"; }
    rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
    bench_programme "$backend" "$base" "$auth"
    stop_server

    live_rps=$(rps "$backend-live")
    live_p50=$(percentile "$backend-live" 50)
    live_p99=$(percentile "$backend-live" 99)
    del_rps=$(rps "$backend-delegates")
    del_p50=$(percentile "$backend-delegates" 50)
    del_p99=$(percentile "$backend-delegates" 99)
    ratio=$(awk -v a="$del_rps" -v b="$live_rps" 'BEGIN { printf "%.3f", a / b }')
    rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
    local target=${TARGET_RATIO[$backend]}

    printf '\n%s results:\n' "$backend"
    printf '  %-22s %8s req/s   p50 %7s ms   p99 %7s ms (target < %s: %s)\n' \
        "GET /health/live" "$live_rps" "$live_p50" "$live_p99" "$TARGET_P99_MS" "$(verdict "$live_p99" '<' "$TARGET_P99_MS")"
    printf '  %-22s %8s req/s   p50 %7s ms   p99 %7s ms (target < %s: %s)\n' \
        "GET delegates (100)" "$del_rps" "$del_p50" "$del_p99" "$TARGET_P99_MS" "$(verdict "$del_p99" '<' "$TARGET_P99_MS")"
    printf '  ratio delegates/live  %s (target >= %s: %s)\n' "$ratio" "$target" "$(verdict "$ratio" '>=' "$target")"
    printf '  peak RSS              %s MiB after %s requests (target < %s MiB: %s)\n' \
        "$rss" "$served" "$TARGET_RSS_MIB" "$(verdict "$rss" '<' "$TARGET_RSS_MIB")"

    ROWS+=("| $backend | $live_rps | $live_p50 / $live_p99 ($(verdict "$live_p99" '<' "$TARGET_P99_MS")) | $del_rps | $del_p50 / $del_p99 ($(verdict "$del_p99" '<' "$TARGET_P99_MS")) | $ratio (≥ $target: $(verdict "$ratio" '>=' "$target")) | $rss ($(verdict "$rss" '<' "$TARGET_RSS_MIB")) | $served |")
}

for backend in $BACKENDS; do
    case $backend in
    sqlite)
        bench_backend sqlite "sqlite://$WORK/sqlite-data/gmd.sqlite3"
        ;;
    postgres)
        if ! command -v psql >/dev/null 2>&1 || ! psql "$PG_URL" -qXtc 'SELECT 1' >/dev/null 2>&1; then
            say "postgres: not reachable at $PG_URL (or no psql); skipped"
            continue
        fi
        PG_DB=gmd_bench_$$
        psql "$PG_URL" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$PG_DB\"" >/dev/null
        bench_backend postgres "$(with_database "$PG_URL" "$PG_DB")"
        drop_database
        ;;
    *) die "unknown backend $backend (BENCH_BACKENDS takes sqlite and postgres)" ;;
    esac
done

((${#ROWS[@]})) || die "no backend was measured"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
{
    echo "# Load benchmark results"
    echo
    echo "Written by \`cargo xtask bench\` (tests/load/bench.sh); see README.md for the method."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores${cpu:+ ($cpu)}, $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; wrk on the same machine"
    echo "- Commit: $commit"
    echo "- Load: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` per endpoint, loopback, release build, $DELEGATES delegates in $EVENT"
    echo "- Targets: delegates/live ratio ≥ ${TARGET_RATIO[sqlite]} on SQLite and ≥ ${TARGET_RATIO[postgres]} on PostgreSQL; p99 < $TARGET_P99_MS ms; peak RSS < $TARGET_RSS_MIB MiB"
    echo
    echo "| backend | /health/live req/s | live p50 / p99 ms | delegates req/s | delegates p50 / p99 ms | ratio | peak RSS MiB | requests served |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "## The programme (issue 3)"
    echo
    echo "$SESSIONS published sessions with two speakers each; the session list and program.ics need no sign-in."
    echo "The registration burst: 1,000 accredited delegates register for one session of 500 places, 16 requests at a time."
    echo "Targets: sessions/live ratio ≥ ${TARGET_SESSIONS_RATIO[sqlite]} on SQLite and ≥ ${TARGET_SESSIONS_RATIO[postgres]} on PostgreSQL; p99 < $TARGET_P99_MS ms."
    echo
    echo "| backend | /health/live req/s | sessions req/s | sessions p50 / p99 ms | ratio | program.ics req/s | ics ratio | 1,000 registrations |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${PROGRAMME_ROWS[@]}"
    echo
    echo "Absolute figures vary with the shared machine; compare the ratio, measured in one run."
} >"$RESULTS"
say "wrote $RESULTS"
