//! `GET /events/{event}/exhibitors.csv`: every exhibitor with its private contacts, for
//! organizers' spreadsheets.

use actix_web::{get, web, HttpResponse};

use super::exhibitors::{booths_of, ExhibitorRow};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::csv::Csv;
use crate::http::paths::EventPath;
use crate::values::LangMap;

const HEADER: &[&str] = &[
    "id",
    "status",
    "kind",
    "name",
    "name_other_languages",
    "country",
    "city_id",
    "sectors",
    "website",
    "booths",
    "contact_names",
    "contact_emails",
    "contact_phones",
];

/// Export the exhibitors as CSV (organizers).
///
/// RFC 4180, UTF-8 with a byte order mark (Excel reads every script), one row per
/// exhibitor in id order. Several contacts share a cell, one per line.
#[utoipa::path(
    tag = "expo",
    operation_id = "export_exhibitors",
    params(EventPath),
    responses((status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String)),
    security(("bearer" = []))
)]
#[get("/events/{event}/exhibitors.csv")]
pub async fn export_exhibitors(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let slug = path.into_inner().event;
    let (slug, csv) = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let rows = ExhibitorRow::all(conn, event_id, false)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut places = booths_of(conn, &ids)?;
        let mut csv = Csv::new(HEADER);
        for row in &rows {
            let name = LangMap::from_json(&row.name)?;
            let sectors: Vec<&str> = row.sectors()?.into_iter().map(|s| s.as_str()).collect();
            let booths: Vec<String> = places
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .map(|b| b.code)
                .collect();
            let contacts = row.contacts()?;
            let column = |pick: &dyn Fn(&super::exhibitors::Contact) -> Option<String>| {
                contacts
                    .iter()
                    .map(|c| pick(c).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let cells = [
                row.id.to_string(),
                row.status.clone(),
                row.kind.clone(),
                name.english().to_owned(),
                name.other_languages(),
                row.country.clone(),
                row.city_id.map(|c| c.to_string()).unwrap_or_default(),
                sectors.join(";"),
                row.website.clone().unwrap_or_default(),
                booths.join(";"),
                column(&|c| Some(c.name.clone())),
                column(&|c| c.email.clone()),
                column(&|c| c.phone.clone()),
            ];
            csv.row(cells.iter().map(String::as_str));
        }
        Ok((slug, csv))
    })
    .await?;
    Ok(csv.respond(&format!("exhibitors-{slug}.csv")))
}
