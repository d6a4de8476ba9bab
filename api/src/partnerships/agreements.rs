//! Agreements: the documents of a partnership, with their signatories.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::PartnershipRow;
use super::vocab::AgreementKind;
use crate::db::schema::{agreement_signatories, agreements, cities, delegates, sessions};
use crate::db::{now, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::values::{is_plausible_date, stored_date, Checks, LangMap};
use crate::visibility::{DelegateViewer, Disclosure};

/// A document two cities signed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 3, "partnership_id": 2,
    "title": {"en": "Treaty on friendly cooperation between Harbin and Magdeburg", "de": "Partnerschaftsvertrag Harbin–Magdeburg"},
    "kind": "treaty", "signed_on": "2008-07-02", "signed_at_city_id": 3, "session_id": null,
    "signatories": [{"city_id": 1, "delegate_id": null, "name": "Wang Lan", "office": "Deputy Mayor of Harbin"}],
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "version": 1
}))]
pub struct Agreement {
    pub id: i64,
    pub partnership_id: i64,
    pub title: LangMap,
    pub kind: AgreementKind,
    pub signed_on: NaiveDate,
    /// The city where it was signed.
    pub signed_at_city_id: Option<i64>,
    /// The summit session where it was signed.
    pub session_id: Option<i64>,
    pub signatories: Vec<Signatory>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Who signed, for which of the two cities.
#[derive(Debug, Serialize, ToSchema)]
pub struct Signatory {
    pub city_id: i64,
    /// Set when the signer is a delegate whom the viewer may recognise (see `visibility`).
    pub delegate_id: Option<i64>,
    /// The signer's name; for a delegate shown only when their profile is public (or to
    /// organizers).
    pub name: Option<String>,
    /// The signer's office, e.g. "Mayor of Harbin".
    pub office: Option<String>,
}

/// An agreement to record (PUT replaces it whole, signatories included).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"en": "Treaty on friendly cooperation between Harbin and Magdeburg"},
    "kind": "treaty", "signed_on": "2008-07-02", "signed_at_city_id": 3,
    "signatories": [{"name": "Wang Lan", "office": "Deputy Mayor of Harbin", "city_id": 1}]
}))]
pub struct AgreementInput {
    pub title: LangMap,
    pub kind: AgreementKind,
    /// Not in the future.
    pub signed_on: NaiveDate,
    #[schema(minimum = 1)]
    pub signed_at_city_id: Option<i64>,
    /// A session of any event where it was signed.
    #[schema(minimum = 1)]
    pub session_id: Option<i64>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub signatories: Vec<SignatoryInput>,
}

/// A delegate who signed (`delegate_id`), or a named official who was not a delegate
/// (`name` and `city_id`). The city must be one of the partnership's two.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatoryInput {
    #[schema(minimum = 1)]
    pub delegate_id: Option<i64>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub office: Option<String>,
    /// Required for a named official; for a delegate it is the delegate's city.
    #[schema(minimum = 1)]
    pub city_id: Option<i64>,
}

impl AgreementInput {
    /// Checks the fields; `today` bounds `signed_on`.
    pub fn validate(self, today: NaiveDate) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.title.validate("title", 300));
        checks.check(
            self.signed_on <= today,
            "signed_on",
            "cannot be in the future",
        );
        checks.check(
            is_plausible_date(self.signed_on),
            "signed_on",
            "must be in the years 1000 to 9999",
        );
        checks.check(self.signatories.len() <= 20, "signatories", "at most 20");
        for (i, signer) in self.signatories.iter().enumerate() {
            let at = |field: &str| format!("signatories[{i}].{field}");
            checks.check(
                signer.delegate_id.is_some() != signer.name.is_some(),
                &at("name"),
                "give either a delegate_id or a name",
            );
            checks.check(
                signer.delegate_id.is_some() || signer.city_id.is_some(),
                &at("city_id"),
                "a named official needs the city they signed for",
            );
            checks.text(signer.name.as_deref(), &at("name"), 200);
            checks.text(signer.office.as_deref(), &at("office"), 200);
        }
        checks.finish(|| self)
    }
}

#[derive(Debug, Queryable)]
struct AgreementRow {
    id: i64,
    partnership_id: i64,
    title: String,
    kind: String,
    signed_on: String,
    signed_at_city_id: Option<i64>,
    session_id: Option<i64>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i64,
}

