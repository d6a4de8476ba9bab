//! Milestones: the dated activity log of a partnership (visits, exchanges, projects).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::vocab::MilestoneKind;
use crate::db::schema::milestones;
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::values::{is_plausible_date, stored_date, Checks, LangMap};

/// Something that happened in a partnership.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "partnership_id": 1, "occurred_on": "2019-02-14", "kind": "exchange",
    "description": {"en": "Edmonton ice carvers at the Harbin Ice and Snow World"},
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Milestone {
    pub id: i64,
    pub partnership_id: i64,
    pub occurred_on: NaiveDate,
    pub kind: MilestoneKind,
    pub description: LangMap,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A milestone to record (PUT replaces it whole). Planned activities may be dated ahead.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "occurred_on": "2019-02-14", "kind": "exchange",
    "description": {"en": "Edmonton ice carvers at the Harbin Ice and Snow World"}
}))]
pub struct MilestoneInput {
    pub occurred_on: NaiveDate,
    pub kind: MilestoneKind,
    pub description: LangMap,
}

impl MilestoneInput {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.description.validate("description", 2000));
        checks.check(
            is_plausible_date(self.occurred_on),
            "occurred_on",
            "must be in the years 1000 to 9999",
        );
        checks.finish(|| self)
    }
}

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    NaiveDateTime,
    NaiveDateTime,
    i64,
);

const COLUMNS: (
    milestones::id,
    milestones::partnership_id,
    milestones::occurred_on,
    milestones::kind,
    milestones::description,
    milestones::created_at,
    milestones::updated_at,
    milestones::version,
) = (
    milestones::id,
    milestones::partnership_id,
    milestones::occurred_on,
    milestones::kind,
    milestones::description,
    milestones::created_at,
    milestones::updated_at,
    milestones::version,
);

fn render(
    (id, partnership_id, occurred_on, kind, description, created_at, updated_at, version): Row,
) -> Result<Milestone, ApiError> {
    Ok(Milestone {
        id,
        partnership_id,
        occurred_on: stored_date(&occurred_on)?,
        kind: MilestoneKind::parse(&kind)?,
        description: LangMap::from_json(&description)?,
        created_at: created_at.and_utc(),
        updated_at: updated_at.and_utc(),
        version,
    })
}

/// The milestones of a partnership in date order.
pub fn list(conn: &mut DbConnection, partnership_id: i64) -> Result<Vec<Milestone>, ApiError> {
    let rows: Vec<Row> = milestones::table
        .filter(milestones::partnership_id.eq(partnership_id))
        .order((milestones::occurred_on.asc(), milestones::id.asc()))
        .select(COLUMNS)
        .load(conn)?;
    rows.into_iter().map(render).collect()
}

/// One milestone of a partnership, or a 404.
pub fn find(conn: &mut DbConnection, partnership_id: i64, id: i64) -> Result<Milestone, ApiError> {
    let row: Option<Row> = milestones::table
        .filter(milestones::partnership_id.eq(partnership_id))
        .filter(milestones::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()?;
    row.map(render).transpose()?.ok_or_else(|| {
        ApiError::NotFound(format!(
            "partnership {partnership_id} has no milestone {id}"
        ))
    })
}

/// Stores a new milestone, or replaces milestone `existing` whole.
pub fn save(
    conn: &mut DbConnection,
    partnership_id: i64,
    existing: Option<i64>,
    input: &MilestoneInput,
) -> Result<i64, ApiError> {
    let at = now();
    let columns = (
        milestones::occurred_on.eq(input.occurred_on.to_string()),
        milestones::kind.eq(input.kind.as_str()),
        milestones::description.eq(input.description.to_json()),
        milestones::updated_at.eq(at),
    );
    Ok(match existing {
        Some(id) => {
            diesel::update(milestones::table.find(id))
                .set((columns, milestones::version.eq(milestones::version + 1)))
                .execute(conn)?;
            id
        }
        None => diesel::insert_into(milestones::table)
            .values((
                columns,
                milestones::partnership_id.eq(partnership_id),
                milestones::created_at.eq(at),
                milestones::version.eq(1_i64),
            ))
            .returning(milestones::id)
            .get_result(conn)?,
    })
}

/// Deletes a milestone of a partnership.
pub fn delete(conn: &mut DbConnection, partnership_id: i64, id: i64) -> Result<(), ApiError> {
    let deleted = diesel::delete(
        milestones::table
            .filter(milestones::partnership_id.eq(partnership_id))
            .filter(milestones::id.eq(id)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(ApiError::NotFound(format!(
            "partnership {partnership_id} has no milestone {id}"
        )));
    }
    Ok(())
}
