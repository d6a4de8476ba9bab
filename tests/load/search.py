#!/usr/bin/env python3
"""Benchmark of `q=` over 100,000 delegates (issue 13, indexed search); see tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) it:

1. creates a fresh database and starts the release server with the demo data;
2. writes 100,000 generated delegates (names of 2 to 4 syllables, some with accents or in
   Chinese; fixed random seed) straight into event harbin-2026 by a raw batch insert, in one
   transaction with the tables' triggers (the journal rows deleted, as tests/load/partners.py
   does), then `ANALYZE` (PostgreSQL);
3. sends, one after another, distinct `GET /api/v1/events/harbin-2026/delegates?q=…` (each
   misses the response cache): a count and a page of 25, as the organizer. Query kinds:
   - `3 chars`:   200 random three-character substrings of the generated names;
   - `4-8 chars`: 200 random substrings of 4 to 8 characters;
   - `name`:      100 whole family names;
   - `2 chars`:   100 random two-character substrings (no trigram: a scan on both backends);
   - `live`:      `/health/live`, the cost of HTTP alone;
4. prints p50 / p95 per kind and writes tests/load/RESULTS-search.md (GMD_BIN_BEFORE adds the
   same figures for an older binary, run on the same data in the same run).

Usage: python3 tests/load/search.py
Tunables: BENCH_DELEGATES (100000), BENCH_BACKENDS ("sqlite postgres"), BENCH_PG_URL (else
TEST_DATABASE_URL, else the local server), GMD_BIN (skip the release build), GMD_BIN_BEFORE
(a binary to compare with, e.g. one built from main).
"""

import csv
import os
import random
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from benchlib import ROOT, backends, call, database, die, release_binary, say, server, verdict, write_results

NAME = "search"
RESULTS = ROOT / "tests/load/RESULTS-search.md"
EVENT = "harbin-2026"
DELEGATES = int(os.environ.get("BENCH_DELEGATES", "100000"))
TARGET_P50_MS = 5.0
SYLLABLES = ["an", "bel", "cor", "dan", "el", "fa", "gor", "han", "il", "jo", "ka", "li", "mo", "nu",
             "or", "pe", "qu", "ro", "sa", "ti", "ul", "vi", "wa", "xi", "yo", "zu", "ber", "kow",
             "son", "sen", "mir", "ta", "ström", "ün", "ão", "ç", "ño", "哈", "尔", "滨", "李", "王"]
# (kind, how many, shortest and longest substring; None: a whole family name)
KINDS = [("3 chars", 200, (3, 3)), ("4-8 chars", 200, (4, 8)), ("name", 100, None), ("2 chars", 100, (2, 2))]
COLUMNS = ("event_id, delegation_id, city_id, given_name, family_name, search_text, role, languages, "
           "interpretation_needs, bio, consent_public_profile, badge_code, accreditation_status, "
           "created_at, updated_at, version")


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(seed=20261206):
    rng = random.Random(seed)
    return [(word(rng), word(rng)) for _ in range(DELEGATES)]


def rows(names, event_id, delegation_id, city_id):
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    for n, (given, family) in enumerate(names):
        yield (event_id, delegation_id, city_id, given, family, f"{given} {family} ".lower(), "official",
               '["en"]', "[]", "{}", n % 2 == 0, f"SRCH-{n:06d}", "invited", now, now, 1)


