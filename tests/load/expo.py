#!/usr/bin/env python3
"""Load benchmark of the expo (issue 5); see tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) it starts the release server with the
demo data, then through the API itself (16 requests at a time, each must succeed):
- brings event harbin-2026 to 2,000 approved exhibitors (create, review, approve);
- creates a hall of 110 × 70 m with a grid of 500 booths (25 × 20, 3 × 2 m each) and
  assigns 400 of them;
and measures with wrk on loopback, in the same run, without signing in:
- GET /health/live                                           (the baseline)
- GET /api/v1/events/harbin-2026/exhibitors?per_page=100     (the public directory)
- GET /api/v1/events/harbin-2026/halls/<id>/floor-plan       (500 booths with their holders)
The two expo endpoints are requested with `Accept-Encoding: gzip`, as every browser sends it
(cached answers are compressed once, when rendered); the floor plan is also measured plain.
and writes the figures, as ratios against /health/live, to tests/load/RESULTS-expo.md.

Usage: python3 tests/load/expo.py   (cargo xtask bench runs it)
Tunables: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
BENCH_BACKENDS ("sqlite postgres"), BENCH_PG_URL, GMD_BIN.
"""

import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchlib import (ROOT, backends, call, database, die, release_binary, say, server, verdict, wrk,
                      write_results)

NAME = "expo"
RESULTS = ROOT / "tests/load/RESULTS-expo.md"
EVENT = "harbin-2026"
EXHIBITORS = 2000
COLUMNS, ROWS, ASSIGNED = 25, 20, 400
TARGET_RATIO = 0.25
TARGET_P99_MS = 25.0
SECTORS = ["equipment", "tourism", "sports", "culture_ip", "technology", "construction", "education",
           "services", "media"]
COUNTRIES = ["CN", "CA", "FI", "DE", "GR", "KR", "TH", "TR", "JP", "NO", "SE", "US"]


def parallel(function, items):
    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(function, items))


def expect(status, wanted, what, body):
    if status != wanted:
        die(NAME, f"{what} answered {status}: {body}")


def seed(base, token):
    """Approved exhibitors up to EXHIBITORS, and the benchmark hall; returns the hall id."""
    events = f"{base}/api/v1/events/{EVENT}"
    approved = call("GET", f"{events}/exhibitors?per_page=1")[1]["total"]

    def exhibitor(n):
        body = {"name": {"en": f"Bench Exhibitor {n}", "zh": f"测试展商 {n}"}, "kind": "company",
                "country": COUNTRIES[n % len(COUNTRIES)], "sectors": [SECTORS[n % 9], SECTORS[(n * 5 + 1) % 9]],
                "description": {"en": f"Ice and snow equipment line {n}."}, "website": f"https://bench{n}.example"}
        status, created, _ = call("POST", f"{events}/exhibitors", body, token)
        expect(status, 201, "creating an exhibitor", created)
        for action in ("review", "approve"):
            status, reply, _ = call("POST", f"{events}/exhibitors/{created['id']}/application/{action}", None, token)
            expect(status, 200, f"{action} of exhibitor {created['id']}", reply)
        return created["id"]

    say(NAME, f"creating {EXHIBITORS - approved} approved exhibitors")
    fresh = parallel(exhibitor, range(max(EXHIBITORS - approved, 0)))
    hall = {"name": {"en": "Bench hall"}, "width": 110.0, "height": 70.0,
            "opening_hours": [{"date": "2026-01-06", "opens": "09:00", "closes": "18:00"}]}
    status, created, _ = call("POST", f"{events}/halls", hall, token)
    expect(status, 201, "creating the hall", created)
    hall_id = created["id"]

    def booth(n):
        column, row = n % COLUMNS, n // COLUMNS
        body = {"hall_id": hall_id, "code": f"B-{n:03d}", "booth_type": "standard",
                "x": 1.0 + column * 4, "y": 1.0 + row * 3, "w": 3.0, "h": 2.0}
        status, reply, _ = call("POST", f"{events}/booths", body, token)
        expect(status, 201, f"creating booth {n}", reply)
        return reply["id"]

    say(NAME, f"creating {COLUMNS * ROWS} booths and assigning {ASSIGNED}")
    booths = parallel(booth, range(COLUMNS * ROWS))
    holders = fresh or [e["id"] for e in call("GET", f"{events}/exhibitors?per_page=100")[1]["items"]]

    def assign(n):
        status, reply, _ = call("PUT", f"{events}/booths/{booths[n]}/assignment",
                                {"exhibitor_id": holders[n % len(holders)]}, token)
        expect(status, 200, f"assigning booth {booths[n]}", reply)

    parallel(assign, range(ASSIGNED))
    return hall_id


