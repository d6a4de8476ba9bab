//! `/api/v1/events/{event}/initiatives/{id}/endorsements`: who endorsed, endorsing and
//! withdrawing.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::endorsements::{self, CreateEndorsement, Endorsement, EndorsementFilter};
use super::model::InitiativeRow;
use crate::auth::{Caller, MaybeCaller};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::cache::{cached_list, Audience};
use crate::http::conditional::{respond_created, respond_versioned};
use crate::http::json::JsonBody;
use crate::http::lists::Page;
use crate::http::paths::EventItemPath;
use crate::http::query_guard::ListQuery;
use crate::values::check_filter;
use crate::visibility::DelegateViewer;

/// The endorsements of an initiative: the public list of who endorsed.
///
/// Withdrawn endorsements stay on record and are listed with `include_withdrawn=true`.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "list_endorsements",
    params(EventItemPath, ListQuery<EndorsementFilter>),
    responses((status = 200, description = "A page of endorsements", body = Page<Endorsement>)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/initiatives/{id}/endorsements")]
pub async fn list_endorsements(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EventItemPath>,
    query: ListQuery<EndorsementFilter>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { list, filter } = query;
    check_filter(&[("city_id", filter.city_id)], None)?;
    let (EventItemPath { event, id }, staff) = (path.into_inner(), caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    cached_list(
        &req,
        Audience::of(staff),
        &["endorsements", "initiatives", "cities"],
        || {
            db::read(&pool, move |conn| {
                let event_id = EventRow::id_of(conn, &event, staff)?;
                InitiativeRow::find(conn, event_id, id, staff)?;
                let (items, total) = endorsements::list(conn, id, &filter, &list, viewer)?;
                Ok(Page::new(items, &list, total))
            })
        },
    )
    .await
}

/// Endorse an initiative on behalf of a city.
///
/// Organizers record any endorsement; a delegate endorses as themselves, for their own
/// delegation's city. One standing endorsement per city: a second is a 409 naming the
/// first (`existing_id`), even when both arrive at once. Only while the initiative is
/// `open_for_endorsement`.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "create_endorsement",
    params(EventItemPath),
    request_body = CreateEndorsement,
    responses(
        (status = 201, description = "Endorsed", body = Endorsement,
            headers(("Location" = String, description = "The endorsement's URL"))),
        (status = 409, description = "The city already endorses it, or the initiative is not open"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/initiatives/{id}/endorsements")]
pub async fn create_endorsement(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventItemPath>,
    body: JsonBody<CreateEndorsement>,
) -> Result<HttpResponse, ApiError> {
    let today = Utc::now().date_naive();
    let EventItemPath { event, id } = path.into_inner();
    let input = endorsements::validate(body.into_inner(), today)?;
    let location = format!("/api/v1/events/{event}/initiatives/{id}/endorsements");
    let endorsement = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &event, caller.is_staff())?;
        db::lock_row(conn, "initiatives", id)?;
        let initiative = InitiativeRow::find(conn, event_id, id, caller.is_staff())?;
        let endorsement_id = endorsements::endorse(conn, &initiative, &input, &caller, today)?;
        endorsements::find(conn, id, endorsement_id, DelegateViewer::of(Some(&caller)))
    })
    .await?;
    Ok(respond_created(
        format!("{location}/{}", endorsement.id),
        endorsement.id,
        endorsement.version,
        &endorsement,
    ))
}

/// `/events/{event}/initiatives/{id}/endorsements/{endorsement_id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EndorsementPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The initiative's id.
    #[param(example = 1)]
    pub id: i64,
    /// The endorsement's id.
    #[param(example = 1)]
    pub endorsement_id: i64,
}

/// Get an endorsement (withdrawn ones too).
#[utoipa::path(
    tag = "initiatives",
    operation_id = "get_endorsement",
    params(EndorsementPath),
    responses((status = 200, description = "The endorsement", body = Endorsement)),
    security((), ("bearer" = []))
)]
#[get("/events/{event}/initiatives/{id}/endorsements/{endorsement_id}")]
pub async fn get_endorsement(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: MaybeCaller,
    path: web::Path<EndorsementPath>,
) -> Result<HttpResponse, ApiError> {
    let (
        EndorsementPath {
            event,
            id,
            endorsement_id,
        },
        staff,
    ) = (path.into_inner(), caller.is_staff());
    let viewer = DelegateViewer::of(caller.0.as_ref());
    let endorsement = db::read(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &event, staff)?;
        InitiativeRow::find(conn, event_id, id, staff)?;
        endorsements::find(conn, id, endorsement_id, viewer)
    })
    .await?;
    Ok(respond_versioned(
        &req,
        endorsement.id,
        endorsement.version,
        &endorsement,
    ))
}

/// Why an endorsement is withdrawn.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WithdrawalQuery {
    /// The reason, kept with the record.
    #[param(
        min_length = 1,
        max_length = 500,
        example = "The city council did not ratify it"
    )]
    pub reason: Option<String>,
}

/// Withdraw an endorsement (organizers, or the endorsing delegate).
///
/// The endorsement stays on record with `withdrawn_at` and the reason; the city may then
/// endorse again. Withdrawing twice is a 409.
#[utoipa::path(
    tag = "initiatives",
    operation_id = "withdraw_endorsement",
    params(EndorsementPath, WithdrawalQuery),
    responses(
        (status = 200, description = "The withdrawn endorsement", body = Endorsement),
        (status = 409, description = "Already withdrawn"),
    ),
    security(("bearer" = []))
)]
#[delete("/events/{event}/initiatives/{id}/endorsements/{endorsement_id}")]
pub async fn withdraw_endorsement(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EndorsementPath>,
    query: web::Query<WithdrawalQuery>,
) -> Result<HttpResponse, ApiError> {
    let EndorsementPath {
        event,
        id,
        endorsement_id,
    } = path.into_inner();
    let reason = query.into_inner().reason;
    if reason
        .as_deref()
        .is_some_and(|r| crate::values::is_blank(r) || r.chars().count() > 500)
    {
        return Err(ApiError::invalid("reason", "must be 1 to 500 characters"));
    }
    let endorsement = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &event, caller.is_staff())?;
        db::lock_row(conn, "initiatives", id)?;
        InitiativeRow::find(conn, event_id, id, caller.is_staff())?;
        endorsements::withdraw(conn, id, endorsement_id, &caller, reason.as_deref())?;
        endorsements::find(conn, id, endorsement_id, DelegateViewer::of(Some(&caller)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(endorsement))
}
