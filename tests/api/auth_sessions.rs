//! Sessions are revocable: an access token is honoured only while its session (the
//! refresh-token family of its sign-in) is live, and its caller's role is the account's
//! role now, not the one in its claims. Logout, refresh-token reuse, a new password and a
//! role change hold from the next request, in this process and in another one on the same
//! database.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use gmd_api::auth::users;
use gmd_api::db::schema::users as users_table;
use gmd_tests::*;

const ME: &str = "/api/v1/auth/me";
const LOGOUT: &str = "/api/v1/auth/logout";
const REFRESH: &str = "/api/v1/auth/refresh";

fn text(value: &Value) -> &str {
    value.as_str().expect("a string")
}

/// Resends a request until it answers `status`, for at most a second, and returns how long
/// that took. Only for changes made by another process (here: the harness's own pool, as
/// `gmd admin` or a second server): those reach a server by notification, which its
/// listener reads every 20 ms. A change made through the server itself holds at once, and
/// the tests check that without retrying.
async fn until_status(
    status: u16,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> Result<Duration, Reply> {
    let started = Instant::now();
    loop {
        let reply = Reply::send(request()).await;
        if reply.status == status {
            return Ok(started.elapsed());
        }
        if started.elapsed() > Duration::from_secs(1) {
            return Err(reply);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

both_backends!(logout_ends_the_session_at_once, |app| async move {
    let pair = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    let other = app.login(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    let access = text(&pair["access_token"]);
    app.get(ME, Some(access)).await.expect(200);

    let body = json!({"refresh_token": pair["refresh_token"]});
    app.post(LOGOUT, None, &body).await.expect(204);

    // The very next request, without waiting: the logout's write moved the generation.
    let reply = app.get(ME, Some(access)).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
    reply.expect_problem(401);
    // Only that session ended: the other sign-in goes on.
    app.get(ME, Some(&other)).await.expect(200);
});

both_backends!(
    a_refresh_continues_the_session_and_reuse_ends_it,
    |app| async move {
        let first = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
        let refreshed = app
            .post(
                REFRESH,
                None,
                &json!({"refresh_token": first["refresh_token"]}),
            )
            .await
            .expect(200);
        // Same session: the older access token is still good until it expires.
        app.get(ME, Some(text(&first["access_token"])))
            .await
            .expect(200);
        app.get(ME, Some(text(&refreshed["access_token"])))
            .await
            .expect(200);

        // The used refresh token again: it leaked, so its family (the session) is revoked.
        app.post(
            REFRESH,
            None,
            &json!({"refresh_token": first["refresh_token"]}),
        )
        .await
        .expect_problem(401);
        for access in [&first["access_token"], &refreshed["access_token"]] {
            let reply = app.get(ME, Some(text(access))).await;
            assert_eq!(reply.status, 401, "{}", reply.body);
        }
    }
);

both_backends!(
    a_demoted_organizer_loses_staff_rights_on_the_next_request,
    |app| async move {
        let scenario = app.scenario().await;
        let email = app.create_user(gmd_api::auth::Role::Organizer, None);
        let token = app.login(&email, USER_PASSWORD).await;
        let staff_only = scenario.path("/delegates");
        app.get(&staff_only, Some(&token)).await.expect(200);

        // Written straight to the database as a tool does it (`gmd admin` runs its change
        // through the same announced write), not through this server.
        let demote = email.clone();
        gmd_api::db::write_now(&app.pool, move |conn| {
            diesel::update(users_table::table.filter(users_table::email.eq(demote)))
                .set(users_table::role.eq("delegate"))
                .execute(conn)?;
            Ok(())
        })
        .unwrap();

        let took = until_status(403, || {
            app.request(reqwest::Method::GET, &staff_only, Some(&token))
        })
        .await
        .unwrap_or_else(|reply| panic!("still {}: {}", reply.status, reply.body));
        eprintln!("the demotion held after {took:?}");
        // The token still claims "organizer"; the account says otherwise.
        assert_eq!(
            tokens::payload(&token)["role"],
            "organizer",
            "the claim is not what decides"
        );
        assert_eq!(
            app.get(ME, Some(&token)).await.expect(200)["role"],
            "delegate"
        );
    }
);

both_backends!(a_new_password_ends_every_session, |app| async move {
    let email = app.create_user(gmd_api::auth::Role::Organizer, None);
    let first = app.login_pair(&email, USER_PASSWORD).await;
    let second = app.login(&email, USER_PASSWORD).await;
    app.get(ME, Some(&second)).await.expect(200);

    // `gmd admin --email … --password …` resets the password (and makes an admin).
    let created = users::reset_admin(&app.pool, &email, "a-new-password-2026").unwrap();
    assert!(!created, "the account existed");

    for access in [text(&first["access_token"]), second.as_str()] {
        let took = until_status(401, || app.request(reqwest::Method::GET, ME, Some(access)))
            .await
            .unwrap_or_else(|reply| panic!("still {}: {}", reply.status, reply.body));
        eprintln!("the reset held after {took:?}");
    }
    app.post(
        REFRESH,
        None,
        &json!({"refresh_token": first["refresh_token"]}),
    )
    .await
    .expect_problem(401);
    let fresh = app.login(&email, "a-new-password-2026").await;
    assert_eq!(app.get(ME, Some(&fresh)).await.expect(200)["role"], "admin");
});

both_backends!(a_logout_on_one_server_holds_on_another, |app| async move {
    let peer = app.spawn_peer(&Setup::default());
    let on_peer = |token: &str| {
        app.client
            .get(format!("{peer}{ME}"))
            .bearer_auth(token.to_owned())
    };
    let pair = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    let access = text(&pair["access_token"]);
    // The peer has seen the session live (and remembers it).
    Reply::send(on_peer(access)).await.expect(200);
    Reply::send(on_peer(access)).await.expect(200);

    let body = json!({"refresh_token": pair["refresh_token"]});
    app.post(LOGOUT, None, &body).await.expect(204);

    // The peer hears of the write by notification (PostgreSQL) or by the file's data
    // version (SQLite), which its listener reads every 20 ms.
    let took = until_status(401, || on_peer(access))
        .await
        .unwrap_or_else(|reply| panic!("still {}: {}", reply.status, reply.body));
    eprintln!("the logout held on the peer after {took:?}");
    assert!(took < Duration::from_millis(200), "{took:?}");
});
