//! Halls and booths: geometry (inside the hall, positive size, edges may touch, areas may
//! not overlap), assignment (approved exhibitors only, one holder even under 100 parallel
//! requests), release on withdraw and reject, and the floor plan.

use gmd_tests::*;
use reqwest::Method;

use crate::expo_support::*;

both_backends!(booth_geometry_is_checked, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let hall = hall(&app, &scenario, 0).await;
    let booths = scenario.path("/booths");
    let first = booth(&app, &scenario, hall, "A-01", (0.0, 0.0, 6.0, 3.0)).await;
    // Touching edges on the right and below are fine.
    booth(&app, &scenario, hall, "A-02", (6.0, 0.0, 6.0, 3.0)).await;
    booth(&app, &scenario, hall, "A-03", (0.0, 3.0, 6.0, 3.0)).await;
    let overlap = app
        .post(
            &booths,
            Some(&token),
            &booth_body(hall, "A-04", (5.0, 2.0, 2.0, 2.0)),
        )
        .await;
    let problem = overlap.expect_problem(409);
    assert!(
        problem["detail"].as_str().unwrap().contains("A-0"),
        "{problem}"
    );
    assert!(problem["conflicting_booth_id"].is_i64());
    let inside = app
        .post(
            &booths,
            Some(&token),
            &booth_body(hall, "A-05", (1.0, 1.0, 1.0, 1.0)),
        )
        .await;
    assert_eq!(inside.expect_problem(409)["conflicting_booth_id"], first);
    let outside = app
        .post(
            &booths,
            Some(&token),
            &booth_body(hall, "A-06", (98.0, 0.0, 3.0, 3.0)),
        )
        .await;
    assert_eq!(outside.expect_problem(422)["errors"][0]["field"], "x");
    for (w, h) in [(0.0, 3.0), (3.0, -1.0)] {
        let flat = app
            .post(
                &booths,
                Some(&token),
                &booth_body(hall, "A-07", (50.0, 20.0, w, h)),
            )
            .await;
        flat.expect_problem(422);
    }
    let taken = app
        .post(
            &booths,
            Some(&token),
            &booth_body(hall, "A-01", (50.0, 20.0, 3.0, 3.0)),
        )
        .await;
    assert_eq!(taken.expect_problem(409)["existing_id"], first);
    let listed = app
        .get(&format!("{booths}?hall_id={hall}&per_page=100"), None)
        .await
        .expect(200);
    assert_eq!(listed["total"], 3, "nothing half-written: {listed}");
    let plan = app
        .get(&scenario.path(&format!("/halls/{hall}/floor-plan")), None)
        .await
        .expect(200);
    assert_eq!(plan["booths"].as_array().unwrap().len(), 3);
    assert_eq!(plan["booths"][0]["area_m2"], 18.0);
});

both_backends!(
    only_approved_exhibitors_hold_booths_and_leaving_releases_them,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let hall = hall(&app, &scenario, 0).await;
        let (b1, b2) = (
            booth(&app, &scenario, hall, "B-1", (0.0, 0.0, 3.0, 3.0)).await,
            booth(&app, &scenario, hall, "B-2", (3.0, 0.0, 3.0, 3.0)).await,
        );
        let applied = exhibitor(
            &app,
            &scenario,
            &exhibitor_body("Applied Oy", &["equipment"]),
            &[],
        )
        .await;
        assert_eq!(
            assign(&app, &scenario, b1, applied)
                .await
                .expect_problem(409)["exhibitor_status"],
            "applied"
        );
        let holder = approved(&app, &scenario, "Holder Oy", &["equipment"]).await;
        assign(&app, &scenario, b1, holder).await.expect(200);
        assign(&app, &scenario, b2, holder).await.expect(200);
        assign(&app, &scenario, b1, holder).await.expect(200);
        let other = approved(&app, &scenario, "Other Oy", &["tourism"]).await;
        assert_eq!(
            assign(&app, &scenario, b1, other).await.expect_problem(409)["holder_exhibitor_id"],
            holder
        );
        let plan = app
            .get(&scenario.path(&format!("/halls/{hall}/floor-plan")), None)
            .await
            .expect(200);
        for booth in 0..2 {
            assert_eq!(
                plan["booths"][booth]["exhibitor"]["name"]["en"], "Holder Oy",
                "an exhibitor holding two booths of one hall shows on both: {plan}"
            );
        }
        assert!(plan["booths"][0]["exhibitor"].get("contacts").is_none());
        let withdrawn = app
            .post(
                &scenario.path(&format!("/exhibitors/{holder}/application/withdraw")),
                Some(&token),
                &json!({}),
            )
            .await
            .expect(200);
        let released: Vec<&str> = withdrawn["released_booths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["code"].as_str().unwrap())
            .collect();
        assert_eq!(released, ["B-1", "B-2"]);
        assert_eq!(withdrawn["exhibitor"]["status"], "withdrawn");
        let illegal = app
            .post(
                &scenario.path(&format!("/exhibitors/{holder}/application/approve")),
                Some(&token),
                &json!({}),
            )
            .await
            .expect_problem(409);
        assert_eq!(illegal["allowed_transitions"], json!(["reapply"]));
        assign(&app, &scenario, b1, other).await.expect(200);
        let rejected = app
            .post(
                &scenario.path(&format!("/exhibitors/{other}/application/reject")),
                Some(&token),
                &json!({}),
            )
            .await
            .expect(200);
        assert_eq!(rejected["released_booths"][0]["booth_id"], b1);
        let free = app
            .get(
                &scenario.path(&format!("/booths?hall_id={hall}&free=true")),
                None,
            )
            .await
            .expect(200);
        assert_eq!(free["total"], 2);
    }
);

both_backends!(
    one_hundred_parallel_assignments_leave_one_holder,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let hall = hall(&app, &scenario, 0).await;
        let target = booth(&app, &scenario, hall, "HOT", (0.0, 0.0, 9.0, 9.0)).await;
        let mut exhibitors = Vec::new();
        for batch in 0..10 {
            let creates = (0..10)
                .map(|n| {
                    app.request(Method::POST, &scenario.path("/exhibitors"), Some(&token))
                        .json(&exhibitor_body(&format!("Racer {batch}-{n}"), &["sports"]))
                })
                .collect();
            for reply in app.concurrently(creates).await {
                exhibitors.push(id(&reply.expect(201)));
            }
        }
        for action in ["review", "approve"] {
            let moves = exhibitors
                .iter()
                .map(|e| {
                    app.request(
                        Method::POST,
                        &scenario.path(&format!("/exhibitors/{e}/application/{action}")),
                        Some(&token),
                    )
                    .json(&json!({}))
                })
                .collect();
            for reply in app.concurrently(moves).await {
                reply.expect(200);
            }
        }
        let path = scenario.path(&format!("/booths/{target}/assignment"));
        let race = exhibitors
            .iter()
            .map(|e| {
                app.request(Method::PUT, &path, Some(&token))
                    .json(&json!({"exhibitor_id": e}))
            })
            .collect();
        let replies = app.concurrently(race).await;
        let won: Vec<&Reply> = replies.iter().filter(|r| r.status == 200).collect();
        let lost = replies.iter().filter(|r| r.status == 409).count();
        assert_eq!(
            (won.len(), lost),
            (1, 99),
            "{:?}",
            replies.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        let holder = won[0].json()["exhibitor_id"].clone();
        let stored = app
            .get(&scenario.path(&format!("/booths/{target}")), None)
            .await
            .expect(200);
        assert_eq!(stored["exhibitor_id"], holder);
    }
);
