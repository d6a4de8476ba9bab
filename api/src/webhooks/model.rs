//! Webhook subscriptions as stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::webhook_subscriptions;
use crate::db::DbConnection;
use crate::error::ApiError;

/// A stored subscription.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_subscriptions)]
pub struct SubscriptionRow {
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    /// JSON array of patterns.
    pub event_types: String,
    pub event_slug: Option<String>,
    pub secret: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    /// The API token that created it: deliveries carry its rights, and only it (besides
    /// signed-in staff) sees the subscription.
    pub created_by_token_id: Option<i64>,
}

/// The columns a create or update writes.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = webhook_subscriptions, treat_none_as_null = true)]
pub struct SubscriptionColumns {
    pub url: String,
    pub description: Option<String>,
    pub event_types: String,
    pub event_slug: Option<String>,
    pub secret: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
}

impl SubscriptionRow {
    /// The patterns of event types the subscription wants.
    pub fn patterns(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types).unwrap_or_default()
    }

    /// Whether the subscription wants an event of `event_type` in edition `event_slug`.
    pub fn wants(&self, event_type: &str, event_slug: Option<&str>) -> bool {
        let edition_matches = self
            .event_slug
            .as_deref()
            .is_none_or(|wanted| Some(wanted) == event_slug);
        edition_matches
            && self
                .patterns()
                .iter()
                .any(|pattern| pattern_matches(pattern, event_type))
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> Result<Self, ApiError> {
        Self::find_visible(conn, id, None)
    }

    /// The subscription `id` if the caller sees it: every one for staff (`owner` `None`),
    /// only its own for an API token (`owner` its id); a 404 otherwise.
    pub fn find_visible(
        conn: &mut DbConnection,
        id: i64,
        owner: Option<i64>,
    ) -> Result<Self, ApiError> {
        let mut query = webhook_subscriptions::table
            .filter(webhook_subscriptions::id.eq(id))
            .into_boxed();
        if let Some(token) = owner {
            query = query.filter(webhook_subscriptions::created_by_token_id.eq(token));
        }
        query
            .select(Self::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no webhook with id {id}")))
    }

    pub fn active(conn: &mut DbConnection) -> QueryResult<Vec<Self>> {
        webhook_subscriptions::table
            .filter(webhook_subscriptions::active.eq(true))
            .order(webhook_subscriptions::id)
            .select(Self::as_select())
            .load(conn)
    }

    pub fn insert(
        conn: &mut DbConnection,
        columns: &SubscriptionColumns,
        created_by: Option<i64>,
        created_by_token_id: Option<i64>,
    ) -> Result<Self, ApiError> {
        let at = crate::db::now();
        let id: i64 = diesel::insert_into(webhook_subscriptions::table)
            .values((
                columns,
                webhook_subscriptions::created_by.eq(created_by),
                webhook_subscriptions::created_by_token_id.eq(created_by_token_id),
                webhook_subscriptions::created_at.eq(at),
                webhook_subscriptions::updated_at.eq(at),
            ))
            .returning(webhook_subscriptions::id)
            .get_result(conn)?;
        Self::find(conn, id)
    }

    pub fn update(
        conn: &mut DbConnection,
        id: i64,
        columns: &SubscriptionColumns,
    ) -> Result<Self, ApiError> {
        diesel::update(webhook_subscriptions::table.find(id))
            .set((
                columns,
                webhook_subscriptions::updated_at.eq(crate::db::now()),
                webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, id)
    }

    pub fn delete(conn: &mut DbConnection, id: i64) -> QueryResult<usize> {
        diesel::delete(webhook_subscriptions::table.find(id)).execute(conn)
    }

    /// Turns the subscription off (a 410 from its receiver), cancelling what is queued.
    pub fn disable(conn: &mut DbConnection, id: i64, reason: &str) -> QueryResult<()> {
        use crate::db::schema::webhook_deliveries as d;
        diesel::update(webhook_subscriptions::table.find(id))
            .set((
                webhook_subscriptions::active.eq(false),
                webhook_subscriptions::disabled_reason.eq(reason),
                webhook_subscriptions::updated_at.eq(crate::db::now()),
                webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            ))
            .execute(conn)?;
        diesel::update(
            d::table
                .filter(d::subscription_id.eq(id))
                .filter(d::status.eq("pending")),
        )
        .set((
            d::status.eq("cancelled"),
            d::updated_at.eq(crate::db::now()),
        ))
        .execute(conn)?;
        Ok(())
    }
}

/// `*`, `delegate.*` or an exact type.
pub fn pattern_matches(pattern: &str, event_type: &str) -> bool {
    pattern == "*"
        || pattern == event_type
        || pattern.strip_suffix(".*").is_some_and(|prefix| {
            event_type
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::pattern_matches;

    #[test]
    fn wildcards() {
        assert!(pattern_matches("*", "booth.assigned"));
        assert!(pattern_matches("delegate.*", "delegate.checked_in"));
        assert!(!pattern_matches("delegate.*", "delegation.created"));
        assert!(pattern_matches("session.cancelled", "session.cancelled"));
        assert!(!pattern_matches("session.cancelled", "session.updated"));
    }
}
