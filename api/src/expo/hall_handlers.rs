//! `/events/{event}/halls`, their floor plans and meeting tables.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::booths::{Booth, BoothRow};
use super::exhibitors::ExhibitorRow;
use super::halls::{Hall, HallInput, HallRow};
use super::vocabulary::{BoothType, ExhibitorKind, Sector};
use crate::auth::{Caller, MaybeCaller};
use crate::db::schema::{exhibitors, meeting_tables, meetings};
use crate::db::{self, now, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_document, cached_rows, Audience};
use crate::http::conditional::{respond_created, respond_updated, respond_versioned, IfMatch};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::{EventItemPath, EventPath};
use crate::http::query_guard::{ListQuery, NoFilter};
use crate::values::{CountryCode, LangMap};

/// List the halls of an event (no sorting: halls are few, in id order).
#[utoipa::path(
    tag = "expo", operation_id = "list_halls",
    params(EventPath, ListQuery<NoFilter>),
    responses((status = 200, description = "A page of halls", body = Page<Hall>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/halls")]
pub async fn list_halls(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventPath>,
    query: ListQuery<NoFilter>,
) -> Result<HttpResponse, ApiError> {
    let list = query.list;
    let (slug, staff) = (path.into_inner().event, caller.is_staff());
    cached_rows(&req, &pool, Audience::of(staff), &["halls"], move |conn| {
        let event_id = EventRow::id_of(conn, &slug, staff)?;
        let rows = HallRow::all(conn, event_id)?;
        let total = rows.len() as i64;
        let items = rows
            .iter()
            .skip(list.offset() as usize)
            .take(list.per_page as usize)
            .map(HallRow::represent)
            .collect::<Result<_, _>>()?;
        Ok(Page::new(items, &list, total))
    })
    .await
}

/// Create a hall (organizers).
#[utoipa::path(
    tag = "expo", operation_id = "create_hall",
    params(EventPath), request_body = HallInput,
    responses((status = 201, description = "Created", body = Hall,
        headers(("Location" = String, description = "The new hall's URL")))),
    security(("bearer" = []))
)]
#[post("/events/{event}/halls")]
pub async fn create_hall(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<HallInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, input) = (path.into_inner().event, body.into_inner().validate()?);
    let (slug, hall) = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        Ok((slug, HallRow::insert(conn, event_id, &input)?.represent()?))
    })
    .await?;
    Ok(respond_created(
        format!("/api/v1/events/{slug}/halls/{}", hall.id),
        hall.id,
        hall.version,
        &hall,
    ))
}

/// Get a hall.
#[utoipa::path(
    tag = "expo", operation_id = "get_hall",
    params(EventItemPath),
    responses((status = 200, description = "The hall", body = Hall)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/halls/{id}")]
pub async fn get_hall(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let hall = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, caller.is_staff())?;
        HallRow::find(conn, event_id, id)?.represent()
    })
    .await?;
    Ok(respond_versioned(&req, hall.id, hall.version, &hall))
}

/// Replace a hall (organizers). Shrinking it under a booth is a 409 naming the booth.
#[utoipa::path(
    tag = "expo", operation_id = "replace_hall",
    params(EventItemPath), request_body = HallInput,
    responses(
        (status = 200, description = "Replaced", body = Hall),
        (status = 409, description = "A booth would lie outside the hall"),
    ),
    security(("bearer" = []))
)]
#[put("/events/{event}/halls/{id}")]
pub async fn replace_hall(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<HallInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let (input, if_match) = (body.into_inner().validate()?, IfMatch::from_request(&req)?);
    let hall = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "halls", id)?;
        if_match.check(id, HallRow::find(conn, event_id, id)?.version)?;
        HallRow::replace(conn, event_id, id, &input)?.represent()
    })
    .await?;
    Ok(respond_updated(hall.id, hall.version, &hall))
}

/// Delete an empty hall (organizers); booths, tables or meetings in it make a 409.
#[utoipa::path(
    tag = "expo", operation_id = "delete_hall",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Booths, tables or meetings are in the hall"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/halls/{id}")]
