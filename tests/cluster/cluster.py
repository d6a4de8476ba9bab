#!/usr/bin/env python3
"""Cluster test: 3 gmd replicas behind haproxy (and a PgBouncer variant) on one PostgreSQL.

Run it through `bash tests/cluster/run.sh`, which installs haproxy and pgbouncer when they
are missing, finds or builds the binary and passes it here. Python 3 standard library only.

Environment (run.sh sets the first three):
  GMD_BIN              the gmd binary
  TEST_DATABASE_URL    a PostgreSQL URL whose user may create and drop databases
  CLUSTER_DB           base name of this run's databases (default gmd_cluster_<pid>)
  CLUSTER_THREADS      steady-client threads (default 4)
  CLUSTER_RATE_LIMIT   RATE_LIMIT_PER_MINUTE of the replicas (default 600)
  CLUSTER_ONLY         comma-separated subset of: rolling,kill,webhooks,stale,throttle,
                       metrics,bouncer,race (default: all)
  CLUSTER_BOUNCER_ENV  replica settings for the PgBouncer variant beyond DB_POOLER=transaction
                       ("K=V K=V", e.g. DATABASE_LISTEN_URL=postgres://… for notifications)
  CLUSTER_REPLICA_ENV  settings for every replica, over the test's ("K=V K=V"), to explore
  CLUSTER_KEEP=1       keep the work directory (logs, configs) even when every check passed
  CLUSTER_WRITE_RESULTS=1  write the summary to tests/cluster/RESULTS.md

Each check prints one line, PASS or FAIL, with its figure; the exit status is 1 when any
check failed. Every child process (replicas, haproxy, pgbouncer) is killed on exit, also
on failure, and every database the run created is dropped.
"""

import datetime
import http.client
import http.server
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTED = time.monotonic()

BIN = os.environ.get("GMD_BIN") or str(ROOT / "target/debug/gmd")
ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "")
DB_BASE = os.environ.get("CLUSTER_DB") or f"gmd_cluster_{os.getpid()}"
THREADS = int(os.environ.get("CLUSTER_THREADS", "4"))
STALE_THREADS = int(os.environ.get("CLUSTER_STALE_THREADS", "4"))
RATE_LIMIT = int(os.environ.get("CLUSTER_RATE_LIMIT", "600"))
ONLY = {c.strip() for c in os.environ.get("CLUSTER_ONLY", "").split(",") if c.strip()}
# Through PgBouncer: no named prepared statements, and no DATABASE_LISTEN_URL, so that the
# fallback without change notifications is what the checks see (sessions are then looked
# up on every request). CLUSTER_BOUNCER_ENV adds or overrides settings.
BOUNCER_ENV = {"DB_POOLER": "transaction"} | dict(
    kv.split("=", 1) for kv in os.environ.get("CLUSTER_BOUNCER_ENV", "").split() if "=" in kv
)
REPLICA_ENV = dict(
    kv.split("=", 1) for kv in os.environ.get("CLUSTER_REPLICA_ENV", "").split() if "=" in kv
)
KEEP = os.environ.get("CLUSTER_KEEP") == "1"
WRITE_RESULTS = os.environ.get("CLUSTER_WRITE_RESULTS") == "1"

REPLICAS = 3
DRAIN_S = 3
SHUTDOWN_TIMEOUT_S = 10
EVENT = "harbin-2026"
ADMIN = ("admin@gmd.example", "admin-demo-2026")
DELEGATE = ("delegate@gmd.example", "delegate-demo-2026")
DELEGATE2 = ("delegate2@gmd.example", "delegate2-demo-2026")
ATTACKER = "203.0.113.7"
HEALTH_CLIENT = "203.0.113.9"
SPOOFED = "203.0.113.66"
UNTRUSTED_PEER = "127.0.0.2"  # a loopback address outside TRUSTED_PROXIES=127.0.0.1/32
JWT_SECRET = secrets.token_urlsafe(48)
METRICS_TOKEN = secrets.token_urlsafe(24)


def say(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- child processes --------------------------------------------------------------------

CHILDREN = []
# The parent-death signal (set by util-linux's setpriv, kept across exec): a child is
# killed should this driver die without cleaning up. It is tied to the thread that
# started the child, hence children are started from the main thread only.
SETPRIV = shutil.which("setpriv")


def spawn(argv, env, log_path):
    """Starts a child in its own session, its output appended to log_path."""
    assert threading.current_thread() is threading.main_thread(), "spawn from the main thread"
    if SETPRIV:
        argv = [SETPRIV, "--pdeathsig", "KILL", "--", *argv]
    log = open(log_path, "ab")
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    CHILDREN.append(proc)
    return proc


def kill_children():
    for proc in CHILDREN:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    for proc in CHILDREN:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


# --- PostgreSQL ---------------------------------------------------------------------------

CREATED_DBS = []


def with_database(url, db):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + db))


def psql(sql):
    subprocess.run(
        ["psql", ADMIN_URL, "-qX", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def create_database(name):
    psql(f'CREATE DATABASE "{name}"')
    CREATED_DBS.append(name)
    return with_database(ADMIN_URL, name)


def drop_database(name):
    try:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except subprocess.CalledProcessError:
        print(f"cluster: warning: could not drop database {name}", file=sys.stderr)
    if name in CREATED_DBS:
        CREATED_DBS.remove(name)


# --- HTTP client ----------------------------------------------------------------------------

RANDOM = object()


def random_client():
    """A client address from 198.18.0.0/15, so that per-client limits never bite the load."""
    return f"198.{random.randint(18, 19)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body) if self.body else None

    @property
    def backend(self):
        return self.headers.get("x-cluster-backend", "?")


class Http:
    """One keep-alive connection; reconnects after an error or a pause."""

    def __init__(self, port, token=None, source=None, timeout=15.0):
        self.port = port
        self.token = token
        self.source = source
        self.timeout = timeout
        self.conn = None
        self.last = 0.0

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, xff=RANDOM, token=RANDOM):
        hdrs = {"Accept": "application/json"}
        token = self.token if token is RANDOM else token
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        if xff is RANDOM:
            hdrs["X-Forwarded-For"] = random_client()
        elif xff:
            hdrs["X-Forwarded-For"] = xff
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        # Idle connections may have been closed by the other side: not a server failure.
        if self.conn is None or time.monotonic() - self.last > 2.0:
            self.close()
            self.conn = http.client.HTTPConnection(
                "127.0.0.1",
                self.port,
                timeout=self.timeout,
                source_address=(self.source, 0) if self.source else None,
            )
        try:
            self.conn.request(method, path, body=data, headers=hdrs)
            r = self.conn.getresponse()
            raw = r.read()
        except Exception:
            self.close()
            raise
        self.last = time.monotonic()
        if r.will_close:
            self.close()
        return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, raw)


def login(port, account, xff=RANDOM, full=False):
    r = Http(port).request(
        "POST", "/api/v1/auth/login", {"email": account[0], "password": account[1]}, xff=xff
    )
    if r.status != 200:
        raise RuntimeError(f"sign-in as {account[0]} answered {r.status}: {r.body[:300]!r}")
    return r.json() if full else r.json()["access_token"]


# --- replicas, haproxy, pgbouncer -----------------------------------------------------------


