//! Change generations: per tracked table, a counter in the database that every committed
//! change of the table moves, inside the changing transaction.
//!
//! A cached response is stored with the generations of the tables it shows, read before it
//! was rendered, and served again only while they are unchanged. Because the counter moves
//! in the writing transaction, any process that reads it after a write's 2xx sees the new
//! value: no process serves a page (or a 304) older than a write it could know of. Because
//! it is per table, a check-in (delegates) leaves the programme's pages (sessions) alone.
//!
//! The counters are bumped last in a write transaction, in table-name order, so two writers
//! never wait for each other's counters in opposite orders.

use std::collections::{BTreeMap, BTreeSet};

use diesel::sql_types::Text;
use diesel::{QueryDsl, RunQueryDsl};

use crate::db::schema::change_generations;
use crate::db::DbConnection;
use crate::error::ApiError;

/// Moves the generation of every table in `tables`.
pub fn bump<'a>(
    conn: &mut DbConnection,
    tables: impl IntoIterator<Item = &'a str>,
) -> Result<(), ApiError> {
    let tables: BTreeSet<&str> = tables.into_iter().collect();
    for table in tables {
        diesel::sql_query(
            "INSERT INTO change_generations (resource, generation) VALUES ($1, 1) \
             ON CONFLICT (resource) DO UPDATE SET generation = change_generations.generation + 1",
        )
        .bind::<Text, _>(table)
        .execute(conn)?;
    }
    Ok(())
}

/// The generations of `tables`, in their order (0 for a table never changed).
pub fn read(conn: &mut DbConnection, tables: &[&'static str]) -> Result<Vec<i64>, ApiError> {
    // Every counter (a few dozen rows) in one statement that is prepared once per
    // connection and then only executed: a statement naming the tables was parsed and
    // planned again on every request, the largest cost of a cached page on PostgreSQL.
    let found: BTreeMap<String, i64> = change_generations::table
        .select((change_generations::resource, change_generations::generation))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(tables
        .iter()
        .map(|table| found.get(*table).copied().unwrap_or(0))
        .collect())
}
