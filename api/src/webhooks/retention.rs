//! Retention of the delivery log: finished deliveries (delivered, or given up) are deleted
//! once their last attempt is older than the retention (`WEBHOOK_RETENTION_DAYS`), and
//! events once no delivery refers to them. Pending deliveries are never deleted. Each
//! process's worker prunes when it starts and then every [`PRUNE_EVERY`]; several
//! processes pruning at once delete the same rows harmlessly.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use crate::db::schema::{webhook_deliveries as d, webhook_events as e};
use crate::db::DbConnection;
use crate::error::ApiError;

/// How often a worker prunes.
pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// What one pruning deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub deliveries: usize,
    pub events: usize,
}

/// Deletes finished deliveries last attempted before `before`, then the events older than
/// `before` that no delivery refers to any more.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> Result<Pruned, ApiError> {
    let deliveries = diesel::delete(
        d::table
            .filter(d::status.eq_any(["delivered", "failed"]))
            .filter(d::updated_at.lt(before)),
    )
    .execute(conn)?;
    let events = diesel::delete(
        e::table
            .filter(e::created_at.lt(before))
            .filter(not(exists(d::table.filter(d::webhook_event_id.eq(e::id))))),
    )
    .execute(conn)?;
    Ok(Pruned { deliveries, events })
}
