//! E-mail: templates in every language of the platform (`templates`), a transactional
//! outbox written with the mail's cause (`outbox`), a worker in each API process that
//! sends over SMTP with `lettre` (`worker`), and the admins' mail log (`handlers`).

mod handlers;
pub mod outbox;
pub mod settings;
pub mod templates;
pub mod worker;

pub use settings::MailSettings;
pub use templates::{render, MailKind};
pub use worker::MailRuntime;

/// Registers the mail log's routes.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_mails)
        .service(handlers::get_mail)
        .service(handlers::resend_mail);
}
