//! The people layer through HTTP, with mail delivered to a real SMTP server on loopback:
//! invitations (one, bulk, accept once), password resets, user management, the mail log,
//! retries while SMTP refuses, and one delivery per mail across two API processes.

use std::time::Duration;

use gmd_api::mail::MailSettings;
use gmd_tests::{
    delegate_body, each_backend, json, Backend, Setup, SmtpSink, TestApp, Value, ADMIN_EMAIL,
    ORGANIZER_EMAIL, ORGANIZER_PASSWORD,
};

const PASSWORD: &str = "aurora-reindeer-lantern-2026";

fn mail_to(sink: Option<&SmtpSink>) -> MailSettings {
    MailSettings {
        smtp_url: sink.map(|sink| sink.url.clone()),
        public_url: "https://gmd.test".into(),
        worker: true,
        poll: Duration::from_millis(20),
        retry_base: Duration::from_millis(50),
        ..MailSettings::default()
    }
}

async fn app_with(backend: Backend, mail: MailSettings) -> Option<TestApp> {
    TestApp::spawn_with(
        backend,
        Setup {
            mail: Some(mail),
            ..Setup::default()
        },
    )
    .await
}

/// A delegate of a new scenario with an e-mail address and languages.
async fn delegate_with_email(app: &TestApp, email: &str, languages: &[&str]) -> (String, i64) {
    let scenario = app.scenario().await;
    let mut body = delegate_body(scenario.delegation_id, "Sanna", "Virtanen");
    body["email"] = json!(email);
    body["languages"] = json!(languages);
    let delegate = app.create_delegate(&scenario.event, &body).await;
    (scenario.event, delegate["id"].as_i64().unwrap())
}

