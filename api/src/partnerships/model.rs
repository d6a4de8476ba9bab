//! Partnership rows and their queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::{CreatePartnership, Partnership, PartnershipFilter};
use super::lifecycle::PartnershipAction;
use super::viewer::Viewer;
use super::vocab::{CooperationField, PartnershipKind, PartnershipStatus};
use crate::cities::{summary_of, CitySummary};
use crate::db::schema::{cities, partnerships};
use crate::db::{lock_row, now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::values::stored_date;

/// A stored partnership.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = partnerships)]
pub struct PartnershipRow {
    pub id: i64,
    pub city_a_id: i64,
    pub city_b_id: i64,
    pub kind: String,
    pub status: String,
    pub established_on: Option<String>,
    pub fields: String,
    pub notes: Option<String>,
    pub source_url: Option<String>,
    pub illustrative: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The stored columns of a partnership that an update may change.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = partnerships, treat_none_as_null = true)]
struct PartnershipChanges {
    kind: String,
    established_on: Option<String>,
    fields: String,
    notes: Option<String>,
    source_url: Option<String>,
    illustrative: bool,
}

impl From<&CreatePartnership> for PartnershipChanges {
    fn from(input: &CreatePartnership) -> Self {
        Self {
            kind: input.kind.as_str().to_owned(),
            established_on: input.established_on.map(|on| on.to_string()),
            fields: fields_json(&input.fields),
            notes: input.notes.clone(),
            source_url: input.source_url.clone(),
            illustrative: input.illustrative,
        }
    }
}

fn fields_json(fields: &[CooperationField]) -> String {
    let names: Vec<&str> = fields.iter().map(|field| field.as_str()).collect();
    serde_json::json!(names).to_string()
}

/// Parses the stored JSON list of fields of cooperation.
pub fn parse_fields(text: &str) -> Result<Vec<CooperationField>, ApiError> {
    let names: Vec<String> = serde_json::from_str(text)?;
    names
        .iter()
        .map(|name| CooperationField::parse(name))
        .collect()
}

/// Fields the partnership list can be sorted by.
pub const SORTABLE: &[&str] = &["id", "established_on", "status", "kind", "updated_at"];

fn filtered<'a>(
    filter: &'a PartnershipFilter,
    list: &'a ListRequest,
    viewer: Viewer,
) -> partnerships::BoxedQuery<'a, Db> {
    let mut query = partnerships::table.into_boxed();
    let public: Vec<&str> = PartnershipStatus::PUBLIC
        .iter()
        .map(|s| s.as_str())
        .collect();
    query = match viewer {
        Viewer::Staff => query,
        Viewer::Public => query.filter(partnerships::status.eq_any(public)),
        Viewer::CityDelegate { city_id } => query.filter(
            partnerships::status
                .eq_any(public)
                .or(partnerships::city_a_id.eq(city_id))
                .or(partnerships::city_b_id.eq(city_id)),
        ),
    };
    if let Some(city_id) = filter.city_id {
        query = query.filter(
            partnerships::city_a_id
                .eq(city_id)
                .or(partnerships::city_b_id.eq(city_id)),
        );
    }
    if let Some(kind) = filter.kind {
        query = query.filter(partnerships::kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(partnerships::status.eq(status.as_str()));
    }
    if let Some(field) = filter.field {
        query = query.filter(partnerships::fields.like(format!("%\"{}\"%", field.as_str())));
    }
    if let Some(illustrative) = filter.illustrative {
        query = query.filter(partnerships::illustrative.eq(illustrative));
    }
    if let Some(from) = filter.established_from {
        query = query.filter(partnerships::established_on.ge(from.to_string()));
    }
    if let Some(to) = filter.established_to {
        query = query.filter(partnerships::established_on.le(to.to_string()));
    }
    if let Some(country) = &filter.country {
        let in_country = || {
            cities::table
                .filter(cities::country.eq(country))
                .select(cities::id)
        };
        query = query.filter(
            partnerships::city_a_id
                .eq_any(in_country())
                .or(partnerships::city_b_id.eq_any(in_country())),
        );
    }
    if let Some(q) = &list.q {
        let named = || {
            cities::table
                .filter(search::contains(cities::search_text, q))
                .select(cities::id)
        };
        query = query.filter(
            partnerships::city_a_id
                .eq_any(named())
                .or(partnerships::city_b_id.eq_any(named())),
        );
    }
    if let Some(since) = list.updated_since {
        query = query.filter(partnerships::updated_at.ge(since));
    }
    query
}

