//! `GET /events/{event}/delegates.csv`: every delegate with their private fields, for
//! organizers' spreadsheets (badges, hotels, catering, interpretation).

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;

use super::model::DelegateRow;
use crate::auth::Caller;
use crate::db::schema::delegates;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::csv::Csv;
use crate::http::paths::EventPath;

const HEADER: &[&str] = &[
    "id",
    "delegation_id",
    "city_id",
    "honorific",
    "given_name",
    "family_name",
    "title",
    "role",
    "email",
    "phone",
    "languages",
    "interpretation_needs",
    "dietary_needs",
    "accessibility_needs",
    "arrival_at",
    "departure_at",
    "hotel",
    "accreditation_status",
    "badge_code",
    "checked_in_at",
    "consent_public_profile",
];

/// Export the delegates as CSV (organizers).
///
/// RFC 4180, UTF-8 with a byte order mark (Excel reads every script), one row per
/// delegate in id order, private fields included; lists are joined with `;`, times are
/// RFC 3339 UTC.
#[utoipa::path(
    tag = "delegates",
    operation_id = "export_delegates",
    params(EventPath),
    responses((status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String)),
    security(("bearer" = []))
)]
#[get("/events/{event}/delegates.csv")]
pub async fn export_delegates(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let slug = path.into_inner().event;
    let (slug, csv) = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let rows: Vec<DelegateRow> = delegates::table
            .filter(delegates::event_id.eq(event_id))
            .order(delegates::id.asc())
            .select(DelegateRow::as_select())
            .load(conn)?;
        let mut csv = Csv::new(HEADER);
        for row in &rows {
            let list = |json: &str| -> Result<String, ApiError> {
                Ok(serde_json::from_str::<Vec<String>>(json)?.join(";"))
            };
            let time = |at: Option<chrono::NaiveDateTime>| {
                at.map(|at| at.and_utc().to_rfc3339()).unwrap_or_default()
            };
            let cells = [
                row.id.to_string(),
                row.delegation_id.to_string(),
                row.city_id.to_string(),
                row.honorific.clone().unwrap_or_default(),
                row.given_name.clone(),
                row.family_name.clone(),
                row.title.clone().unwrap_or_default(),
                row.role.clone(),
                row.email.clone().unwrap_or_default(),
                row.phone.clone().unwrap_or_default(),
                list(&row.languages)?,
                list(&row.interpretation_needs)?,
                row.dietary_needs.clone().unwrap_or_default(),
                row.accessibility_needs.clone().unwrap_or_default(),
                time(row.arrival_at),
                time(row.departure_at),
                row.hotel.clone().unwrap_or_default(),
                row.accreditation_status.clone(),
                row.badge_code.clone(),
                time(row.checked_in_at),
                row.consent_public_profile.to_string(),
            ];
            csv.row(cells.iter().map(String::as_str));
        }
        Ok((slug, csv))
    })
    .await?;
    Ok(csv.respond(&format!("delegates-{slug}.csv")))
}
