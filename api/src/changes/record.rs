//! What one transaction's changes become: audit entries always, tombstones for deletions,
//! webhook events (the outbox) for changes that are events.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde_json::{json, Map, Value};

use super::journal::{Action, Change};
use super::resources::{self, Edition, Resource};
use super::snapshot;
use super::Actor;
use crate::db::schema::{audit_entries, events, tombstones};
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::webhooks::outbox::{self, OutboxEvent};
use crate::webhooks::SubscriptionRow;

#[derive(Insertable)]
#[diesel(table_name = audit_entries)]
struct NewAuditEntry {
    occurred_at: chrono::NaiveDateTime,
    actor_user_id: Option<i64>,
    actor_token_id: Option<i64>,
    resource: String,
    resource_id: i64,
    action: &'static str,
    event_type: Option<String>,
    event_id: Option<i64>,
    before_data: Option<String>,
    after_data: Option<String>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = tombstones)]
struct NewTombstone {
    resource: &'static str,
    resource_id: i64,
    event_id: Option<i64>,
    deleted_at: chrono::NaiveDateTime,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

/// Audit entries per INSERT statement: 12 parameters each.
const AUDIT_BATCH: usize = 1000;

/// Records `changes` as made by `actor`, in the caller's transaction.
pub fn record(conn: &mut DbConnection, actor: &Actor, changes: &[Change]) -> Result<(), ApiError> {
    let at = now();
    let mut editions = Editions::default();
    let mut audit = Vec::with_capacity(changes.len());
    // Loaded once per transaction, when the first event needs them.
    let mut subscriptions: Option<Vec<SubscriptionRow>> = None;
    for change in changes {
        let resource = resources::by_table(&change.table).ok_or_else(|| {
            ApiError::Internal(format!(
                "table {} is journalled but not a resource",
                change.table
            ))
        })?;
        let before = change.before.clone().map(|r| resource.strip_secrets(r));
        let after = change.after.clone().map(|r| resource.strip_secrets(r));
        let (audit_before, audit_after) = match change.action {
            Action::Updated => {
                let mut fields = snapshot::changed_fields(before.as_ref(), after.as_ref());
                fields.retain(|field| !resource.bookkeeping.contains(&field.as_str()));
                if fields.is_empty() && change.touched {
                    // What it shows changed: its version tells so.
                    fields = vec!["version".to_owned(), "updated_at".to_owned()];
                } else if fields.is_empty() {
                    continue; // only secrets or bookkeeping moved
                }
                (
                    Some(snapshot::pick(before.as_ref(), &fields)),
                    Some(snapshot::pick(after.as_ref(), &fields)),
                )
            }
            _ => (before.clone(), after.clone()),
        };
        let event_type = resource.event_type(change);
        let edition = editions.of(conn, resource, before.as_ref().or(after.as_ref()))?;
        audit.push(NewAuditEntry {
            occurred_at: at,
            actor_user_id: actor.user_id,
            actor_token_id: actor.token_id,
            resource: resource.name.to_owned(),
            resource_id: change.row_id,
            action: change.action.as_str(),
            event_type: event_type.clone(),
            event_id: edition.as_ref().map(|(id, _)| *id),
            before_data: audit_before.as_ref().map(to_text),
            after_data: audit_after.as_ref().map(to_text),
            created_at: at,
            updated_at: at,
        });
        if change.action == Action::Deleted {
            diesel::insert_into(tombstones::table)
                .values(NewTombstone {
                    resource: resource.name,
                    resource_id: change.row_id,
                    event_id: edition.as_ref().map(|(id, _)| *id),
                    deleted_at: at,
                    created_at: at,
                    updated_at: at,
                })
                .execute(conn)?;
        }
        if let Some(event_type) = event_type {
            // Stored whole (secrets stripped): each delivery is projected with its
            // subscriber's rights when it is sent (`webhooks::projection`).
            let object = after
                .as_ref()
                .or(before.as_ref())
                .cloned()
                .unwrap_or_default();
            let mut data = json!({ "object": object });
            if change.action == Action::Updated {
                if let Some(previous) = audit_before {
                    data["previous"] = Value::Object(previous);
                }
            }
            if subscriptions.is_none() {
                subscriptions = Some(SubscriptionRow::active(conn)?);
            }
            outbox::enqueue(
                conn,
                subscriptions.as_deref().unwrap_or_default(),
                &OutboxEvent {
                    event_type,
                    resource: resource.name,
                    resource_id: change.row_id,
                    event_slug: edition.map(|(_, slug)| slug),
                    occurred_at: at,
                    data,
                },
            )?;
        }
    }
    // Few statements per transaction (batch inserts need the concrete backend), each
    // within both backends' limits on bound parameters (PostgreSQL's is 65,535).
    for batch in audit.chunks(AUDIT_BATCH) {
        let insert = diesel::insert_into(audit_entries::table).values(batch);
        match conn {
            DbConnection::Postgresql(pg) => insert.execute(pg)?,
            DbConnection::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(())
}

fn to_text(row: &Map<String, Value>) -> String {
    Value::Object(row.clone()).to_string()
}

/// Editions looked up once per transaction: id → slug.
#[derive(Default)]
struct Editions(HashMap<i64, String>);

#[derive(QueryableByName)]
struct ParentEdition {
    #[diesel(sql_type = BigInt)]
    event_id: i64,
}

impl Editions {
    /// The edition (id, slug) a row belongs to, if any.
    fn of(
        &mut self,
        conn: &mut DbConnection,
        resource: &Resource,
        row: Option<&Map<String, Value>>,
    ) -> Result<Option<(i64, String)>, ApiError> {
        let Some(row) = row else { return Ok(None) };
        let number = |name: &str| row.get(name).and_then(Value::as_i64);
        let id = match resource.edition {
            Edition::None => None,
            Edition::Itself => {
                if let (Some(id), Some(slug)) =
                    (number("id"), row.get("slug").and_then(Value::as_str))
                {
                    return Ok(Some((id, slug.to_owned())));
                }
                None
            }
            Edition::Column => number("event_id"),
            Edition::Via { parent, column } => match number(column) {
                None => None,
                // `parent` and `column` are our own names, never input.
                Some(parent_id) => {
                    diesel::sql_query(format!("SELECT event_id FROM {parent} WHERE id = $1"))
                        .bind::<BigInt, _>(parent_id)
                        .get_result::<ParentEdition>(conn)
                        .optional()?
                        .map(|p| p.event_id)
                }
            },
        };
        let Some(id) = id else { return Ok(None) };
        if let Some(slug) = self.0.get(&id) {
            return Ok(Some((id, slug.clone())));
        }
        let slug: Option<String> = events::table
            .find(id)
            .select(events::slug)
            .first(conn)
            .optional()?;
        Ok(slug.map(|slug| {
            self.0.insert(id, slug.clone());
            (id, slug)
        }))
    }
}
