//! A person's own data: the export holds everything about the signed-in person and no
//! secret; an erasure request, carried out by an organizer, removes the person from the
//! record, the account, the mails and the history, and keeps the event's counts.

use gmd_tests::*;

use crate::program_support::{id, new_programme, register_by_organizer, session_in_room};

both_backends!(
    a_delegate_exports_everything_held_about_them,
    |app| async move {
        let programme = new_programme(&app, 10).await;
        let scenario = programme.scenario.clone();
        let mut body = delegate_body(scenario.delegation_id, "Sanna", "Virtanen");
        body["email"] = json!("sanna@rovaniemi.example");
        body["hotel"] = json!("Shangri-La Harbin");
        let sanna = id(&app.create_delegate(&scenario.event, &body).await);
        app.drive(&scenario.event, sanna, &["register", "accredit"])
            .await;
        let session = id(&session_in_room(
            &app,
            &programme,
            "Snow economy",
            ("2026-01-06T10:00", "2026-01-06T11:00"),
            None,
        )
        .await);
        register_by_organizer(&app, &programme, session, sanna)
            .await
            .expect(201);
        let token = app.delegate_token(sanna).await;

        let reply = app.get("/api/v1/auth/me/export", Some(&token)).await;
        let data = reply.expect(200);
        assert!(reply
            .header("content-disposition")
            .unwrap()
            .contains("my-data.json"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert_eq!(data["delegate"]["id"], sanna);
        assert_eq!(data["delegate"]["hotel"], "Shangri-La Harbin");
        assert_eq!(data["registrations"][0]["session_id"], session);
        assert_eq!(
            data["registrations"][0]["session_title"]["en"],
            "Snow economy"
        );
        assert!(!data["sign_ins"].as_array().unwrap().is_empty());
        assert_eq!(data["account"]["role"], "delegate");
        assert!(
            !reply.body.contains("password") && !reply.body.contains("hash"),
            "{}",
            reply.body
        );

        let organizer = app.organizer_token().await;
        let mine = app
            .get("/api/v1/auth/me/export", Some(&organizer))
            .await
            .expect(200);
        assert!(mine["delegate"].is_null());
        app.get("/api/v1/auth/me/export", None).await.expect(401);
    }
);

both_backends!(
    an_erased_delegate_leaves_counts_and_no_personal_value,
    |app| async move {
        let scenario = app.scenario().await;
        let organizer = app.organizer_token().await;
        let admin = app.admin_token().await;
        let mut body = delegate_body(scenario.delegation_id, "Sanna", "Virtanen");
        body["email"] = json!("sanna@rovaniemi.example");
        body["phone"] = json!("+358 40 123 4567");
        body["dietary_needs"] = json!("vegetarian");
        body["consent_public_profile"] = json!(true);
        let sanna = id(&app.create_delegate(&scenario.event, &body).await);
        app.drive(
            &scenario.event,
            sanna,
            &["register", "accredit", "check_in"],
        )
        .await;
        app.patch(
            &scenario.path(&format!("/delegates/{sanna}")),
            Some(&organizer),
            &json!({"hotel": "Shangri-La Harbin"}),
        )
        .await
        .expect(200);
        let before = app
            .get(&scenario.path("/delegates"), Some(&organizer))
            .await
            .expect(200)["total"]
            .clone();
        let token = app.delegate_token(sanna).await;

        let asked = app
            .post("/api/v1/auth/me/erasure-request", Some(&token), &json!({}))
            .await
            .expect(202);
        let again = app
            .post("/api/v1/auth/me/erasure-request", Some(&token), &json!({}))
            .await
            .expect(202);
        assert_eq!(asked["id"], again["id"]);
        app.post(
            "/api/v1/auth/me/erasure-request",
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect(403);
        let pending = app
            .get(&scenario.path("/erasure-requests"), Some(&organizer))
            .await
            .expect(200);
        assert_eq!(pending["items"][0]["delegate_id"], sanna);
        assert!(pending["items"][0]["carried_out_at"].is_null());
        app.get(&scenario.path("/erasure-requests"), Some(&token))
            .await
            .expect(403);

        let erased = app
            .post(
                &scenario.path(&format!("/delegates/{sanna}/erasure")),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(200);
        for field in ["email", "phone", "dietary_needs", "hotel", "title"] {
            assert!(erased[field].is_null(), "{field}: {erased}");
        }
        assert_eq!(erased["given_name"], "Erased");
        assert_eq!(erased["consent_public_profile"], false);
        assert_eq!(
            erased["accreditation_status"], "checked_in",
            "the event's records stay"
        );
        let after = app
            .get(&scenario.path("/delegates"), Some(&organizer))
            .await
            .expect(200)["total"]
            .clone();
        assert_eq!(before, after);
        app.get(&scenario.path(&format!("/delegates/{sanna}")), None)
            .await
            .expect(404);
        app.get("/api/v1/auth/me", Some(&token)).await.expect(401);
        let done = app
            .get(&scenario.path("/erasure-requests"), Some(&organizer))
            .await
            .expect(200);
        assert!(done["items"][0]["carried_out_at"].is_string());

        // The history keeps its entries, the erasure's own among them, but no value.
        let audit = app
            .get(
                &format!("/api/v1/audit?per_page=100&resource=delegate&resource_id={sanna}"),
                Some(&admin),
            )
            .await;
        let entries = audit.expect(200);
        assert!(
            entries["items"].as_array().unwrap().len() >= 4,
            "{}",
            audit.body
        );
        for word in [
            "Sanna",
            "Virtanen",
            "rovaniemi",
            "4567",
            "vegetarian",
            "Shangri",
        ] {
            assert!(
                !audit.body.contains(word),
                "{word} is still in the audit trail: {}",
                audit.body
            );
        }
        let everything = app.get("/api/v1/audit?per_page=100", Some(&admin)).await;
        assert!(!everything.body.contains("Virtanen"), "{}", everything.body);
        app.post(
            &scenario.path(&format!("/delegates/{sanna}/erasure")),
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect(200);
    }
);
