//! The per-statement timeout (`DB_STATEMENT_TIMEOUT_MS`) on both backends: a statement
//! past it is cancelled, its transaction rolled back, the request answers 503 problem+json
//! with `Retry-After`, and the connection serves the next request.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
use gmd_api::db::{self, PoolOptions};
use gmd_api::error::ApiError;
use gmd_tests::*;

/// Counts to 10^8: tens of seconds on either backend.
const SLOW: &str =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) \
                    SELECT count(*) FROM n";

fn probe_rows(app: &TestApp) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM audit_entries WHERE resource = 'timeout-probe'")
        .get_result::<Count>(&mut *app.pool.get().unwrap())
        .unwrap()
        .n
}

both_backends!(
    a_slow_statement_is_cancelled_and_rolled_back,
    |app| async move {
        let limit = Duration::from_millis(100);
        let pool = db::connect(
            &app.database.url,
            &PoolOptions {
                max_size: 1,
                statement_timeout: limit,
                ..PoolOptions::default()
            },
        )
        .unwrap();
        let backend_pid = |pool: &db::DbPool| {
            let mut conn = pool.get().unwrap();
            match &mut *conn {
                db::DbConnection::Postgresql(pg) => {
                    #[derive(diesel::QueryableByName)]
                    struct Pid {
                        #[diesel(sql_type = diesel::sql_types::Integer)]
                        pid: i32,
                    }
                    let row: Pid = diesel::sql_query("SELECT pg_backend_pid() AS pid")
                        .get_result(pg)
                        .unwrap();
                    Some(row.pid)
                }
                db::DbConnection::Sqlite(_) => None,
            }
        };
        let before = backend_pid(&pool);

        let started = Instant::now();
        let error = db::read(&pool, |conn| {
            diesel::sql_query(SLOW).execute(conn)?;
            Ok(())
        })
        .await
        .expect_err("cancelled");
        let took = started.elapsed();
        assert!(
            matches!(error, ApiError::StatementTimeout(Some(100))),
            "{error:?}"
        );
        assert!(took < Duration::from_secs(3), "cancelled after {took:?}");

        // A write that ran into the timeout leaves nothing behind.
        let error = db::write(&pool, |conn| {
            diesel::sql_query(
            "INSERT INTO audit_entries (occurred_at, resource, resource_id, action, created_at, \
             updated_at, version) VALUES (CURRENT_TIMESTAMP, 'timeout-probe', 1, 'created', \
             CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        )
        .execute(conn)?;
            diesel::sql_query(SLOW).execute(conn)?;
            Ok(())
        })
        .await
        .expect_err("cancelled");
        assert!(matches!(error, ApiError::StatementTimeout(_)), "{error:?}");
        assert_eq!(probe_rows(&app), 0, "the write was rolled back");

        // The one connection of the pool still works (on PostgreSQL: the very same session).
        let answer = db::read(&pool, |conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await;
        assert!(answer.is_ok(), "{answer:?}");
        assert_eq!(backend_pid(&pool), before, "the connection was kept");
    }
);

/// An app whose statements may run `limit`, with one connection.
async fn app_with_timeout(backend: Backend, limit: Duration) -> Option<TestApp> {
    let setup = Setup {
        pool: PoolOptions {
            max_size: 1,
            statement_timeout: limit,
            ..PoolOptions::default()
        },
        ..Setup::default()
    };
    TestApp::spawn_with(backend, setup).await
}

async fn answers_503_then_serves(
    app: TestApp,
    limit_ms: u64,
    hold: impl FnOnce() -> Box<dyn FnOnce()>,
) {
    let token = app.admin_token().await;
    let release = hold();
    let reply = app.get("/api/v1/audit?action=nothing", Some(&token)).await;
    release();
    let problem = reply.expect_problem(503);
    assert_eq!(problem["type"], "/problems/statement-timeout");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("longer than {limit_ms} ms")),
        "{problem}"
    );
    assert!(
        reply.header("retry-after").is_some(),
        "503 without Retry-After"
    );

    for path in [
        "/api/v1/audit?resource=city&resource_id=1",
        "/api/v1/cities",
    ] {
        app.get(path, Some(&token)).await.expect(200);
    }
}

mod over_http {
    use super::*;

    /// SQLite: a million audit entries make the unindexed filter a long scan.
    #[actix_web::test]
    async fn sqlite() {
        let app = app_with_timeout(Backend::Sqlite, Duration::from_millis(20))
            .await
            .unwrap();
        app.pool
            .get()
            .unwrap()
            .batch_execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) \
                 INSERT INTO audit_entries (occurred_at, resource, resource_id, action, created_at, \
                 updated_at, version) SELECT CURRENT_TIMESTAMP, 'city', i, 'updated', \
                 CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 FROM n",
            )
            .unwrap();
        answers_503_then_serves(app, 20, || Box::new(|| ())).await;
    }

    /// PostgreSQL: the table is locked by another session, so the statement waits.
    #[actix_web::test]
    async fn postgres() {
        use diesel::Connection;
        let Some(app) = app_with_timeout(Backend::Postgres, Duration::from_millis(300)).await
        else {
            return;
        };
        let url = app.database.url.clone();
        answers_503_then_serves(app, 300, move || {
            let mut locker = diesel::PgConnection::establish(&url).unwrap();
            locker
                .batch_execute("BEGIN; LOCK TABLE audit_entries IN ACCESS EXCLUSIVE MODE;")
                .unwrap();
            Box::new(move || locker.batch_execute("ROLLBACK").unwrap())
        })
        .await;
    }
}
