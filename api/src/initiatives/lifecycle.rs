//! An initiative's status: draft → open_for_endorsement → closed (and reopened).

use crate::error::ApiError;
use crate::values::illegal_transition;
use crate::values::text_enum::text_enum;

text_enum!(
    /// Drafts are seen by organizers only; endorsements are taken while open.
    InitiativeStatus {
        Draft = "draft",
        OpenForEndorsement = "open_for_endorsement",
        Closed = "closed",
    }
);

text_enum!(
    /// A change of an initiative's status.
    InitiativeAction {
        /// draft → open_for_endorsement
        Open = "open",
        /// open_for_endorsement → closed
        Close = "close",
        /// closed → open_for_endorsement
        Reopen = "reopen",
    }
);

impl InitiativeAction {
    pub fn target_from(self, from: InitiativeStatus) -> Option<InitiativeStatus> {
        use InitiativeStatus as S;
        match (self, from) {
            (Self::Open, S::Draft) | (Self::Reopen, S::Closed) => Some(S::OpenForEndorsement),
            (Self::Close, S::OpenForEndorsement) => Some(S::Closed),
            _ => None,
        }
    }

    pub fn allowed_from(from: InitiativeStatus) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|action| action.target_from(from).is_some())
            .collect()
    }

    /// The new status, or the 409 listing what is allowed.
    pub fn apply(self, from: InitiativeStatus) -> Result<InitiativeStatus, ApiError> {
        self.target_from(from).ok_or_else(|| {
            let allowed: Vec<&str> = Self::allowed_from(from)
                .into_iter()
                .map(Self::as_str)
                .collect();
            illegal_transition("an initiative", from.as_str(), self.as_str(), &allowed)
        })
    }
}
