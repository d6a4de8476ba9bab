//! Endorsements: a city endorses a version of an initiative through one of its delegates.
//! One standing endorsement per city and initiative; a withdrawal is kept on record.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::lifecycle::InitiativeStatus;
use super::model::{self, InitiativeRow};
use crate::auth::Caller;
use crate::cities::{summary_of, CitySummary};
use crate::db::schema::{delegates, delegations, endorsements, initiative_versions};
use crate::db::{now, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::http::query_guard::ListFilter;
use crate::values::{is_plausible_date, stored_date, Checks};
use crate::visibility::{DelegateViewer, Disclosure};

/// A city's endorsement of an initiative.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "initiative_id": 1, "version_number": 2,
    "city": {"id": 2, "name": {"en": "Edmonton"}, "country": "CA", "latitude": 53.5461, "longitude": -113.4938},
    "delegate_id": 5, "delegate_name": "Claire Tremblay", "endorsed_on": "2026-01-07",
    "statement": "Edmonton stands with its sister city.", "withdrawn_at": null, "withdrawal_reason": null,
    "created_at": "2026-01-07T03:00:00Z", "updated_at": "2026-01-07T03:00:00Z", "version": 1
}))]
pub struct Endorsement {
    pub id: i64,
    pub initiative_id: i64,
    /// The version of the text endorsed.
    pub version_number: i64,
    pub city: CitySummary,
    /// The endorsing delegate, of the city's delegation; `null` when the viewer may not
    /// recognise them (see `visibility`): the endorsement is then the city's.
    pub delegate_id: Option<i64>,
    /// Shown when the delegate's profile is public (always to organizers).
    pub delegate_name: Option<String>,
    pub endorsed_on: NaiveDate,
    pub statement: Option<String>,
    /// Set once withdrawn; the record stays.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawal_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// An endorsement to record. Organizers record any; a delegate endorses as themselves.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"delegate_id": 5, "statement": "Edmonton stands with its sister city."}))]
pub struct CreateEndorsement {
    /// The endorsing delegate, who must belong to the city's delegation at this event.
    #[schema(minimum = 1)]
    pub delegate_id: i64,
    /// The endorsing city; defaults to the delegate's delegation's city.
    #[schema(minimum = 1)]
    pub city_id: Option<i64>,
    /// Defaults to today; not in the future.
    pub endorsed_on: Option<NaiveDate>,
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub statement: Option<String>,
    /// The version endorsed; defaults to the latest.
    #[schema(minimum = 1)]
    pub version_number: Option<i64>,
}

/// Filters of the endorsement list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EndorsementFilter {
    /// Include withdrawn endorsements (they stay on record).
    pub include_withdrawn: Option<bool>,
    /// Only this city's endorsements.
    #[param(minimum = 1)]
    pub city_id: Option<i64>,
}

impl ListFilter for EndorsementFilter {
    const SORTABLE: &'static [&'static str] = SORTABLE;
}

/// Fields the endorsement list can be sorted by.
pub const SORTABLE: &[&str] = &["id", "endorsed_on"];

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = endorsements)]
struct EndorsementRow {
    id: i64,
    initiative_id: i64,
    initiative_version_id: i64,
    city_id: i64,
    delegate_id: i64,
    endorsed_on: String,
    statement: Option<String>,
    withdrawn_at: Option<NaiveDateTime>,
    withdrawal_reason: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

fn filtered<'a>(
    initiative_id: i64,
    filter: &'a EndorsementFilter,
    list: &'a ListRequest,
) -> endorsements::BoxedQuery<'a, Db> {
    let mut query = endorsements::table
        .filter(endorsements::initiative_id.eq(initiative_id))
        .into_boxed();
    if filter.include_withdrawn != Some(true) {
        query = query.filter(endorsements::withdrawn_at.is_null());
    }
    if let Some(city_id) = filter.city_id {
        query = query.filter(endorsements::city_id.eq(city_id));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(endorsements::updated_at.ge(since));
    }
    query
}

