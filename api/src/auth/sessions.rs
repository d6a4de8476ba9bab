//! Sessions: a sign-in starts one (a refresh-token family), refreshes continue it, and
//! logout, reuse of a refresh token and a new password end it. Every access token names its
//! session (`sid`), and a request is answered only while that session is live; the caller's
//! role and binding are read from the account then, never taken from the token's claims.
//!
//! So that this costs no database round trip per request, the answer for a session is kept
//! in memory under the change-feed generation read *before* looking it up, like a cached
//! list page: any committed write (a logout and a revocation are writes; so is a role or
//! password change) moves the generation, here at once and in every other process when its
//! notification arrives, and the next request of each session reads it again.

use std::collections::HashMap;
use std::sync::RwLock;

use actix_web::{web, HttpRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::caller::{bearer, Caller};
use super::tokens::{TokenKeys, TokenType};
use super::two_factor;
use super::users::AccountStatus;
use super::Role;
use crate::db::schema::{refresh_tokens, users};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;

/// A live session's account: id, role, delegate, exhibitor, and when it turned on
/// two-factor sign-in.
type SessionRow = (i64, String, Option<i64>, Option<i64>, Option<NaiveDateTime>);

/// Who a live session acts as, read from the account.
#[derive(Debug, Clone)]
struct Session {
    user_id: i64,
    role: Role,
    delegate_id: Option<i64>,
    exhibitor_id: Option<i64>,
    /// A staff account without two-factor sign-in while it is required: it may use only
    /// `/api/v1/auth/…` (to enrol) until it turns it on.
    must_enrol: bool,
}

impl Session {
    /// The session `sid` if it is live (a token of its family is not revoked), with its
    /// account as it is now. An account that no longer exists, or is not active
    /// (deactivated), has no session.
    fn load(conn: &mut DbConnection, sid: &str) -> Result<Option<Self>, ApiError> {
        let row: Option<SessionRow> = refresh_tokens::table
            .inner_join(users::table)
            .filter(refresh_tokens::family_id.eq(sid))
            .filter(refresh_tokens::revoked_at.is_null())
            .filter(users::status.eq(AccountStatus::Active.as_str()))
            .select((
                users::id,
                users::role,
                users::delegate_id,
                users::exhibitor_id,
                users::totp_enabled_at,
            ))
            .first(conn)
            .optional()?;
        let Some((user_id, role, delegate_id, exhibitor_id, two_factor)) = row else {
            return Ok(None);
        };
        let role = Role::parse(&role)
            .ok_or_else(|| ApiError::Internal(format!("user {user_id} has unknown role {role}")))?;
        let staff = matches!(role, Role::Admin | Role::Organizer);
        let must_enrol = staff && two_factor.is_none() && two_factor::required_for_staff(conn)?;
        Ok(Some(Self {
            user_id,
            role,
            delegate_id,
            exhibitor_id,
            must_enrol,
        }))
    }
}

/// Sessions seen recently, each with the change-feed generation it was read at (`None`:
/// not live).
#[derive(Debug, Default)]
pub struct SessionCache(RwLock<HashMap<String, (u64, Option<Session>)>>);

/// Where a staff account that must enrol in two-factor sign-in may still go: its own
/// account, enrolment and signing out.
const ENROLMENT_PATHS: &str = "/api/v1/auth/";

/// Sessions remembered at most; when full the memory starts afresh.
const MAX_SESSIONS: usize = 10_000;

impl SessionCache {
    /// The session `sid` as of now: from memory if nothing was written since it was read,
    /// else from the database.
    async fn find(&self, pool: &DbPool, sid: &str) -> Result<Option<Session>, ApiError> {
        let generation = pool.changes().current();
        if let Some(generation) = generation {
            let sessions = self.0.read().unwrap_or_else(|e| e.into_inner());
            if let Some((_, session)) = sessions.get(sid).filter(|(at, _)| *at == generation) {
                return Ok(session.clone());
            }
        }
        let key = sid.to_owned();
        let session = db::read(pool, move |conn| Session::load(conn, &key)).await?;
        if let Some(generation) = generation {
            let mut sessions = self.0.write().unwrap_or_else(|e| e.into_inner());
            if sessions.len() >= MAX_SESSIONS {
                sessions.clear();
            }
            sessions.insert(sid.to_owned(), (generation, session.clone()));
        }
        Ok(session)
    }
}

/// The caller of a request by its access JWT, if its session is live.
pub async fn jwt_caller(req: &HttpRequest) -> Result<Option<Caller>, ApiError> {
    let Some(token) = bearer(req)? else {
        return Ok(None);
    };
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| ApiError::Internal("token keys are not configured".into()))?;
    let claims = keys.verify(token, TokenType::Access)?;
    let user_id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiError::Unauthorized("the token's subject is not a user".into()))?;
    let sid = claims
        .sid
        .ok_or_else(|| ApiError::Unauthorized("the token names no session; sign in".into()))?;
    let (pool, sessions) = req
        .app_data::<web::Data<DbPool>>()
        .zip(req.app_data::<web::Data<SessionCache>>())
        .ok_or_else(|| ApiError::Internal("no database pool or session cache".into()))?;
    let session = sessions
        .find(pool, &sid)
        .await?
        .filter(|session| session.user_id == user_id)
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "the session has ended (signed out, revoked or a new password); sign in again"
                    .into(),
            )
        })?;
    if session.must_enrol && !req.path().starts_with(ENROLMENT_PATHS) {
        return Err(ApiError::SecondFactorSetupRequired);
    }
    crate::changes::actor::remember(crate::changes::Actor::user(user_id));
    Ok(Some(Caller {
        user_id,
        role: session.role,
        delegate_id: session.delegate_id,
        exhibitor_id: session.exhibitor_id,
        token: None,
    }))
}
