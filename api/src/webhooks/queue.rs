//! The delivery queue: claiming due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! several API processes never take the same one) and recording each attempt.
//!
//! A delivery is due when it is pending, its time has come, no live claim holds it, its
//! subscription is active, and no earlier delivery of the same resource to the same
//! subscription is still pending: events of one resource arrive in order.

use chrono::{Duration as Span, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::model::SubscriptionRow;
use super::settings::{WebhookSettings, RETRY_WINDOW};
use crate::db::schema::{webhook_deliveries as d, webhook_events as e, webhook_subscriptions as s};
use crate::db::{now, DbConnection};
use crate::error::ApiError;

/// How long a claim protects a delivery from other workers. The worker renews its claims
/// every [`RENEW_EVERY`] while it sends, so a live worker keeps them however long a round
/// takes, and the batch of a worker that died is taken over within seconds.
const LEASE: Span = Span::seconds(15);

/// How often a sending worker renews its claims (a third of the lease).
pub const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A claimed delivery with what sending it needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery_id: i64,
    pub attempts: i64,
    pub subscription_id: i64,
    pub url: String,
    pub secret: String,
    pub event_id: i64,
    pub event_type: String,
    pub resource: String,
    pub resource_id: i64,
    pub event_slug: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub data: String,
}

type ClaimedTuple = (
    i64,
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    i64,
    Option<String>,
    NaiveDateTime,
    String,
);

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

const DUE: &str = "SELECT d.id FROM webhook_deliveries d \
    WHERE d.status = 'pending' AND d.next_attempt_at <= $3 \
      AND (d.claimed_until IS NULL OR d.claimed_until < $3) \
      AND EXISTS (SELECT 1 FROM webhook_subscriptions s \
                  WHERE s.id = d.subscription_id AND s.active = TRUE) \
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p \
                      WHERE p.subscription_id = d.subscription_id \
                        AND p.resource_key = d.resource_key \
                        AND p.status = 'pending' AND p.id < d.id) \
    ORDER BY d.id LIMIT $4";

/// Claims up to `limit` due deliveries for `worker`.
pub fn claim(conn: &mut DbConnection, worker: &str, limit: i64) -> Result<Vec<Claimed>, ApiError> {
    let at = now();
    let locking = match conn {
        DbConnection::Postgresql(_) => " FOR UPDATE OF d SKIP LOCKED",
        // One writer at a time: the write transaction is the claim.
        DbConnection::Sqlite(_) => "",
    };
    let ids: Vec<i64> = diesel::sql_query(format!(
        "UPDATE webhook_deliveries SET claimed_until = $1, claimed_by = $2 \
         WHERE id IN ({DUE}{locking}) RETURNING id"
    ))
    .bind::<Timestamp, _>(at + LEASE)
    .bind::<Text, _>(worker)
    .bind::<Timestamp, _>(at)
    .bind::<BigInt, _>(limit)
    .load::<ClaimedId>(conn)?
    .into_iter()
    .map(|row| row.id)
    .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<ClaimedTuple> = d::table
        .inner_join(s::table)
        .inner_join(e::table)
        .filter(d::id.eq_any(&ids))
        .order(d::id)
        .select((
            d::id,
            d::attempts,
            s::id,
            s::url,
            s::secret,
            e::id,
            e::event_type,
            e::resource,
            e::resource_id,
            e::event_slug,
            e::occurred_at,
            e::data,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                delivery_id,
                attempts,
                subscription_id,
                url,
                secret,
                event_id,
                event_type,
                resource,
                resource_id,
                event_slug,
                occurred_at,
                data,
            )| Claimed {
                delivery_id,
                attempts,
                subscription_id,
                url,
                secret,
                event_id,
                event_type,
                resource,
                resource_id,
                event_slug,
                occurred_at,
                data,
            },
        )
        .collect())
}

/// Extends the claims `worker` holds on deliveries it has not finished.
pub fn renew(conn: &mut DbConnection, worker: &str) -> Result<usize, ApiError> {
    Ok(diesel::update(
        d::table
            .filter(d::claimed_by.eq(worker))
            .filter(d::status.eq("pending")),
    )
    .set(d::claimed_until.eq(now() + LEASE))
    .execute(conn)?)
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub status_code: Option<u16>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// The target was refused by the SSRF guard: retrying cannot help.
    pub refused: bool,
}

/// Records an attempt of a delivery this worker claimed.
pub fn finish(
    conn: &mut DbConnection,
    worker: &str,
    settings: &WebhookSettings,
    claimed: &Claimed,
    attempt: &Attempt,
) -> Result<(), ApiError> {
    let at = now();
    let attempts = claimed.attempts + 1;
    let code = attempt.status_code;
    let succeeded = code.is_some_and(|c| (200..300).contains(&c));
    let gone = code == Some(410);
    let retry_at = at + Span::from_std(settings.retry_delay(attempts)).unwrap_or(Span::hours(1));
    let give_up = attempt.refused
        || gone
        || retry_at > claimed.occurred_at + Span::from_std(RETRY_WINDOW).unwrap_or(Span::hours(24));
    let status = match (succeeded, give_up) {
        (true, _) => "delivered",
        (false, true) => "failed",
        (false, false) => "pending",
    };
    diesel::update(
        d::table
            .filter(d::id.eq(claimed.delivery_id))
            .filter(d::claimed_by.eq(worker)),
    )
    .set((
        d::status.eq(status),
        d::attempts.eq(attempts),
        d::next_attempt_at.eq(if status == "pending" { retry_at } else { at }),
        d::claimed_until.eq(None::<NaiveDateTime>),
        d::claimed_by.eq(None::<String>),
        d::last_status_code.eq(code.map(i64::from)),
        d::last_duration_ms.eq(attempt.duration_ms),
        d::last_error.eq(&attempt.error),
        d::delivered_at.eq(succeeded.then_some(at)),
        d::updated_at.eq(at),
        d::version.eq(d::version + 1),
    ))
    .execute(conn)?;
    if gone {
        SubscriptionRow::disable(
            conn,
            claimed.subscription_id,
            "the receiver answered 410 Gone",
        )?;
    }
    Ok(())
}

/// Cancels a delivery this worker claimed without sending it, recording why (the
/// subscriber may not receive it): it is never retried.
pub fn withhold(
    conn: &mut DbConnection,
    worker: &str,
    claimed: &Claimed,
    reason: &str,
) -> Result<(), ApiError> {
    let at = now();
    diesel::update(
        d::table
            .filter(d::id.eq(claimed.delivery_id))
            .filter(d::claimed_by.eq(worker)),
    )
    .set((
        d::status.eq("cancelled"),
        d::next_attempt_at.eq(at),
        d::claimed_until.eq(None::<NaiveDateTime>),
        d::claimed_by.eq(None::<String>),
        d::last_error.eq(reason),
        d::updated_at.eq(at),
        d::version.eq(d::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// How many deliveries are pending (all processes), and when the oldest one's event
/// happened: what `/metrics` reports of the queue, in one statement.
pub fn pending_summary(conn: &mut DbConnection) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    d::table
        .inner_join(e::table)
        .filter(d::status.eq("pending"))
        .select((diesel::dsl::count_star(), diesel::dsl::min(e::occurred_at)))
        .first(conn)
}
