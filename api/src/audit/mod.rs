//! The audit trail: who changed what, when, with the changed fields before and after.
//! Entries are written by the change recorder (`changes`); this module lists them.

mod handlers;

pub use handlers::require_audit;

/// Registers the audit routes (and so their OpenAPI operations).
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_audit_entries);
}
