#!/usr/bin/env python3
"""The API under real load (issue 13): pages never asked before, and a steady writer beside
the readers. See tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) it starts the release server with the
demo data, brings event harbin-2026 to 1,000 delegates (one import) and 300 sessions with two
speakers each (through the API), then measures with wrk (-t2 -c32), in the same run:

- `GET /health/live`, the baseline;
- uncached pages: `delegates?per_page=100` and `sessions?per_page=100` whose query string is
  new on every request (a unique `updated_since` far in the past, so every page is full);
- uncached items: one delegate and one session by id, the id changing on every request;
- the delegates and the sessions list (one repeated URL, so cacheable) with no writes, then
  beside an open-loop writer that PATCHes a delegate's hotel (the same write as a check-in:
  one delegate row, shown in the delegates list and nowhere else) at 20 writes/s; the
  writer's own latencies give the check-in p50/p99;
- finally it imports delegates up to 10,000 and runs mixed reads until the server has
  answered 200,000 requests, and reads its peak resident memory (VmHWM).

Ratios are taken against /health/live measured in the same run. Results: RESULTS-realistic.md.

Usage: python3 tests/load/realistic.py   (cargo xtask bench runs it)
Tunables: BENCH_BACKENDS, BENCH_PG_URL, GMD_BIN, BENCH_DURATION (10s), BENCH_WRITE_RATES ("20").
"""

import http.client
import os
import re
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchlib import (CONNECTIONS, DURATION, ROOT, THREADS, backends, call, database, die, release_binary,
                      say, server, verdict, write_results)

NAME = "realistic"
RESULTS = ROOT / "tests/load/RESULTS-realistic.md"
EVENT = "harbin-2026"
WRITE_RATES = [int(r) for r in os.environ.get("BENCH_WRITE_RATES", "20").split()]
DELEGATES, SESSIONS, BIG = 1000, 300, 10000
MIXED_REQUESTS = 200_000

TARGETS = {  # (SQLite, PostgreSQL); ratios are minimums, times maximums
    "delegates page, new query ÷ live": (0.10, 0.06),
    "sessions page, new query ÷ live": (0.08, 0.05),
    "one delegate by id ÷ live": (0.30, 0.20),
    "one session by id ÷ live": (0.30, 0.20),
    "delegates list at 20 writes/s ÷ no writes": (0.50, 0.50),
    "sessions list at 20 writes/s ÷ no writes": (0.90, 0.90),
}
MAX_CHECK_IN_P99_MS = 25
MAX_RSS_MIB = 128

# wrk scripts: each thread numbers its requests; `{path}` is the page.
THREAD_COUNTER = """
local n = 0
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
"""
# A thread-unique prefix keeps every query string new.
UNIQUE_QUERY = THREAD_COUNTER + """
function request()
  n = n + 1
  return wrk.format("GET", string.format("{path}&updated_since=2000-01-01T00:00:00.%d%08dZ", tid, n))
end
"""
ROTATING_ID = THREAD_COUNTER + """
function request()
  n = n + 1
  return wrk.format("GET", string.format("{path}/%d", ((n * 7919 + tid * 104729) % {count}) + 1))
end
"""


