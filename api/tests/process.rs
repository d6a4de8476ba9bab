//! The `gmd` binary as an operator runs it (issue 14): a stop on SIGTERM drains before it
//! closes, replicas starting together on one empty PostgreSQL database all start, the
//! maintenance commands need only `DATABASE_URL`, and `LOG_FORMAT=json` writes the access
//! log as JSON with the client address. Each test starts real processes on loopback;
//! PostgreSQL variants run when `TEST_DATABASE_URL` is set, each on a database of its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

const GMD: &str = env!("CARGO_BIN_EXE_gmd");

/// A PostgreSQL database made for one test and dropped after it.
struct PgDatabase {
    server: String,
    name: String,
}

impl PgDatabase {
    fn create() -> Option<Self> {
        let server = std::env::var("TEST_DATABASE_URL").ok()?;
        let name = format!("gmd_process_{}", uuid::Uuid::new_v4().simple());
        let mut conn = PgConnection::establish(&server).expect("TEST_DATABASE_URL connects");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .expect("a database for the test");
        Some(Self { server, name })
    }

    fn url(&self) -> String {
        let mut url = url::Url::parse(&self.server).expect("a URL");
        url.set_path(&self.name);
        url.to_string()
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.server) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}

/// A running `gmd serve`, its address read from its log, its log lines kept.
struct Server {
    child: Child,
    address: String,
    lines: mpsc::Receiver<String>,
    data: std::path::PathBuf,
}

impl Server {
    fn start(database_url: Option<&str>, env: &[(&str, &str)]) -> Server {
        let data =
            std::env::temp_dir().join(format!("gmd-process-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data).unwrap();
        let mut command = Command::new(GMD);
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DEMO_DATA", "true")
            .env("BIND", "127.0.0.1:0")
            .env("DATA_DIR", &data)
            .env("FRONTEND_DIR", data.join("no-spa"))
            .env("RUST_LOG", "info")
            .env("WEBHOOK_WORKER", "false")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(url) = database_url {
            command.env("DATABASE_URL", url);
        }
        let mut child = command.spawn().expect("gmd starts");
        let (send, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let address = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = lines.recv_timeout(left).unwrap_or_else(|_| {
                panic!("gmd did not say where it serves: {:?}", child.try_wait())
            });
            if let Some(rest) = line.split("serving on http://").nth(1) {
                break rest.split_whitespace().next().unwrap().to_owned();
            }
        };
        Server {
            child,
            address,
            lines,
            data,
        }
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Result<(u16, String), std::io::Error> {
        get(&self.address, path, headers)
    }

    fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent");
    }

    /// Waits for the process to exit; its exit code.
    fn wait(&mut self, limit: Duration) -> Option<i32> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Every log line so far.
    fn log(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// One HTTP/1.1 GET on a fresh connection: status and body.
fn get(
    address: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Result<(u16, String), std::io::Error> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

fn until_ready(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if matches!(server.get("/health/ready", &[]), Ok((200, _))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{} never became ready: {:?}", server.address, server.log());
}

/// SIGTERM: readiness 503 at once while everything else is still served for the drain,
/// then the listener closes and the process exits 0.
fn drains_on_sigterm(database_url: Option<&str>) {
    let mut server = Server::start(
        database_url,
        &[("SHUTDOWN_DRAIN_S", "2"), ("SHUTDOWN_TIMEOUT_S", "5")],
    );
    until_ready(&server);
    server.terminate();
    let signalled = Instant::now();
    std::thread::sleep(Duration::from_millis(200));
    let (status, body) = server.get("/health/ready", &[]).unwrap();
    assert_eq!(status, 503, "readiness while draining: {body}");
    assert!(body.contains("/problems/draining"), "{body}");
    assert_eq!(server.get("/health/live", &[]).unwrap().0, 200);
    assert_eq!(
        server.get("/api/v1/events", &[]).unwrap().0,
        200,
        "still serving"
    );
    assert!(
        signalled.elapsed() < Duration::from_secs(2),
        "the checks ran inside the drain"
    );
    let code = server.wait(Duration::from_secs(15));
    assert_eq!(
        code,
        Some(0),
        "exit code after SIGTERM; log: {:?}",
        server.log()
    );
    assert!(
        signalled.elapsed() >= Duration::from_secs(2),
        "the process left before the drain ended"
    );
    assert!(
        server.get("/health/live", &[]).is_err(),
        "the listener is closed"
    );
}

#[test]
fn sqlite_drains_on_sigterm() {
    drains_on_sigterm(None);
}

#[test]
fn postgres_drains_on_sigterm() {
    if let Some(database) = PgDatabase::create() {
        drains_on_sigterm(Some(&database.url()));
    }
}

/// Three replicas on one empty database, started at once (migrations and the demo load
/// race): every one of them starts, three times over; and `gmd migrate` needs nothing but
/// `DATABASE_URL`.
#[test]
fn postgres_replicas_starting_together_all_start() {
    for _ in 0..3 {
        let Some(database) = PgDatabase::create() else {
            return;
        };
        let url = database.url();
        let starting: Vec<_> = (0..3)
            .map(|_| {
                let url = url.clone();
                std::thread::spawn(move || Server::start(Some(&url), &[]))
            })
            .collect();
        let servers: Vec<Server> = starting.into_iter().map(|s| s.join().unwrap()).collect();
        for server in &servers {
            until_ready(server);
            let (status, body) = server.get("/api/v1/events", &[]).unwrap();
            assert_eq!(status, 200, "{body}");
            assert!(
                body.contains("\"total\":1"),
                "the demo was loaded once: {body}"
            );
        }
        drop(servers);
        let migrated = Command::new(GMD)
            .arg("migrate")
            .env_clear()
            .env("DATABASE_URL", &url)
            .output()
            .unwrap();
        assert!(
            migrated.status.success(),
            "gmd migrate with only DATABASE_URL: {}",
            String::from_utf8_lossy(&migrated.stderr)
        );
    }
}

/// `LOG_FORMAT=json`: every line is a JSON object; the access line carries the client
/// address a trusted proxy forwarded, the route template, the status and the request id.
#[test]
fn json_logs_carry_the_client_route_and_request_id() {
    let server = Server::start(
        None,
        &[("LOG_FORMAT", "json"), ("TRUSTED_PROXIES", "127.0.0.1/32")],
    );
    until_ready(&server);
    let (status, _) = server
        .get(
            "/api/v1/events/harbin-2026",
            &[("X-Forwarded-For", "203.0.113.9")],
        )
        .unwrap();
    assert_eq!(status, 200);
    std::thread::sleep(Duration::from_millis(300));
    let lines = server.log();
    let records: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let access = records
        .iter()
        .find(|r| r["target"] == "gmd::access" && r["client"] == "203.0.113.9")
        .unwrap_or_else(|| panic!("no access line for the forwarded client: {lines:?}"));
    assert_eq!(access["status"], 200);
    assert_eq!(access["route"], "/api/v1/events/{event}");
    assert_eq!(access["method"], "GET");
    assert!(
        access["request_id"].as_str().is_some_and(|id| id.len() > 8),
        "{access}"
    );
    assert!(access["duration_ms"].is_number(), "{access}");
}
