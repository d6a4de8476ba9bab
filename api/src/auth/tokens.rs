//! Access and refresh JWTs. Validation is pinned: HS256 only, our `iss` and `aud`, `exp`
//! and `nbf` required and checked, and the token type must be the one expected.

use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::Role;
use crate::error::ApiError;

pub const ISSUER: &str = "gmd";
pub const AUDIENCE: &str = "gmd-api";
/// Access tokens live 15 minutes.
pub const ACCESS_TTL_SECS: i64 = 15 * 60;
/// Refresh tokens live 30 days.
pub const REFRESH_TTL_SECS: i64 = 30 * 24 * 3600;

/// The kind of a token, carried in its `typ` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenType {
    Access,
    Refresh,
}

/// The claims of both token types.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    pub typ: TokenType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The delegate record a delegate user is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegate_id: Option<i64>,
    /// The exhibitor an exhibitor user is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exhibitor_id: Option<i64>,
    /// The refresh-token family (refresh tokens only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fam: Option<String>,
    /// The session (access tokens only): the refresh-token family of the sign-in that
    /// issued the token. A request is answered only while the session is live, and the
    /// caller's role and binding are read from the account, not from the claims above
    /// (which are informative for clients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// The signing keys, built once from `JWT_SECRET`.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    verified: std::sync::Arc<VerifiedTokens>,
}

/// Access tokens whose signature and claims were already checked, until they expire: a
/// client sends the same token with every request, and checking the signature again would
/// give the same answer. (Whether the token's session is still live is a separate check,
/// `auth::sessions`, made on every request.)
#[derive(Debug, Default)]
struct VerifiedTokens(std::sync::RwLock<std::collections::HashMap<String, Claims>>);

/// Tokens remembered at most; when full the memory starts afresh.
const MAX_VERIFIED: usize = 10_000;

impl VerifiedTokens {
    fn get(&self, token: &str, now: i64) -> Option<Claims> {
        let tokens = self.0.read().unwrap_or_else(|e| e.into_inner());
        tokens
            .get(token)
            .filter(|claims| claims.nbf <= now + 5 && now < claims.exp)
            .cloned()
    }

    fn put(&self, token: &str, claims: &Claims) {
        let mut tokens = self.0.write().unwrap_or_else(|e| e.into_inner());
        if tokens.len() >= MAX_VERIFIED {
            tokens.clear();
        }
        tokens.insert(token.to_owned(), claims.clone());
    }
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys(..)")
    }
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            verified: std::sync::Arc::default(),
        }
    }

    /// Signs claims for a user and the record it is bound to, in the session `session` (the
    /// refresh-token family: `fam` of a refresh token, `sid` of an access token).
    pub fn issue(
        &self,
        typ: TokenType,
        user_id: i64,
        role: Role,
        delegate_id: Option<i64>,
        exhibitor_id: Option<i64>,
        session: String,
    ) -> Result<(String, Claims), ApiError> {
        let now = Utc::now().timestamp();
        let ttl = match typ {
            TokenType::Access => ACCESS_TTL_SECS,
            TokenType::Refresh => REFRESH_TTL_SECS,
        };
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            exp: now + ttl,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            typ,
            role: Some(role),
            delegate_id,
            exhibitor_id,
            fam: (typ == TokenType::Refresh).then(|| session.clone()),
            sid: (typ == TokenType::Access).then_some(session),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("cannot sign a token: {e}")))?;
        Ok((token, claims))
    }

    /// Verifies a token and that it is of the expected type.
    pub fn verify(&self, token: &str, expected: TokenType) -> Result<Claims, ApiError> {
        let now = Utc::now().timestamp();
        if let Some(claims) = self.verified.get(token, now).filter(|c| c.typ == expected) {
            return Ok(claims);
        }
        let claims = self.verify_signed(token, expected)?;
        if claims.typ == TokenType::Access {
            self.verified.put(token, &claims);
        }
        Ok(claims)
    }

    fn verify_signed(&self, token: &str, expected: TokenType) -> Result<Claims, ApiError> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| ApiError::Unauthorized(format!("the token is not valid: {e}")))?
            .claims;
        if claims.typ != expected {
            return Err(ApiError::Unauthorized(
                format!("a {:?} token cannot be used here", claims.typ).to_lowercase(),
            ));
        }
        Ok(claims)
    }
}
