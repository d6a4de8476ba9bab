//! The delegate's two representations (full and public) and the inputs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::accreditation::AccreditationStatus;
use super::model::DelegateRow;
use crate::error::ApiError;
use crate::http::patch::nullable;
use crate::http::query_guard::ListFilter;
use crate::values::{is_language_tag, is_web_url, Checks, LangMap};

/// A delegate's function in the delegation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DelegateRole {
    Mayor,
    DeputyMayor,
    MayorRepresentative,
    Official,
    Staff,
    Press,
}

impl DelegateRole {
    pub const ALL: [Self; 6] = [
        Self::Mayor,
        Self::DeputyMayor,
        Self::MayorRepresentative,
        Self::Official,
        Self::Staff,
        Self::Press,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mayor => "mayor",
            Self::DeputyMayor => "deputy_mayor",
            Self::MayorRepresentative => "mayor_representative",
            Self::Official => "official",
            Self::Staff => "staff",
            Self::Press => "press",
        }
    }

    pub fn parse(text: &str) -> Result<Self, ApiError> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| ApiError::Internal(format!("unknown stored role {text}")))
    }
}

/// What anyone may see of a delegate who consented to a public profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 7, "delegation_id": 2, "city_id": 2, "honorific": "Dr.", "given_name": "Aino",
    "family_name": "Korhonen", "title": "Deputy Mayor for Tourism", "role": "deputy_mayor",
    "languages": ["fi", "en"], "bio": {"en": "Leads Rovaniemi's winter tourism strategy."},
    "photo_url": null
}))]
pub struct DelegateProfile {
    pub id: i64,
    pub delegation_id: i64,
    pub city_id: i64,
    pub honorific: Option<String>,
    pub given_name: String,
    /// Absent for people with a single name.
    pub family_name: Option<String>,
    pub title: Option<String>,
    pub role: DelegateRole,
    /// Spoken languages, BCP 47.
    pub languages: Vec<String>,
    pub bio: Option<LangMap>,
    pub photo_url: Option<String>,
}

/// A delegate. Organizers, admins and the delegate themself get every field; anyone else
/// gets the public profile fields only, and only when the delegate consented.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 7, "delegation_id": 2, "city_id": 2, "honorific": "Dr.", "given_name": "Aino",
    "family_name": "Korhonen", "title": "Deputy Mayor for Tourism", "role": "deputy_mayor",
    "languages": ["fi", "en"], "bio": {"en": "Leads Rovaniemi's winter tourism strategy."},
    "photo_url": null, "email": "aino.korhonen@example.org", "phone": "+358 40 000 0000",
    "interpretation_needs": ["zh"], "dietary_needs": "vegetarian", "accessibility_needs": null,
    "arrival_at": "2026-01-05T09:30:00Z", "departure_at": "2026-01-09T12:00:00Z",
    "hotel": "Shangri-La Harbin", "consent_public_profile": true,
    "badge_code": "GMD-7K2Q-M9XD-4TNB-P0ZR", "accreditation_status": "accredited",
    "checked_in_at": null, "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z", "version": 3
}))]
pub struct Delegate {
    #[serde(flatten)]
    pub profile: DelegateProfile,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub private: Option<DelegatePrivate>,
}

