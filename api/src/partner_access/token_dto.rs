//! API tokens as the API shows and takes them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scopes::Scope;
use super::tokens::TokenWithEvent;
use crate::error::ApiError;
use crate::http::query_guard::ListFilter;
use crate::values::Checks;

/// A new API token for a partner system.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Shangri-La Harbin front desk", "scopes": ["delegates:read", "program:read"],
    "event": "harbin-2026", "expires_at": "2026-02-01T00:00:00Z"
}))]
pub struct CreateApiToken {
    /// Who uses it, for people reading the list.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// What it may do; at least one.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// The slug of the only event it may touch; absent for every event.
    #[schema(max_length = 100)]
    pub event: Option<String>,
    /// When it stops working; absent for never.
    pub expires_at: Option<DateTime<Utc>>,
}

impl CreateApiToken {
    /// Checks every field (the event's existence is checked when storing).
    pub fn validate(mut self) -> Result<Self, ApiError> {
        let mut checks = Checks::default();
        self.name = self.name.trim().to_owned();
        checks.text(Some(&self.name), "name", 100);
        checks.check(!self.scopes.is_empty(), "scopes", "name at least one scope");
        self.scopes.sort();
        self.scopes.dedup();
        checks.check(
            self.expires_at.is_none_or(|at| {
                at > Utc::now() && crate::values::is_plausible_date(at.date_naive())
            }),
            "expires_at",
            "must be in the future (and before the year 10000)",
        );
        checks.text(self.event.as_deref(), "event", 100);
        checks.finish(|| self)
    }
}

/// An API token as listed: its visible prefix, never its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": "Shangri-La Harbin front desk", "prefix": "gmd_live_x7Qm2KpA",
    "scopes": ["delegates:read", "program:read"], "event": "harbin-2026",
    "expires_at": "2026-02-01T00:00:00Z", "last_used_at": "2026-01-06T08:15:00Z",
    "revoked_at": null, "active": true, "created_at": "2025-12-20T10:00:00Z",
    "updated_at": "2026-01-06T08:15:00Z"
}))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The start of the secret, to recognise it.
    #[schema(example = "gmd_live_x7Qm2KpA")]
    pub prefix: String,
    pub scopes: Vec<Scope>,
    /// The slug of the only event it may touch.
    pub event: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The last request made with it (recorded at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Neither revoked nor expired.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ApiToken {
    pub fn from_row((row, event): &TokenWithEvent) -> Result<Self, ApiError> {
        Ok(Self {
            id: row.id,
            name: row.name.clone(),
            prefix: row.prefix.clone(),
            scopes: row.scopes()?,
            event: event.clone(),
            expires_at: row.expires_at.map(|at| at.and_utc()),
            last_used_at: row.last_used_at.map(|at| at.and_utc()),
            revoked_at: row.revoked_at.map(|at| at.and_utc()),
            active: row.is_active(crate::db::now()),
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        })
    }
}

/// A created token with its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 1, "name": "Shangri-La Harbin front desk", "prefix": "gmd_live_x7Qm2KpA",
    "scopes": ["delegates:read", "program:read"], "event": "harbin-2026",
    "expires_at": "2026-02-01T00:00:00Z", "last_used_at": null, "revoked_at": null,
    "active": true, "created_at": "2025-12-20T10:00:00Z", "updated_at": "2025-12-20T10:00:00Z",
    "secret": "gmd_live_x7Qm2KpAvR3nT8bL0cW5yH1eJ6uF9sD4gZ2kM7qP"
}))]
pub struct CreatedApiToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. It is not stored and cannot be shown again.
    #[schema(example = "gmd_live_x7Qm2KpAvR3nT8bL0cW5yH1eJ6uF9sD4gZ2kM7qP")]
    pub secret: String,
}

/// The token list's own parameter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenFilter {}

impl ListFilter for TokenFilter {
    const SORTABLE: &'static [&'static str] = super::tokens::SORTABLE;
}
