//! The committed spec (`openapi/openapi.json`) must be exactly what the code generates.
//! Regenerate it with `cargo xtask openapi`.

#[test]
fn committed_spec_matches_the_code() {
    let generated = gmd_api::app::openapi_document()
        .to_pretty_json()
        .expect("the document renders");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).expect("openapi/openapi.json exists");
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is out of date: run `cargo xtask openapi` and commit it"
    );
}

#[test]
fn every_operation_has_a_summary_security_an_example_and_error_responses() {
    let document: serde_json::Value =
        serde_json::from_str(&gmd_api::app::openapi_document().to_json().expect("renders"))
            .expect("valid JSON");
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() >= 15, "expected every route in the spec");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let name = format!("{method} {path}");
            assert!(operation["operationId"].is_string(), "{name}: operationId");
            assert!(operation["summary"].is_string(), "{name}: summary");
            assert!(operation["security"].is_array(), "{name}: security");
            let responses = operation["responses"].as_object().expect("responses");
            assert!(responses.contains_key("500"), "{name}: 500 response");
            assert!(
                responses.keys().any(|s| s.starts_with('4')),
                "{name}: a 4xx response"
            );
            let text = operation.to_string();
            let has_example = text.contains("\"example")
                || responses.values().any(|r| r.to_string().contains("$ref"))
                || operation["requestBody"].to_string().contains("$ref");
            assert!(has_example, "{name}: examples");
        }
    }
}
