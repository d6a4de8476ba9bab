//! Exhibitors: their rows, representations (public and private), inputs and queries.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::application::ApplicationAction;
use super::vocabulary::{ApplicationStatus, ExhibitorKind, Sector};
use crate::db::schema::{booths, cities, exhibitors, meetings, users};
use crate::db::{now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::lists::ListRequest;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::{Checks, CountryCode, LangMap};

/// A stored exhibitor.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exhibitors)]
pub struct ExhibitorRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub city_id: Option<i64>,
    pub sectors: String,
    pub description: String,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub contacts: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A contact person of an exhibitor: private (organizers and the exhibitor only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Li Na", "email": "li.na@example.com", "phone": "+86 451 0000 0000", "role": "Sales director"}))]
pub struct Contact {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 50)]
    pub phone: Option<String>,
    #[schema(max_length = 200)]
    pub role: Option<String>,
}

/// Where an exhibitor stands on the floor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoothPlace {
    pub booth_id: i64,
    pub hall_id: i64,
    pub code: String,
}

/// An exhibitor. `contacts` appears only for organizers and the exhibitor itself.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 3, "name": {"en": "Harbin Ice Works", "zh": "哈尔滨冰雪装备"}, "kind": "company",
    "country": "CN", "city_id": 1, "sectors": ["equipment", "sports"],
    "description": {"en": "Snow groomers and ice resurfacers."}, "website": "https://ice.example",
    "logo_url": null, "status": "approved", "allowed_actions": ["reject", "withdraw"], "booths": [{"booth_id": 12, "hall_id": 1, "code": "A-12"}],
    "contacts": [{"name": "Li Na", "email": "li.na@example.com", "phone": null, "role": "Sales"}],
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Exhibitor {
    pub id: i64,
    pub name: LangMap,
    pub kind: ExhibitorKind,
    pub country: CountryCode,
    pub city_id: Option<i64>,
    pub sectors: Vec<Sector>,
    /// `null` when the exhibitor has not described itself.
    pub description: Option<LangMap>,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub status: ApplicationStatus,
    /// The application actions possible from the current status.
    pub allowed_actions: Vec<ApplicationAction>,
    pub booths: Vec<BoothPlace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl ExhibitorRow {
    pub fn status(&self) -> Result<ApplicationStatus, ApiError> {
        ApplicationStatus::parse(&self.status)
    }

    pub fn sectors(&self) -> Result<Vec<Sector>, ApiError> {
        Ok(serde_json::from_str(&self.sectors)?)
    }

    pub fn contacts(&self) -> Result<Vec<Contact>, ApiError> {
        Ok(serde_json::from_str(&self.contacts)?)
    }

    /// The representation; `private` adds the contacts.
    pub fn represent(&self, booths: Vec<BoothPlace>, private: bool) -> Result<Exhibitor, ApiError> {
        Ok(Exhibitor {
            id: self.id,
            name: LangMap::from_json(&self.name)?,
            kind: ExhibitorKind::parse(&self.kind)?,
            country: CountryCode(self.country.clone()),
            city_id: self.city_id,
            sectors: self.sectors()?,
            description: Some(LangMap::from_json(&self.description)?)
                .filter(|description| !description.0.is_empty()),
            website: self.website.clone(),
            logo_url: self.logo_url.clone(),
            status: self.status()?,
            allowed_actions: ApplicationAction::allowed_from(self.status()?),
            booths,
            contacts: private.then(|| self.contacts()).transpose()?,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }
}

/// A new exhibitor (it starts as `applied`).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": {"en": "Rovaniemi Snow Tech", "fi": "Rovaniemen Lumiteknologia"}, "kind": "company",
    "country": "FI", "sectors": ["equipment", "technology"],
    "description": {"en": "Snowmaking for Arctic resorts."}, "website": "https://snowtech.example",
    "contacts": [{"name": "Aino Virtanen", "email": "aino@snowtech.example"}]
}))]
pub struct CreateExhibitor {
    pub name: LangMap,
    pub kind: ExhibitorKind,
    pub country: CountryCode,
    pub city_id: Option<i64>,
    #[schema(min_items = 1, max_items = 9)]
    pub sectors: Vec<Sector>,
    pub description: Option<LangMap>,
    #[schema(max_length = 500, pattern = "^https?://")]
    pub website: Option<String>,
    #[schema(max_length = 500, pattern = "^https?://")]
    pub logo_url: Option<String>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub contacts: Vec<Contact>,
}

