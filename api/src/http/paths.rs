//! Path parameters shared by many routes, documented once.

use serde::Deserialize;
use utoipa::IntoParams;

/// `/events/{event}/…`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EventPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
}

/// `/events/{event}/<resource>/{id}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EventItemPath {
    /// The event's slug.
    #[param(example = "harbin-2026")]
    pub event: String,
    /// The resource's id.
    #[param(example = 1)]
    pub id: i64,
}

/// `/<resource>/{id}` for global resources.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ItemPath {
    /// The resource's id.
    #[param(example = 1)]
    pub id: i64,
}
