//! What an API token allows, carried by the `Caller` of a request made with one.

use super::scopes::Scope;

/// The grant of a partner's API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub token_id: i64,
    pub scopes: Vec<Scope>,
    /// The slug of the only event the token may touch, if it is restricted to one.
    pub event: Option<String>,
    /// Set once per request, after the operation's scope was checked: the token may do what
    /// an organizer may do in this operation (it holds the domain's write scope, or, for
    /// delegates, `delegates:read_private`). Handlers' `is_staff` checks honour it.
    pub acts_as_staff: bool,
}

impl TokenGrant {
    pub fn holds(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// Whether the token may call an operation needing `scope`: it holds exactly that
    /// scope. No scope implies another; in particular `delegates:read_private` alone
    /// opens no operation: it only adds private fields and non-consenting delegates to
    /// what `delegates:read` reads.
    pub fn satisfies(&self, scope: Scope) -> bool {
        self.holds(scope)
    }

    /// Whether the token reads delegates' private fields: it holds `delegates:read` and
    /// `delegates:read_private`.
    pub fn reads_private_delegates(&self) -> bool {
        self.holds(Scope::DelegatesRead) && self.holds(Scope::DelegatesReadPrivate)
    }
}
