//! Accreditation actions and badge check-in.

use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accreditation::{self, AccreditationAction, AccreditationStatus};
use super::badge;
use super::dto::Delegate;
use super::model::DelegateRow;
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::conditional::respond_updated;
use crate::http::json::JsonBody;
use crate::http::paths::EventPath;

/// `/events/{event}/delegates/{id}/accreditation/{action}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TransitionPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The delegate's id.
    #[param(example = 1)]
    pub id: i64,
    /// The transition.
    #[param(example = "accredit")]
    pub action: AccreditationAction,
}

/// Move a delegate through accreditation (organizers).
///
/// `register` invited→registered, `accredit` registered→accredited, `check_in`
/// accredited→checked_in, `decline` invited|registered→declined, `cancel`
/// invited|registered|accredited→cancelled, `reinstate` declined|cancelled→invited.
/// Anything else is a 409 whose `allowed_transitions` lists the possible actions.
#[utoipa::path(
    tag = "delegates",
    operation_id = "transition_delegate",
    params(TransitionPath),
    responses(
        (status = 200, description = "The delegate in the new state", body = Delegate),
        (status = 409, description = "Not allowed from the current state; see `allowed_transitions`"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates/{id}/accreditation/{action}")]
pub async fn transition_delegate(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<TransitionPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let TransitionPath {
        event: slug,
        id,
        action,
    } = path.into_inner();
    let actor = caller.user_id;
    let row = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let current = DelegateRow::find(conn, event_id, id)?;
        let from = AccreditationStatus::parse(&current.accreditation_status)?;
        if !accreditation::apply(conn, id, from, action, Some(actor))? {
            return Err(ApiError::conflict("the delegate changed meanwhile; retry"));
        }
        DelegateRow::find(conn, event_id, id)
    })
    .await?;
    Ok(respond_updated(
        row.id,
        row.version,
        &row.view_for(&caller)?,
    ))
}

/// A scanned badge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"badge_code": "GMD-7K2Q-M9XD-4TNB-P0ZR"}))]
pub struct CheckInRequest {
    /// As printed or scanned; case and spaces do not matter.
    #[schema(min_length = 1, max_length = 64)]
    pub badge_code: String,
}

/// The outcome of a scan, shown large at the desk.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "delegate_id": 7, "given_name": "Aino", "family_name": "Korhonen", "delegation_id": 2,
    "city_id": 2, "accreditation_status": "checked_in", "already_checked_in": false,
    "checked_in_at": "2026-01-06T01:02:03Z"
}))]
pub struct CheckInResult {
    pub delegate_id: i64,
    pub given_name: String,
    pub family_name: Option<String>,
    pub delegation_id: i64,
    pub city_id: i64,
    pub accreditation_status: AccreditationStatus,
    /// True when this badge had been checked in before: nothing was changed.
    pub already_checked_in: bool,
    /// When the delegate was first checked in.
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// Check a delegate in by badge code (organizers).
///
/// Idempotent: a second scan answers 200 with `already_checked_in: true` and the first
/// check-in time. An unknown code is a 404; a delegate who is not accredited is a 409.
#[utoipa::path(
    tag = "delegates",
    operation_id = "check_in",
    params(EventPath),
    request_body = CheckInRequest,
    responses(
        (status = 200, description = "Checked in (or already was)", body = CheckInResult),
        (status = 409, description = "The delegate is not accredited"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/check-in")]
pub async fn check_in(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<CheckInRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, code, actor) = (
        path.into_inner().event,
        badge::normalise(&body.badge_code),
        caller.user_id,
    );
    let result = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let current = DelegateRow::find_by_badge(conn, event_id, &code)?;
        let from = AccreditationStatus::parse(&current.accreditation_status)?;
        let already = match from {
            AccreditationStatus::CheckedIn => true,
            AccreditationStatus::Accredited => !accreditation::apply(
                conn,
                current.id,
                from,
                AccreditationAction::CheckIn,
                Some(actor),
            )?,
            other => return Err(accreditation::illegal(other, AccreditationAction::CheckIn)),
        };
        let row = DelegateRow::find(conn, event_id, current.id)?;
        Ok(CheckInResult {
            delegate_id: row.id,
            given_name: row.given_name.clone(),
            family_name: Some(row.family_name.clone()).filter(|name| !name.is_empty()),
            delegation_id: row.delegation_id,
            city_id: row.city_id,
            accreditation_status: AccreditationStatus::parse(&row.accreditation_status)?,
            already_checked_in: already,
            checked_in_at: row.checked_in_at.map(|t| t.and_utc()),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(result))
}
