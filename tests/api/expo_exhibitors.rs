//! Exhibitors: the application lifecycle, the public directory and its filters, what two
//! exhibitors may see and do to each other, and the CSV export parsed back.

use gmd_tests::*;

use crate::expo_support::*;

both_backends!(
    the_directory_shows_approved_exhibitors_only,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let hall = hall(&app, &scenario, 0).await;
        let shown = approved(&app, &scenario, "Ice Works", &["equipment", "sports"]).await;
        approved(&app, &scenario, "Lapland Tours", &["tourism"]).await;
        let pending = exhibitor(
            &app,
            &scenario,
            &exhibitor_body("Pending Ltd", &["equipment"]),
            &["review"],
        )
        .await;
        let b = booth(&app, &scenario, hall, "C-1", (0.0, 0.0, 3.0, 3.0)).await;
        assign(&app, &scenario, b, shown).await.expect(200);
        let public = app
            .get(&scenario.path("/exhibitors?sector=equipment"), None)
            .await
            .expect(200);
        assert_eq!(public["total"], 1);
        assert_eq!(public["items"][0]["id"], shown);
        assert!(public["items"][0].get("contacts").is_none());
        assert_eq!(public["items"][0]["booths"][0]["code"], "C-1");
        let by_hall = app
            .get(&scenario.path(&format!("/exhibitors?hall_id={hall}")), None)
            .await
            .expect(200);
        assert_eq!(by_hall["total"], 1);
        let searched = app
            .get(
                &scenario.path("/exhibitors?q=LAPLAND&country=FI&kind=company"),
                None,
            )
            .await
            .expect(200);
        assert_eq!(searched["total"], 1);
        app.get(&scenario.path(&format!("/exhibitors/{pending}")), None)
            .await
            .expect_problem(404);
        let staff = app
            .get(
                &scenario.path("/exhibitors?status=under_review"),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(staff["items"][0]["contacts"][0]["name"], "Aino Virtanen");
        let lifecycle = app
            .post(
                &scenario.path(&format!("/exhibitors/{pending}/application/review")),
                Some(&token),
                &json!({}),
            )
            .await
            .expect_problem(409);
        assert_eq!(lifecycle["current_status"], "under_review");
        assert_eq!(
            lifecycle["allowed_transitions"],
            json!(["approve", "reject", "withdraw"])
        );
    }
);

both_backends!(
    an_exhibitor_edits_only_itself_and_sees_only_its_private_data,
    |app| async move {
        let scenario = app.scenario().await;
        let mine = approved(&app, &scenario, "Mine Oy", &["equipment"]).await;
        let theirs = exhibitor(
            &app,
            &scenario,
            &exhibitor_body("Theirs Oy", &["media"]),
            &["review"],
        )
        .await;
        let token = exhibitor_token(&app, &scenario, mine).await;
        let me = app.get("/api/v1/auth/me", Some(&token)).await.expect(200);
        assert_eq!(
            (me["role"].as_str(), me["exhibitor_id"].as_i64()),
            (Some("exhibitor"), Some(mine))
        );
        let own = app
            .get(&scenario.path(&format!("/exhibitors/{mine}")), Some(&token))
            .await
            .expect(200);
        assert_eq!(own["contacts"][0]["email"], "aino@snow.example");
        let changed = app
            .patch(
                &scenario.path(&format!("/exhibitors/{mine}")),
                Some(&token),
                &json!({"website": "https://mine.example"}),
            )
            .await
            .expect(200);
        assert_eq!(changed["website"], "https://mine.example");
        app.patch(
            &scenario.path(&format!("/exhibitors/{theirs}")),
            Some(&token),
            &json!({"website": "https://x.example"}),
        )
        .await
        .expect_problem(403);
        app.get(
            &scenario.path(&format!("/exhibitors/{theirs}")),
            Some(&token),
        )
        .await
        .expect_problem(404);
        app.get(
            &scenario.path(&format!("/exhibitors/{theirs}/recommended-delegates")),
            Some(&token),
        )
        .await
        .expect_problem(403);
        app.post(
            &scenario.path(&format!("/exhibitors/{mine}/application/approve")),
            Some(&token),
            &json!({}),
        )
        .await
        .expect_problem(403);
        app.get(&scenario.path("/exhibitors.csv"), Some(&token))
            .await
            .expect_problem(403);
        let meetings = app
            .get(
                &scenario.path(&format!("/meetings?exhibitor_id={theirs}")),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(meetings["total"], 0);
    }
);

both_backends!(the_csv_export_round_trips, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let harbin = json!({
        "name": {"en": "Harbin Ice Sculpture Guild", "zh": "哈尔滨冰雕协会"}, "kind": "association",
        "country": "CN", "sectors": ["culture_ip", "tourism"],
        "contacts": [
            {"name": "王芳", "email": "wang@ice.example"},
            {"name": "Li \"Ice\" Wei, PhD", "phone": "+86 451 1234"},
        ],
    });
    let greek = json!({
        "name": {"en": "Chalandri Culture Board", "el": "Δήμος Χαλανδρίου"}, "kind": "city",
        "country": "GR", "sectors": ["culture_ip"], "contacts": [{"name": "Ελένη Παπαδοπούλου"}],
    });
    let first = exhibitor(&app, &scenario, &harbin, &[]).await;
    let second = exhibitor(&app, &scenario, &greek, &["review", "approve"]).await;
    let reply = app
        .get(&scenario.path("/exhibitors.csv"), Some(&token))
        .await;
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/csv"));
    let body = reply
        .body
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark");
    let rows = parse_csv(body);
    assert_eq!(rows.len(), 3);
    let header = &rows[0];
    let column =
        |row: &Vec<String>, name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(column(&rows[1], "id"), first.to_string());
    assert_eq!(
        column(&rows[1], "name_other_languages"),
        "zh: 哈尔滨冰雕协会"
    );
    assert_eq!(
        column(&rows[1], "contact_names"),
        "王芳\nLi \"Ice\" Wei, PhD"
    );
    assert_eq!(column(&rows[1], "sectors"), "tourism;culture_ip");
    assert_eq!(column(&rows[2], "id"), second.to_string());
    assert_eq!(column(&rows[2], "status"), "approved");
    assert_eq!(
        column(&rows[2], "name_other_languages"),
        "el: Δήμος Χαλανδρίου"
    );
    assert_eq!(column(&rows[2], "contact_names"), "Ελένη Παπαδοπούλου");
    assert!(rows.iter().all(|row| row.len() == header.len()));
});
