//! Delegates: the people attending an event, their privacy, accreditation and check-in.

mod accreditation;
mod accreditation_handlers;
mod badge;
mod directory;
mod dto;
mod export;
mod handlers;
mod import;
mod model;
mod pages;

pub use accreditation::{apply as apply_accreditation, AccreditationAction, AccreditationStatus};
pub use badge::new_badge_code;
pub use dto::{CreateDelegate, Delegate, DelegateProfile, DelegateRole};
pub use import::DelegateImport;
pub use model::DelegateRow;

/// Registers the delegate routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_delegates)
        .service(handlers::create_delegate)
        .service(import::import_delegates)
        .service(handlers::get_delegate)
        .service(handlers::update_delegate)
        .service(handlers::delete_delegate)
        .service(accreditation_handlers::transition_delegate)
        .service(accreditation_handlers::check_in)
        .service(directory::list_directory)
        .service(export::export_delegates);
}
