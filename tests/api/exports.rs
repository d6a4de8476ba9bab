//! CSV exports of delegates (organizers, private fields) and sessions (public without
//! drafts), parsed back and compared with the JSON lists.

use gmd_tests::*;

use crate::expo_support::parse_csv;

const EVENT: &str = "/api/v1/events/harbin-2026";

/// The records of a CSV reply (header first), after checking the BOM and the type.
fn records(reply: &Reply) -> Vec<Vec<String>> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/csv"));
    let body = reply
        .body
        .strip_prefix('\u{feff}')
        .expect("a byte order mark");
    parse_csv(body)
}

both_backends!(
    delegates_export_with_private_fields_for_organizers_only,
    |app| async move {
        app.seed_demo();
        let token = app.organizer_token().await;
        let rows = records(
            &app.get(&format!("{EVENT}/delegates.csv"), Some(&token))
                .await,
        );
        let header = &rows[0];
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let list = app
            .get(
                &format!("{EVENT}/delegates?per_page=100&sort=id"),
                Some(&token),
            )
            .await
            .expect(200);
        let items = list["items"].as_array().unwrap();
        assert_eq!(rows.len() - 1, items.len());
        for (row, delegate) in rows[1..].iter().zip(items) {
            assert_eq!(row[column("id")], delegate["id"].to_string());
            assert_eq!(
                row[column("family_name")],
                delegate["family_name"].as_str().unwrap()
            );
            assert_eq!(
                row[column("badge_code")],
                delegate["badge_code"].as_str().unwrap()
            );
        }
        assert!(rows
            .iter()
            .any(|r| r[column("family_name")] == "Παπαδοπούλου"));
        app.get(&format!("{EVENT}/delegates.csv"), None)
            .await
            .expect_problem(401);
        let delegate = app.delegate_token(items[0]["id"].as_i64().unwrap()).await;
        app.get(&format!("{EVENT}/delegates.csv"), Some(&delegate))
            .await
            .expect_problem(403);
    }
);

both_backends!(
    sessions_export_hides_drafts_from_the_public,
    |app| async move {
        app.seed_demo();
        let token = app.organizer_token().await;
        let public = records(&app.get(&format!("{EVENT}/sessions.csv"), None).await);
        let listed = app
            .get(&format!("{EVENT}/sessions?per_page=1"), None)
            .await
            .expect(200);
        assert_eq!(public.len() - 1, listed["total"].as_u64().unwrap() as usize);
        let created = app
        .post(
            &format!("{EVENT}/sessions"),
            Some(&token),
            &json!({
                "title": {"en": "Draft, with \"quotes\"", "zh": "草稿"}, "kind": "thematic_session",
                "starts_at": "2026-01-07T20:00:00+08:00", "ends_at": "2026-01-07T21:00:00+08:00",
                "venue_id": app.get(&format!("{EVENT}/venues?per_page=1"), None).await.expect(200)["items"][0]["id"],
                "status": "draft"
            }),
        )
        .await
        .expect(201);
        let staff = records(
            &app.get(&format!("{EVENT}/sessions.csv"), Some(&token))
                .await,
        );
        assert_eq!(staff.len(), public.len() + 1);
        let draft = staff
            .iter()
            .find(|r| r[0].parse::<i64>().ok() == created["id"].as_i64())
            .expect("the draft is exported for organizers");
        assert_eq!(draft[4], "Draft, with \"quotes\"");
        assert_eq!(draft[5], "zh: 草稿");
        let again = records(&app.get(&format!("{EVENT}/sessions.csv"), None).await);
        assert_eq!(again.len(), public.len(), "the public still sees no draft");
    }
);
