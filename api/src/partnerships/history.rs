//! The recorded status changes of a partnership.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::vocab::PartnershipStatus;
use crate::db::schema::partnership_changes;
use crate::db::DbConnection;
use crate::error::ApiError;

/// A status a partnership entered.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "from_status": "negotiating", "to_status": "signed", "changed_by": 2,
    "changed_at": "2026-01-07T03:00:00Z"
}))]
pub struct StatusChange {
    /// `null` for the status it was created in.
    pub from_status: Option<PartnershipStatus>,
    pub to_status: PartnershipStatus,
    /// The user who made the change (shown to organizers only).
    pub changed_by: Option<i64>,
    pub changed_at: DateTime<Utc>,
}

/// The changes of partnership `id`, oldest first.
pub fn of(
    conn: &mut DbConnection,
    id: i64,
    show_actor: bool,
) -> Result<Vec<StatusChange>, ApiError> {
    let rows: Vec<(Option<String>, String, Option<i64>, NaiveDateTime)> =
        partnership_changes::table
            .filter(partnership_changes::partnership_id.eq(id))
            .order(partnership_changes::id.asc())
            .select((
                partnership_changes::from_status,
                partnership_changes::to_status,
                partnership_changes::changed_by,
                partnership_changes::created_at,
            ))
            .load(conn)?;
    rows.into_iter()
        .map(|(from, to, by, at)| {
            Ok(StatusChange {
                from_status: from.as_deref().map(PartnershipStatus::parse).transpose()?,
                to_status: PartnershipStatus::parse(&to)?,
                changed_by: by.filter(|_| show_actor),
                changed_at: at.and_utc(),
            })
        })
        .collect()
}
