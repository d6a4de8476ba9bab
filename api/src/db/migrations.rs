//! Migrations embedded per backend and applied at start-up.
//!
//! Any number of processes may start together on one empty database: on PostgreSQL the
//! migrations, and the demo data load, run inside one transaction holding an advisory lock
//! ([`exclusively`]), so one process applies them while the others wait, then find nothing
//! left to do. The lock is transaction-level, so it holds through PgBouncer's transaction
//! pooling and is released by the commit, or by the server if the process dies.

use diesel::{Connection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The advisory lock key of the start-up work ("gmd-boot" as eight bytes).
const STARTUP_LOCK: i64 = 0x676d_642d_626f_6f74;

/// Applies every pending migration of the connection's backend.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, String> {
    exclusively(conn, |conn| match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(|v| v.len()),
        DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES).map(|v| v.len()),
    })
    .map_err(|e| e.to_string())
}

/// Runs `work` as the only process doing start-up work on this database: on PostgreSQL in
/// one transaction that first takes the start-up advisory lock (each migration is then a
/// savepoint inside it, so a failed one leaves nothing behind). SQLite serialises writers
/// itself, and its migrations keep their own transactions.
pub fn exclusively<T, E>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Postgresql(_) => conn.transaction(|conn| {
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({STARTUP_LOCK})"))
                .execute(conn)?;
            work(conn)
        }),
        DbConnection::Sqlite(_) => work(conn),
    }
}