async fn mail_log(app: &TestApp, query: &str) -> Vec<Value> {
    let admin = app.admin_token().await;
    let page = app
        .get(&format!("/api/v1/mails?per_page=100&{query}"), Some(&admin))
        .await
        .expect(200);
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Waits until the mail log shows mail `id` with `status` (up to 20 s).
async fn wait_for_status(app: &TestApp, id: i64, status: &str) -> Value {
    let admin = app.admin_token().await;
    for _ in 0..1000 {
        let mail = app
            .get(&format!("/api/v1/mails/{id}"), Some(&admin))
            .await
            .expect(200);
        if mail["status"] == status {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("mail {id} never became {status}");
}

each_backend!(
    an_invited_delegate_accepts_the_mailed_link_once,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let (event, id) =
            delegate_with_email(&app, "sanna@rovaniemi.example", &["zh-Hans", "fi"]).await;

        let invited = app
            .post(
                &format!("/api/v1/events/{event}/delegates/{id}/invitation"),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(202);
        assert_eq!(invited["outcome"], "sent");
        let mail = sink.wait_for(1).await.remove(0);

        // The envelope, the headers, the parts and the link, as a mail client reads them.
        assert_eq!(mail.rcpt_to, vec!["sanna@rovaniemi.example".to_owned()]);
        assert_eq!(mail.mail_from, "no-reply@gmd.example");
        let message_id = mail.header("Message-ID").expect("a Message-ID");
        assert!(
            message_id.starts_with('<') && message_id.ends_with("@gmd.example>"),
            "{message_id}"
        );
        assert!(mail.header("Date").is_some());
        assert!(
            mail.data.contains("Subject: =?utf-8?"),
            "a non-ASCII subject is encoded: {}",
            mail.data
        );
        assert_eq!(mail.header("Subject").unwrap(), "全球市长对话邀请函");
        let text = mail.part("text/plain").expect("a plain-text part");
        assert!(text.contains("尊敬的Sanna Virtanen"), "{text}");
        assert!(
            text.contains("https://gmd.test/invitation#token="),
            "{text}"
        );
        let html = mail.part("text/html").expect("an HTML part");
        assert!(
            html.contains("<a href=\"https://gmd.test/invitation#token="),
            "{html}"
        );
        let token = mail.link_token();
        assert_eq!(token.len(), 40);

        let details = app
            .post("/api/v1/invitations/lookup", None, &json!({"token": token}))
            .await
            .expect(200);
        assert_eq!(details["email"], "sanna@rovaniemi.example");
        assert_eq!(details["asks_consent"], true);
        assert_eq!(details["language"], "zh");

        // The password policy and the consent question come first; nothing is used up.
        app.post(
            "/api/v1/invitations/accept",
            None,
            &json!({"token": token, "password": "password1234", "consent_public_profile": true}),
        )
        .await
        .expect(422);
        app.post(
            "/api/v1/invitations/accept",
            None,
            &json!({"token": token, "password": PASSWORD}),
        )
        .await
        .expect(422);
        let pair = app
            .post(
                "/api/v1/invitations/accept",
                None,
                &json!({"token": token, "password": PASSWORD, "consent_public_profile": true}),
            )
            .await
            .expect(200);
        let access = pair["access_token"].as_str().unwrap();
        let me = app.get("/api/v1/auth/me", Some(access)).await.expect(200);
        assert_eq!(me["role"], "delegate");
        assert_eq!(me["delegate_id"], id);
        let delegate = app
            .get(&format!("/api/v1/events/{event}/delegates/{id}"), None)
            .await
            .expect(200);
        assert_eq!(
            delegate["given_name"], "Sanna",
            "the consent makes the profile public"
        );
        app.login("sanna@rovaniemi.example", PASSWORD).await;

        // Once only, and the delegate now has an account.
        let again = app
            .post(
                "/api/v1/invitations/accept",
                None,
                &json!({"token": token, "password": PASSWORD, "consent_public_profile": true}),
            )
            .await
            .expect(410);
        assert_eq!(again["type"], "/problems/gone");
        app.post(
            "/api/v1/invitations/lookup",
            None,
            &json!({"token": "x".repeat(40)}),
        )
        .await
        .expect(404);
        let conflict = app
            .post(
                &format!("/api/v1/events/{event}/delegates/{id}/invitation"),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(409);
        assert_eq!(conflict["existing_id"], me["id"]);

        // The log shows the mail as sent, never its link.
        let logged = mail_log(&app, "kind=invitation").await;
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0]["status"], "sent");
        assert_eq!(logged[0]["message_id"], message_id.as_str());
        assert!(logged[0]["text_body"].is_null());
        let everything = app
            .get("/api/v1/mails?per_page=100", Some(&app.admin_token().await))
            .await;
        assert!(!everything.body.contains(&token));
    }
);

each_backend!(
    a_newer_invitation_replaces_the_older_link,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let (event, id) = delegate_with_email(&app, "aino@oulu.example", &["fi"]).await;
        let path = format!("/api/v1/events/{event}/delegates/{id}/invitation");
        // One at a time: mails of one round leave over several connections, in any order.
        let first = app
            .post(&path, Some(&organizer), &json!({}))
            .await
            .expect(202);
        sink.wait_for(1).await;
        app.post(&path, Some(&organizer), &json!({}))
            .await
            .expect(202);
        let mails = sink.wait_for(2).await;
        assert_eq!(
            mails[0].header("Subject").unwrap(),
            "Your invitation to the Global Mayors Dialogue"
        );
        let (old, new) = (mails[0].link_token(), mails[1].link_token());
        assert_ne!(old, new);
        app.post("/api/v1/invitations/lookup", None, &json!({"token": old}))
            .await
            .expect(410);
        // Resending from the account does the same.
        let user_id = first["user_id"].as_i64().unwrap();
        app.post(
            &format!("/api/v1/users/{user_id}/invitation"),
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect(202);
        let third = sink.wait_for(3).await[2].link_token();
        app.post("/api/v1/invitations/lookup", None, &json!({"token": new}))
            .await
            .expect(410);
        app.post("/api/v1/invitations/lookup", None, &json!({"token": third}))
            .await
            .expect(200);
    }
);

each_backend!(
    two_accepts_of_one_link_make_one_account,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let (event, id) = delegate_with_email(&app, "race@tromso.example", &["en"]).await;
        app.post(
            &format!("/api/v1/events/{event}/delegates/{id}/invitation"),
            Some(&organizer),
            &json!({}),
        )
        .await
        .expect(202);
        let token = sink.wait_for(1).await[0].link_token();
        let body = json!({"token": token, "password": PASSWORD, "consent_public_profile": false});
        let requests = (0..6)
            .map(|_| {
                app.request(reqwest::Method::POST, "/api/v1/invitations/accept", None)
                    .json(&body)
            })
            .collect();
        let replies = app.concurrently(requests).await;
        let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 410),
            "{statuses:?}"
        );
    }
);