/// A page of an initiative's endorsements.
pub fn list(
    conn: &mut DbConnection,
    initiative_id: i64,
    filter: &EndorsementFilter,
    list: &ListRequest,
    viewer: DelegateViewer,
) -> Result<(Vec<Endorsement>, i64), ApiError> {
    let total = filtered(initiative_id, filter, list)
        .count()
        .get_result(conn)?;
    let mut order = Ordering::default();
    for key in &list.sort {
        order = match key.field.as_str() {
            "endorsed_on" => order.by(endorsements::endorsed_on, key.descending),
            _ => order.by(endorsements::id, key.descending),
        };
    }
    let rows: Vec<EndorsementRow> = filtered(initiative_id, filter, list)
        .order(order.by(endorsements::id, false))
        .limit(list.per_page)
        .offset(list.offset())
        .select(EndorsementRow::as_select())
        .load(conn)?;
    Ok((render(conn, rows, viewer)?, total))
}

/// One endorsement of an initiative, or a 404.
pub fn find(
    conn: &mut DbConnection,
    initiative_id: i64,
    id: i64,
    viewer: DelegateViewer,
) -> Result<Endorsement, ApiError> {
    let rows: Vec<EndorsementRow> = endorsements::table
        .filter(endorsements::initiative_id.eq(initiative_id))
        .filter(endorsements::id.eq(id))
        .select(EndorsementRow::as_select())
        .load(conn)?;
    render(conn, rows, viewer)?.pop().ok_or_else(|| {
        ApiError::NotFound(format!(
            "initiative {initiative_id} has no endorsement {id}"
        ))
    })
}