type SignatoryRow = (i64, i64, Option<i64>, Option<String>, Option<String>);

const AGREEMENT_COLUMNS: (
    agreements::id,
    agreements::partnership_id,
    agreements::title,
    agreements::kind,
    agreements::signed_on,
    agreements::signed_at_city_id,
    agreements::session_id,
    agreements::created_at,
    agreements::updated_at,
    agreements::version,
) = (
    agreements::id,
    agreements::partnership_id,
    agreements::title,
    agreements::kind,
    agreements::signed_on,
    agreements::signed_at_city_id,
    agreements::session_id,
    agreements::created_at,
    agreements::updated_at,
    agreements::version,
);

/// The agreements of a partnership, oldest first, signers shown as `viewer` may see them.
pub fn list(
    conn: &mut DbConnection,
    partnership_id: i64,
    viewer: DelegateViewer,
) -> Result<Vec<Agreement>, ApiError> {
    let rows: Vec<AgreementRow> = agreements::table
        .filter(agreements::partnership_id.eq(partnership_id))
        .order((agreements::signed_on.asc(), agreements::id.asc()))
        .select(AGREEMENT_COLUMNS)
        .load(conn)?;
    render(conn, rows, viewer)
}

/// One agreement of a partnership, or a 404.
pub fn find(
    conn: &mut DbConnection,
    partnership_id: i64,
    id: i64,
    viewer: DelegateViewer,
) -> Result<Agreement, ApiError> {
    let rows: Vec<AgreementRow> = agreements::table
        .filter(agreements::partnership_id.eq(partnership_id))
        .filter(agreements::id.eq(id))
        .select(AGREEMENT_COLUMNS)
        .load(conn)?;
    render(conn, rows, viewer)?.pop().ok_or_else(|| {
        ApiError::NotFound(format!(
            "partnership {partnership_id} has no agreement {id}"
        ))
    })
}

fn render(
    conn: &mut DbConnection,
    rows: Vec<AgreementRow>,
    viewer: DelegateViewer,
) -> Result<Vec<Agreement>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let signers: Vec<SignatoryRow> = agreement_signatories::table
        .filter(agreement_signatories::agreement_id.eq_any(&ids))
        .order((
            agreement_signatories::agreement_id,
            agreement_signatories::position,
        ))
        .select((
            agreement_signatories::agreement_id,
            agreement_signatories::city_id,
            agreement_signatories::delegate_id,
            agreement_signatories::name,
            agreement_signatories::office,
        ))
        .load(conn)?;
    let people = Disclosure::load(conn, viewer, signers.iter().filter_map(|s| s.2))?;
    let mut by_agreement: HashMap<i64, Vec<Signatory>> = HashMap::new();
    for (agreement_id, city_id, delegate_id, name, office) in signers {
        by_agreement
            .entry(agreement_id)
            .or_default()
            .push(Signatory {
                city_id,
                delegate_id: delegate_id.and_then(|id| people.id(id)),
                name: delegate_id.map_or(name, |id| people.name(id)),
                office,
            });
    }
    rows.into_iter()
        .map(|row| {
            Ok(Agreement {
                signatories: by_agreement.remove(&row.id).unwrap_or_default(),
                id: row.id,
                partnership_id: row.partnership_id,
                title: LangMap::from_json(&row.title)?,
                kind: AgreementKind::parse(&row.kind)?,
                signed_on: stored_date(&row.signed_on)?,
                signed_at_city_id: row.signed_at_city_id,
                session_id: row.session_id,
                created_at: row.created_at.and_utc(),
                updated_at: row.updated_at.and_utc(),
                version: row.version,
            })
        })
        .collect()
}

