//! Invitations of delegates (organizers), one or a filtered set, and accepting an
//! invitation: the invitee sets a password, answers the privacy consent, and is signed in
//! with an account bound to their delegate record.

use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::invite::{self, invitee_of, Outcome};
use super::links::{self, Purpose};
use crate::auth::handlers::{issue_pair, TokenPair};
use crate::auth::tokens::TokenKeys;
use crate::auth::users::{AccountStatus, User};
use crate::auth::{passwords, Caller, Role};
use crate::db::schema::{delegates, users};
use crate::db::{self, DbPool};
use crate::delegates::AccreditationStatus;
use crate::error::ApiError;
use crate::events::EventRow;
use crate::http::json::JsonBody;
use crate::http::paths::{EventItemPath, EventPath};
use crate::mail::MailSettings;

/// The most delegates one bulk invitation reaches.
pub const MAX_BULK: usize = 5000;

/// How inviting one delegate ended.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"delegate_id": 6, "name": "Sanna Virtanen", "outcome": "sent", "user_id": 14, "mail_id": 40}))]
pub struct InvitationOutcome {
    pub delegate_id: i64,
    /// The delegate's name, as on their record.
    pub name: String,
    /// `sent`, `has_account` (the delegate or their address already has one: `user_id`)
    /// or `no_email` (the record has no e-mail address).
    pub outcome: String,
    pub user_id: Option<i64>,
    /// The invitation in the mail log, when sent.
    pub mail_id: Option<i64>,
}

/// Which delegates of the event to invite; absent filters match all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"delegation_id": 3, "accreditation_status": "accredited"}))]
pub struct BulkInvitation {
    pub delegation_id: Option<i64>,
    pub accreditation_status: Option<AccreditationStatus>,
    /// Only these delegates (at most 5,000).
    pub delegate_ids: Option<Vec<i64>>,
}

/// What a bulk invitation did, with each delegate's outcome.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "sent": 1, "has_account": 1, "no_email": 0,
    "outcomes": [
        {"delegate_id": 6, "name": "Sanna Virtanen", "outcome": "sent", "user_id": 14, "mail_id": 40},
        {"delegate_id": 7, "name": "Li Wei", "outcome": "has_account", "user_id": 9, "mail_id": null}
    ]
}))]
pub struct BulkInvitationReport {
    pub sent: usize,
    pub has_account: usize,
    pub no_email: usize,
    pub outcomes: Vec<InvitationOutcome>,
}

/// A link's secret, as the mail's address carries it after `#token=`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q8Xb2mRk0vTz5LwN3cYh7sJd1fGa9pEu4iOo6nBt"}))]
pub struct LinkToken {
    #[schema(max_length = 200)]
    pub token: String,
}

/// Who an invitation is for, for the accept page.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "sanna.virtanen@rovaniemi.example", "display_name": "Sanna Virtanen", "role": "delegate", "asks_consent": true, "language": "en"}))]
pub struct InvitationDetails {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// A delegate answers the privacy consent when accepting.
    pub asks_consent: bool,
    pub language: String,
}

/// Accepting an invitation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q8Xb2mRk0vTz5LwN3cYh7sJd1fGa9pEu4iOo6nBt", "password": "aurora-reindeer-2026", "consent_public_profile": true}))]
pub struct AcceptInvitation {
    #[schema(max_length = 200)]
    pub token: String,
    /// The same policy as everywhere: 12 to 1024 characters, not easy to guess.
    #[schema(max_length = 1024)]
    pub password: String,
    /// A delegate's answer to showing their profile publicly (required for delegates).
    pub consent_public_profile: Option<bool>,
}

fn outcome_of(delegate_id: i64, name: String, outcome: Option<Outcome>) -> InvitationOutcome {
    let (kind, user_id, mail_id) = match outcome {
        None => ("no_email", None, None),
        Some(Outcome::Sent { user_id, mail_id }) => ("sent", Some(user_id), Some(mail_id)),
        Some(Outcome::HasAccount { user_id }) => ("has_account", Some(user_id), None),
    };
    InvitationOutcome {
        delegate_id,
        name,
        outcome: kind.into(),
        user_id,
        mail_id,
    }
}

