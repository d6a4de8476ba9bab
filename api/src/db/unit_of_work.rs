//! Every unit of work runs in `web::block`, on one pooled connection; a write in one
//! transaction, a read as [`read`] says. Writes take the write lock up front (`BEGIN IMMEDIATE` on SQLite), which is what keeps
//! the conditional updates used for capacity-like rules race-free on both backends.

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::Connection;

use super::lanes::{self, Lane};
use super::{DbConnection, DbPool};
use crate::changes::{self, Actor};
use crate::error::ApiError;

/// Runs `job` on a pooled connection, on the blocking thread pool, once its turn in `lane`
/// came (`lanes`); a statement cancelled by the statement timeout becomes the 503 that
/// names it.
async fn on_pooled_connection<T, F>(pool: &DbPool, lane: Lane, job: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let _turn = pool.enter(lane).await?;
    let pool = pool.clone();
    let limit = pool.statement_timeout();
    web::block(move || job(&mut *pool.get()?))
        .await?
        .map_err(|error| error.with_statement_timeout(limit))
}

/// Runs a read-only unit of work: on SQLite in one (deferred) transaction, so that all its
/// statements read one snapshot. On PostgreSQL each statement of a `READ COMMITTED`
/// transaction (the default) takes its own snapshot anyway, so a transaction would add two
/// round trips (`BEGIN`, `COMMIT`) and no consistency: its statements run on their own.
pub async fn read<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    on_pooled_connection(pool, lanes::of_reads(), |conn| match conn {
        DbConnection::Postgresql(_) => work(conn),
        DbConnection::Sqlite(_) => conn.transaction(work),
    })
    .await
}

/// Runs a read-only unit of work that must see one snapshot of the database on either
/// backend (a graph assembled from several tables): a read transaction on SQLite,
/// `REPEATABLE READ, READ ONLY` on PostgreSQL.
pub async fn read_snapshot<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    on_pooled_connection(pool, lanes::of_reads(), |conn| {
        conn.transaction(|conn| {
            if let DbConnection::Postgresql(_) = conn {
                diesel::RunQueryDsl::execute(
                    diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
                    conn,
                )?;
            }
            work(conn)
        })
    })
    .await
}

/// Runs one read statement on a pooled connection, outside any transaction (one round
/// trip): for reads that are a single statement, such as the change generations.
pub async fn read_one<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    on_pooled_connection(pool, lanes::of_reads(), work).await
}

/// Runs a unit of work that writes, holding the database's write lock from its first
/// statement, and commits only when `work` succeeds. What it changed is recorded (audit,
/// tombstones, webhook outbox) in the same transaction, as made by the request's caller.
pub async fn write<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let actor = changes::actor::current();
    let outcome = on_pooled_connection(pool, Lane::Write, move |conn| {
        write_transaction(conn, &actor, true, work)
    })
    .await;
    if outcome.is_ok() {
        pool.changes().bump();
    }
    outcome
}

/// A unit of work that writes, run on the calling thread as the system, for tools outside a
/// request (`gmd admin`). Like [`write`] it records the change and announces it (on
/// PostgreSQL every API process hears the notification; on SQLite their watchers see the
/// file change), so cached lists and sessions see it.
pub fn write_now<T>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut conn = pool.get()?;
    let outcome = write_transaction(&mut conn, &Actor::system(), true, work);
    if outcome.is_ok() {
        pool.changes().bump();
    }
    outcome
}

/// A write transaction for the process's own bookkeeping (the webhook delivery queue),
/// run on the calling thread as the system. It announces nothing: no cached response
/// shows the queue. Any tracked row it changes is still recorded.
pub fn write_bookkeeping<T>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut conn = pool.get()?;
    write_transaction(&mut conn, &Actor::system(), false, work)
        .map_err(|error| error.with_statement_timeout(pool.statement_timeout()))
}

fn write_transaction<T>(
    conn: &mut DbConnection,
    actor: &Actor,
    announce: bool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    match conn {
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgresql(inner) => AnsiTransactionManager::begin_transaction(inner)?,
    }
    // Changes left by writes outside these helpers are swept up as the system's: on SQLite
    // before every write (the journal is shared and in-process, so this is cheap and keeps
    // them from being attributed to this caller); on PostgreSQL, where each transaction
    // takes only its own rows, by the delivery worker's bookkeeping transactions.
    let sweep = matches!(conn, DbConnection::Sqlite(_)) || !announce;
    let swept = if sweep { changes::sweep(conn) } else { Ok(()) };
    let outcome = swept.and_then(|()| work(conn)).and_then(|value| {
        changes::close(conn, actor)?;
        if let (true, DbConnection::Postgresql(inner)) = (announce, &mut *conn) {
            // Delivered to the other API processes only if the transaction commits.
            diesel::RunQueryDsl::execute(
                diesel::sql_query(concat!("NOTIFY ", "gmd_changes")),
                inner,
            )?;
        }
        Ok(value)
    });
    let finished = match (&outcome, conn) {
        (Ok(_), DbConnection::Sqlite(inner)) => AnsiTransactionManager::commit_transaction(inner),
        (Ok(_), DbConnection::Postgresql(inner)) => {
            AnsiTransactionManager::commit_transaction(inner)
        }
        (Err(_), DbConnection::Sqlite(inner)) => {
            AnsiTransactionManager::rollback_transaction(inner)
        }
        (Err(_), DbConnection::Postgresql(inner)) => {
            AnsiTransactionManager::rollback_transaction(inner)
        }
    };
    match outcome {
        Ok(value) => finished.map(|()| value).map_err(ApiError::from),
        Err(error) => {
            if let Err(rollback) = finished {
                log::warn!("rollback failed after an error: {rollback}");
            }
            Err(error)
        }
    }
}

/// Locks one row until the transaction ends, by touching it, so that a read-modify-write
/// (a PATCH, an `If-Match` check) cannot interleave with another on PostgreSQL. On SQLite
/// the write transaction already holds the database's write lock. `table` is always one
/// of our table names, never input.
pub fn lock_row(conn: &mut DbConnection, table: &'static str, id: i64) -> Result<(), ApiError> {
    diesel::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE {table} SET version = version WHERE id = $1"
        ))
        .bind::<diesel::sql_types::BigInt, _>(id),
        conn,
    )?;
    Ok(())
}

/// Runs a write to bookkeeping that no response is cached from (idempotency keys, an API
/// token's last use) exactly like [`write`], but leaves the change feed alone, so cached
/// lists stay valid.
pub async fn write_unobserved<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let actor = changes::actor::current();
    on_pooled_connection(pool, Lane::Write, move |conn| {
        write_transaction(conn, &actor, false, work)
    })
    .await
}
