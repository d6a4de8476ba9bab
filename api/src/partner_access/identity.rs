//! Who is calling: an access JWT of a live session (`auth::sessions`, remembered until the
//! next committed write) or a partner's API token (looked up by the hash of its secret on
//! every request, so a revocation holds from the very next request in every process; the
//! last use is recorded at most once a minute).

use actix_web::dev::ServiceRequest;
use actix_web::web;

use super::grant::TokenGrant;
use super::tokens::{ApiTokenRow, SECRET_PREFIX};
use crate::auth::{bearer, jwt_caller, Caller, Role};
use crate::db::{self, DbPool};
use crate::error::ApiError;

/// The caller of a request; a 401 for credentials that are refused.
pub async fn resolve(req: &ServiceRequest) -> Result<Option<Caller>, ApiError> {
    let Some(secret) = bearer(req.request())? else {
        return Ok(None);
    };
    if !secret.starts_with(SECRET_PREFIX) {
        return jwt_caller(req.request()).await;
    }
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .ok_or_else(|| ApiError::Internal("no database pool".into()))?
        .clone();
    let hash = crate::auth::secrets::hash(secret);
    let now = db::now();
    let found = db::read(&pool, move |conn| ApiTokenRow::find_by_hash(conn, &hash)).await?;
    let Some((row, event)) = found.filter(|(row, _)| row.is_active(now)) else {
        return Err(ApiError::Unauthorized(
            "the API token is unknown, revoked or expired".into(),
        ));
    };
    if row.use_is_news(now) {
        let id = row.id;
        db::write_unobserved(&pool, move |conn| ApiTokenRow::record_use(conn, id, now)).await?;
    }
    crate::changes::actor::remember(crate::changes::Actor {
        user_id: Some(row.user_id),
        token_id: Some(row.id),
    });
    Ok(Some(Caller {
        user_id: row.user_id,
        role: Role::Partner,
        delegate_id: None,
        exhibitor_id: None,
        token: Some(TokenGrant {
            token_id: row.id,
            scopes: row.scopes()?,
            event,
            acts_as_staff: false,
        }),
    }))
}
