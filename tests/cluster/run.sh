#!/usr/bin/env bash
# Cluster test: 3 gmd replicas behind Debian's haproxy (`retries 0`), and again through
# PgBouncer in transaction pooling mode, on one PostgreSQL; a steady client checks rolling
# restarts, kill -9, webhooks over restarts, write-then-read, throttles and health behind the
# proxy, metrics, and replicas starting together on an empty database (tests/cluster/cluster.py).
#
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash tests/cluster/run.sh
#
# Needs TEST_DATABASE_URL (a user that may create databases; each run creates its own and
# drops them). Installs haproxy and pgbouncer with apt-get when they are missing. Uses
# GMD_BIN, or builds the debug binary. CLUSTER_WRITE_RESULTS=1 writes tests/cluster/RESULTS.md;
# the other knobs are described at the top of cluster.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

die() { printf 'cluster: error: %s\n' "$*" >&2; exit 1; }

[[ -n ${TEST_DATABASE_URL:-} ]] || die "TEST_DATABASE_URL is not set (a PostgreSQL URL)"
[[ $TEST_DATABASE_URL == postgres://* || $TEST_DATABASE_URL == postgresql://* ]] ||
    die "TEST_DATABASE_URL must be a PostgreSQL URL"
command -v python3 >/dev/null 2>&1 || die "python3 is required"

# haproxy and pgbouncer live in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing ${missing[*]}: apt-get install -y ${missing[*]} (as root)"
    printf 'cluster: apt-get install %s\n' "${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Only the programs: the test runs them in the foreground, never as system services.
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts the packaged services on install; this test needs none of them.
    for service in haproxy pgbouncer; do
        if [[ " ${missing[*]} " == *" $service "* ]] && command -v service >/dev/null 2>&1; then
            service "$service" stop >/dev/null 2>&1 || true
        fi
    done
fi

if [[ -z ${GMD_BIN:-} ]]; then
    cargo build -q -p gmd-api --bin gmd
    GMD_BIN=${CARGO_TARGET_DIR:-target}/debug/gmd
fi
[[ -x $GMD_BIN ]] || die "no gmd binary at $GMD_BIN"
GMD_BIN=$(realpath "$GMD_BIN")
export GMD_BIN

# One name per run, like the contract suite's; cluster.py adds suffixes for its other
# databases and drops every one it made. This trap is the net under it.
export CLUSTER_DB=gmd_cluster_$$
drop_leftovers() {
    psql "$TEST_DATABASE_URL" -qAtX -c \
        "SELECT datname FROM pg_database WHERE datname LIKE '${CLUSTER_DB}%'" 2>/dev/null |
        while read -r db; do
            psql "$TEST_DATABASE_URL" -qX -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" \
                >/dev/null 2>&1 || true
        done
}
trap drop_leftovers EXIT

python3 tests/cluster/cluster.py
