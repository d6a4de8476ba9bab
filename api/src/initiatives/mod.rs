//! Initiatives: joint documents of an event (the Harbin Initiative), their versioned
//! texts, their status, and the cities endorsing them.

mod dto;
mod endorsement_handlers;
pub mod endorsements;
mod handlers;
pub mod lifecycle;
pub mod model;

pub use dto::Initiative;

/// Registers the initiative routes (and so their OpenAPI operations).
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_initiatives)
        .service(handlers::create_initiative)
        .service(handlers::get_initiative)
        .service(handlers::update_initiative)
        .service(handlers::transition_initiative)
        .service(handlers::list_initiative_versions)
        .service(handlers::create_initiative_version)
        .service(endorsement_handlers::list_endorsements)
        .service(endorsement_handlers::create_endorsement)
        .service(endorsement_handlers::get_endorsement)
        .service(endorsement_handlers::withdraw_endorsement);
}