/// Changes to an exhibitor's profile: absent fields are kept, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"sectors": ["equipment", "tourism"]}))]
pub struct UpdateExhibitor {
    pub name: Option<LangMap>,
    pub kind: Option<ExhibitorKind>,
    pub country: Option<CountryCode>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub city_id: Option<Option<i64>>,
    pub sectors: Option<Vec<Sector>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LangMap>)]
    pub description: Option<Option<LangMap>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^https?://")]
    pub website: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^https?://")]
    pub logo_url: Option<Option<String>>,
    pub contacts: Option<Vec<Contact>>,
}

impl UpdateExhibitor {
    /// The profile after the changes, validated as a whole.
    pub fn apply(self, current: &ExhibitorRow) -> Result<CreateExhibitor, ApiError> {
        let description = LangMap::from_json(&current.description)?;
        Ok(CreateExhibitor {
            name: self.name.unwrap_or(LangMap::from_json(&current.name)?),
            kind: self.kind.unwrap_or(ExhibitorKind::parse(&current.kind)?),
            country: self.country.unwrap_or(CountryCode(current.country.clone())),
            city_id: self.city_id.unwrap_or(current.city_id),
            sectors: self.sectors.unwrap_or(current.sectors()?),
            description: self
                .description
                .unwrap_or((!description.0.is_empty()).then_some(description)),
            website: self.website.unwrap_or(current.website.clone()),
            logo_url: self.logo_url.unwrap_or(current.logo_url.clone()),
            contacts: self.contacts.unwrap_or(current.contacts()?),
        })
    }
}

fn is_web_address(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > 8
        && text.len() <= 500
        && !text.contains(char::is_whitespace)
}

impl CreateExhibitor {
    /// Checks every field, answering one 422 that lists all problems.
    pub fn validate(mut self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.name.validate("name", 200));
        if let Some(description) = &self.description {
            checks.parse(description.validate("description", 2000));
        }
        checks.check(
            self.country.is_valid(),
            "country",
            "must be an ISO 3166-1 alpha-2 code",
        );
        self.sectors.sort();
        self.sectors.dedup();
        checks.check(
            !self.sectors.is_empty(),
            "sectors",
            "must name at least one sector",
        );
        for (field, url) in [("website", &self.website), ("logo_url", &self.logo_url)] {
            checks.check(
                url.as_deref().is_none_or(is_web_address),
                field,
                "must be an http(s) URL of at most 500 characters",
            );
        }
        checks.check(self.contacts.len() <= 10, "contacts", "at most 10 contacts");
        for (n, contact) in self.contacts.iter().enumerate() {
            checks.text(Some(&contact.name), &format!("contacts[{n}].name"), 200);
            checks.check(
                contact
                    .email
                    .as_deref()
                    .is_none_or(|e| e.contains('@') && e.len() <= 254),
                &format!("contacts[{n}].email"),
                "must be an e-mail address",
            );
            checks.text(
                contact.phone.as_deref(),
                &format!("contacts[{n}].phone"),
                50,
            );
            checks.text(contact.role.as_deref(), &format!("contacts[{n}].role"), 200);
        }
        checks.finish(|| self)
    }
}

/// The stored columns of a profile, for insert and update.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = exhibitors, treat_none_as_null = true)]
pub struct ExhibitorColumns {
    pub name: String,
    pub search_text: String,
    pub kind: String,
    pub country: String,
    pub city_id: Option<i64>,
    pub sectors: String,
    pub description: String,
    pub website: Option<String>,
    pub logo_url: Option<String>,
    pub contacts: String,
}

