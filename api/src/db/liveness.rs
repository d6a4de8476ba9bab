//! Whether a pooled PostgreSQL connection may be used without first asking the server.
//!
//! Asking (`SELECT 1` on every check-out) costs a round trip on every request, one in three
//! of a read by id. Instead a connection is asked only when there is a reason to doubt it,
//! as mature pools do (HikariCP's "alive bypass window"): when it has not answered for a
//! while (the server may have restarted while it sat idle), or when another connection of
//! the same pool was found lost since it last answered (the server or the network between
//! went away for all of them). A connection whose statement failed because the connection
//! itself is gone is never handed out again (`Manager::has_broken`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::InstrumentationEvent;
use diesel::result::{DatabaseErrorKind, Error};

/// How long a connection that answered is trusted without asking again.
pub const TRUSTED_FOR: Duration = Duration::from_millis(500);

/// How many of one pool's connections were found lost: shared by the pool's connections.
#[derive(Debug, Clone, Default)]
pub struct PoolLosses(Arc<AtomicU64>);

impl PoolLosses {
    fn count(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    fn add(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// What one connection knows of its own health.
#[derive(Debug)]
pub struct Liveness {
    pool: PoolLosses,
    /// The pool's losses when this connection last answered.
    losses_seen: u64,
    last_answer: Instant,
    lost: bool,
}

impl Liveness {
    /// A connection that has just been opened (and so answered).
    pub fn new(pool: PoolLosses) -> Self {
        Self {
            losses_seen: pool.count(),
            pool,
            last_answer: Instant::now(),
            lost: false,
        }
    }

    /// Follows each statement: one that got an answer (even an error from the server)
    /// proves the connection alive; one that failed because the connection is gone marks it
    /// lost, and every other connection of its pool doubtful.
    pub fn on_event(&mut self, event: &InstrumentationEvent<'_>) {
        let InstrumentationEvent::FinishQuery { error, .. } = event else {
            return;
        };
        match error {
            Some(error) if means_lost(error) => self.mark_lost(),
            _ => {
                self.last_answer = Instant::now();
            }
        }
    }

    /// Marks the connection lost (a failed check, or a failed statement).
    pub fn mark_lost(&mut self) {
        if !self.lost {
            self.lost = true;
            self.pool.add();
        }
    }

    pub fn is_lost(&self) -> bool {
        self.lost
    }

    /// Whether to ask the server before handing the connection out.
    pub fn doubtful(&self) -> bool {
        self.lost
            || self.losses_seen != self.pool.count()
            || self.last_answer.elapsed() > TRUSTED_FOR
    }

    /// The pool's losses now, to pass to [`Liveness::confirmed`] once the server answered.
    pub fn losses_now(&self) -> u64 {
        self.pool.count()
    }

    /// The server answered a check begun when the pool had seen `losses`.
    pub fn confirmed(&mut self, losses: u64) {
        self.losses_seen = losses;
        self.last_answer = Instant::now();
    }
}

/// Whether a statement failed because the connection itself is gone (PostgreSQL).
fn means_lost(error: &Error) -> bool {
    matches!(
        error,
        Error::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loss_makes_the_other_connections_of_its_pool_doubtful() {
        let pool = PoolLosses::default();
        let (mut a, b) = (Liveness::new(pool.clone()), Liveness::new(pool.clone()));
        let other = Liveness::new(PoolLosses::default());
        assert!(!a.doubtful() && !b.doubtful());
        a.mark_lost();
        assert!(a.is_lost() && a.doubtful());
        assert!(b.doubtful(), "the same pool's connection is asked again");
        assert!(!other.doubtful(), "another pool is not concerned");
        let mut b = b;
        let losses = b.losses_now();
        b.confirmed(losses);
        assert!(!b.doubtful(), "a connection that answered is trusted again");
    }

    #[test]
    fn a_connection_silent_for_a_while_is_doubtful() {
        let mut idle = Liveness::new(PoolLosses::default());
        idle.last_answer = Instant::now() - TRUSTED_FOR * 2;
        assert!(idle.doubtful());
    }
}

/// Whether the pool could open a connection lately: while the last attempt failed (less
/// than [`UNREACHABLE_FOR`] ago), a request that finds no idle connection fails fast
/// instead of waiting out `DB_POOL_WAIT_MS` for a connection that cannot come.
#[derive(Debug, Clone, Default)]
pub struct Reachability(Arc<std::sync::Mutex<Option<Instant>>>);

/// How long a failed connection attempt makes the database count as unreachable.
pub const UNREACHABLE_FOR: Duration = Duration::from_secs(2);

impl Reachability {
    pub fn connected(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn failed(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }

    /// The last attempt to connect failed, lately.
    pub fn unreachable(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|at| at.elapsed() < UNREACHABLE_FOR)
    }
}