/// The fields only organizers, admins and the delegate may see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DelegatePrivate {
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Languages the delegate needs interpretation into.
    pub interpretation_needs: Vec<String>,
    pub dietary_needs: Option<String>,
    pub accessibility_needs: Option<String>,
    pub arrival_at: Option<DateTime<Utc>>,
    pub departure_at: Option<DateTime<Utc>>,
    pub hotel: Option<String>,
    pub consent_public_profile: bool,
    /// The code on the badge, scanned at check-in.
    pub badge_code: String,
    pub accreditation_status: AccreditationStatus,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl DelegateRow {
    pub fn profile(&self) -> Result<DelegateProfile, ApiError> {
        Ok(DelegateProfile {
            id: self.id,
            delegation_id: self.delegation_id,
            city_id: self.city_id,
            honorific: self.honorific.clone(),
            given_name: self.given_name.clone(),
            family_name: Some(self.family_name.clone()).filter(|name| !name.is_empty()),
            title: self.title.clone(),
            role: DelegateRole::parse(&self.role)?,
            languages: serde_json::from_str(&self.languages)?,
            bio: Some(LangMap::from_json(&self.bio)?).filter(|bio| !bio.0.is_empty()),
            photo_url: self.photo_url.clone(),
        })
    }

    /// The full representation.
    pub fn full(&self) -> Result<Delegate, ApiError> {
        Ok(Delegate {
            profile: self.profile()?,
            private: Some(DelegatePrivate {
                email: self.email.clone(),
                phone: self.phone.clone(),
                interpretation_needs: serde_json::from_str(&self.interpretation_needs)?,
                dietary_needs: self.dietary_needs.clone(),
                accessibility_needs: self.accessibility_needs.clone(),
                arrival_at: self.arrival_at.map(|t| t.and_utc()),
                departure_at: self.departure_at.map(|t| t.and_utc()),
                hotel: self.hotel.clone(),
                consent_public_profile: self.consent_public_profile,
                badge_code: self.badge_code.clone(),
                accreditation_status: AccreditationStatus::parse(&self.accreditation_status)?,
                checked_in_at: self.checked_in_at.map(|t| t.and_utc()),
                created_at: self.created_at.and_utc(),
                updated_at: self.updated_at.and_utc(),
                version: self.version,
            }),
        })
    }

    /// The public representation (profile fields only).
    pub fn public(&self) -> Result<Delegate, ApiError> {
        Ok(Delegate {
            profile: self.profile()?,
            private: None,
        })
    }

    /// The representation `caller` may see: every field for staff, API tokens holding
    /// `delegates:read_private` and the delegate themself; the profile for anyone else
    /// (an API token writing delegates without `delegates:read_private`, for one).
    pub fn view_for(&self, caller: &crate::auth::Caller) -> Result<Delegate, ApiError> {
        if caller.reads_private_delegates() || caller.is_delegate(self.id) {
            self.full()
        } else {
            self.public()
        }
    }
}

/// Every field a delegate record has, as given on create (and as merged on update).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "delegation_id": 2, "given_name": "Aino", "family_name": "Korhonen", "honorific": "Dr.",
    "title": "Deputy Mayor for Tourism", "role": "deputy_mayor",
    "email": "aino.korhonen@example.org", "languages": ["fi", "en"],
    "interpretation_needs": ["zh"], "bio": {"en": "Leads Rovaniemi's winter tourism strategy."},
    "consent_public_profile": true
}))]
pub struct CreateDelegate {
    pub delegation_id: i64,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub given_name: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub family_name: Option<String>,
    #[schema(min_length = 1, max_length = 40, pattern = "\\S")]
    pub honorific: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<String>,
    pub role: DelegateRole,
    #[schema(format = Email, max_length = 254, pattern = "^[^@\\s]+@[^@\\s]+$")]
    pub email: Option<String>,
    #[schema(pattern = "^\\+?[0-9 ()-]{3,40}$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<String>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub languages: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<String>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub interpretation_needs: Vec<String>,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub dietary_needs: Option<String>,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub accessibility_needs: Option<String>,
    pub arrival_at: Option<DateTime<Utc>>,
    pub departure_at: Option<DateTime<Utc>>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub hotel: Option<String>,
    pub bio: Option<LangMap>,
    #[schema(max_length = 500, pattern = "^https?://\\S+$")]
    pub photo_url: Option<String>,
    #[serde(default)]
    pub consent_public_profile: bool,
}

impl CreateDelegate {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.text(Some(&self.given_name), "given_name", 100);
        checks.text(self.family_name.as_deref(), "family_name", 100);
        checks.text(self.honorific.as_deref(), "honorific", 40);
        checks.text(self.title.as_deref(), "title", 200);
        checks.text(self.dietary_needs.as_deref(), "dietary_needs", 500);
        checks.text(
            self.accessibility_needs.as_deref(),
            "accessibility_needs",
            500,
        );
        checks.text(self.hotel.as_deref(), "hotel", 200);
        checks.check(
            self.email.as_deref().is_none_or(is_email),
            "email",
            "must be an e-mail address",
        );
        checks.check(
            self.phone.as_deref().is_none_or(is_phone),
            "phone",
            "must be a phone number like +86 451 0000 0000",
        );
        for (field, tags) in [
            ("languages", &self.languages),
            ("interpretation_needs", &self.interpretation_needs),
        ] {
            checks.check(tags.len() <= 20, field, "at most 20 languages");
            checks.check(
                tags.iter().all(|tag| is_language_tag(tag)),
                field,
                "must be BCP 47 language tags like en or zh-Hans",
            );
        }
        if let (Some(arrival), Some(departure)) = (self.arrival_at, self.departure_at) {
            checks.check(
                departure >= arrival,
                "departure_at",
                "must not be before arrival_at",
            );
        }
        if let Some(bio) = &self.bio {
            checks.parse(bio.validate("bio", 2000));
        }
        checks.check(
            self.photo_url.as_deref().is_none_or(is_web_url),
            "photo_url",
            "must be an http(s) URL of at most 500 characters",
        );
        checks.finish(|| self)
    }
}

