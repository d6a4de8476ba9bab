#!/usr/bin/env bash
# Makes sure the pinned schemathesis is installed in its venv outside the clone and prints
# the venv's bin/ directory. Used by .ci/run and by the contract suite, so `cargo xtask test`
# installs it on a fresh machine too. Safe to run again: skipped when already installed.
set -euo pipefail

readonly SCHEMATHESIS_VERSION=4.32.5
readonly VENV=${GMD_VENV:-$HOME/.cache/gmd-venv}

if ! "$VENV/bin/st" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ||
        { echo "schemathesis-venv: python3-venv is missing (apt-get install python3-venv)" >&2; exit 1; }
    echo "schemathesis-venv: installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi
printf '%s\n' "$VENV/bin"
