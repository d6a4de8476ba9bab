//! The change feed: a counter that moves whenever committed data may have changed, so
//! cached responses know when they are stale.
//!
//! Every `db::write` bumps it after commit. With PostgreSQL, other API processes may write
//! too: each write transaction also sends `NOTIFY gmd_changes` (delivered only if it
//! commits), and a listener thread bumps the counter when a notification arrives. While the
//! listener is disconnected the feed is not live and nothing is served from cache.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl};

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "gmd_changes";
/// How often the listener looks for notifications: the longest a cached response can be
/// stale after another process's write.
const POLL: Duration = Duration::from_millis(20);

/// The shared counter.
#[derive(Debug)]
pub struct ChangeFeed {
    generation: AtomicU64,
    live: AtomicBool,
}

impl ChangeFeed {
    /// A feed for a database only this process writes (SQLite): always live.
    pub fn local() -> Arc<Self> {
        Arc::new(Self {
            generation: AtomicU64::new(1),
            live: AtomicBool::new(true),
        })
    }

    /// A feed kept in step with other processes through PostgreSQL notifications.
    pub fn listening(url: String) -> Arc<Self> {
        let feed = Arc::new(Self {
            generation: AtomicU64::new(1),
            live: AtomicBool::new(false),
        });
        let weak = Arc::downgrade(&feed);
        let spawned = std::thread::Builder::new()
            .name("gmd-change-listener".into())
            .spawn(move || listen(&url, &weak));
        if let Err(error) = spawned {
            log::warn!("no change listener ({error}); responses will not be cached");
        }
        feed
    }

    /// Records that data may have changed.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The current generation, or `None` when changes elsewhere could go unseen.
    pub fn current(&self) -> Option<u64> {
        self.live
            .load(Ordering::SeqCst)
            .then(|| self.generation.load(Ordering::SeqCst))
    }
}

/// Runs until the feed is dropped: (re)connects, listens, bumps on each notification.
fn listen(url: &str, feed: &Weak<ChangeFeed>) {
    let mut backoff = POLL;
    while feed.strong_count() > 0 {
        let connected = PgConnection::establish(url)
            .map_err(|e| e.to_string())
            .and_then(|mut conn| {
                diesel::sql_query(format!("LISTEN {CHANNEL}"))
                    .execute(&mut conn)
                    .map(|_| conn)
                    .map_err(|e| e.to_string())
            });
        let mut conn = match connected {
            Ok(conn) => conn,
            Err(error) => {
                log::debug!("change listener cannot connect: {error}");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        backoff = POLL;
        if let Some(feed) = feed.upgrade() {
            // Anything may have changed while we were not listening.
            feed.bump();
            feed.live.store(true, Ordering::SeqCst);
        }
        loop {
            std::thread::sleep(POLL);
            let Some(feed) = feed.upgrade() else { return };
            let mut changed = false;
            let mut broken = false;
            for notification in conn.notifications_iter() {
                match notification {
                    Ok(_) => changed = true,
                    Err(_) => {
                        broken = true;
                        break;
                    }
                }
            }
            if changed {
                feed.bump();
            }
            if broken {
                feed.live.store(false, Ordering::SeqCst);
                feed.bump();
                break;
            }
        }
    }
}
