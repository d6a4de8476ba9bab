//! The application of an exhibitor: applied → under_review → approved | rejected, and
//! withdrawn. Each change is a named action applied with a conditional update; leaving
//! `approved` releases the exhibitor's booths and cancels its open meetings, in the same
//! transaction, and the response lists both.

use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::exhibitors::{BoothPlace, Exhibitor, ExhibitorRow};
use super::vocabulary::{ApplicationStatus as S, MeetingStatus};
use crate::auth::Caller;
use crate::db::schema::{booths, exhibitors, meetings};
use crate::db::{self, now, DbConnection, DbPool};
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::conditional::respond_updated;
use crate::values::illegal_transition;

/// A change of an exhibitor's application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationAction {
    /// applied → under_review (organizers)
    Review,
    /// under_review → approved (organizers)
    Approve,
    /// under_review or approved → rejected (organizers); releases booths
    Reject,
    /// applied, under_review or approved → withdrawn (organizers or the exhibitor); releases booths
    Withdraw,
    /// rejected or withdrawn → applied (organizers or the exhibitor)
    Reapply,
}

impl ApplicationAction {
    const ALL: [Self; 5] = [
        Self::Review,
        Self::Approve,
        Self::Reject,
        Self::Withdraw,
        Self::Reapply,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Withdraw => "withdraw",
            Self::Reapply => "reapply",
        }
    }

    /// The state this action leads to from `from`, if allowed there.
    pub fn target_from(self, from: S) -> Option<S> {
        match (self, from) {
            (Self::Review, S::Applied) => Some(S::UnderReview),
            (Self::Approve, S::UnderReview) => Some(S::Approved),
            (Self::Reject, S::UnderReview | S::Approved) => Some(S::Rejected),
            (Self::Withdraw, S::Applied | S::UnderReview | S::Approved) => Some(S::Withdrawn),
            (Self::Reapply, S::Rejected | S::Withdrawn) => Some(S::Applied),
            _ => None,
        }
    }

    /// The actions allowed from `from`.
    pub fn allowed_from(from: S) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|action| action.target_from(from).is_some())
            .collect()
    }

    /// Actions the exhibitor may take on its own application.
    fn open_to_exhibitor(self) -> bool {
        matches!(self, Self::Withdraw | Self::Reapply)
    }
}

/// The 409 for an action not allowed from `from`, listing the allowed ones.
fn illegal(from: S, action: ApplicationAction) -> ApiError {
    let allowed: Vec<&str> = ApplicationAction::allowed_from(from)
        .into_iter()
        .map(ApplicationAction::as_str)
        .collect();
    illegal_transition("an application", from.as_str(), action.as_str(), &allowed)
}

/// The exhibitor after a change, with what leaving `approved` released.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "exhibitor": {"id": 3, "status": "withdrawn"},
    "released_booths": [{"booth_id": 12, "hall_id": 1, "code": "A-12"}],
    "cancelled_meetings": [40]
}))]
pub struct ApplicationOutcome {
    pub exhibitor: Exhibitor,
    /// Booths the exhibitor held, now free (on reject and withdraw).
    pub released_booths: Vec<BoothPlace>,
    /// Requested or accepted meetings of the exhibitor, now cancelled.
    pub cancelled_meetings: Vec<i64>,
}

/// Frees every booth of `exhibitor_id` and cancels its open meetings; returns both.
fn release_everything(
    conn: &mut DbConnection,
    exhibitor_id: i64,
) -> Result<(Vec<BoothPlace>, Vec<i64>), ApiError> {
    let held: Vec<(i64, i64, String)> = booths::table
        .filter(booths::exhibitor_id.eq(exhibitor_id))
        .order(booths::id.asc())
        .select((booths::id, booths::hall_id, booths::code))
        .load(conn)?;
    let at = now();
    diesel::update(booths::table.filter(booths::exhibitor_id.eq(exhibitor_id)))
        .set((
            booths::exhibitor_id.eq(None::<i64>),
            booths::assigned_at.eq(None::<chrono::NaiveDateTime>),
            booths::updated_at.eq(at),
            booths::version.eq(booths::version + 1),
        ))
        .execute(conn)?;
    let open = [
        MeetingStatus::Requested.as_str(),
        MeetingStatus::Accepted.as_str(),
    ];
    let cancelled: Vec<i64> = meetings::table
        .filter(meetings::exhibitor_id.eq(exhibitor_id))
        .filter(meetings::status.eq_any(open))
        .order(meetings::id.asc())
        .select(meetings::id)
        .load(conn)?;
    diesel::update(meetings::table.filter(meetings::id.eq_any(&cancelled)))
        .set((
            meetings::status.eq(MeetingStatus::Cancelled.as_str()),
            meetings::updated_at.eq(at),
            meetings::version.eq(meetings::version + 1),
        ))
        .execute(conn)?;
    let released = held
        .into_iter()
        .map(|(booth_id, hall_id, code)| BoothPlace {
            booth_id,
            hall_id,
            code,
        })
        .collect();
    Ok((released, cancelled))
}

