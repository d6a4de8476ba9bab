//! Input that looks harmless but is not: names of invisible characters, guessable
//! passwords, and spreadsheet formulas in CSV exports (and their way back in imports).

use gmd_tests::*;
use reqwest::Method;

use crate::expo_support::{exhibitor_body, parse_csv};
use crate::program_support::{session_body, venue_body};

/// Texts that show nothing: zero-width characters, a BOM, a soft hyphen, bidirectional
/// controls, a Hangul filler, spaces.
const INVISIBLE: [&str; 4] = [
    "\u{200B}\u{200C}\u{200D}",
    "\u{2060}\u{FEFF}\u{00AD}",
    " \u{200E}\u{202E} \u{3164}",
    "\u{00A0}\u{3000}",
];

/// The `field` of a 422's errors.
fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

both_backends!(names_of_invisible_characters_are_empty, |app| async move {
    let scenario = app.scenario().await;
    let organizer = app.organizer_token().await;
    let admin = app.admin_token().await;
    let exhibitor =
        crate::expo_support::approved(&app, &scenario, "Snow Tech", &["technology"]).await;
    // Every create operation that takes a name: (path, body with NAME where the name
    // goes, the field the 422 names, the caller).
    let cases: Vec<(String, Value, &str, &str)> = vec![
        (
            "/api/v1/cities".into(),
            with_name(city_body("x"), "/name/en"),
            "name",
            &organizer,
        ),
        (
            "/api/v1/events".into(),
            with_name(event_body("invisible", scenario.host_city_id), "/name/en"),
            "name",
            &admin,
        ),
        (
            scenario.path("/delegates"),
            delegate_body(scenario.delegation_id, "NAME", "Korhonen"),
            "given_name",
            &organizer,
        ),
        (
            scenario.path("/venues"),
            with_name(venue_body("x"), "/name/en"),
            "name",
            &organizer,
        ),
        (
            scenario.path("/sessions"),
            with_name(
                session_body("x", "2026-01-06T09:00", "2026-01-06T10:00"),
                "/title/en",
            ),
            "title",
            &organizer,
        ),
        (
            scenario.path("/exhibitors"),
            with_name(exhibitor_body("x", &["technology"]), "/name/en"),
            "name",
            &organizer,
        ),
        (
            scenario.path(&format!("/exhibitors/{exhibitor}/account")),
            json!({"email": "booth@snow.example", "display_name": "NAME", "password": USER_PASSWORD}),
            "display_name",
            &organizer,
        ),
        (
            "/api/v1/api-tokens".into(),
            json!({"name": "NAME", "scopes": ["delegates:read"]}),
            "name",
            &admin,
        ),
    ];
    for (path, body, field, token) in &cases {
        for invisible in INVISIBLE {
            let body: Value =
                serde_json::from_str(&body.to_string().replace("NAME", &json_text(invisible)))
                    .unwrap();
            let problem = app.post(path, Some(token), &body).await.expect_problem(422);
            assert!(
                error_fields(&problem)
                    .iter()
                    .any(|f| f == field || f.starts_with(&format!("{field}."))),
                "POST {path} with {field} {invisible:?}: {problem}"
            );
        }
    }
});

/// `body` with the text at `pointer` replaced by the placeholder `NAME`.
fn with_name(mut body: Value, pointer: &str) -> Value {
    *body.pointer_mut(pointer).expect("the name's place") = json!("NAME");
    body
}

