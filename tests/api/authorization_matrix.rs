//! The authorization matrix: every operation of the spec × the callers that must be turned
//! away, with the documented answer. (A token without an operation's scope is swept by
//! `partner_scope_matrix`.)
//! - anonymous, on every operation whose security has no anonymous alternative: 401;
//! - an API token with every scope, restricted to another event, on every operation under
//!   `/events/{event}/`: 403;
//! - a delegate on another delegate's resources (`/delegates/{id}/…`, and any write of
//!   `/delegates/{id}`): 401/403/404, never an answer;
//! - an exhibitor on another exhibitor's resources (`/exhibitors/{id}…` writes and
//!   recommendations): 403/404, never an answer.

use gmd_tests::spec::{self, Operation};
use gmd_tests::*;
use reqwest::Method;

const EVENT: &str = "harbin-2026";

/// The path of `op` with `{event}` filled, `{id}` after `/delegates` or `/exhibitors` set
/// to `other`, and any other id parameter to 1.
fn concrete(op: &Operation, delegate: i64, exhibitor: i64) -> String {
    let mut path = String::new();
    let mut previous = "";
    for segment in op.path.split('/').skip(1) {
        path.push('/');
        match segment {
            "{event}" => path.push_str(EVENT),
            s if s.starts_with('{') => path.push_str(&match previous {
                "delegates" => delegate.to_string(),
                "exhibitors" => exhibitor.to_string(),
                _ => "1".to_owned(),
            }),
            s => path.push_str(s),
        }
        previous = segment;
    }
    path
}

async fn call(app: &TestApp, op: &Operation, path: &str, token: Option<&str>) -> Reply {
    let request = app.request(op.method.clone(), path, token);
    let request = if [Method::POST, Method::PUT, Method::PATCH].contains(&op.method) {
        request.json(&json!({}))
    } else {
        request
    };
    Reply::send(request).await
}

both_backends!(every_operation_turns_away_who_it_must, |app| async move {
    app.seed_demo();
    let admin = app.login("admin@gmd.example", "admin-demo-2026").await;
    let delegate = app
        .login("delegate@gmd.example", "delegate-demo-2026")
        .await;
    let exhibitor = app
        .login("exhibitor@gmd.example", "exhibitor-demo-2026")
        .await;
    let own_delegate = app
        .get("/api/v1/auth/me", Some(&delegate))
        .await
        .expect(200)["delegate_id"]
        .as_i64()
        .unwrap();
    let own_exhibitor = app
        .get("/api/v1/auth/me", Some(&exhibitor))
        .await
        .expect(200)["exhibitor_id"]
        .as_i64()
        .unwrap();
    let other_delegate = app
        .ids_in(&admin, &format!("/events/{EVENT}/delegates"))
        .await
        .into_iter()
        .find(|id| *id != own_delegate)
        .unwrap();
    let other_exhibitor = app
        .ids_in(&admin, &format!("/events/{EVENT}/exhibitors"))
        .await
        .into_iter()
        .find(|id| *id != own_exhibitor)
        .unwrap();
    app.create_event("elsewhere-2027").await;
    let elsewhere = app
        .create_api_token(&every_scope(), Some("elsewhere-2027"))
        .await["secret"]
        .as_str()
        .unwrap()
        .to_owned();

    let operations = spec::operations();
    assert!(operations.len() > 100, "{} operations", operations.len());
    let mut cases = 0;
    let mut wrong = Vec::new();
    for op in &operations {
        let path = concrete(op, other_delegate, other_exhibitor);
        let name = format!("{} {}", op.method, op.path);
        let mut expect = |who: &str, reply: Reply, allowed: &[u16]| {
            cases += 1;
            if !allowed.contains(&reply.status) {
                wrong.push(format!("{who} {name} → {} {}", reply.status, reply.body));
            }
        };
        if !op.anonymous && !op.path.starts_with("/api/v1/auth/") {
            expect("anonymous", call(&app, op, &path, None).await, &[401]);
        }
        if op.path.starts_with("/api/v1/events/{event}/") {
            let reply = call(&app, op, &path, Some(&elsewhere)).await;
            expect("a token of another event", reply, &[403]);
        }
        let under_delegate = op.path.contains("/delegates/{id}/");
        let writes = op.method != Method::GET;
        if under_delegate || (writes && op.path.ends_with("/delegates/{id}")) {
            let reply = call(&app, op, &path, Some(&delegate)).await;
            expect("another delegate", reply, &[401, 403, 404]);
        }
        let under_exhibitor = op.path.contains("/exhibitors/{id}");
        if under_exhibitor && (writes || op.path.ends_with("/recommended-delegates")) {
            let reply = call(&app, op, &path, Some(&exhibitor)).await;
            expect("another exhibitor", reply, &[403, 404]);
        }
    }
    println!("authorization matrix: {cases} cases");
    assert!(cases > 150, "{cases} cases");
    assert!(
        wrong.is_empty(),
        "{} of {cases} cases answered otherwise than documented:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
});