fn is_email(text: &str) -> bool {
    text.chars().count() <= 254
        && !text.chars().any(char::is_whitespace)
        && text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        })
}

fn is_phone(text: &str) -> bool {
    let digits = text.strip_prefix('+').unwrap_or(text);
    (3..=40).contains(&digits.len())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || " ()-".contains(c))
}

/// Changes to a delegate; `null` clears an optional field. Delegates editing themselves
/// may change only contact, needs, travel, languages, bio, photo and consent.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"hotel": "Shangri-La Harbin", "dietary_needs": "halal"}))]
pub struct UpdateDelegate {
    pub delegation_id: Option<i64>,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub given_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 100, pattern = "\\S")]
    pub family_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 40, pattern = "\\S")]
    pub honorific: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200, pattern = "\\S")]
    pub title: Option<Option<String>>,
    pub role: Option<DelegateRole>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Email, max_length = 254, pattern = "^[^@\\s]+@[^@\\s]+$")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, pattern = "^\\+?[0-9 ()-]{3,40}$")]
    pub phone: Option<Option<String>>,
    #[schema(max_items = 20, value_type = Option<Vec<String>>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub languages: Option<Vec<String>>,
    #[schema(max_items = 20, value_type = Option<Vec<String>>, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    pub interpretation_needs: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 500, pattern = "\\S")]
    pub dietary_needs: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 500, pattern = "\\S")]
    pub accessibility_needs: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub arrival_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub departure_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200, pattern = "\\S")]
    pub hotel: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LangMap>)]
    pub bio: Option<Option<LangMap>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500, pattern = "^https?://\\S+$")]
    pub photo_url: Option<Option<String>>,
    pub consent_public_profile: Option<bool>,
}

impl UpdateDelegate {
    /// The fields only organizers and admins may change, among those present.
    pub fn staff_only_fields(&self) -> Vec<&'static str> {
        [
            ("delegation_id", self.delegation_id.is_some()),
            ("given_name", self.given_name.is_some()),
            ("family_name", self.family_name.is_some()),
            ("honorific", self.honorific.is_some()),
            ("title", self.title.is_some()),
            ("role", self.role.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| field)
        .collect()
    }

    pub fn apply(self, current: CreateDelegate) -> CreateDelegate {
        CreateDelegate {
            delegation_id: self.delegation_id.unwrap_or(current.delegation_id),
            given_name: self.given_name.unwrap_or(current.given_name),
            family_name: self.family_name.unwrap_or(current.family_name),
            honorific: self.honorific.unwrap_or(current.honorific),
            title: self.title.unwrap_or(current.title),
            role: self.role.unwrap_or(current.role),
            email: self.email.unwrap_or(current.email),
            phone: self.phone.unwrap_or(current.phone),
            languages: self.languages.unwrap_or(current.languages),
            interpretation_needs: self
                .interpretation_needs
                .unwrap_or(current.interpretation_needs),
            dietary_needs: self.dietary_needs.unwrap_or(current.dietary_needs),
            accessibility_needs: self
                .accessibility_needs
                .unwrap_or(current.accessibility_needs),
            arrival_at: self.arrival_at.unwrap_or(current.arrival_at),
            departure_at: self.departure_at.unwrap_or(current.departure_at),
            hotel: self.hotel.unwrap_or(current.hotel),
            bio: self.bio.unwrap_or(current.bio),
            photo_url: self.photo_url.unwrap_or(current.photo_url),
            consent_public_profile: self
                .consent_public_profile
                .unwrap_or(current.consent_public_profile),
        }
    }
}

/// Filters of the organizers' delegate list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegateFilter {
    pub accreditation_status: Option<AccreditationStatus>,
    pub role: Option<DelegateRole>,
    pub delegation_id: Option<i64>,
    pub city_id: Option<i64>,
}

impl ListFilter for DelegateFilter {
    const SORTABLE: &'static [&'static str] = super::model::SORTABLE;
}

/// Filters of the public directory.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryFilter {
    pub delegation_id: Option<i64>,
    pub city_id: Option<i64>,
}

impl ListFilter for DirectoryFilter {
    const SORTABLE: &'static [&'static str] =
        &["id", "family_name", "given_name", "city_id", "updated_at"];
}
