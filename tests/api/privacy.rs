//! Who sees which delegate fields: the public, the delegate, another delegate, organizers
//! and admins; who may edit what; and the public directory.

use std::collections::BTreeSet;

use gmd_api::auth::Role;
use gmd_tests::*;

/// The only fields anyone may see of a consenting delegate.
const PUBLIC: [&str; 11] = [
    "id",
    "given_name",
    "family_name",
    "honorific",
    "title",
    "role",
    "city_id",
    "delegation_id",
    "languages",
    "bio",
    "photo_url",
];

/// Fields only organizers, admins and the delegate themself may see.
const PRIVATE: [&str; 9] = [
    "email",
    "phone",
    "dietary_needs",
    "accessibility_needs",
    "arrival_at",
    "departure_at",
    "hotel",
    "badge_code",
    "accreditation_status",
];

fn person(delegation_id: i64, given_name: &str, consent: bool) -> Value {
    json!({
        "delegation_id": delegation_id, "given_name": given_name, "family_name": "Korhonen",
        "honorific": "Dr.", "title": "Deputy Mayor", "role": "deputy_mayor",
        "email": format!("{}@example.org", given_name.to_lowercase()), "phone": "+358 40 000 0000",
        "languages": ["fi", "en"], "interpretation_needs": ["zh"], "dietary_needs": "halal",
        "accessibility_needs": "wheelchair", "arrival_at": "2026-01-05T09:30:00Z",
        "departure_at": "2026-01-09T12:00:00Z", "hotel": "Shangri-La Harbin",
        "bio": {"en": format!("{given_name} works on winter tourism.")},
        "photo_url": "https://example.org/photo.jpg", "consent_public_profile": consent,
    })
}

#[track_caller]
fn assert_public_only(delegate: &Value) {
    let keys: BTreeSet<&str> = delegate
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        PUBLIC.into_iter().collect(),
        "exactly the public fields: {delegate}"
    );
}

#[track_caller]
fn assert_everything(delegate: &Value, body: &Value) {
    for key in PRIVATE.iter().chain(PUBLIC.iter()) {
        assert!(delegate.get(*key).is_some(), "{key} is shown: {delegate}");
    }
    for key in [
        "email",
        "phone",
        "dietary_needs",
        "accessibility_needs",
        "hotel",
        "consent_public_profile",
        "interpretation_needs",
    ] {
        assert_eq!(delegate[key], body[key], "{key}");
    }
}

/// A scenario with three delegates: Aino and Cem consent to a public profile, Bea does not.
struct People {
    scenario: Scenario,
    aino: (i64, Value),
    bea: (i64, Value),
    cem: (i64, Value),
}

async fn people(app: &TestApp) -> People {
    let scenario = app.scenario().await;
    let mut make = Vec::new();
    for (name, consent) in [("Aino", true), ("Bea", false), ("Cem", true)] {
        let body = person(scenario.delegation_id, name, consent);
        let id = app.create_delegate(&scenario.event, &body).await["id"]
            .as_i64()
            .unwrap();
        make.push((id, body));
    }
    let mut make = make.into_iter();
    People {
        scenario,
        aino: make.next().unwrap(),
        bea: make.next().unwrap(),
        cem: make.next().unwrap(),
    }
}

impl People {
    fn path(&self, id: i64) -> String {
        self.scenario.path(&format!("/delegates/{id}"))
    }
}

both_backends!(the_public_sees_consenting_profiles_only, |app| async move {
    let people = people(&app).await;
    let aino = app.get(&people.path(people.aino.0), None).await.expect(200);
    assert_public_only(&aino);
    assert_eq!(aino["given_name"], "Aino");
    assert_eq!(aino["bio"], people.aino.1["bio"]);
    app.get(&people.path(people.bea.0), None)
        .await
        .expect_problem(404);

    // Accounts with no business with delegates see what the public sees.
    for role in [Role::Exhibitor, Role::Partner] {
        let token = app.token_for(role, None).await;
        assert_public_only(
            &app.get(&people.path(people.aino.0), Some(&token))
                .await
                .expect(200),
        );
        app.get(&people.path(people.bea.0), Some(&token))
            .await
            .expect_problem(404);
    }
});

