//! The accreditation state machine: every action from every state, who may act, and races.

use std::collections::BTreeSet;

use gmd_api::auth::Role;
use gmd_tests::*;
use reqwest::Method;

const ACTIONS: [&str; 6] = [
    "register",
    "accredit",
    "check_in",
    "decline",
    "cancel",
    "reinstate",
];

/// A state, the actions that lead there from `invited`, and its legal moves with their targets.
struct State {
    name: &'static str,
    path_there: &'static [&'static str],
    legal: &'static [(&'static str, &'static str)],
}

const STATES: [State; 6] = [
    State {
        name: "invited",
        path_there: &[],
        legal: &[
            ("register", "registered"),
            ("decline", "declined"),
            ("cancel", "cancelled"),
        ],
    },
    State {
        name: "registered",
        path_there: &["register"],
        legal: &[
            ("accredit", "accredited"),
            ("decline", "declined"),
            ("cancel", "cancelled"),
        ],
    },
    State {
        name: "accredited",
        path_there: &["register", "accredit"],
        legal: &[("check_in", "checked_in"), ("cancel", "cancelled")],
    },
    State {
        name: "checked_in",
        path_there: &["register", "accredit", "check_in"],
        legal: &[],
    },
    State {
        name: "declined",
        path_there: &["decline"],
        legal: &[("reinstate", "invited")],
    },
    State {
        name: "cancelled",
        path_there: &["cancel"],
        legal: &[("reinstate", "invited")],
    },
];

both_backends!(
    the_happy_path_from_invited_to_checked_in,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
        let id = delegate["id"].as_i64().unwrap();
        assert_eq!(delegate["accreditation_status"], "invited");
        let created_version = delegate["version"].as_i64().unwrap();
        let steps = [
            ("register", "registered"),
            ("accredit", "accredited"),
            ("check_in", "checked_in"),
        ];
        for (version, (action, status)) in (created_version + 1..).zip(steps) {
            let reply = app
                .accreditation(&scenario.event, id, action, &organizer)
                .await;
            let after = reply.expect(200);
            assert_eq!(after["id"], id, "the delegate is returned");
            assert_eq!(after["accreditation_status"], status, "{action}");
            assert_eq!(after["version"], version, "{action} is one change");
            assert_eq!(after["badge_code"], delegate["badge_code"]);
            let fetched = app
                .get(
                    &scenario.path(&format!("/delegates/{id}")),
                    Some(&organizer),
                )
                .await
                .expect(200);
            assert_eq!(fetched["accreditation_status"], status);
        }
    }
);

both_backends!(every_action_from_every_state, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    for State {
        name: state,
        path_there,
        legal,
    } in STATES
    {
        // Legal moves: one fresh delegate each.
        for (action, target) in legal {
            let id = app.new_delegate(&scenario, state, action).await["id"]
                .as_i64()
                .unwrap();
            let before = app.drive(&scenario.event, id, path_there).await;
            let after = app
                .accreditation(&scenario.event, id, action, &organizer)
                .await
                .expect(200);
            assert_eq!(
                after["accreditation_status"], *target,
                "{state} --{action}-->"
            );
            if !path_there.is_empty() {
                assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
            }
        }
        // Illegal moves: 409 listing exactly the legal ones, and nothing changes.
        let id = app.new_delegate(&scenario, state, "illegal").await["id"]
            .as_i64()
            .unwrap();
        app.drive(&scenario.event, id, path_there).await;
        let path = scenario.path(&format!("/delegates/{id}"));
        let before = app.get(&path, Some(&organizer)).await.expect(200);
        assert_eq!(before["accreditation_status"], state);
        let allowed: BTreeSet<&str> = legal.iter().map(|(action, _)| *action).collect();
        for action in ACTIONS.iter().filter(|a| !allowed.contains(*a)) {
            let problem = app
                .accreditation(&scenario.event, id, action, &organizer)
                .await
                .expect_problem(409);
            let listed: BTreeSet<&str> = problem["allowed_transitions"]
                .as_array()
                .unwrap_or_else(|| {
                    panic!("{state} --{action}-->: no allowed_transitions in {problem}")
                })
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            assert_eq!(listed, allowed, "{state} --{action}-->");
        }
        assert_eq!(
            app.get(&path, Some(&organizer)).await.expect(200),
            before,
            "{state}: illegal moves change nothing"
        );
    }
});

both_backends!(reinstated_delegates_can_go_round_again, |app| async move {
    let scenario = app.scenario().await;
    let delegate = app.new_delegate(&scenario, "Bea", "Castro").await;
    let id = delegate["id"].as_i64().unwrap();
    let after = app
        .drive(
            &scenario.event,
            id,
            &[
                "register",
                "accredit",
                "cancel",
                "reinstate",
                "register",
                "decline",
                "reinstate",
            ],
        )
        .await;
    assert_eq!(after["accreditation_status"], "invited");
    assert_eq!(after["version"], delegate["version"].as_i64().unwrap() + 7);
    let done = app
        .drive(&scenario.event, id, &["register", "accredit", "check_in"])
        .await;
    assert_eq!(done["accreditation_status"], "checked_in");
});

