//! `/api/v1/auth`: login, refresh, logout and the current user.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::refresh_tokens::{self, Rotation};
use super::throttle;
use super::tokens::{TokenKeys, TokenType, ACCESS_TTL_SECS};
use super::two_factor;
use super::users::{AccountStatus, User};
use super::{passwords, Caller, Role};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::json::JsonBody;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "organizer@gmd.example", "password": "organizer-demo-2026"}))]
pub struct LoginRequest {
    #[schema(max_length = 254)]
    pub email: String,
    #[schema(max_length = 1024)]
    pub password: String,
    /// The code of an authenticator app (or a recovery code), for an account with
    /// two-factor sign-in: without it the answer is 401 `/problems/second-factor-required`.
    #[schema(max_length = 32)]
    pub code: Option<String>,
}

/// A token pair of a new session. Send the access token as `Authorization: Bearer …`;
/// trade the refresh token at `/auth/refresh` before the access token expires. Each refresh
/// token works once. The access token is honoured while its session lasts (until logout,
/// refresh-token reuse or a new password), with the account's role of the moment.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.sig", "refresh_token": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
    "token_type": "Bearer", "expires_in": 900
}))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// A refresh token, to rotate or revoke.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "eyJhbGciOiJIUzI1NiJ9.e30.sig"}))]
pub struct RefreshRequest {
    #[schema(max_length = 4096)]
    pub refresh_token: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": 2, "email": "organizer@gmd.example", "display_name": "Demo Organizer", "role": "organizer", "delegate_id": null, "exhibitor_id": null}))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The delegate record of a delegate user.
    pub delegate_id: Option<i64>,
    /// The exhibitor of an exhibitor user.
    pub exhibitor_id: Option<i64>,
}

/// Starts a session of `user` (or continues `family`): a signed token pair, its refresh
/// token recorded.
pub fn issue_pair(
    keys: &TokenKeys,
    conn: &mut db::DbConnection,
    user: &User,
    family: Option<String>,
) -> Result<TokenPair, ApiError> {
    let role = user.role()?;
    // A sign-in starts a session (a new family); a refresh continues it.
    let family = family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let (access_token, _) = keys.issue(
        TokenType::Access,
        user.id,
        role,
        user.delegate_id,
        user.exhibitor_id,
        family.clone(),
    )?;
    let (refresh_token, claims) = keys.issue(
        TokenType::Refresh,
        user.id,
        role,
        user.delegate_id,
        user.exhibitor_id,
        family,
    )?;
    refresh_tokens::record(conn, user.id, &claims)?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECS,
    })
}

/// Sign in with e-mail and password.
///
/// Five failures for one account (or twenty from one address) within 15 minutes lock
/// further attempts with 429 and `Retry-After`. An account with two-factor sign-in sends
/// `code` as well: the first answer without it is 401 `/problems/second-factor-required`
/// (the password was right), and each code works once.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 401, description = "Wrong e-mail or password; or, with `/problems/second-factor-required`, a right password for an account that also needs `code`; or a wrong two-factor code"),
        (status = 403, description = "The account is deactivated"),
        (status = 429, description = "Too many failed attempts; see Retry-After"),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        email,
        password,
        code,
    } = body.into_inner();
    let address = crate::http::client_address::of(&req);
    let (lookup_email, lookup_address) = (email.clone(), address.clone());
    let (locked, user) = db::read(&pool, move |conn| {
        match throttle::retry_after(conn, &lookup_email, &lookup_address)? {
            Some(wait) => Ok((Some(wait), None)),
            None => Ok((None, User::find_by_email(conn, &lookup_email)?)),
        }
    })
    .await?;
    if let Some(retry_after_secs) = locked {
        return Err(ApiError::TooManyRequests {
            detail: "too many failed sign-ins; wait before trying again".into(),
            retry_after_secs,
        });
    }
    let stored_hash = user.as_ref().map_or_else(
        || passwords::decoy_hash().to_owned(),
        |u| u.password_hash.clone(),
    );
    let matches = web::block(move || passwords::verify(&password, &stored_hash)).await?;
    let Some(user) = user.filter(|_| matches) else {
        crate::metrics::sign_in_failed();
        db::write_unobserved(&pool, move |conn| {
            throttle::record_failure(conn, &email, &address)
        })
        .await?;
        return Err(ApiError::Unauthorized("wrong e-mail or password".into()));
    };
    if user.status() != AccountStatus::Active {
        return Err(ApiError::Forbidden(
            "this account is deactivated; ask an administrator".into(),
        ));
    }
    if user.has_two_factor() && code.is_none() {
        return Err(ApiError::SecondFactorRequired);
    }
    let keys = keys.into_inner();
    let (failed_email, failed_address) = (email.clone(), address.clone());
    let pair = db::write(&pool, move |conn| {
        let second = match (&code, user.has_two_factor()) {
            (Some(code), true) => two_factor::accept(conn, &user, code)?,
            _ => true,
        };
        if !second {
            return Ok(None);
        }
        throttle::record_success(conn, &email)?;
        issue_pair(&keys, conn, &user, None).map(Some)
    })
    .await?;
    let Some(pair) = pair else {
        crate::metrics::sign_in_failed();
        db::write_unobserved(&pool, move |conn| {
            throttle::record_failure(conn, &failed_email, &failed_address)
        })
        .await?;
        return Err(ApiError::Unauthorized(
            "the two-factor code is wrong or was already used".into(),
        ));
    };
    Ok(HttpResponse::Ok().json(pair))
}

