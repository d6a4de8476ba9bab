//! `/api/v1/mails`: the mail log (admins): every mail the platform queued, its status,
//! attempts and last error, and sending one again. A mail that carries a one-time link
//! never shows its body.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::outbox::{self, MailFilter, MailRow};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::lists::Page;
use crate::http::paths::ItemPath;
use crate::http::query_guard::{ListFilter, ListQuery};

/// A mail as the log shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 7, "kind": "invitation", "recipient": "mayor@rovaniemi.example", "user_id": 12,
    "language": "en", "subject": "Your invitation to the Global Mayors Dialogue",
    "text_body": null, "carries_link": true, "status": "held", "attempts": 0,
    "next_attempt_at": "2026-01-10T08:00:00Z",
    "last_error": "not sent: no SMTP configured (set SMTP_URL)",
    "message_id": "<3f2a9c0e5b8d4e7f9a1c2b3d4e5f6a7b@gmd.example>", "created_by": 1,
    "created_at": "2026-01-10T08:00:00Z", "sent_at": null, "version": 2
}))]
pub struct Mail {
    pub id: i64,
    /// `invitation`, `password_reset`, `accreditation`, `waitlist_promotion`,
    /// `session_changed`, `session_cancelled`, `meeting_requested` or `meeting_answered`.
    pub kind: String,
    pub recipient: String,
    /// The account it was written to, if any.
    pub user_id: Option<i64>,
    /// `en` or `zh`.
    pub language: String,
    pub subject: String,
    /// The plain-text part; `null` for a mail that carries a one-time link.
    pub text_body: Option<String>,
    /// Whether the mail carries a one-time link (an invitation, a password reset).
    pub carries_link: bool,
    /// `pending`, `sent`, `held` (no SMTP configured) or `failed` (given up).
    pub status: String,
    pub attempts: i64,
    /// When a pending mail is tried next.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt did not send it.
    pub last_error: Option<String>,
    pub message_id: String,
    /// The user whose request queued it.
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl From<MailRow> for Mail {
    fn from(row: MailRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            recipient: row.recipient,
            user_id: row.user_id,
            language: row.language,
            subject: row.subject,
            text_body: (!row.secret).then_some(row.text_body),
            carries_link: row.secret,
            status: row.status,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at.and_utc(),
            last_error: row.last_error,
            message_id: row.message_id,
            created_by: row.created_by,
            created_at: row.created_at.and_utc(),
            sent_at: row.sent_at.map(|at| at.and_utc()),
            version: row.version,
        }
    }
}

/// Where a mail stands.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    Pending,
    Sent,
    /// Kept: no SMTP server is configured.
    Held,
    /// Given up.
    Failed,
}

impl MailStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => outbox::PENDING,
            Self::Sent => outbox::SENT,
            Self::Held => outbox::HELD,
            Self::Failed => outbox::FAILED,
        }
    }
}

/// Filters of the mail log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MailLogFilter {
    #[param(example = "held", inline)]
    pub status: Option<MailStatus>,
    /// A kind: `invitation`, `password_reset`, `accreditation`, `waitlist_promotion`,
    /// `session_changed`, `session_cancelled`, `meeting_requested`, `meeting_answered`.
    #[param(example = "invitation")]
    pub kind: Option<String>,
    /// Mails to this address.
    #[param(example = "mayor@rovaniemi.example")]
    pub recipient: Option<String>,
    /// Mails written to this account.
    #[param(example = 12)]
    pub user_id: Option<i64>,
}

impl ListFilter for MailLogFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

/// List the mail log, newest first (admins). `q` matches the recipient or the subject
/// anywhere; `updated_since` keeps mails changed since then.
#[utoipa::path(
    tag = "people",
    operation_id = "list_mails",
    params(ListQuery<MailLogFilter>),
    responses((status = 200, description = "A page of mails", body = Page<Mail>)),
    security(("bearer" = []))
)]
#[get("/mails")]
pub async fn list_mails(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    caller: Caller,
    query: ListQuery<MailLogFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (list, filter) = (query.list, query.filter);
    let filter = MailFilter {
        status: filter.status.map(|status| status.as_str().to_owned()),
        kind: filter.kind,
        recipient: filter.recipient,
        user_id: filter.user_id,
        q: list.q.clone(),
        updated_since: list.updated_since,
    };
    let page = db::read(&pool, move |conn| {
        let (rows, total) = outbox::page(conn, &filter, list.offset(), list.per_page)?;
        Ok(Page::new(
            rows.into_iter().map(Mail::from).collect(),
            &list,
            total,
        ))
    })
    .await?;
    Ok(page.render(&req)?.respond(&req))
}

/// Get one mail of the log (admins).
#[utoipa::path(
    tag = "people",
    operation_id = "get_mail",
    params(ItemPath),
    responses((status = 200, description = "The mail", body = Mail)),
    security(("bearer" = []))
)]
#[get("/mails/{id}")]
pub async fn get_mail(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path.into_inner().id;
    let mail = db::read(&pool, move |conn| outbox::find(conn, id)).await?;
    Ok(HttpResponse::Ok().json(Mail::from(mail)))
}

/// Send a mail again (admins): a held, failed or non-secret mail is queued now with a
/// fresh budget of attempts. A sent mail that carried a one-time link is no longer kept
/// (409): send a new invitation or reset instead.
#[utoipa::path(
    tag = "people",
    operation_id = "resend_mail",
    params(ItemPath),
    responses(
        (status = 202, description = "Queued", body = Mail),
        (status = 409, description = "The mail carried a one-time link and was sent"),
    ),
    security(("bearer" = []))
)]
#[post("/mails/{id}/resend")]
pub async fn resend_mail(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<ItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path.into_inner().id;
    let mail = db::write_unobserved(&pool, move |conn| outbox::resend(conn, id)).await?;
    Ok(HttpResponse::Accepted().json(Mail::from(mail)))
}
