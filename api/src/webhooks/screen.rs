//! Before a round sends anything: each claimed delivery is projected with its
//! subscriber's rights as they are now (`rights`, `projection`). A delivery the subscriber
//! may not receive is cancelled with the reason in the log (never retried); a subscription
//! whose creator has no rights left (token revoked or expired, creator no longer staff) is
//! disabled, which cancels its queue.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::model::SubscriptionRow;
use super::projection::{self, Consents};
use super::queue::{self, Claimed};
use super::rights::{self, Subscriber};
use crate::changes::resources;
use crate::db::DbConnection;
use crate::error::ApiError;

/// Projects `claimed` (by `worker`) for their subscribers; returns those to send, with
/// their `data` projected, and records the others.
pub fn screen(
    conn: &mut DbConnection,
    worker: &str,
    claimed: Vec<Claimed>,
) -> Result<Vec<Claimed>, ApiError> {
    let now = crate::db::now();
    let mut subscribers: HashMap<i64, Result<Subscriber, String>> = HashMap::new();
    for delivery in &claimed {
        if let Entry::Vacant(slot) = subscribers.entry(delivery.subscription_id) {
            let subscription = SubscriptionRow::find(conn, delivery.subscription_id)?;
            slot.insert(rights::of_subscription(conn, &subscription, now)?);
        }
    }
    let parsed: Vec<Value> = claimed
        .iter()
        .map(|d| serde_json::from_str(&d.data).unwrap_or(Value::Null))
        .collect();
    let ids: Vec<i64> = claimed
        .iter()
        .zip(&parsed)
        .filter_map(|(d, data)| resources::by_name(&d.resource).map(|r| (r, data)))
        .flat_map(|(resource, data)| projection::delegate_ids(resource, data))
        .collect();
    let consents = Consents::load(conn, &ids)?;
    let mut send = Vec::with_capacity(claimed.len());
    let mut disabled = HashSet::new();
    for (mut delivery, data) in claimed.into_iter().zip(parsed) {
        let decision = match subscribers.get(&delivery.subscription_id) {
            Some(Ok(subscriber)) => project(&delivery, &data, subscriber, &consents),
            Some(Err(reason)) => {
                let reason = format!("withheld: {reason}; the subscription was disabled");
                queue::withhold(conn, worker, &delivery, &reason)?;
                if disabled.insert(delivery.subscription_id) {
                    SubscriptionRow::disable(conn, delivery.subscription_id, &reason)?;
                }
                continue;
            }
            None => Err("withheld: the subscription is gone".to_owned()),
        };
        match decision {
            Ok(projected) => {
                delivery.data = projected.to_string();
                send.push(delivery);
            }
            Err(reason) => queue::withhold(conn, worker, &delivery, &reason)?,
        }
    }
    Ok(send)
}

fn project(
    delivery: &Claimed,
    data: &Value,
    subscriber: &Subscriber,
    consents: &Consents,
) -> Result<Value, String> {
    let resource = resources::by_name(&delivery.resource)
        .ok_or_else(|| format!("withheld: unknown resource `{}`", delivery.resource))?;
    subscriber
        .may_read(resource, delivery.event_slug.as_deref())
        .map_err(|refusal| refusal.reason())?;
    projection::project(resource, delivery.resource_id, data, subscriber, consents)
}
