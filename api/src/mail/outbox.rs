//! The mail outbox: mails are written in the transaction of their cause ([`enqueue`]), so
//! a rolled-back request sends nothing and a committed one loses nothing. The mail worker
//! of any API process claims due mails (`FOR UPDATE SKIP LOCKED` on PostgreSQL; a claim is
//! a lease) and records each attempt; the admins' mail log reads the same rows.

use chrono::{Duration as Span, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::settings::MailSettings;
use super::templates::{render, MailKind, Rendered};
use crate::db::schema::mail_outbox as m;
use crate::db::{now, DbConnection};
use crate::error::ApiError;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
/// Kept without sending: no SMTP server is configured.
pub const HELD: &str = "held";
/// Given up after [`MAX_ATTEMPTS`] or a permanent refusal.
pub const FAILED: &str = "failed";

/// What the log says of a mail kept because no SMTP server is configured.
pub const NO_SMTP: &str = "not sent: no SMTP configured (set SMTP_URL)";
/// Attempts before a mail is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// The longest wait between two attempts.
const MAX_RETRY_WAIT: Span = Span::hours(1);
/// How long a claim protects a mail from other workers. A round sends at most
/// [`super::worker::BATCH`] mails, each within the SMTP timeout, well inside it.
const LEASE: Span = Span::minutes(5);

/// A mail to queue.
#[derive(Debug)]
pub struct NewMail<'a> {
    pub kind: MailKind,
    pub recipient: &'a str,
    pub user_id: Option<i64>,
    pub language: &'a str,
    pub content: Rendered,
    /// It carries a one-time link: its bodies are erased once it is sent, and the log
    /// never shows them.
    pub secret: bool,
    pub created_by: Option<i64>,
    /// A notification's values: its `content` is then empty, and the worker that first
    /// claims it renders it (its `path` value becomes the `link` under `PUBLIC_URL`).
    pub values: Option<serde_json::Value>,
    pub attachment: Option<Attachment>,
}

/// A file sent with a mail.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

/// Queues `mail` in the caller's transaction; returns its id. `domain` is the sender's,
/// which its `Message-ID` is made in (kept for every attempt, so a receiver can tell a
/// repeated delivery); without it the worker that first claims the mail makes one.
pub fn enqueue(
    conn: &mut DbConnection,
    mail: &NewMail<'_>,
    domain: Option<&str>,
) -> Result<i64, ApiError> {
    let at = now();
    let message_id = domain.map_or_else(String::new, new_message_id);
    let attachment = mail.attachment.as_ref();
    Ok(diesel::insert_into(m::table)
        .values((
            m::kind.eq(mail.kind.as_str()),
            m::recipient.eq(mail.recipient),
            m::user_id.eq(mail.user_id),
            m::language.eq(mail.language),
            m::subject.eq(&mail.content.subject),
            m::text_body.eq(&mail.content.text),
            m::html_body.eq(&mail.content.html),
            m::secret.eq(mail.secret),
            m::status.eq(PENDING),
            m::attempts.eq(0_i64),
            m::next_attempt_at.eq(at),
            m::message_id.eq(message_id),
            m::template_values.eq(mail.values.as_ref().map(ToString::to_string)),
            m::attachment_name.eq(attachment.map(|a| a.name.as_str())),
            m::attachment_type.eq(attachment.map(|a| a.content_type.as_str())),
            m::attachment.eq(attachment.map(|a| a.body.as_str())),
            m::created_by.eq(mail.created_by),
            m::created_at.eq(at),
            m::updated_at.eq(at),
            m::version.eq(1_i64),
        ))
        .returning(m::id)
        .get_result(conn)?)
}

fn new_message_id(domain: &str) -> String {
    format!("<{}@{domain}>", uuid::Uuid::new_v4().simple())
}

/// A claimed mail with what sending it needs.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = m)]
pub struct ClaimedMail {
    pub id: i64,
    pub kind: String,
    pub language: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    pub template_values: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment: Option<String>,
    pub attempts: i64,
}

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Whether any mail is due: one read, so an idle worker takes no write lock.
pub fn any_due(conn: &mut DbConnection) -> Result<bool, ApiError> {
    let at = now();
    let due: Option<i64> = m::table
        .filter(m::status.eq(PENDING))
        .filter(m::next_attempt_at.le(at))
        .filter(m::claimed_until.is_null().or(m::claimed_until.lt(at)))
        .select(m::id)
        .first(conn)
        .optional()?;
    Ok(due.is_some())
}

