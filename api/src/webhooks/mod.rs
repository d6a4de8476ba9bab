//! Webhooks: subscriptions managed through the API, events queued in the outbox by the
//! change recorder (`changes`) in the writing transaction, and a delivery worker in every
//! API process that signs and sends them, retrying with exponential backoff; finished deliveries are pruned after the retention
//! (`retention`).

mod access;
mod addresses;
mod deliveries;
mod dto;
mod handlers;
mod model;
pub mod outbox;
mod projection;
mod queue;
pub use queue::pending_summary;
pub mod retention;
mod rights;
mod screen;
pub mod settings;
pub mod signature;
pub mod target;
pub mod worker;

pub use access::require_manage;
pub use model::SubscriptionRow;
pub use settings::WebhookSettings;
pub use worker::WebhookRuntime;

/// Registers the webhook routes (and so their OpenAPI operations).
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_webhook_event_types)
        .service(handlers::list_webhooks)
        .service(handlers::create_webhook)
        .service(handlers::get_webhook)
        .service(handlers::update_webhook)
        .service(handlers::delete_webhook)
        .service(deliveries::list_webhook_deliveries)
        .service(deliveries::redeliver_webhook_delivery);
}