/// Checks the references of an agreement against its partnership: the signatories'
/// cities, the place and the session. Every problem is reported at once.
fn check_references(
    conn: &mut DbConnection,
    partnership: &PartnershipRow,
    input: &AgreementInput,
) -> Result<Vec<i64>, ApiError> {
    let pair = [partnership.city_a_id, partnership.city_b_id];
    let mut errors = Vec::new();
    let mut cities_of_signers = Vec::new();
    for (i, signer) in input.signatories.iter().enumerate() {
        let city = match signer.delegate_id {
            Some(delegate_id) => {
                let city: Option<i64> = delegates::table
                    .find(delegate_id)
                    .select(delegates::city_id)
                    .first(conn)
                    .optional()?;
                match city {
                    None => {
                        errors.push(FieldError::new(
                            format!("signatories[{i}].delegate_id"),
                            format!("no delegate with id {delegate_id}"),
                        ));
                        0
                    }
                    Some(city) if signer.city_id.is_some_and(|given| given != city) => {
                        errors.push(FieldError::new(
                            format!("signatories[{i}].city_id"),
                            format!("delegate {delegate_id} belongs to city {city}"),
                        ));
                        city
                    }
                    Some(city) => city,
                }
            }
            None => signer.city_id.unwrap_or_default(),
        };
        if city != 0 && !pair.contains(&city) {
            errors.push(FieldError::new(
                format!("signatories[{i}].city_id"),
                format!(
                    "the signatory is from city {city}, which is not one of this partnership's cities ({} and {})",
                    pair[0], pair[1]
                ),
            ));
        }
        cities_of_signers.push(city);
    }
    if let Some(city_id) = input.signed_at_city_id {
        let known: i64 = cities::table
            .filter(cities::id.eq(city_id))
            .count()
            .get_result(conn)?;
        if known == 0 {
            errors.push(FieldError::new(
                "signed_at_city_id",
                format!("no city with id {city_id}"),
            ));
        }
    }
    if let Some(session_id) = input.session_id {
        let known: i64 = sessions::table
            .filter(sessions::id.eq(session_id))
            .count()
            .get_result(conn)?;
        if known == 0 {
            errors.push(FieldError::new(
                "session_id",
                format!("no session with id {session_id}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(cities_of_signers)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Stores a new agreement of `partnership`, or replaces agreement `existing` whole.
pub fn save(
    conn: &mut DbConnection,
    partnership: &PartnershipRow,
    existing: Option<i64>,
    input: &AgreementInput,
) -> Result<i64, ApiError> {
    let signer_cities = check_references(conn, partnership, input)?;
    let at = now();
    let columns = (
        agreements::title.eq(input.title.to_json()),
        agreements::kind.eq(input.kind.as_str()),
        agreements::signed_on.eq(input.signed_on.to_string()),
        agreements::signed_at_city_id.eq(input.signed_at_city_id),
        agreements::session_id.eq(input.session_id),
        agreements::updated_at.eq(at),
    );
    let id = match existing {
        Some(id) => {
            diesel::update(agreements::table.find(id))
                .set((columns, agreements::version.eq(agreements::version + 1)))
                .execute(conn)?;
            diesel::delete(
                agreement_signatories::table.filter(agreement_signatories::agreement_id.eq(id)),
            )
            .execute(conn)?;
            id
        }
        None => diesel::insert_into(agreements::table)
            .values((
                columns,
                agreements::partnership_id.eq(partnership.id),
                agreements::created_at.eq(at),
                agreements::version.eq(1_i64),
            ))
            .returning(agreements::id)
            .get_result(conn)?,
    };
    for (position, (signer, city_id)) in input.signatories.iter().zip(signer_cities).enumerate() {
        diesel::insert_into(agreement_signatories::table)
            .values((
                agreement_signatories::agreement_id.eq(id),
                agreement_signatories::city_id.eq(city_id),
                agreement_signatories::delegate_id.eq(signer.delegate_id),
                agreement_signatories::name
                    .eq(signer.delegate_id.map_or(signer.name.clone(), |_| None)),
                agreement_signatories::office.eq(&signer.office),
                agreement_signatories::position.eq(position as i64),
                agreement_signatories::created_at.eq(at),
                agreement_signatories::updated_at.eq(at),
                agreement_signatories::version.eq(1_i64),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Deletes an agreement of a partnership (its signatories go with it).
pub fn delete(conn: &mut DbConnection, partnership_id: i64, id: i64) -> Result<(), ApiError> {
    let deleted = diesel::delete(
        agreements::table
            .filter(agreements::partnership_id.eq(partnership_id))
            .filter(agreements::id.eq(id)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(ApiError::NotFound(format!(
            "partnership {partnership_id} has no agreement {id}"
        )));
    }
    Ok(())
}