def load(backend, url, work, names, event_id, delegation_id, city_id):
    """Writes the delegates in one transaction (triggers included); returns seconds."""
    started = time.perf_counter()
    if backend == "sqlite":
        db = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None, timeout=60)
        db.execute("BEGIN IMMEDIATE")
        db.executemany(f"INSERT INTO delegates ({COLUMNS}) VALUES ({', '.join('?' * 16)})",
                       rows(names, event_id, delegation_id, city_id))
        db.execute("DELETE FROM change_journal")
        db.execute("COMMIT")
        db.close()
        return time.perf_counter() - started
    csv_path = work / "delegates.csv"
    with open(csv_path, "w", newline="") as out:
        writer = csv.writer(out)
        for row in rows(names, event_id, delegation_id, city_id):
            writer.writerow(["true" if v is True else "false" if v is False else v for v in row])
    script = work / "load.sql"
    script.write_text("\n".join([
        "BEGIN;",
        f"\\copy delegates ({COLUMNS}) FROM '{csv_path}' WITH (FORMAT csv)",
        "DELETE FROM change_journal WHERE txid = txid_current();",
        "COMMIT;",
        "ANALYZE delegates;",
    ]))
    subprocess.run(["psql", url, "-qX", "-v", "ON_ERROR_STOP=1", "-f", str(script)], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def queries(names, seed=7):
    """Distinct queries of each kind."""
    rng = random.Random(seed)
    picked = {}
    seen = set()
    for kind, count, lengths in KINDS:
        chosen = []
        while len(chosen) < count:
            given, family = rng.choice(names)
            text = f"{given} {family}"
            if lengths is None:
                q = family
            else:
                length = rng.randint(*lengths)
                if len(text) < length:
                    continue
                start = rng.randrange(0, len(text) - length + 1)
                q = text[start:start + length]
            if q.strip() != q or q.lower() in seen:
                continue
            seen.add(q.lower())
            chosen.append(q)
        picked[kind] = chosen
    return picked


def percentiles(times):
    times = sorted(times)
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def sign_in(base):
    status, login, _ = call("POST", f"{base}/api/v1/auth/login",
                            {"email": "organizer@gmd.example", "password": "organizer-demo-2026"})
    if status != 200:
        die(NAME, f"signing in as the demo organizer answered {status}")
    return login["access_token"]


def measure(binary, backend, url, data_dir, work, names, label):
    """Starts `binary` on the loaded database; returns {kind: (p50, p95, median matches)}."""
    # Demo mode: the benchmarks' JWT secret is published; the data is there already, so nothing is seeded.
    with server(NAME, binary, url, data_dir, work / f"{backend}-{label}.log", demo=True) as base:
        token = sign_in(base)
        total = call("GET", f"{base}/api/v1/events/{EVENT}/delegates?per_page=1", token=token)[1]["total"]
        if total < DELEGATES:
            die(NAME, f"{backend}: the event has {total} delegates, not {DELEGATES}")
        results = {}
        live = [call("GET", f"{base}/health/live")[2] for _ in range(200)]
        results["live"] = (*percentiles(live), None)
        for kind, qs in queries(names).items():
            times, matches = [], []
            for q in qs:
                path = f"/api/v1/events/{EVENT}/delegates?" + urllib.parse.urlencode({"q": q, "per_page": 25})
                status, page, took = call("GET", base + path, token=token)
                if status != 200:
                    die(NAME, f"{backend}: {path} answered {status}: {page}")
                times.append(took)
                matches.append(page["total"])
            results[kind] = (*percentiles(times), sorted(matches)[len(matches) // 2])
        return results


def bench(binaries, backend, work, names):
    """Loads the data with the first binary's schema and demo data, then measures each binary
    on it in turn (a newer one migrates the database when it starts)."""
    data_dir = work / backend
    data_dir.mkdir()
    measured = {}
    with database(backend, data_dir, NAME) as url:
        with server(NAME, binaries[0][1], url, data_dir, work / f"{backend}-setup.log", demo=True) as base:
            token = sign_in(base)
            event = call("GET", f"{base}/api/v1/events/{EVENT}", token=token)[1]
            party = call("GET", f"{base}/api/v1/events/{EVENT}/delegations?per_page=1", token=token)[1]["items"][0]
        say(NAME, f"{backend}: writing {DELEGATES:,} delegates")
        took = load(backend, url, work, names, event["id"], party["id"], party["city_id"])
        say(NAME, f"{backend}: loaded in {took:.1f} s")
        for label, binary in binaries:
            say(NAME, f"{backend}: measuring {label}")
            measured[label] = measure(binary, backend, url, data_dir, work, names, label)
            for kind, (p50, p95, matches) in measured[label].items():
                extra = "" if matches is None else f"  median matches {matches:,}"
                print(f"  {label:6} {kind:9} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms{extra}")
    return measured


def table_rows(backend, measured):
    lines = []
    for label, results in measured.items():
        for kind, (p50, p95, matches) in results.items():
            goal = verdict(p50 < TARGET_P50_MS) if kind in ("3 chars", "4-8 chars", "name") else ""
            lines.append(f"| {backend} | {label} | {kind} | {'' if matches is None else f'{matches:,}'} | "
                         f"{p50:.2f} | {p95:.2f} | {goal} |")
    return lines


def main():
    after = release_binary(NAME)
    binaries = [("after", after)]
    before = os.environ.get("GMD_BIN_BEFORE")
    if before:
        binaries.insert(0, ("before", before))
    names = generate()
    lines = []
    with tempfile.TemporaryDirectory(prefix="gmd-bench-search.") as tmp:
        for backend in backends(NAME):
            lines += table_rows(backend, bench(binaries, backend, Path(tmp), names))
    if not lines:
        die(NAME, "no backend was measured")
    write_results(RESULTS, "Search benchmark results", "tests/load/search.py", [
        f"- Data: {DELEGATES:,} generated delegates in one event (raw batch insert, triggers included; "
        "PostgreSQL analysed)",
        f"- Target: `q=` of 3 or more characters, one request p50 < {TARGET_P50_MS:.0f} ms on both backends",
        "- Requests: one after another, each a new query (a count and a page of 25 as the organizer); "
        "`before` and `after` run on the same database, `before` first (its server never saw the index "
        "tables, which the `after` server's migration then creates)",
        "",
        "| backend | binary | query | median matches | p50 ms | p95 ms | target |",
        "|---|---|---|---:|---:|---:|---|",
        *lines,
    ], load="sequential single requests over loopback, release builds")
    say(NAME, f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
