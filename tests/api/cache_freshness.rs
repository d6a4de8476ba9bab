//! Freshness across processes: after one API process answers a write, the next read on
//! another process (same database) shows it, and never answers 304 for the ETag of before.
//! Each pair writes on A and reads the cached staff list on B at once, 500 times.

use gmd_tests::spec::DEMO_EVENT;
use gmd_tests::*;

const PAIRS: usize = 500;

both_backends!(
    a_write_answered_by_one_process_is_seen_by_the_next_read_on_another,
    |app| async move {
        app.seed_demo();
        let admin = app.admin_token().await;
        let other = app.spawn_peer(&Setup::default());
        let list = format!("{other}/api/v1/events/{DEMO_EVENT}/delegates?per_page=100");
        let read = |etag: Option<String>| {
            let mut request = app.client.get(&list).bearer_auth(&admin);
            if let Some(etag) = etag {
                request = request.header("If-None-Match", etag);
            }
            Reply::send(request)
        };
        let mut stale = Vec::new();
        for pair in 0..PAIRS {
            let before = read(None).await;
            assert_eq!(before.status, 200, "{}", before.body);
            let etag = before.header("etag").expect("a list ETag").to_owned();
            let hotel = format!("Hotel {pair}");
            app.patch(
                &format!("/api/v1/events/{DEMO_EVENT}/delegates/1"),
                Some(&admin),
                &json!({ "hotel": hotel }),
            )
            .await
            .expect(200);
            let after = read(Some(etag)).await;
            if after.status != 200 || !after.body.contains(&format!("\"{hotel}\"")) {
                stale.push(format!("pair {pair}: {}", after.status));
            }
        }
        assert!(
            stale.is_empty(),
            "{} of {PAIRS} reads on the other process predate the write they follow: {:?}",
            stale.len(),
            &stale[..stale.len().min(10)]
        );
    }
);
