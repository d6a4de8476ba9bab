//! The closed vocabularies of partnerships and their documents.

use crate::values::text_enum::text_enum;

text_enum!(
    /// How formal a tie between two cities is.
    PartnershipKind {
        SisterCity = "sister_city",
        FriendshipCity = "friendship_city",
        CooperationAgreement = "cooperation_agreement",
    }
);

text_enum!(
    /// Where a partnership stands: proposed → negotiating → signed → active → suspended → ended.
    PartnershipStatus {
        Proposed = "proposed",
        Negotiating = "negotiating",
        Signed = "signed",
        Active = "active",
        Suspended = "suspended",
        Ended = "ended",
    }
);

text_enum!(
    /// What two cities cooperate on.
    CooperationField {
        IceSnowEconomy = "ice_snow_economy",
        Tourism = "tourism",
        Culture = "culture",
        Trade = "trade",
        Education = "education",
        Technology = "technology",
        Sports = "sports",
        Environment = "environment",
        Governance = "governance",
    }
);

text_enum!(
    /// The kind of document two cities signed.
    AgreementKind {
        Memorandum = "memorandum",
        JointDeclaration = "joint_declaration",
        Treaty = "treaty",
        Renewal = "renewal",
    }
);

text_enum!(
    /// What happened on a partnership's timeline.
    MilestoneKind {
        Visit = "visit",
        Exchange = "exchange",
        Project = "project",
        Event = "event",
        Other = "other",
    }
);

impl PartnershipStatus {
    /// The public sees partnerships that were signed and are in force.
    pub const PUBLIC: [Self; 2] = [Self::Signed, Self::Active];

    /// Whether the status says a document was signed, so `established_on` is in the past.
    pub fn was_signed(self) -> bool {
        matches!(
            self,
            Self::Signed | Self::Active | Self::Suspended | Self::Ended
        )
    }
}
