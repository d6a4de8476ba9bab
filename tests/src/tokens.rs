//! Hand-made JWTs, good and bad, for testing the API's token validation.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

/// Claims exactly like the API's access tokens, valid for 15 minutes from now.
pub fn access_claims(user_id: i64, role: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "iss": "gmd", "aud": "gmd-api", "sub": user_id.to_string(),
        "exp": now + 900, "nbf": now, "iat": now,
        "jti": uuid::Uuid::new_v4().to_string(), "typ": "access", "role": role,
    })
}

/// Signs `claims` with `secret`.
pub fn sign(claims: &Value, secret: &[u8], algorithm: Algorithm) -> String {
    encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("signable claims")
}

/// An unsigned token: header `{"alg":"none"}` and an empty signature.
pub fn unsigned(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{payload}.")
}

/// The decoded payload of a token (no verification).
pub fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON claims")
}

/// `token` with its payload replaced by `claims` and the original signature kept.
pub fn with_payload(token: &str, claims: &Value) -> String {
    let mut parts = token.split('.');
    let header = parts.next().expect("header");
    let signature = parts.nth(1).expect("signature");
    format!(
        "{header}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}
