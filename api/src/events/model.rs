//! Event rows and their queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::{CreateEvent, EventFilter, EventStatus};
use crate::db::schema::{cities, delegations, events};
use crate::db::{now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;

/// A stored event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub host_city_id: i64,
    pub time_zone: String,
    pub organisers: String,
    pub themes: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The stored columns of an event.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = events)]
pub struct EventColumns {
    pub slug: String,
    pub name: String,
    pub search_text: String,
    pub starts_on: String,
    pub ends_on: String,
    pub host_city_id: i64,
    pub time_zone: String,
    pub organisers: String,
    pub themes: String,
    pub status: String,
}

impl TryFrom<&CreateEvent> for EventColumns {
    type Error = ApiError;

    fn try_from(input: &CreateEvent) -> Result<Self, ApiError> {
        Ok(Self {
            slug: input.slug.clone(),
            name: input.name.to_json(),
            search_text: format!("{} {}", input.name.search_text(), input.slug),
            starts_on: input.starts_on.to_string(),
            ends_on: input.ends_on.to_string(),
            host_city_id: input.host_city_id,
            time_zone: input.time_zone.0.clone(),
            organisers: serde_json::to_string(&input.organisers)?,
            themes: serde_json::to_string(&input.themes)?,
            status: input.status.as_str().to_owned(),
        })
    }
}

pub const SORTABLE: &[&str] = &["id", "slug", "starts_on", "updated_at"];

fn filtered<'a>(
    filter: &'a EventFilter,
    list: &'a ListRequest,
    staff: bool,
) -> events::BoxedQuery<'a, Db> {
    let mut query = events::table.into_boxed();
    if !staff {
        query = query.filter(events::status.ne(EventStatus::Draft.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(events::status.eq(status.as_str()));
    }
    if let Some(q) = &list.q {
        query = query.filter(search::contains(events::search_text, q));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(events::updated_at.ge(since));
    }
    query
}

impl EventRow {
    pub fn list(
        conn: &mut DbConnection,
        filter: &EventFilter,
        list: &ListRequest,
        staff: bool,
    ) -> QueryResult<(Vec<EventRow>, i64)> {
        let total = filtered(filter, list, staff).count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "slug" => order.by(events::slug, key.descending),
                "starts_on" => order.by(events::starts_on, key.descending),
                "updated_at" => order.by(events::updated_at, key.descending),
                _ => order.by(events::id, key.descending),
            };
        }
        let rows = filtered(filter, list, staff)
            .order(order.by(events::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(EventRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// The event with this slug; drafts only for staff. Unknown → 404.
    pub fn find_visible(
        conn: &mut DbConnection,
        slug: &str,
        staff: bool,
    ) -> Result<EventRow, ApiError> {
        events::table
            .filter(events::slug.eq(slug))
            .select(EventRow::as_select())
            .first(conn)
            .optional()?
            .filter(|row| staff || row.status != EventStatus::Draft.as_str())
            .ok_or_else(|| ApiError::NotFound(format!("no event `{slug}`")))
    }

    /// Why an item of the event with this slug was not found: the event's own 404 when the
    /// event is not visible, `missing` otherwise.
    pub fn item_not_found(
        conn: &mut DbConnection,
        slug: &str,
        staff: bool,
        missing: String,
    ) -> ApiError {
        match Self::id_of(conn, slug, staff) {
            Ok(_) => ApiError::NotFound(missing),
            Err(error) => error,
        }
    }

    /// The event with this slug, its row locked for the rest of the transaction.
    pub fn find_for_update(conn: &mut DbConnection, slug: &str) -> Result<EventRow, ApiError> {
        let id = Self::find_visible(conn, slug, true)?.id;
        crate::db::lock_row(conn, "events", id)?;
        Self::find(conn, id)
    }

    /// The id of the event with this slug, for the per-event resources.
    pub fn id_of(conn: &mut DbConnection, slug: &str, staff: bool) -> Result<i64, ApiError> {
        Self::find_visible(conn, slug, staff).map(|row| row.id)
    }

    fn find(conn: &mut DbConnection, id: i64) -> Result<EventRow, ApiError> {
        Ok(events::table
            .find(id)
            .select(EventRow::as_select())
            .first(conn)?)
    }

    fn check_host(conn: &mut DbConnection, city_id: i64) -> Result<(), ApiError> {
        let exists: i64 = cities::table
            .filter(cities::id.eq(city_id))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::invalid(
                "host_city_id",
                format!("no city with id {city_id}"),
            ));
        }
        Ok(())
    }

    fn ensure_slug_free(
        conn: &mut DbConnection,
        slug: &str,
        except: Option<i64>,
    ) -> Result<(), ApiError> {
        let existing: Option<i64> = events::table
            .filter(events::slug.eq(slug))
            .select(events::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) if Some(id) != except => Err(ApiError::conflict_with(
                format!("the slug `{slug}` is taken by event {id}"),
                "existing_id",
                id.into(),
            )),
            _ => Ok(()),
        }
    }

    pub fn insert(conn: &mut DbConnection, columns: &EventColumns) -> Result<EventRow, ApiError> {
        Self::check_host(conn, columns.host_city_id)?;
        Self::ensure_slug_free(conn, &columns.slug, None)?;
        let at = now();
        let id = diesel::insert_into(events::table)
            .values((
                columns,
                events::created_at.eq(at),
                events::updated_at.eq(at),
                events::version.eq(1_i64),
            ))
            .returning(events::id)
            .get_result(conn)?;
        Self::find(conn, id)
    }

    pub fn update(
        conn: &mut DbConnection,
        id: i64,
        columns: &EventColumns,
    ) -> Result<EventRow, ApiError> {
        Self::check_host(conn, columns.host_city_id)?;
        Self::ensure_slug_free(conn, &columns.slug, Some(id))?;
        diesel::update(events::table.find(id))
            .set((
                columns,
                events::updated_at.eq(now()),
                events::version.eq(events::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, id)
    }

    /// Deletes an event without delegations; otherwise 409.
    pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        let parties: i64 = delegations::table
            .filter(delegations::event_id.eq(id))
            .count()
            .get_result(conn)?;
        if parties > 0 {
            return Err(ApiError::conflict_with(
                format!("the event still has {parties} delegation(s); delete them first"),
                "references",
                serde_json::json!({"delegations": parties}),
            ));
        }
        diesel::delete(events::table.find(id)).execute(conn)?;
        Ok(())
    }
}
