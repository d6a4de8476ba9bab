//! `/events/{event}/initiatives`: drafts hidden from the public, the lifecycle
//! (open, close, reopen), versioned texts that keep the old ones, and the version (ETag)
//! that moves with every change, endorsements included.

use gmd_api::auth::Role;
use gmd_tests::*;

use crate::partnerships_support::*;

async fn act(app: &TestApp, summit: &Summit, initiative: i64, action: &str) -> Reply {
    let token = app.organizer_token().await;
    let path = summit.initiative(initiative, &format!("/lifecycle/{action}"));
    app.post(&path, Some(&token), &json!({})).await
}

both_backends!(drafts_open_close_and_reopen, |app| async move {
    let (summit, draft) = new_initiative(&app, false).await;
    let organizer = app.organizer_token().await;
    let initiative = id(&draft);
    let path = summit.initiative(initiative, "");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["versions"], 1);
    assert_eq!(draft["current_version"]["number"], 1);
    assert_eq!(draft["endorsements"], 0);
    assert_eq!(draft["allowed_actions"], json!(["open"]));
    assert_eq!(draft["title"]["zh"], "哈尔滨倡议");

    // A draft is the organizers' own.
    app.get(&path, None).await.expect_problem(404);
    app.get(&summit.initiative(initiative, "/versions"), None)
        .await
        .expect_problem(404);
    app.get(&summit.endorsements(initiative), None)
        .await
        .expect_problem(404);
    assert_eq!(
        app.get(&summit.initiatives(), None).await.expect(200)["total"],
        0
    );
    assert_eq!(
        ids_of(
            &app.get(&summit.initiatives(), Some(&organizer))
                .await
                .expect(200)
        ),
        [initiative].into()
    );
    assert_eq!(app.get(&path, Some(&organizer)).await.expect(200), draft);

    // Illegal moves are 409s listing the allowed ones.
    for action in ["close", "reopen"] {
        let problem = act(&app, &summit, initiative, action)
            .await
            .expect_problem(409);
        assert_eq!(problem["allowed_transitions"], json!(["open"]));
        assert_eq!(problem["current_status"], "draft");
    }
    let open = act(&app, &summit, initiative, "open").await.expect(200);
    assert_eq!(open["status"], "open_for_endorsement");
    assert_eq!(open["allowed_actions"], json!(["close"]));
    assert_eq!(
        app.get(&path, None).await.expect(200)["status"],
        "open_for_endorsement"
    );
    assert_eq!(
        app.get(&summit.initiatives(), None).await.expect(200)["total"],
        1
    );
    let problem = act(&app, &summit, initiative, "open")
        .await
        .expect_problem(409);
    assert_eq!(problem["allowed_transitions"], json!(["close"]));

    let closed = act(&app, &summit, initiative, "close").await.expect(200);
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["allowed_actions"], json!(["reopen"]));
    // A closed initiative takes no new text.
    let reply = app
        .post(
            &summit.initiative(initiative, "/versions"),
            Some(&organizer),
            &json!({"text": {"en": "Too late"}}),
        )
        .await;
    assert_eq!(reply.expect_problem(409)["current_status"], "closed");
    let reopened = act(&app, &summit, initiative, "reopen").await.expect(200);
    assert_eq!(reopened["status"], "open_for_endorsement");
    assert_eq!(reopened["versions"], 1, "the refused text was not kept");

    // Only organizers create, retitle or move initiatives.
    let scenario = &summit.scenario;
    let delegate = app.new_delegate(scenario, "Aino", "Virtanen").await;
    let delegate = app.delegate_token(id(&delegate)).await;
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    for token in [Some(delegate.as_str()), Some(exhibitor.as_str()), None] {
        let expected = if token.is_some() { 403 } else { 401 };
        let replies = [
            app.post(&summit.initiatives(), token, &initiative_body("Another"))
                .await,
            app.patch(&path, token, &json!({"title": {"en": "Mine"}}))
                .await,
            app.post(
                &summit.initiative(initiative, "/lifecycle/close"),
                token,
                &json!({}),
            )
            .await,
            app.post(
                &summit.initiative(initiative, "/versions"),
                token,
                &json!({"text": {"en": "Mine"}}),
            )
            .await,
        ];
        for reply in replies {
            reply.expect_problem(expected);
        }
    }
    // Bad input is a clear problem.
    let problem = app
        .post(
            &summit.initiatives(),
            Some(&organizer),
            &json!({"title": {}, "text": {"en": "x"}}),
        )
        .await
        .expect_problem(422);
    assert_field_error(&problem, "title");
    app.get(&summit.initiative(999_999, ""), Some(&organizer))
        .await
        .expect_problem(404);
});

