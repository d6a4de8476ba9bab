//! One-time links: invitations and password resets. The token is shown once, in the mail;
//! only its SHA-256 is stored. A link works until it expires, is used, or a newer link of
//! the same purpose for the same account replaces it. Using one is a conditional update,
//! so of two requests racing with the same link exactly one wins.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::secrets;
use crate::db::schema::account_tokens as t;
use crate::db::{now, DbConnection};
use crate::error::ApiError;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }

    /// The SPA page that takes the link; the token travels in the fragment, which
    /// browsers never send to a server, so no access log records it.
    pub fn page(self) -> &'static str {
        match self {
            Self::Invitation => "/invitation",
            Self::PasswordReset => "/reset-password",
        }
    }
}

/// Random characters of a token (about 238 bits).
const TOKEN_CHARS: usize = 40;

/// A new link's secret and when it stops working.
#[derive(Debug)]
pub struct Issued {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

impl Issued {
    /// The address to open: `public_url` + the purpose's page + `#token=…`.
    pub fn url(&self, public_url: &str, purpose: Purpose) -> String {
        format!("{public_url}{}#token={}", purpose.page(), self.token)
    }

    /// When it expires, as mails show it (UTC).
    pub fn expires_text(&self) -> String {
        self.expires_at.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// Issues a link for `user_id`, replacing every unused link of the same purpose.
pub fn issue(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: Purpose,
    lifetime: std::time::Duration,
    created_by: Option<i64>,
) -> Result<Issued, ApiError> {
    revoke_unused(conn, user_id, Some(purpose))?;
    let at = now();
    let token = secrets::random(TOKEN_CHARS);
    let expires_at = at + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::days(7));
    diesel::insert_into(t::table)
        .values((
            t::user_id.eq(user_id),
            t::purpose.eq(purpose.as_str()),
            t::token_hash.eq(secrets::hash(&token)),
            t::created_by.eq(created_by),
            t::created_at.eq(at),
            t::expires_at.eq(expires_at),
            t::updated_at.eq(at),
            t::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(Issued { token, expires_at })
}

/// Revokes every unused link of `user_id` (a deactivated account's).
pub fn revoke_all(conn: &mut DbConnection, user_id: i64) -> Result<(), ApiError> {
    revoke_unused(conn, user_id, None)
}

/// Revokes `user_id`'s unused links of `purpose` (of every purpose for `None`).
fn revoke_unused(
    conn: &mut DbConnection,
    user_id: i64,
    purpose: Option<Purpose>,
) -> Result<(), ApiError> {
    let at = now();
    let mut unused = t::table
        .filter(t::user_id.eq(user_id))
        .filter(t::used_at.is_null())
        .filter(t::revoked_at.is_null())
        .into_boxed();
    if let Some(purpose) = purpose {
        unused = unused.filter(t::purpose.eq(purpose.as_str()));
    }
    let ids: Vec<i64> = unused.select(t::id).load(conn)?;
    diesel::update(t::table.filter(t::id.eq_any(&ids)))
        .set((
            t::revoked_at.eq(at),
            t::updated_at.eq(at),
            t::version.eq(t::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

type LinkRow = (
    i64,
    i64,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

/// The account of a usable link: 404 for a token never issued (for this purpose), 410
/// for one used, replaced or expired.
pub fn account_of(conn: &mut DbConnection, token: &str, purpose: Purpose) -> Result<i64, ApiError> {
    let (_, user_id) = usable(conn, token, purpose)?;
    Ok(user_id)
}

/// Uses the link up and returns its account; errors as [`account_of`]. Of two requests
/// with one link, the second gets 410.
pub fn redeem(conn: &mut DbConnection, token: &str, purpose: Purpose) -> Result<i64, ApiError> {
    let (id, user_id) = usable(conn, token, purpose)?;
    let at = now();
    let used = diesel::update(
        t::table
            .filter(t::id.eq(id))
            .filter(t::used_at.is_null())
            .filter(t::revoked_at.is_null()),
    )
    .set((
        t::used_at.eq(at),
        t::updated_at.eq(at),
        t::version.eq(t::version + 1),
    ))
    .execute(conn)?;
    if used == 0 {
        return Err(ApiError::Gone("this link was already used".into()));
    }
    Ok(user_id)
}

fn usable(conn: &mut DbConnection, token: &str, purpose: Purpose) -> Result<(i64, i64), ApiError> {
    let found: Option<LinkRow> = t::table
        .filter(t::token_hash.eq(secrets::hash(token.trim())))
        .filter(t::purpose.eq(purpose.as_str()))
        .select((t::id, t::user_id, t::expires_at, t::used_at, t::revoked_at))
        .first(conn)
        .optional()?;
    let Some((id, user_id, expires_at, used_at, revoked_at)) = found else {
        return Err(ApiError::NotFound("this link is not known".into()));
    };
    if used_at.is_some() {
        return Err(ApiError::Gone("this link was already used".into()));
    }
    if revoked_at.is_some() {
        return Err(ApiError::Gone(
            "a newer link replaced this one; use the latest mail".into(),
        ));
    }
    if expires_at <= now() {
        return Err(ApiError::Gone(format!(
            "this link expired at {} UTC; ask for a new one",
            expires_at.format("%Y-%m-%d %H:%M")
        )));
    }
    Ok((id, user_id))
}