class Replica:
    def __init__(self, name, work, database_url, extra_env=None):
        self.name = name
        self.port = free_port()
        self.dir = work / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = work / f"{name}.log"
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.proc = None
        self.starts = 0

    def env(self):
        env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
        env.update(
            DATABASE_URL=self.database_url,
            DEMO_DATA="true",
            JWT_SECRET=JWT_SECRET,
            BIND=f"127.0.0.1:{self.port}",
            DATA_DIR=str(self.dir),
            FRONTEND_DIR=str(FAKE_SPA),
            RUST_LOG="info",
            LOG_FORMAT="json",
            RATE_LIMIT_PER_MINUTE=str(RATE_LIMIT),
            TRUSTED_PROXIES="127.0.0.1/32",
            SHUTDOWN_DRAIN_S=str(DRAIN_S),
            SHUTDOWN_TIMEOUT_S=str(SHUTDOWN_TIMEOUT_S),
            WEBHOOK_ALLOWED_HOSTS="localhost",
            WEBHOOK_POLL_MS="100",
            DB_POOL_SIZE="5",
            DB_POOL_MIN_IDLE="1",
            DB_CONNECT_TIMEOUT_MS="2000",
            HTTP_WORKERS="2",
            METRICS_TOKEN=METRICS_TOKEN,
        )
        env.update(REPLICA_ENV)
        env.update(self.extra_env)
        return env

    def start(self):
        self.starts += 1
        with open(self.log, "ab") as f:
            f.write(f"=== cluster: start {self.starts} of {self.name}\n".encode())
        self.proc = spawn([BIN, "serve"], self.env(), self.log)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def ready(self):
        try:
            return Http(self.port, timeout=2).request("GET", "/health/ready", xff=None).status == 200
        except OSError:
            return False

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}) before ready:\n"
                                   + tail(self.log))
            if self.ready():
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready within {timeout}s:\n" + tail(self.log))

    def signal(self, sig):
        if self.alive():
            self.proc.send_signal(sig)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


def tail(path, n=25):
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("    " + line for line in lines[-n:])


