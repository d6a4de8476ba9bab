#!/usr/bin/env python3
"""Benchmark of the partner-system features (issue 6); see tests/load/README.md.

For each backend (SQLite; PostgreSQL when reachable) it starts the release server with the
demo data and a webhook worker allowed to deliver to loopback, then, in the same run:

Import (10,000 delegates into event harbin-2026, one delegation's city named by city_id):
- times `POST /api/v1/events/harbin-2026/delegates/import` with the whole file (validation of
  every row, duplicate checks, one transaction, audit entries);
- times the baseline: the same 10,000 rows written straight into the `delegates` table by one
  raw batch insert (multi-row INSERTs of 1,000 rows in one transaction, from Python's sqlite3
  or psql), the database's triggers included;
- reports both times and their ratio (import ÷ raw).

Webhook throughput:
- subscribes a loopback receiver (Python, threaded, answers 204, checks every signature) to
  `delegate.created`, imports 2,000 more delegates (2,000 events in the outbox at once) and
  times from the import's answer until the receiver has all 2,000 signed events;
- times the baseline: the same receiver sent 2,000 POSTs of a delivery's size by one plain
  HTTP/1.1 client (keep-alive, one at a time), in the same run;
- reports both rates in events per second and their ratio (worker ÷ plain client).

Usage: python3 tests/load/partners.py   (cargo xtask bench runs it)
Tunables: BENCH_BACKENDS ("sqlite postgres"), BENCH_PG_URL, GMD_BIN, BENCH_IMPORT_ROWS (10000),
BENCH_WEBHOOK_EVENTS (2000).
"""

import hashlib
import hmac
import http.client
import json
import os
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchlib import ROOT, backends, call, database, die, free_port, release_binary, say, server, write_results

NAME = "partners"
RESULTS = ROOT / "tests/load/RESULTS-partners.md"
EVENT = "harbin-2026"
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
WEBHOOK_EVENTS = int(os.environ.get("BENCH_WEBHOOK_EVENTS", "2000"))
SECRET = "whsec_bench_secret_0123456789abcdef"
LOAD = "one import request and one burst of webhook events per figure, loopback, release build"
HEADER = "given_name,family_name,role,city_id,email,languages,arrival_at,consent_public_profile"


def rows_csv(city_id, count, prefix):
    lines = ["\ufeff" + HEADER]
    for n in range(count):
        lines.append(f"Aino {n},Korhonen,official,{city_id},{prefix}.{n}@example.org,fi;en,"
                     "2026-01-05T09:30:00+08:00,true")
    return ("\r\n".join(lines) + "\r\n").encode()


