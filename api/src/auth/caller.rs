//! Extractors: `Caller` requires a valid access token, `MaybeCaller` accepts none but
//! still rejects a bad one. The `partner_access::guard` middleware resolves the caller
//! first (a JWT of a live session, or a partner's API token; both need the database) and
//! leaves the answer in the request's extensions; the extractors read it from there.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::Role;
use crate::error::ApiError;
use crate::partner_access::TokenGrant;

/// The authenticated user behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub role: Role,
    /// Set for delegate users: the delegate record they are.
    pub delegate_id: Option<i64>,
    /// Set for exhibitor users: the exhibitor they act for.
    pub exhibitor_id: Option<i64>,
    /// Set when the caller is a partner's API token.
    pub token: Option<TokenGrant>,
}

impl Caller {
    /// Admins and organizers run the event; an API token acts as staff in an operation its
    /// scopes cover for writing (see [`TokenGrant::acts_as_staff`]).
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Organizer)
            || self.token.as_ref().is_some_and(|grant| grant.acts_as_staff)
    }

    /// Whether delegates' private fields may be shown to the caller: staff, and API tokens
    /// holding `delegates:read` and `delegates:read_private` (a delegate's own record is
    /// decided per record).
    pub fn reads_private_delegates(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Organizer)
            || self
                .token
                .as_ref()
                .is_some_and(TokenGrant::reads_private_delegates)
    }

    /// Fails with 403 unless the caller is an organizer or an admin.
    pub fn require_staff(&self) -> Result<(), ApiError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "this needs the organizer or admin role".into(),
            ))
        }
    }

    /// Fails with 403 unless the caller is an admin (never an API token).
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin && self.token.is_none() {
            Ok(())
        } else {
            Err(ApiError::Forbidden("this needs the admin role".into()))
        }
    }

    /// Whether the caller acts for the exhibitor `exhibitor_id`.
    pub fn is_exhibitor(&self, exhibitor_id: i64) -> bool {
        self.role == Role::Exhibitor && self.exhibitor_id == Some(exhibitor_id)
    }

    /// Whether the caller is the delegate `delegate_id`.
    pub fn is_delegate(&self, delegate_id: i64) -> bool {
        self.role == Role::Delegate && self.delegate_id == Some(delegate_id)
    }
}

/// A caller that may be anonymous; a token that is present must still be valid.
#[derive(Debug, Clone)]
pub struct MaybeCaller(pub Option<Caller>);

impl MaybeCaller {
    pub fn is_staff(&self) -> bool {
        self.0.as_ref().is_some_and(Caller::is_staff)
    }

    pub fn reads_private_delegates(&self) -> bool {
        self.0.as_ref().is_some_and(Caller::reads_private_delegates)
    }
}

/// The caller as resolved by the `partner_access::guard` middleware: `Err` holds why the
/// presented credentials were refused (a 401 for handlers that look at the caller).
#[derive(Debug, Clone)]
pub struct ResolvedCaller(pub Result<Option<Caller>, String>);

/// The bearer credential of a request, if any.
pub fn bearer(req: &HttpRequest) -> Result<Option<&str>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("the Authorization header is not ASCII".into()))?;
    match text.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::Unauthorized(
            "use `Authorization: Bearer <access token>`".into(),
        )),
    }
}

fn caller_from(req: &HttpRequest) -> Result<Option<Caller>, ApiError> {
    match req.extensions().get::<ResolvedCaller>() {
        Some(ResolvedCaller(resolved)) => resolved.clone().map_err(ApiError::Unauthorized),
        None => Err(ApiError::Internal(
            "the caller was not resolved: the guard middleware is missing".into(),
        )),
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(caller_from(req).and_then(|caller| {
            caller
                .ok_or_else(|| ApiError::Unauthorized("sign in: this needs a bearer token".into()))
        }))
    }
}

/// A caller who must be an organizer or an admin (or a token acting as one), checked when
/// the handler's arguments are extracted: placed before a body, a 403 never waits behind a
/// 422 about the body.
#[derive(Debug, Clone)]
pub struct Staff(pub Caller);

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(
            Caller::from_request(req, payload)
                .into_inner()
                .and_then(|caller| {
                    caller.require_staff()?;
                    Ok(Self(caller))
                }),
        )
    }
}

impl FromRequest for MaybeCaller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(caller_from(req).map(MaybeCaller))
    }
}
