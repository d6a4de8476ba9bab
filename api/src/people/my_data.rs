//! A person's own data: everything held about the signed-in person, as one JSON document
//! (`GET /api/v1/auth/me/export`), and a delegate's request to be erased, which an
//! organizer carries out (`erasure`).

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::users::{AccountStatus, User};
use crate::auth::{Caller, Role};
use crate::db::schema::{
    delegates, erasure_requests, exhibitors, mail_outbox, meetings, refresh_tokens, registrations,
    sessions,
};
use crate::db::{self, DbConnection, DbPool};
use crate::delegates::{Delegate, DelegateRow};
use crate::error::ApiError;
use crate::values::LangMap;

/// The account part of an export: never a password or a link.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAccount {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub language: String,
    /// Notification categories turned off.
    pub notifications_off: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A place in a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedRegistration {
    pub session_id: i64,
    pub session_title: LangMap,
    pub starts_at: DateTime<Utc>,
    pub status: String,
    pub registered_at: DateTime<Utc>,
}

/// A B2B meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedMeeting {
    pub id: i64,
    pub exhibitor: LangMap,
    pub status: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
}

/// A sign-in session.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSignIn {
    pub started_at: DateTime<Utc>,
    /// When it was ended (sign-out, a new password); `null` while it lasts.
    pub ended_at: Option<DateTime<Utc>>,
}

/// A mail written to the person (its subject and fate, not its body).
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedMail {
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// An erasure request and whether it was carried out.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedErasureRequest {
    pub requested_at: DateTime<Utc>,
    pub carried_out_at: Option<DateTime<Utc>>,
}

/// Everything held about the signed-in person (the response's `Date` says when it was
/// read: the document itself is the same until the data changes).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "account": {"id": 14, "email": "sanna.virtanen@rovaniemi.example", "display_name": "Sanna Virtanen", "role": "delegate", "status": "active", "language": "en", "notifications_off": [], "created_at": "2026-01-02T08:00:00Z", "updated_at": "2026-01-02T08:00:00Z"},
    "delegate": null, "registrations": [], "meetings": [], "sign_ins": [], "mails": [], "erasure_requests": []
}))]
pub struct MyData {
    pub account: ExportedAccount,
    /// The delegate record the account is bound to, with every field.
    pub delegate: Option<Delegate>,
    pub registrations: Vec<ExportedRegistration>,
    pub meetings: Vec<ExportedMeeting>,
    pub sign_ins: Vec<ExportedSignIn>,
    pub mails: Vec<ExportedMail>,
    pub erasure_requests: Vec<ExportedErasureRequest>,
}

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

fn lang_map(stored: &str) -> LangMap {
    serde_json::from_str(stored).unwrap_or_else(|_| LangMap(Default::default()))
}

fn person(conn: &mut DbConnection, caller: &Caller) -> Result<User, ApiError> {
    if caller.token.is_some() {
        return Err(ApiError::Forbidden(
            "a person's data is theirs to export; an API token is not a person".into(),
        ));
    }
    User::find(conn, caller.user_id)?
        .ok_or_else(|| ApiError::Unauthorized("the account no longer exists".into()))
}