each_backend!(bulk_invitations_report_each_outcome, |backend| async move {
    // No SMTP server: the mails are held in the log, never dropped.
    let Some(app) = app_with(backend, mail_to(None)).await else {
        return;
    };
    let organizer = app.organizer_token().await;
    let scenario = app.scenario().await;
    let mut ids = Vec::new();
    for (given, email) in [
        ("Ana", Some("ana@lyon.example")),
        ("Ben", None),
        ("Cai", Some("cai@harbin.example")),
    ] {
        let mut body = delegate_body(scenario.delegation_id, given, "Delegate");
        if let Some(email) = email {
            body["email"] = json!(email);
        }
        ids.push(
            app.create_delegate(&scenario.event, &body).await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    app.post(
        &scenario.path(&format!("/delegates/{}/invitation", ids[2])),
        Some(&organizer),
        &json!({}),
    )
    .await
    .expect(202);
    let report = app
        .post(
            &scenario.path("/invitations"),
            Some(&organizer),
            &json!({"delegation_id": scenario.delegation_id}),
        )
        .await
        .expect(200);
    // Cai's pending invitation is sent again; nobody has an account yet.
    assert_eq!(
        (report["sent"].as_u64(), report["no_email"].as_u64()),
        (Some(2), Some(1)),
        "{report}"
    );
    let outcome = |id: i64| {
        report["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["delegate_id"] == id)
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(outcome(ids[0]), "sent");
    assert_eq!(outcome(ids[1]), "no_email");
    assert_eq!(report["outcomes"][0]["name"], "Ana Delegate");

    // An account that exists is reported, not invited.
    let admin = app.admin_token().await;
    let user = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "ana@lyon.example", "display_name": "x", "role": "organizer"}),
        )
        .await
        .expect(409);
    let existing = user["existing_id"].as_i64().unwrap();
    let report = app
        .post(
            &scenario.path("/invitations"),
            Some(&organizer),
            &json!({"delegate_ids": [ids[0]]}),
        )
        .await
        .expect(200);
    assert_eq!(report["sent"], 1, "still invited: a new link");
    app.patch(
        &format!("/api/v1/users/{existing}"),
        Some(&admin),
        &json!({"status": "deactivated"}),
    )
    .await
    .expect(200);
    let report = app
        .post(
            &scenario.path("/invitations"),
            Some(&organizer),
            &json!({"delegate_ids": [ids[0]]}),
        )
        .await
        .expect(200);
    assert_eq!(report["has_account"], 1, "{report}");

    // Every mail is held with the reason, and can be queued again.
    let held = loop {
        let logged = mail_log(&app, "").await;
        if !logged.is_empty() && logged.iter().all(|m| m["status"] == "held") {
            break logged;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(held.len(), 4);
    assert_eq!(
        mail_log(&app, "q=lyon.example").await.len(),
        2,
        "q matches the recipient"
    );
    assert_eq!(
        mail_log(&app, "updated_since=2099-01-01T00:00:00Z")
            .await
            .len(),
        0
    );
    assert!(held[0]["last_error"]
        .as_str()
        .unwrap()
        .contains("no SMTP configured"));
    let id = held[0]["id"].as_i64().unwrap();
    let again = app
        .post(
            &format!("/api/v1/mails/{id}/resend"),
            Some(&admin),
            &json!({}),
        )
        .await
        .expect(202);
    assert_eq!(again["status"], "pending");
    wait_for_status(&app, id, "held").await;
    app.get("/api/v1/mails?status=lost", Some(&admin))
        .await
        .expect(400);
    app.get("/api/v1/mails", Some(&organizer)).await.expect(403);
});

each_backend!(
    mails_wait_and_retry_while_smtp_refuses,
    |backend| async move {
        let sink =
            SmtpSink::refusing(&["451 4.3.0 mailbox busy, try later", "421 4.7.0 too busy"]).await;
        let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let (event, id) = delegate_with_email(&app, "patient@nagoya.example", &["en"]).await;
        let invited = app
            .post(
                &format!("/api/v1/events/{event}/delegates/{id}/invitation"),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(202);
        let mail_id = invited["mail_id"].as_i64().unwrap();
        let received = sink.wait_for(1).await;
        assert_eq!(received.len(), 1, "sent once");
        let sent = wait_for_status(&app, mail_id, "sent").await;
        assert_eq!(sent["attempts"], 3, "{sent}");
        assert!(sent["last_error"].is_null());
    }
);

each_backend!(
    a_mail_is_delivered_once_by_two_processes,
    |backend| async move {
        let sink = SmtpSink::start().await;
        // This app's own worker is off; two peers on the same database send.
        let Some(app) = app_with(
            backend,
            MailSettings {
                worker: false,
                ..mail_to(Some(&sink))
            },
        )
        .await
        else {
            return;
        };
        for _ in 0..2 {
            app.spawn_peer(&Setup {
                mail: Some(mail_to(Some(&sink))),
                ..Setup::default()
            });
        }
        let organizer = app.organizer_token().await;
        let scenario = app.scenario().await;
        for n in 0..30 {
            let mut body = delegate_body(scenario.delegation_id, &format!("D{n}"), "Once");
            body["email"] = json!(format!("d{n}@once.example"));
            app.create_delegate(&scenario.event, &body).await;
        }
        let report = app
            .post(&scenario.path("/invitations"), Some(&organizer), &json!({}))
            .await
            .expect(200);
        assert_eq!(report["sent"], 30);
        sink.wait_for(30).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let received = sink.received();
        let mut ids: Vec<String> = received
            .iter()
            .map(|m| m.header("Message-ID").unwrap())
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!((received.len(), ids.len()), (30, 30));
    }
);

each_backend!(
    a_password_reset_tells_nothing_and_works_once,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
            return;
        };
        let old = app.login_pair(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
        let old_access = old["access_token"].as_str().unwrap();

        let known = app
            .post(
                "/api/v1/auth/password-reset",
                None,
                &json!({"email": ORGANIZER_EMAIL.to_uppercase()}),
            )
            .await
            .expect(202);
        let unknown = app
            .post(
                "/api/v1/auth/password-reset",
                None,
                &json!({"email": "nobody@test.example"}),
            )
            .await
            .expect(202);
        assert_eq!(known, unknown, "the same answer either way");
        let mail = sink.wait_for(1).await.remove(0);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(sink.received().len(), 1, "no mail for an unknown address");
        assert_eq!(mail.rcpt_to, vec![ORGANIZER_EMAIL.to_owned()]);
        assert!(mail
            .part("text/plain")
            .unwrap()
            .contains("https://gmd.test/reset-password#token="));
        let token = mail.link_token();

        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "short"}),
        )
        .await
        .expect(422);
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": PASSWORD}),
        )
        .await
        .expect(204);
        app.get("/api/v1/auth/me", Some(old_access))
            .await
            .expect(401);
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": old["refresh_token"]}),
        )
        .await
        .expect(401);
        app.login(ORGANIZER_EMAIL, PASSWORD).await;
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": PASSWORD}),
        )
        .await
        .expect(410);
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": "nope", "password": PASSWORD}),
        )
        .await
        .expect(404);

        // Five asks per address in the window; the sixth is throttled, known or not.
        for _ in 0..4 {
            app.post(
                "/api/v1/auth/password-reset",
                None,
                &json!({"email": ORGANIZER_EMAIL}),
            )
            .await
            .expect(202);
        }
        let throttled = app
            .post(
                "/api/v1/auth/password-reset",
                None,
                &json!({"email": ORGANIZER_EMAIL}),
            )
            .await;
        throttled.expect(429);
        assert!(throttled.header("retry-after").is_some());
    }
);

