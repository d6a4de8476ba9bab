//! The database going away and coming back: answers are 503 problems with `Retry-After`
//! while it is unavailable, and 200 again once it returns, without restarting the app.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use gmd_api::db::PoolOptions;
use gmd_tests::*;

#[track_caller]
fn assert_unavailable(reply: &Reply) {
    reply.expect_problem(503);
    let retry_after = reply.header("retry-after").expect("Retry-After");
    assert!(
        retry_after.parse::<u64>().is_ok_and(|s| s > 0),
        "Retry-After {retry_after}"
    );
    assert!(
        !reply.body.to_lowercase().contains("postgres://"),
        "no connection details leak: {}",
        reply.body
    );
}

/// Polls `path` until it answers 200, for at most 15 seconds; returns the last reply.
async fn until_ok(app: &TestApp, path: &str) -> Reply {
    let mut reply = app.get(path, None).await;
    for _ in 0..75 {
        if reply.status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        reply = app.get(path, None).await;
    }
    reply
}

/// An app on PostgreSQL through a proxy the test can cut, with a small pool that gives up
/// waiting after a second; `None` without `TEST_DATABASE_URL`.
async fn behind_a_proxy() -> Option<TestApp> {
    let setup = Setup {
        pool: PoolOptions {
            max_size: 4,
            connection_timeout: Duration::from_secs(1),
            ..PoolOptions::default()
        },
        proxy: true,
        ..Setup::default()
    };
    TestApp::spawn_with(Backend::Postgres, setup).await
}

#[actix_web::test]
async fn postgres_going_away_is_503_and_coming_back_is_200() {
    let Some(app) = behind_a_proxy().await else {
        return;
    };
    let proxy = app.proxy.as_ref().expect("a proxy in front of PostgreSQL");
    let token = app.organizer_token().await;
    let city = app.new_city("Oulu").await;
    app.get("/health/ready", None).await.expect(200);

    proxy.cut().await;
    for path in [
        "/health/ready",
        "/api/v1/cities",
        &format!("/api/v1/cities/{city}"),
    ] {
        assert_unavailable(&app.get(path, None).await);
    }
    assert_unavailable(
        &app.post("/api/v1/cities", Some(&token), &city_body("Kemi"))
            .await,
    );
    assert_unavailable(&app.get("/health/ready", None).await);
    app.get("/health/live", None).await.expect(200);

    proxy.restore().await;
    until_ok(&app, "/health/ready").await.expect(200);
    assert_eq!(
        app.get("/api/v1/cities", None).await.expect(200)["total"],
        1
    );
    app.post("/api/v1/cities", Some(&token), &city_body("Kemi"))
        .await
        .expect(201);
    app.get(&format!("/api/v1/cities/{city}"), None)
        .await
        .expect(200);

    // And once more: recovery is not a one-off.
    proxy.cut().await;
    assert_unavailable(&app.get("/api/v1/cities", None).await);
    proxy.restore().await;
    assert_eq!(
        until_ok(&app, "/api/v1/cities").await.expect(200)["total"],
        2
    );
}

