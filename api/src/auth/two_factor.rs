//! Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step of skew) with
//! `totp-rs`, and ten single-use recovery codes. A code is accepted once: the step it
//! matched must be later than the last one accepted, recorded by a conditional update, so
//! two sign-ins racing with one code get one session. Recovery codes are kept as SHA-256
//! hashes and removed when used.

use diesel::prelude::*;
use rand::Rng;
use totp_rs::{Builder, Secret, Totp};

use super::secrets;
use super::users::User;
use crate::db::schema::{platform_settings, users};
use crate::db::DbConnection;
use crate::error::ApiError;

/// The name authenticator apps show.
pub const ISSUER: &str = "Global Mayors Dialogue";
/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// The setting that makes staff accounts enrol.
pub const REQUIRE_FOR_STAFF: &str = "require_staff_two_factor";

/// A new random secret (160 bits, base32).
pub fn new_secret() -> String {
    let bytes: [u8; 20] = rand::random();
    Secret::from(bytes.to_vec()).to_base32()
}

fn totp(secret: &str, account: &str) -> Result<Totp, ApiError> {
    let secret = Secret::try_from_base32(secret)
        .map_err(|e| ApiError::Internal(format!("a stored TOTP secret is not base32: {e:?}")))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .map_err(|e| ApiError::Internal(format!("cannot make a TOTP: {e:?}")))
}

/// The `otpauth://` address authenticator apps read (from the QR code).
pub fn otpauth_url(secret: &str, account: &str) -> Result<String, ApiError> {
    totp(secret, account)?
        .to_url()
        .map_err(|e| ApiError::Internal(format!("cannot make an otpauth URL: {e:?}")))
}

/// `text` as a QR code, an SVG image.
pub fn qr_svg(text: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| ApiError::Internal(format!("cannot make a QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build())
}

/// The time step `code` matches for `secret`, if it does now.
pub fn step_of(secret: &str, account: &str, code: &str) -> Result<Option<i64>, ApiError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(totp(secret, account)?
        .check_current(&digits)
        .and_then(|step| i64::try_from(step).ok()))
}

/// New recovery codes (shown once) and their stored form.
pub fn new_recovery_codes() -> Result<(Vec<String>, String), ApiError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut code: String = (0..10)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect();
            code.insert(5, '-');
            code
        })
        .collect();
    let hashes: Vec<String> = codes.iter().map(|code| recovery_hash(code)).collect();
    Ok((codes, serde_json::to_string(&hashes)?))
}

fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    secrets::hash(&normal)
}

/// Accepts `code` (a TOTP code or an unused recovery code) as `user`'s second factor,
/// using it up; `false` when it is wrong or already used.
pub fn accept(conn: &mut DbConnection, user: &User, code: &str) -> Result<bool, ApiError> {
    let Some(secret) = &user.totp_secret else {
        return Ok(false);
    };
    if let Some(step) = step_of(secret, &user.email, code)? {
        let used = diesel::update(
            users::table.find(user.id).filter(
                users::totp_last_step
                    .is_null()
                    .or(users::totp_last_step.lt(step)),
            ),
        )
        .set(users::totp_last_step.eq(step))
        .execute(conn)?;
        return Ok(used == 1);
    }
    let hash = recovery_hash(code);
    let hashes: Vec<String> = serde_json::from_str(&user.recovery_codes).unwrap_or_default();
    if !hashes.contains(&hash) {
        return Ok(false);
    }
    let left: Vec<&String> = hashes.iter().filter(|h| **h != hash).collect();
    let used = diesel::update(
        users::table
            .find(user.id)
            .filter(users::recovery_codes.eq(&user.recovery_codes)),
    )
    .set(users::recovery_codes.eq(serde_json::to_string(&left)?))
    .execute(conn)?;
    Ok(used == 1)
}

/// Whether admins and organizers must sign in with a second factor.
pub fn required_for_staff(conn: &mut DbConnection) -> Result<bool, ApiError> {
    let value: Option<String> = platform_settings::table
        .filter(platform_settings::name.eq(REQUIRE_FOR_STAFF))
        .select(platform_settings::value)
        .first(conn)
        .optional()?;
    Ok(value.as_deref() == Some("true"))
}