impl ExhibitorColumns {
    pub fn of(input: &CreateExhibitor) -> Result<Self, ApiError> {
        Ok(Self {
            name: input.name.to_json(),
            search_text: input.name.search_text(),
            kind: input.kind.as_str().to_owned(),
            country: input.country.0.clone(),
            city_id: input.city_id,
            sectors: serde_json::to_string(&input.sectors)?,
            description: input
                .description
                .as_ref()
                .map_or_else(|| "{}".to_owned(), LangMap::to_json),
            website: input.website.clone(),
            logo_url: input.logo_url.clone(),
            contacts: serde_json::to_string(&input.contacts)?,
        })
    }
}

/// Filters of the exhibitor list and the public directory.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExhibitorFilter {
    /// Only exhibitors working in this sector.
    pub sector: Option<Sector>,
    /// Only exhibitors from this country (ISO 3166-1 alpha-2).
    #[param(value_type = Option<CountryCode>)]
    pub country: Option<String>,
    pub kind: Option<ExhibitorKind>,
    /// Only exhibitors holding a booth in this hall.
    pub hall_id: Option<i64>,
    /// Organizers only: exhibitors in this application state (the public sees approved ones).
    pub status: Option<ApplicationStatus>,
}

impl ListFilter for ExhibitorFilter {
    const SORTABLE: &'static [&'static str] = SORTABLE;
}

/// Fields the exhibitor list can be sorted by.
pub const SORTABLE: &[&str] = &["id", "name", "country", "updated_at"];

fn filtered<'a>(
    event_id: i64,
    filter: &'a ExhibitorFilter,
    list: &'a ListRequest,
    staff: bool,
) -> exhibitors::BoxedQuery<'a, Db> {
    let mut query = exhibitors::table
        .filter(exhibitors::event_id.eq(event_id))
        .into_boxed();
    match (staff, filter.status) {
        (true, Some(status)) => query = query.filter(exhibitors::status.eq(status.as_str())),
        (true, None) => {}
        (false, _) => {
            query = query.filter(exhibitors::status.eq(ApplicationStatus::Approved.as_str()))
        }
    }
    if let Some(sector) = filter.sector {
        query = query.filter(exhibitors::sectors.like(format!("%\"{}\"%", sector.as_str())));
    }
    if let Some(country) = &filter.country {
        query = query.filter(exhibitors::country.eq(country));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(exhibitors::kind.eq(kind.as_str()));
    }
    if let Some(hall) = filter.hall_id {
        query = query.filter(
            exhibitors::id.nullable().eq_any(
                booths::table
                    .filter(booths::hall_id.eq(hall))
                    .select(booths::exhibitor_id),
            ),
        );
    }
    if let Some(q) = &list.q {
        query = query.filter(search::contains(exhibitors::search_text, q));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(exhibitors::updated_at.ge(since));
    }
    query
}

