//! Events: the editions of the summit (`harbin-2026`). Everything per-edition hangs off
//! an event's slug.

mod dto;
mod handlers;
mod model;

pub use dto::{CreateEvent, Event, EventStatus, Organiser, OrganiserRole, Theme};
pub use model::{EventColumns, EventRow};

/// Registers the event routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_events)
        .service(handlers::create_event)
        .service(handlers::get_event)
        .service(handlers::update_event)
        .service(handlers::delete_event);
}