#[actix_web::test]
async fn sqlite_write_lock_is_503_then_writes_succeed() {
    let app = TestApp::spawn(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let token = app.organizer_token().await;
    app.new_city("Oulu").await;

    let path = app.database.sqlite_path().expect("a SQLite file");
    let mut lock = SqliteConnection::establish(path).expect("a second connection");
    lock.batch_execute("BEGIN EXCLUSIVE")
        .expect("the write lock");

    // Readers are not blocked (WAL); writers wait out the busy timeout, then get a 503.
    assert_eq!(
        app.get("/api/v1/cities", None).await.expect(200)["total"],
        1
    );
    app.get("/health/ready", None).await.expect(200);
    assert_unavailable(
        &app.post("/api/v1/cities", Some(&token), &city_body("Kemi"))
            .await,
    );

    lock.batch_execute("ROLLBACK")
        .expect("the lock is released");
    app.post("/api/v1/cities", Some(&token), &city_body("Kemi"))
        .await
        .expect(201);
    assert_eq!(
        app.get("/api/v1/cities", None).await.expect(200)["total"],
        2
    );
}

/// Every pooled connection busy for the whole wait is a 503 that says the server is busy
/// (`/problems/server-busy`, `Retry-After: 1`), not that the database is down; the request
/// holding the connection then completes.
#[actix_web::test]
async fn a_pool_wait_that_runs_out_is_server_busy() {
    let setup = Setup {
        pool: PoolOptions {
            max_size: 1,
            connection_timeout: Duration::from_millis(200),
            ..PoolOptions::default()
        },
        ..Setup::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, setup)
        .await
        .expect("SQLite always runs");
    let token = app.organizer_token().await;
    let city = app.new_city("Oulu").await;
    let path = app
        .database
        .sqlite_path()
        .expect("a SQLite file")
        .to_owned();
    // Another process holds the write lock, so the app's one connection waits in a write.
    let mut holder = SqliteConnection::establish(&path).expect("the file opens");
    holder
        .batch_execute("BEGIN IMMEDIATE")
        .expect("the write lock");
    let write = tokio::spawn(Reply::send(
        app.request(
            reqwest::Method::PATCH,
            &format!("/api/v1/cities/{city}"),
            Some(&token),
        )
        .json(&json!({"population": 200_000})),
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let busy = app.get(&format!("/api/v1/cities/{city}"), None).await;
    let problem = busy.expect_problem(503);
    assert_eq!(problem["type"], "/problems/server-busy", "{}", busy.body);
    assert_eq!(busy.header("retry-after"), Some("1"));
    holder
        .batch_execute("COMMIT")
        .expect("the lock is released");
    write.await.expect("the write finished").expect(200);
}

/// A PostgreSQL connection is asked whether it still answers only when in doubt (not on
/// every check-out): after the server went away and came back while the app sat idle, the
/// pooled connections are found dead and replaced before use, so no request fails. Cut and
/// restored under load, requests fail only while the server is away.
#[actix_web::test]
async fn a_server_gone_and_back_while_idle_costs_no_request() {
    let Some(app) = behind_a_proxy().await else {
        return;
    };
    let proxy = app.proxy.as_ref().expect("a proxy in front of PostgreSQL");
    let city = app.new_city("Oulu").await;
    // Several pooled connections, all used and returned.
    let reads = (0..8).map(|_| app.get("/api/v1/cities", None));
    for reply in futures_util::future::join_all(reads).await {
        reply.expect(200);
    }

    proxy.cut().await;
    proxy.restore().await;
    // Idle long enough that the pool doubts its connections.
    tokio::time::sleep(Duration::from_millis(700)).await;
    for _ in 0..12 {
        app.get(&format!("/api/v1/cities/{city}"), None)
            .await
            .expect(200);
    }

    // Cut while busy: the request that finds a connection gone fails; once the server is
    // back, the other connections of the pool are asked before use, so none fails again.
    proxy.cut().await;
    assert_unavailable(&app.get("/api/v1/cities", None).await);
    proxy.restore().await;
    let path = format!("/api/v1/cities/{city}");
    let reads = (0..12).map(|_| app.get(&path, None));
    for reply in futures_util::future::join_all(reads).await {
        reply.expect(200);
    }
}

/// With the database gone, a probe and a request learn it within about a second, whatever
/// the pool wait (here the default, 10 s): a balancer's probe with a short timeout sees a
/// 503, not a hang (issue 14, finding 7).
#[actix_web::test]
async fn a_lost_database_is_reported_within_a_second_not_after_the_pool_wait() {
    let setup = Setup {
        proxy: true,
        ..Setup::default()
    };
    let Some(app) = TestApp::spawn_with(Backend::Postgres, setup).await else {
        return;
    };
    assert_eq!(
        app.app_pool.statement_timeout(),
        PoolOptions::default().statement_timeout
    );
    app.get("/api/v1/cities", None).await.expect(200);
    app.proxy.as_ref().expect("a proxy").cut().await;
    for path in [
        "/health/ready",
        "/api/v1/cities",
        "/health/ready",
        "/api/v1/events",
    ] {
        let started = std::time::Instant::now();
        let reply = app.get(path, None).await;
        let took = started.elapsed();
        assert_unavailable(&reply);
        assert!(
            took < Duration::from_secs(4),
            "{path} took {took:?} to answer 503 (the pool waits {:?})",
            PoolOptions::default().connection_timeout
        );
    }
    app.get("/health/live", None).await.expect(200);
    app.proxy.as_ref().expect("a proxy").restore().await;
    until_ok(&app, "/health/ready").await.expect(200);
}

/// Reads never take the connections kept for writes (`db::lanes`). On PostgreSQL, a table
/// locked by another session makes every read of it wait inside the database, holding its
/// pooled connection. A write elsewhere, by a caller whose session must first be read, must
/// still be answered while they wait: before the lanes, the reads took every connection and
/// the write answered 503 "server busy" once its wait ran out; with lanes per unit of work
/// rather than per request, its session read waited behind the readers the same way. (On SQLite a lock that stops readers stops every writer too, so the
/// seam exists only on PostgreSQL.)
#[actix_web::test]
async fn a_write_is_answered_while_reads_hold_the_pool() {
    let setup = Setup {
        pool: PoolOptions {
            max_size: 5,
            connection_timeout: Duration::from_secs(3),
            statement_timeout: Duration::from_secs(30),
            ..PoolOptions::default()
        },
        ..Setup::default()
    };
    let Some(app) = TestApp::spawn_with(Backend::Postgres, setup).await else {
        return;
    };
    let token = app.organizer_token().await;
    let city = app.new_city("Oulu").await;
    let scenario = app.scenario().await;
    // A second sign-in, never used yet: the write's own first step is to read this session,
    // and that read must not wait in the readers' lane either.
    let writer = app.login(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    let mut holder = diesel::PgConnection::establish(&app.database.url).expect("a second session");
    holder
        .batch_execute("BEGIN; LOCK TABLE delegates IN ACCESS EXCLUSIVE MODE")
        .expect("the table lock");
    let reads: Vec<_> = (0..8)
        .map(|n| {
            tokio::spawn(Reply::send(app.request(
                reqwest::Method::GET,
                &scenario.path(&format!("/delegates?q=waiting{n}")),
                Some(&token),
            )))
        })
        .collect();
    // Let every read reach the database (or its turn) and wait there.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let write = tokio::time::timeout(
        Duration::from_secs(20),
        Reply::send(
            app.request(
                reqwest::Method::PATCH,
                &format!("/api/v1/cities/{city}"),
                Some(&writer),
            )
            .json(&json!({"population": 200_000})),
        ),
    )
    .await;
    holder
        .batch_execute("COMMIT")
        .expect("the lock is released");
    let write = write.expect("the write was answered within 20 s");
    assert_eq!(
        write.status, 200,
        "the write waited for the reads: {}",
        write.body
    );
    for read in reads {
        let read = read.await.expect("a read finished");
        assert!(
            read.status == 200 || read.status == 503,
            "a read answered {}: {}",
            read.status,
            read.body
        );
    }
}
