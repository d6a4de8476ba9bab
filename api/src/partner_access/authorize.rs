//! The one check of an API token against the operation it calls: its scope, its event
//! restriction, and whether it acts as staff in that operation.

use super::grant::TokenGrant;
use super::operations::Requirement;
use super::scopes::{Access, Scope};
use crate::error::ApiError;

/// Checks `grant` against the operation's requirement (`None`: no operation answers the
/// request, and routing will say so) and sets `acts_as_staff` for this request.
pub fn authorize(
    requirement: Option<&Requirement>,
    grant: &mut TokenGrant,
) -> Result<(), ApiError> {
    let Some(requirement) = requirement else {
        return Ok(());
    };
    if let (Some(allowed), Some(wanted)) = (&grant.event, &requirement.event) {
        if allowed != wanted {
            return Err(ApiError::Forbidden(format!(
                "this API token is restricted to the event `{allowed}`"
            )));
        }
    }
    match requirement.access {
        Access::Open => Ok(()),
        Access::Closed => Err(ApiError::Forbidden(
            "API tokens cannot call this operation; it needs a signed-in user".into(),
        )),
        Access::Needs(scope) if !grant.satisfies(scope) => Err(ApiError::MissingScope(scope)),
        Access::Needs(scope) => {
            grant.acts_as_staff = !scope.is_read()
                || (scope == Scope::DelegatesRead && grant.holds(Scope::DelegatesReadPrivate));
            Ok(())
        }
    }
}
