//! Bulk import of delegates and exhibitors from CSV: 10,000 rows in one request, all or
//! nothing, errors by row and column, dry runs, access, and imports racing each other.

use gmd_tests::*;
use reqwest::Method;

/// Sends `csv` to the import at `path` (`…/delegates/import?dry_run=true`, say).
async fn import(app: &TestApp, path: &str, token: &str, csv: &str) -> Reply {
    let request = app
        .request(Method::POST, path, Some(token))
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_owned());
    Reply::send(request).await
}

/// A delegates file with `rows` valid rows, the delegation named by its city.
fn delegates_csv(city_id: i64, rows: usize) -> String {
    let mut csv = String::from(
        "\u{feff}given_name,family_name,role,city_id,email,languages,arrival_at,consent_public_profile\r\n",
    );
    for n in 0..rows {
        csv.push_str(&format!(
            "Aino {n},\"Korhonen, Jr.\",official,{city_id},aino.{n}@example.org,fi;en,2026-01-05T09:30:00+08:00,yes\r\n"
        ));
    }
    csv
}

fn delegates_of(app: &TestApp, scenario: &Scenario) -> i64 {
    app.count(&format!(
        "SELECT COUNT(*) AS n FROM delegates d JOIN events e ON e.id = d.event_id \
         WHERE e.slug = '{}'",
        scenario.event
    ))
}

/// `(row, field)` of each error of a 422.
fn error_cells(problem: &Value) -> Vec<(u64, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

both_backends!(ten_thousand_delegates_in_one_request, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let path = scenario.path("/delegates/import");
    let csv = delegates_csv(scenario.city_id, 10_000);

    let checked = import(&app, &format!("{path}?dry_run=true"), &token, &csv)
        .await
        .expect(200);
    assert_eq!(checked["dry_run"], true);
    assert_eq!(checked["rows"], 10_000);
    assert_eq!(checked["created"], 0);
    assert_eq!(delegates_of(&app, &scenario), 0, "a dry run writes nothing");

    let audited_before = app.count("SELECT COUNT(*) AS n FROM audit_entries");
    let report = import(&app, &path, &token, &csv).await.expect(200);
    assert_eq!(report["created"], 10_000);
    let ids = report["ids"].as_array().unwrap();
    assert_eq!(ids.len(), 10_000);
    assert_eq!(delegates_of(&app, &scenario), 10_000);
    assert_eq!(
        app.count("SELECT COUNT(*) AS n FROM audit_entries") - audited_before,
        10_000,
        "every imported delegate is audited"
    );

    let last = app
        .get(
            &scenario.path(&format!("/delegates/{}", ids[9_999])),
            Some(&token),
        )
        .await
        .expect(200);
    assert_eq!(last["given_name"], "Aino 9999");
    assert_eq!(last["family_name"], "Korhonen, Jr.");
    assert_eq!(last["delegation_id"], scenario.delegation_id);
    assert_eq!(last["email"], "aino.9999@example.org");
    assert_eq!(last["languages"], json!(["fi", "en"]));
    assert_eq!(last["arrival_at"], "2026-01-05T01:30:00Z");
    assert_eq!(last["consent_public_profile"], true);
    assert_eq!(last["accreditation_status"], "invited");

    let again = import(&app, &path, &token, &delegates_csv(scenario.city_id, 2))
        .await
        .expect_problem(422);
    assert_eq!(
        error_cells(&again),
        [(2, "email".to_owned()), (3, "email".to_owned())],
        "an e-mail already used at the event is refused: {again}"
    );
});

both_backends!(
    one_bad_row_of_ten_thousand_writes_nothing,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let mut csv = delegates_csv(scenario.city_id, 10_000);
        csv = csv.replacen("aino.5000@example.org", "not an address", 1);
        let audited_before = app.count("SELECT COUNT(*) AS n FROM audit_entries");

        let problem = import(&app, &scenario.path("/delegates/import"), &token, &csv)
            .await
            .expect_problem(422);
        assert_eq!(error_cells(&problem), [(5_002, "email".to_owned())]);
        assert_eq!(problem["errors"][0]["message"], "must be an e-mail address");
        assert!(problem["detail"]
            .as_str()
            .unwrap()
            .contains("1 error(s) in 1 row(s); no delegates were imported"));
        assert_eq!(delegates_of(&app, &scenario), 0);
        assert_eq!(
            app.count("SELECT COUNT(*) AS n FROM audit_entries"),
            audited_before
        );
    }
);

