#!/usr/bin/env python3
"""Load benchmark of the partnership network (issue 4); see tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) and each size of a generated network
(1,000, 10,000 and 50,000 partnerships among cities of all 249 ISO countries, ten
partnerships per city on average, 70 % of them active), it:

1. creates a fresh database, migrates it with `gmd migrate`, and bulk-loads the network
   (Python's sqlite3 for SQLite, `psql \\copy` for PostgreSQL);
2. starts the release server and times the first request (it loads the graph into memory);
3. measures with wrk on loopback, in the same run:
   - GET /health/live                                   (the baseline)
   - GET /api/v1/partnerships/network?country=<CC>      (one country's cities and partners)
   - GET /api/v1/partnerships/path?from=<A>&to=<B>      (two cities far apart: the ends of a
     double-sweep breadth-first search over active partnerships)
4. writes the figures, as ratios against /health/live, to tests/load/RESULTS-partnerships.md.

Usage: python3 tests/load/partnerships.py   (cargo xtask bench runs it after bench.sh)
Tunables: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
BENCH_BACKENDS ("sqlite postgres"), BENCH_PG_URL (else TEST_DATABASE_URL, else the local
server), BENCH_SIZES ("1000 10000 50000"), GMD_BIN (skip the release build).
"""

import collections
import csv
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests/load/RESULTS-partnerships.md"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "32")
THREADS = os.environ.get("BENCH_THREADS", "2")
BACKENDS = os.environ.get("BENCH_BACKENDS", "sqlite postgres").split()
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000 50000").split()]
PG_URL = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL") or \
    "postgres://postgres@127.0.0.1:5432/postgres"
TARGET_P99_MS = 50.0
KINDS = ["sister_city", "friendship_city", "cooperation_agreement"]
STATUSES = ["active"] * 7 + ["signed", "proposed", "suspended"]
FIELDS = ["ice_snow_economy", "tourism", "culture", "trade", "education", "technology",
          "sports", "environment", "governance"]
STAMP = "2026-01-01 00:00:00"


def say(message):
    print(f"\n--- partnerships bench: {message}", flush=True)


def die(message):
    sys.exit(f"partnerships bench: error: {message}")


def countries():
    """The ISO codes the API accepts, from its own list."""
    return re.findall(r'"([A-Z]{2})"', (ROOT / "api/src/values/country.rs").read_text())


