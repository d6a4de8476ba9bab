//! Reads cannot take the whole pool: a few of its connections are kept for writes.
//!
//! Every unit of work runs on the blocking thread pool and holds a pooled connection. When
//! many clients read at once (32 list readers), they queue for connections and threads, and
//! a check-in or a registration queued behind them waited for dozens of reads before its
//! own few milliseconds of work. So a read first takes a permit (asynchronously, holding no
//! thread and no connection while it waits), and at most `max_size − reserved` reads hold
//! permits at a time. A write takes no permit: the connections reads cannot reach are free
//! for it, and its worker always has a thread for it (`server.rs` gives each worker a thread
//! per connection).
//!
//! The lane belongs to the request, not to the statement: every unit of work of a request
//! that changes data (any method but GET, HEAD, OPTIONS) runs in the write lane, including
//! the reads it makes first (the caller's session, say), so a check-in never waits behind
//! readers at any step. [`scope`] records the request's lane.

use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use tokio::sync::{Semaphore, SemaphorePermit};

use super::pool::{UNREACHABLE_WAIT, WAIT_SLICE};
use crate::error::ApiError;

/// The permits of the reads.
#[derive(Debug)]
pub struct Lanes {
    reads: Semaphore,
}

/// Which lane a unit of work waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Read,
    Write,
}

tokio::task_local! {
    static REQUEST_LANE: Lane;
}

/// Middleware: runs the request with its lane, the write lane for any method that may
/// change data.
pub async fn scope(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let lane = if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        Lane::Read
    } else {
        Lane::Write
    };
    REQUEST_LANE.scope(lane, next.call(req)).await
}

/// The lane of a read: the request's, or the read lane outside any request.
pub fn of_reads() -> Lane {
    REQUEST_LANE.try_with(|lane| *lane).unwrap_or(Lane::Read)
}

impl Lanes {
    /// Lanes over a pool of `max_size` connections: one in five is kept for writes (none
    /// in a pool of fewer than five, where reads may use them all).
    pub fn new(max_size: u32) -> Self {
        Self {
            reads: Semaphore::new(Self::reads_of(max_size)),
        }
    }

    /// How many reads of a pool of `max_size` may hold connections at once.
    pub fn reads_of(max_size: u32) -> usize {
        let max_size = usize::try_from(max_size).unwrap_or(usize::MAX).max(1);
        max_size - max_size / 5
    }

    /// Waits up to `wait` for a read's turn: `Ok(None)` for a write, which never waits
    /// here; 503 `/problems/server-busy` when the wait runs out. While `unreachable()` says
    /// the database is down, the wait ends after [`UNREACHABLE_WAIT`] with 503
    /// `/problems/unavailable`, as the pool's own wait does.
    pub async fn enter(
        &self,
        lane: Lane,
        wait: Duration,
        unreachable: impl Fn() -> bool,
    ) -> Result<Option<SemaphorePermit<'_>>, ApiError> {
        if lane == Lane::Write {
            return Ok(None);
        }
        let started = Instant::now();
        loop {
            let left = wait.saturating_sub(started.elapsed());
            match tokio::time::timeout(left.min(WAIT_SLICE), self.reads.acquire()).await {
                Ok(Ok(permit)) => return Ok(Some(permit)),
                Ok(Err(closed)) => {
                    return Err(ApiError::Internal(format!(
                        "the read lane closed: {closed}"
                    )))
                }
                Err(_) if unreachable() && started.elapsed() >= UNREACHABLE_WAIT => {
                    return Err(ApiError::Unavailable("the database is unreachable".into()))
                }
                Err(_) if started.elapsed() >= wait => {
                    crate::metrics::pool_wait_timed_out();
                    return Err(ApiError::Busy(
                        "no pooled database connection was free within DB_POOL_WAIT_MS".into(),
                    ));
                }
                Err(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_connection_in_five_is_kept_for_writes() {
        assert_eq!(Lanes::reads_of(10), 8);
        assert_eq!(Lanes::reads_of(5), 4);
        assert_eq!(Lanes::reads_of(4), 4);
        assert_eq!(Lanes::reads_of(1), 1);
        assert_eq!(Lanes::reads_of(0), 1);
    }

    #[actix_web::test]
    async fn reads_past_their_share_wait_and_writes_never_do() {
        let lanes = Lanes::new(5);
        let wait = Duration::from_millis(50);
        let mut held = Vec::new();
        for _ in 0..4 {
            held.push(
                lanes
                    .enter(Lane::Read, wait, || false)
                    .await
                    .expect("a read's turn"),
            );
        }
        let refused = lanes.enter(Lane::Read, wait, || false).await;
        assert!(matches!(refused, Err(ApiError::Busy(_))), "{refused:?}");
        let down = lanes.enter(Lane::Read, UNREACHABLE_WAIT * 4, || true).await;
        assert!(matches!(down, Err(ApiError::Unavailable(_))), "{down:?}");
        let write = lanes.enter(Lane::Write, wait, || false).await;
        assert!(write.expect("no wait").is_none());
        held.pop();
        let again = lanes.enter(Lane::Read, wait, || false).await;
        assert!(again.is_ok(), "a permit came back");
    }
}
