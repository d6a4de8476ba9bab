//! Security headers on every response: API answers, problem+json errors, 404s, the SPA's
//! files and Swagger UI alike, so no page or answer can be framed, sniffed into another
//! type, leak its URL as a referrer, or run script from anywhere but this origin.
//!
//! Private answers are not stored by browsers or shared caches: every answer to a request
//! that carried credentials (an `Authorization` header, or a private calendar feed's
//! `token` parameter) and every answer of `/api/v1/auth/…` gets `Cache-Control: no-store`,
//! unless its handler chose a `Cache-Control` itself. Public answers keep their caching
//! (ETags and 304s are unaffected: `no-store` only stops storing, not revalidation).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// The policy of the SPA, the API and everything but Swagger UI: scripts, styles, fonts
/// and requests from this origin only (Vite's build has no inline script or style; React's
/// `style` props are set through the CSSOM, which CSP allows), images also as `data:` URLs.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of Swagger UI under `/docs/`: the same, plus the one `<style>` element its
/// bundle (5.17.14, vendored by utoipa-swagger-ui) inserts, allowed by its hash. A new
/// Swagger UI that inserts another is caught by the browser suite (tests/e2e), which fails
/// on any CSP violation and prints the hash Chromium wants.
pub const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every response carries, whatever its path.
const ALWAYS: [(&str, &str); 3] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// Swagger UI's settings: the spec's URL, and no online validator, whose badge would load
/// an image from swagger.io (refused by the policy, and it would tell swagger.io our URL).
pub fn swagger_ui_config() -> utoipa_swagger_ui::Config<'static> {
    utoipa_swagger_ui::Config::new(["/api-docs/openapi.json"]).validator_url("none")
}

/// Middleware: adds the security headers, and `no-store` to private answers. An error of
/// inner middleware gets them when it becomes its response.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let private = is_private(&req);
    let docs = req.path() == "/docs" || req.path().starts_with("/docs/");
    match next.call(req).await {
        Ok(mut response) => {
            apply(response.headers_mut(), private, docs);
            Ok(response)
        }
        Err(mut error) => {
            error.add_response_mapper(move |mut response| {
                apply(response.headers_mut(), private, docs);
                response
            });
            Err(error)
        }
    }
}

/// Whether the request carried credentials or is an authentication call.
fn is_private(req: &ServiceRequest) -> bool {
    req.headers().contains_key(header::AUTHORIZATION)
        || req.path().starts_with("/api/v1/auth/")
        || req
            .query_string()
            .split('&')
            .any(|pair| pair == "token" || pair.starts_with("token="))
}

fn apply(headers: &mut HeaderMap, private: bool, docs: bool) {
    for (name, value) in ALWAYS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    let policy = if docs {
        DOCS_CONTENT_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    if private && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_answers_get_no_store_unless_the_handler_chose() {
        let mut headers = HeaderMap::new();
        apply(&mut headers, true, false);
        assert_eq!(
            headers.get(header::CACHE_CONTROL),
            Some(&HeaderValue::from_static("no-store"))
        );
        let mut chosen = HeaderMap::new();
        chosen.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        apply(&mut chosen, true, false);
        assert_eq!(
            chosen.get(header::CACHE_CONTROL),
            Some(&HeaderValue::from_static("no-cache"))
        );
        let mut public = HeaderMap::new();
        apply(&mut public, false, true);
        assert!(public.get(header::CACHE_CONTROL).is_none());
        assert_eq!(
            public.get(header::CONTENT_SECURITY_POLICY),
            Some(&HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY))
        );
    }
}
