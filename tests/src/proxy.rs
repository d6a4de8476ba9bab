//! A TCP proxy between the app and PostgreSQL that a test can cut and restore, to play
//! "the database went away" without touching the real server.
//!
//! It runs on its own thread and runtime, so the app may block on it (r2d2 connects
//! synchronously) while the test's runtime is busy elsewhere.

use std::net::SocketAddr;
use std::thread::JoinHandle;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

type Command = (bool, oneshot::Sender<()>);

/// A running proxy. Dropping it stops it.
#[derive(Debug)]
pub struct DbProxy {
    /// Where the proxy listens (on 127.0.0.1).
    pub address: SocketAddr,
    commands: Option<mpsc::UnboundedSender<Command>>,
    thread: Option<JoinHandle<()>>,
}

impl DbProxy {
    /// Starts forwarding to the host and port of `database_url`.
    pub fn start(database_url: &str) -> Self {
        let upstream = url::Url::parse(database_url)
            .expect("a database URL")
            .socket_addrs(|| Some(5432))
            .expect("the database host resolves")[0];
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let (commands, receiver) = mpsc::unbounded_channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                serve(listener, upstream, receiver).await;
            });
        });
        Self {
            address,
            commands: Some(commands),
            thread: Some(thread),
        }
    }

    /// `database_url` with its host and port replaced by the proxy's.
    pub fn url_for(&self, database_url: &str) -> String {
        let mut url = url::Url::parse(database_url).expect("a database URL");
        url.set_host(Some(&self.address.ip().to_string())).unwrap();
        url.set_port(Some(self.address.port())).unwrap();
        url.to_string()
    }

    /// Closes every proxied connection and stops listening: new connections are refused.
    pub async fn cut(&self) {
        self.command(false).await;
    }

    /// Listens again on the same port.
    pub async fn restore(&self) {
        self.command(true).await;
    }

    async fn command(&self, up: bool) {
        let (done, acknowledged) = oneshot::channel();
        self.commands
            .as_ref()
            .unwrap()
            .send((up, done))
            .expect("the proxy runs");
        acknowledged.await.expect("the proxy acknowledges");
    }
}

impl Drop for DbProxy {
    fn drop(&mut self) {
        self.commands.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: TcpListener,
    upstream: SocketAddr,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let address = listener.local_addr().unwrap();
    let mut listener = Some(listener);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = accept(listener.as_ref()) => {
                if let Ok((inbound, _)) = accepted {
                    connections.spawn(forward(inbound, upstream));
                }
            }
            command = commands.recv() => {
                let Some((up, done)) = command else { break };
                if up {
                    if listener.is_none() {
                        listener = Some(rebind(address));
                    }
                } else {
                    listener = None;
                    connections.abort_all();
                    while connections.join_next().await.is_some() {}
                }
                let _ = done.send(());
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn accept(listener: Option<&TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(listener) => listener.accept().await,
        None => std::future::pending().await,
    }
}

fn rebind(address: SocketAddr) -> TcpListener {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_reuseaddr(true).unwrap();
    socket
        .bind(address)
        .expect("the proxy's port is free again");
    socket.listen(128).unwrap()
}

async fn forward(mut inbound: TcpStream, upstream: SocketAddr) {
    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
        let _ = copy_bidirectional(&mut inbound, &mut outbound).await;
    }
}