both_backends!(
    unknown_actions_and_delegates_are_refused,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let delegate = app.new_delegate(&scenario, "Dan", "Dahl").await;
        let id = delegate["id"].as_i64().unwrap();
        for action in ["teleport", "REGISTER", "checked_in"] {
            let reply = app
                .accreditation(&scenario.event, id, action, &organizer)
                .await;
            assert!(
                [400, 404, 422].contains(&reply.status),
                "{action}: {} {}",
                reply.status,
                reply.body
            );
            reply.expect_problem(reply.status);
        }
        app.accreditation(&scenario.event, 987654, "register", &organizer)
            .await
            .expect_problem(404);
        let get = app.request(
            Method::GET,
            &scenario.path(&format!("/delegates/{id}/accreditation/register")),
            Some(&organizer),
        );
        Reply::send(get).await.expect_problem(405);
        let fetched = app
            .get(
                &scenario.path(&format!("/delegates/{id}")),
                Some(&organizer),
            )
            .await
            .expect(200);
        assert_eq!(fetched["accreditation_status"], "invited");
    }
);

both_backends!(only_staff_change_accreditation, |app| async move {
    let scenario = app.scenario().await;
    let delegate = app.new_delegate(&scenario, "Aino", "Virtanen").await;
    let other = app.new_delegate(&scenario, "Anna", "Berg").await;
    let id = delegate["id"].as_i64().unwrap();
    let action_path = scenario.path(&format!("/delegates/{id}/accreditation/register"));
    app.post(&action_path, None, &json!({}))
        .await
        .expect_problem(401);

    let own = app.delegate_token(id).await;
    let another = app.delegate_token(other["id"].as_i64().unwrap()).await;
    let exhibitor = app.token_for(Role::Exhibitor, None).await;
    for token in [&own, &another, &exhibitor] {
        for action in ACTIONS {
            app.accreditation(&scenario.event, id, action, token)
                .await
                .expect_problem(403);
        }
    }
    // Nor through the back door of a PATCH.
    let patch = app
        .patch(
            &scenario.path(&format!("/delegates/{id}")),
            Some(&own),
            &json!({"accreditation_status": "accredited"}),
        )
        .await;
    assert!(
        [403, 422].contains(&patch.status),
        "{} {}",
        patch.status,
        patch.body
    );
    let organizer = app.organizer_token().await;
    let fetched = app
        .get(
            &scenario.path(&format!("/delegates/{id}")),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert_eq!(fetched["accreditation_status"], "invited");
    assert_eq!(fetched["version"], delegate["version"]);

    let admin = app.admin_token().await;
    assert_eq!(
        app.accreditation(&scenario.event, id, "register", &admin)
            .await
            .expect(200)["accreditation_status"],
        "registered"
    );
    assert_eq!(
        app.accreditation(&scenario.event, id, "accredit", &organizer)
            .await
            .expect(200)["accreditation_status"],
        "accredited"
    );
});

both_backends!(parallel_transitions_apply_once, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let delegate = app.new_delegate(&scenario, "Cem", "Arslan").await;
    let id = delegate["id"].as_i64().unwrap();
    let path = scenario.path(&format!("/delegates/{id}/accreditation/register"));
    let requests = (0..20)
        .map(|_| {
            app.request(Method::POST, &path, Some(&organizer))
                .json(&json!({}))
        })
        .collect();
    let replies = app.concurrently(requests).await;
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
    let fetched = app
        .get(
            &scenario.path(&format!("/delegates/{id}")),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert_eq!(fetched["accreditation_status"], "registered");
    assert_eq!(
        fetched["version"],
        delegate["version"].as_i64().unwrap() + 1
    );

    // Racing opposite moves: exactly one wins, and the state is the winner's.
    let accredit = scenario.path(&format!("/delegates/{id}/accreditation/accredit"));
    let decline = scenario.path(&format!("/delegates/{id}/accreditation/decline"));
    let moves: Vec<(&String, &str)> = (0..10)
        .map(|n| {
            if n < 5 {
                (&accredit, "accredited")
            } else {
                (&decline, "declined")
            }
        })
        .collect();
    let requests = moves
        .iter()
        .map(|(target, _)| {
            app.request(Method::POST, target, Some(&organizer))
                .json(&json!({}))
        })
        .collect();
    let replies = app.concurrently(requests).await;
    let winners: Vec<usize> = (0..10).filter(|n| replies[*n].status == 200).collect();
    assert_eq!(
        winners.len(),
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    let expected = moves[winners[0]].1;
    let fetched = app
        .get(
            &scenario.path(&format!("/delegates/{id}")),
            Some(&organizer),
        )
        .await
        .expect(200);
    assert_eq!(fetched["accreditation_status"], expected);
    assert_eq!(
        fetched["version"],
        delegate["version"].as_i64().unwrap() + 2
    );
});