def run_wrk(url, token, script=None):
    """wrk against `url` (with a Lua script, if given); returns (req/s, p50, p99, requests)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency",
               "-H", f"Authorization: Bearer {token}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        if script:
            lua.write(script)
    if script:
        command += ["-s", lua.name]
    result = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    os.unlink(lua.name)
    if "Non-2xx or 3xx responses" in result:
        die(NAME, f"{url}: some responses were not 2xx/3xx:\n{result}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    total = int(re.search(r"(\d+) requests in", result).group(1))

    def percentile(p):
        value = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", result, re.M)
        if value is None:
            die(NAME, f"{url}: no {p}th percentile in wrk's output:\n{result}")
        number, unit = float(value.group(1)), value.group(2)
        return number * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    return rps, percentile(50), percentile(99), total


class Writer(threading.Thread):
    """An open-loop writer: PATCHes a delegate's hotel at `rate` per second on a fixed
    schedule (a late write is sent at once and counted late), timing each."""

    def __init__(self, base, token, rate, ids):
        super().__init__(daemon=True)
        self.host = base.removeprefix("http://")
        self.token, self.rate, self.ids = token, rate, ids
        self.stop = threading.Event()
        self.times, self.late, self.failed = [], 0, 0

    def run(self):
        connection = http.client.HTTPConnection(self.host, timeout=30)
        start, k = time.perf_counter(), 0
        while not self.stop.is_set():
            due = start + k / self.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            elif wait < -0.05:
                self.late += 1
            delegate = self.ids[k % len(self.ids)]
            body = f'{{"hotel": "Hotel {k}"}}'
            sent = time.perf_counter()
            try:
                connection.request("PATCH", f"/api/v1/events/{EVENT}/delegates/{delegate}", body=body,
                                   headers={"Authorization": f"Bearer {self.token}",
                                            "Content-Type": "application/json"})
                reply = connection.getresponse()
                reply.read()
                if reply.status != 200:
                    self.failed += 1
            except (OSError, http.client.HTTPException):
                self.failed += 1
                connection = http.client.HTTPConnection(self.host, timeout=30)
            self.times.append((time.perf_counter() - sent) * 1000)
            k += 1

    def finish(self):
        self.stop.set()
        self.join()
        times = sorted(self.times) or [0.0]
        return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]


def import_delegates(base, token, city_id, count, prefix):
    """Imports `count` delegates, 1,000 per request (as an organizer would send files)."""
    for start in range(0, max(0, count), 1000):
        import_file(base, token, city_id, min(1000, count - start), f"{prefix}{start}")


def import_file(base, token, city_id, count, prefix):
    header = "given_name,family_name,role,city_id,email,languages,consent_public_profile"
    lines = ["\ufeff" + header] + [
        f"Bench {n},Delegate,official,{city_id},{prefix}.{n}@example.org,en,{'true' if n % 2 else 'false'}"
        for n in range(count)]
    data = ("\r\n".join(lines) + "\r\n").encode()
    request = urllib.request.Request(f"{base}/api/v1/events/{EVENT}/delegates/import", data=data, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            reply.read()
    except urllib.error.HTTPError as error:
        die(NAME, f"import answered {error.code}: {error.read()[:500]}")


def total_of(base, token, collection):
    status, body, _ = call("GET", f"{base}/api/v1/events/{EVENT}/{collection}?per_page=1", token=token)
    if status != 200:
        die(NAME, f"{collection} answered {status}: {body}")
    return body["total"]


def delegation_city(base, token):
    """The city of the event's first delegation: imported delegates join its delegation."""
    _, parties, _ = call("GET", f"{base}/api/v1/events/{EVENT}/delegations?per_page=1", token=token)
    return parties["items"][0]["city_id"]


def fill(base, token):
    """1,000 delegates and 300 sessions with two speakers each."""
    city = delegation_city(base, token)
    missing = DELEGATES - total_of(base, token, "delegates")
    if missing > 0:
        import_delegates(base, token, city, missing, "fill")
    _, page, _ = call("GET", f"{base}/api/v1/events/{EVENT}/delegates?per_page=100", token=token)
    speakers = [d["id"] for d in page["items"]]
    _, rooms, _ = call("GET", f"{base}/api/v1/events/{EVENT}/rooms", token=token)
    room = (rooms["items"] if isinstance(rooms, dict) else rooms)[0]["id"]

    def create(n):
        # Within the edition's days; one room holds many (conflicts are warnings).
        day, slot = 6 + n % 3, n // 3 % 10
        body = {"title": {"en": f"Bench session {n}", "zh": f"测试场次 {n}"}, "kind": "thematic_session",
                "starts_at": f"2026-01-0{day}T{slot:02d}:00:00+08:00",
                "ends_at": f"2026-01-0{day}T{slot:02d}:45:00+08:00", "room_id": room,
                "languages": ["zh", "en"], "interpretation": ["en"], "status": "published",
                "speakers": [{"delegate_id": speakers[(n * 7 + k) % len(speakers)], "role": "speaker"}
                             for k in range(2)]}
        status, reply, _ = call("POST", f"{base}/api/v1/events/{EVENT}/sessions", body, token)
        if status != 201:
            die(NAME, f"creating a session answered {status}: {reply}")

    missing = SESSIONS - total_of(base, token, "sessions")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(create, range(max(0, missing))))