both_backends!(
    a_delegate_sees_all_of_themself_and_only_public_profiles_of_others,
    |app| async move {
        let people = people(&app).await;
        let bea = app.delegate_token(people.bea.0).await;
        let own = app
            .get(&people.path(people.bea.0), Some(&bea))
            .await
            .expect(200);
        assert_everything(&own, &people.bea.1);
        assert_eq!(own["accreditation_status"], "invited");

        assert_public_only(
            &app.get(&people.path(people.aino.0), Some(&bea))
                .await
                .expect(200),
        );
        let aino = app.delegate_token(people.aino.0).await;
        app.get(&people.path(people.bea.0), Some(&aino))
            .await
            .expect_problem(404);
        assert_public_only(
            &app.get(&people.path(people.cem.0), Some(&aino))
                .await
                .expect(200),
        );
    }
);

both_backends!(organizers_and_admins_see_everything, |app| async move {
    let people = people(&app).await;
    for token in [app.organizer_token().await, app.admin_token().await] {
        for (id, body) in [&people.aino, &people.bea, &people.cem] {
            let delegate = app.get(&people.path(*id), Some(&token)).await.expect(200);
            assert_everything(&delegate, body);
        }
        let list = app
            .get(&people.scenario.path("/delegates"), Some(&token))
            .await
            .expect(200);
        assert_eq!(list["total"], 3);
    }
});

both_backends!(
    a_delegate_edits_only_their_own_personal_fields,
    |app| async move {
        let people = people(&app).await;
        let aino = app.delegate_token(people.aino.0).await;
        let path = people.path(people.aino.0);
        let changes = json!({
            "email": "aino@new.example", "phone": "+358 50 111 2222", "dietary_needs": "vegan",
            "accessibility_needs": null, "arrival_at": "2026-01-04T20:00:00Z", "departure_at": "2026-01-10T08:00:00Z",
            "hotel": "Modern Hotel", "bio": {"en": "Updated bio", "fi": "Päivitetty"},
            "photo_url": "https://example.org/new.jpg", "languages": ["fi", "en", "sv"],
            "interpretation_needs": [], "consent_public_profile": false,
        });
        let updated = app.patch(&path, Some(&aino), &changes).await.expect(200);
        for (key, value) in changes.as_object().unwrap() {
            if !key.ends_with("_at") {
                assert_eq!(&updated[key], value, "{key}");
            }
        }

        let organizer = app.organizer_token().await;
        for forbidden in [
            json!({"given_name": "Someone"}),
            json!({"family_name": "Else"}),
            json!({"title": "Mayor"}),
            json!({"honorific": "Prof."}),
            json!({"role": "mayor"}),
            json!({"delegation_id": people.scenario.delegation_id}),
        ] {
            let before = app.get(&path, Some(&organizer)).await.expect(200);
            let reply = app.patch(&path, Some(&aino), &forbidden).await;
            assert!(
                [403, 422].contains(&reply.status),
                "{forbidden}: {} {}",
                reply.status,
                reply.body
            );
            reply.expect_problem(reply.status);
            assert_eq!(
                app.get(&path, Some(&organizer)).await.expect(200),
                before,
                "{forbidden} changed nothing"
            );
        }
    }
);

