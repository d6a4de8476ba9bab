//! The closed vocabularies of the programme.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, crate::error::ApiError> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    crate::error::ApiError::Internal(format!(concat!("unknown stored ", stringify!($name), " {}"), text))
                })
            }
        }
    };
}

text_enum!(
    /// What kind of programme item a session is.
    SessionKind {
        MainDialogue = "main_dialogue",
        ThematicSession = "thematic_session",
        ScenarioSharing = "scenario_sharing",
        SiteVisit = "site_visit",
        CulturalExperience = "cultural_experience",
        Ceremony = "ceremony",
        Performance = "performance",
        ExpoEvent = "expo_event",
        BilateralMeeting = "bilateral_meeting",
        Break = "break",
    }
);

text_enum!(
    /// Drafts are visible to organizers only; cancelled sessions stay visible as cancelled.
    SessionStatus {
        Draft = "draft",
        Published = "published",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// How a delegate takes part on stage.
    SpeakerRole {
        Speaker = "speaker",
        Moderator = "moderator",
        Panelist = "panelist",
    }
);

text_enum!(
    /// Where a registration stands.
    RegistrationStatus {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Cancelled = "cancelled",
    }
);