each_backend!(admins_manage_accounts, |backend| async move {
    let sink = SmtpSink::start().await;
    let Some(app) = app_with(backend, mail_to(Some(&sink))).await else {
        return;
    };
    let admin = app.admin_token().await;
    let organizer = app.organizer_token().await;

    let created = app
        .post("/api/v1/users", Some(&admin), &json!({"email": "Protocol@GMD.test", "display_name": "Li Wei", "role": "organizer", "language": "zh"}))
        .await;
    let account = created.expect(201);
    assert_eq!(account["status"], "invited");
    assert_eq!(account["email"], "protocol@gmd.test");
    let location = created.header("location").unwrap().to_owned();
    let mail = sink.wait_for(1).await.remove(0);
    assert_eq!(mail.header("Subject").unwrap(), "全球市长对话邀请函");
    app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"email": "protocol@gmd.test", "display_name": "Again", "role": "admin"}),
    )
    .await
    .expect(409);
    app.post(
        "/api/v1/users",
        Some(&admin),
        &json!({"email": "d@gmd.test", "display_name": "D", "role": "delegate"}),
    )
    .await
    .expect(422);
    app.post(
        "/api/v1/users",
        Some(&organizer),
        &json!({"email": "e@gmd.test", "display_name": "E", "role": "organizer"}),
    )
    .await
    .expect(403);

    let listed = app
        .get("/api/v1/users?role=organizer&status=invited", Some(&admin))
        .await
        .expect(200);
    assert_eq!(listed["total"], 1);
    let future = app
        .get(
            "/api/v1/users?updated_since=2099-01-01T00:00:00Z",
            Some(&admin),
        )
        .await
        .expect(200);
    assert_eq!(future["total"], 0);
    let found = app
        .get("/api/v1/users?q=li%20wei", Some(&admin))
        .await
        .expect(200);
    assert_eq!(found["items"][0]["id"], account["id"]);
    assert!(
        !found.to_string().contains("password"),
        "no hash is ever shown"
    );
    app.get(&location, Some(&admin)).await.expect(200);
    app.get("/api/v1/users", Some(&organizer)).await.expect(403);

    // Deactivation takes effect on the organizer's next request, and reactivation undoes it.
    let organizer_id = app
        .get("/api/v1/auth/me", Some(&organizer))
        .await
        .expect(200)["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/users/{organizer_id}");
    app.patch(&path, Some(&admin), &json!({"status": "deactivated"}))
        .await
        .expect(200);
    app.get("/api/v1/auth/me", Some(&organizer))
        .await
        .expect(401);
    app.post(
        "/api/v1/auth/login",
        None,
        &json!({"email": ORGANIZER_EMAIL, "password": ORGANIZER_PASSWORD}),
    )
    .await
    .expect(403);
    let back = app
        .patch(
            &path,
            Some(&admin),
            &json!({"status": "active", "role": "admin"}),
        )
        .await
        .expect(200);
    assert_eq!(
        (back["status"].clone(), back["role"].clone()),
        (json!("active"), json!("admin"))
    );
    let promoted = app.login(ORGANIZER_EMAIL, ORGANIZER_PASSWORD).await;
    app.get("/api/v1/users", Some(&promoted)).await.expect(200);
    app.patch(&path, Some(&admin), &json!({"status": "invited"}))
        .await
        .expect(422);
    app.patch(&path, Some(&admin), &json!({"language": "fr"}))
        .await
        .expect(422);
    let stale = app
        .request(reqwest::Method::PATCH, &path, Some(&admin))
        .header("if-match", "\"1.1\"")
        .json(&json!({"display_name": "Stale"}));
    gmd_tests::Reply::send(stale).await.expect(412);

    // An admin cannot lock themself out, nor remove the last active admin.
    let admin_id = app.get("/api/v1/auth/me", Some(&admin)).await.expect(200)["id"]
        .as_i64()
        .unwrap();
    app.patch(
        &format!("/api/v1/users/{admin_id}"),
        Some(&admin),
        &json!({"status": "deactivated"}),
    )
    .await
    .expect(409);
    app.patch(&path, Some(&admin), &json!({"role": "organizer"}))
        .await
        .expect(200);
    app.patch(
        &format!("/api/v1/users/{admin_id}"),
        Some(&promoted),
        &json!({"role": "organizer"}),
    )
    .await
    .expect(403);

    // Every change is in the audit trail, without secrets.
    let audit = app
        .get("/api/v1/audit?per_page=100", Some(&admin))
        .await
        .expect(200);
    let text = audit.to_string();
    assert!(
        text.contains("\"account_token\""),
        "issuing a link is audited"
    );
    assert!(
        !text.contains("token_hash") && !text.contains("password_hash"),
        "{text}"
    );
    let _ = ADMIN_EMAIL;
});

