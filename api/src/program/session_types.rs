//! The closed vocabularies of the programme.

use crate::values::text_enum;

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