/// Claims up to `limit` due mails for `worker`, rendering each notification not rendered
/// yet (and naming each mail without a `Message-ID`) with `settings`.
pub fn claim(
    conn: &mut DbConnection,
    worker: &str,
    limit: i64,
    settings: &MailSettings,
) -> Result<Vec<ClaimedMail>, ApiError> {
    let at = now();
    let locking = match conn {
        DbConnection::Postgresql(_) => " FOR UPDATE SKIP LOCKED",
        // One writer at a time: the write transaction is the claim.
        DbConnection::Sqlite(_) => "",
    };
    let ids: Vec<i64> = diesel::sql_query(format!(
        "UPDATE mail_outbox SET claimed_until = $1, claimed_by = $2 WHERE id IN (\
         SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $3 \
         AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4{locking}) \
         RETURNING id"
    ))
    .bind::<Timestamp, _>(at + LEASE)
    .bind::<Text, _>(worker)
    .bind::<Timestamp, _>(at)
    .bind::<BigInt, _>(limit)
    .load::<ClaimedId>(conn)?
    .into_iter()
    .map(|row| row.id)
    .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let claimed: Vec<ClaimedMail> = m::table
        .filter(m::id.eq_any(&ids))
        .order(m::id)
        .select(ClaimedMail::as_select())
        .load(conn)?;
    claimed
        .into_iter()
        .map(|mail| complete(conn, mail, settings))
        .collect()
}

/// Renders a notification and gives a mail its `Message-ID`, once, storing both.
fn complete(
    conn: &mut DbConnection,
    mut mail: ClaimedMail,
    settings: &MailSettings,
) -> Result<ClaimedMail, ApiError> {
    let unrendered = mail.template_values.is_some() && mail.subject.is_empty();
    if !unrendered && !mail.message_id.is_empty() {
        return Ok(mail);
    }
    if unrendered {
        let content = render_values(&mail, settings)?;
        mail.subject = content.subject;
        mail.text_body = content.text;
        mail.html_body = content.html;
    }
    if mail.message_id.is_empty() {
        mail.message_id = new_message_id(settings.domain());
    }
    diesel::update(m::table.find(mail.id))
        .set((
            m::subject.eq(&mail.subject),
            m::text_body.eq(&mail.text_body),
            m::html_body.eq(&mail.html_body),
            m::message_id.eq(&mail.message_id),
        ))
        .execute(conn)?;
    Ok(mail)
}

fn render_values(mail: &ClaimedMail, settings: &MailSettings) -> Result<Rendered, ApiError> {
    let kind = MailKind::parse(&mail.kind)
        .ok_or_else(|| ApiError::Internal(format!("mail {} has an unknown kind", mail.id)))?;
    let values: serde_json::Map<String, serde_json::Value> = mail
        .template_values
        .as_deref()
        .map(serde_json::from_str)
        .transpose()?
        .unwrap_or_default();
    let text = |key: &str| values.get(key).and_then(|v| v.as_str()).unwrap_or_default();
    let link = format!("{}{}", settings.public_url, text("path"));
    let mut pairs: Vec<(&str, &str)> = values
        .keys()
        .filter(|key| key.as_str() != "path")
        .map(|key| (key.as_str(), text(key)))
        .collect();
    pairs.push(("link", &link));
    render(kind, &mail.language, &pairs)
}

/// How one attempt ended.
#[derive(Debug, Clone)]
pub enum Attempt {
    /// The SMTP server accepted the mail.
    Sent,
    /// Not attempted: no SMTP server is configured.
    Held,
    /// Refused or unreachable; `permanent` when retrying cannot help (a 5xx reply).
    Failed { error: String, permanent: bool },
}

