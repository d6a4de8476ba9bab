//! Matchmaking: ranks approved exhibitors for a delegate (and consenting delegates for an
//! exhibitor) by the overlap between the exhibitor's sectors and the delegate's interests:
//! the fields of cooperation of their city's signed or active partnerships, and the themes
//! of the sessions they hold a confirmed place in. Each result says why, in plain words.

use std::collections::{BTreeSet, HashMap};

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::exhibitors::{represent_all, Exhibitor, ExhibitorRow};
use super::vocabulary::Sector;
use crate::auth::Caller;
use crate::db::schema::{cities, delegates, partnerships, registrations, sessions};
use crate::db::{self, DbConnection, DbPool};
use crate::delegates::{DelegateProfile, DelegateRow};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::paths::EventItemPath;
use crate::program::session_types::RegistrationStatus;
use crate::values::LangMap;

/// Which exhibitor sectors serve each field of cooperation of a partnership.
const FIELD_SECTORS: &[(&str, &[Sector])] = &[
    (
        "ice_snow_economy",
        &[Sector::Equipment, Sector::Sports, Sector::Tourism],
    ),
    ("tourism", &[Sector::Tourism, Sector::Services]),
    ("culture", &[Sector::CultureIp, Sector::Media]),
    ("trade", &[Sector::Services, Sector::Equipment]),
    ("education", &[Sector::Education]),
    ("technology", &[Sector::Technology]),
    ("sports", &[Sector::Sports, Sector::Equipment]),
    ("environment", &[Sector::Construction, Sector::Technology]),
    ("governance", &[Sector::Services, Sector::Technology]),
];

/// Which sectors a session theme code points to, by the words in it.
const THEME_WORDS: &[(&str, &[Sector])] = &[
    ("ice", &[Sector::Equipment, Sector::Sports, Sector::Tourism]),
    (
        "snow",
        &[Sector::Equipment, Sector::Sports, Sector::Tourism],
    ),
    ("governance", &[Sector::Services, Sector::Technology]),
    ("tech", &[Sector::Technology]),
    ("ip", &[Sector::CultureIp, Sector::Media]),
    ("culture", &[Sector::CultureIp, Sector::Media]),
    ("tourism", &[Sector::Tourism]),
];

/// Points for a sector shared with a partnership, with a session theme, and for an
/// exhibitor from a partner city.
const PARTNERSHIP_POINTS: i64 = 2;
const SESSION_POINTS: i64 = 1;
const PARTNER_CITY_POINTS: i64 = 3;

/// What one delegate is interested in.
#[derive(Debug, Default)]
struct Interests {
    /// Sector → the partner cities whose partnerships point to it.
    partnership_sectors: HashMap<Sector, BTreeSet<String>>,
    partner_cities: HashMap<i64, String>,
    session_sectors: BTreeSet<Sector>,
}

/// A score and its explanation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"score": 7, "explanation": "shares sectors equipment, tourism with your city's partnerships with Edmonton"}))]
pub struct Match {
    /// Higher is a better match.
    pub score: i64,
    /// Why, in plain words.
    pub explanation: String,
}

