//! Who is making the changes of the current request.
//!
//! A middleware opens a request-scoped slot ([`scope`]); the `Caller` extractor fills it
//! once the bearer token is verified ([`remember`]); `db::write` reads it ([`current`])
//! and hands it to the transaction, so no handler passes it along. Writes outside a
//! request (the CLI, the demo loader, the webhook worker) are the system's.

use std::cell::RefCell;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

tokio::task_local! {
    static ACTOR: RefCell<Actor>;
}

/// The author of a change, as recorded in the audit trail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    /// The signed-in user, if a user made the change.
    pub user_id: Option<i64>,
    /// The API token, if a partner system made the change (set by token authentication).
    pub token_id: Option<i64>,
}

impl Actor {
    /// The system itself: migrations, loaders, the webhook worker.
    pub fn system() -> Self {
        Self::default()
    }

    /// A signed-in user.
    pub fn user(user_id: i64) -> Self {
        Self {
            user_id: Some(user_id),
            token_id: None,
        }
    }
}

/// Remembers the caller of the current request as the author of its writes.
pub fn remember(actor: Actor) {
    let _ = ACTOR.try_with(|slot| *slot.borrow_mut() = actor);
}

/// The author of the current request's writes (the system outside a request).
pub fn current() -> Actor {
    ACTOR.try_with(|slot| *slot.borrow()).unwrap_or_default()
}

/// Middleware: gives each request its own author slot.
pub async fn scope(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    ACTOR
        .scope(RefCell::new(Actor::system()), next.call(req))
        .await
}
