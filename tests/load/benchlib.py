"""What the Python load benchmarks share: settings, the release binary, databases, the
server's life, wrk runs and their figures. See tests/load/README.md."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
THREADS = os.environ.get("BENCH_THREADS", "2")
BACKENDS = os.environ.get("BENCH_BACKENDS", "sqlite postgres").split()
PG_URL = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL") or \
    "postgres://postgres@127.0.0.1:5432/postgres"
JWT_SECRET = "bench-jwt-secret-0123456789abcdefghijklmnopqrstuv"


def say(name, message):
    print(f"\n--- {name} bench: {message}", flush=True)


def die(name, message):
    sys.exit(f"{name} bench: error: {message}")


def release_binary(name):
    """GMD_BIN, or the release build of gmd."""
    if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode:
        die(name, "wrk is required (apt-get install -y wrk)")
    binary = os.environ.get("GMD_BIN")
    if not binary:
        say(name, "building gmd (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "gmd-api", "--bin", "gmd"], cwd=ROOT, check=True)
        binary = str(ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "release/gmd")
    return binary


def postgres_reachable():
    try:
        subprocess.run(["psql", PG_URL, "-qXtc", "SELECT 1"], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def backends(name):
    """The backends to measure: SQLite, and PostgreSQL when it answers."""
    for backend in BACKENDS:
        if backend == "postgres" and not postgres_reachable():
            say(name, f"postgres: not reachable at {PG_URL}; skipped")
            continue
        yield backend


@contextmanager
def database(backend, data_dir, label):
    """A fresh database URL for `backend`; a PostgreSQL database is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite://{data_dir}/gmd.sqlite3"
        return
    name = f"gmd_bench_{label}_{os.getpid()}"
    subprocess.run(["psql", PG_URL, "-qX", "-c", f'CREATE DATABASE "{name}"'], check=True)
    base, _, query = PG_URL.partition("?")
    scheme, _, rest = base.partition("://")
    try:
        yield f"{scheme}://{rest.split('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    finally:
        subprocess.run(["psql", PG_URL, "-qX", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                       check=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None, token=None):
    """One JSON request; returns (status, parsed body or None, milliseconds)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    took = (time.perf_counter() - started) * 1000
    try:
        parsed = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        parsed = None
    return status, parsed, took


def gmd_env(database_url, data_dir, **settings):
    """The environment gmd runs with in a benchmark (rate limits off: the load is ours)."""
    return dict(os.environ, DATABASE_URL=database_url, DATA_DIR=str(data_dir), JWT_SECRET=JWT_SECRET,
                RUST_LOG="warn", RATE_LIMIT_PER_MINUTE="0", RATE_LIMIT_TOKEN_PER_MINUTE="0", **settings)


def migrate(binary, database_url, data_dir):
    subprocess.run([binary, "migrate"], env=gmd_env(database_url, data_dir), check=True,
                   stdout=subprocess.DEVNULL)


@contextmanager
def server(name, binary, database_url, data_dir, log_path, demo, **settings):
    """Runs `gmd serve` on a free loopback port until the block ends; yields its base URL.
    `settings` are further environment settings (WEBHOOK_POLL_MS="50", say)."""
    port = free_port()
    env = gmd_env(database_url, data_dir, BIND=f"127.0.0.1:{port}", DEMO_DATA="true" if demo else "false",
                  **settings)
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=log)
        try:
            for _ in range(480):
                try:
                    if call("GET", f"{base}/health/ready")[0] == 200:
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                if process.poll() is not None:
                    die(name, f"the server exited; see {log_path}")
                time.sleep(0.25)
            else:
                die(name, f"the server was not ready within 2 minutes; see {log_path}")
            yield base
        finally:
            process.terminate()
            process.wait()


def wrk(name, url, out, token=None, headers=()):
    """Runs wrk against `url`; returns (req/s, p50 ms, p99 ms). Any non-2xx/3xx aborts."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    Path(out).write_text(result)
    if "Non-2xx or 3xx responses" in result:
        die(name, f"{url}: some responses were not 2xx/3xx:\n{result}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))

    def percentile(p):
        value = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)$", result, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number

    return rps, percentile(50), percentile(99)


def latencies(name, urls):
    """Requests each URL once, one after another; returns (p50, p99) in ms. Distinct URLs
    miss the response cache, so this times the work behind a cached answer."""
    times = []
    for url in urls:
        status, body, took = call("GET", url)
        if status not in (200, 404):
            die(name, f"{url} answered {status}: {body}")
        times.append(took)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def verdict(ok):
    return "ok" if ok else "MISS"


def write_results(path, title, script, lines, load=None):
    """Writes a results page: the run's facts (`load` says how the server was loaded; wrk
    by default), then `lines` (the tables)."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "uncommitted"
    Path(path).write_text("\n".join([
        f"# {title}",
        "",
        f"Written by `{script}` (run by `cargo xtask bench`); see README.md for the method.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {os.cpu_count()} cores; wrk on the same machine",
        f"- Commit: {commit}",
        "- Load: " + (load or f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} --latency` per endpoint, loopback, "
                      "release build"),
        *lines,
        "",
        "Absolute figures vary with the shared machine; compare the ratios, measured in one run.",
        "",
    ]))
