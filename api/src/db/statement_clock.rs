//! SQLite's statement timeout (PostgreSQL has `statement_timeout`; see `pool.rs`).
//!
//! SQLite has no timeout of its own, but it calls a *progress handler* every
//! [`CHECK_EVERY`] virtual-machine instructions of a running statement and interrupts the
//! statement when the handler says so (the statement then fails with `interrupted`, and
//! the unit of work rolls its transaction back). The handler compares the clock with a
//! per-thread deadline that each pooled connection's [`StatementClock`] sets when a
//! statement starts and clears when it finishes: a statement runs on the thread that
//! started it, and one thread runs one statement at a time.
//!
//! Diesel does not expose SQLite's handle, so the handler is installed on every
//! connection this process opens through SQLite's `sqlite3_auto_extension`, which passes
//! each new connection's handle to a callback. These two foreign calls are the only
//! `unsafe` code of the workspace (its lint is `deny`, allowed here alone).
#![allow(unsafe_code)]

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::sync::Once;
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};
use libsqlite3_sys as ffi;

/// Instructions between two looks at the clock: a few microseconds of work, so the
/// deadline is kept to well under a millisecond, and short statements never look.
const CHECK_EVERY: c_int = 1_000;

thread_local! {
    /// When the statement running on this thread must stop, if it is timed.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Makes every SQLite connection opened from now on interruptible by [`StatementClock`].
/// Idempotent; called before the first connection is opened.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: `register` has exactly the entry-point signature SQLite expects, and
        // registering an auto extension has no other precondition.
        let code = unsafe { ffi::sqlite3_auto_extension(Some(register)) };
        if code != ffi::SQLITE_OK {
            log::error!("SQLite statement timeout unavailable (sqlite3_auto_extension: {code})");
        }
    });
}

/// Called by SQLite with each new connection's handle.
unsafe extern "C" fn register(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: `db` is the live connection SQLite is opening; the handler takes no data
    // (a null pointer), so nothing must outlive the connection.
    unsafe {
        ffi::sqlite3_progress_handler(db, CHECK_EVERY, Some(past_deadline), std::ptr::null_mut())
    };
    ffi::SQLITE_OK
}

/// The progress handler: non-zero interrupts the running statement.
extern "C" fn past_deadline(_: *mut c_void) -> c_int {
    let deadline = DEADLINE.try_with(Cell::get).ok().flatten();
    c_int::from(deadline.is_some_and(|deadline| Instant::now() >= deadline))
}

/// A connection's statement timeout: installed as its diesel instrumentation, it starts
/// the clock when a statement starts and stops it when the statement finishes.
#[derive(Debug, Clone, Copy)]
pub struct StatementClock {
    limit: Duration,
}

impl StatementClock {
    pub fn new(limit: Duration) -> Self {
        Self { limit }
    }
}

impl Instrumentation for StatementClock {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        let deadline = match event {
            InstrumentationEvent::StartQuery { .. } => Instant::now().checked_add(self.limit),
            InstrumentationEvent::FinishQuery { .. } => None,
            _ => return,
        };
        let _ = DEADLINE.try_with(|cell| cell.set(deadline));
    }
}
