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
            found.push(Operation {
                method,
                path: path.clone(),
                anonymous,
                query,
            });
        }
    }
    found
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
