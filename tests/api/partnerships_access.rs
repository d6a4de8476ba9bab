//! Who sees and writes partnerships: the public reads signed and active ones everywhere
//! (list, item, network, partners, stats); a delegate may propose one involving their own
//! city and sees their city's proposals; only organizers write anything else.

use std::collections::BTreeSet;

use gmd_api::auth::Role;
use gmd_tests::*;

use crate::partnerships_support::*;

/// The edge ids of a network answer.
#[track_caller]
fn edge_ids(network: &Value) -> BTreeSet<i64> {
    network["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("edges in {network}"))
        .iter()
        .map(id)
        .collect()
}

/// Every write on partnership `tie` and its documents, as `token` (or anonymously).
async fn writes(app: &TestApp, tie: i64, token: Option<&str>) -> Vec<Reply> {
    let agreement = json!({"title": {"en": "Memorandum"}, "kind": "memorandum",
        "signed_on": "2002-06-01"});
    let milestone = json!({"occurred_on": "2019-02-14", "kind": "visit",
        "description": {"en": "A visit"}});
    vec![
        app.post(&partnership(tie, "/lifecycle/negotiate"), token, &json!({}))
            .await,
        app.patch(&partnership(tie, ""), token, &json!({"notes": "mine"}))
            .await,
        app.post(&partnership(tie, "/agreements"), token, &agreement)
            .await,
        app.post(&partnership(tie, "/milestones"), token, &milestone)
            .await,
        app.delete(&partnership(tie, ""), token).await,
    ]
}

both_backends!(the_public_sees_only_signed_and_active, |app| async move {
    let harbin = city_in(&app, "Harbin", "CN").await;
    let edmonton = city_in(&app, "Edmonton", "CA").await;
    let magdeburg = city_in(&app, "Magdeburg", "DE").await;
    let proposed = partner(&app, harbin, edmonton, "sister_city", "proposed").await;
    let signed = partner(&app, harbin, magdeburg, "sister_city", "signed").await;
    let active = partner(&app, edmonton, magdeburg, "sister_city", "active").await;
    let negotiating = partner(&app, harbin, edmonton, "friendship_city", "negotiating").await;
    let suspended = partner(&app, edmonton, magdeburg, "friendship_city", "suspended").await;
    let ended = partner(&app, harbin, magdeburg, "friendship_city", "ended").await;
    let public = BTreeSet::from([signed, active]);

    let listed = app.get(PARTNERSHIPS, None).await.expect(200);
    assert_eq!(ids_of(&listed), public);
    assert_eq!(listed["total"], 2);
    for hidden in [proposed, negotiating, suspended, ended] {
        for rest in ["", "/history", "/agreements", "/milestones"] {
            app.get(&partnership(hidden, rest), None)
                .await
                .expect_problem(404);
        }
    }
    for shown in &public {
        app.get(&partnership(*shown, ""), None).await.expect(200);
        app.get(&partnership(*shown, "/history"), None)
            .await
            .expect(200);
    }
    let network = app
        .get(&format!("{PARTNERSHIPS}/network"), None)
        .await
        .expect(200);
    assert_eq!(edge_ids(&network), public);
    // Asking for a hidden status shows nothing rather than leaking it.
    let network = app
        .get(&format!("{PARTNERSHIPS}/network?status=proposed"), None)
        .await
        .expect(200);
    assert_eq!(network["edges"], json!([]));
    assert_eq!(network["nodes"], json!([]));
    let listed = app
        .get(&format!("{PARTNERSHIPS}?status=suspended"), None)
        .await
        .expect(200);
    assert_eq!(listed["total"], 0);

    let partners = app
        .get(&format!("/api/v1/cities/{harbin}/partners"), None)
        .await
        .expect(200);
    let shown: Vec<i64> = partners["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["partnership_id"].as_i64().unwrap())
        .collect();
    assert_eq!(shown, [signed]);

    let stats = app
        .get(&format!("{PARTNERSHIPS}/stats"), None)
        .await
        .expect(200);
    assert_eq!(stats["total"], 2);
    assert_eq!(stats["by_status"], json!({"signed": 1, "active": 1}));
    assert_eq!(stats["by_kind"], json!({"sister_city": 2}));

    // Organizers see everything.
    let organizer = app.organizer_token().await;
    let stats = app
        .get(&format!("{PARTNERSHIPS}/stats"), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(stats["total"], 6);
    let network = app
        .get(&format!("{PARTNERSHIPS}/network"), Some(&organizer))
        .await
        .expect(200);
    assert_eq!(edge_ids(&network).len(), 6);
    assert_eq!(partnership_count(&app).await, 6);
});

both_backends!(
    a_delegate_proposes_for_their_own_city_only,
    |app| async move {
        let scenario = app.scenario().await;
        let own = scenario.city_id;
        let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
        let token = app.delegate_token(id(&delegate)).await;
        let harbin = city_in(&app, "Harbin", "CN").await;
        let edmonton = city_in(&app, "Edmonton", "CA").await;

        // Proposals involving their own city, in either position.
        let reply = app
            .post(
                PARTNERSHIPS,
                Some(&token),
                &partnership_body(own, harbin, "sister_city"),
            )
            .await;
        let mine = reply.expect(201);
        assert_eq!(mine["status"], "proposed");
        let also_mine = app
            .post(
                PARTNERSHIPS,
                Some(&token),
                &with(
                    partnership_body(edmonton, own, "friendship_city"),
                    json!({"status": "proposed", "fields": ["tourism"]}),
                ),
            )
            .await
            .expect(201);

        // Anything else is forbidden, and writes nothing.
        for body in [
            partnership_body(harbin, edmonton, "sister_city"),
            with(
                partnership_body(harbin, edmonton, "sister_city"),
                json!({"status": "proposed"}),
            ),
            with(
                partnership_body(own, harbin, "cooperation_agreement"),
                json!({"status": "active"}),
            ),
            with(
                partnership_body(own, harbin, "cooperation_agreement"),
                json!({"status": "negotiating"}),
            ),
            with(
                partnership_body(own, harbin, "cooperation_agreement"),
                json!({"illustrative": true}),
            ),
        ] {
            app.post(PARTNERSHIPS, Some(&token), &body)
                .await
                .expect_problem(403);
        }
        // A second proposal of the same pair and kind is the usual 409.
        let reply = app
            .post(
                PARTNERSHIPS,
                Some(&token),
                &partnership_body(harbin, own, "sister_city"),
            )
            .await;
        assert_existing(&reply, id(&mine));
        assert_eq!(partnership_count(&app).await, 2);

        // The delegate sees their city's proposals, and public ones; not other proposals.
        let others = partner(&app, harbin, edmonton, "sister_city", "proposed").await;
        let public = partner(&app, harbin, edmonton, "friendship_city", "active").await;
        let listed = app.get(PARTNERSHIPS, Some(&token)).await.expect(200);
        assert_eq!(
            ids_of(&listed),
            BTreeSet::from([id(&mine), id(&also_mine), public])
        );
        app.get(&partnership(id(&mine), ""), Some(&token))
            .await
            .expect(200);
        let history = app
            .get(&partnership(id(&mine), "/history"), Some(&token))
            .await
            .expect(200);
        assert!(history[0]["changed_by"].is_null(), "{history}");
        app.get(&partnership(others, ""), Some(&token))
            .await
            .expect_problem(404);
        let network = app
            .get(&format!("{PARTNERSHIPS}/network"), Some(&token))
            .await
            .expect(200);
        assert_eq!(
            edge_ids(&network),
            BTreeSet::from([id(&mine), id(&also_mine), public])
        );
        // The public does not see the proposals.
        assert_eq!(
            ids_of(&app.get(PARTNERSHIPS, None).await.expect(200)),
            BTreeSet::from([public])
        );

        // Neither the delegate nor the public writes anything else, even on their own.
        for reply in writes(&app, id(&mine), Some(&token)).await {
            reply.expect_problem(403);
        }
        for reply in writes(&app, id(&mine), None).await {
            reply.expect_problem(401);
        }
        app.post(
            PARTNERSHIPS,
            None,
            &partnership_body(own, harbin, "cooperation_agreement"),
        )
        .await
        .expect_problem(401);
        // Another role without a delegate is not a delegate of any city.
        let unbound = app.token_for(Role::Delegate, None).await;
        app.post(
            PARTNERSHIPS,
            Some(&unbound),
            &partnership_body(own, harbin, "cooperation_agreement"),
        )
        .await
        .expect_problem(403);
        let organizer = app.organizer_token().await;
        let mine_now = app
            .get(&partnership(id(&mine), ""), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(mine_now, mine, "nothing changed");
    }
);
