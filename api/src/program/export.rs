//! `GET /events/{event}/sessions.csv`: the programme as a spreadsheet.

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;

use super::session_types::SessionStatus;
use super::sessions::SessionRow;
use crate::auth::MaybeCaller;
use crate::db::schema::{session_speakers, sessions};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::csv::Csv;
use crate::http::paths::EventPath;
use crate::values::LangMap;
use crate::visibility::{DelegateViewer, Disclosure};

const HEADER: &[&str] = &[
    "id",
    "status",
    "kind",
    "theme",
    "title",
    "title_other_languages",
    "starts_at",
    "ends_at",
    "room_id",
    "venue_id",
    "capacity",
    "languages",
    "interpretation",
    "speakers",
];

/// Export the programme as CSV.
///
/// RFC 4180, UTF-8 with a byte order mark, one row per session in start order; the
/// public gets published and cancelled sessions, organizers drafts too. `speakers` lists
/// `delegate_id:role` in stage order, separated by `;`; a speaker the caller may not
/// recognise (no public profile) is `city-<city_id>:role`.
#[utoipa::path(
    tag = "program",
    operation_id = "export_sessions",
    params(EventPath),
    responses((status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/sessions.csv")]
pub async fn export_sessions(
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
) -> Result<HttpResponse, ApiError> {
    let (slug, staff) = (path.into_inner().event, caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    let (slug, csv) = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        let mut query = sessions::table
            .filter(sessions::event_id.eq(event_id))
            .into_boxed();
        if !staff {
            query = query.filter(sessions::status.ne(SessionStatus::Draft.as_str()));
        }
        let rows: Vec<SessionRow> = query
            .order((sessions::starts_at.asc(), sessions::id.asc()))
            .select(SessionRow::as_select())
            .load(conn)?;
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let on_stage: Vec<(i64, i64, String)> = session_speakers::table
            .filter(session_speakers::session_id.eq_any(&ids))
            .order((session_speakers::session_id, session_speakers::position))
            .select((
                session_speakers::session_id,
                session_speakers::delegate_id,
                session_speakers::role,
            ))
            .load(conn)?;
        let people = Disclosure::load(conn, viewer, on_stage.iter().map(|row| row.1))?;
        let mut speakers: HashMap<i64, Vec<String>> = HashMap::new();
        for (session_id, delegate_id, role) in on_stage {
            let Some(person) = people.get(delegate_id) else {
                continue;
            };
            let who = person
                .id
                .map_or_else(|| format!("city-{}", person.city_id), |id| id.to_string());
            speakers
                .entry(session_id)
                .or_default()
                .push(format!("{who}:{role}"));
        }
        let mut csv = Csv::new(HEADER);
        for row in &rows {
            let title = LangMap::from_json(&row.title)?;
            let list = |json: &str| -> Result<String, ApiError> {
                Ok(serde_json::from_str::<Vec<String>>(json)?.join(";"))
            };
            let optional = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
            let cells = [
                row.id.to_string(),
                row.status.clone(),
                row.kind.clone(),
                row.theme.clone().unwrap_or_default(),
                title.english().to_owned(),
                title.other_languages(),
                row.starts_at.and_utc().to_rfc3339(),
                row.ends_at.and_utc().to_rfc3339(),
                optional(row.room_id),
                optional(row.venue_id),
                optional(row.capacity),
                list(&row.languages)?,
                list(&row.interpretation)?,
                speakers.remove(&row.id).unwrap_or_default().join(";"),
            ];
            csv.row(cells.iter().map(String::as_str));
        }
        Ok((slug, csv))
    })
    .await?;
    Ok(csv.respond(&format!("sessions-{slug}.csv")))
}
