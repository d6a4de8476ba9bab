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
/// `delegate_id:role` in stage order, separated by `;`.
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
        let mut speakers: HashMap<i64, Vec<String>> = HashMap::new();
        for (session_id, delegate_id, role) in session_speakers::table
            .filter(session_speakers::session_id.eq_any(&ids))
            .order((session_speakers::session_id, session_speakers::position))
            .select((
                session_speakers::session_id,
                session_speakers::delegate_id,
                session_speakers::role,
            ))
            .load::<(i64, i64, String)>(conn)?
        {
            speakers
                .entry(session_id)
                .or_default()
                .push(format!("{delegate_id}:{role}"));
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
