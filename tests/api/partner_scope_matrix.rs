//! Each scope grants exactly what the spec documents: for every operation of the spec that
//! accepts credentials × every scope, a token holding only that scope gets past the token
//! check exactly where the operation's `api_token` security lists that scope (or lists
//! none: open to any token). Operations without the `api_token` scheme refuse every token.
//!
//! "Got past" means the answer is not the token check's 403 (`required_scope`, or "API
//! tokens cannot call this operation"); whatever the handler answers next (404 for the
//! unknown ids used here, 422 for the empty body, 403 for staff-only work) is beyond it.

use gmd_tests::*;
use reqwest::Method;

/// One operation of the spec: method, path template, and the scopes its `api_token`
/// security lists (`None`: the scheme is not offered).
struct Operation {
    method: Method,
    path: String,
    token_scopes: Option<Vec<String>>,
}

fn operations() -> Vec<Operation> {
    let spec = serde_json::to_value(gmd_api::app::openapi_document()).expect("the spec");
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("an item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let security = operation["security"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            // Operations that take no credentials (sign-in, probes, calendar feeds) do not
            // read the Authorization header as a bearer credential: nothing to check.
            if !security.iter().any(|s| s.get("bearer").is_some()) {
                continue;
            }
            let token_scopes = security.iter().find_map(|s| {
                s.get("api_token").map(|scopes| {
                    scopes
                        .as_array()
                        .expect("a scope list")
                        .iter()
                        .map(|scope| scope.as_str().expect("a scope").to_owned())
                        .collect()
                })
            });
            found.push(Operation {
                method,
                path: path.clone(),
                token_scopes,
            });
        }
    }
    found
}

/// The path with `{event}` set to `event` and every other parameter to an unknown id.
fn concrete(template: &str, event: &str) -> String {
    template
        .split('/')
        .map(|segment| match segment {
            "{event}" => event.to_owned(),
            s if s.starts_with('{') => "999999".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the answer is the token check refusing the token.
fn refused_by_token_check(reply: &Reply) -> bool {
    if reply.status != 403 {
        return false;
    }
    let body = reply.json();
    body.get("required_scope").is_some()
        || body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("API tokens cannot call this operation"))
}

both_backends!(
    each_scope_passes_exactly_its_documented_operations,
    |app| async move {
        let scenario = app.scenario().await;
        let operations = operations();
        assert!(operations.len() > 100, "{} operations", operations.len());
        let mut wrong = Vec::new();
        let mut cases = 0;
        for scope in every_scope() {
            let token = app.api_token(&[scope]).await;
            for operation in &operations {
                let path = concrete(&operation.path, &scenario.event);
                let mut request = app.request(operation.method.clone(), &path, Some(&token));
                if matches!(operation.method, Method::POST | Method::PUT | Method::PATCH) {
                    request = request.json(&json!({}));
                }
                let reply = Reply::send(request).await;
                let expected = operation
                    .token_scopes
                    .as_ref()
                    .is_some_and(|scopes| scopes.is_empty() || scopes.iter().any(|s| s == scope));
                let passed = !refused_by_token_check(&reply);
                cases += 1;
                if passed != expected {
                    wrong.push(format!(
                        "{scope} on {} {}: expected {}, got {} {}",
                        operation.method,
                        operation.path,
                        if expected {
                            "to pass"
                        } else {
                            "the token check's 403"
                        },
                        reply.status,
                        reply.body
                    ));
                }
            }
        }
        assert!(cases > 1000, "{cases} cases");
        assert!(
            wrong.is_empty(),
            "{} of {cases} cases wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
);
