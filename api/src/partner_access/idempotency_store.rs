//! The idempotency keys at rest: one row per (caller, key), claimed by an INSERT under a
//! unique index before the request runs (so of several API processes exactly one runs
//! it), then filled with the answer to replay, for 24 hours.

use std::sync::atomic::{AtomicI64, Ordering};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::idempotency_keys;
use crate::db::DbConnection;
use crate::error::ApiError;

/// How long a key and its answer are kept.
pub const KEEP_HOURS: i64 = 24;
/// A claim not renewed for this long was left behind by a process that stopped
/// mid-request (killed, or its host gone); a retry may take it over. A running request
/// renews its claim every [`RENEW_EVERY`].
const ABANDONED_AFTER_SECS: i64 = 20;

/// How often a request still running renews its claim (a quarter of the abandonment window).
pub const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// How often (at most) a process deletes every expired key.
const PURGE_EVERY_SECS: i64 = 10 * 60;
static LAST_PURGE: AtomicI64 = AtomicI64::new(0);

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    /// The headers worth replaying: `Location`, `ETag`, `Content-Type`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claim {
    /// The key is ours: run the request, then [`complete`] or [`release`] it.
    Claimed(i64),
    /// The same request is running elsewhere.
    Running,
    /// The key was used for a different request.
    Mismatch,
    /// The same request already finished: replay this.
    Done(StoredResponse),
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
struct KeyRow {
    id: i64,
    fingerprint: String,
    status: Option<i64>,
    response_headers: Option<String>,
    response_body: Option<String>,
    expires_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Claims `key` of `caller` for a request with `fingerprint`. Run inside a write
/// transaction; two processes inserting at once make one of them fail with a unique
/// violation (a 409 `ApiError::Conflict`), and claiming again then finds the winner's row.
pub fn claim(
    conn: &mut DbConnection,
    caller: &str,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> Result<Claim, ApiError> {
    purge_now_and_then(conn, now)?;
    let existing = idempotency_keys::table
        .filter(idempotency_keys::caller.eq(caller))
        .filter(idempotency_keys::idempotency_key.eq(key))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = existing else {
        let id = diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::caller.eq(caller),
                idempotency_keys::idempotency_key.eq(key),
                idempotency_keys::fingerprint.eq(fingerprint),
                idempotency_keys::expires_at.eq(now + Duration::hours(KEEP_HOURS)),
                idempotency_keys::created_at.eq(now),
                idempotency_keys::updated_at.eq(now),
                idempotency_keys::version.eq(1_i64),
            ))
            .returning(idempotency_keys::id)
            .get_result(conn)?;
        return Ok(Claim::Claimed(id));
    };
    let abandoned =
        row.status.is_none() && (now - row.updated_at).num_seconds() >= ABANDONED_AFTER_SECS;
    if row.expires_at <= now || abandoned {
        diesel::update(idempotency_keys::table.find(row.id))
            .set((
                idempotency_keys::fingerprint.eq(fingerprint),
                idempotency_keys::status.eq(None::<i64>),
                idempotency_keys::response_headers.eq(None::<String>),
                idempotency_keys::response_body.eq(None::<String>),
                idempotency_keys::expires_at.eq(now + Duration::hours(KEEP_HOURS)),
                idempotency_keys::updated_at.eq(now),
                idempotency_keys::version.eq(idempotency_keys::version + 1),
            ))
            .execute(conn)?;
        return Ok(Claim::Claimed(row.id));
    }
    if row.fingerprint != fingerprint {
        return Ok(Claim::Mismatch);
    }
    let (Some(status), Some(headers), Some(body)) =
        (row.status, row.response_headers, row.response_body)
    else {
        return Ok(Claim::Running);
    };
    Ok(Claim::Done(StoredResponse {
        status: u16::try_from(status)
            .map_err(|_| ApiError::Internal(format!("stored status {status}")))?,
        headers: serde_json::from_str(&headers)?,
        body: STANDARD
            .decode(body)
            .map_err(|e| ApiError::Internal(format!("stored body is not base64: {e}")))?,
    }))
}

/// Stores the answer of a claimed key.
pub fn complete(
    conn: &mut DbConnection,
    id: i64,
    response: &StoredResponse,
) -> Result<(), ApiError> {
    diesel::update(idempotency_keys::table.find(id))
        .set((
            idempotency_keys::status.eq(i64::from(response.status)),
            idempotency_keys::response_headers.eq(serde_json::to_string(&response.headers)?),
            idempotency_keys::response_body.eq(STANDARD.encode(&response.body)),
            idempotency_keys::updated_at.eq(crate::db::now()),
            idempotency_keys::version.eq(idempotency_keys::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Renews a claim whose request is still running.
pub fn renew(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
    diesel::update(
        idempotency_keys::table
            .find(id)
            .filter(idempotency_keys::status.is_null()),
    )
    .set(idempotency_keys::updated_at.eq(crate::db::now()))
    .execute(conn)?;
    Ok(())
}

/// Gives a claimed key up, so that a retry runs the request again. One statement, safe
/// outside a transaction (it also runs when a request is dropped mid-way).
pub fn release(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
    diesel::delete(idempotency_keys::table.find(id)).execute(conn)?;
    Ok(())
}

/// Deletes every expired key, at most once per [`PURGE_EVERY_SECS`] per process.
fn purge_now_and_then(conn: &mut DbConnection, now: NaiveDateTime) -> Result<(), ApiError> {
    let seconds = now.and_utc().timestamp();
    let last = LAST_PURGE.load(Ordering::Relaxed);
    if seconds - last < PURGE_EVERY_SECS
        || LAST_PURGE
            .compare_exchange(last, seconds, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return Ok(());
    }
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::expires_at.le(now)))
        .execute(conn)?;
    Ok(())
}
