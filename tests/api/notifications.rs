//! Notifications: what happens to a delegate (accreditation, a waitlisted place confirmed,
//! a session moved or cancelled) and B2B meetings reach the people concerned by mail, in
//! their language, through a real SMTP server on loopback; categories a person turned off
//! are not sent.

use std::time::Duration;

use gmd_api::mail::MailSettings;
use gmd_tests::*;

use crate::expo_support::{approved, assign, booth, exhibitor_token, hall};
use crate::program_support::{
    cancel_by_organizer, harbin, id, new_programme, register_by_organizer, session_in_room,
};

fn mail_to(sink: &SmtpSink) -> MailSettings {
    MailSettings {
        smtp_url: Some(sink.url.clone()),
        public_url: "https://gmd.test".into(),
        worker: true,
        poll: Duration::from_millis(20),
        retry_base: Duration::from_millis(50),
        ..MailSettings::default()
    }
}

async fn app_with(backend: Backend, sink: &SmtpSink) -> Option<TestApp> {
    TestApp::spawn_with(
        backend,
        Setup {
            mail: Some(mail_to(sink)),
            ..Setup::default()
        },
    )
    .await
}

/// The mails that arrived for `address` once `count` of all have arrived.
async fn mails_for(sink: &SmtpSink, count: usize, address: &str) -> Vec<ReceivedMail> {
    sink.wait_for(count)
        .await
        .into_iter()
        .filter(|mail| mail.rcpt_to.iter().any(|to| to == address))
        .collect()
}

async fn delegate(
    app: &TestApp,
    scenario: &Scenario,
    given: &str,
    email: &str,
    languages: &[&str],
) -> i64 {
    let mut body = delegate_body(scenario.delegation_id, given, "Delegate");
    body["email"] = json!(email);
    body["languages"] = json!(languages);
    id(&app.create_delegate(&scenario.event, &body).await)
}

each_backend!(
    what_happens_to_a_delegate_reaches_them_by_mail,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, &sink).await else {
            return;
        };
        let organizer = app.organizer_token().await;
        let programme = new_programme(&app, 100).await;
        let scenario = programme.scenario.clone();
        let wen = delegate(&app, &scenario, "Wen", "wen@harbin.example", &["zh"]).await;
        let ola = delegate(&app, &scenario, "Ola", "ola@oslo.example", &["nb", "en"]).await;

        // Accreditation decisions, in each delegate's language.
        app.drive(&scenario.event, wen, &["register", "accredit"])
            .await;
        app.drive(&scenario.event, ola, &["register", "accredit"])
            .await;
        let to_wen = mails_for(&sink, 2, "wen@harbin.example").await;
        assert_eq!(to_wen.len(), 1);
        let subject = to_wen[0].header("Subject").unwrap();
        assert!(
            subject.contains("资格审核") && subject.contains("已通过"),
            "{subject}"
        );
        assert!(to_wen[0]
            .part("text/plain")
            .unwrap()
            .contains("https://gmd.test/me"));
        let to_ola = mails_for(&sink, 2, "ola@oslo.example").await;
        assert!(to_ola[0]
            .header("Subject")
            .unwrap()
            .ends_with(": accredited"));

        // A waitlisted place confirmed: the mail carries the session as an .ics file.
        let small = id(&session_in_room(
            &app,
            &programme,
            "Winter cities roundtable",
            ("2026-01-06T14:00", "2026-01-06T15:00"),
            Some(1),
        )
        .await);
        register_by_organizer(&app, &programme, small, wen)
            .await
            .expect(201);
        let waiting = register_by_organizer(&app, &programme, small, ola)
            .await
            .expect(201);
        assert_eq!(waiting["status"], "waitlisted");
        cancel_by_organizer(&app, &programme, small, wen).await;
        let promoted = mails_for(&sink, 3, "ola@oslo.example").await.pop().unwrap();
        assert_eq!(
            promoted.header("Subject").unwrap(),
            "A place is yours: Winter cities roundtable"
        );
        let text = promoted.part("text/plain").unwrap();
        assert!(
            text.contains("2026-01-06 14:00–15:00 (Asia/Shanghai)"),
            "{text}"
        );
        assert!(text.contains("Main Hall"), "{text}");
        let ics = promoted.part("text/calendar").expect("an .ics attachment");
        assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
        assert!(
            ics.contains(&format!("UID:session-{small}@{}.gmd", scenario.event)),
            "{ics}"
        );

        // The session moves: its holders hear of it; a speaker's name change is no news.
        app.patch(&programme.session(small), Some(&organizer), &json!({"starts_at": harbin("2026-01-06T16:00"), "ends_at": harbin("2026-01-06T17:00")}))
        .await
        .expect(200);
        let moved = mails_for(&sink, 4, "ola@oslo.example").await.pop().unwrap();
        assert_eq!(
            moved.header("Subject").unwrap(),
            "Changed: Winter cities roundtable"
        );
        assert!(moved.part("text/plain").unwrap().contains("16:00–17:00"));

        // A cancelled session: every holder is told.
        let big = id(&session_in_room(
            &app,
            &programme,
            "Ice festival economics",
            ("2026-01-07T09:00", "2026-01-07T10:00"),
            None,
        )
        .await);
        register_by_organizer(&app, &programme, big, wen)
            .await
            .expect(201);
        app.patch(
            &programme.session(big),
            Some(&organizer),
            &json!({"status": "cancelled"}),
        )
        .await
        .expect(200);
        let cancelled = mails_for(&sink, 5, "wen@harbin.example")
            .await
            .pop()
            .unwrap();
        assert_eq!(
            cancelled.header("Subject").unwrap(),
            "已取消：Ice festival economics"
        );

        // Ola turns session news off (signed in: her account's address takes over).
        let ola_token = app.delegate_token(ola).await;
        let me = app
            .get("/api/v1/auth/me", Some(&ola_token))
            .await
            .expect(200);
        let settings = app
            .get("/api/v1/auth/me/notifications", Some(&ola_token))
            .await
            .expect(200);
        assert_eq!(
            settings,
            json!({"waitlist": true, "sessions": true, "meetings": true})
        );
        app.request(
            reqwest::Method::PUT,
            "/api/v1/auth/me/notifications",
            Some(&ola_token),
        )
        .json(&json!({"waitlist": true, "sessions": false, "meetings": true}))
        .send()
        .await
        .unwrap();
        let settings = app
            .get("/api/v1/auth/me/notifications", Some(&ola_token))
            .await
            .expect(200);
        assert_eq!(settings["sessions"], false);
        app.patch(
            &programme.session(small),
            Some(&organizer),
            &json!({"title": {"en": "Winter cities, renamed"}}),
        )
        .await
        .expect(200);
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            sink.received().len(),
            5,
            "no mail for a category turned off"
        );
        let _ = me;
    }
);