fn export(conn: &mut DbConnection, user: User) -> Result<MyData, ApiError> {
    let delegate = user
        .delegate_id
        .map(|id| {
            delegates::table
                .find(id)
                .select(DelegateRow::as_select())
                .first(conn)
        })
        .transpose()?;
    let delegate_id = user.delegate_id.unwrap_or(-1);
    let registrations = registrations::table
        .inner_join(sessions::table)
        .filter(registrations::delegate_id.eq(delegate_id))
        .order(sessions::starts_at)
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            registrations::status,
            registrations::created_at,
        ))
        .load::<(i64, String, NaiveDateTime, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(
            |(session_id, title, starts_at, status, at)| ExportedRegistration {
                session_id,
                session_title: lang_map(&title),
                starts_at: utc(starts_at),
                status,
                registered_at: utc(at),
            },
        )
        .collect();
    let meetings = meetings::table
        .inner_join(exhibitors::table)
        .filter(meetings::delegate_id.eq(delegate_id))
        .order(meetings::id)
        .select((
            meetings::id,
            exhibitors::name,
            meetings::status,
            meetings::starts_at,
            meetings::message,
        ))
        .load::<(i64, String, String, Option<NaiveDateTime>, Option<String>)>(conn)?
        .into_iter()
        .map(
            |(id, exhibitor, status, starts_at, message)| ExportedMeeting {
                id,
                exhibitor: lang_map(&exhibitor),
                status,
                starts_at: starts_at.map(utc),
                message,
            },
        )
        .collect();
    let sign_ins = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user.id))
        .group_by(refresh_tokens::family_id)
        .select((
            diesel::dsl::min(refresh_tokens::created_at),
            diesel::dsl::max(refresh_tokens::revoked_at),
        ))
        .load::<(Option<NaiveDateTime>, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .filter_map(|(started, ended)| {
            started.map(|started| ExportedSignIn {
                started_at: utc(started),
                ended_at: ended.map(utc),
            })
        })
        .collect();
    let mails = mail_outbox::table
        .filter(mail_outbox::user_id.eq(user.id))
        .order(mail_outbox::id)
        .select((
            mail_outbox::kind,
            mail_outbox::subject,
            mail_outbox::status,
            mail_outbox::created_at,
            mail_outbox::sent_at,
        ))
        .load::<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .map(|(kind, subject, status, created, sent)| ExportedMail {
            kind,
            subject,
            status,
            created_at: utc(created),
            sent_at: sent.map(utc),
        })
        .collect();
    let erasure_requests = erasure_requests::table
        .filter(erasure_requests::delegate_id.eq(delegate_id))
        .order(erasure_requests::id)
        .select((
            erasure_requests::requested_at,
            erasure_requests::carried_out_at,
        ))
        .load::<(NaiveDateTime, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .map(|(requested, done)| ExportedErasureRequest {
            requested_at: utc(requested),
            carried_out_at: done.map(utc),
        })
        .collect();
    Ok(MyData {
        delegate: delegate.map(|row| row.full()).transpose()?,
        account: ExportedAccount {
            role: user.role()?,
            status: user.status(),
            notifications_off: crate::notifications::preferences::opted_out(&user.mail_opt_outs),
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            language: user.language,
            created_at: utc(user.created_at),
            updated_at: utc(user.updated_at),
        },
        registrations,
        meetings,
        sign_ins,
        mails,
        erasure_requests,
    })
}

/// Download everything held about me: my account (never its password), my delegate
/// record with every field, my places in sessions, my B2B meetings, my sign-in sessions,
/// the mails written to me (subjects, not bodies) and my erasure requests.
#[utoipa::path(
    tag = "auth",
    operation_id = "export_my_data",
    responses((status = 200, description = "My data", body = MyData,
        headers(("Content-Disposition" = String, description = "attachment; filename=\"my-data.json\"")))),
    security(("bearer" = []))
)]
#[get("/auth/me/export")]
pub async fn export_my_data(
    pool: web::Data<DbPool>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let data = db::read(&pool, move |conn| {
        let user = person(conn, &caller)?;
        export(conn, user)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"my-data.json\"",
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(data))
}

/// The request as recorded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 3, "delegate_id": 6, "requested_at": "2026-01-20T10:00:00Z", "carried_out_at": null}))]
pub struct ErasureRequest {
    pub id: i64,
    pub delegate_id: i64,
    pub requested_at: DateTime<Utc>,
    pub carried_out_at: Option<DateTime<Utc>>,
}

/// Ask to be erased (a delegate): organizers then remove my name, contacts, travel and
/// needs from my record. A pending request is answered again, not doubled.
#[utoipa::path(
    tag = "auth",
    operation_id = "request_erasure",
    responses(
        (status = 202, description = "Recorded; an organizer carries it out", body = ErasureRequest),
        (status = 403, description = "Only a delegate's account can ask"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/me/erasure-request")]
pub async fn request_erasure(
    pool: web::Data<DbPool>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let request = db::write(&pool, move |conn| {
        let user = person(conn, &caller)?;
        let delegate_id = user.delegate_id.ok_or_else(|| {
            ApiError::Forbidden("only a delegate's account can ask to be erased".into())
        })?;
        let pending = erasure_requests::table
            .filter(erasure_requests::delegate_id.eq(delegate_id))
            .filter(erasure_requests::carried_out_at.is_null())
            .select(erasure_requests::id)
            .first::<i64>(conn)
            .optional()?;
        let id = match pending {
            Some(id) => id,
            None => {
                let at = db::now();
                diesel::insert_into(erasure_requests::table)
                    .values((
                        erasure_requests::delegate_id.eq(delegate_id),
                        erasure_requests::requested_by.eq(user.id),
                        erasure_requests::requested_at.eq(at),
                        erasure_requests::created_at.eq(at),
                        erasure_requests::updated_at.eq(at),
                        erasure_requests::version.eq(1_i64),
                    ))
                    .returning(erasure_requests::id)
                    .get_result(conn)?
            }
        };
        super::erasure::request_of(conn, id)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(request))
}