/// Invite a delegate (organizers): an account bound to the delegate, and a mail in their
/// language with a one-time link. A delegate (or address) that already has an account is a
/// 409 naming it; inviting a delegate whose invitation is pending sends a new link.
#[utoipa::path(
    tag = "people",
    operation_id = "invite_delegate",
    params(EventItemPath),
    responses(
        (status = 202, description = "The invitation is queued", body = InvitationOutcome),
        (status = 409, description = "The delegate or the address already has an account"),
        (status = 422, description = "The delegate has no e-mail address"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates/{id}/invitation")]
pub async fn invite_delegate(
    pool: web::Data<DbPool>,
    mail: web::Data<MailSettings>,
    caller: Caller,
    path: web::Path<EventItemPath>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let EventItemPath { event: slug, id } = path.into_inner();
    let (settings, by) = (mail.get_ref().clone(), caller.user_id);
    let outcome = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let invitee = invite::delegate_invitee(conn, event_id, id)?.ok_or_else(|| {
            ApiError::invalid("email", "the delegate has no e-mail address; add one first")
        })?;
        match invite::invite(conn, &invitee, &settings, Some(by))? {
            Outcome::HasAccount { user_id } => Err(ApiError::conflict_with(
                format!(
                    "delegate {id} ({}) already has an account (user {user_id})",
                    invitee.email
                ),
                "existing_id",
                user_id.into(),
            )),
            sent => Ok(outcome_of(id, invitee.display_name.clone(), Some(sent))),
        }
    })
    .await?;
    Ok(HttpResponse::Accepted().json(outcome))
}

