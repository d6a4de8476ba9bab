//! Password resets. Asking always answers 202 the same way, so it tells nothing about
//! whether an account exists; asks are throttled per address and per client (counted
//! whether or not the account exists). The mailed link works once, and the new password
//! ends every session of the account.

use actix_web::{post, web, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::invite;
use super::links::{self, Purpose};
use crate::auth::passwords;
use crate::auth::refresh_tokens;
use crate::auth::throttle;
use crate::auth::users::{AccountStatus, User};
use crate::db::schema::users;
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::json::JsonBody;
use crate::mail::MailSettings;

/// Asks per address inside the throttle's window.
const PER_ACCOUNT: i64 = 5;
/// Asks per client address inside the window.
const PER_CLIENT: i64 = 20;

/// Asking for a reset.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "organizer@gmd.example"}))]
pub struct PasswordResetRequest {
    #[schema(max_length = 254)]
    pub email: String,
}

/// The same answer whether or not the account exists.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"detail": "If an active account has this address, a link to choose a new password is on its way."}))]
pub struct PasswordResetAccepted {
    pub detail: String,
}

/// Choosing the new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q8Xb2mRk0vTz5LwN3cYh7sJd1fGa9pEu4iOo6nBt", "password": "aurora-reindeer-2026"}))]
pub struct PasswordResetConfirm {
    #[schema(max_length = 200)]
    pub token: String,
    /// The same policy as everywhere: 12 to 1024 characters, not easy to guess.
    #[schema(max_length = 1024)]
    pub password: String,
}

/// Ask for a password reset. Always 202 with the same body; an active account with this
/// address gets a mail with a one-time link (valid one hour). Five asks per address, or
/// twenty per client, within 15 minutes answer 429.
#[utoipa::path(
    tag = "auth",
    operation_id = "request_password_reset",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted (whether or not the account exists)", body = PasswordResetAccepted),
        (status = 422, description = "Not an e-mail address"),
        (status = 429, description = "Too many asks; see Retry-After"),
    ),
    security(())
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    mail: web::Data<MailSettings>,
    body: JsonBody<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = body.into_inner().email.trim().to_lowercase();
    if email.chars().count() > 254 || !email.contains('@') {
        return Err(ApiError::invalid("email", "must be an e-mail address"));
    }
    let counters = [
        (format!("reset-account:{email}"), PER_ACCOUNT),
        (
            format!("reset-ip:{}", crate::http::client_address::of(&req)),
            PER_CLIENT,
        ),
    ];
    let settings = mail.get_ref().clone();
    let wait = db::write(&pool, move |conn| {
        if let Some(wait) = throttle::wait_for(conn, &counters)? {
            return Ok(Some(wait));
        }
        let keys: Vec<String> = counters.iter().map(|(key, _)| key.clone()).collect();
        throttle::record(conn, &keys)?;
        let account = User::find_by_email(conn, &email)?
            .filter(|user| user.status() == AccountStatus::Active);
        if let Some(user) = account {
            invite::send_link(conn, &user, Purpose::PasswordReset, &settings, None)?;
        }
        Ok(None)
    })
    .await?;
    if let Some(retry_after_secs) = wait {
        return Err(ApiError::TooManyRequests {
            detail: "too many password reset requests; wait before asking again".into(),
            retry_after_secs,
        });
    }
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        detail:
            "If an active account has this address, a link to choose a new password is on its way."
                .into(),
    }))
}

/// Choose a new password with a reset link. The link works once (410 after); every
/// session of the account ends.
#[utoipa::path(
    tag = "auth",
    operation_id = "confirm_password_reset",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is changed; sign in with it"),
        (status = 404, description = "The link is not known"),
        (status = 410, description = "The link was used, replaced by a newer one, or expired"),
    ),
    security(())
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    pool: web::Data<DbPool>,
    body: JsonBody<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let PasswordResetConfirm { token, password } = body.into_inner();
    let peek = token.clone();
    let user = db::read(&pool, move |conn| {
        let user_id = links::account_of(conn, &peek, Purpose::PasswordReset)?;
        User::find(conn, user_id)?
            .ok_or_else(|| ApiError::Gone("the account no longer exists".into()))
    })
    .await?;
    passwords::check(&password, &[&user.email, &user.display_name])
        .map_err(|why| ApiError::invalid("password", why))?;
    let hash = web::block(move || passwords::hash(&password)).await??;
    db::write(&pool, move |conn| {
        let user_id = links::redeem(conn, &token, Purpose::PasswordReset)?;
        let updated = diesel::update(
            users::table
                .find(user_id)
                .filter(users::status.eq(AccountStatus::Active.as_str())),
        )
        .set((
            users::password_hash.eq(&hash),
            users::updated_at.eq(db::now()),
            users::version.eq(users::version + 1),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(ApiError::Gone("the account is no longer active".into()));
        }
        refresh_tokens::revoke_user(conn, user_id)?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