both_backends!(
    every_error_is_reported_by_row_and_column,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let other_city = app.new_city("Oulu").await;
        let mut taken = delegate_body(scenario.delegation_id, "Taken", "Address");
        taken["email"] = json!("taken@example.org");
        app.create_delegate(&scenario.event, &taken).await;
        let path = scenario.path("/delegates/import");
        let csv = format!(
        "given_name,role,delegation_id,city_id,email,arrival_at,languages,consent_public_profile,id\n\
         Ok,mayor,{party},,ok@example.org,,en,,77\n\
         ,king,{party},,,,,,\n\
         Lost,official,999999,,,,,,\n\
         Elsewhere,official,,{other_city},,,,,\n\
         Mismatch,official,{party},{other_city},,,,,\n\
         Twice,staff,{party},,OK@example.org,,,,\n\
         Known,staff,{party},,taken@example.org,,,,\n\
         Late,press,{party},,,next tuesday,english,maybe,\n",
        party = scenario.delegation_id,
    );
        let problem = import(&app, &path, &token, &csv).await.expect_problem(422);
        assert_eq!(
            error_cells(&problem),
            [
                (3, "role".to_owned()),
                (3, "given_name".to_owned()),
                (4, "delegation_id".to_owned()),
                (5, "city_id".to_owned()),
                (6, "city_id".to_owned()),
                (7, "email".to_owned()),
                (8, "email".to_owned()),
                (9, "arrival_at".to_owned()),
                (9, "consent_public_profile".to_owned()),
                (9, "languages".to_owned()),
            ],
            "{problem}"
        );
        assert_eq!(problem["errors"][5]["message"], "row 2 has the same e-mail");
        assert_eq!(
            delegates_of(&app, &scenario),
            1,
            "only the delegate made before"
        );

        let header = import(&app, &path, &token, "given_name,colour\nAino,blue\n")
            .await
            .expect_problem(422);
        assert_eq!(
            error_cells(&header),
            [(1, "colour".to_owned()), (1, "role".to_owned())]
        );
        let empty = import(&app, &path, &token, "\u{feff}")
            .await
            .expect_problem(422);
        assert_eq!(error_cells(&empty), [(1, "file".to_owned())]);
        let header_only = import(&app, &path, &token, "given_name,role,delegation_id\n")
            .await
            .expect(200);
        assert_eq!(header_only["rows"], 0, "a header alone imports nothing");
    }
);

both_backends!(imports_need_csv_and_the_right_caller, |app| async move {
    let scenario = app.scenario().await;
    let path = scenario.path("/delegates/import");
    let csv = delegates_csv(scenario.city_id, 1);
    let organizer = app.organizer_token().await;
    let json = app
        .post(&path, Some(&organizer), &json!({"rows": []}))
        .await
        .expect_problem(415);
    assert!(json["detail"].as_str().unwrap().contains("text/csv"));
    let latin = app
        .request(Method::POST, &path, Some(&organizer))
        .header("content-type", "text/csv; charset=iso-8859-1")
        .body(csv.clone());
    Reply::send(latin).await.expect_problem(415);
    Reply::send(
        app.request(Method::POST, &path, None)
            .header("content-type", "text/csv")
            .body(csv.clone()),
    )
    .await
    .expect_problem(401);
    let delegate = app.new_delegate(&scenario, "Aino", "Korhonen").await;
    let own = app.delegate_token(delegate["id"].as_i64().unwrap()).await;
    import(&app, &path, &own, &csv).await.expect_problem(403);

    let writer = app.api_token(&["delegates:write"]).await;
    let missing = import(&app, &path, &writer, &csv).await.expect_problem(403);
    assert_eq!(missing["required_scope"], "import:write");
    let importer = app.api_token(&["import:write"]).await;
    import(&app, &path, &importer, &csv).await.expect(200);
    assert_eq!(delegates_of(&app, &scenario), 2);

    let missing_event = import(
        &app,
        "/api/v1/events/no-such-event/delegates/import",
        &organizer,
        &csv,
    )
    .await
    .expect_problem(404);
    assert!(missing_event["detail"].as_str().is_some());
});