fn score(interests: &Interests, exhibitor: &ExhibitorRow) -> Result<Match, ApiError> {
    let sectors = exhibitor.sectors()?;
    let mut points = 0;
    let mut reasons = Vec::new();
    let shared: Vec<&Sector> = sectors
        .iter()
        .filter(|s| interests.partnership_sectors.contains_key(s))
        .collect();
    if !shared.is_empty() {
        points += PARTNERSHIP_POINTS * shared.len() as i64;
        let partners: BTreeSet<&String> = shared
            .iter()
            .flat_map(|s| &interests.partnership_sectors[*s])
            .collect();
        reasons.push(format!(
            "shares sectors {} with your city's partnerships with {}",
            shared
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            partners.into_iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    let themed: Vec<&str> = sectors
        .iter()
        .filter(|s| interests.session_sectors.contains(s))
        .map(|s| s.as_str())
        .collect();
    if !themed.is_empty() {
        points += SESSION_POINTS * themed.len() as i64;
        reasons.push(format!(
            "works in {}, themes of sessions you registered for",
            themed.join(", ")
        ));
    }
    if let Some(city) = exhibitor
        .city_id
        .and_then(|c| interests.partner_cities.get(&c))
    {
        points += PARTNER_CITY_POINTS;
        reasons.push(format!("comes from {city}, a partner city of yours"));
    }
    Ok(Match {
        score: points,
        explanation: reasons.join("; "),
    })
}

/// Signed or active partnerships by city: (partner city id, partner name, fields).
type Partnerships = HashMap<i64, Vec<(i64, String, Vec<String>)>>;

fn partnerships_by_city(conn: &mut DbConnection) -> Result<Partnerships, ApiError> {
    let rows: Vec<(i64, i64, String)> = partnerships::table
        .filter(partnerships::status.eq_any(["signed", "active"]))
        .select((
            partnerships::city_a_id,
            partnerships::city_b_id,
            partnerships::fields,
        ))
        .load(conn)?;
    let names: HashMap<i64, String> = cities::table
        .select((cities::id, cities::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .map(|(id, name)| {
            (
                id,
                LangMap::from_json(&name)
                    .map(|n| n.english().to_owned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut by_city: Partnerships = HashMap::new();
    for (a, b, fields) in rows {
        let fields: Vec<String> = serde_json::from_str(&fields).unwrap_or_default();
        for (me, other) in [(a, b), (b, a)] {
            let name = names.get(&other).cloned().unwrap_or_default();
            by_city
                .entry(me)
                .or_default()
                .push((other, name, fields.clone()));
        }
    }
    Ok(by_city)
}

/// Confirmed session themes by delegate, for `delegate_ids`.
fn themes_by_delegate(
    conn: &mut DbConnection,
    delegate_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<String>>> {
    let rows: Vec<(i64, Option<String>)> = registrations::table
        .inner_join(sessions::table)
        .filter(registrations::delegate_id.eq_any(delegate_ids))
        .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
        .select((registrations::delegate_id, sessions::theme))
        .load(conn)?;
    let mut by_delegate: HashMap<i64, Vec<String>> = HashMap::new();
    for (delegate, theme) in rows {
        if let Some(theme) = theme {
            by_delegate.entry(delegate).or_default().push(theme);
        }
    }
    Ok(by_delegate)
}

fn interests_of(city_id: i64, partnerships: &Partnerships, themes: &[String]) -> Interests {
    let mut interests = Interests::default();
    for (partner, name, fields) in partnerships.get(&city_id).into_iter().flatten() {
        interests.partner_cities.insert(*partner, name.clone());
        for field in fields {
            let sectors = FIELD_SECTORS
                .iter()
                .filter(|(f, _)| f == field)
                .flat_map(|(_, s)| s.iter());
            for sector in sectors {
                interests
                    .partnership_sectors
                    .entry(*sector)
                    .or_default()
                    .insert(name.clone());
            }
        }
    }
    for theme in themes {
        let theme = theme.to_lowercase();
        let words: Vec<&str> = theme.split(|c: char| !c.is_alphanumeric()).collect();
        for (word, sectors) in THEME_WORDS {
            if words.contains(word) {
                interests.session_sectors.extend(sectors.iter().copied());
            }
        }
    }
    interests
}

/// How many results.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    /// 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50, example = 10)]
    pub limit: Option<i64>,
}

impl MatchQuery {
    fn limit(&self) -> Result<usize, ApiError> {
        match self.limit.unwrap_or(10) {
            n @ 1..=50 => Ok(n as usize),
            _ => Err(ApiError::BadRequest(
                "limit must be between 1 and 50".into(),
            )),
        }
    }
}

/// A recommended exhibitor.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendedExhibitor {
    pub exhibitor: Exhibitor,
    #[serde(flatten)]
    pub fit: Match,
}

/// Recommended exhibitors, best first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"exhibitor": {"id": 3}, "score": 7, "explanation": "shares sectors equipment, tourism with your city's partnerships with Edmonton"}]}))]
pub struct RecommendedExhibitors {
    pub items: Vec<RecommendedExhibitor>,
}

/// Exhibitors recommended to a delegate (the delegate or organizers).
///
/// Approved exhibitors with a positive score, best first (ties by name): 2 points per
/// sector shared with the fields of cooperation of the delegate's city's signed or active
/// partnerships, 1 per sector matching the themes of their confirmed sessions, 3 for an
/// exhibitor from a partner city.
#[utoipa::path(
    tag = "expo", operation_id = "recommend_exhibitors",
    params(EventItemPath, MatchQuery),
    responses((status = 200, description = "Best first", body = RecommendedExhibitors)),
    security(("bearer" = []))
)]
#[get("/events/{event}/delegates/{id}/recommended-exhibitors")]
pub async fn recommend_exhibitors(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    if !(caller.is_staff() || caller.is_delegate(id)) {
        return Err(ApiError::Forbidden(
            "only the delegate and organizers see these".into(),
        ));
    }
    let limit = query.limit()?;
    let items = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let delegate = DelegateRow::find(conn, event_id, id)?;
        let themes = themes_by_delegate(conn, &[id])?
            .remove(&id)
            .unwrap_or_default();
        let interests = interests_of(delegate.city_id, &partnerships_by_city(conn)?, &themes);
        let mut ranked: Vec<(Match, String, ExhibitorRow)> =
            ExhibitorRow::all(conn, event_id, true)?
                .into_iter()
                .map(|row| {
                    Ok((
                        score(&interests, &row)?,
                        LangMap::from_json(&row.name)?.search_text(),
                        row,
                    ))
                })
                .collect::<Result<Vec<_>, ApiError>>()?
                .into_iter()
                .filter(|(fit, _, _)| fit.score > 0)
                .collect();
        ranked.sort_by(|a, b| {
            b.0.score
                .cmp(&a.0.score)
                .then_with(|| a.1.cmp(&b.1))
                .then(a.2.id.cmp(&b.2.id))
        });
        ranked.truncate(limit);
        let rows: Vec<ExhibitorRow> = ranked.iter().map(|(_, _, row)| row.clone()).collect();
        let exhibitors = represent_all(conn, &rows, false)?;
        Ok(ranked
            .into_iter()
            .zip(exhibitors)
            .map(|((fit, _, _), exhibitor)| RecommendedExhibitor { exhibitor, fit })
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(RecommendedExhibitors { items }))
}

/// A recommended delegate: public profile fields only.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendedDelegate {
    pub delegate: DelegateProfile,
    #[serde(flatten)]
    pub fit: Match,
}

/// Recommended delegates, best first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"delegate": {"id": 7, "given_name": "Aino"}, "score": 5, "explanation": "shares sectors equipment with your city's partnerships with Harbin"}]}))]
pub struct RecommendedDelegates {
    pub items: Vec<RecommendedDelegate>,
}

/// Delegates recommended to an exhibitor (the exhibitor or organizers).
///
/// The same score as the delegates' recommendations, over delegates who consented to a
/// public profile, with public fields only. The explanation speaks to the delegate's side.
#[utoipa::path(
    tag = "expo", operation_id = "recommend_delegates",
    params(EventItemPath, MatchQuery),
    responses((status = 200, description = "Best first", body = RecommendedDelegates)),
    security(("bearer" = []))
)]
#[get("/events/{event}/exhibitors/{id}/recommended-delegates")]
pub async fn recommend_delegates(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    query: web::Query<MatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    if !(caller.is_staff() || caller.is_exhibitor(id)) {
        return Err(ApiError::Forbidden(
            "only the exhibitor and organizers see these".into(),
        ));
    }
    let limit = query.limit()?;
    let items = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let exhibitor = ExhibitorRow::find(conn, event_id, id)?;
        let people: Vec<DelegateRow> = delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::consent_public_profile.eq(true))
            .order(delegates::id.asc())
            .select(DelegateRow::as_select())
            .load(conn)?;
        let ids: Vec<i64> = people.iter().map(|d| d.id).collect();
        let mut themes = themes_by_delegate(conn, &ids)?;
        let partnerships = partnerships_by_city(conn)?;
        let mut ranked: Vec<(Match, DelegateRow)> = people
            .into_iter()
            .map(|person| {
                let interests = interests_of(
                    person.city_id,
                    &partnerships,
                    &themes.remove(&person.id).unwrap_or_default(),
                );
                Ok((score(&interests, &exhibitor)?, person))
            })
            .collect::<Result<Vec<_>, ApiError>>()?
            .into_iter()
            .filter(|(fit, _)| fit.score > 0)
            .collect();
        ranked.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(a.1.id.cmp(&b.1.id)));
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(fit, person)| {
                let fit = Match {
                    explanation: fit
                        .explanation
                        .replace("your city", "their city")
                        .replace("you registered", "they registered")
                        .replace("of yours", "of theirs"),
                    ..fit
                };
                Ok(RecommendedDelegate {
                    delegate: person.profile()?,
                    fit,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(RecommendedDelegates { items }))
}
