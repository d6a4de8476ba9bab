//! Delegations: one city's party at an event, led by a head of delegation.

mod handlers;
mod model;

pub use model::{CreateDelegation, Delegation, DelegationRow};

/// Registers the delegation routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_delegations)
        .service(handlers::create_delegation)
        .service(handlers::get_delegation)
        .service(handlers::update_delegation)
        .service(handlers::delete_delegation);
}
