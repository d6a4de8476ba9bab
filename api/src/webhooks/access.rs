//! Who may manage webhooks: one function, so token scopes (`webhooks:manage`) extend it in
//! one place.

use crate::auth::Caller;
use crate::error::ApiError;

/// Fails with 403 unless the caller may create, change, read and redeliver webhooks.
pub fn require_manage(caller: &Caller) -> Result<(), ApiError> {
    caller.require_staff()
}
