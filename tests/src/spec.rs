//! The committed OpenAPI document, read by the suites that sweep every operation (the
//! privacy crawler, the authorization matrix), and the ids the demo data has for its paths.

use serde_json::Value;

use crate::TestApp;

const SPEC: &str = include_str!("../../openapi/openapi.json");

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: reqwest::Method,
    /// The path template, e.g. `/api/v1/events/{event}/sessions/{id}`.
    pub path: String,
    /// Whether an anonymous caller may call it (`{}` among its security requirements).
    pub anonymous: bool,
    /// The names of its query parameters.
    pub query: Vec<String>,
    /// The properties of its JSON request body, if it takes one.
    pub body_fields: Vec<String>,
}

/// Every operation of the committed spec, in path order.
pub fn operations() -> Vec<Operation> {
    let spec: Value = serde_json::from_str(SPEC).expect("the committed spec is JSON");
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            let Ok(method) = method.to_uppercase().parse::<reqwest::Method>() else {
                continue;
            };
            if operation.get("responses").is_none() {
                continue;
            }
            let parameters = operation["parameters"].as_array().into_iter().flatten();
            let query = parameters
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect();
            let anonymous = operation["security"].as_array().is_some_and(|all| {
                all.iter()
                    .any(|s| s.as_object().is_some_and(|o| o.is_empty()))
            });
            let body = &operation["requestBody"]["content"]["application/json"]["schema"];
            let body_fields = resolve(&spec, body)["properties"]
                .as_object()
                .map(|properties| properties.keys().cloned().collect())
                .unwrap_or_default();
            found.push(Operation {
                method,
                path: path.clone(),
                anonymous,
                query,
                body_fields,
            });
        }
    }
    found
}

/// A schema with its `$ref`s followed.
fn resolve<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(name) = schema["$ref"].as_str() {
        let name = name.trim_start_matches("#/components/schemas/");
        schema = &spec["components"]["schemas"][name];
    }
    schema
}

impl TestApp {
    /// The ids `token` sees in the list at `collection` (under `/api/v1`, paged or not).
    pub async fn ids_in(&self, token: &str, collection: &str) -> Vec<i64> {
        let reply = self
            .get(&format!("/api/v1{collection}?per_page=100"), Some(token))
            .await;
        if reply.status != 200 {
            return Vec::new();
        }
        let json = reply.json();
        let items = json["items"]
            .as_array()
            .or(json.as_array())
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .filter_map(|item| item["id"].as_i64())
            .collect()
    }
}

/// The demo data's edition, which `{event}` is filled with.
pub const DEMO_EVENT: &str = "harbin-2026";

/// Every concrete path for `template`, filling `{event}` with the demo edition and each id
/// parameter with up to `per_parameter` ids of the collection before it (as `admin` lists
/// them), plus those of `must_try` that it holds.
pub async fn expand(
    app: &TestApp,
    admin: &str,
    template: &str,
    must_try: &std::collections::BTreeSet<i64>,
    per_parameter: usize,
) -> Vec<String> {
    let mut done = vec![String::new()];
    for segment in template.trim_start_matches("/api/v1").split('/').skip(1) {
        let mut next = Vec::new();
        for prefix in &done {
            if segment == "{event}" {
                next.push(format!("{prefix}/{DEMO_EVENT}"));
            } else if segment.starts_with('{') {
                let all = app.ids_in(admin, prefix).await;
                let mut chosen: Vec<i64> = all.iter().copied().take(per_parameter).collect();
                chosen.extend(all.iter().filter(|id| must_try.contains(id)));
                chosen.sort_unstable();
                chosen.dedup();
                next.extend(chosen.into_iter().map(|id| format!("{prefix}/{id}")));
            } else {
                next.push(format!("{prefix}/{segment}"));
            }
        }
        done = next;
    }
    done.into_iter()
        .map(|path| format!("/api/v1{path}"))
        .collect()
}
