//! A loopback webhook receiver: answers each delivery with the next status of its script
//! (then 204), checks every signature, and keeps what it received.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub body: Value,
    pub signature_valid: bool,
    /// The status the receiver answered.
    pub answered: u16,
}

#[derive(Debug, Default)]
struct State {
    script: Vec<u16>,
    fallback: u16,
    received: Vec<Received>,
}

/// A running receiver.
#[derive(Debug, Clone)]
pub struct Receiver {
    /// `http://127.0.0.1:<port>/hook`
    pub url: String,
    secret: String,
    state: Arc<Mutex<State>>,
}

impl Receiver {
    /// Starts a receiver verifying with `secret`, answering `script` in turn, then
    /// `fallback` for ever.
    pub async fn start(secret: &str, script: &[u16], fallback: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}/hook", listener.local_addr().expect("an address"));
        let state = Arc::new(Mutex::new(State {
            script: script.iter().rev().copied().collect(),
            fallback,
            received: Vec::new(),
        }));
        let receiver = Self {
            url,
            secret: secret.to_owned(),
            state,
        };
        let serving = receiver.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let serving = serving.clone();
                tokio::spawn(async move { serving.answer(stream).await });
            }
        });
        receiver
    }

    async fn answer(&self, mut stream: tokio::net::TcpStream) {
        let mut buffer = Vec::new();
        let mut chunk = [0u8; 8192];
        let (head_end, length) = loop {
            let Ok(n) = stream.read(&mut chunk).await else {
                return;
            };
            if n == 0 {
                return;
            }
            buffer.extend_from_slice(&chunk[..n]);
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                break (end + 4, length);
            }
        };
        while buffer.len() < head_end + length {
            let Ok(n) = stream.read(&mut chunk).await else {
                return;
            };
            if n == 0 {
                return;
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
        let body = &buffer[head_end..head_end + length];
        let signature = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("x-gmd-signature")
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default();
        let signature_valid = signature
            .split(',')
            .find_map(|part| part.strip_prefix("t="))
            .and_then(|t| t.parse::<i64>().ok())
            .is_some_and(|t| {
                gmd_api::webhooks::signature::sign(&self.secret, t, body) == signature
            });
        let answered = {
            let mut state = self.state.lock().expect("the receiver's lock");
            let answered = state.script.pop().unwrap_or(state.fallback);
            state.received.push(Received {
                body: serde_json::from_slice(body).unwrap_or(Value::Null),
                signature_valid,
                answered,
            });
            answered
        };
        let reply =
            format!("HTTP/1.1 {answered} Status\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        let _ = stream.write_all(reply.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .lock()
            .expect("the receiver's lock")
            .received
            .clone()
    }

    /// The deliveries that were answered with 2xx.
    pub fn accepted(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| (200..300).contains(&r.answered))
            .collect()
    }

    /// Waits (up to a minute) until `done` holds for what was received.
    pub async fn wait_until(
        &self,
        what: &str,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {received:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
