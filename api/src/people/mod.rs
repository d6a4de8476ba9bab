//! The people layer: user management (`accounts`), invitations of staff and delegates
//! (`invite`, `invitations`), password resets (`password_reset`) and their one-time links
//! (`links`), a person's own data (`my_data`: the export and the erasure request) and
//! erasure (`erasure`). Mails go through the outbox (`crate::mail`), written in the same
//! transaction as their cause.

mod accounts;
mod erasure;
mod invitations;
pub mod invite;
pub mod links;
mod my_data;
mod password_reset;
mod security_settings;

/// Registers the people routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(accounts::list_users)
        .service(accounts::create_user)
        .service(accounts::get_user)
        .service(accounts::update_user)
        .service(accounts::resend_invitation)
        .service(invitations::invite_delegate)
        .service(invitations::invite_delegates)
        .service(invitations::lookup_invitation)
        .service(invitations::accept_invitation)
        .service(password_reset::request_password_reset)
        .service(password_reset::confirm_password_reset)
        .service(my_data::export_my_data)
        .service(my_data::request_erasure)
        .service(erasure::list_erasure_requests)
        .service(erasure::erase_delegate)
        .service(security_settings::get_security_settings)
        .service(security_settings::update_security_settings);
}
