//! Binding and running the HTTP server: used by `main` and by the test harness, which
//! binds port 0.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::HttpServer;

use crate::app::{build, AppState};

/// Starts serving on an already bound listener; the returned future runs the server.
///
/// Also starts this process's webhook delivery worker (unless turned off); it stops once
/// the server has stopped and dropped its state.
pub fn start(state: AppState, listener: TcpListener, workers: usize) -> std::io::Result<Server> {
    if state.webhooks.settings.worker {
        crate::webhooks::worker::spawn(&state.webhooks);
    }
    // Every blocking task holds a pooled connection: threads beyond the pool would only wait
    // for one (and each thread costs memory), so each worker gets its share of the pool.
    let workers = workers.max(1);
    let pool = usize::try_from(state.pool.max_size()).unwrap_or(usize::MAX);
    let blocking_threads = pool.div_ceil(workers) + 1;
    let server = HttpServer::new(move || build(state.clone()))
        .workers(workers)
        .worker_max_blocking_threads(blocking_threads)
        .listen(listener)?
        .run();
    Ok(server)
}