fn render(
    conn: &mut DbConnection,
    rows: Vec<EndorsementRow>,
    viewer: DelegateViewer,
) -> Result<Vec<Endorsement>, ApiError> {
    let cities = CitySummary::load_many(conn, rows.iter().map(|row| row.city_id))?;
    let numbers: Vec<(i64, i64)> = initiative_versions::table
        .filter(
            initiative_versions::id.eq_any(
                rows.iter()
                    .map(|row| row.initiative_version_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .select((initiative_versions::id, initiative_versions::number))
        .load(conn)?;
    let people = Disclosure::load(conn, viewer, rows.iter().map(|row| row.delegate_id))?;
    rows.into_iter()
        .map(|row| {
            Ok(Endorsement {
                id: row.id,
                initiative_id: row.initiative_id,
                version_number: numbers
                    .iter()
                    .find(|(id, _)| *id == row.initiative_version_id)
                    .map(|(_, number)| *number)
                    .ok_or_else(|| ApiError::Internal("an endorsed version is missing".into()))?,
                city: summary_of(&cities, row.city_id)?,
                delegate_id: people.id(row.delegate_id),
                delegate_name: people.name(row.delegate_id),
                endorsed_on: stored_date(&row.endorsed_on)?,
                statement: row.statement,
                withdrawn_at: row.withdrawn_at.map(|at| at.and_utc()),
                withdrawal_reason: row.withdrawal_reason,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                version: row.version,
            })
        })
        .collect()
}

/// Records an endorsement. The caller holds the initiative's row lock, so that two
/// endorsements of one city cannot both pass the check below.
pub fn endorse(
    conn: &mut DbConnection,
    initiative: &InitiativeRow,
    input: &CreateEndorsement,
    caller: &Caller,
    today: NaiveDate,
) -> Result<i64, ApiError> {
    let status = initiative.status()?;
    if status != InitiativeStatus::OpenForEndorsement {
        return Err(ApiError::conflict_with(
            format!(
                "the initiative is {}; endorsements are taken while it is open_for_endorsement",
                status.as_str()
            ),
            "current_status",
            status.as_str().into(),
        ));
    }
    if !caller.is_staff() && !caller.is_delegate(input.delegate_id) {
        return Err(ApiError::Forbidden(
            "a delegate may only endorse as themselves; organizers record any endorsement".into(),
        ));
    }
    let city_id = endorsing_city(conn, initiative.event_id, input)?;
    let latest = model::latest_number(conn, initiative.id)?;
    let number = input.version_number.unwrap_or(latest);
    let version_id = model::version_id(conn, initiative.id, number)?.ok_or_else(|| {
        ApiError::invalid(
            "version_number",
            format!("the initiative has versions 1 to {latest}"),
        )
    })?;
    let existing: Option<i64> = endorsements::table
        .filter(endorsements::initiative_id.eq(initiative.id))
        .filter(endorsements::city_id.eq(city_id))
        .filter(endorsements::withdrawn_at.is_null())
        .select(endorsements::id)
        .first(conn)
        .optional()?;
    if let Some(existing) = existing {
        return Err(ApiError::conflict_with(
            format!("city {city_id} already endorses this initiative (endorsement {existing}); withdraw it first"),
            "existing_id",
            existing.into(),
        ));
    }
    let at = now();
    let id = diesel::insert_into(endorsements::table)
        .values((
            endorsements::initiative_id.eq(initiative.id),
            endorsements::initiative_version_id.eq(version_id),
            endorsements::city_id.eq(city_id),
            endorsements::delegate_id.eq(input.delegate_id),
            endorsements::endorsed_on.eq(input.endorsed_on.unwrap_or(today).to_string()),
            endorsements::statement.eq(&input.statement),
            endorsements::recorded_by.eq(caller.user_id),
            endorsements::created_at.eq(at),
            endorsements::updated_at.eq(at),
            endorsements::version.eq(1_i64),
        ))
        .returning(endorsements::id)
        .get_result(conn)?;
    model::touch(conn, initiative.id)?;
    Ok(id)
}

/// The city an endorsement is for: the delegate's delegation's city, which must match a
/// given `city_id`. A delegate of another event, or one who declined or was cancelled,
/// cannot endorse.
fn endorsing_city(
    conn: &mut DbConnection,
    event_id: i64,
    input: &CreateEndorsement,
) -> Result<i64, ApiError> {
    let found: Option<(i64, String)> = delegates::table
        .inner_join(delegations::table)
        .filter(delegates::id.eq(input.delegate_id))
        .filter(delegates::event_id.eq(event_id))
        .select((delegations::city_id, delegates::accreditation_status))
        .first(conn)
        .optional()?;
    let Some((city_id, accreditation)) = found else {
        return Err(ApiError::invalid(
            "delegate_id",
            format!("no delegate with id {} at this event", input.delegate_id),
        ));
    };
    let mut checks = Checks::default();
    checks.check(
        input.city_id.is_none_or(|given| given == city_id),
        "city_id",
        &format!(
            "delegate {} belongs to the delegation of city {city_id}",
            input.delegate_id
        ),
    );
    checks.check(
        !matches!(accreditation.as_str(), "declined" | "cancelled"),
        "delegate_id",
        &format!(
            "delegate {} is {accreditation} and cannot endorse",
            input.delegate_id
        ),
    );
    checks.finish(|| city_id)
}

/// Validates the free-text parts of an endorsement.
pub fn validate(input: CreateEndorsement, today: NaiveDate) -> Result<CreateEndorsement, ApiError> {
    let mut checks = Checks::default();
    checks.text(input.statement.as_deref(), "statement", 2000);
    checks.check(
        input.endorsed_on.is_none_or(|on| on <= today),
        "endorsed_on",
        "cannot be in the future",
    );
    checks.check(
        input.endorsed_on.is_none_or(is_plausible_date),
        "endorsed_on",
        "must be in the years 1000 to 9999",
    );
    checks.finish(|| input)
}

/// Withdraws a standing endorsement, keeping it on record. Organizers, or the endorsing
/// delegate, may withdraw; withdrawing twice is a 409.
pub fn withdraw(
    conn: &mut DbConnection,
    initiative_id: i64,
    id: i64,
    caller: &Caller,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let current = find(conn, initiative_id, id, DelegateViewer::Everyone)?;
    if !caller.is_staff() && current.delegate_id.is_none_or(|d| !caller.is_delegate(d)) {
        return Err(ApiError::Forbidden(
            "only organizers or the endorsing delegate may withdraw an endorsement".into(),
        ));
    }
    if let Some(at) = current.withdrawn_at {
        return Err(ApiError::conflict_with(
            format!("endorsement {id} was already withdrawn at {at}"),
            "withdrawn_at",
            at.to_rfc3339().into(),
        ));
    }
    let at = now();
    diesel::update(endorsements::table.find(id))
        .set((
            endorsements::withdrawn_at.eq(at),
            endorsements::withdrawn_by.eq(caller.user_id),
            endorsements::withdrawal_reason.eq(reason),
            endorsements::updated_at.eq(at),
            endorsements::version.eq(endorsements::version + 1),
        ))
        .execute(conn)?;
    model::touch(conn, initiative_id)
}
