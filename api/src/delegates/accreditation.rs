//! The accreditation state machine: invited → registered → accredited → checked_in,
//! plus declined and cancelled. Every change is a named action, checked here and applied
//! with a conditional update so that racing requests cannot both succeed.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{accreditation_changes, delegates};
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::values::illegal_transition;

/// Where a delegate is in accreditation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccreditationStatus {
    Invited,
    Registered,
    Accredited,
    CheckedIn,
    Declined,
    Cancelled,
}

/// A change of accreditation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccreditationAction {
    /// invited → registered
    Register,
    /// registered → accredited
    Accredit,
    /// accredited → checked_in
    CheckIn,
    /// invited or registered → declined
    Decline,
    /// invited, registered or accredited → cancelled
    Cancel,
    /// declined or cancelled → invited
    Reinstate,
}

impl AccreditationStatus {
    pub const ALL: [Self; 6] = [
        Self::Invited,
        Self::Registered,
        Self::Accredited,
        Self::CheckedIn,
        Self::Declined,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Registered => "registered",
            Self::Accredited => "accredited",
            Self::CheckedIn => "checked_in",
            Self::Declined => "declined",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Result<Self, ApiError> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| ApiError::Internal(format!("unknown stored status {text}")))
    }

    /// The actions allowed from this state.
    pub fn allowed_actions(self) -> Vec<AccreditationAction> {
        AccreditationAction::ALL
            .into_iter()
            .filter(|action| action.target_from(self).is_some())
            .collect()
    }
}

impl AccreditationAction {
    pub const ALL: [Self; 6] = [
        Self::Register,
        Self::Accredit,
        Self::CheckIn,
        Self::Decline,
        Self::Cancel,
        Self::Reinstate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Accredit => "accredit",
            Self::CheckIn => "check_in",
            Self::Decline => "decline",
            Self::Cancel => "cancel",
            Self::Reinstate => "reinstate",
        }
    }

    /// The state this action leads to from `from`, if it is allowed there.
    pub fn target_from(self, from: AccreditationStatus) -> Option<AccreditationStatus> {
        use AccreditationStatus as S;
        match (self, from) {
            (Self::Register, S::Invited) => Some(S::Registered),
            (Self::Accredit, S::Registered) => Some(S::Accredited),
            (Self::CheckIn, S::Accredited) => Some(S::CheckedIn),
            (Self::Decline, S::Invited | S::Registered) => Some(S::Declined),
            (Self::Cancel, S::Invited | S::Registered | S::Accredited) => Some(S::Cancelled),
            (Self::Reinstate, S::Declined | S::Cancelled) => Some(S::Invited),
            _ => None,
        }
    }
}

/// Applies `action` to delegate `id`, whose current state is `from`. Returns false when
/// another request changed the state first (the conditional update matched no row).
pub fn apply(
    conn: &mut DbConnection,
    id: i64,
    from: AccreditationStatus,
    action: AccreditationAction,
    actor: Option<i64>,
) -> Result<bool, ApiError> {
    let Some(to) = action.target_from(from) else {
        return Err(illegal(from, action));
    };
    let at = now();
    let checked_in_at = (to == AccreditationStatus::CheckedIn).then_some(at);
    let changed = diesel::update(
        delegates::table
            .filter(delegates::id.eq(id))
            .filter(delegates::accreditation_status.eq(from.as_str())),
    )
    .set((
        delegates::accreditation_status.eq(to.as_str()),
        delegates::checked_in_at.eq(checked_in_at),
        delegates::updated_at.eq(at),
        delegates::version.eq(delegates::version + 1),
    ))
    .execute(conn)?;
    if changed == 1 {
        diesel::insert_into(accreditation_changes::table)
            .values((
                accreditation_changes::delegate_id.eq(id),
                accreditation_changes::from_status.eq(from.as_str()),
                accreditation_changes::to_status.eq(to.as_str()),
                accreditation_changes::changed_by.eq(actor),
                accreditation_changes::created_at.eq(at),
                accreditation_changes::updated_at.eq(at),
                accreditation_changes::version.eq(1_i64),
            ))
            .execute(conn)?;
    }
    Ok(changed == 1)
}

/// The 409 for an action not allowed from `from`, listing the allowed ones.
pub fn illegal(from: AccreditationStatus, action: AccreditationAction) -> ApiError {
    let allowed: Vec<&str> = from
        .allowed_actions()
        .into_iter()
        .map(AccreditationAction::as_str)
        .collect();
    illegal_transition("a delegate", from.as_str(), action.as_str(), &allowed)
}

#[cfg(test)]
mod tests {
    use super::{AccreditationAction as A, AccreditationStatus as S};

    #[test]
    fn the_happy_path_and_the_exits() {
        assert_eq!(A::Register.target_from(S::Invited), Some(S::Registered));
        assert_eq!(A::CheckIn.target_from(S::Registered), None);
        assert_eq!(S::CheckedIn.allowed_actions(), vec![]);
        assert_eq!(S::Cancelled.allowed_actions(), vec![A::Reinstate]);
    }
}
