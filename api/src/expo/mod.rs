//! The Ice and Snow Economy Expo: exhibitors and their applications, halls, booths and the
//! floor plan, booth assignment, the public directory, CSV export and import, B2B meetings and
//! matchmaking.

mod accounts;
pub(crate) mod application;
mod booth_handlers;
pub(crate) mod booths;
mod exhibitor_handlers;
pub(crate) mod exhibitors;
mod export;
mod hall_handlers;
pub(crate) mod halls;
mod import;
mod matchmaking;
mod meeting_handlers;
pub mod meetings;
pub mod vocabulary;

pub use application::ApplicationAction;
pub use import::ExhibitorImport;

/// Registers the expo routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(exhibitor_handlers::list_exhibitors)
        .service(export::export_exhibitors)
        .service(exhibitor_handlers::create_exhibitor)
        .service(import::import_exhibitors)
        .service(exhibitor_handlers::get_exhibitor)
        .service(exhibitor_handlers::update_exhibitor)
        .service(exhibitor_handlers::delete_exhibitor)
        .service(application::transition_exhibitor)
        .service(accounts::create_exhibitor_account)
        .service(hall_handlers::list_halls)
        .service(hall_handlers::create_hall)
        .service(hall_handlers::get_hall)
        .service(hall_handlers::replace_hall)
        .service(hall_handlers::delete_hall)
        .service(hall_handlers::get_floor_plan)
        .service(hall_handlers::create_meeting_table)
        .service(hall_handlers::delete_meeting_table)
        .service(booth_handlers::list_booths)
        .service(booth_handlers::create_booth)
        .service(booth_handlers::get_booth)
        .service(booth_handlers::replace_booth)
        .service(booth_handlers::delete_booth)
        .service(booth_handlers::assign_booth)
        .service(booth_handlers::release_booth)
        .service(meeting_handlers::list_meetings)
        .service(meeting_handlers::create_meeting)
        .service(meeting_handlers::get_meeting)
        .service(meeting_handlers::accept_meeting)
        .service(meeting_handlers::decline_meeting)
        .service(meeting_handlers::cancel_meeting)
        .service(matchmaking::recommend_exhibitors)
        .service(matchmaking::recommend_delegates);
}