/// Invite a set of the event's delegates (organizers), e.g. every accredited delegate of
/// one delegation. One transaction: the report gives each delegate's outcome, and the
/// mails leave from the outbox afterwards.
#[utoipa::path(
    tag = "people",
    operation_id = "invite_delegates",
    params(EventPath),
    request_body = BulkInvitation,
    responses(
        (status = 200, description = "Each delegate's outcome", body = BulkInvitationReport),
        (status = 422, description = "More than 5,000 delegates match; narrow the filter"),
    ),
    security(("bearer" = []))
)]
#[post("/events/{event}/invitations")]
pub async fn invite_delegates(
    pool: web::Data<DbPool>,
    mail: web::Data<MailSettings>,
    caller: Caller,
    path: web::Path<EventPath>,
    body: JsonBody<BulkInvitation>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let (slug, filter) = (path.into_inner().event, body.into_inner());
    if filter
        .delegate_ids
        .as_ref()
        .is_some_and(|ids| ids.len() > MAX_BULK)
    {
        return Err(ApiError::invalid(
            "delegate_ids",
            format!("at most {MAX_BULK} delegates at once"),
        ));
    }
    let (settings, by) = (mail.get_ref().clone(), caller.user_id);
    let report = db::write(&pool, move |conn| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        let mut query = delegates::table
            .filter(delegates::event_id.eq(event_id))
            .into_boxed();
        if let Some(delegation_id) = filter.delegation_id {
            query = query.filter(delegates::delegation_id.eq(delegation_id));
        }
        if let Some(status) = filter.accreditation_status {
            query = query.filter(delegates::accreditation_status.eq(status.as_str()));
        }
        if let Some(ids) = &filter.delegate_ids {
            query = query.filter(delegates::id.eq_any(ids));
        }
        let rows: Vec<(i64, String, String, Option<String>, String)> = query
            .order(delegates::id)
            .limit(i64::try_from(MAX_BULK).unwrap_or(i64::MAX) + 1)
            .select((
                delegates::id,
                delegates::given_name,
                delegates::family_name,
                delegates::email,
                delegates::languages,
            ))
            .load(conn)?;
        if rows.len() > MAX_BULK {
            return Err(ApiError::invalid(
                "delegation_id",
                format!("more than {MAX_BULK} delegates match; narrow the filter"),
            ));
        }
        let mut outcomes = Vec::with_capacity(rows.len());
        for (id, given, family, email, languages) in rows {
            let outcome = match invitee_of(id, &given, &family, email, &languages) {
                None => None,
                Some(invitee) => Some(invite::invite(conn, &invitee, &settings, Some(by))?),
            };
            let name = format!("{given} {family}").trim().to_owned();
            outcomes.push(outcome_of(id, name, outcome));
        }
        let count = |name: &str| outcomes.iter().filter(|o| o.outcome == name).count();
        Ok(BulkInvitationReport {
            sent: count("sent"),
            has_account: count("has_account"),
            no_email: count("no_email"),
            outcomes,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Look up an invitation by its link (anyone holding the link): who it is for, for the
/// accept page. 404 for an unknown link, 410 for one used, replaced or expired.
#[utoipa::path(
    tag = "people",
    operation_id = "lookup_invitation",
    request_body = LinkToken,
    responses(
        (status = 200, description = "The invitation", body = InvitationDetails),
        (status = 404, description = "The link is not known"),
        (status = 410, description = "The link was used, replaced by a newer one, or expired"),
    ),
    security(())
)]
#[post("/invitations/lookup")]
pub async fn lookup_invitation(
    pool: web::Data<DbPool>,
    body: JsonBody<LinkToken>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().token;
    let details = db::read(&pool, move |conn| {
        let user_id = links::account_of(conn, &token, Purpose::Invitation)?;
        let user = invited_account(conn, user_id)?;
        Ok(InvitationDetails {
            asks_consent: user.delegate_id.is_some(),
            role: user.role()?,
            email: user.email,
            display_name: user.display_name,
            language: user.language,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(details))
}

fn invited_account(conn: &mut db::DbConnection, user_id: i64) -> Result<User, ApiError> {
    User::find(conn, user_id)?
        .filter(|user| user.status() == AccountStatus::Invited)
        .ok_or_else(|| {
            ApiError::Gone("this invitation no longer applies to an invited account".into())
        })
}

/// Accept an invitation (anyone holding the link): set the password and, for a delegate,
/// answer the privacy consent. The account becomes active, bound to its delegate, and is
/// signed in. The link works once: a second accept is a 410.
#[utoipa::path(
    tag = "people",
    operation_id = "accept_invitation",
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "Accepted and signed in", body = TokenPair),
        (status = 404, description = "The link is not known"),
        (status = 410, description = "The link was used, replaced by a newer one, or expired"),
    ),
    security(())
)]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    body: JsonBody<AcceptInvitation>,
) -> Result<HttpResponse, ApiError> {
    let AcceptInvitation {
        token,
        password,
        consent_public_profile,
    } = body.into_inner();
    let (peek_token, peek_password) = (token.clone(), password.clone());
    // The policy is checked against the account's own address and name before any write.
    let user = db::read(&pool, move |conn| {
        let user_id = links::account_of(conn, &peek_token, Purpose::Invitation)?;
        invited_account(conn, user_id)
    })
    .await?;
    passwords::check(&peek_password, &[&user.email, &user.display_name])
        .map_err(|why| ApiError::invalid("password", why))?;
    if user.delegate_id.is_some() && consent_public_profile.is_none() {
        return Err(ApiError::invalid(
            "consent_public_profile",
            "a delegate answers whether their profile may be shown publicly (true or false)",
        ));
    }
    let hash = web::block(move || passwords::hash(&password)).await??;
    let keys = keys.into_inner();
    let pair = db::write(&pool, move |conn| {
        let user_id = links::redeem(conn, &token, Purpose::Invitation)?;
        let user = invited_account(conn, user_id)?;
        diesel::update(users::table.find(user_id))
            .set((
                users::password_hash.eq(&hash),
                users::status.eq(AccountStatus::Active.as_str()),
                users::updated_at.eq(db::now()),
                users::version.eq(users::version + 1),
            ))
            .execute(conn)?;
        if let (Some(delegate_id), Some(consent)) = (user.delegate_id, consent_public_profile) {
            diesel::update(delegates::table.find(delegate_id))
                .set((
                    delegates::consent_public_profile.eq(consent),
                    delegates::updated_at.eq(db::now()),
                    delegates::version.eq(delegates::version + 1),
                ))
                .execute(conn)?;
        }
        let user = User::find(conn, user_id)?
            .ok_or_else(|| ApiError::Internal("the accepted account vanished".into()))?;
        issue_pair(&keys, conn, &user, None)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pair))
}
