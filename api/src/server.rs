//! Binding and running the HTTP server: used by `main` and by the test harness, which
//! binds port 0.
//!
//! A stop is graceful. On SIGTERM readiness turns 503 at once, while the listener keeps
//! serving for the drain period (`SHUTDOWN_DRAIN_S`), so the balancer takes the process out
//! before it refuses connections; then the listener closes and requests in flight get
//! `SHUTDOWN_TIMEOUT_S` to finish; last, the webhook worker finishes and records the
//! deliveries it has started. SIGINT (Ctrl-C) skips the drain; a second signal stops at once.

use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::HttpServer;

use crate::app::{build, AppState};
use crate::config::ServerSettings;

/// Starts serving on an already bound listener; the returned future runs the server.
///
/// Also starts this process's webhook delivery worker (unless turned off); it stops once
/// the server has stopped and dropped its state.
pub fn start(state: AppState, listener: TcpListener, workers: usize) -> std::io::Result<Server> {
    let (server, _worker) = serve(state, listener, workers, None)?;
    Ok(server)
}

fn serve(
    state: AppState,
    listener: TcpListener,
    workers: usize,
    shutdown_timeout: Option<Duration>,
) -> std::io::Result<(Server, Option<JoinHandle<()>>)> {
    let worker = state
        .webhooks
        .settings
        .worker
        .then(|| crate::webhooks::worker::spawn(&state.webhooks))
        .flatten();
    // The mail worker sleeps between rounds; it ends with the state, like the webhooks'.
    if state.mail.settings.worker {
        crate::mail::worker::spawn(&state.mail);
    }
    // Every blocking task holds a pooled connection, so threads beyond the pool would only
    // wait for one. Each worker may have them all: reads hold at most their share of the
    // pool (`db::lanes`), and wherever they landed, a write finds a thread (an idle thread
    // ends after a few seconds).
    let workers = workers.max(1);
    let blocking_threads = usize::try_from(state.pool.max_size()).unwrap_or(usize::MAX) + 1;
    let mut server = HttpServer::new(move || build(state.clone()))
        .workers(workers)
        .worker_max_blocking_threads(blocking_threads);
    if let Some(timeout) = shutdown_timeout {
        server = server.disable_signals().shutdown_timeout(timeout.as_secs());
    }
    Ok((server.listen(listener)?.run(), worker))
}

/// Runs the server of `gmd serve` until it is stopped by a signal, then drains and stops as
/// the module says.
pub async fn run(
    state: AppState,
    listener: TcpListener,
    settings: &ServerSettings,
) -> std::io::Result<()> {
    let lifecycle = state.lifecycle.clone();
    let (server, worker) = serve(
        state,
        listener,
        settings.workers,
        Some(settings.shutdown_timeout),
    )?;
    actix_web::rt::spawn(stop_on_signals(server.handle(), lifecycle, settings.drain));
    let served = server.await;
    let finished =
        worker.is_none_or(|worker| crate::threads::join_within(worker, settings.shutdown_timeout));
    if !finished {
        log::warn!("the webhook worker did not finish within the shutdown timeout");
    }
    served
}

/// Waits for SIGTERM or SIGINT and stops the server as the module says.
async fn stop_on_signals(
    handle: ServerHandle,
    lifecycle: actix_web::web::Data<crate::health::Lifecycle>,
    drain: Duration,
) {
    use actix_web::rt::signal::unix::{signal, SignalKind};
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        log::error!("cannot watch for SIGTERM and SIGINT; stop the process with SIGKILL");
        return;
    };
    let drain = tokio::select! {
        _ = terminate.recv() => drain,
        _ = interrupt.recv() => Duration::ZERO,
    };
    lifecycle.start_draining();
    if !drain.is_zero() {
        log::info!(
            "stopping: readiness answers 503; serving {} s more while the balancer notices",
            drain.as_secs()
        );
        tokio::select! {
            () = actix_web::rt::time::sleep(drain) => {}
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    }
    log::info!("stopping: the listener closes; requests in flight finish");
    let graceful = handle.stop(true);
    tokio::select! {
        () = graceful => {}
        _ = terminate.recv() => handle.stop(false).await,
        _ = interrupt.recv() => handle.stop(false).await,
    }
}
