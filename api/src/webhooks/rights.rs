//! A subscription's rights are its creator's: a signed-in organizer or admin reads
//! everything; an API token reads what its scopes and event restriction let it read
//! through the API. The same rules decide what a subscription may be created for
//! ([`check_subscription`]) and, again at each delivery, whether and how an event reaches
//! it (`projection`), so a token cannot learn through webhooks what it may not read.

use actix_web::http::Method;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{pattern_matches, SubscriptionRow};
use crate::auth::{Caller, Role};
use crate::changes::resources::{Resource, RESOURCES};
use crate::db::schema::{api_tokens, users};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::partner_access::scopes::{self, Access};
use crate::partner_access::tokens::ApiTokenRow;
use crate::partner_access::{Scope, TokenGrant};

/// Whose rights a subscription's deliveries carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscriber {
    /// An organizer or admin (or the system): every event, every field.
    Staff,
    /// An API token: its scopes, and the only event it may touch, if any.
    Token {
        scopes: Vec<Scope>,
        event: Option<String>,
    },
}

/// Why a subscriber may not read a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The token lacks the resource's read scope.
    MissingScope(Scope),
    /// API tokens cannot read the resource at all.
    Closed(&'static str),
    /// The token is restricted to another event (or the event is not its own).
    OtherEvent(String),
}

impl Refusal {
    /// What the delivery log says when an event is withheld.
    pub fn reason(&self) -> String {
        match self {
            Self::MissingScope(scope) => format!(
                "withheld: the subscription's API token lacks the scope `{}`",
                scope.as_str()
            ),
            Self::Closed(name) => format!("withheld: API tokens cannot read `{name}`"),
            Self::OtherEvent(own) => {
                format!("withheld: the subscription's API token is restricted to the event `{own}`")
            }
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::MissingScope(scope) => ApiError::MissingScope(scope),
            Refusal::Closed(name) => ApiError::Forbidden(format!(
                "API tokens cannot subscribe to `{name}` events: they cannot read `{name}`"
            )),
            Refusal::OtherEvent(own) => ApiError::Forbidden(format!(
                "this API token is restricted to the event `{own}`: a subscription it makes \
                 must name that event as `event`"
            )),
        }
    }
}

impl Subscriber {
    /// The rights of the caller making or changing a subscription.
    pub fn of_caller(caller: &Caller) -> Self {
        match &caller.token {
            Some(TokenGrant { scopes, event, .. }) => Self::Token {
                scopes: scopes.clone(),
                event: event.clone(),
            },
            None => Self::Staff,
        }
    }

    /// Whether the subscriber may read `resource` of the edition `event_slug` (`None`:
    /// global, or any edition).
    pub fn may_read(&self, resource: &Resource, event_slug: Option<&str>) -> Result<(), Refusal> {
        let Self::Token { scopes, event } = self else {
            return Ok(());
        };
        if let Some(own) = event {
            if event_slug.is_some_and(|slug| slug != own) {
                return Err(Refusal::OtherEvent(own.clone()));
            }
        }
        match scopes::access(resource.domain, &Method::GET, "") {
            Access::Open => Ok(()),
            Access::Needs(scope) if scopes.contains(&scope) => Ok(()),
            Access::Needs(scope) => Err(Refusal::MissingScope(scope)),
            Access::Closed => Err(Refusal::Closed(resource.name)),
        }
    }

    /// Whether the subscriber reads delegates' private fields and delegates without a
    /// public profile: staff, or a token holding `delegates:read` and
    /// `delegates:read_private`.
    pub fn reads_private_delegates(&self) -> bool {
        match self {
            Self::Staff => true,
            Self::Token { scopes, .. } => {
                scopes.contains(&Scope::DelegatesRead)
                    && scopes.contains(&Scope::DelegatesReadPrivate)
            }
        }
    }

    /// Whether the subscriber reads `resource`'s private fields: staff always; a token
    /// only where the API shows them to a token, delegates with `delegates:read_private`
    /// (a token never reads an exhibitor's contacts, for one).
    pub fn reads_private(&self, resource: &Resource) -> bool {
        match self {
            Self::Staff => true,
            Self::Token { .. } => {
                scopes::access(resource.domain, &Method::GET, "")
                    == Access::Needs(Scope::DelegatesRead)
                    && self.reads_private_delegates()
            }
        }
    }
}

/// Checks that `caller` may manage webhooks and subscribe to `patterns` in `event`: an API
/// token needs the read scope of every resource whose events the patterns match, and a
/// token restricted to an event may only subscribe to that event.
pub fn check_subscription(
    caller: &Caller,
    patterns: &[String],
    event: Option<&str>,
) -> Result<(), ApiError> {
    super::access::require_manage(caller)?;
    let subscriber = Subscriber::of_caller(caller);
    if let Subscriber::Token {
        event: Some(own), ..
    } = &subscriber
    {
        if event != Some(own.as_str()) {
            return Err(Refusal::OtherEvent(own.clone()).into());
        }
    }
    for resource in RESOURCES.iter().filter(|r| r.events) {
        let wanted = resource
            .event_types()
            .iter()
            .any(|t| patterns.iter().any(|p| pattern_matches(p, t)));
        if wanted {
            subscriber.may_read(resource, event)?;
        }
    }
    Ok(())
}

/// The API token whose subscriptions `caller` sees, if it is a token: a token sees and
/// touches only the subscriptions it created (it could otherwise point a subscription
/// with wider rights at itself).
pub fn owner_token(caller: &Caller) -> Option<i64> {
    caller.token.as_ref().map(|grant| grant.token_id)
}

/// The rights a subscription's deliveries carry now, or why it has none left (its token
/// revoked or expired, its creator no longer staff).
pub fn of_subscription(
    conn: &mut DbConnection,
    subscription: &SubscriptionRow,
    now: NaiveDateTime,
) -> Result<Result<Subscriber, String>, ApiError> {
    // Subscriptions made by a token before the token was recorded name its account.
    let token_id = match subscription.created_by_token_id {
        Some(id) => Some(id),
        None => match subscription.created_by {
            None => return Ok(Ok(Subscriber::Staff)),
            Some(user) => api_tokens::table
                .filter(api_tokens::user_id.eq(user))
                .select(api_tokens::id)
                .first(conn)
                .optional()?,
        },
    };
    if let Some(token_id) = token_id {
        let (token, event) = ApiTokenRow::find(conn, token_id)?;
        if !token.is_active(now) {
            return Ok(Err(
                "the API token that created it was revoked or has expired".into(),
            ));
        }
        return Ok(Ok(Subscriber::Token {
            scopes: token.scopes()?,
            event,
        }));
    }
    let role: Option<String> = users::table
        .find(subscription.created_by.unwrap_or_default())
        .select(users::role)
        .first(conn)
        .optional()?;
    Ok(match role.as_deref().and_then(Role::parse) {
        Some(Role::Admin | Role::Organizer) => Ok(Subscriber::Staff),
        _ => Err("its creator is no longer an organizer or admin".into()),
    })
}
