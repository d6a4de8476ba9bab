//! Delegation rows, representation, inputs and queries.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{cities, delegates, delegations};
use crate::db::{now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::Checks;
use crate::visibility::{DelegateViewer, Disclosure};

/// A stored delegation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delegations)]
pub struct DelegationRow {
    pub id: i64,
    pub event_id: i64,
    pub city_id: i64,
    pub head_delegate_id: Option<i64>,
    pub notes: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A city's party at an event.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "city_id": 2, "head_delegate_id": 5, "notes": null,
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Delegation {
    pub id: i64,
    pub city_id: i64,
    /// The delegate who leads the delegation (one of its members); `null` too when the
    /// viewer may not recognise that delegate.
    pub head_delegate_id: Option<i64>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Delegation {
    /// The representations of `rows` as `viewer` may see them: a head who is not public
    /// to the viewer is `null` (see `delegates::visibility`).
    pub fn shown(
        conn: &mut DbConnection,
        rows: Vec<DelegationRow>,
        viewer: DelegateViewer,
    ) -> Result<Vec<Self>, ApiError> {
        let heads = Disclosure::load(conn, viewer, rows.iter().filter_map(|r| r.head_delegate_id))?;
        Ok(rows
            .into_iter()
            .map(|row| Self {
                id: row.id,
                city_id: row.city_id,
                head_delegate_id: row.head_delegate_id.and_then(|id| heads.id(id)),
                notes: row.notes,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                version: row.version,
            })
            .collect())
    }

    /// One delegation as `viewer` may see it.
    pub fn shown_one(
        conn: &mut DbConnection,
        row: DelegationRow,
        viewer: DelegateViewer,
    ) -> Result<Self, ApiError> {
        Self::shown(conn, vec![row], viewer)?
            .pop()
            .ok_or_else(|| ApiError::Internal("a delegation vanished while shown".into()))
    }
}

/// A new delegation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"city_id": 2, "notes": "Arrives on the 5th"}))]
pub struct CreateDelegation {
    pub city_id: i64,
    pub head_delegate_id: Option<i64>,
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub notes: Option<String>,
}

/// Changes to a delegation; `null` clears the head or the notes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"head_delegate_id": 5}))]
pub struct UpdateDelegation {
    pub city_id: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub head_delegate_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub notes: Option<Option<String>>,
}

/// Filters of the delegation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegationFilter {
    /// Only the delegation of this city.
    pub city_id: Option<i64>,
}

impl ListFilter for DelegationFilter {
    const SORTABLE: &'static [&'static str] = SORTABLE;
}

pub const SORTABLE: &[&str] = &["id", "updated_at"];

fn filtered<'a>(
    event_id: i64,
    filter: &'a DelegationFilter,
    list: &'a ListRequest,
) -> delegations::BoxedQuery<'a, Db> {
    let mut query = delegations::table
        .filter(delegations::event_id.eq(event_id))
        .into_boxed();
    if let Some(city_id) = filter.city_id {
        query = query.filter(delegations::city_id.eq(city_id));
    }
    if let Some(q) = &list.q {
        let matching_cities = cities::table
            .filter(search::contains(cities::search_text, q))
            .select(cities::id);
        query = query.filter(delegations::city_id.eq_any(matching_cities));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(delegations::updated_at.ge(since));
    }
    query
}