def generate(edges, seed=20260601):
    """Cities (id, country, lat, lon) and partnerships (a, b, kind, status, on, fields)."""
    rng = random.Random(seed)
    codes = countries()
    n_cities = max(edges // 5, 10)
    cities = [(i + 1, codes[i % len(codes)], rng.uniform(-60, 70), rng.uniform(-180, 180))
              for i in range(n_cities)]
    seen, pairs = set(), []
    while len(pairs) < edges:
        a, b = rng.randrange(1, n_cities + 1), rng.randrange(1, n_cities + 1)
        kind = rng.choice(KINDS)
        key = (min(a, b), max(a, b), kind)
        if a == b or key in seen:
            continue
        seen.add(key)
        status = rng.choice(STATUSES)
        on = None if status == "proposed" else f"{rng.randint(1960, 2025)}-{rng.randint(1, 12):02d}-01"
        pairs.append((a, b, kind, status, on, json.dumps(rng.sample(FIELDS, rng.randint(1, 3)))))
    return cities, pairs


def farthest(pairs, start):
    """Breadth-first search over active partnerships: the farthest city and its distance."""
    graph = collections.defaultdict(list)
    for a, b, _, status, _, _ in pairs:
        if status == "active":
            graph[a].append(b)
            graph[b].append(a)
    dist, queue = {start: 0}, collections.deque([start])
    while queue:
        city = queue.popleft()
        for nxt in graph[city]:
            if nxt not in dist:
                dist[nxt] = dist[city] + 1
                queue.append(nxt)
    end = max(dist, key=lambda c: (dist[c], -c))
    return end, dist[end]


def city_rows(cities):
    for cid, country, lat, lon in cities:
        name = json.dumps({"en": f"City {cid}"})
        yield (cid, name, f"city {cid}", country, lat, lon, "UTC", STAMP, STAMP, 1)


def partnership_rows(pairs):
    for a, b, kind, status, on, fields in pairs:
        yield (a, b, min(a, b), max(a, b), kind, status, on, fields, False, STAMP, STAMP, 1)


CITY_COLUMNS = "id, name, search_text, country, latitude, longitude, time_zone, created_at, updated_at, version"
PARTNERSHIP_COLUMNS = ("city_a_id, city_b_id, pair_low_id, pair_high_id, kind, status, established_on, "
                       "fields, illustrative, created_at, updated_at, version")


def load_sqlite(path, cities, pairs):
    db = sqlite3.connect(path)
    db.executemany(f"INSERT INTO cities ({CITY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", city_rows(cities))
    db.executemany(f"INSERT INTO partnerships ({PARTNERSHIP_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   partnership_rows(pairs))
    db.commit()
    db.close()


def load_postgres(url, work, cities, pairs):
    for table, columns, rows in (("cities", CITY_COLUMNS, city_rows(cities)),
                                 ("partnerships", PARTNERSHIP_COLUMNS, partnership_rows(pairs))):
        csv_path = work / f"{table}.csv"
        with open(csv_path, "w", newline="") as out:
            writer = csv.writer(out)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
        subprocess.run(["psql", url, "-qX", "-v", "ON_ERROR_STOP=1", "-c",
                        f"\\copy {table} ({columns}) FROM '{csv_path}' WITH (FORMAT csv, NULL '')"],
                       check=True)
    subprocess.run(["psql", url, "-qX", "-v", "ON_ERROR_STOP=1", "-c",
                    "SELECT setval('cities_id_seq', (SELECT max(id) FROM cities))"],
                   check=True, stdout=subprocess.DEVNULL)


def with_database(url, name):
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}" + (f"?{query}" if query else "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as reply:
        body = reply.read()
    return json.loads(body), (time.perf_counter() - started) * 1000


def wrk(url, out):
    result = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
                            check=True, capture_output=True, text=True).stdout
    out.write_text(result)
    if "Non-2xx or 3xx responses" in result:
        die(f"{url}: some responses were not 2xx/3xx:\n{result}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))

    def percentile(p):
        value = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)$", result, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number

    return rps, percentile(50), percentile(99)


def measure(binary, backend, url, data_dir, work, edges, cities, pairs):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL=url, DATA_DIR=str(data_dir), BIND=f"127.0.0.1:{port}",
               DEMO_DATA="false", JWT_SECRET="bench-jwt-secret-0123456789abcdefghijklmnopqrstuv",
               RUST_LOG="warn", RATE_LIMIT_PER_MINUTE="0")
    log = open(work / f"{backend}-{edges}.log", "w")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=log)
    try:
        for _ in range(240):
            try:
                get(f"{base}/health/ready")
                break
            except (urllib.error.URLError, ConnectionError, json.JSONDecodeError):
                if server.poll() is not None:
                    die(f"{backend}: the server exited; see {log.name}")
                time.sleep(0.25)
        country = cities[0][1]
        start, _ = farthest(pairs, pairs[0][0])
        end, hops = farthest(pairs, start)
        network_url = f"{base}/api/v1/partnerships/network?country={country}"
        path_url = f"{base}/api/v1/partnerships/path?from={start}&to={end}"
        network, first_ms = get(network_url)
        path, _ = get(path_url)
        if path["hops"] != hops:
            die(f"{backend}: the API's path has {path['hops']} hops, the benchmark's BFS {hops}")
        results = {"edges": edges, "cities": len(cities), "first_ms": first_ms,
                   "network_edges": len(network["edges"]), "hops": hops}
        for name, target in (("live", f"{base}/health/live"), ("network", network_url), ("path", path_url)):
            results[name] = wrk(target, work / f"{backend}-{edges}-{name}.txt")
        return results
    finally:
        server.terminate()
        server.wait()
        log.close()