/// `text` as it goes inside a JSON string.
fn json_text(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

both_backends!(
    guessable_passwords_are_refused_with_a_reason,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let exhibitor =
            crate::expo_support::approved(&app, &scenario, "Snow Tech", &["technology"]).await;
        let path = scenario.path(&format!("/exhibitors/{exhibitor}/account"));
        for weak in [
            "aaaaaaaaaaaa",
            "password1234",
            "123456789012",
            "qwertyuiop12",
            "booth@snow.example",
        ] {
            let body =
                json!({"email": "booth@snow.example", "display_name": "Booth", "password": weak});
            let problem = app
                .post(&path, Some(&organizer), &body)
                .await
                .expect_problem(422);
            let error = &problem["errors"][0];
            assert_eq!(error["field"], "password", "{weak}: {problem}");
            assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("too easy to guess"),
                "{weak}: {problem}"
            );
        }
        let body =
            json!({"email": "booth@snow.example", "display_name": "Booth", "password": "short"});
        let problem = app
            .post(&path, Some(&organizer), &body)
            .await
            .expect_problem(422);
        assert!(problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("12 to 1024"));

        // `gmd admin` applies the same policy.
        let refused = gmd_api::auth::users::create_or_reset_admin(
            &mut app.pool.get().unwrap(),
            "root@test.example",
            "aaaaaaaaaaaa",
        );
        match refused {
            Err(gmd_api::error::ApiError::Validation(errors)) => {
                assert_eq!(errors[0].field, "password");
                assert!(
                    errors[0].message.contains("too easy to guess"),
                    "{errors:?}"
                );
            }
            other => panic!("gmd admin accepted aaaaaaaaaaaa: {other:?}"),
        }
        let created = gmd_api::auth::users::create_or_reset_admin(
            &mut app.pool.get().unwrap(),
            "root@test.example",
            "admin-demo-2026",
        );
        assert!(created.is_ok_and(|created| created));
    }
);

/// Whether a spreadsheet would read `cell` as a formula.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

both_backends!(no_csv_export_holds_a_formula, |app| async move {
    app.seed_demo();
    let token = app.organizer_token().await;
    let event = "/api/v1/events/harbin-2026";
    // Formula-like values in each exported resource, next to the demo's own phone numbers
    // (`+86 …`) and negative coordinates.
    let attack = "=cmd|' /C calc'!A0";
    app.execute(&format!(
        "UPDATE delegates SET given_name = '{}', title = '@SUM(A1)' WHERE id = 1",
        attack.replace('\'', "''")
    ));
    app.execute("UPDATE sessions SET title = '{\"en\":\"-2+3\"}' WHERE id = 1");
    app.execute("UPDATE exhibitors SET name = '{\"en\":\"+cmd\"}' WHERE id = 1");
    let spec = app.get("/api-docs/openapi.json", None).await.json();
    let exports: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|path| path.ends_with(".csv"))
        .map(|path| path.replace("/api/v1/events/{event}", event))
        .collect();
    assert_eq!(exports.len(), 3, "{exports:?}");
    let mut neutralised = 0;
    for path in &exports {
        let reply = app.get(path, Some(&token)).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        let body = reply.body.trim_start_matches('\u{feff}');
        for (row, cells) in parse_csv(body).iter().enumerate() {
            for cell in cells {
                assert!(!is_formula(cell), "{path} row {row}: {cell:?}");
                neutralised += usize::from(cell.starts_with('\'') && is_formula(&cell[1..]));
            }
        }
    }
    assert!(neutralised >= 4, "{neutralised} neutralised cells");
    let delegates = app
        .get(&format!("{event}/delegates.csv"), Some(&token))
        .await;
    assert!(delegates.body.contains(&format!("'{attack}")));
});

both_backends!(
    a_neutralised_cell_imports_back_as_it_was,
    |app| async move {
        let scenario = app.scenario().await;
        let token = app.organizer_token().await;
        let csv = "name,kind,country,sectors,contact_names,contact_phones\r\n\
               '=Snow Tech,company,FI,technology,Aino,'+358 40 000 0000\r\n\
               'Quoted' Oy,company,FI,technology,,\r\n";
        let request = app
            .request(
                Method::POST,
                &scenario.path("/exhibitors/import"),
                Some(&token),
            )
            .header("content-type", "text/csv; charset=utf-8")
            .body(csv);
        let report = Reply::send(request).await.expect(200);
        let first = app
            .get(
                &scenario.path(&format!("/exhibitors/{}", report["ids"][0])),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(first["name"]["en"], "=Snow Tech");
        assert_eq!(first["contacts"][0]["phone"], "+358 40 000 0000");
        let second = app
            .get(
                &scenario.path(&format!("/exhibitors/{}", report["ids"][1])),
                Some(&token),
            )
            .await
            .expect(200);
        assert_eq!(
            second["name"]["en"], "'Quoted' Oy",
            "only our own escape is undone"
        );
        let exported = app
            .get(&scenario.path("/exhibitors.csv"), Some(&token))
            .await;
        assert!(exported.body.contains("'=Snow Tech"), "{}", exported.body);
        assert!(
            exported.body.contains("'+358 40 000 0000"),
            "{}",
            exported.body
        );
    }
);
