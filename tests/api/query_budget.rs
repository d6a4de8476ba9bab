//! The query budget: a list page costs a fixed number of statements, whatever its size. For
//! every list of the spec (with the demo data), a page of 100 must run no more statements
//! than a page of 2; a statement per row (N+1) fails. Statements are counted by the pooled
//! connections' instrumentation (`DbPool::statements_run` of the app's pool).

use std::collections::BTreeSet;

use gmd_tests::spec;
use gmd_tests::*;
use reqwest::Method;

/// Statements run for one GET of `path`.
async fn cost(app: &TestApp, token: &str, path: &str) -> (u64, Reply) {
    let before = app.app_pool.statements_run();
    let reply = app.get(path, Some(token)).await;
    (app.app_pool.statements_run() - before, reply)
}

both_backends!(
    a_list_page_costs_the_same_statements_at_any_size,
    |app| async move {
        app.seed_demo();
        let admin = app.admin_token().await;
        app.get("/api/v1/auth/me", Some(&admin)).await.expect(200);
        let (mut measured, mut with_rows) = (0, 0);
        let mut over = Vec::new();
        for op in spec::operations() {
            let paged = op.query.iter().any(|q| q == "per_page");
            if op.method != Method::GET || !paged || op.path.ends_with('}') {
                continue;
            }
            for path in spec::expand(&app, &admin, &op.path, &BTreeSet::new(), 1).await {
                let (small, reply) = cost(&app, &admin, &format!("{path}?per_page=2")).await;
                if reply.status != 200 {
                    continue;
                }
                let items = reply.json()["total"].as_i64().unwrap_or_default();
                let (large, _) = cost(&app, &admin, &format!("{path}?per_page=100")).await;
                assert!(small > 0, "{path}: no statement counted");
                measured += 1;
                with_rows += usize::from(items > 2);
                if large > small && items > 2 {
                    // The pool's counter also counts its own work (a doubtful PostgreSQL
                    // connection is asked `SELECT 1`, a new one is set up), which only adds
                    // to it, so the fewest of a few tries is the page's own cost.
                    let (mut small, mut large) = (u64::MAX, u64::MAX);
                    for _ in 0..5 {
                        let query = format!("{path}?per_page=2&page=1");
                        small = small.min(cost(&app, &admin, &query).await.0);
                        let query = format!("{path}?per_page=100&page=1");
                        large = large.min(cost(&app, &admin, &query).await.0);
                    }
                    if large > small {
                        over.push(format!(
                            "{path}: {small} statements for 2, {large} for {items}"
                        ));
                    }
                }
            }
        }
        println!("query budget: {measured} lists, {with_rows} with more than 2 items");
        assert!(measured >= 20, "the budget covers the lists ({measured})");
        assert!(
            with_rows >= 12,
            "most lists have rows to multiply ({with_rows})"
        );
        assert!(
            over.is_empty(),
            "lists that run a statement per row:\n  {}",
            over.join("\n  ")
        );
    }
);