each_backend!(
    meeting_requests_and_answers_reach_the_other_side,
    |backend| async move {
        let sink = SmtpSink::start().await;
        let Some(app) = app_with(backend, &sink).await else {
            return;
        };
        let programme = new_programme(&app, 50).await;
        let scenario = programme.scenario.clone();
        let hall = hall(&app, &scenario, 1).await;
        let exhibitor = approved(&app, &scenario, "Polar Ridge Co.", &["equipment"]).await;
        let b = booth(&app, &scenario, hall, "P-1", (0.0, 0.0, 3.0, 3.0)).await;
        assign(&app, &scenario, b, exhibitor).await.expect(200);
        let aino = delegate(&app, &scenario, "Aino", "aino@oulu.example", &["fi", "en"]).await;
        app.drive(&scenario.event, aino, &["register", "accredit"])
            .await;
        let booth_token = exhibitor_token(&app, &scenario, exhibitor).await;
        let booth_email = app
            .get("/api/v1/auth/me", Some(&booth_token))
            .await
            .expect(200)["email"]
            .as_str()
            .unwrap()
            .to_owned();
        let aino_token = app.delegate_token(aino).await;
        let aino_email = app
            .get("/api/v1/auth/me", Some(&aino_token))
            .await
            .expect(200)["email"]
            .as_str()
            .unwrap()
            .to_owned();

        let slot =
            json!({"starts_at": harbin("2026-01-06T10:00"), "ends_at": harbin("2026-01-06T10:30")});
        let meeting = app
        .post(&scenario.path("/meetings"), Some(&aino_token), &json!({"delegate_id": aino, "exhibitor_id": exhibitor, "slots": [slot], "message": "Grooming machines for Oulu?"}))
        .await
        .expect(201);
        // The accreditation mail went to Aino's record; then the request to the exhibitor.
        let request = mails_for(&sink, 2, &booth_email)
            .await
            .pop()
            .expect("the exhibitor is told");
        assert_eq!(
            request.header("Subject").unwrap(),
            "Meeting request from Aino Delegate"
        );
        assert!(request
            .part("text/plain")
            .unwrap()
            .contains("Grooming machines for Oulu?"));
        app.post(
            &scenario.path(&format!("/meetings/{}/accept", id(&meeting))),
            Some(&booth_token),
            &json!({"starts_at": harbin("2026-01-06T10:00")}),
        )
        .await
        .expect(200);
        let answer = mails_for(&sink, 3, &aino_email)
            .await
            .pop()
            .expect("the delegate is told");
        assert_eq!(
            answer.header("Subject").unwrap(),
            "Your meeting with Polar Ridge Co.: accepted"
        );
        assert!(answer
            .part("text/plain")
            .unwrap()
            .contains("https://gmd.test/me/meetings"));
    }
);
