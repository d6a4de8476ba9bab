//! Sister-city partnerships: a global registry of ties between two cities, their
//! lifecycle, agreements and milestones, and the network they form.

pub mod agreements;
mod document_handlers;
pub mod dto;
pub mod graph;
mod graph_cache;
mod graph_delta;
mod handlers;
mod history;
pub mod lifecycle;
pub mod milestones;
mod model;
mod network;
mod network_handlers;
mod viewer;
pub mod vocab;

pub use dto::CreatePartnership;
pub use graph_cache::GraphCache;
pub use model::PartnershipRow;

/// Registers the partnership routes (and so their OpenAPI operations). The fixed paths
/// (`network`, `path`, `stats`) come before `{id}`.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(network_handlers::partnership_network)
        .service(network_handlers::partnership_path)
        .service(network_handlers::partnership_stats)
        .service(network_handlers::city_partners)
        .service(handlers::list_partnerships)
        .service(handlers::create_partnership)
        .service(handlers::get_partnership)
        .service(handlers::update_partnership)
        .service(handlers::delete_partnership)
        .service(handlers::transition_partnership)
        .service(handlers::partnership_history)
        .service(document_handlers::list_agreements)
        .service(document_handlers::create_agreement)
        .service(document_handlers::get_agreement)
        .service(document_handlers::replace_agreement)
        .service(document_handlers::delete_agreement)
        .service(document_handlers::list_milestones)
        .service(document_handlers::create_milestone)
        .service(document_handlers::replace_milestone)
        .service(document_handlers::delete_milestone);
}
