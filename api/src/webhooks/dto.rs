//! Webhook subscriptions and deliveries as the API shows and takes them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::SubscriptionRow;
use crate::changes::resources;
use crate::error::FieldError;

fn rfc3339(at: chrono::NaiveDateTime) -> String {
    at.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A subscription. Its secret is never shown again after creation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "url": "https://protocol.harbin.example/gmd-hooks", "description": "Protocol office",
    "event_types": ["delegate.*", "session.cancelled"], "event": "harbin-2026", "active": true,
    "disabled_reason": null, "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T08:00:00Z", "version": 1
}))]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    /// Patterns: exact types, `<resource>.*` or `*`.
    pub event_types: Vec<String>,
    /// Only events of this edition (slug); null for all.
    pub event: Option<String>,
    pub active: bool,
    /// Why the system turned the subscription off (a 410 from the receiver).
    pub disabled_reason: Option<String>,
    /// The user who created it.
    pub created_by: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

impl From<SubscriptionRow> for Webhook {
    fn from(row: SubscriptionRow) -> Self {
        Self {
            event_types: row.patterns(),
            id: row.id,
            url: row.url,
            description: row.description,
            event: row.event_slug,
            active: row.active,
            disabled_reason: row.disabled_reason,
            created_by: row.created_by,
            created_at: rfc3339(row.created_at),
            updated_at: rfc3339(row.updated_at),
            version: row.version,
        }
    }
}

/// A new subscription with its secret: the only time the secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret (`whsec_…`): keep it; it is not shown again.
    #[schema(example = "whsec_3f9a0c1e5b7d2a4c6e8f0b1d3a5c7e9f")]
    pub secret: String,
}

/// A subscription to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://protocol.harbin.example/gmd-hooks", "event_types": ["delegate.*"], "event": "harbin-2026"}))]
pub struct CreateWebhook {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub event: Option<String>,
    /// At least 16 characters; one is generated when absent (and shown once).
    pub secret: Option<String>,
    pub active: Option<bool>,
}

/// Changes to a subscription; `secret` rotates it (write-only). Re-activating clears the
/// reason it was disabled.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": true, "event_types": ["*"]}))]
pub struct UpdateWebhook {
    pub url: Option<String>,
    #[serde(default, deserialize_with = "crate::http::patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub event_types: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::http::patch::nullable")]
    #[schema(value_type = Option<String>)]
    pub event: Option<Option<String>>,
    pub secret: Option<String>,
    pub active: Option<bool>,
}

/// Checks event type patterns against the catalogue.
pub fn check_patterns(patterns: &[String], errors: &mut Vec<FieldError>) {
    if patterns.is_empty() {
        errors.push(FieldError::new(
            "event_types",
            "name at least one event type",
        ));
    }
    let known = resources::event_types();
    for (i, pattern) in patterns.iter().enumerate() {
        let valid = pattern == "*"
            || known.contains(pattern)
            || pattern
                .strip_suffix(".*")
                .is_some_and(|name| resources::by_name(name).is_some_and(|r| r.events));
        if !valid {
            errors.push(FieldError::new(
                format!("event_types[{i}]"),
                format!("`{pattern}` is not an event type (see GET /api/v1/webhooks/event-types)"),
            ));
        }
    }
}

/// Checks a caller-chosen secret.
pub fn check_secret(secret: &str, errors: &mut Vec<FieldError>) {
    if secret.chars().count() < 16 || secret.len() > 200 {
        errors.push(FieldError::new("secret", "must be 16 to 200 characters"));
    }
}

/// A new random secret.
pub fn generate_secret() -> String {
    let bytes: [u8; 24] = rand::random();
    format!(
        "whsec_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// One delivery of an event to a subscription, with its last attempt.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "event_id": 40, "event_type": "delegate.checked_in", "resource": {"type": "delegate", "id": 7},
    "status": "delivered", "attempts": 1, "last_status_code": 204, "last_duration_ms": 35,
    "last_error": null, "next_attempt_at": "2026-01-06T09:00:01Z", "delivered_at": "2026-01-06T09:00:01Z",
    "redelivery_of": null, "created_at": "2026-01-06T09:00:00Z"
}))]
pub struct Delivery {
    pub id: i64,
    pub event_id: i64,
    pub event_type: String,
    pub resource: ResourceRef,
    /// `pending`, `delivered`, `failed` (gave up) or `cancelled` (subscription disabled).
    pub status: String,
    pub attempts: i64,
    pub last_status_code: Option<i64>,
    pub last_duration_ms: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: String,
    pub delivered_at: Option<String>,
    /// The delivery this one repeats, for redeliveries.
    pub redelivery_of: Option<i64>,
    pub created_at: String,
}

/// Which resource an event is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResourceRef {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
}

pub(super) fn instant(at: chrono::NaiveDateTime) -> String {
    rfc3339(at)
}

/// The catalogue of event types.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"event_types": ["delegate.created", "delegate.checked_in"]}))]
pub struct EventTypes {
    pub event_types: Vec<String>,
}
