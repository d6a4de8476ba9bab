//! How many statements one pool's connections have run: a counter the query budget test
//! reads around one request (a page of 100 must cost the statements a page of 2 does: no
//! query per row), and a figure for metrics. It is the pool's, not the process's, so that
//! other pools in the same process (tests running side by side) do not add to it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use diesel::connection::{Instrumentation, InstrumentationEvent};

use super::liveness::Liveness;
use super::statement_clock::StatementClock;

/// Statements started on one pool's connections: shared by them.
#[derive(Debug, Clone, Default)]
pub struct Statements(Arc<AtomicU64>);

impl Statements {
    /// Statements started since the pool was opened.
    pub fn run(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A pooled connection's instrumentation: counts each statement, on SQLite runs the
/// statement clock (PostgreSQL times statements itself), and on PostgreSQL follows the
/// connection's health (`liveness`).
#[derive(Debug)]
pub struct Counted {
    pub statements: Statements,
    pub clock: Option<StatementClock>,
    pub liveness: Option<Liveness>,
}

impl Instrumentation for Counted {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            self.statements.0.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(liveness) = &mut self.liveness {
            liveness.on_event(&event);
        }
        if let Some(clock) = &mut self.clock {
            clock.on_connection_event(event);
        }
    }
}
