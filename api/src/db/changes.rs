//! The change feed: a counter that moves whenever committed data may have changed, so
//! cached responses know when they are stale.
//!
//! Every `db::write` bumps it after commit. With PostgreSQL, other API processes may write
//! too: each write transaction also sends `NOTIFY gmd_changes` (delivered only if it
//! commits), and a listener thread bumps the counter when a notification arrives. With
//! SQLite, other processes (`gmd admin`, `gmd import`) may write the same file: a watcher
//! thread bumps the counter when the file's `PRAGMA data_version` moves. While the listener
//! or watcher is disconnected the feed is not live and nothing is served from cache.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "gmd_changes";
/// How often the listener (watcher) looks for notifications (a new data version): the
/// longest a cached response or session can be stale after another process's write.
const POLL: Duration = Duration::from_millis(20);

/// The shared counter.
#[derive(Debug)]
pub struct ChangeFeed {
    generation: AtomicU64,
    live: AtomicBool,
    /// The listener or watcher thread, for [`ChangeFeed::take_follower`].
    follower: Mutex<Option<JoinHandle<()>>>,
}

impl ChangeFeed {
    /// A feed for the SQLite file at `path`, kept in step with other processes writing it
    /// (the CLI beside a running server) by watching its data version.
    pub fn watching(path: String) -> Arc<Self> {
        Self::followed_by("gmd-change-watcher", move |weak| watch(&path, &weak))
    }

    /// A feed kept in step with other processes through PostgreSQL notifications.
    pub fn listening(url: String) -> Arc<Self> {
        Self::followed_by("gmd-change-listener", move |weak| listen(&url, &weak))
    }

    /// A feed nobody follows: never live, so nothing relies on it (behind a transaction
    /// pooler, where `LISTEN` cannot work, and no direct URL is given).
    pub fn unfollowed() -> Arc<Self> {
        Arc::new(Self {
            generation: AtomicU64::new(1),
            live: AtomicBool::new(false),
            follower: Mutex::new(None),
        })
    }

    /// A feed kept live by a thread running `follow` until the feed is dropped.
    fn followed_by(name: &str, follow: impl FnOnce(Weak<Self>) + Send + 'static) -> Arc<Self> {
        let feed = Arc::new(Self {
            generation: AtomicU64::new(1),
            live: AtomicBool::new(false),
            follower: Mutex::new(None),
        });
        let weak = Arc::downgrade(&feed);
        match std::thread::Builder::new()
            .name(name.into())
            .spawn(move || follow(weak))
        {
            Ok(thread) => *feed.follower.lock().unwrap_or_else(|e| e.into_inner()) = Some(thread),
            Err(error) => log::warn!("no {name} ({error}); responses will not be cached"),
        }
        feed
    }

    /// The thread that follows other processes' changes (it ends once the feed is gone),
    /// for the process to wait for it before exiting: libpq and OpenSSL must not be torn
    /// down at exit under a connection still open.
    pub fn take_follower(&self) -> Option<JoinHandle<()>> {
        self.follower
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
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

/// `PRAGMA data_version`: moves when another connection commits to the file.
#[derive(QueryableByName)]
struct DataVersion {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    data_version: i64,
}

fn data_version(conn: &mut SqliteConnection) -> Result<i64, String> {
    diesel::sql_query("PRAGMA data_version")
        .get_result::<DataVersion>(conn)
        .map(|row| row.data_version)
        .map_err(|e| e.to_string())
}

/// Runs until the feed is dropped: (re)opens the file, bumps whenever its data version
/// moves (any other connection's commit, this process's own included).
fn watch(path: &str, feed: &Weak<ChangeFeed>) {
    let mut backoff = POLL;
    while feed.strong_count() > 0 {
        let opened = SqliteConnection::establish(path)
            .map_err(|e| e.to_string())
            .and_then(|mut conn| data_version(&mut conn).map(|version| (conn, version)));
        let (mut conn, mut seen) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                log::debug!("change watcher cannot open the database: {error}");
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        backoff = POLL;
        if let Some(feed) = feed.upgrade() {
            feed.bump();
            feed.live.store(true, Ordering::SeqCst);
        }
        loop {
            std::thread::sleep(POLL);
            let Some(feed) = feed.upgrade() else { return };
            match data_version(&mut conn) {
                Ok(version) if version == seen => {}
                Ok(version) => {
                    seen = version;
                    feed.bump();
                }
                Err(error) => {
                    log::debug!("change watcher lost the database: {error}");
                    feed.live.store(false, Ordering::SeqCst);
                    feed.bump();
                    break;
                }
            }
        }
    }
}