each_backend!(
    mails_wait_while_smtp_is_down_and_leave_when_it_is_back,
    |backend| async move {
        // A port with nothing listening: every attempt is refused at connect.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let down = MailSettings {
            smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
            ..mail_to(None)
        };
        let Some(app) = app_with(backend, down).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let (event, id) = delegate_with_email(&app, "waiting@lahti.example", &["en"]).await;
        let invited = app
            .post(
                &format!("/api/v1/events/{event}/delegates/{id}/invitation"),
                Some(&organizer),
                &json!({}),
            )
            .await
            .expect(202);
        let mail_id = invited["mail_id"].as_i64().unwrap();
        let admin = app.admin_token().await;
        let failing = loop {
            let mail = app
                .get(&format!("/api/v1/mails/{mail_id}"), Some(&admin))
                .await
                .expect(200);
            if mail["attempts"].as_i64().unwrap() >= 2 {
                break mail;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(failing["status"], "pending", "it waits: {failing}");
        assert!(
            failing["last_error"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "the log says why: {failing}"
        );

        // The server comes back on that port: the next attempt delivers it.
        let sink = SmtpSink::on_port(port).await;
        let received = sink.wait_for(1).await;
        assert_eq!(
            received[0].rcpt_to,
            vec!["waiting@lahti.example".to_owned()]
        );
        wait_for_status(&app, mail_id, "sent").await;
    }
);
