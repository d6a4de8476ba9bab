//! Refresh tokens are JWTs whose `jti` is recorded here. Each is used once: refreshing
//! marks it used and issues the next of its family. Presenting a used or revoked token
//! again means it leaked, so the whole family is revoked. A family is a session
//! (`auth::sessions`): its access tokens are honoured while it has a token not revoked.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::tokens::Claims;
use crate::db::schema::refresh_tokens;
use crate::db::DbConnection;
use crate::error::ApiError;

/// What happened to a presented refresh token.
#[derive(Debug)]
pub enum Rotation {
    /// The token was valid and is now used; issue the next one for this user and family.
    Rotated { user_id: i64, family_id: String },
    /// The token had been used or revoked before: its family is now revoked.
    ReuseDetected,
    /// The token is unknown or expired.
    Invalid,
}

/// Records a freshly issued refresh token.
pub fn record(conn: &mut DbConnection, user_id: i64, claims: &Claims) -> Result<(), ApiError> {
    let now = Utc::now().naive_utc();
    let expires_at = DateTime::from_timestamp(claims.exp, 0)
        .map(|t| t.naive_utc())
        .unwrap_or(now);
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family_id.eq(claims.fam.clone().unwrap_or_default()),
            refresh_tokens::token_id.eq(&claims.jti),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::updated_at.eq(now),
            refresh_tokens::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(())
}

/// Uses the token once, race-free: the conditional update succeeds for one caller only.
pub fn rotate(conn: &mut DbConnection, token_id: &str) -> Result<Rotation, ApiError> {
    let now = Utc::now().naive_utc();
    let claimed = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::token_id.eq(token_id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null())
            .filter(refresh_tokens::expires_at.gt(now)),
    )
    .set((
        refresh_tokens::used_at.eq(now),
        refresh_tokens::updated_at.eq(now),
        refresh_tokens::version.eq(refresh_tokens::version + 1),
    ))
    .execute(conn)?;
    let row: Option<(i64, String, NaiveDateTime)> = refresh_tokens::table
        .filter(refresh_tokens::token_id.eq(token_id))
        .select((
            refresh_tokens::user_id,
            refresh_tokens::family_id,
            refresh_tokens::expires_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match (claimed, row) {
        (1, Some((user_id, family_id, _))) => Rotation::Rotated { user_id, family_id },
        (_, Some((_, family_id, expires_at))) if expires_at > now => {
            revoke_family(conn, &family_id)?;
            Rotation::ReuseDetected
        }
        _ => Rotation::Invalid,
    })
}

/// Revokes every token of a family (logout, or reuse detected).
pub fn revoke_family(conn: &mut DbConnection, family_id: &str) -> Result<usize, ApiError> {
    let now = Utc::now().naive_utc();
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(now),
        refresh_tokens::updated_at.eq(now),
        refresh_tokens::version.eq(refresh_tokens::version + 1),
    ))
    .execute(conn)?)
}

/// Revokes every session of a user (a new password): each family still live.
pub fn revoke_user(conn: &mut DbConnection, user_id: i64) -> Result<usize, ApiError> {
    let now = Utc::now().naive_utc();
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set((
        refresh_tokens::revoked_at.eq(now),
        refresh_tokens::updated_at.eq(now),
        refresh_tokens::version.eq(refresh_tokens::version + 1),
    ))
    .execute(conn)?)
}
