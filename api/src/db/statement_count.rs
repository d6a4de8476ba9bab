//! How many statements this process's pooled connections have run: a counter the query
//! budget test reads around one request (a page of 100 must cost the statements a page of
//! 2 does: no query per row), and a figure for metrics.

use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::{Instrumentation, InstrumentationEvent};

use super::liveness::Liveness;
use super::statement_clock::StatementClock;

static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Statements started on pooled connections since the process started.
pub fn statements_run() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// A pooled connection's instrumentation: counts each statement, on SQLite runs the
/// statement clock (PostgreSQL times statements itself), and on PostgreSQL follows the
/// connection's health (`liveness`).
#[derive(Debug)]
pub struct Counted {
    pub clock: Option<StatementClock>,
    pub liveness: Option<Liveness>,
}

impl Instrumentation for Counted {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            STATEMENTS.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(liveness) = &mut self.liveness {
            liveness.on_event(&event);
        }
        if let Some(clock) = &mut self.clock {
            clock.on_connection_event(event);
        }
    }
}