both_backends!(racing_imports_of_one_file_write_it_once, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let path = scenario.path("/delegates/import");
    let csv = delegates_csv(scenario.city_id, 50);
    let requests = (0..6)
        .map(|_| {
            app.request(Method::POST, &path, Some(&token))
                .header("content-type", "text/csv")
                .body(csv.clone())
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
        statuses.iter().filter(|s| **s == 422).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(delegates_of(&app, &scenario), 50);
});

both_backends!(an_idempotent_import_replays, |app| async move {
    let scenario = app.scenario().await;
    let token = app.organizer_token().await;
    let send = || {
        Reply::send(
            app.request(
                Method::POST,
                &scenario.path("/delegates/import"),
                Some(&token),
            )
            .header("content-type", "text/csv")
            .header("idempotency-key", "import-2026-01")
            .body(delegates_csv(scenario.city_id, 20)),
        )
    };
    let first = send().await.expect(200);
    let replay = send().await.expect(200);
    assert_eq!(first, replay);
    assert_eq!(delegates_of(&app, &scenario), 20);
    // The import's path is not a delegate's (`/delegates/{id}`), whatever the key says.
    let patch = app
        .request(
            Method::PATCH,
            &scenario.path("/delegates/import"),
            Some(&token),
        )
        .header("idempotency-key", "import-2026-01")
        .json(&json!({}));
    let refused = Reply::send(patch).await.expect_problem(405);
    assert_eq!(refused["allowed_methods"], json!(["POST"]));
});

both_backends!(
    exhibitors_import_with_languages_and_contacts,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let path = scenario.path("/exhibitors/import");
        let csv = format!(
        "id,status,name,name_other_languages,kind,country,city_id,sectors,website,booths,contact_names,contact_emails,contact_phones\r\n\
         7,approved,Harbin Ice Works,\"zh: 哈尔滨冰雪装备\nru: Харбинские ледовые заводы\",company,cn,{city},equipment;sports,https://ice.example,A-1,\"Li Na\nWang Wei\",\"li.na@example.com\n\",\"\n+86 451 0000 0000\"\r\n\
         ,,Rovaniemi Snow Tech,,company,FI,,technology,,,,,\r\n",
        city = scenario.city_id
    );
        let report = import(&app, &path, &token, &csv).await.expect(200);
        assert_eq!(report["created"], 2);
        let first = app
            .get(
                &scenario.path(&format!("/exhibitors/{}", report["ids"][0])),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(first["name"]["zh"], "哈尔滨冰雪装备");
        assert_eq!(first["name"]["ru"], "Харбинские ледовые заводы");
        assert_eq!(first["country"], "CN");
        assert_eq!(
            first["status"], "applied",
            "an import does not set the status"
        );
        assert_eq!(first["sectors"], json!(["equipment", "sports"]));
        assert_eq!(
            first["contacts"],
            json!([
                {"name": "Li Na", "email": "li.na@example.com", "phone": null, "role": null},
                {"name": "Wang Wei", "email": null, "phone": "+86 451 0000 0000", "role": null}
            ])
        );

        let exported = app
            .get(&scenario.path("/exhibitors.csv"), Some(&token))
            .await;
        let again = import(&app, &path, &token, &exported.body)
            .await
            .expect_problem(422);
        assert_eq!(
            error_cells(&again),
            [(2, "name".to_owned()), (3, "name".to_owned())],
            "the export reads back, and its names are taken: {again}"
        );
        let bad = import(
        &app,
        &path,
        &token,
        "name,kind,country,sectors,city_id,contact_emails\nX,shop,XX,ice;sports,999999,a@b.example\n",
    )
    .await
    .expect_problem(422);
        assert_eq!(
            error_cells(&bad),
            [
                (2, "kind".to_owned()),
                (2, "sectors".to_owned()),
                (2, "contact_names".to_owned()),
                (2, "country".to_owned()),
            ],
            "{bad}"
        );
    }
);

both_backends!(the_cli_import_is_the_same_import, |app| async move {
    let scenario = app.scenario().await;
    let pool = app.pool.clone();
    let run = |bytes: String, dry_run: bool| {
        let (pool, event) = (pool.clone(), scenario.event.clone());
        tokio::task::spawn_blocking(move || {
            gmd_api::imports::cli::execute(
                pool,
                gmd_api::imports::cli::ImportCommand {
                    resource: "delegates".into(),
                    event,
                    bytes: bytes.into_bytes(),
                    dry_run,
                },
            )
        })
    };
    let checked = run(delegates_csv(scenario.city_id, 300), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((checked.rows, checked.created), (300, 0));
    let bad = delegates_csv(scenario.city_id, 3).replace("official", "chancellor");
    let refused = run(bad, false).await.unwrap().unwrap_err();
    assert!(
        refused.contains("  row 2, role: must be one of mayor"),
        "{refused}"
    );
    assert_eq!(delegates_of(&app, &scenario), 0);
    let done = run(delegates_csv(scenario.city_id, 300), false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.created, 300);
    assert_eq!(delegates_of(&app, &scenario), 300);
});