/// Applies `action` to exhibitor `id` as its conditional update; releases on leaving
/// `approved`.
pub fn apply(
    conn: &mut DbConnection,
    event_id: i64,
    id: i64,
    action: ApplicationAction,
) -> Result<ApplicationOutcome, ApiError> {
    crate::db::lock_row(conn, "exhibitors", id)?;
    let current = ExhibitorRow::find(conn, event_id, id)?;
    let from = current.status()?;
    let to = action
        .target_from(from)
        .ok_or_else(|| illegal(from, action))?;
    let changed = diesel::update(
        exhibitors::table
            .filter(exhibitors::id.eq(id))
            .filter(exhibitors::status.eq(from.as_str())),
    )
    .set((
        exhibitors::status.eq(to.as_str()),
        exhibitors::updated_at.eq(now()),
        exhibitors::version.eq(exhibitors::version + 1),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(ApiError::conflict("the exhibitor changed meanwhile; retry"));
    }
    let (released_booths, cancelled_meetings) = if from == S::Approved {
        release_everything(conn, id)?
    } else {
        (Vec::new(), Vec::new())
    };
    let row = ExhibitorRow::find(conn, event_id, id)?;
    let booths = super::exhibitors::booths_of(conn, &[id])?
        .remove(&id)
        .unwrap_or_default();
    Ok(ApplicationOutcome {
        exhibitor: row.represent(booths, true)?,
        released_booths,
        cancelled_meetings,
    })
}

/// `/events/{event}/exhibitors/{id}/application/{action}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ApplicationPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The exhibitor's id.
    #[param(example = 1)]
    pub id: i64,
    /// The transition.
    #[param(example = "approve")]
    pub action: ApplicationAction,
}

/// Move an exhibitor's application (organizers; the exhibitor may withdraw or reapply).
///
/// `review` applied→under_review, `approve` under_review→approved, `reject`
/// under_review|approved→rejected, `withdraw` applied|under_review|approved→withdrawn,
/// `reapply` rejected|withdrawn→applied. Leaving `approved` releases the exhibitor's
/// booths and cancels its open meetings: the response lists them. Anything else is a 409
/// whose `allowed_transitions` lists the possible actions.
#[utoipa::path(
    tag = "expo",
    operation_id = "transition_exhibitor",
    params(ApplicationPath),
    responses(
        (status = 200, description = "The exhibitor in its new state, and what was released", body = ApplicationOutcome),
        (status = 409, description = "Not allowed from the current state; see `allowed_transitions`"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/exhibitors/{id}/application/{action}")]
pub async fn transition_exhibitor(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ApplicationPath>,
) -> Result<HttpResponse, ApiError> {
    let ApplicationPath {
        event: slug,
        id,
        action,
    } = path.into_inner();
    if !(caller.is_staff() || (caller.is_exhibitor(id) && action.open_to_exhibitor())) {
        return Err(ApiError::Forbidden(
            "organizers move applications; an exhibitor may only withdraw or reapply its own"
                .into(),
        ));
    }
    let outcome = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        apply(conn, event_id, id, action)
    })
    .await?;
    Ok(respond_updated(
        outcome.exhibitor.id,
        outcome.exhibitor.version,
        &outcome,
    ))
}

#[cfg(test)]
mod tests {
    use super::{ApplicationAction as A, S};

    #[test]
    fn the_lifecycle() {
        assert_eq!(A::Review.target_from(S::Applied), Some(S::UnderReview));
        assert_eq!(A::Approve.target_from(S::Applied), None);
        assert_eq!(A::Reject.target_from(S::Approved), Some(S::Rejected));
        assert_eq!(A::Withdraw.target_from(S::Rejected), None);
    }
}
