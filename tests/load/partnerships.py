#!/usr/bin/env python3
"""Load benchmark of the partnership network (issue 4); see tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) and each size of a generated network
(1,000, 10,000 and 50,000 partnerships among cities of all 249 ISO countries, ten
partnerships per city on average, 70 % of them active), it:

1. creates a fresh database, migrates it with `gmd migrate`, and bulk-loads the network
   (Python's sqlite3 for SQLite, `psql \\copy` for PostgreSQL);
2. starts the release server and times the first request (it loads the graph into memory);
3. times the first network request after a write, over WRITE_REPEATS writes made through the
   API as an admin (a partnership's notes, or its status: suspended and activated again),
   each of which moves the graph's change generations, so that the request brings the
   in-memory graph up to date (target: < 50 ms);
4. measures with wrk on loopback, in the same run:
   - GET /health/live                                   (the baseline)
   - GET /api/v1/partnerships/network?country=<CC>      (one country's cities and partners)
   - GET /api/v1/partnerships/path?from=<A>&to=<B>      (two cities far apart: the ends of a
     double-sweep breadth-first search over active partnerships)
5. writes the figures, as ratios against /health/live, to tests/load/RESULTS-partnerships.md.

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
import secrets
import sqlite3
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

import benchlib
from benchlib import (ROOT, backends, call, database, die, latencies, migrate, release_binary, say, server,
                      verdict, wrk, write_results)

NAME = "partnerships"
RESULTS = ROOT / "tests/load/RESULTS-partnerships.md"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000 10000 50000").split()]
TARGET_P99_MS = 50.0
TARGET_AFTER_WRITE_MS = 50.0
WRITE_REPEATS = 9
ADMIN_EMAIL = "bench-admin@gmd.example"
PASSWORD = secrets.token_urlsafe(24)
# This server runs without demo data, where the repository's published secrets are refused.
benchlib.JWT_SECRET = secrets.token_urlsafe(48)
KINDS = ["sister_city", "friendship_city", "cooperation_agreement"]
STATUSES = ["active"] * 7 + ["signed", "proposed", "suspended"]
FIELDS = ["ice_snow_economy", "tourism", "culture", "trade", "education", "technology",
          "sports", "environment", "governance"]
STAMP = "2026-01-01 00:00:00"


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


def measure(binary, backend, url, data_dir, work, edges, cities, pairs):
    with server(NAME, binary, url, data_dir, work / f"{backend}-{edges}.log", demo=False) as base:
        country = cities[0][1]
        start, _ = farthest(pairs, pairs[0][0])
        end, hops = farthest(pairs, start)
        network_url = f"{base}/api/v1/partnerships/network?country={country}"
        path_url = f"{base}/api/v1/partnerships/path?from={start}&to={end}"
        _, network, first_ms = call("GET", network_url)
        _, path, _ = call("GET", path_url)
        if path["hops"] != hops:
            die(NAME, f"{backend}: the API's path has {path['hops']} hops, the benchmark's BFS {hops}")
        results = {"edges": edges, "cities": len(cities), "first_ms": first_ms,
                   "network_edges": len(network["edges"]), "hops": hops,
                   "after_write": after_writes(base, network_url, country, cities, pairs)}
        for name, target in (("live", f"{base}/health/live"), ("network", network_url), ("path", path_url)):
            results[name] = wrk(NAME, target, work / f"{backend}-{edges}-{name}.txt")
        rng = random.Random(edges)
        ids = [c[0] for c in cities]
        results["network_cold"] = latencies(NAME, [
            f"{base}/api/v1/partnerships/network?country={code}" for code in sorted({c[1] for c in cities})[:200]])
        results["path_cold"] = latencies(NAME, [
            f"{base}/api/v1/partnerships/path?from={rng.choice(ids)}&to={rng.choice(ids)}" for _ in range(300)])
        return results


def after_writes(base, network_url, country, cities, pairs):
    """Times the first network request after each of WRITE_REPEATS writes to an active
    partnership of `country` (its notes, and every third write its status: suspended, then
    active again); returns the times in ms."""
    status, login, _ = call("POST", f"{base}/api/v1/auth/login", {"email": ADMIN_EMAIL, "password": PASSWORD})
    if status != 200:
        die(NAME, f"signing in as the benchmark's admin answered {status}: {login}")
    token = login["access_token"]
    countries = {cid: code for cid, code, _, _ in cities}
    target = 1 + next(n for n, (a, b, _, status, _, _) in enumerate(pairs)
                      if status == "active" and country in (countries[a], countries[b]))
    partnership = f"{base}/api/v1/partnerships/{target}"
    times, suspended = [], False
    for n in range(WRITE_REPEATS):
        if n % 3 == 2:
            suspended = not suspended
            action = "suspend" if suspended else "activate"
            status, body, _ = call("POST", f"{partnership}/lifecycle/{action}", {}, token)
        else:
            status, body, _ = call("PATCH", partnership, {"notes": f"Benchmark write {n}"}, token)
        if status != 200:
            die(NAME, f"a write answered {status}: {body}")
        status, body, took = call("GET", network_url)
        shown = status == 200 and any(edge["id"] == target for edge in body["edges"])
        if status != 200 or shown == suspended:
            die(NAME, f"the network after a write answered {status} and does not show the write")
        times.append(took)
    if suspended:
        call("POST", f"{partnership}/lifecycle/activate", {}, token)
    return times


def admin(binary, url, data_dir):
    """Creates the account the writes are made with (`gmd admin`)."""
    subprocess.run([binary, "admin", "--email", ADMIN_EMAIL, "--password", PASSWORD],
                   env=benchlib.gmd_env(url, data_dir), check=True, stdout=subprocess.DEVNULL)


def bench(binary, backend, work):
    rows = []
    for edges in SIZES:
        cities, pairs = generate(edges)
        say(NAME, f"{backend}: {len(cities)} cities, {edges} partnerships")
        data_dir = work / f"{backend}-{edges}"
        data_dir.mkdir()
        with database(backend, data_dir, f"partnerships_{edges}") as url:
            migrate(binary, url, data_dir)
            if backend == "sqlite":
                load_sqlite(f"{data_dir}/gmd.sqlite3", cities, pairs)
            else:
                load_postgres(url, work, cities, pairs)
            admin(binary, url, data_dir)
            rows.append(measure(binary, backend, url, data_dir, work, edges, cities, pairs))
        r = rows[-1]
        after = r["after_write"]
        print(f"  first network request after a write: median {statistics.median(after):.1f} ms, "
              f"max {max(after):.1f} ms  (< {TARGET_AFTER_WRITE_MS:.0f} ms: "
              f"{verdict(statistics.median(after) < TARGET_AFTER_WRITE_MS)})")
        for name in ("network", "path"):
            rps, p50, p99 = r[name]
            print(f"  {name:8} {rps:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
                  f"ratio {rps / r['live'][0]:.3f}  (p99 < {TARGET_P99_MS:.0f} ms: {verdict(p99 < TARGET_P99_MS)})")
    return rows


def row(backend, r):
    live = r["live"][0]
    after = r["after_write"]
    after_median = statistics.median(after)
    cells = [backend, f"{r['edges']:,}", f"{r['cities']:,}", f"{live:,.0f}", f"{r['first_ms']:.0f}",
             f"{after_median:.1f} / {max(after):.1f} ({verdict(after_median < TARGET_AFTER_WRITE_MS)})",
             f"{r['network_edges']:,}"]
    for name in ("network", "path"):
        rps, p50, p99 = r[name]
        cold50, cold99 = r[f"{name}_cold"]
        if name == "path":
            cells.append(str(r["hops"]))
        cells += [f"{rps:,.0f}", f"{p50:.2f} / {p99:.2f} ({verdict(p99 < TARGET_P99_MS)})", f"{rps / live:.3f}",
                  f"{cold50:.2f} / {cold99:.2f} ({verdict(cold99 < TARGET_P99_MS)})"]
    return "| " + " | ".join(cells) + " |"


def main():
    binary = release_binary(NAME)
    table = []
    with tempfile.TemporaryDirectory(prefix="gmd-bench-partnerships.") as tmp:
        for backend in backends(NAME):
            table += [row(backend, r) for r in bench(binary, backend, Path(tmp))]
    if not table:
        die(NAME, "no backend was measured")
    write_results(RESULTS, "Partnership network benchmark results", "tests/load/partnerships.py", [
        f"- Target: p99 < {TARGET_P99_MS:.0f} ms for both endpoints at every size; the first network request "
        f"after a write < {TARGET_AFTER_WRITE_MS:.0f} ms (median)",
        "- first request: the first network request after start, which loads the whole graph into memory",
        f"- after a write: the first network request after a write made through the API ({WRITE_REPEATS} writes: "
        "a partnership's notes, or its status suspended and activated again), which brings the in-memory "
        "graph up to date with what changed; median / max of the repeats",
        "",
        "- distinct queries: one request after another, each with another query (200 countries; 300 random "
        "city pairs), so each misses the response cache and computes its answer over the in-memory graph",
        "",
        "| backend | partnerships | cities | /health/live req/s | first request ms | "
        "after a write median / max ms | edges shown | "
        "network req/s | network p50 / p99 ms | network ratio | distinct networks p50 / p99 ms | "
        "path hops | path req/s | path p50 / p99 ms | path ratio | distinct paths p50 / p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *table,
    ])
    say(NAME, f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
