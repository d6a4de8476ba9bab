//! Forgetting a person: an erased row's history keeps its entries (who changed it, when,
//! how) but loses every value it recorded, in the audit trail and in the webhook events
//! not yet pruned.

use diesel::prelude::*;

use crate::db::schema::{audit_entries as a, webhook_events as w};
use crate::db::DbConnection;
use crate::error::ApiError;

/// What an erased entry's data becomes.
pub const ERASED: &str = r#"{"erased":true}"#;

/// Replaces the recorded values of the row `id` of `resource` (its name: `delegate`,
/// `user`) with [`ERASED`]; returns how many audit entries and events were rewritten.
pub fn forget(conn: &mut DbConnection, resource: &str, id: i64) -> Result<usize, ApiError> {
    let entries = a::table
        .filter(a::resource.eq(resource))
        .filter(a::resource_id.eq(id));
    let before = diesel::update(entries.filter(a::before_data.is_not_null()))
        .set(a::before_data.eq(ERASED))
        .execute(conn)?;
    let after = diesel::update(entries.filter(a::after_data.is_not_null()))
        .set(a::after_data.eq(ERASED))
        .execute(conn)?;
    let events = diesel::update(
        w::table
            .filter(w::resource.eq(resource))
            .filter(w::resource_id.eq(id)),
    )
    .set(w::data.eq(ERASED))
    .execute(conn)?;
    Ok(before.max(after) + events)
}
