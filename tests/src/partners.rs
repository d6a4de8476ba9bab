//! Shortcuts for the partner-access suites: API tokens made through the API, and direct
//! looks into the database (what is stored at rest).

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{json, Value};

use crate::TestApp;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Text1 {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Every scope an API token may hold (the API's own vocabulary, so a new scope is tried too).
pub fn every_scope() -> Vec<&'static str> {
    gmd_api::partner_access::scopes::Scope::ALL
        .iter()
        .map(|scope| scope.as_str())
        .collect()
}

impl TestApp {
    /// Creates an API token as the admin with `scopes`, restricted to `event` if given;
    /// returns the created token (with its `secret`).
    pub async fn create_api_token(&self, scopes: &[&str], event: Option<&str>) -> Value {
        let admin = self.admin_token().await;
        let body = json!({"name": "Partner system", "scopes": scopes, "event": event});
        self.post("/api/v1/api-tokens", Some(&admin), &body)
            .await
            .expect(201)
    }

    /// The secret of a new API token with `scopes` (every event).
    pub async fn api_token(&self, scopes: &[&str]) -> String {
        self.create_api_token(scopes, None).await["secret"]
            .as_str()
            .expect("a secret")
            .to_owned()
    }

    /// Runs `SELECT COUNT(*) AS n …` straight on the database.
    pub fn count(&self, sql: &str) -> i64 {
        diesel::sql_query(sql)
            .get_result::<Count>(&mut *self.pool.get().expect("a connection"))
            .expect("the count runs")
            .n
    }

    /// Runs `SELECT <text> AS value …` straight on the database.
    pub fn texts(&self, sql: &str) -> Vec<String> {
        diesel::sql_query(sql)
            .load::<Text1>(&mut *self.pool.get().expect("a connection"))
            .expect("the query runs")
            .into_iter()
            .map(|row| row.value)
            .collect()
    }
}

impl TestApp {
    /// Runs one statement straight on the database (to age a row, say).
    pub fn execute(&self, sql: &str) {
        diesel::sql_query(sql)
            .execute(&mut *self.pool.get().expect("a connection"))
            .expect("the statement runs");
    }
}
