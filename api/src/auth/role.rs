//! The five roles.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user may do. Delegates and exhibitors are bound to their own record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Organizer,
    Delegate,
    Exhibitor,
    Partner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Organizer => "organizer",
            Self::Delegate => "delegate",
            Self::Exhibitor => "exhibitor",
            Self::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Admin,
            Self::Organizer,
            Self::Delegate,
            Self::Exhibitor,
            Self::Partner,
        ]
        .into_iter()
        .find(|role| role.as_str() == text)
    }
}
