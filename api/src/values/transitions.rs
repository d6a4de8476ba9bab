//! The one answer to an action a state machine does not allow from the current state.

use crate::error::ApiError;

/// A 409 saying that `action` is not allowed on `noun` (with its article: "an
/// initiative") that is `from`, with
/// `current_status` and `allowed_transitions` as members for clients to act on.
pub fn illegal_transition(noun: &str, from: &str, action: &str, allowed: &[&str]) -> ApiError {
    ApiError::Conflict {
        detail: format!(
            "cannot {action} {noun} that is {from}; allowed: {}",
            if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.join(", ")
            }
        ),
        extensions: [
            ("current_status".to_owned(), from.into()),
            ("allowed_transitions".to_owned(), allowed.to_vec().into()),
        ]
        .into(),
    }
}
