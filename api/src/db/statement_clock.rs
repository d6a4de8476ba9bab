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
//! each new connection's handle to a callback. These foreign calls are the only `unsafe`
//! code of the workspace (its lint is `deny`, allowed here alone).
//!
//! The same callback turns on the *query planner stability guarantee* (QPSG). Without it,
//! SQLite (since 3.47) reads a bound `LIMIT ?` (which diesel sends for every page and every
//! `.first()`) as a constant and marks the statement to be compiled again whenever that
//! parameter is bound anew, which diesel does on every execution: every cached statement
//! was parsed and planned again each time it ran (half of the time of a read by id, found
//! with `perf`). With QPSG a statement is planned once and reused.
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
    // SAFETY: `SQLITE_DBCONFIG_ENABLE_QPSG` takes an int (1: on) and an int pointer for the
    // new setting, which may be null.
    let code = unsafe {
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    };
    if code != ffi::SQLITE_OK {
        log::warn!("SQLite query planner stability unavailable (sqlite3_db_config: {code})");
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement with a bound `LIMIT ?`, run twice with new bindings as diesel runs a
    /// cached statement, is compiled once: the second run re-prepares nothing.
    #[test]
    fn a_cached_statement_is_not_prepared_again_when_rebound() {
        install();
        let mut db = std::ptr::null_mut();
        let mut stmt = std::ptr::null_mut();
        let sql = c"SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2) LIMIT ?";
        // SAFETY: a fresh in-memory connection and one statement, both finalised below;
        // every pointer passed is live for the call.
        let reprepared = unsafe {
            assert_eq!(
                ffi::sqlite3_open(c":memory:".as_ptr(), &mut db),
                ffi::SQLITE_OK
            );
            let code = ffi::sqlite3_prepare_v3(
                db,
                sql.as_ptr(),
                -1,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            );
            assert_eq!(code, ffi::SQLITE_OK);
            for limit in [1, 2, 1] {
                ffi::sqlite3_bind_int64(stmt, 1, limit);
                while ffi::sqlite3_step(stmt) == ffi::SQLITE_ROW {}
                ffi::sqlite3_reset(stmt);
                ffi::sqlite3_clear_bindings(stmt);
            }
            let count = ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0);
            ffi::sqlite3_finalize(stmt);
            ffi::sqlite3_close(db);
            count
        };
        assert_eq!(
            reprepared, 0,
            "the statement was compiled again on rebinding"
        );
    }
}
