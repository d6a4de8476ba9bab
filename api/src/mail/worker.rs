//! The mail worker: a thread inside each API process that claims due mails from the
//! outbox, sends them over SMTP (up to four pooled connections at once, reused) and records the round's
//! outcomes in one transaction. Claims are leases, so across replicas each mail is sent by
//! one worker; a worker killed between the SMTP server's acceptance and the record leaves
//! the round's mails to be sent again when the lease ends, with the same `Message-ID`. Without an SMTP server each due mail is marked held, with the
//! reason, for the mail log.

use std::sync::{Arc, Weak};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};

use super::outbox::{self, Attempt, ClaimedMail};
use super::settings::MailSettings;
use crate::db::{self, DbPool};

/// What the worker shares with the server: it runs while this is alive.
#[derive(Debug)]
pub struct MailRuntime {
    pub pool: DbPool,
    pub settings: MailSettings,
}

/// Mails one round claims at most: within the lease even if each took the whole SMTP
/// timeout.
pub const BATCH: i64 = 16;

/// SMTP connections one round sends over at once (well under the per-client limits of
/// common relays).
const SENDERS: usize = 4;

/// Starts the worker thread for `runtime`; it ends after the round it is in once the last
/// copy of `runtime` is gone.
pub fn spawn(runtime: &Arc<MailRuntime>) -> Option<std::thread::JoinHandle<()>> {
    let weak = Arc::downgrade(runtime);
    let worker = format!("mailer-{}", uuid::Uuid::new_v4().simple());
    std::thread::Builder::new()
        .name("gmd-mail".into())
        .spawn(move || run(&weak, &worker))
        .map_err(|error| log::error!("the mail worker could not start: {error}"))
        .ok()
}

fn run(runtime: &Weak<MailRuntime>, worker: &str) {
    let transport = match runtime.upgrade().map(|shared| shared.settings.transport()) {
        None => return,
        Some(Ok(transport)) => transport,
        Some(Err(error)) => {
            // Settings are checked at start-up; this is a bug.
            log::error!("the mail worker cannot use SMTP_URL: {error}");
            None
        }
    };
    loop {
        let Some(shared) = runtime.upgrade() else {
            return;
        };
        let poll = shared.settings.poll;
        let busy = match round(&shared, transport.as_ref(), worker) {
            Ok(attempted) => attempted > 0,
            Err(error) => {
                log::warn!("mail round failed: {error}");
                false
            }
        };
        drop(shared);
        if !busy {
            std::thread::sleep(poll);
        }
    }
}

/// One round: claim, send one by one, then record every outcome in one transaction.
/// Returns how many were attempted.
fn round(
    shared: &MailRuntime,
    transport: Option<&SmtpTransport>,
    worker: &str,
) -> Result<usize, crate::error::ApiError> {
    if !outbox::any_due(&mut *shared.pool.get()?)? {
        return Ok(0);
    }
    let claimed = db::write_bookkeeping(&shared.pool, |conn| {
        outbox::claim(conn, worker, BATCH, &shared.settings)
    })?;
    let from = &shared.settings.from;
    let attempt = |mail: &ClaimedMail| {
        let attempt = match transport {
            None => Attempt::Held,
            Some(transport) => send(transport, from, mail),
        };
        if let Attempt::Failed { error, .. } = &attempt {
            log::warn!("mail {} to {} not sent: {error}", mail.id, mail.recipient);
        }
        attempt
    };
    // A few connections at once: an SMTP exchange mostly waits for the network.
    let share = claimed.len().div_ceil(SENDERS).max(1);
    let attempts: Vec<Attempt> = std::thread::scope(|scope| {
        let senders: Vec<_> = claimed
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(attempt).collect::<Vec<_>>()))
            .collect();
        senders
            .into_iter()
            .flat_map(|sender| {
                sender.join().unwrap_or_else(|_| {
                    vec![Attempt::Failed {
                        error: "the sending thread panicked".into(),
                        permanent: false,
                    }]
                })
            })
            .collect()
    });
    let outcomes: Vec<(ClaimedMail, Attempt)> = claimed.into_iter().zip(attempts).collect();
    let retry_base = shared.settings.retry_base;
    db::write_bookkeeping(&shared.pool, |conn| {
        outcomes
            .iter()
            .try_for_each(|(mail, attempt)| outbox::finish(conn, worker, mail, attempt, retry_base))
    })?;
    Ok(outcomes.len())
}

/// Sends one mail: a plain-text and an HTML part, with the stored `Message-ID`.
fn send(transport: &SmtpTransport, from: &Mailbox, mail: &ClaimedMail) -> Attempt {
    let message = match message(from, mail) {
        Ok(message) => message,
        Err(error) => {
            return Attempt::Failed {
                error,
                permanent: true,
            }
        }
    };
    match transport.send(&message) {
        Ok(_) => Attempt::Sent,
        Err(error) => Attempt::Failed {
            permanent: error.is_permanent(),
            error: error.to_string(),
        },
    }
}

fn message(from: &Mailbox, mail: &ClaimedMail) -> Result<Message, String> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|e| format!("the address `{}` is refused: {e}", mail.recipient))?;
    let parts = MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone());
    let body = match (
        &mail.attachment_name,
        &mail.attachment_type,
        &mail.attachment,
    ) {
        (Some(name), Some(content_type), Some(file)) => {
            let content_type = ContentType::parse(content_type)
                .map_err(|e| format!("the attachment's type `{content_type}` is refused: {e}"))?;
            MultiPart::mixed()
                .multipart(parts)
                .singlepart(Attachment::new(name.clone()).body(file.clone(), content_type))
        }
        _ => parts,
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(mail.message_id.clone()))
        .date_now()
        .multipart(body)
        .map_err(|e| format!("the mail cannot be built: {e}"))
}
