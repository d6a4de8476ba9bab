//! A loopback SMTP server for the mail tests: it speaks enough ESMTP for `lettre` (EHLO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps each message with its envelope, and can
//! refuse the first messages with a scripted reply (a `451` makes the sender retry).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as received.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after `DATA` (headers and body, dot-unstuffed).
    pub data: String,
}

impl ReceivedMail {
    /// The parsed message.
    pub fn parsed(&self) -> mailparse::ParsedMail<'_> {
        mailparse::parse_mail(self.data.as_bytes()).expect("the message parses as MIME")
    }

    /// A header's decoded value (encoded words decoded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        use mailparse::MailHeaderMap;
        self.parsed().headers.get_first_value(name)
    }

    /// The decoded body of the part of type `mime` (`text/plain`, `text/html`).
    pub fn part(&self, mime: &str) -> Option<String> {
        fn find(part: &mailparse::ParsedMail<'_>, mime: &str) -> Option<String> {
            if part.ctype.mimetype == mime {
                return part.get_body().ok();
            }
            part.subparts.iter().find_map(|sub| find(sub, mime))
        }
        find(&self.parsed(), mime)
    }

    /// The one-time token of the link in the plain-text part (after `#token=`).
    pub fn link_token(&self) -> String {
        let text = self.part("text/plain").expect("a text/plain part");
        let start = text.find("#token=").expect("a link with #token=") + "#token=".len();
        text[start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect()
    }
}

#[derive(Debug, Default)]
struct State {
    /// Replies to `MAIL FROM` for the next messages, in turn; then `250`.
    refusals: Vec<String>,
    received: Vec<ReceivedMail>,
}

/// A running SMTP sink.
#[derive(Debug, Clone)]
pub struct SmtpSink {
    /// `smtp://127.0.0.1:<port>`: what `SMTP_URL` is set to.
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl SmtpSink {
    /// Starts a sink that accepts every message.
    pub async fn start() -> Self {
        Self::refusing(&[]).await
    }

    /// Starts a sink that accepts every message on `port` of 127.0.0.1 (a server coming
    /// back where senders expect it).
    pub async fn on_port(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("the port is free again");
        Self::serve(listener, &[])
    }

    /// Starts a sink whose first messages get these replies to `MAIL FROM` (e.g. `451 4.3.0
    /// try later`), one each; later ones are accepted.
    pub async fn refusing(replies: &[&str]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        Self::serve(listener, replies)
    }

    fn serve(listener: TcpListener, replies: &[&str]) -> Self {
        let url = format!("smtp://{}", listener.local_addr().expect("an address"));
        let state = Arc::new(Mutex::new(State {
            refusals: replies.iter().map(|r| (*r).to_owned()).collect(),
            received: Vec::new(),
        }));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, shared.clone()));
            }
        });
        Self { url, state }
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.state.lock().unwrap().received.clone()
    }

    /// Waits (up to 20 s) until `count` messages have arrived, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        self.wait_within(count, Duration::from_secs(20)).await
    }

    /// Waits up to `limit` until `count` messages have arrived, and returns them all.
    pub async fn wait_within(&self, count: usize, limit: Duration) -> Vec<ReceivedMail> {
        let start = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                start.elapsed() < limit,
                "{} of {count} mails arrived in {limit:?}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn converse(stream: TcpStream, state: Arc<Mutex<State>>) {
    // Each reply goes out at once, as a real server's does (no Nagle wait on small writes).
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut out = String::from("220 sink.test ESMTP ready\r\n");
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        if write.write_all(out.as_bytes()).await.is_err() {
            return;
        }
        let mut line = String::new();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let verb = command.get(..4).unwrap_or_default().to_ascii_uppercase();
        out = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 OK\r\n".into(),
            "HELO" => "250 sink.test\r\n".into(),
            "MAIL" => {
                let refusal = {
                    let mut state = state.lock().unwrap();
                    (!state.refusals.is_empty()).then(|| state.refusals.remove(0))
                };
                match refusal {
                    Some(refusal) => format!("{refusal}\r\n"),
                    None => {
                        from = address_in(&command);
                        to.clear();
                        "250 OK\r\n".into()
                    }
                }
            }
            "RCPT" => {
                to.push(address_in(&command));
                "250 OK\r\n".into()
            }
            "DATA" => {
                if write.write_all(b"354 go ahead\r\n").await.is_err() {
                    return;
                }
                let mut data = String::new();
                loop {
                    let mut line = String::new();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                state.lock().unwrap().received.push(ReceivedMail {
                    mail_from: from.clone(),
                    rcpt_to: to.clone(),
                    data,
                });
                "250 OK: queued\r\n".into()
            }
            "RSET" | "NOOP" => "250 OK\r\n".into(),
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => "502 not implemented\r\n".into(),
        };
    }
}

/// The address between `<` and `>` of a `MAIL FROM` or `RCPT TO` line.
fn address_in(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_owned())
        .unwrap_or_default()
}