def peak_rss_mib(base):
    port = base.rsplit(":", 1)[1]
    pid = subprocess.run(["sh", "-c", f"ss -ltnpH 'sport = :{port}' | grep -o 'pid=[0-9]*' | head -1"],
                         capture_output=True, text=True).stdout.strip().removeprefix("pid=")
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def measure(backend, base):
    status, login, _ = call("POST", f"{base}/api/v1/auth/login",
                            {"email": "admin@gmd.example", "password": "admin-demo-2026"})
    if status != 200:
        die(NAME, f"login answered {status}")
    token = login["access_token"]
    say(NAME, f"{backend}: filling the event")
    fill(base, token)
    figures, served = {}, 0
    api = f"{base}/api/v1/events/{EVENT}"

    def bench(label, url, script=None):
        nonlocal served
        rps, p50, p99, total = run_wrk(url, token, script)
        served += total
        say(NAME, f"{backend}: {label}: {rps:.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
        figures[label] = (rps, p50, p99)
        return rps

    live = bench("live", f"{base}/health/live")
    ratios = {}
    for collection, label in (("delegates", "delegates page, new query ÷ live"),
                              ("sessions", "sessions page, new query ÷ live")):
        path = f"/api/v1/events/{EVENT}/{collection}?per_page=100"
        ratios[label] = bench(f"{collection} new query", f"{api}/{collection}?per_page=100",
                              UNIQUE_QUERY.replace("{path}", path)) / live
    for collection, count, label in (("delegates", DELEGATES, "one delegate by id ÷ live"),
                                     ("sessions", SESSIONS, "one session by id ÷ live")):
        path = f"/api/v1/events/{EVENT}/{collection}"
        script = ROTATING_ID.replace("{path}", path).replace("{count}", str(count))
        ratios[label] = bench(f"one of {collection} by id", f"{api}/{collection}/1", script) / live
    writes = {}
    _, page, _ = call("GET", f"{api}/delegates?per_page=100&page=3", token=token)
    ids = [d["id"] for d in page["items"]]
    for collection in ("delegates", "sessions"):
        url = f"{api}/{collection}?per_page=100"
        quiet = bench(f"{collection} list, no writes", url)
        for rate in WRITE_RATES:
            writer = Writer(base, token, rate, ids)
            writer.start()
            busy = bench(f"{collection} list, {rate} writes/s", url)
            p50, p99 = writer.finish()
            served += len(writer.times)
            if writer.failed:
                die(NAME, f"{writer.failed} writes failed")
            writes[(collection, rate)] = (busy / quiet, p50, p99, writer.late, len(writer.times))
            say(NAME, f"{backend}: writes at {rate}/s beside {collection}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
                      f"{writer.late} late of {len(writer.times)}")
            if rate == 20:
                ratios[f"{collection} list at 20 writes/s ÷ no writes"] = busy / quiet
    say(NAME, f"{backend}: importing delegates up to {BIG}")
    import_delegates(base, token, delegation_city(base, token), BIG - total_of(base, token, "delegates"), "big")
    while served < MIXED_REQUESTS:
        for collection in ("delegates", "sessions"):
            path = f"/api/v1/events/{EVENT}/{collection}?per_page=100"
            served += run_wrk(f"{api}/{collection}?per_page=100", token, UNIQUE_QUERY.replace("{path}", path))[3]
            served += run_wrk(f"{api}/{collection}?per_page=100", token)[3]
    rss = peak_rss_mib(base)
    say(NAME, f"{backend}: peak RSS {rss:.0f} MiB after {served} requests")
    return figures, ratios, writes, rss, served


def main():
    binary = release_binary(NAME)
    results = {}
    for backend in backends(NAME):
        with tempfile.TemporaryDirectory() as data_dir, database(backend, data_dir, NAME) as url:
            with server(NAME, binary, url, Path(data_dir), Path(data_dir) / "server.log", demo=True) as base:
                results[backend] = measure(backend, base)
    lines = ["", "| measure | " + " | ".join(results) + " | target (SQLite / PostgreSQL) |",
             "|---|" + "---|" * len(results) + "---|"]
    for label, targets in TARGETS.items():
        cells = []
        for backend, (_, ratios, _, _, _) in results.items():
            target = targets[0 if backend == "sqlite" else 1]
            value = ratios.get(label)
            cells.append("–" if value is None else f"{value:.3f} {verdict(value >= target)}")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | ≥ {targets[0]} / ≥ {targets[1]} |")
    cells = []
    for backend, (_, _, writes, _, _) in results.items():
        p99 = writes.get(("delegates", 20), (0, 0, None))[2]
        cells.append("–" if p99 is None else f"{p99:.1f} ms {verdict(p99 < MAX_CHECK_IN_P99_MS)}")
    lines.append("| check-in p99 at 20/s beside 32 list readers | " + " | ".join(cells) +
                 f" | < {MAX_CHECK_IN_P99_MS} ms |")
    cells = [f"{rss:.0f} MiB after {served:,} requests {verdict(rss < MAX_RSS_MIB)}"
             for (_, _, _, rss, served) in results.values()]
    lines.append(f"| peak RSS, {BIG:,} delegates | " + " | ".join(cells) + f" | < {MAX_RSS_MIB} MiB |")
    lines += ["", "Raw figures (req/s, p50 ms, p99 ms):", ""]
    for backend, (figures, _, writes, _, _) in results.items():
        for label, (rps, p50, p99) in figures.items():
            lines.append(f"- {backend} {label}: {rps:.0f} req/s, p50 {p50:.2f}, p99 {p99:.2f}")
        for (collection, rate), (ratio, p50, p99, late, sent) in writes.items():
            lines.append(f"- {backend} writes at {rate}/s beside the {collection} list: list keeps {ratio:.2f}, "
                         f"write p50 {p50:.1f} ms, p99 {p99:.1f} ms, {late} of {sent} sent late")
    write_results(RESULTS, "Under real load (issue 13)", "tests/load/realistic.py", lines,
                  load=f"`wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION} --latency` per figure (Lua scripts for new "
                       "queries and rotating ids), an open-loop writer thread for the write trickle, loopback, "
                       "release build")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