pub async fn delete_hall(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let if_match = IfMatch::from_request(&req)?;
    db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        db::lock_row(conn, "halls", id)?;
        if_match.check(id, HallRow::find(conn, event_id, id)?.version)?;
        HallRow::delete(conn, id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The public face of a booth's holder on the floor plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct FloorPlanExhibitor {
    pub id: i64,
    pub name: LangMap,
    pub kind: ExhibitorKind,
    pub country: CountryCode,
    pub sectors: Vec<Sector>,
    pub logo_url: Option<String>,
}

/// A booth with its holder.
#[derive(Debug, Serialize, ToSchema)]
pub struct FloorPlanBooth {
    pub id: i64,
    pub code: String,
    pub booth_type: BoothType,
    /// The rectangle in metres from the hall's top-left corner.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub area_m2: f64,
    /// `null` while the booth is free.
    pub exhibitor: Option<FloorPlanExhibitor>,
}

impl FloorPlanBooth {
    /// Only what a plan draws: the full booth (times, version) is at `…/booths/{id}`.
    fn of(booth: Booth, exhibitor: Option<FloorPlanExhibitor>) -> Self {
        Self {
            id: booth.id,
            code: booth.code,
            booth_type: booth.booth_type,
            x: booth.x,
            y: booth.y,
            w: booth.w,
            h: booth.h,
            area_m2: booth.area_m2,
            exhibitor,
        }
    }
}

/// A meeting table of a hall.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 1, "hall_id": 1, "name": "T1", "version": 1}))]
pub struct MeetingTable {
    pub id: i64,
    pub hall_id: i64,
    pub name: String,
    pub version: i64,
}

/// A hall's geometry, every booth with its exhibitor (public fields only) and the meeting
/// tables: what the SPA draws.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"hall": {"id": 1, "name": {"en": "Hall A"}, "width": 120.0, "height": 80.0}, "booths": [], "meeting_tables": []}))]
pub struct FloorPlan {
    pub hall: Hall,
    pub booths: Vec<FloorPlanBooth>,
    pub meeting_tables: Vec<MeetingTable>,
}

/// A hall's floor plan.
#[utoipa::path(
    tag = "expo", operation_id = "get_floor_plan",
    params(EventItemPath),
    responses((status = 200, description = "The floor plan", body = FloorPlan)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/halls/{id}/floor-plan")]
pub async fn get_floor_plan(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    let EventItemPath { event: slug, id } = path.into_inner();
    let staff = caller.is_staff();
    cached_document(
        &req,
        Audience::of(staff),
        &["halls", "booths", "exhibitors", "meeting_tables"],
        || {
            db::read(&pool, move |conn| {
                let event_id = EventRow::id_of(conn, &slug, staff)?;
                let hall = HallRow::find(conn, event_id, id)?.represent()?;
                let rows = BoothRow::of_hall(conn, id)?;
                let holders: Vec<i64> = rows.iter().filter_map(|b| b.exhibitor_id).collect();
                let by_id: std::collections::HashMap<i64, ExhibitorRow> = exhibitors::table
                    .filter(exhibitors::id.eq_any(&holders))
                    .select(ExhibitorRow::as_select())
                    .load(conn)?
                    .into_iter()
                    .map(|e| (e.id, e))
                    .collect();
                let booths = rows
                    .iter()
                    .map(|row| {
                        let exhibitor = row
                            .exhibitor_id
                            .and_then(|e| by_id.get(&e))
                            .map(|e| {
                                Ok::<_, ApiError>(FloorPlanExhibitor {
                                    id: e.id,
                                    name: LangMap::from_json(&e.name)?,
                                    kind: ExhibitorKind::parse(&e.kind)?,
                                    country: CountryCode(e.country.clone()),
                                    sectors: e.sectors()?,
                                    logo_url: e.logo_url.clone(),
                                })
                            })
                            .transpose()?;
                        Ok(FloorPlanBooth::of(row.represent()?, exhibitor))
                    })
                    .collect::<Result<_, ApiError>>()?;
                let meeting_tables = meeting_tables::table
                    .filter(meeting_tables::hall_id.eq(id))
                    .order(meeting_tables::name.asc())
                    .select((
                        meeting_tables::id,
                        meeting_tables::hall_id,
                        meeting_tables::name,
                        meeting_tables::version,
                    ))
                    .load::<(i64, i64, String, i64)>(conn)?
                    .into_iter()
                    .map(|(id, hall_id, name, version)| MeetingTable {
                        id,
                        hall_id,
                        name,
                        version,
                    })
                    .collect();
                Ok(FloorPlan {
                    hall,
                    booths,
                    meeting_tables,
                })
            })
        },
    )
    .await
}

/// A new meeting table.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "T1"}))]
pub struct CreateMeetingTable {
    #[schema(min_length = 1, max_length = 40)]
    pub name: String,
}

/// Add a meeting table to a hall (organizers). Accepted meetings get one automatically.
#[utoipa::path(
    tag = "expo", operation_id = "create_meeting_table",
    params(EventItemPath), request_body = CreateMeetingTable,
    responses(
        (status = 201, description = "Created", body = MeetingTable),
        (status = 409, description = "The hall already has a table of that name"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/halls/{id}/meeting-tables")]
pub async fn create_meeting_table(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<CreateMeetingTable>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let name = body.into_inner().name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(ApiError::invalid("name", "must be 1 to 40 characters"));
    }
    let table = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        HallRow::find(conn, event_id, id)?;
        let existing: Option<i64> = meeting_tables::table
            .filter(meeting_tables::hall_id.eq(id))
            .filter(meeting_tables::name.eq(&name))
            .select(meeting_tables::id)
            .first(conn)
            .optional()?;
        if let Some(existing) = existing {
            return Err(ApiError::conflict_with(
                format!("hall {id} already has a table {name}"),
                "existing_id",
                existing.into(),
            ));
        }
        let at = now();
        let table_id = diesel::insert_into(meeting_tables::table)
            .values((
                meeting_tables::event_id.eq(event_id),
                meeting_tables::hall_id.eq(id),
                meeting_tables::name.eq(&name),
                meeting_tables::created_at.eq(at),
                meeting_tables::updated_at.eq(at),
                meeting_tables::version.eq(1_i64),
            ))
            .returning(meeting_tables::id)
            .get_result(conn)?;
        Ok(MeetingTable {
            id: table_id,
            hall_id: id,
            name,
            version: 1,
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(table))
}

/// Remove a meeting table (organizers); a table with meetings is a 409.
#[utoipa::path(
    tag = "expo", operation_id = "delete_meeting_table",
    params(EventItemPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Meetings use the table"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/meeting-tables/{id}")]
pub async fn delete_meeting_table(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let found: i64 = meeting_tables::table
            .filter(meeting_tables::event_id.eq(event_id))
            .filter(meeting_tables::id.eq(id))
            .count()
            .get_result(conn)?;
        if found == 0 {
            return Err(ApiError::NotFound(format!(
                "no meeting table {id} at this event"
            )));
        }
        let used: i64 = meetings::table
            .filter(meetings::table_id.eq(id))
            .count()
            .get_result(conn)?;
        if used > 0 {
            return Err(ApiError::conflict_with(
                format!("{used} meeting(s) use table {id}"),
                "references",
                serde_json::json!({"meetings": used}),
            ));
        }
        diesel::delete(meeting_tables::table.find(id)).execute(conn)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