impl DelegationRow {
    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &DelegationFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<DelegationRow>, i64)> {
        let total = filtered(event_id, filter, list).count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "updated_at" => order.by(delegations::updated_at, key.descending),
                _ => order.by(delegations::id, key.descending),
            };
        }
        let rows = filtered(event_id, filter, list)
            .order(order.by(delegations::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(DelegationRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    pub fn find(
        conn: &mut DbConnection,
        event_id: i64,
        id: i64,
    ) -> Result<DelegationRow, ApiError> {
        delegations::table
            .filter(delegations::event_id.eq(event_id))
            .filter(delegations::id.eq(id))
            .select(DelegationRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no delegation {id} at this event")))
    }

    /// Validates references: the city exists, no other delegation of the event has it,
    /// and the head belongs to this delegation.
    fn check(
        conn: &mut DbConnection,
        event_id: i64,
        id: Option<i64>,
        city_id: i64,
        head: Option<i64>,
        notes: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut checks = Checks::default();
        checks.text(notes, "notes", 2000);
        let city_exists: i64 = cities::table
            .filter(cities::id.eq(city_id))
            .count()
            .get_result(conn)?;
        checks.check(city_exists == 1, "city_id", "no such city");
        if let Some(head) = head {
            let member: i64 = delegates::table
                .filter(delegates::id.eq(head))
                .filter(delegates::delegation_id.nullable().eq(id))
                .count()
                .get_result(conn)?;
            checks.check(
                member == 1,
                "head_delegate_id",
                "must be a delegate of this delegation",
            );
        }
        checks.finish(|| ())?;
        let existing: Option<i64> = delegations::table
            .filter(delegations::event_id.eq(event_id))
            .filter(delegations::city_id.eq(city_id))
            .select(delegations::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(other) if Some(other) != id => Err(ApiError::conflict_with(
                format!("city {city_id} already has delegation {other} at this event"),
                "existing_id",
                other.into(),
            )),
            _ => Ok(()),
        }
    }

    pub fn insert(
        conn: &mut DbConnection,
        event_id: i64,
        input: &CreateDelegation,
    ) -> Result<DelegationRow, ApiError> {
        Self::check(
            conn,
            event_id,
            None,
            input.city_id,
            input.head_delegate_id,
            input.notes.as_deref(),
        )?;
        let at = now();
        let id = diesel::insert_into(delegations::table)
            .values((
                delegations::event_id.eq(event_id),
                delegations::city_id.eq(input.city_id),
                delegations::head_delegate_id.eq(input.head_delegate_id),
                delegations::notes.eq(&input.notes),
                delegations::created_at.eq(at),
                delegations::updated_at.eq(at),
                delegations::version.eq(1_i64),
            ))
            .returning(delegations::id)
            .get_result(conn)?;
        Self::find(conn, event_id, id)
    }

    pub fn update(
        conn: &mut DbConnection,
        current: DelegationRow,
        changes: UpdateDelegation,
    ) -> Result<DelegationRow, ApiError> {
        let city_id = changes.city_id.unwrap_or(current.city_id);
        let head = changes.head_delegate_id.unwrap_or(current.head_delegate_id);
        let notes = changes.notes.unwrap_or(current.notes);
        Self::check(
            conn,
            current.event_id,
            Some(current.id),
            city_id,
            head,
            notes.as_deref(),
        )?;
        if city_id != current.city_id {
            let members: i64 = delegates::table
                .filter(delegates::delegation_id.eq(current.id))
                .count()
                .get_result(conn)?;
            if members > 0 {
                return Err(ApiError::conflict(
                    "a delegation with delegates cannot change its city",
                ));
            }
        }
        diesel::update(delegations::table.find(current.id))
            .set((
                delegations::city_id.eq(city_id),
                delegations::head_delegate_id.eq(head),
                delegations::notes.eq(notes),
                delegations::updated_at.eq(now()),
                delegations::version.eq(delegations::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, current.event_id, current.id)
    }

    /// Deletes a delegation without delegates; otherwise 409.
    pub fn delete(conn: &mut DbConnection, row: &DelegationRow) -> Result<(), ApiError> {
        let members: i64 = delegates::table
            .filter(delegates::delegation_id.eq(row.id))
            .count()
            .get_result(conn)?;
        if members > 0 {
            return Err(ApiError::conflict_with(
                format!("delegation {} still has {members} delegate(s)", row.id),
                "references",
                serde_json::json!({"delegates": members}),
            ));
        }
        diesel::delete(delegations::table.find(row.id)).execute(conn)?;
        Ok(())
    }
}
