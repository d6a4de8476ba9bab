//! A loopback webhook receiver: answers each delivery with the next status of its script
//! (then 204), checks every signature, and keeps what it received. It speaks plain HTTP,
//! or HTTPS with a self-signed certificate for `127.0.0.1`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

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
    /// `http://127.0.0.1:<port>/hook`, or `https://…` for [`Receiver::start_tls`].
    pub url: String,
    /// The self-signed certificate (PEM) of an HTTPS receiver: what a client must trust.
    pub certificate: Option<String>,
    secret: String,
    state: Arc<Mutex<State>>,
    /// TLS connections that failed before a request arrived (the client refused).
    handshakes_failed: Arc<Mutex<usize>>,
}

impl Receiver {
    /// Starts a receiver verifying with `secret`, answering `script` in turn, then
    /// `fallback` for ever.
    pub async fn start(secret: &str, script: &[u16], fallback: u16) -> Self {
        Self::listen(secret, script, fallback, None).await
    }

    /// Like [`Receiver::start`], over HTTPS with a new self-signed certificate for
    /// `127.0.0.1` (in [`Receiver::certificate`]).
    pub async fn start_tls(secret: &str, script: &[u16], fallback: u16) -> Self {
        let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])
            .expect("a self-signed certificate");
        let key = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(generated.key_pair.serialize_der()));
        let config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_no_client_auth()
                .with_single_cert(vec![generated.cert.der().clone()], key)
                .expect("a server certificate");
        let mut receiver = Self::listen(
            secret,
            script,
            fallback,
            Some(TlsAcceptor::from(Arc::new(config))),
        )
        .await;
        receiver.certificate = Some(generated.cert.pem());
        receiver
    }

    async fn listen(secret: &str, script: &[u16], fallback: u16, tls: Option<TlsAcceptor>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!(
            "{scheme}://{}/hook",
            listener.local_addr().expect("an address")
        );
        let state = Arc::new(Mutex::new(State {
            script: script.iter().rev().copied().collect(),
            fallback,
            received: Vec::new(),
        }));
        let receiver = Self {
            url,
            certificate: None,
            secret: secret.to_owned(),
            state,
            handshakes_failed: Arc::default(),
        };
        let serving = receiver.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let serving = serving.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => serving.answer(stream).await,
                        Some(acceptor) => match acceptor.accept(stream).await {
                            Ok(stream) => serving.answer(stream).await,
                            Err(_) => *serving.handshakes_failed.lock().expect("the lock") += 1,
                        },
                    }
                });
            }
        });
        receiver
    }

    /// How many TLS handshakes failed (an HTTPS receiver whose certificate was refused).
    pub fn handshakes_failed(&self) -> usize {
        *self.handshakes_failed.lock().expect("the lock")
    }

    async fn answer(&self, mut stream: impl AsyncRead + AsyncWrite + Unpin) {
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