impl ExhibitorRow {
    /// A page of exhibitors; the public sees approved ones only.
    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &ExhibitorFilter,
        list: &ListRequest,
        staff: bool,
    ) -> QueryResult<(Vec<ExhibitorRow>, i64)> {
        let total = filtered(event_id, filter, list, staff)
            .count()
            .get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "name" => order.by(exhibitors::search_text, key.descending),
                "country" => order.by(exhibitors::country, key.descending),
                "updated_at" => order.by(exhibitors::updated_at, key.descending),
                _ => order.by(exhibitors::id, key.descending),
            };
        }
        let rows = filtered(event_id, filter, list, staff)
            .order(order.by(exhibitors::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(ExhibitorRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }

    /// Every exhibitor of the event, in id order (exports, matchmaking).
    pub fn all(
        conn: &mut DbConnection,
        event_id: i64,
        approved_only: bool,
    ) -> QueryResult<Vec<Self>> {
        let mut query = exhibitors::table
            .filter(exhibitors::event_id.eq(event_id))
            .into_boxed();
        if approved_only {
            query = query.filter(exhibitors::status.eq(ApplicationStatus::Approved.as_str()));
        }
        query
            .order(exhibitors::id.asc())
            .select(ExhibitorRow::as_select())
            .load(conn)
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        exhibitors::table
            .filter(exhibitors::event_id.eq(event_id))
            .filter(exhibitors::id.eq(id))
            .select(ExhibitorRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no exhibitor {id} at this event")))
    }

    fn check_city(conn: &mut DbConnection, city_id: Option<i64>) -> Result<(), ApiError> {
        let Some(city_id) = city_id else {
            return Ok(());
        };
        let exists: i64 = cities::table
            .filter(cities::id.eq(city_id))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::invalid(
                "city_id",
                format!("no city with id {city_id}"),
            ));
        }
        Ok(())
    }

    pub fn insert(
        conn: &mut DbConnection,
        event_id: i64,
        input: &CreateExhibitor,
    ) -> Result<Self, ApiError> {
        Self::check_city(conn, input.city_id)?;
        let id = Self::insert_checked(conn, event_id, input)?;
        Self::find(conn, event_id, id)
    }

    /// Inserts an exhibitor whose city is known to exist, answering the new id
    /// (it starts as `applied`).
    pub fn insert_checked(
        conn: &mut DbConnection,
        event_id: i64,
        input: &CreateExhibitor,
    ) -> Result<i64, ApiError> {
        let at = now();
        Ok(diesel::insert_into(exhibitors::table)
            .values((
                ExhibitorColumns::of(input)?,
                exhibitors::event_id.eq(event_id),
                exhibitors::status.eq(ApplicationStatus::Applied.as_str()),
                exhibitors::created_at.eq(at),
                exhibitors::updated_at.eq(at),
                exhibitors::version.eq(1_i64),
            ))
            .returning(exhibitors::id)
            .get_result(conn)?)
    }

    pub fn update(
        conn: &mut DbConnection,
        event_id: i64,
        id: i64,
        input: &CreateExhibitor,
    ) -> Result<Self, ApiError> {
        Self::check_city(conn, input.city_id)?;
        diesel::update(exhibitors::table.find(id))
            .set((
                ExhibitorColumns::of(input)?,
                exhibitors::updated_at.eq(now()),
                exhibitors::version.eq(exhibitors::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, event_id, id)
    }

    /// Deletes an exhibitor nothing refers to; otherwise a 409 saying what does.
    pub fn delete(conn: &mut DbConnection, id: i64) -> Result<(), ApiError> {
        let held: i64 = booths::table
            .filter(booths::exhibitor_id.eq(id))
            .count()
            .get_result(conn)?;
        let booked: i64 = meetings::table
            .filter(meetings::exhibitor_id.eq(id))
            .count()
            .get_result(conn)?;
        let accounts: i64 = users::table
            .filter(users::exhibitor_id.eq(id))
            .count()
            .get_result(conn)?;
        if held + booked + accounts > 0 {
            return Err(ApiError::conflict_with(
                format!(
                    "exhibitor {id} still holds {held} booth(s) and has {booked} meeting(s) and \
                     {accounts} account(s); withdraw it instead"
                ),
                "references",
                serde_json::json!({"booths": held, "meetings": booked, "users": accounts}),
            ));
        }
        diesel::delete(exhibitors::table.find(id)).execute(conn)?;
        Ok(())
    }
}

/// The booths each of `ids` holds, for their representations.
pub fn booths_of(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, Vec<BoothPlace>>> {
    let rows: Vec<(i64, i64, String, Option<i64>)> = booths::table
        .filter(booths::exhibitor_id.eq_any(ids))
        .order((booths::hall_id.asc(), booths::code.asc()))
        .select((
            booths::id,
            booths::hall_id,
            booths::code,
            booths::exhibitor_id,
        ))
        .load(conn)?;
    let mut by_exhibitor: std::collections::HashMap<i64, Vec<BoothPlace>> = Default::default();
    for (booth_id, hall_id, code, exhibitor) in rows {
        if let Some(exhibitor) = exhibitor {
            by_exhibitor.entry(exhibitor).or_default().push(BoothPlace {
                booth_id,
                hall_id,
                code,
            });
        }
    }
    Ok(by_exhibitor)
}

/// Rows to representations, with their booths, in one extra query.
pub fn represent_all(
    conn: &mut DbConnection,
    rows: &[ExhibitorRow],
    private: bool,
) -> Result<Vec<Exhibitor>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut booths = booths_of(conn, &ids)?;
    rows.iter()
        .map(|row| row.represent(booths.remove(&row.id).unwrap_or_default(), private))
        .collect()
}
