//! The closed vocabularies of the expo.

use crate::values::text_enum;

text_enum!(
    /// What an exhibitor is.
    ExhibitorKind {
        Company = "company",
        City = "city",
        Institution = "institution",
        Association = "association",
    }
);

text_enum!(
    /// The industries an exhibitor works in; directory filters and matchmaking use them.
    Sector {
        Equipment = "equipment",
        Tourism = "tourism",
        Sports = "sports",
        CultureIp = "culture_ip",
        Technology = "technology",
        Construction = "construction",
        Education = "education",
        Services = "services",
        Media = "media",
    }
);

text_enum!(
    /// Where an exhibitor's application stands (`application.rs` has the transitions).
    ApplicationStatus {
        Applied = "applied",
        UnderReview = "under_review",
        Approved = "approved",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
);

text_enum!(
    /// The shape of a booth on the floor.
    BoothType {
        Standard = "standard",
        Corner = "corner",
        Island = "island",
        RawSpace = "raw_space",
    }
);

text_enum!(
    /// Where a B2B meeting stands (`meetings.rs` has the transitions).
    MeetingStatus {
        Requested = "requested",
        Accepted = "accepted",
        Declined = "declined",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// The two sides of a B2B meeting.
    Party {
        Delegate = "delegate",
        Exhibitor = "exhibitor",
    }
);