def bench(binary, backend, work):
    rows = []
    for edges in SIZES:
        cities, pairs = generate(edges)
        say(f"{backend}: {len(cities)} cities, {edges} partnerships")
        data_dir = work / f"{backend}-{edges}"
        data_dir.mkdir()
        if backend == "sqlite":
            url = f"sqlite://{data_dir}/gmd.sqlite3"
        else:
            name = f"gmd_bench_partnerships_{os.getpid()}_{edges}"
            subprocess.run(["psql", PG_URL, "-qX", "-c", f'CREATE DATABASE "{name}"'], check=True)
            url = with_database(PG_URL, name)
        try:
            subprocess.run([binary, "migrate"], env=dict(os.environ, DATABASE_URL=url, DATA_DIR=str(data_dir)),
                           check=True, stdout=subprocess.DEVNULL)
            if backend == "sqlite":
                load_sqlite(f"{data_dir}/gmd.sqlite3", cities, pairs)
            else:
                load_postgres(url, work, cities, pairs)
            rows.append(measure(binary, backend, url, data_dir, work, edges, cities, pairs))
        finally:
            if backend == "postgres":
                subprocess.run(["psql", PG_URL, "-qX", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
                               check=False)
        r = rows[-1]
        for name in ("network", "path"):
            rps, p50, p99 = r[name]
            print(f"  {name:8} {rps:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
                  f"ratio {rps / r['live'][0]:.3f}  (p99 < {TARGET_P99_MS:.0f} ms: {verdict(p99)})")
    return rows


def verdict(p99):
    return "ok" if p99 < TARGET_P99_MS else "MISS"


def postgres_reachable():
    try:
        subprocess.run(["psql", PG_URL, "-qXtc", "SELECT 1"], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def main():
    for tool in ("wrk",):
        if subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True).returncode:
            die(f"{tool} is required (apt-get install -y {tool})")
    binary = os.environ.get("GMD_BIN")
    if not binary:
        say("building gmd (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "gmd-api", "--bin", "gmd"], cwd=ROOT, check=True)
        binary = str(ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "release/gmd")
    table = []
    with tempfile.TemporaryDirectory(prefix="gmd-bench-partnerships.") as tmp:
        for backend in BACKENDS:
            if backend == "postgres" and not postgres_reachable():
                say(f"postgres: not reachable at {PG_URL}; skipped")
                continue
            for r in bench(binary, backend, Path(tmp)):
                live = r["live"][0]
                table.append(
                    f"| {backend} | {r['edges']:,} | {r['cities']:,} | {live:,.0f} | {r['first_ms']:.0f} | "
                    f"{r['network_edges']:,} | {r['network'][0]:,.0f} | {r['network'][1]:.2f} / {r['network'][2]:.2f} "
                    f"({verdict(r['network'][2])}) | {r['network'][0] / live:.3f} | {r['hops']} | "
                    f"{r['path'][0]:,.0f} | {r['path'][1]:.2f} / {r['path'][2]:.2f} ({verdict(r['path'][2])}) | "
                    f"{r['path'][0] / live:.3f} |")
    if not table:
        die("no backend was measured")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "uncommitted"
    RESULTS.write_text("\n".join([
        "# Partnership network benchmark results",
        "",
        "Written by `tests/load/partnerships.py` (run by `cargo xtask bench`); see README.md for the method.",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: {os.cpu_count()} cores; wrk on the same machine",
        f"- Commit: {commit}",
        f"- Load: `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} --latency` per endpoint, loopback, release build",
        f"- Target: p99 < {TARGET_P99_MS:.0f} ms for both endpoints at every size",
        "- first request: the first network request after start, which loads the whole graph into memory "
        "(the same happens once after every write)",
        "",
        "| backend | partnerships | cities | /health/live req/s | first request ms | edges shown | "
        "network req/s | network p50 / p99 ms | network ratio | path hops | path req/s | "
        "path p50 / p99 ms | path ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *table,
        "",
        "Absolute figures vary with the shared machine; compare the ratios, measured in one run.",
        "",
    ]))
    say(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
