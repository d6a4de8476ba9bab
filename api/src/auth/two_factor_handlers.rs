//! `/api/v1/auth/two-factor`: enrolment in two-factor sign-in (staff), and leaving it.

use actix_web::{delete, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::two_factor::{self, new_recovery_codes, new_secret, otpauth_url, qr_svg};
use super::users::User;
use super::{Caller, Role};
use crate::db::schema::users;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::http::json::JsonBody;

/// What an authenticator app needs: scan `qr_svg`, or type `secret`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth_url": "otpauth://totp/Global%20Mayors%20Dialogue:organizer%40gmd.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Global%20Mayors%20Dialogue",
    "qr_svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" …/>"
}))]
pub struct TwoFactorSetup {
    /// The shared secret, base32, for typing into an app.
    pub secret: String,
    pub otpauth_url: String,
    /// The `otpauth_url` as a QR code (SVG).
    pub qr_svg: String,
}

/// A code from the authenticator app (or, to leave, a recovery code).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "492039"}))]
pub struct TwoFactorCode {
    #[schema(max_length = 32)]
    pub code: String,
}

/// Recovery codes: each signs in once in place of an app's code. Shown only now.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"recovery_codes": ["k7m2p-x9q4r", "b3n8t-w2e6y"]}))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

fn staff_person(conn: &mut DbConnection, caller: &Caller) -> Result<User, ApiError> {
    if caller.token.is_some() || !matches!(caller.role, Role::Admin | Role::Organizer) {
        return Err(ApiError::Forbidden(
            "two-factor sign-in is for admins and organizers".into(),
        ));
    }
    User::find(conn, caller.user_id)?
        .ok_or_else(|| ApiError::Unauthorized("the account no longer exists".into()))
}

/// Begin enrolment (admins and organizers): a new secret for the authenticator app. It
/// takes effect once a code from the app confirms it (`/auth/two-factor/enable`).
#[utoipa::path(
    tag = "auth",
    operation_id = "set_up_two_factor",
    responses(
        (status = 200, description = "Scan or type this into an authenticator app", body = TwoFactorSetup),
        (status = 409, description = "Two-factor sign-in is already on"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/two-factor/setup")]
pub async fn set_up_two_factor(
    pool: web::Data<DbPool>,
    caller: Caller,
) -> Result<HttpResponse, ApiError> {
    let setup = db::write(&pool, move |conn| {
        let user = staff_person(conn, &caller)?;
        if user.has_two_factor() {
            return Err(ApiError::conflict(
                "two-factor sign-in is already on; turn it off first to change the app",
            ));
        }
        let secret = new_secret();
        diesel::update(users::table.find(user.id))
            .set(users::totp_secret.eq(&secret))
            .execute(conn)?;
        let otpauth_url = otpauth_url(&secret, &user.email)?;
        Ok(TwoFactorSetup {
            qr_svg: qr_svg(&otpauth_url)?,
            otpauth_url,
            secret,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(setup))
}

/// Confirm enrolment with a code from the app: two-factor sign-in is on from now, and
/// the ten recovery codes are shown, once.
#[utoipa::path(
    tag = "auth",
    operation_id = "enable_two_factor",
    request_body = TwoFactorCode,
    responses(
        (status = 200, description = "On; keep these codes safe", body = RecoveryCodes),
        (status = 409, description = "No enrolment was begun, or it is already on"),
        (status = 422, description = "The code is wrong"),
    ),
    security(("bearer" = []))
)]
#[post("/auth/two-factor/enable")]
pub async fn enable_two_factor(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<TwoFactorCode>,
) -> Result<HttpResponse, ApiError> {
    let code = body.into_inner().code;
    let codes = db::write(&pool, move |conn| {
        let user = staff_person(conn, &caller)?;
        if user.has_two_factor() {
            return Err(ApiError::conflict("two-factor sign-in is already on"));
        }
        let secret = user.totp_secret.clone().ok_or_else(|| {
            ApiError::conflict("begin with /auth/two-factor/setup to get a secret")
        })?;
        let step = two_factor::step_of(&secret, &user.email, &code)?
            .ok_or_else(|| ApiError::invalid("code", "the code is wrong or expired"))?;
        let (codes, hashes) = new_recovery_codes()?;
        diesel::update(users::table.find(user.id))
            .set((
                users::totp_enabled_at.eq(db::now()),
                users::totp_last_step.eq(step),
                users::recovery_codes.eq(hashes),
                users::updated_at.eq(db::now()),
                users::version.eq(users::version + 1),
            ))
            .execute(conn)?;
        Ok(RecoveryCodes {
            recovery_codes: codes,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(codes))
}

/// Turn two-factor sign-in off, with a current code or a recovery code.
#[utoipa::path(
    tag = "auth",
    operation_id = "disable_two_factor",
    request_body = TwoFactorCode,
    responses(
        (status = 204, description = "Off"),
        (status = 422, description = "The code is wrong or used"),
    ),
    security(("bearer" = []))
)]
#[delete("/auth/two-factor")]
pub async fn disable_two_factor(
    pool: web::Data<DbPool>,
    caller: Caller,
    body: JsonBody<TwoFactorCode>,
) -> Result<HttpResponse, ApiError> {
    let code = body.into_inner().code;
    db::write(&pool, move |conn| {
        let user = staff_person(conn, &caller)?;
        if !user.has_two_factor() || !two_factor::accept(conn, &user, &code)? {
            return Err(ApiError::invalid(
                "code",
                "the code is wrong or already used",
            ));
        }
        turn_off(conn, user.id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes `user_id`'s second factor (its owner leaving it, or an admin resetting a lost
/// one).
pub fn turn_off(conn: &mut DbConnection, user_id: i64) -> Result<(), ApiError> {
    diesel::update(users::table.find(user_id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_enabled_at.eq(None::<chrono::NaiveDateTime>),
            users::totp_last_step.eq(None::<i64>),
            users::recovery_codes.eq("[]"),
            users::updated_at.eq(db::now()),
            users::version.eq(users::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
