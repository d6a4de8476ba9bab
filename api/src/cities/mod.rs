//! Cities: the global registry every event, delegation and partnership points into.

mod dto;
mod handlers;
mod model;
mod summary;

pub use dto::{City, CreateCity};
pub use model::{CityRow, NewCity};
pub use summary::{summary_of, CitySummary};

/// Registers the city routes (and so their OpenAPI operations).
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_cities)
        .service(handlers::create_city)
        .service(handlers::get_city)
        .service(handlers::update_city)
        .service(handlers::delete_city);
}