def bench(binary, backend, work):
    data_dir = work / backend
    data_dir.mkdir()
    with database(backend, data_dir, "expo") as url, \
            server(NAME, binary, url, data_dir, work / f"{backend}.log", demo=True) as base:
        status, login, _ = call("POST", f"{base}/api/v1/auth/login",
                                {"email": "organizer@gmd.example", "password": "organizer-demo-2026"})
        expect(status, 200, "signing in as the demo organizer", login)
        hall = seed(base, login["access_token"])
        events = f"{base}/api/v1/events/{EVENT}"
        directory_url = f"{events}/exhibitors?per_page=100"
        plan_url = f"{events}/halls/{hall}/floor-plan"
        total = call("GET", directory_url)[1]["total"]
        booths = len(call("GET", plan_url)[1]["booths"])
        if total < EXHIBITORS or booths != COLUMNS * ROWS:
            die(NAME, f"{backend}: {total} exhibitors listed and {booths} booths on the plan")
        say(NAME, f"{backend}: {total} approved exhibitors, {booths} booths; measuring")
        figures = {"exhibitors": total, "booths": booths}
        gzip = ["Accept-Encoding: gzip"]
        for name, target, headers in (("live", f"{base}/health/live", []), ("directory", directory_url, gzip),
                                      ("plan", plan_url, gzip), ("plan_plain", plan_url, [])):
            figures[name] = wrk(NAME, target, work / f"{backend}-{name}.txt", headers=headers)
        return figures


def row(backend, r):
    live = r["live"][0]
    cells = [backend, f"{r['exhibitors']:,}", f"{r['booths']}", f"{live:,.0f}"]
    for name in ("directory", "plan"):
        rps, p50, p99 = r[name]
        ratio = rps / live
        cells += [f"{rps:,.0f}", f"{p50:.2f} / {p99:.2f} ({verdict(p99 < TARGET_P99_MS)})",
                  f"{ratio:.3f} ({verdict(ratio >= TARGET_RATIO)})"]
        print(f"  {backend} {name:9} {rps:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  ratio {ratio:.3f}")
    rps, p50, p99 = r["plan_plain"]
    cells += [f"{rps:,.0f}", f"{p50:.2f} / {p99:.2f}", f"{rps / live:.3f}"]
    return "| " + " | ".join(cells) + " |"


def main():
    binary = release_binary(NAME)
    table = []
    with tempfile.TemporaryDirectory(prefix="gmd-bench-expo.") as tmp:
        for backend in backends(NAME):
            table.append(row(backend, bench(binary, backend, Path(tmp))))
    if not table:
        die(NAME, "no backend was measured")
    write_results(RESULTS, "Expo benchmark results", "tests/load/expo.py", [
        f"- Targets: ratio ≥ {TARGET_RATIO} and p99 < {TARGET_P99_MS:.0f} ms for both endpoints",
        "- Data: the demo plus approved exhibitors up to 2,000, and one hall of 500 booths (400 assigned); "
        "both endpoints are public (no token)",
        "",
        "- directory and floor plan with `Accept-Encoding: gzip` (as browsers send); the last three columns: "
        "the floor plan without it (uncompressed, for reference)",
        "",
        "| backend | approved exhibitors | booths on the plan | /health/live req/s | directory req/s | "
        "directory p50 / p99 ms | directory ratio | floor plan req/s | floor plan p50 / p99 ms | "
        "floor plan ratio | plain floor plan req/s | plain p50 / p99 ms | plain ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *table,
    ])
    say(NAME, f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
