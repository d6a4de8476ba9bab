//! Sign-in throttling per account and per client address, kept in the database so that
//! every API process counts the same failures (three replicas allow five failures per
//! account, not fifteen).
//!
//! After too many failures inside the window, further attempts answer 429 with
//! `Retry-After` until the oldest failure leaves the window. A success clears the
//! account's failures. The client address is `http::client_address`'s: behind a trusted
//! proxy, the client's own, so one client's failures never lock out the others.
//! Attempts that run at the same moment are each checked before any is recorded, so a
//! burst may get a few more tries than the limit; the next attempt sees them all.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::sign_in_failures as f;
use crate::db::{now, DbConnection};
use crate::error::ApiError;

/// Failures remembered per key.
const WINDOW_SECS: i64 = 15 * 60;
/// Failures allowed per account inside the window.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failures allowed per client address inside the window (several users may share one).
pub const ADDRESS_LIMIT: i64 = 20;

/// `Some(seconds)` to wait when the account or the address is locked out.
pub fn retry_after(
    conn: &mut DbConnection,
    email: &str,
    address: &str,
) -> Result<Option<u64>, ApiError> {
    wait_for(
        conn,
        &[
            (account_key(email), ACCOUNT_LIMIT),
            (address_key(address), ADDRESS_LIMIT),
        ],
    )
}

/// Records a failed attempt against both keys, and forgets failures past the window.
pub fn record_failure(conn: &mut DbConnection, email: &str, address: &str) -> Result<(), ApiError> {
    record(conn, &[account_key(email), address_key(address)])
}

/// `Some(seconds)` to wait when any of `counters` (a key and how many entries it allows
/// inside the window) is full: the sign-in throttle's, or another flow's (password resets
/// count requests under their own keys).
pub fn wait_for(
    conn: &mut DbConnection,
    counters: &[(String, i64)],
) -> Result<Option<u64>, ApiError> {
    let at = now();
    let keys: Vec<&str> = counters.iter().map(|(key, _)| key.as_str()).collect();
    let counts: Vec<(String, i64, Option<NaiveDateTime>)> = f::table
        .filter(f::throttle_key.eq_any(&keys))
        .filter(f::failed_at.gt(at - window()))
        .group_by(f::throttle_key)
        .select((
            f::throttle_key,
            diesel::dsl::count_star(),
            diesel::dsl::min(f::failed_at),
        ))
        .load(conn)?;
    let limit_of = |key: &str| {
        counters
            .iter()
            .find(|(k, _)| k == key)
            .map_or(i64::MAX, |(_, limit)| *limit)
    };
    Ok(counts
        .into_iter()
        .filter(|(key, count, _)| *count >= limit_of(key))
        .filter_map(|(_, _, oldest)| oldest)
        .map(|oldest| {
            let left = (oldest + window() - at).num_seconds();
            u64::try_from(left).unwrap_or(0).max(1)
        })
        .max())
}

/// Records one entry against each key, and forgets entries past the window.
pub fn record(conn: &mut DbConnection, keys: &[String]) -> Result<(), ApiError> {
    let at = now();
    diesel::delete(f::table.filter(f::failed_at.le(at - window()))).execute(conn)?;
    for key in keys {
        diesel::insert_into(f::table)
            .values((f::throttle_key.eq(key), f::failed_at.eq(at)))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the account's failures after a successful sign-in.
pub fn record_success(conn: &mut DbConnection, email: &str) -> Result<(), ApiError> {
    diesel::delete(f::table.filter(f::throttle_key.eq(account_key(email)))).execute(conn)?;
    Ok(())
}

fn window() -> Duration {
    Duration::seconds(WINDOW_SECS)
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("ip:{address}")
}
