//! The initiative's representation and its inputs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::lifecycle::{InitiativeAction, InitiativeStatus};
use crate::error::ApiError;
use crate::values::{Checks, LangMap};

/// A joint document of an event that cities endorse.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "event_id": 1,
    "title": {"en": "Harbin Initiative of the Global Mayors Dialogue", "zh": "全球市长对话哈尔滨倡议"},
    "status": "open_for_endorsement",
    "current_version": {"number": 2, "text": {"en": "We, the mayors…", "zh": "我们，各城市市长……"}, "created_at": "2026-01-07T02:00:00Z"},
    "versions": 2, "endorsements": 12, "allowed_actions": ["close"],
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-07T02:00:00Z", "version": 15
}))]
pub struct Initiative {
    pub id: i64,
    pub event_id: i64,
    pub title: LangMap,
    pub status: InitiativeStatus,
    /// The latest text.
    pub current_version: InitiativeVersion,
    /// How many texts there have been.
    pub versions: i64,
    /// Standing (not withdrawn) endorsements.
    pub endorsements: i64,
    pub allowed_actions: Vec<InitiativeAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Moves with every change, new versions and endorsements included.
    pub version: i64,
}

/// One text of an initiative; a new text is a new version and the old ones are kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"number": 1, "text": {"en": "We, the mayors…"}, "created_at": "2026-01-06T02:00:00Z"}))]
pub struct InitiativeVersion {
    pub number: i64,
    pub text: LangMap,
    pub created_at: DateTime<Utc>,
}

/// A new initiative, created as a draft with its first text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"en": "Harbin Initiative of the Global Mayors Dialogue", "zh": "全球市长对话哈尔滨倡议"},
    "text": {"en": "We, the mayors gathered in Harbin…", "zh": "我们，聚首哈尔滨的各城市市长……"}
}))]
pub struct CreateInitiative {
    pub title: LangMap,
    pub text: LangMap,
}

/// A change of title.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": {"en": "The Harbin Initiative", "zh": "哈尔滨倡议"}}))]
pub struct UpdateInitiative {
    pub title: LangMap,
}

/// A new text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": {"en": "We, the mayors gathered in Harbin, resolve…"}}))]
pub struct NewVersion {
    pub text: LangMap,
}

/// The longest text accepted, in characters per language.
pub const MAX_TEXT: usize = 50_000;

impl CreateInitiative {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.title.validate("title", 300));
        checks.parse(self.text.validate("text", MAX_TEXT));
        checks.finish(|| self)
    }
}

impl UpdateInitiative {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.title.validate("title", 300));
        checks.finish(|| self)
    }
}

impl NewVersion {
    pub fn validate(self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        checks.parse(self.text.validate("text", MAX_TEXT));
        checks.finish(|| self)
    }
}
