//! Storage: one connection type over SQLite and PostgreSQL, its pool, migrations and the
//! helpers that run every unit of work inside one transaction off the request threads, and
//! the indexed `q=` filter (search.rs).

pub mod changes;
mod connection;
pub mod lanes;
mod liveness;
mod migrations;
mod ordering;
mod pool;
pub mod schema;
pub mod search;
pub mod since;
mod statement_clock;
mod statement_count;
mod statistics;
mod unit_of_work;

pub use connection::{Backend, DbConnection};
pub use migrations::{exclusively, run_migrations};
pub use ordering::Ordering;
pub use pool::{connect, DbPool, PoolOptions, DEFAULT_STATEMENT_TIMEOUT};
pub use statistics::refresh_after_bulk_load;

pub use unit_of_work::{
    lock_row, read, read_one, read_snapshot, write, write_bookkeeping, write_now, write_unobserved,
};

/// The backend type of [`DbConnection`], for boxed (dynamically filtered) queries.
pub type Db = <DbConnection as diesel::Connection>::Backend;

/// Now, as stored: UTC without offset.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