impl PartnershipRow {
    pub fn list(
        conn: &mut DbConnection,
        filter: &PartnershipFilter,
        list: &ListRequest,
        viewer: Viewer,
    ) -> QueryResult<(Vec<PartnershipRow>, i64)> {
        let total = filtered(filter, list, viewer).count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "established_on" => order.by(partnerships::established_on, key.descending),
                "status" => order.by(partnerships::status, key.descending),
                "kind" => order.by(partnerships::kind, key.descending),
                "updated_at" => order.by(partnerships::updated_at, key.descending),
                _ => order.by(partnerships::id, key.descending),
            };
        }
        let rows = filtered(filter, list, viewer)
            .order(order.by(partnerships::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(PartnershipRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// The partnership `id` if `viewer` may see it; otherwise a 404 that does not tell
    /// whether it exists.
    pub fn find_visible(
        conn: &mut DbConnection,
        id: i64,
        viewer: Viewer,
    ) -> Result<PartnershipRow, ApiError> {
        let row = Self::find(conn, id)?;
        if viewer.sees(row.city_a_id, row.city_b_id, row.status()?) {
            Ok(row)
        } else {
            Err(not_found(id))
        }
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> Result<PartnershipRow, ApiError> {
        partnerships::table
            .find(id)
            .select(PartnershipRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    pub fn status(&self) -> Result<PartnershipStatus, ApiError> {
        PartnershipStatus::parse(&self.status)
    }

    /// Inserts a validated partnership after checking its cities and that the pair has
    /// no partnership of this kind yet. Both cities' rows are locked in id order first,
    /// so that racing creations of A–B and B–A are serialised and the loser is told
    /// which partnership won.
    pub fn insert(
        conn: &mut DbConnection,
        input: &CreatePartnership,
        actor: i64,
    ) -> Result<PartnershipRow, ApiError> {
        let (low, high) = pair(input.city_a_id, input.city_b_id);
        check_cities(conn, input)?;
        lock_row(conn, "cities", low)?;
        lock_row(conn, "cities", high)?;
        check_unique(conn, low, high, input.kind, None)?;
        let status = input.initial_status();
        let at = now();
        let id = diesel::insert_into(partnerships::table)
            .values((
                PartnershipChanges::from(input),
                partnerships::city_a_id.eq(input.city_a_id),
                partnerships::city_b_id.eq(input.city_b_id),
                partnerships::pair_low_id.eq(low),
                partnerships::pair_high_id.eq(high),
                partnerships::status.eq(status.as_str()),
                partnerships::created_by.eq(actor),
                partnerships::created_at.eq(at),
                partnerships::updated_at.eq(at),
                partnerships::version.eq(1_i64),
            ))
            .returning(partnerships::id)
            .get_result(conn)?;
        super::lifecycle::record(conn, id, None, status, actor)?;
        Self::find(conn, id)
    }

    /// Applies validated changes; the caller holds the row lock. A change of kind locks
    /// both cities like a creation does, so it cannot race one into the same pair and kind.
    pub fn update(
        conn: &mut DbConnection,
        current: &PartnershipRow,
        input: &CreatePartnership,
    ) -> Result<PartnershipRow, ApiError> {
        let (low, high) = pair(current.city_a_id, current.city_b_id);
        if input.kind.as_str() != current.kind {
            lock_row(conn, "cities", low)?;
            lock_row(conn, "cities", high)?;
        }
        check_unique(conn, low, high, input.kind, Some(current.id))?;
        diesel::update(partnerships::table.find(current.id))
            .set((
                PartnershipChanges::from(input),
                partnerships::updated_at.eq(now()),
                partnerships::version.eq(partnerships::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, current.id)
    }

    /// Deletes a partnership with its history, agreements and milestones.
    pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        diesel::delete(partnerships::table.find(id)).execute(conn)?;
        Ok(())
    }

    /// The stored record as an input, so that a partial update is validated whole.
    pub fn as_input(&self) -> Result<CreatePartnership, ApiError> {
        Ok(CreatePartnership {
            city_a_id: self.city_a_id,
            city_b_id: self.city_b_id,
            kind: PartnershipKind::parse(&self.kind)?,
            status: Some(self.status()?),
            established_on: self
                .established_on
                .as_deref()
                .map(stored_date)
                .transpose()?,
            fields: parse_fields(&self.fields)?,
            notes: self.notes.clone(),
            source_url: self.source_url.clone(),
            illustrative: self.illustrative,
        })
    }

    /// The representation, with both cities' summaries.
    pub fn to_dto(
        &self,
        cities: &std::collections::HashMap<i64, CitySummary>,
    ) -> Result<Partnership, ApiError> {
        let status = self.status()?;
        let input = self.as_input()?;
        Ok(Partnership {
            id: self.id,
            city_a: summary_of(cities, self.city_a_id)?,
            city_b: summary_of(cities, self.city_b_id)?,
            kind: input.kind,
            status,
            established_on: input.established_on,
            fields: input.fields,
            notes: input.notes,
            source_url: input.source_url,
            illustrative: self.illustrative,
            allowed_actions: PartnershipAction::allowed_from(status),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }

    /// Representations of many rows, loading their cities in one go.
    pub fn to_dtos(
        conn: &mut DbConnection,
        rows: &[PartnershipRow],
    ) -> Result<Vec<Partnership>, ApiError> {
        let cities = CitySummary::load_many(
            conn,
            rows.iter().flat_map(|row| [row.city_a_id, row.city_b_id]),
        )?;
        rows.iter().map(|row| row.to_dto(&cities)).collect()
    }
}

/// The unordered pair in id order.
pub fn pair(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("no partnership with id {id}"))
}

fn check_cities(conn: &mut DbConnection, input: &CreatePartnership) -> Result<(), ApiError> {
    let known = CitySummary::load_many(conn, [input.city_a_id, input.city_b_id])?;
    let mut missing = Vec::new();
    for (field, id) in [
        ("city_a_id", input.city_a_id),
        ("city_b_id", input.city_b_id),
    ] {
        if !known.contains_key(&id) {
            missing.push(crate::error::FieldError::new(
                field,
                format!("no city with id {id}"),
            ));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(missing))
    }
}

fn check_unique(
    conn: &mut DbConnection,
    low: i64,
    high: i64,
    kind: PartnershipKind,
    except: Option<i64>,
) -> Result<(), ApiError> {
    let existing: Option<i64> = partnerships::table
        .filter(partnerships::pair_low_id.eq(low))
        .filter(partnerships::pair_high_id.eq(high))
        .filter(partnerships::kind.eq(kind.as_str()))
        .filter(partnerships::id.ne(except.unwrap_or(0)))
        .select(partnerships::id)
        .first(conn)
        .optional()?;
    match existing {
        Some(id) => Err(ApiError::conflict_with(
            format!(
                "cities {low} and {high} already have a {} partnership: /api/v1/partnerships/{id}",
                kind.as_str()
            ),
            "existing_id",
            id.into(),
        )),
        None => Ok(()),
    }
}