both_backends!(
    new_texts_keep_the_old_ones_and_move_the_version,
    |app| async move {
        let (summit, initiative) = new_initiative(&app, true).await;
        let organizer = app.organizer_token().await;
        let iid = id(&initiative);
        let path = summit.initiative(iid, "");
        let etag = |reply: &Reply| reply.header("etag").expect("an ETag").to_owned();
        let first = app.get(&path, None).await;
        let first_etag = etag(&first);
        assert_eq!(first_etag, format!("\"{iid}.{}\"", initiative["version"]));

        // A new text, under If-Match: a stale tag is a 412.
        let text = json!({"text": {"en": "We, the mayors, resolve…", "zh": "我们，各城市市长……"}});
        let stale = Reply::send(
            app.request(
                reqwest::Method::POST,
                &summit.initiative(iid, "/versions"),
                Some(&organizer),
            )
            .header("if-match", format!("\"{iid}.1\""))
            .json(&text),
        )
        .await;
        stale.expect_problem(412);
        let reply = Reply::send(
            app.request(
                reqwest::Method::POST,
                &summit.initiative(iid, "/versions"),
                Some(&organizer),
            )
            .header("if-match", &first_etag)
            .json(&text),
        )
        .await;
        let second = reply.expect(201);
        assert_eq!(second["versions"], 2);
        assert_eq!(second["current_version"]["number"], 2);
        assert_eq!(second["current_version"]["text"], text["text"]);
        assert!(second["version"].as_i64() > initiative["version"].as_i64());
        let versions = app
            .get(&summit.initiative(iid, "/versions"), None)
            .await
            .expect(200);
        let numbers: Vec<i64> = versions
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(
            versions[0]["text"], initiative["current_version"]["text"],
            "the old text is kept"
        );

        // Retitling moves the version too.
        let retitled = app
            .patch(
                &path,
                Some(&organizer),
                &json!({"title": {"en": "The Harbin Initiative"}}),
            )
            .await
            .expect(200);
        assert!(retitled["version"].as_i64() > second["version"].as_i64());
        assert_eq!(retitled["versions"], 2);

        // An endorsement, and its withdrawal, each move the version (and so the ETag).
        let before = app.get(&path, None).await;
        let delegate = app.new_delegate(&summit.scenario, "Aino", "Virtanen").await;
        let endorsement = endorse(
            &app,
            &summit,
            iid,
            &organizer,
            &json!({"delegate_id": id(&delegate)}),
        )
        .await
        .expect(201);
        assert_eq!(
            endorsement["version_number"], 2,
            "the latest text by default"
        );
        let after = app.get(&path, None).await;
        assert_ne!(etag(&after), etag(&before));
        assert_eq!(after.json()["endorsements"], 1);
        let withdrawn = app
            .delete(
                &format!("{}/{}", summit.endorsements(iid), id(&endorsement)),
                Some(&organizer),
            )
            .await;
        withdrawn.expect(200);
        let last = app.get(&path, None).await;
        assert_ne!(etag(&last), etag(&after));
        assert_eq!(last.json()["endorsements"], 0);
        // A conditional GET with the current tag is a 304.
        let cached = Reply::send(
            app.request(reqwest::Method::GET, &path, None)
                .header("if-none-match", etag(&last)),
        )
        .await;
        assert_eq!(cached.status, 304);
    }
);
