//! The outbox: webhook events written in the transaction of the change they report, with
//! one delivery per subscription that wants them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use super::model::SubscriptionRow;
use crate::db::schema::{webhook_deliveries, webhook_events};
use crate::db::DbConnection;
use crate::error::ApiError;

/// An event to queue.
#[derive(Debug)]
pub struct OutboxEvent {
    pub event_type: String,
    pub resource: &'static str,
    pub resource_id: i64,
    pub event_slug: Option<String>,
    pub occurred_at: NaiveDateTime,
    /// The payload's `data`.
    pub data: Value,
}

/// The key deliveries are ordered by: one resource.
pub fn resource_key(resource: &str, id: i64) -> String {
    format!("{resource}:{id}")
}

/// Queues `event` for every one of the active `subscriptions` that wants it; writes
/// nothing when none does.
pub fn enqueue(
    conn: &mut DbConnection,
    subscriptions: &[SubscriptionRow],
    event: &OutboxEvent,
) -> Result<(), ApiError> {
    let wanting: Vec<i64> = subscriptions
        .iter()
        .filter(|s| s.wants(&event.event_type, event.event_slug.as_deref()))
        .map(|s| s.id)
        .collect();
    if wanting.is_empty() {
        return Ok(());
    }
    let at = event.occurred_at;
    let event_id: i64 = diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::event_type.eq(&event.event_type),
            webhook_events::resource.eq(event.resource),
            webhook_events::resource_id.eq(event.resource_id),
            webhook_events::event_slug.eq(&event.event_slug),
            webhook_events::occurred_at.eq(at),
            webhook_events::data.eq(event.data.to_string()),
            webhook_events::created_at.eq(at),
            webhook_events::updated_at.eq(at),
        ))
        .returning(webhook_events::id)
        .get_result(conn)?;
    for subscription_id in wanting {
        queue_delivery(
            conn,
            subscription_id,
            event_id,
            &resource_key(event.resource, event.resource_id),
            None,
        )?;
    }
    Ok(())
}

/// Queues one delivery (a first one, or a redelivery of `redelivery_of`).
pub fn queue_delivery(
    conn: &mut DbConnection,
    subscription_id: i64,
    event_id: i64,
    key: &str,
    redelivery_of: Option<i64>,
) -> QueryResult<i64> {
    let at = crate::db::now();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::subscription_id.eq(subscription_id),
            webhook_deliveries::webhook_event_id.eq(event_id),
            webhook_deliveries::resource_key.eq(key),
            webhook_deliveries::status.eq("pending"),
            webhook_deliveries::next_attempt_at.eq(at),
            webhook_deliveries::redelivery_of.eq(redelivery_of),
            webhook_deliveries::created_at.eq(at),
            webhook_deliveries::updated_at.eq(at),
        ))
        .returning(webhook_deliveries::id)
        .get_result(conn)
}
