//! Planner statistics after a bulk load. PostgreSQL's documentation advises `ANALYZE` after
//! loading many rows: until it runs, the planner assumes a table of a few rows and picks
//! plans that read every row of an event and sort them (a fresh import of 1,000 delegates
//! made each new list page cost ~1 ms of server time). `VACUUM` also marks the new pages
//! all-visible, so counts are answered from the index alone. Autovacuum would get there
//! later, or never where it is switched off. SQLite needs nothing: its plans do not depend
//! on statistics or bound values (see `statement_clock`).

use diesel::RunQueryDsl;

use super::{unit_of_work, DbConnection, DbPool};

/// Refreshes the statistics of `table` (one of our table names, never input) after a bulk
/// load committed. A failure is logged, not returned: the rows are in, and the statistics
/// only make later reads faster.
pub async fn refresh_after_bulk_load(pool: &DbPool, table: &'static str) {
    let outcome = unit_of_work::read_one(pool, move |conn| {
        if let DbConnection::Postgresql(_) = conn {
            // Outside any transaction, as VACUUM must be.
            diesel::sql_query(format!("VACUUM (ANALYZE) {table}")).execute(conn)?;
        }
        Ok(())
    })
    .await;
    if let Err(error) = outcome {
        log::warn!("could not refresh the planner statistics of {table}: {error}");
    }
}