both_backends!(a_delegate_cannot_edit_another_delegate, |app| async move {
    let people = people(&app).await;
    let aino = app.delegate_token(people.aino.0).await;
    let organizer = app.organizer_token().await;
    for (id, _) in [&people.bea, &people.cem] {
        let before = app
            .get(&people.path(*id), Some(&organizer))
            .await
            .expect(200);
        app.patch(
            &people.path(*id),
            Some(&aino),
            &json!({"hotel": "Elsewhere"}),
        )
        .await
        .expect_problem(403);
        app.delete(&people.path(*id), Some(&aino))
            .await
            .expect_problem(403);
        assert_eq!(
            app.get(&people.path(*id), Some(&organizer))
                .await
                .expect(200),
            before
        );
    }
    // An account bound to no delegate record edits nobody.
    let unbound = app.token_for(Role::Delegate, None).await;
    app.patch(
        &people.path(people.cem.0),
        Some(&unbound),
        &json!({"hotel": "x"}),
    )
    .await
    .expect_problem(403);
    app.patch(&people.path(people.cem.0), None, &json!({"hotel": "x"}))
        .await
        .expect_problem(401);
});

both_backends!(
    the_directory_lists_consenting_public_profiles,
    |app| async move {
        let people = people(&app).await;
        let other_city = app.new_city("Bucheon").await;
        let other = app
            .create_delegation(&people.scenario.event, other_city)
            .await["id"]
            .as_i64()
            .unwrap();
        let mut body = person(other, "민준", true);
        body["family_name"] = json!("김");
        let minjun = app.create_delegate(&people.scenario.event, &body).await["id"]
            .as_i64()
            .unwrap();

        let directory = people.scenario.path("/directory");
        let page = app.get(&directory, None).await.expect(200);
        let ids: BTreeSet<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, BTreeSet::from([people.aino.0, people.cem.0, minjun]));
        assert_eq!(page["total"], 3);
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .for_each(assert_public_only);

        // Staff see the same directory: it is the public view.
        let organizer = app.organizer_token().await;
        let staff_page = app.get(&directory, Some(&organizer)).await.expect(200);
        assert_eq!(staff_page["total"], 3);
        staff_page["items"]
            .as_array()
            .unwrap()
            .iter()
            .for_each(assert_public_only);

        let app = &app;
        let filtered = |query: String| {
            let url = format!("{directory}?{query}");
            async move { app.get(&url, None).await.expect(200) }
        };
        let by_city = filtered(format!("city_id={other_city}")).await;
        assert_eq!(by_city["total"], 1);
        assert_eq!(by_city["items"][0]["id"], minjun);
        let by_delegation =
            filtered(format!("delegation_id={}", people.scenario.delegation_id)).await;
        assert_eq!(by_delegation["total"], 2);
        let request = app
            .request(reqwest::Method::GET, &directory, None)
            .query(&[("q", "민준")]);
        let by_name = Reply::send(request).await.expect(200);
        assert_eq!(by_name["total"], 1);
        assert_eq!(by_name["items"][0]["family_name"], "김");
        assert_eq!(
            filtered("q=bea".into()).await["total"],
            0,
            "non-consenting delegates are not searchable"
        );
        assert_eq!(
            filtered("per_page=2".into()).await["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        app.get(&format!("{directory}?per_page=0"), None)
            .await
            .expect_problem(400);
    }
);

both_backends!(withdrawing_consent_hides_the_profile, |app| async move {
    let people = people(&app).await;
    let aino = app.delegate_token(people.aino.0).await;
    let path = people.path(people.aino.0);
    app.patch(
        &path,
        Some(&aino),
        &json!({"consent_public_profile": false}),
    )
    .await
    .expect(200);
    app.get(&path, None).await.expect_problem(404);
    let directory = app
        .get(&people.scenario.path("/directory"), None)
        .await
        .expect(200);
    assert!(directory["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["id"] != people.aino.0));
    // They still see themself in full.
    assert_eq!(
        app.get(&path, Some(&aino)).await.expect(200)["consent_public_profile"],
        false
    );

    let bea = app.delegate_token(people.bea.0).await;
    app.patch(
        &people.path(people.bea.0),
        Some(&bea),
        &json!({"consent_public_profile": true}),
    )
    .await
    .expect(200);
    assert_public_only(&app.get(&people.path(people.bea.0), None).await.expect(200));
});