/// Records `attempt` of a mail `worker` claimed; a failure is retried after `retry_base`,
/// doubled with each attempt (at most an hour), up to [`MAX_ATTEMPTS`].
pub fn finish(
    conn: &mut DbConnection,
    worker: &str,
    mail: &ClaimedMail,
    attempt: &Attempt,
    retry_base: std::time::Duration,
) -> Result<(), ApiError> {
    let at = now();
    let mine = m::table
        .filter(m::id.eq(mail.id))
        .filter(m::claimed_by.eq(worker));
    let released = (
        m::claimed_until.eq(None::<NaiveDateTime>),
        m::claimed_by.eq(None::<String>),
        m::updated_at.eq(at),
        m::version.eq(m::version + 1),
    );
    match attempt {
        Attempt::Sent => {
            diesel::update(mine)
                .set((
                    released,
                    m::status.eq(SENT),
                    m::attempts.eq(mail.attempts + 1),
                    m::sent_at.eq(at),
                    m::last_error.eq(None::<String>),
                ))
                .execute(conn)?;
            // A one-time link is not kept once it has left.
            diesel::update(
                m::table
                    .filter(m::id.eq(mail.id))
                    .filter(m::secret.eq(true)),
            )
            .set((m::text_body.eq(""), m::html_body.eq("")))
            .execute(conn)?;
        }
        Attempt::Held => {
            diesel::update(mine)
                .set((released, m::status.eq(HELD), m::last_error.eq(NO_SMTP)))
                .execute(conn)?;
        }
        Attempt::Failed { error, permanent } => {
            let attempts = mail.attempts + 1;
            let give_up = *permanent || attempts >= MAX_ATTEMPTS;
            let wait = Span::from_std(retry_base)
                .unwrap_or(MAX_RETRY_WAIT)
                .checked_mul(1 << (attempts - 1).clamp(0, 20))
                .unwrap_or(MAX_RETRY_WAIT)
                .min(MAX_RETRY_WAIT);
            diesel::update(mine)
                .set((
                    released,
                    m::status.eq(if give_up { FAILED } else { PENDING }),
                    m::attempts.eq(attempts),
                    m::next_attempt_at.eq(at + wait),
                    m::last_error.eq(error),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A mail as the admins' log shows it: never its one-time link.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = m)]
pub struct MailRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub user_id: Option<i64>,
    pub language: String,
    pub subject: String,
    pub text_body: String,
    pub secret: bool,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub message_id: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The mail log's filters.
#[derive(Debug, Default, Clone)]
pub struct MailFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub recipient: Option<String>,
    pub user_id: Option<i64>,
    /// Matches the recipient or the subject anywhere.
    pub q: Option<String>,
    /// Mails changed (queued, tried, sent) at or after this instant.
    pub updated_since: Option<NaiveDateTime>,
}

fn filtered(filter: &MailFilter) -> m::BoxedQuery<'_, crate::db::Db> {
    let mut query = m::table.into_boxed();
    if let Some(status) = &filter.status {
        query = query.filter(m::status.eq(status));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(m::kind.eq(kind));
    }
    if let Some(recipient) = &filter.recipient {
        query = query.filter(m::recipient.eq(recipient.trim().to_lowercase()));
    }
    if let Some(user_id) = filter.user_id {
        query = query.filter(m::user_id.eq(user_id));
    }
    if let Some(q) = &filter.q {
        let pattern = crate::db::search::contains_pattern(q);
        query = query.filter(
            m::recipient
                .like(pattern.clone())
                .escape('\\')
                .or(m::subject.like(pattern).escape('\\')),
        );
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(m::updated_at.ge(since));
    }
    query
}

/// A page of the log, newest first, and how many mails match.
pub fn page(
    conn: &mut DbConnection,
    filter: &MailFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<MailRow>, i64), ApiError> {
    let total = filtered(filter).count().get_result(conn)?;
    let rows = filtered(filter)
        .order(m::id.desc())
        .offset(offset)
        .limit(limit)
        .select(MailRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<MailRow, ApiError> {
    m::table
        .find(id)
        .select(MailRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::NotFound(format!("no mail {id}")))
}

/// Queues mail `id` again, now, with a fresh budget of attempts. A sent mail that carried
/// a one-time link has no body left: a new invitation or reset sends a new link.
pub fn resend(conn: &mut DbConnection, id: i64) -> Result<MailRow, ApiError> {
    let mail = find(conn, id)?;
    if mail.secret && mail.status == SENT {
        return Err(ApiError::conflict(
            "this mail carried a one-time link and was sent, so it is no longer kept; \
             send a new invitation or password reset instead",
        ));
    }
    if mail.status == PENDING {
        return Ok(mail);
    }
    let at = now();
    diesel::update(m::table.find(id))
        .set((
            m::status.eq(PENDING),
            m::attempts.eq(0_i64),
            m::next_attempt_at.eq(at),
            m::last_error.eq(None::<String>),
            m::claimed_until.eq(None::<NaiveDateTime>),
            m::claimed_by.eq(None::<String>),
            m::updated_at.eq(at),
            m::version.eq(m::version + 1),
        ))
        .execute(conn)?;
    find(conn, id)
}