/// Trade a refresh token for a new pair.
///
/// The presented token is used up; the new pair continues the same session. Presenting a
/// used token again revokes its whole family: the session ends, and its access tokens are
/// refused (401) from the next request on.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_token",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenPair),
        (status = 401, description = "Invalid, expired, used or revoked refresh token"),
    ),
    security(())
)]
#[post("/auth/refresh")]
pub async fn refresh(
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let claims = keys.verify(&body.refresh_token, TokenType::Refresh)?;
    let keys = keys.into_inner();
    let outcome = db::write(&pool, move |conn| {
        match refresh_tokens::rotate(conn, &claims.jti)? {
            Rotation::Rotated { user_id, family_id } => {
                let user = User::find(conn, user_id)?
                    .filter(|user| user.status() == AccountStatus::Active)
                    .ok_or_else(|| {
                        ApiError::Unauthorized(
                            "the account no longer exists or is deactivated".into(),
                        )
                    })?;
                issue_pair(&keys, conn, &user, Some(family_id)).map(Some)
            }
            Rotation::ReuseDetected => Ok(None),
            Rotation::Invalid => Err(ApiError::Unauthorized(
                "the refresh token is unknown or expired".into(),
            )),
        }
    })
    .await?;
    match outcome {
        Some(pair) => Ok(HttpResponse::Ok().json(pair)),
        None => Err(ApiError::Unauthorized(
            "this refresh token was already used; every session of this sign-in is revoked".into(),
        )),
    }
}

/// Sign out: end the session of this refresh token.
///
/// Its whole family is revoked, and every access token of the session is refused (401)
/// from the next request on, in every API process.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Invalid refresh token"),
    ),
    security(())
)]
#[post("/auth/logout")]
pub async fn logout(
    pool: web::Data<DbPool>,
    keys: web::Data<TokenKeys>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let claims = keys.verify(&body.refresh_token, TokenType::Refresh)?;
    let family = claims.fam.unwrap_or_default();
    db::write(&pool, move |conn| {
        refresh_tokens::revoke_family(conn, &family)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    responses((status = 200, description = "The current user", body = Me)),
    security(("bearer" = []))
)]
#[get("/auth/me")]
pub async fn me(pool: web::Data<DbPool>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let user = db::read(&pool, move |conn| Ok(User::find(conn, caller.user_id)?))
        .await?
        .ok_or_else(|| ApiError::Unauthorized("the account no longer exists".into()))?;
    Ok(HttpResponse::Ok().json(Me {
        id: user.id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role()?,
        delegate_id: user.delegate_id,
        exhibitor_id: user.exhibitor_id,
    }))
}
