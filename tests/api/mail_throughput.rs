//! A benchmark, not a check (it asserts no time): mails per second from the outbox to an
//! SMTP server on loopback, against a plain `lettre` client sending the same number of
//! messages to the same server in the same run. Run it with
//! `cargo test -p gmd-tests --test api -- --ignored --nocapture mail_throughput`.

use std::time::{Duration, Instant};

use gmd_api::mail::MailSettings;
use gmd_tests::*;
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, Transport};

const MAILS: usize = 1000;

async fn measure(backend: Backend) {
    let sink = SmtpSink::start().await;
    let settings = MailSettings {
        smtp_url: Some(sink.url.clone()),
        poll: Duration::from_millis(20),
        worker: false,
        ..MailSettings::default()
    };

    // A plain lettre client: the same transport, one message after another.
    let transport = settings.transport().unwrap().unwrap();
    let from: Mailbox = "GMD <no-reply@gmd.example>".parse().unwrap();
    let started = Instant::now();
    let plain = tokio::task::spawn_blocking(move || {
        for n in 0..MAILS {
            let message = Message::builder()
                .from(from.clone())
                .to(format!("plain{n}@bench.example").parse().unwrap())
                .subject("Your invitation to the Global Mayors Dialogue")
                .multipart(MultiPart::alternative_plain_html(
                    "text".to_owned(),
                    "<p>html</p>".to_owned(),
                ))
                .unwrap();
            transport.send(&message).unwrap();
        }
    });
    plain.await.unwrap();
    let plain_rate = MAILS as f64 / started.elapsed().as_secs_f64();
    sink.wait_within(MAILS, Duration::from_secs(300)).await;
    println!("{backend:?}: plain lettre {plain_rate:.0} mails/s");

    // The outbox: a bulk invitation queues them, one worker sends them.
    let Some(app) = TestApp::spawn_with(
        backend,
        Setup {
            mail: Some(settings.clone()),
            ..Setup::default()
        },
    )
    .await
    else {
        return;
    };
    let organizer = app.organizer_token().await;
    let scenario = app.scenario().await;
    let mut rows = String::from("given_name,family_name,role,city_id,email,languages\r\n");
    for n in 0..MAILS {
        rows.push_str(&format!(
            "D{n},Bench,official,{},d{n}@bench.example,en\r\n",
            scenario.city_id
        ));
    }
    let import = app
        .request(
            reqwest::Method::POST,
            &scenario.path("/delegates/import"),
            Some(&organizer),
        )
        .header("content-type", "text/csv; charset=utf-8")
        .body(rows);
    Reply::send(import).await.expect(200);
    let queued = Instant::now();
    let report = app
        .post(&scenario.path("/invitations"), Some(&organizer), &json!({}))
        .await
        .expect(200);
    let answered = queued.elapsed();
    assert_eq!(report["sent"], MAILS);
    app.spawn_peer(&Setup {
        mail: Some(MailSettings {
            worker: true,
            ..settings
        }),
        ..Setup::default()
    });
    let started = Instant::now();
    sink.wait_within(2 * MAILS, Duration::from_secs(300)).await;
    let outbox_rate = MAILS as f64 / started.elapsed().as_secs_f64();
    println!(
        "{backend:?}: bulk invitation of {MAILS} answered in {:.2} s; plain lettre {plain_rate:.0} mails/s, \
         outbox {outbox_rate:.0} mails/s, ratio {:.2}",
        answered.as_secs_f64(),
        outbox_rate / plain_rate
    );
}

#[actix_web::test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
async fn mail_throughput_sqlite() {
    measure(Backend::Sqlite).await;
}

#[actix_web::test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
async fn mail_throughput_postgres() {
    if std::env::var(database::TEST_DATABASE_URL).is_ok() {
        measure(Backend::Postgres).await;
    }
}