def import_csv(base, token, body):
    """POSTs a CSV import; returns (seconds, report)."""
    request = urllib.request.Request(f"{base}/api/v1/events/{EVENT}/delegates/import", data=body,
                                     method="POST", headers={"Content-Type": "text/csv",
                                                             "Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            report = json.loads(reply.read())
    except urllib.error.HTTPError as error:
        die(NAME, f"the import answered {error.code}: {error.read()[:2000]!r}")
    return time.perf_counter() - started, report


def raw_rows(event_id, delegation_id, city_id, count):
    """The import's rows as the columns it writes (badge codes made up, unique)."""
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    for n in range(count):
        given = f"Aino {n}"
        yield (event_id, delegation_id, city_id, given, "Korhonen", f"{given} korhonen".lower(),
               "official", f"raw.{n}@example.org", '["fi","en"]', "[]", "2026-01-05 01:30:00", "{}",
               True, f"RAW-{n:05d}-{os.getpid()}", "invited", now, now, 1)


COLUMNS = ("event_id, delegation_id, city_id, given_name, family_name, search_text, role, email, "
           "languages, interpretation_needs, arrival_at, bio, consent_public_profile, badge_code, "
           "accreditation_status, created_at, updated_at, version")


def sql_literal(value):
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def raw_insert(backend, url, rows):
    """Writes `rows` into delegates in one transaction of 1,000-row INSERTs; returns seconds.
    The journal rows the triggers leave are deleted in the same transaction (the server
    would otherwise record them later as the system's changes)."""
    batches = [rows[i:i + 1000] for i in range(0, len(rows), 1000)]
    if backend == "sqlite":
        path = url.removeprefix("sqlite://")
        connection = sqlite3.connect(path, isolation_level=None, timeout=60)
        placeholders = "(" + ", ".join("?" * 18) + ")"
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        for batch in batches:
            connection.execute(f"INSERT INTO delegates ({COLUMNS}) VALUES "
                               + ", ".join([placeholders] * len(batch)),
                               [value for row in batch for value in row])
        connection.execute("DELETE FROM change_journal")
        connection.execute("COMMIT")
        took = time.perf_counter() - started
        connection.close()
        return took
    script = ["BEGIN;"]
    for batch in batches:
        values = ",\n".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in batch)
        script.append(f"INSERT INTO delegates ({COLUMNS}) VALUES\n{values};")
    script += ["DELETE FROM change_journal WHERE txid = txid_current();", "COMMIT;"]
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as file:
        file.write("\n".join(script))
    started = time.perf_counter()
    subprocess.run(["psql", url, "-qX", "-v", "ON_ERROR_STOP=1", "-f", file.name], check=True,
                   stdout=subprocess.DEVNULL)
    took = time.perf_counter() - started
    os.unlink(file.name)
    return took


class Receiver:
    """A loopback webhook receiver: answers 204, counts events with a valid signature."""

    def __init__(self):
        self.valid, self.invalid, self.lock = set(), 0, threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stamp = dict(part.split("=", 1) for part in self.headers.get("X-GMD-Signature", "").split(",")
                             if "=" in part)
                expected = hmac.new(SECRET.encode(), stamp.get("t", "").encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
                with receiver.lock:
                    if hmac.compare_digest(expected, stamp.get("v1", "")):
                        receiver.valid.add(json.loads(body).get("id"))
                    else:
                        receiver.invalid += 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            # The worker opens up to 16 connections at once; the default backlog of 5
            # would drop SYNs and time the kernel's retries, not the worker.
            request_queue_size = 256
            daemon_threads = True

        self.port = free_port()
        self.server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self):
        with self.lock:
            return len(self.valid)

    def reset(self):
        with self.lock:
            self.valid, self.invalid = set(), 0

    def close(self):
        self.server.shutdown()


def plain_client_rate(receiver, body, count):
    """Events per second one keep-alive HTTP/1.1 client achieves against the receiver."""
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    started = time.perf_counter()
    for n in range(count):
        payload = body.replace(b'"id": 0', f'"id": {n}'.encode())
        stamp = str(int(time.time()))
        signature = hmac.new(SECRET.encode(), stamp.encode() + b"." + payload, hashlib.sha256).hexdigest()
        connection.request("POST", "/", body=payload, headers={
            "Content-Type": "application/json", "X-GMD-Signature": f"t={stamp},v1={signature}"})
        connection.getresponse().read()
    took = time.perf_counter() - started
    connection.close()
    if receiver.count() != count:
        die(NAME, f"the plain client's {count} events arrived as {receiver.count()}")
    return count / took


def bench(binary, backend, work):
    data_dir = work / backend
    data_dir.mkdir()
    receiver = Receiver()
    settings = {"WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "WEBHOOK_POLL_MS": "50"}
    with database(backend, data_dir, "partners") as url, \
            server(NAME, binary, url, data_dir, work / f"{backend}.log", demo=True, **settings) as base:
        status, login, _ = call("POST", f"{base}/api/v1/auth/login",
                                {"email": "organizer@gmd.example", "password": "organizer-demo-2026"})
        if status != 200:
            die(NAME, f"signing in as the demo organizer answered {status}")
        token = login["access_token"]
        event = call("GET", f"{base}/api/v1/events/{EVENT}", token=token)[1]
        party = call("GET", f"{base}/api/v1/events/{EVENT}/delegations?per_page=1", token=token)[1]["items"][0]
        city_id = party["city_id"]

        say(NAME, f"{backend}: importing {IMPORT_ROWS:,} delegates over HTTP")
        imported, report = import_csv(base, token, rows_csv(city_id, IMPORT_ROWS, "bench"))
        if report["created"] != IMPORT_ROWS:
            die(NAME, f"the import created {report['created']} delegates")
        say(NAME, f"{backend}: writing the same rows by a raw batch insert")
        raw = raw_insert(backend, url, list(raw_rows(event["id"], party["id"], city_id, IMPORT_ROWS)))

        say(NAME, f"{backend}: webhook throughput, {WEBHOOK_EVENTS:,} events")
        status, hook, _ = call("POST", f"{base}/api/v1/webhooks", token=token, body={
            "url": f"http://127.0.0.1:{receiver.port}/hook", "event_types": ["delegate.created"],
            "secret": SECRET})
        if status != 201:
            die(NAME, f"subscribing answered {status}: {hook}")
        took_import, _ = import_csv(base, token, rows_csv(city_id, WEBHOOK_EVENTS, "hook"))
        started = time.perf_counter()
        deadline = started + 600
        while receiver.count() < WEBHOOK_EVENTS:
            if time.perf_counter() > deadline:
                die(NAME, f"only {receiver.count()} of {WEBHOOK_EVENTS} events arrived in 10 minutes")
            time.sleep(0.01)
        delivered = time.perf_counter() - started
        if receiver.invalid:
            die(NAME, f"{receiver.invalid} deliveries had a bad signature")
        worker_rate = WEBHOOK_EVENTS / delivered
        sample = json.dumps({"id": 0, "type": "delegate.created", "occurred_at": "2026-11-28T00:00:00Z",
                             "event": EVENT, "resource": {"type": "delegate", "id": 1},
                             "data": {"object": {"given_name": "Aino 0", "family_name": "Korhonen"}}}).encode()
        receiver.reset()
        plain_rate = plain_client_rate(receiver, sample.ljust(600), WEBHOOK_EVENTS)
    receiver.close()
    return {"import": imported, "raw": raw, "worker": worker_rate, "plain": plain_rate,
            "hook_import": took_import}


def main():
    binary = release_binary(NAME)
    table_import, table_hooks = [], []
    with tempfile.TemporaryDirectory(prefix="gmd-bench-partners.") as tmp:
        for backend in backends(NAME):
            r = bench(binary, backend, Path(tmp))
            ratio = r["import"] / r["raw"]
            print(f"  {backend} import {r['import']:.2f} s  raw {r['raw']:.2f} s  ratio {ratio:.1f}")
            print(f"  {backend} webhooks {r['worker']:,.0f} events/s  plain client {r['plain']:,.0f}/s  "
                  f"ratio {r['worker'] / r['plain']:.3f}")
            table_import.append(f"| {backend} | {IMPORT_ROWS:,} | {r['import']:.2f} | {r['raw']:.3f} | {ratio:.1f} |")
            table_hooks.append(f"| {backend} | {WEBHOOK_EVENTS:,} | {r['worker']:,.0f} | {r['plain']:,.0f} | "
                               f"{r['worker'] / r['plain']:.3f} |")
    if not table_import:
        die(NAME, "no backend was measured")
    write_results(RESULTS, "Partner systems benchmark results", "tests/load/partners.py", [
        "- Data: the demo event harbin-2026; rows name one delegation's city; every row valid",
        "",
        "## Import of delegates",
        "",
        "The import: `POST …/delegates/import` with the whole CSV (validation, duplicate checks, one",
        "transaction, an audit entry per row). The baseline: the same rows by a raw batch insert",
        "(1,000-row INSERTs in one transaction, triggers included).",
        "",
        "| backend | rows | import s | raw batch insert s | import ÷ raw |",
        "|---|---:|---:|---:|---:|",
        *table_import,
        "",
        "## Webhook delivery",
        "",
        "The worker: from the answer of an import that put the events in the outbox until the loopback",
        "receiver had every signed event. The baseline: one keep-alive HTTP/1.1 client sending the same",
        "number of signed POSTs of a delivery's size to the same receiver, one at a time.",
        "",
        "| backend | events | worker events/s | plain client events/s | worker ÷ plain |",
        "|---|---:|---:|---:|---:|",
        *table_hooks,
    ], load=LOAD)
    say(NAME, f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
