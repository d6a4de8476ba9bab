//! Initiative rows, their versions, and the counts their representation carries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::{Initiative, InitiativeVersion};
use super::lifecycle::{InitiativeAction, InitiativeStatus};
use crate::db::schema::{endorsements, initiative_versions, initiatives};
use crate::db::{now, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::values::LangMap;

/// A stored initiative.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = initiatives)]
pub struct InitiativeRow {
    pub id: i64,
    pub event_id: i64,
    pub title: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl InitiativeRow {
    /// The initiatives of an event; drafts only for organizers.
    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        staff: bool,
        list: &ListRequest,
    ) -> Result<(Vec<Initiative>, i64), ApiError> {
        let filtered = || {
            let mut query = initiatives::table
                .filter(initiatives::event_id.eq(event_id))
                .into_boxed();
            if !staff {
                query = query.filter(initiatives::status.ne(InitiativeStatus::Draft.as_str()));
            }
            if let Some(since) = list.updated_since {
                query = query.filter(initiatives::updated_at.ge(since));
            }
            query
        };
        let total = filtered().count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "updated_at" => order.by(initiatives::updated_at, key.descending),
                _ => order.by(initiatives::id, key.descending),
            };
        }
        let rows: Vec<InitiativeRow> = filtered()
            .order(order.by(initiatives::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(InitiativeRow::as_select())
            .load(conn)?;
        let items = rows
            .iter()
            .map(|row| row.to_dto(conn))
            .collect::<Result<_, _>>()?;
        Ok((items, total))
    }

    /// Initiative `id` of the event; a draft is a 404 unless `staff`.
    pub fn find(
        conn: &mut DbConnection,
        event_id: i64,
        id: i64,
        staff: bool,
    ) -> Result<InitiativeRow, ApiError> {
        initiatives::table
            .filter(initiatives::event_id.eq(event_id))
            .filter(initiatives::id.eq(id))
            .select(InitiativeRow::as_select())
            .first(conn)
            .optional()?
            .filter(|row| staff || row.status != InitiativeStatus::Draft.as_str())
            .ok_or_else(|| ApiError::NotFound(format!("no initiative with id {id} in this event")))
    }

    pub fn status(&self) -> Result<InitiativeStatus, ApiError> {
        InitiativeStatus::parse(&self.status)
    }

    /// Creates a draft with its first text.
    pub fn insert(
        conn: &mut DbConnection,
        event_id: i64,
        title: &LangMap,
        text: &LangMap,
        actor: i64,
    ) -> Result<i64, ApiError> {
        let at = now();
        let id = diesel::insert_into(initiatives::table)
            .values((
                initiatives::event_id.eq(event_id),
                initiatives::title.eq(title.to_json()),
                initiatives::status.eq(InitiativeStatus::Draft.as_str()),
                initiatives::created_at.eq(at),
                initiatives::updated_at.eq(at),
                initiatives::version.eq(1_i64),
            ))
            .returning(initiatives::id)
            .get_result(conn)?;
        add_text(conn, id, 1, text, actor)?;
        Ok(id)
    }

    /// Stores a new text as the next version; the caller holds the row lock.
    pub fn add_version(
        &self,
        conn: &mut DbConnection,
        text: &LangMap,
        actor: i64,
    ) -> Result<(), ApiError> {
        if self.status()? == InitiativeStatus::Closed {
            return Err(ApiError::conflict_with(
                "a closed initiative takes no new text; reopen it first",
                "current_status",
                InitiativeStatus::Closed.as_str().into(),
            ));
        }
        let latest = latest_number(conn, self.id)?;
        add_text(conn, self.id, latest + 1, text, actor)?;
        touch(conn, self.id)
    }

    pub fn set_title(conn: &mut DbConnection, id: i64, title: &LangMap) -> Result<(), ApiError> {
        diesel::update(initiatives::table.find(id))
            .set(initiatives::title.eq(title.to_json()))
            .execute(conn)?;
        touch(conn, id)
    }

    /// Applies a lifecycle action; the caller holds the row lock.
    pub fn transition(
        &self,
        conn: &mut DbConnection,
        action: InitiativeAction,
    ) -> Result<(), ApiError> {
        let to = action.apply(self.status()?)?;
        diesel::update(initiatives::table.find(self.id))
            .set(initiatives::status.eq(to.as_str()))
            .execute(conn)?;
        touch(conn, self.id)
    }

    /// The representation, with the current text and the counts.
    pub fn to_dto(&self, conn: &mut DbConnection) -> Result<Initiative, ApiError> {
        let status = self.status()?;
        let latest = latest_number(conn, self.id)?;
        let current_version = versions(conn, self.id, Some(latest))?
            .pop()
            .ok_or_else(|| ApiError::Internal(format!("initiative {} has no text", self.id)))?;
        let standing: i64 = endorsements::table
            .filter(endorsements::initiative_id.eq(self.id))
            .filter(endorsements::withdrawn_at.is_null())
            .count()
            .get_result(conn)?;
        Ok(Initiative {
            id: self.id,
            event_id: self.event_id,
            title: LangMap::from_json(&self.title)?,
            status,
            current_version,
            versions: latest,
            endorsements: standing,
            allowed_actions: InitiativeAction::allowed_from(status),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }
}

/// Moves the initiative's version (and so its ETag): its text, status, title or
/// endorsements changed.
pub fn touch(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
    diesel::update(initiatives::table.find(id))
        .set((
            initiatives::updated_at.eq(now()),
            initiatives::version.eq(initiatives::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

fn add_text(
    conn: &mut DbConnection,
    id: i64,
    number: i64,
    text: &LangMap,
    actor: i64,
) -> Result<(), ApiError> {
    let at = now();
    diesel::insert_into(initiative_versions::table)
        .values((
            initiative_versions::initiative_id.eq(id),
            initiative_versions::number.eq(number),
            initiative_versions::text.eq(text.to_json()),
            initiative_versions::created_by.eq(actor),
            initiative_versions::created_at.eq(at),
            initiative_versions::updated_at.eq(at),
            initiative_versions::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(())
}

/// The number of the latest text.
pub fn latest_number(conn: &mut DbConnection, id: i64) -> Result<i64, ApiError> {
    let latest: Option<i64> = initiative_versions::table
        .filter(initiative_versions::initiative_id.eq(id))
        .select(diesel::dsl::max(initiative_versions::number))
        .first(conn)?;
    latest.ok_or_else(|| ApiError::Internal(format!("initiative {id} has no text")))
}

/// The texts of an initiative, oldest first (or just version `only`).
pub fn versions(
    conn: &mut DbConnection,
    id: i64,
    only: Option<i64>,
) -> Result<Vec<InitiativeVersion>, ApiError> {
    let mut query = initiative_versions::table
        .filter(initiative_versions::initiative_id.eq(id))
        .into_boxed();
    if let Some(number) = only {
        query = query.filter(initiative_versions::number.eq(number));
    }
    let rows: Vec<(i64, String, NaiveDateTime)> = query
        .order(initiative_versions::number.asc())
        .select((
            initiative_versions::number,
            initiative_versions::text,
            initiative_versions::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(number, text, created_at)| {
            Ok(InitiativeVersion {
                number,
                text: LangMap::from_json(&text)?,
                created_at: created_at.and_utc(),
            })
        })
        .collect()
}

/// The row id of version `number` of an initiative, if it exists.
pub fn version_id(conn: &mut DbConnection, id: i64, number: i64) -> Result<Option<i64>, ApiError> {
    Ok(initiative_versions::table
        .filter(initiative_versions::initiative_id.eq(id))
        .filter(initiative_versions::number.eq(number))
        .select(initiative_versions::id)
        .first(conn)
        .optional()?)
}