class HAProxy:
    def __init__(self, work, replicas, name="haproxy"):
        self.work = work
        self.replicas = replicas
        self.port = free_port()
        self.socket = work / f"{name}.sock"
        self.config = work / f"{name}.cfg"
        self.log = work / f"{name}.log"
        servers = "\n".join(
            f"    server {r.name} 127.0.0.1:{r.port} check" for r in replicas
        )
        self.config.write_text(f"""\
global
    log stdout format raw local0 info
    stats socket {self.socket} mode 600 level admin
    maxconn 2000

defaults
    mode http
    log global
    option httplog
    option forwardfor
    # A request is sent once: no retry, no redispatch to another server.
    retries 0
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout check 2s

frontend api
    bind 127.0.0.1:{self.port}
    default_backend replicas

backend replicas
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    # Which replica answered: the test checks that reads land on other replicas than writes.
    http-response set-header X-Cluster-Backend %s
    # A refused or reset connection takes the server out at once instead of at its next check.
    default-server inter 500ms fall 1 rise 2 observe layer4 error-limit 1 on-error mark-down
{servers}
""")
        check = subprocess.run(["haproxy", "-c", "-q", "-f", str(self.config)],
                               capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy refused its config: {check.stdout}{check.stderr}")
        self.proc = None

    def start(self):
        self.proc = spawn(["haproxy", "-db", "-f", str(self.config)], None, self.log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("haproxy exited:\n" + tail(self.log))
            if self.socket.exists():
                try:
                    self.states()
                    return
                except OSError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("haproxy did not start")

    def command(self, cmd):
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(2)
            s.connect(str(self.socket))
            s.sendall(cmd.encode() + b"\n")
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def states(self):
        """{server name: status} as haproxy sees them ('UP', 'DOWN', 'UP 1/2', ...)."""
        out = self.command("show stat")
        lines = out.splitlines()
        header = lines[0].lstrip("# ").split(",")
        px, sv, st = header.index("pxname"), header.index("svname"), header.index("status")
        states = {}
        for line in lines[1:]:
            cols = line.split(",")
            if len(cols) > st and cols[px] == "replicas" and cols[sv] not in ("BACKEND", "FRONTEND"):
                states[cols[sv]] = cols[st]
        return states

    def wait_state(self, name, want, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.states().get(name) == want:
                return True
            time.sleep(0.05)
        return False

    def wait_all_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = self.states()
            if all(states.get(r.name) == "UP" for r in self.replicas):
                return
            time.sleep(0.1)
        raise RuntimeError(f"haproxy does not see every replica up: {self.states()}")


class PgBouncer:
    def __init__(self, work):
        self.dir = work / "pgbouncer-config"
        self.dir.mkdir(exist_ok=True)
        self.port = free_port()
        self.log = work / "pgbouncer.log"
        up = urllib.parse.urlsplit(ADMIN_URL)
        user = urllib.parse.unquote(up.username or "postgres")
        password = urllib.parse.unquote(up.password or "")
        self.user, self.password = user, password
        run_as = ""
        if os.geteuid() == 0:
            # PgBouncer refuses to run as root; it switches to this user after start-up.
            run_as = "user = postgres"
            os.chmod(work, 0o711)
            os.chmod(self.dir, 0o755)
        (self.dir / "userlist.txt").write_text(f'"{user}" "{password}"\n')
        (self.dir / "pgbouncer.ini").write_text(f"""\
[databases]
* = host={up.hostname or '127.0.0.1'} port={up.port or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
auth_file = {self.dir / 'userlist.txt'}
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
admin_users = {user}
{run_as}
""")
        for f in self.dir.iterdir():
            os.chmod(f, 0o644)
        self.proc = None

    def url(self, db):
        auth = urllib.parse.quote(self.user)
        if self.password:
            auth += ":" + urllib.parse.quote(self.password)
        return f"postgres://{auth}@127.0.0.1:{self.port}/{db}"

    def start(self):
        self.proc = spawn(["pgbouncer", str(self.dir / "pgbouncer.ini")], None, self.log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("pgbouncer exited:\n" + tail(self.log))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("pgbouncer did not start")


# --- the steady client ---------------------------------------------------------------------


class Steady:
    """Threads doing reads and writes through the balancer; every response is recorded."""

    def __init__(self, port, token, threads=THREADS, pause=0.02, tag="steady"):
        self.port = port
        self.token = token
        self.threads = threads
        self.pause = pause
        self.tag = tag
        self.records = []  # (t0, t1, method, path, status or None, error, backend)
        self.creates = []  # (id, name) of acknowledged creates
        self.patched = {}  # city id -> (last acknowledged population, {unacknowledged values})
        self.stop = threading.Event()
        self.paused = threading.Event()
        self.workers = []

    def start(self):
        for n in range(self.threads):
            t = threading.Thread(target=self.run, args=(n,), daemon=True)
            t.start()
            self.workers.append(t)

    def finish(self):
        self.stop.set()
        for t in self.workers:
            t.join(timeout=30)

    def call(self, http, method, path, body=None, headers=None):
        t0 = time.monotonic()
        status, error, backend, resp = None, None, "?", None
        try:
            resp = http.request(method, path, body, headers)
            status, backend = resp.status, resp.backend
        except Exception as e:  # noqa: BLE001 - every failure counts
            error = f"{type(e).__name__}: {e}"
        self.records.append((t0, time.monotonic(), method, path, status, error, backend))
        return resp

    def run(self, n):
        http = Http(self.port, self.token)
        run_id = uuid.uuid4().hex[:8]
        r = None
        while r is None or r.status != 201:
            r = self.call(http, "POST", "/api/v1/cities",
                          city_body(f"{self.tag} {run_id} {n} own"))
            if self.stop.is_set():
                return
        own = r.json()["id"]
        self.patched[own] = (r.json().get("population"), set())
        seq = 0
        ids = [own]
        while not self.stop.is_set():
            if self.paused.is_set():
                time.sleep(0.05)
                continue
            roll = random.random()
            if roll < 0.35:
                self.call(http, "GET", f"/api/v1/cities/{random.choice(ids)}")
            elif roll < 0.55:
                self.call(http, "GET", f"/api/v1/cities?q={self.tag}%20{run_id}&per_page=10")
            elif roll < 0.65:
                self.call(http, "GET", f"/api/v1/events/{EVENT}/delegates?per_page=10")
            elif roll < 0.85:
                seq += 1
                acked, pending = self.patched[own]
                pending.add(seq)
                r = self.call(http, "PATCH", f"/api/v1/cities/{own}", {"population": seq})
                if r is not None and 200 <= r.status < 300:
                    self.patched[own] = (seq, set())
            else:
                name = f"{self.tag} {run_id} {n} {seq}-{random.randint(0, 10**9)}"
                r = self.call(http, "POST", "/api/v1/cities", city_body(name))
                if r is not None and r.status == 201:
                    cid = r.json()["id"]
                    self.creates.append((cid, name))
                    ids.append(cid)
            time.sleep(self.pause)

    def window(self, t_from, t_to):
        """Requests that were under way at some moment in [t_from, t_to]."""
        rows = [r for r in self.records if r[1] >= t_from and r[0] <= t_to]
        failed = [r for r in rows if r[4] is None or r[4] >= 500]
        limited = [r for r in rows if r[4] == 429]
        return rows, failed, limited

    def lost_writes(self, http):
        """Acknowledged writes that a read through the balancer does not show."""
        lost = []
        checked = 0
        for cid, name in list(self.creates):
            checked += 1
            r = http.request("GET", f"/api/v1/cities/{cid}")
            if r.status != 200 or r.json()["name"].get("en") != name:
                lost.append(f"created city {cid} ({name}): {r.status}")
        for cid, (acked, pending) in list(self.patched.items()):
            checked += 1
            r = http.request("GET", f"/api/v1/cities/{cid}")
            got = r.json().get("population") if r.status == 200 else None
            if got != acked and got not in pending:
                lost.append(f"city {cid}: population {got}, last acknowledged {acked}")
        return checked, lost


def city_body(name):
    return {
        "name": {"en": name},
        "country": "FI",
        "latitude": 60.17,
        "longitude": 24.94,
        "time_zone": "Europe/Helsinki",
    }


def describe(rows, limit=8):
    out = []
    for t0, _t1, method, path, status, error, backend in rows[:limit]:
        out.append(f"    {t0 - STARTED:7.2f}s {method} {path} -> {status or error} (via {backend})")
    if len(rows) > limit:
        out.append(f"    … and {len(rows) - limit} more")
    return "\n".join(out)


# --- the webhook receiver ------------------------------------------------------------------


class Receiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []  # (time, path, delivery header, body)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"unparsable": raw[:200].decode(errors="replace")}
                with receiver.lock:
                    receiver.received.append(
                        (time.monotonic(), self.path, self.headers.get("X-GMD-Delivery"), body)
                    )
                # Like a real receiver, it takes a while: a worker's batch is in flight
                # for most of the time, so a restart meets one.
                if "nofault" not in self.path:
                    time.sleep(random.uniform(0.05, 0.8))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def at(self, path):
        with self.lock:
            return [r for r in self.received if r[1] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- results -------------------------------------------------------------------------------

RESULTS = []  # (check, variant, figure, ok)


def record(check, variant, ok, figure, detail=None):
    RESULTS.append((check, variant, figure, ok))
    print(f"{'PASS' if ok else 'FAIL'}  {check} [{variant}]: {figure}", flush=True)
    if detail and not ok:
        print(detail, flush=True)


def wanted(name):
    return not ONLY or name in ONLY


# --- the cluster ----------------------------------------------------------------------------


class Cluster:
    def __init__(self, work, label, database_url, extra_env=None):
        self.work = work / label
        self.work.mkdir(parents=True)
        self.label = label
        self.replicas = [
            Replica(f"r{i + 1}", self.work, database_url, extra_env) for i in range(REPLICAS)
        ]
        self.haproxy = HAProxy(self.work, self.replicas)

    def start(self):
        # The first replica migrates and loads the demo data alone, so that the checks do
        # not depend on the start-up race (check 6 tests that on its own).
        first, *rest = self.replicas
        first.start()
        first.wait_ready()
        for r in rest:
            r.start()
        for r in rest:
            r.wait_ready()
        self.haproxy.start()
        self.haproxy.wait_all_up()
        self.token = login(self.haproxy.port, ADMIN)

    def stop(self):
        for r in self.replicas:
            r.signal(signal.SIGKILL)
        if self.haproxy.proc and self.haproxy.proc.poll() is None:
            self.haproxy.proc.kill()
        for p in [r.proc for r in self.replicas] + [self.haproxy.proc]:
            if p is not None:
                p.wait(timeout=10)

    def rolling_restart(self):
        """SIGTERM each replica in turn, wait for its exit, start it, wait until haproxy
        routes to it again. Returns a list of problems (empty when it went well)."""
        problems = []
        notes = []
        for r in self.replicas:
            probe = Http(r.port, timeout=2)
            t0 = time.monotonic()
            r.signal(signal.SIGTERM)
            down_at = unready_at = closed_at = None
            deadline = t0 + DRAIN_S + SHUTDOWN_TIMEOUT_S + 10
            while r.alive() and time.monotonic() < deadline:
                if down_at is None and self.haproxy.states().get(r.name, "").startswith("DOWN"):
                    down_at = time.monotonic()
                if closed_at is None:
                    probe.close()  # a new connection each time: is the listener open?
                    try:
                        status = probe.request("GET", "/health/ready", xff=None).status
                        if status == 503 and unready_at is None:
                            unready_at = time.monotonic()
                    except OSError:
                        closed_at = time.monotonic()
                time.sleep(0.05)
            if r.alive():
                problems.append(f"{r.name} did not exit within {deadline - t0:.0f}s of SIGTERM")
                r.signal(signal.SIGKILL)
                r.wait_exit(10)
            exited = time.monotonic()
            rc = r.proc.returncode
            if rc != 0:
                problems.append(f"{r.name} exited with {rc} after SIGTERM")
            if unready_at is None:
                problems.append(f"{r.name}: /health/ready never answered 503 after SIGTERM")
            if closed_at is not None and closed_at - t0 < DRAIN_S - 0.5:
                problems.append(f"{r.name}: listener closed {closed_at - t0:.1f}s after SIGTERM, "
                                f"before SHUTDOWN_DRAIN_S={DRAIN_S}")
            if down_at is None:
                problems.append(f"{r.name}: haproxy never saw it down before it exited")
            at = lambda t: f"{t - t0:.1f}s" if t else "never"  # noqa: E731
            notes.append(f"{r.name}: ready 503 at {at(unready_at)}, out of rotation at "
                         f"{at(down_at)}, listener closed at {at(closed_at)}, exit "
                         f"{exited - t0:.1f}s")
            r.start()
            r.wait_ready()
            if not self.haproxy.wait_state(r.name, "UP", 30):
                problems.append(f"{r.name} not UP in haproxy 30 s after restart")
        return problems, notes


def check_rolling(cluster, steady, variant):
    t0 = time.monotonic()
    problems, notes = cluster.rolling_restart()
    time.sleep(1)
    t1 = time.monotonic()
    rows, failed, limited = steady.window(t0, t1)
    checked, lost = steady.lost_writes(Http(cluster.haproxy.port, cluster.token))
    ok = not failed and not lost and not problems
    figure = (f"{len(failed)} failed of {len(rows)} requests, {len(lost)} lost of {checked} "
              f"acknowledged writes, {len(limited)}x429, {t1 - t0:.0f}s ({'; '.join(notes)})")
    detail = "\n".join(
        ([describe(failed)] if failed else [])
        + ["    " + p for p in problems]
        + ["    lost: " + x for x in lost[:10]]
    )
    record("rolling restart, retries 0", variant, ok, figure, detail)
    return t1 - t0


def check_kill(cluster, steady, receiver, variant):
    victim = cluster.replicas[1]
    # Webhook events keep coming while the replica dies: its claimed deliveries must be
    # taken over within seconds (short leases), not after a minute.
    hooks = Webhooks(cluster, receiver, f"{variant}-kill")
    if hooks.hook:
        hooks.produce(total=160, seconds=8)
        time.sleep(2)
    t0 = time.monotonic()
    victim.signal(signal.SIGKILL)
    victim.wait_exit(10)
    saw_down = cluster.haproxy.wait_state(victim.name, "DOWN", 10)
    t_down = time.monotonic()
    time.sleep(1.0)
    t1 = time.monotonic()
    rows, failed, _ = steady.window(t0, t1)
    victim.start()
    victim.wait_ready()
    up = cluster.haproxy.wait_state(victim.name, "UP", 30)
    time.sleep(1.0)
    t2 = time.monotonic()
    rows2, failed2, _ = steady.window(t1 + 0.001, t2)
    in_flight = [r for r in failed if r[0] <= t0]
    ok = saw_down and up and len(failed) <= steady.threads and not failed2
    figure = (f"{len(failed)} failed of {len(rows)} requests around the kill "
              f"({len(in_flight)} in flight at the kill; limit {steady.threads}), "
              f"out of rotation after {t_down - t0:.1f}s, {len(failed2)} failed of "
              f"{len(rows2)} while it came back")
    record("kill -9 of one replica", variant, ok, figure, describe(failed + failed2))
    if hooks.hook:
        hooks.finish()
        res = hooks.collect(timeout=90)
        # At least once: what the dead replica was sending may come again; the figure is
        # how long its claims held the queue up.
        # The writes in flight at the kill may fail; the events of acknowledged ones not.
        ok = not res["lost"] and res["settled"] <= 15
        record("webhooks after kill -9", variant, ok,
               f"{res['written']} events, {len(res['lost'])} lost, {len(res['dups'])} "
               f"duplicated (allowed: at least once), slowest delivery {res['slowest']:.1f}s "
               f"after its write, all in {res['settled']:.1f}s after the last write "
               "(limit 15 s)",
               res["detail"])
        # A client retrying a write that was in flight on the dead replica, with the same
        # Idempotency-Key, gets its answer once the dead claim is recognised.
        answers = {}
        for key in hooks.given_up:
            for a in hooks.retry_answers.get(key, []):
                answers[a[:60]] = answers.get(a[:60], 0) + 1
        record("Idempotency-Key retry of a write in flight at kill -9", variant,
               not hooks.given_up,
               (f"{len(hooks.failures)} writes failed, {len(hooks.retried)} succeeded on retry "
                f"(after {max(hooks.retried, default=0):.1f}s at most), {len(hooks.given_up)} "
                "still refused after 30 s" + (f": {answers}" if answers else ""))
               if hooks.failures else "no write was in flight at the kill this time",
               "\n".join("    " + f for f in hooks.failures[:5]))
        hooks.delete()


class Webhooks:
    """A subscription to venue.created at the receiver, and writers of venues."""

    def __init__(self, cluster, receiver, label, event_types=("venue.created",), event=EVENT):
        self.cluster = cluster
        self.receiver = receiver
        self.label = label
        self.http = Http(cluster.haproxy.port, cluster.token)
        self.path = f"/hook/{label}"
        self.venues = {}  # venue id -> time its creation was acknowledged
        self.failures = []  # the first failure of each write that failed
        self.retry_answers = {}  # key -> every failed answer
        self.retried = []  # seconds from a write's first failure to its success
        self.given_up = []  # keys still failing after 30 s of retries
        self.lock = threading.Lock()
        self.threads = []
        r = self.http.request("POST", "/api/v1/webhooks", {
            "url": f"http://localhost:{receiver.port}{self.path}",
            "event_types": list(event_types),
            "event": event,
            "description": f"cluster test ({label})",
        })
        self.hook = r.json()["id"] if r.status == 201 else None
        if self.hook is None:
            record(f"webhooks ({label})", label, False,
                   f"could not subscribe: {r.status} {r.body[:300]!r}")

    def produce(self, total, seconds, producers=2):
        per = total // producers
        interval = seconds / per

        def run(n):
            client = Http(self.cluster.haproxy.port, self.cluster.token)
            for i in range(per):
                key = str(uuid.uuid4())
                body = {"name": {"en": f"cluster venue {self.label} {n}-{i}"},
                        "setting": "indoor"}
                first_failure = None
                # Retried with the same Idempotency-Key, for up to 30 s.
                while first_failure is None or time.monotonic() - first_failure < 30:
                    try:
                        resp = client.request("POST", f"/api/v1/events/{EVENT}/venues", body,
                                              {"Idempotency-Key": key})
                        if resp.status == 201:
                            with self.lock:
                                self.venues[resp.json()["id"]] = time.monotonic()
                                if first_failure is not None:
                                    self.retried.append(time.monotonic() - first_failure)
                            break
                        failure = f"{resp.status} {resp.body[:100]!r}"
                        if resp.headers.get("retry-after"):
                            failure += f" Retry-After {resp.headers['retry-after']}"
                    except Exception as e:  # noqa: BLE001
                        failure = f"{type(e).__name__}: {e}"
                    with self.lock:
                        if first_failure is None:
                            first_failure = time.monotonic()
                            self.failures.append(f"POST venue {key} -> {failure}")
                        self.retry_answers.setdefault(key, []).append(failure)
                    time.sleep(0.5)
                else:
                    with self.lock:
                        self.given_up.append(key)
                time.sleep(interval)

        self.threads = [threading.Thread(target=run, args=(n,), daemon=True)
                        for n in range(producers)]
        for t in self.threads:
            t.start()

    def finish(self):
        for t in self.threads:
            t.join()

    def pending(self):
        r = self.http.request("GET", f"/api/v1/webhooks/{self.hook}/deliveries"
                              "?status=pending&per_page=1")
        return r.json()["total"] if r.status == 200 else None

    def collect(self, timeout):
        """Waits until every written venue's event arrived and the subscription's queue is
        empty (a delivery sent but not recorded stays pending, and comes again), or until
        timeout; then 2 s more for late duplicates."""
        last_write = max(self.venues.values(), default=time.monotonic())
        expected = set(self.venues)
        deadline = time.monotonic() + timeout
        pending = None
        while time.monotonic() < deadline:
            got = {b.get("resource", {}).get("id") for _, _, _, b in self.receiver.at(self.path)}
            if expected <= got:
                pending = self.pending()
                if pending == 0:
                    break
            time.sleep(0.2)
        settled = time.monotonic() - last_write
        time.sleep(2)  # late duplicates
        received = self.receiver.at(self.path)
        by_event, first_seen = {}, {}
        for at, _p, delivery, body in received:
            by_event.setdefault(body.get("id"), []).append(delivery)
            rid = body.get("resource", {}).get("id")
            first_seen.setdefault(rid, at)
        got = set(first_seen)
        lost = expected - got
        dups = {e: d for e, d in by_event.items() if len(d) > 1}
        slowest = max((first_seen[v] - t for v, t in self.venues.items() if v in first_seen),
                      default=0.0)
        detail = "\n".join("    " + f for f in self.failures[:5])
        if pending:
            detail += f"\n    {pending} deliveries still pending after {timeout} s"
            lost = lost or {"pending"}
        if dups:
            detail += "\n" + duplicate_report(self.cluster, self.http, self.hook, dups)
        return {"written": len(expected), "received": len(received), "lost": lost,
                "dups": dups, "settled": settled, "slowest": slowest,
                "failures": self.failures, "detail": detail}

    def delete(self):
        self.http.request("DELETE", f"/api/v1/webhooks/{self.hook}")

    def log(self):
        """The subscription's whole delivery log."""
        items, page = [], 1
        while True:
            r = self.http.request(
                "GET", f"/api/v1/webhooks/{self.hook}/deliveries?per_page=100&page={page}")
            if r.status != 200:
                break
            batch = r.json()["items"]
            items += batch
            if len(batch) < 100:
                break
            page += 1
        return items


def check_webhooks_no_fault(hooks, steady, variant):
    """Every delivery of a subscription that saw only healthy replicas and a receiver that
    always answers 204: each event once, no attempt recorded as failed."""
    steady.paused.set()
    t0 = time.monotonic()
    pending = None
    while time.monotonic() - t0 < 60:
        pending = hooks.pending()
        if pending == 0:
            break
        time.sleep(0.2)
    time.sleep(2)
    steady.paused.clear()
    received = hooks.receiver.at(hooks.path)
    by_event = {}
    for _at, _p, delivery, body in received:
        by_event.setdefault(body.get("id"), []).append(delivery)
    dups = {e: d for e, d in by_event.items() if len(d) > 1}
    log = hooks.log()
    failed_attempts = [d for d in log if d.get("attempts", 0) > 1 or d.get("last_error")]
    undelivered = [d for d in log if d.get("status") != "delivered"]
    ok = pending == 0 and not dups and not failed_attempts
    detail = "\n".join("    attempt recorded as failed: " + json.dumps(d)
                       for d in failed_attempts[:8])
    if dups:
        detail += "\n" + duplicate_report(hooks.cluster, hooks.http, hooks.hook, dups)
    record("webhooks with no fault", variant, ok,
           f"{len(by_event)} events (city.*, during write-then-read and the steady load), "
           f"{len(received)} deliveries received, {len(dups)} duplicated, "
           f"{len(failed_attempts)} attempts recorded as failed, {len(undelivered)} not "
           f"delivered, queue empty {time.monotonic() - t0 - 2:.1f}s after the load paused",
           detail)
    hooks.delete()


def check_webhooks(cluster, receiver, variant, rolling_estimate):
    hooks = Webhooks(cluster, receiver, variant)
    if not hooks.hook:
        return
    total = 300
    hooks.produce(total=total, seconds=max(rolling_estimate, 10) * 0.9)
    problems, _notes = cluster.rolling_restart()
    hooks.finish()
    res = hooks.collect(timeout=90)
    ok = (not res["lost"] and not res["dups"] and not res["failures"]
          and res["written"] == total and not problems)
    figure = (f"{res['written']} events written, {res['received']} deliveries received, "
              f"{len(res['lost'])} lost, {len(res['dups'])} duplicated, slowest delivery "
              f"{res['slowest']:.1f}s after its write, all in {res['settled']:.1f}s after the "
              f"last write, {len(res['failures'])} failed writes")
    detail = "\n".join(["    " + p for p in problems] + [res["detail"]])
    record("webhooks over a rolling restart", variant, ok, figure, detail)
    hooks.delete()


def duplicate_report(cluster, http, hook, dups):
    """The delivery log and the replica logs around each duplicated event."""
    lines = [f"    duplicated events (event id: X-GMD-Delivery headers): "
             + ", ".join(f"{e}: {d}" for e, d in list(dups.items())[:10])]
    log = []
    page = 1
    while True:
        r = http.request("GET", f"/api/v1/webhooks/{hook}/deliveries?per_page=100&page={page}")
        if r.status != 200:
            lines.append(f"    delivery log: {r.status}")
            break
        items = r.json()["items"]
        log += items
        if len(items) < 100:
            break
        page += 1
    report = cluster.work / f"webhook-duplicates-{hook}.txt"
    with open(report, "w") as f:
        for d in log:
            if d["event_id"] in dups:
                f.write(json.dumps(d) + "\n")
                lines.append("    log: " + json.dumps(d))
        ids = {str(x) for ds in dups.values() for x in ds if x} | {str(e) for e in dups}
        for rep in cluster.replicas:
            for line in rep.log.read_text(errors="replace").splitlines():
                if "webhook" in line.lower() and any(f"{i}" in line for i in ids):
                    f.write(f"{rep.name}: {line}\n")
    lines.append(f"    full report: {report}")
    return "\n".join(lines[:40])


def check_stale(cluster, variant, pairs=500, threads=STALE_THREADS):
    port = cluster.haproxy.port
    admin = Http(port, cluster.token)
    stale, failures, other_replica, done = [], [], [0], [0]
    lock = threading.Lock()
    run_id = uuid.uuid4().hex[:8]

    def worker(n):
        http = Http(port, cluster.token)
        name = f"stale {variant} {run_id} {n}"
        r = http.request("POST", "/api/v1/cities", city_body(name))
        if r.status != 201:
            with lock:
                failures.append(f"create -> {r.status}")
            return
        cid = r.json()["id"]
        etag = r.headers.get("etag")
        q = urllib.parse.quote(name)
        for i in range(pairs // threads):
            population = 1000 + i
            w = http.request("PATCH", f"/api/v1/cities/{cid}", {"population": population})
            if not 200 <= w.status < 300:
                with lock:
                    failures.append(f"PATCH -> {w.status}")
                continue
            new_etag = w.headers.get("etag")
            g = http.request("GET", f"/api/v1/cities/{cid}")
            lst = http.request("GET", f"/api/v1/cities?q={q}&per_page=5")
            cond = http.request("GET", f"/api/v1/cities/{cid}", headers={"If-None-Match": etag})
            # Stale: an answer showing the state before the write (or a 304 for its ETag).
            # Any other non-200 is a failed read, counted apart.
            problems, failed_reads = [], []
            if g.status != 200:
                failed_reads.append(f"GET {cid}: {g.status}")
            elif g.json().get("population") != population:
                problems.append(f"GET {cid}: population {g.json().get('population')}")
            elif new_etag and g.headers.get("etag") != new_etag:
                problems.append(f"GET {cid}: ETag {g.headers.get('etag')} after write gave {new_etag}")
            if lst.status != 200:
                failed_reads.append(f"list: {lst.status}")
            else:
                hit = [it for it in lst.json().get("items", []) if it.get("id") == cid]
                if not hit or hit[0].get("population") != population:
                    problems.append(f"list q={name!r}: "
                                    f"{hit[0].get('population') if hit else 'missing'}")
            if cond.status == 304:
                problems.append(f"GET {cid} If-None-Match {etag} (pre-write): 304")
            elif cond.status != 200:
                failed_reads.append(f"GET {cid} If-None-Match: {cond.status}")
            with lock:
                failures.extend(failed_reads)
                done[0] += 1
                if g.backend != w.backend and lst.backend != w.backend:
                    other_replica[0] += 1
                for p in problems:
                    stale.append(f"write via {w.backend}, read via {g.backend}/{lst.backend}/"
                                 f"{cond.backend}: {p}")
            etag = new_etag or g.headers.get("etag")

    ts = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    del admin
    ok = not stale and not failures and done[0] == pairs
    figure = (f"{len(stale)} stale of {done[0]} write-then-read pairs (item, list, "
              f"If-None-Match), both reads on another replica in {other_replica[0]}, "
              f"{len(failures)} failed requests, {time.monotonic() - t0:.0f}s")
    record("write-then-read through the balancer", variant, ok, figure,
           "\n".join("    " + s for s in (stale + failures)[:10]))


def check_throttle(cluster, variant):
    port = cluster.haproxy.port
    # (a) the per-account throttle counts across replicas.
    statuses = []
    for i in range(5):
        rep = cluster.replicas[i % REPLICAS]
        s = Http(rep.port).request("POST", "/api/v1/auth/login",
                                   {"email": DELEGATE2[0], "password": f"not-the-password-{i}"},
                                   xff=f"192.0.2.{10 + i}").status
        statuses.append(f"{rep.name}:{s}")
    rep = cluster.replicas[5 % REPLICAS]
    sixth = Http(rep.port).request("POST", "/api/v1/auth/login",
                                   {"email": DELEGATE2[0], "password": DELEGATE2[1]},
                                   xff="192.0.2.99")
    first_five_ok = all(x.endswith(":401") for x in statuses)
    record("per-account sign-in throttle across replicas", variant,
           first_five_ok and sixth.status == 429,
           f"5 failures for {DELEGATE2[0]} ({', '.join(statuses)}), 6th attempt "
           f"(right password) on {rep.name}: {sixth.status}"
           + (f", Retry-After {sixth.headers.get('retry-after')}" if sixth.status == 429 else ""))

    # (b) one attacker behind the proxy fails to sign in again and again: at least 25
    # times, and on until the last answer of every replica is a 429 (the address's throttle
    # is full wherever it is counted), at most 100 times.
    attacker = Http(port)
    statuses = []
    first_429 = None
    for i in range(100):
        r = attacker.request("POST", "/api/v1/auth/login",
                             {"email": f"nobody-{i}@attacker.example", "password": "wrong-password-1"},
                             xff=ATTACKER)
        statuses.append(r.status)
        if r.status == 429 and first_429 is None:
            first_429 = i + 1
        if i + 1 >= 25 and statuses[-REPLICAS:] == [429] * REPLICAS:
            break
    unexpected = [s for s in statuses if s not in (401, 429)]
    # (c) someone else, behind the same proxy, signs in.
    r = Http(port).request("POST", "/api/v1/auth/login",
                           {"email": DELEGATE[0], "password": DELEGATE[1]}, xff="198.51.100.23")
    ok = r.status == 200 and not unexpected
    record("no lockout of others behind the proxy", variant, ok,
           f"{len(statuses)} failed sign-ins from {ATTACKER} (429 from attempt "
           f"{first_429 or 'never'}), then the delegate from 198.51.100.23: {r.status}"
           + (f"; unexpected answers {sorted(set(unexpected))}" if unexpected else ""),
           f"    delegate's answer: {r.status} {r.body[:200]!r} retry-after={r.headers.get('retry-after')}")

    # (d) health probes from one address, past that address's rate limit.
    per_kind = max(150, (REPLICAS * RATE_LIMIT) // 2 + 60) if RATE_LIMIT else 150
    counts = {}
    lock = threading.Lock()

    def probe(paths):
        http = Http(port)
        for p in paths:
            try:
                s = http.request("GET", p, xff=HEALTH_CLIENT).status
            except Exception as e:  # noqa: BLE001
                s = type(e).__name__
            with lock:
                counts[(p, s)] = counts.get((p, s), 0) + 1

    paths = ["/health/live", "/health/ready"] * per_kind
    chunks = [paths[i::8] for i in range(8)]
    ts = [threading.Thread(target=probe, args=(c,), daemon=True) for c in chunks]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    took = time.monotonic() - t0
    limited = sum(n for (_p, s), n in counts.items() if s == 429)
    not_ok = sum(n for (_p, s), n in counts.items() if s != 200)
    api = Http(port).request("GET", f"/api/v1/events/{EVENT}", xff=HEALTH_CLIENT).status
    record("health probes are never rate-limited", variant, limited == 0 and not_ok == 0,
           f"{len(paths)} probes from {HEALTH_CLIENT} in {took:.1f}s "
           f"(rate limit {RATE_LIMIT}/min per replica): {limited}x429, {not_ok} not 200 "
           f"({', '.join(f'{p} {s}: {n}' for (p, s), n in sorted(counts.items(), key=str))}); "
           f"an API read from that address then: {api}")

    # (e) client addresses in the logs: forwarded by a trusted proxy, or the peer itself.
    via_proxy = Http(port).request("GET", f"/api/v1/events/{EVENT}", xff=ATTACKER)
    direct = cluster.replicas[0]
    try:
        spoof = Http(direct.port, source=UNTRUSTED_PEER).request(
            "GET", f"/api/v1/events/{EVENT}", xff=SPOOFED)
    except OSError as e:
        spoof = None
        spoof_error = str(e)
    time.sleep(0.5)
    problems = []
    line = log_line(cluster, via_proxy.headers.get("x-request-id"))
    if line is None or ATTACKER not in line:
        problems.append(f"via haproxy with X-Forwarded-For {ATTACKER}: {line}")
    if spoof is None:
        problems.append(f"from {UNTRUSTED_PEER}: {spoof_error}")
    else:
        line2 = log_line(cluster, spoof.headers.get("x-request-id"))
        if line2 is None or SPOOFED in line2 or UNTRUSTED_PEER not in line2:
            problems.append(f"from untrusted {UNTRUSTED_PEER} claiming {SPOOFED}: {line2}")
    # A client of the proxy (an untrusted address) cannot name another address either,
    # whichever header it writes: the proxy only appends to X-Forwarded-For.
    for header, claim in (("X-Forwarded-For", "198.51.100.201"),
                          ("Forwarded", "for=198.51.100.202")):
        try:
            r = Http(port, source=UNTRUSTED_PEER).request(
                "GET", f"/api/v1/events/{EVENT}", xff=None, headers={header: claim})
            line3 = log_line(cluster, r.headers.get("x-request-id"))
            if line3 is None or claim.split("=")[-1] in line3 or UNTRUSTED_PEER not in line3:
                problems.append(f"client {UNTRUSTED_PEER} of haproxy sending {header}: "
                                f"{claim}: {line3}")
        except OSError as e:
            problems.append(f"proxy client {UNTRUSTED_PEER}: {e}")
    record("client address in the access log", variant, not problems,
           f"proxied request logged with {ATTACKER}; {SPOOFED} claimed by an untrusted peer "
           "and X-Forwarded-For/Forwarded written by a proxy client ignored"
           if not problems else "; ".join(p[:300] for p in problems))


def check_sessions(cluster, variant):
    """A sign-out through one replica ends the session on every replica."""
    signed_in = login(cluster.haproxy.port, ("organizer@gmd.example", "organizer-demo-2026"),
                      full=True)
    token = signed_in["access_token"]
    before = [Http(r.port, token).request("GET", "/api/v1/auth/me", xff=None).status
              for r in cluster.replicas]
    out = Http(cluster.replicas[0].port, token).request(
        "POST", "/api/v1/auth/logout", {"refresh_token": signed_in["refresh_token"]}, xff=None)
    t0 = time.monotonic()
    after = {}
    while time.monotonic() - t0 < 5:
        for r in cluster.replicas:
            if r.name not in after:
                s = Http(r.port, token).request("GET", "/api/v1/auth/me", xff=None).status
                if s == 401:
                    after[r.name] = time.monotonic() - t0
        if len(after) == len(cluster.replicas):
            break
        time.sleep(0.02)
    ok = before == [200] * REPLICAS and 200 <= out.status < 300 and \
        len(after) == REPLICAS and max(after.values()) < 1.0
    record("sign-out seen by every replica", variant, ok,
           f"me before {before}, logout via r1 {out.status}, 401 on "
           + ", ".join(f"{k} after {v * 1000:.0f} ms" for k, v in sorted(after.items()))
           + (f"; still 200 after 5 s on {sorted(set(r.name for r in cluster.replicas) - set(after))}"
              if len(after) < REPLICAS else ""))


def log_line(cluster, request_id):
    """The access line of a request: its `client` field when the line is JSON."""
    if not request_id:
        return None
    for rep in cluster.replicas:
        for line in rep.log.read_text(errors="replace").splitlines():
            if request_id in line and '"client"' in line and is_json(line):
                return f"logged as {json.loads(line)['client']}"
    for rep in cluster.replicas:
        for line in rep.log.read_text(errors="replace").splitlines():
            if request_id in line:
                return line[:200]
    return None


def check_metrics(cluster, variant):
    rep = cluster.replicas[0]
    http = Http(rep.port)
    problems = []
    r = http.request("GET", "/metrics", xff=None, token=METRICS_TOKEN,
                     headers={"Accept": "text/plain"})
    ctype = r.headers.get("content-type", "")
    text = r.body.decode(errors="replace")
    if r.status != 200:
        problems.append(f"/metrics: {r.status}")
    if not ctype.startswith("text/plain") or "version=0.0.4" not in ctype:
        problems.append(f"/metrics content-type {ctype!r}")
    for name in ("http_requests_total",):
        if name not in text:
            problems.append(f"/metrics lacks {name}")
    families = sorted({ln.split()[2] for ln in text.splitlines() if ln.startswith("# TYPE ")})
    # What the issue asks for, by family name: latency, pool, cache, webhook queue,
    # sign-in failures.
    for what, words in (("a latency histogram", ("duration", "latency")),
                        ("the pool", ("pool",)), ("the cache", ("cache",)),
                        ("the webhook queue", ("webhook",)), ("sign-in failures", ("sign_in",))):
        if not any(w in f for f in families for w in words):
            problems.append(f"no metric for {what}")
    # Routes are templates (bounded label values), not paths with ids.
    routes = {part.split('"')[1] for ln in text.splitlines()
              if ln.startswith("http_requests_total{")
              for part in ln.split(",") if part.lstrip("{").startswith("route=")}
    raw = sorted(r for r in routes if any(seg.isdigit() for seg in r.split("/")))
    if raw:
        problems.append(f"route labels with ids: {raw[:3]}")
    if routes and "/api/v1/cities/{id}" not in routes:
        problems.append(f"no route /api/v1/cities/{{id}} among {sorted(routes)[:8]}")
    anon = http.request("GET", "/metrics", xff=None, token=None, headers={"Accept": "text/plain"})
    if anon.status not in (401, 403):
        problems.append(f"/metrics without the METRICS_TOKEN: {anon.status}")
    record("/metrics (Prometheus text, token)", variant, not problems,
           f"{r.status} {ctype!r}, {len(families)} metric families, {len(routes)} route "
           f"labels, without token {anon.status}" + ("; " + "; ".join(problems) if problems else ""),
           "    families: " + ", ".join(families[:40]))

    problems = []
    for path in ("/metrics/nope", "/health/nope", "/api/nope", "/api/v1/nope"):
        r = http.request("GET", path, xff=None, headers={"Accept": "text/html,*/*"})
        ctype = r.headers.get("content-type", "")
        if r.status != 404 or "json" not in ctype or r.body.lstrip()[:1] == b"<":
            problems.append(f"{path}: {r.status} {ctype!r}")
    record("unknown /metrics, /health, /api paths are 404 JSON", variant, not problems,
           "4 paths: 404 JSON" if not problems else "; ".join(problems))

    r = http.request("GET", "/health/live", xff=None)
    body = r.json() if r.status == 200 and "json" in r.headers.get("content-type", "") else {}
    ok = body.get("status") == "ok" and body.get("version") and body.get("build")
    record("/health/live names version and build", variant, bool(ok),
           f"{r.status} {r.body[:200].decode(errors='replace')}")

    lines = rep.log.read_text(errors="replace").splitlines()
    served = [ln for ln in lines if not ln.startswith("=== cluster:")]
    bad = [ln for ln in served if not is_json(ln)]
    record("LOG_FORMAT=json: every log line is JSON", variant, bool(served) and not bad,
           f"{len(served) - len(bad)} of {len(served)} lines of {rep.name} parse as JSON",
           "\n".join("    " + b[:200] for b in bad[:3]))


def is_json(line):
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def check_race(work, attempts=5):
    failures = []
    times = []
    for n in range(attempts):
        name = f"{DB_BASE}_race{n + 1}"
        url = create_database(name)
        race = work / f"race{n + 1}"
        race.mkdir()
        reps = [Replica(f"r{i + 1}", race, url) for i in range(REPLICAS)]
        t0 = time.monotonic()
        for r in reps:
            r.start()
        pending = set(range(REPLICAS))
        deadline = t0 + 120
        while pending and time.monotonic() < deadline:
            for i in list(pending):
                if not reps[i].alive():
                    failures.append(f"try {n + 1}: {reps[i].name} exited "
                                    f"({reps[i].proc.returncode}):\n{tail(reps[i].log, 6)}")
                    pending.discard(i)
                elif reps[i].ready():
                    pending.discard(i)
            time.sleep(0.1)
        for i in pending:
            failures.append(f"try {n + 1}: {reps[i].name} not ready in 120 s")
        times.append(time.monotonic() - t0)
        for r in reps:
            r.signal(signal.SIGKILL)
        for r in reps:
            r.wait_exit(10)
        drop_database(name)
    ok = not failures
    record("3 replicas starting together on an empty database", "direct", ok,
           f"{attempts * REPLICAS - len(failures)} of {attempts * REPLICAS} started in "
           f"{attempts} tries (slowest try {max(times):.1f}s)",
           "\n".join("    " + f for f in failures[:6]))


def variant_run(work, label, database_url, extra_env, receiver, checks):
    cluster = Cluster(work, label, database_url, extra_env)
    say(f"{label}: starting 3 replicas and haproxy")
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    say(f"{label}: haproxy on 127.0.0.1:{cluster.haproxy.port}, replicas on "
        + ", ".join(f"{r.name}:{r.port}" for r in cluster.replicas))
    steady = Steady(cluster.haproxy.port, cluster.token)
    steady.start()
    time.sleep(2)
    rolling = [25.0]

    def guarded(name, run):
        """Runs one check; an error (a replica that does not come back) fails that check
        only, and the next one runs with what is left."""
        try:
            run()
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            record(name, label, False, f"stopped: {type(e).__name__}: "
                   + " | ".join(line.strip() for line in str(e).splitlines()[-3:])[:400])
            for r in cluster.replicas:  # bring back what the check left down
                if not r.alive():
                    try:
                        r.start()
                        r.wait_ready(30)
                    except Exception:  # noqa: BLE001
                        pass

    def stale():
        nofault = Webhooks(cluster, receiver, f"{label}-nofault", ["city.*"], None)
        check_stale(cluster, label)
        check_sessions(cluster, label)
        if nofault.hook:
            check_webhooks_no_fault(nofault, steady, label)

    try:
        if "rolling" in checks:
            say(f"{label}: rolling restart under the steady client")
            guarded("rolling restart, retries 0",
                    lambda: rolling.__setitem__(0, check_rolling(cluster, steady, label)))
        if "kill" in checks:
            say(f"{label}: kill -9 of one replica")
            guarded("kill -9 of one replica",
                    lambda: check_kill(cluster, steady, receiver, label))
        if "webhooks" in checks:
            say(f"{label}: 300 webhook events over a rolling restart")
            guarded("webhooks over a rolling restart",
                    lambda: check_webhooks(cluster, receiver, label, rolling[0]))
        if "stale" in checks:
            say(f"{label}: write-then-read pairs (and webhooks of every city change)")
            guarded("write-then-read through the balancer", stale)
        if "throttle" in checks:
            say(f"{label}: sign-in throttle, health and client addresses behind the proxy")
            guarded("sign-in throttle and health behind the proxy",
                    lambda: check_throttle(cluster, label))
        if "metrics" in checks:
            guarded("/metrics", lambda: check_metrics(cluster, label))
    finally:
        steady.finish()
        rows, failed, limited = steady.window(0, time.monotonic())
        say(f"{label}: steady client: {len(rows)} requests, {len(failed)} failed, "
            f"{len(limited)}x429 over the whole run")
        cluster.stop()


def main():
    global FAKE_SPA
    if not ADMIN_URL.startswith(("postgres://", "postgresql://")):
        print("cluster: TEST_DATABASE_URL must be a PostgreSQL URL", file=sys.stderr)
        return 2
    for tool in ("haproxy", "pgbouncer", "psql"):
        if shutil.which(tool) is None:
            print(f"cluster: {tool} is not installed", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="gmd-cluster."))
    # A stand-in single-page app: an unknown API path answered with it would be HTML.
    FAKE_SPA = work / "spa"
    FAKE_SPA.mkdir()
    (FAKE_SPA / "index.html").write_text("<!doctype html><title>SPA</title>\n")
    say(f"work directory {work} (logs and configs), binary {BIN}")
    receiver = Receiver()
    def phase(label, run):
        """Runs one part; an error stops that part only, as a failed check."""
        try:
            run()
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            record("set-up", label, False, f"{type(e).__name__}: "
                   + " | ".join(line.strip() for line in str(e).splitlines()[-3:])[:400])

    def haproxy_variant():
        base = [c for c in ("rolling", "kill", "webhooks", "stale", "throttle", "metrics")
                if wanted(c)]
        if base:
            url = create_database(DB_BASE)
            variant_run(work, "haproxy", url, None, receiver, base)
            drop_database(DB_BASE)

    def bouncer_variant():
        bouncer = PgBouncer(work)
        bouncer.start()
        name = f"{DB_BASE}_bouncer"
        create_database(name)
        say(f"pgbouncer (transaction pooling) on 127.0.0.1:{bouncer.port}")
        checks = [c for c in ("rolling", "webhooks", "stale") if c in ONLY] or \
            ["rolling", "webhooks", "stale"]
        try:
            variant_run(work, "pgbouncer", bouncer.url(name), BOUNCER_ENV, receiver, checks)
        finally:
            drop_database(name)
            bouncer.proc.terminate()

    try:
        phase("haproxy", haproxy_variant)
        if wanted("bouncer"):
            phase("pgbouncer", bouncer_variant)
        if wanted("race"):
            say("3 replicas starting together on an empty database, 5 times")
            phase("direct", lambda: check_race(work))
    finally:
        kill_children()
        receiver.close()
        for name in list(CREATED_DBS):
            drop_database(name)
    summary(work)
    failed = not RESULTS or any(not ok for *_rest, ok in RESULTS)
    if failed or KEEP:
        say(f"logs and configs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def summary(work):
    took = time.monotonic() - STARTED
    rows = ["| check | variant | figure | result |", "|---|---|---|---|"]
    for check, variant, figure, ok in RESULTS:
        rows.append(f"| {check} | {variant} | {figure.replace('|', '/')} | "
                    f"{'pass' if ok else '**FAIL**'} |")
    table = "\n".join(rows)
    print(f"\n{table}\n\ncluster: {sum(ok for *_r, ok in RESULTS)} of {len(RESULTS)} checks "
          f"passed in {took:.0f}s", flush=True)
    if WRITE_RESULTS:
        rev = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
                             capture_output=True, text=True).stdout.strip()
        haproxy_v = subprocess.run(["haproxy", "-v"], capture_output=True,
                                   text=True).stdout.split("\n")[0]
        bouncer_v = subprocess.run(["pgbouncer", "--version"], capture_output=True,
                                   text=True).stdout.split("\n")[0]
        (ROOT / "tests/cluster/RESULTS.md").write_text(f"""\
# Cluster test results

`CLUSTER_WRITE_RESULTS=1 TEST_DATABASE_URL=postgres://… bash tests/cluster/run.sh`
on {datetime.date.today().isoformat()}, commit `{rev}`, debug build, {os.cpu_count()} cores;
{haproxy_v}; {bouncer_v}; 3 replicas (`HTTP_WORKERS=2`, `DB_POOL_SIZE=5`,
`RATE_LIMIT_PER_MINUTE={RATE_LIMIT}`, `SHUTDOWN_DRAIN_S={DRAIN_S}`), {THREADS} steady-client
threads; {took:.0f} s in all.

{table}
""")
        print("cluster: wrote tests/cluster/RESULTS.md")


FAKE_SPA = None

if __name__ == "__main__":
    def _terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    sys.exit(main())
