//! The r2d2 pool over [`DbConnection`], with a manager that reports the real cause of a
//! failed connection (diesel's own multi-connection manager hides it).

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, QueryResult, RunQueryDsl};

use tokio::sync::SemaphorePermit;

use super::changes::ChangeFeed;
use super::lanes::{Lane, Lanes};
use super::liveness::{Liveness, PoolLosses, Reachability};
use super::statement_clock::StatementClock;
use super::statement_count::{Counted, Statements};
use super::{Backend, DbConnection};
use crate::error::ApiError;

/// The shared pool handed to every handler, with the feed of committed changes.
#[derive(Debug, Clone)]
pub struct DbPool {
    pool: r2d2::Pool<Manager>,
    reachability: Reachability,
    statements: Statements,
    changes: Arc<ChangeFeed>,
    statement_timeout: Duration,
    connection_timeout: Duration,
    lanes: Arc<Lanes>,
}

/// How long a request waits for a connection while the database is unreachable.
pub const UNREACHABLE_WAIT: Duration = Duration::from_millis(900);

/// The longest single wait on the pool before the database's reachability is looked at
/// again.
pub(super) const WAIT_SLICE: Duration = Duration::from_millis(100);

impl DbPool {
    /// A connection from the pool (waits up to the pool's connection timeout). A doubtful
    /// PostgreSQL connection (`liveness`) is asked first; a lost one is dropped and another
    /// taken, so after the server comes back the pool renews itself without a failed request.
    ///
    /// While the database is unreachable (the last attempt to connect failed) the wait
    /// ends after [`UNREACHABLE_WAIT`]: a request, or a probe, learns within a second or
    /// so that the database is down instead of waiting out `DB_POOL_WAIT_MS`.
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, r2d2::PoolError> {
        self.get_within(self.connection_timeout)
    }

    /// A connection within `wait` at most (the probes wait a second, whatever the setting).
    /// The wait is taken in short slices, so that a database found unreachable meanwhile
    /// ends it early.
    pub fn get_within(
        &self,
        wait: Duration,
    ) -> Result<r2d2::PooledConnection<Manager>, r2d2::PoolError> {
        let started = Instant::now();
        let deadline = started + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.pool.get_timeout(left.min(WAIT_SLICE)) {
                Ok(mut conn) => {
                    if answers(&mut conn) {
                        crate::metrics::pool_checkout(started.elapsed());
                        return Ok(conn);
                    }
                }
                Err(error) => {
                    let hopeless =
                        self.reachability.unreachable() && started.elapsed() >= UNREACHABLE_WAIT;
                    if hopeless || Instant::now() >= deadline {
                        crate::metrics::pool_wait_timed_out();
                        return Err(error);
                    }
                }
            }
        }
    }

    /// Closes this copy of the pool and, once it was the last, waits (a few seconds at
    /// most) for the change listener to close its connection: what a process does last,
    /// so that it never exits under an open PostgreSQL connection.
    pub fn close(self) {
        let follower = self.changes.take_follower();
        drop(self);
        if let Some(thread) = follower {
            crate::threads::join_within(thread, Duration::from_secs(3));
        }
    }

    /// Connections open and idle now.
    pub fn state(&self) -> r2d2::State {
        self.pool.state()
    }

    /// Statements its connections have started since it was opened.
    pub fn statements_run(&self) -> u64 {
        self.statements.run()
    }

    /// The most connections it holds.
    pub fn max_size(&self) -> u32 {
        self.pool.max_size()
    }

    /// The feed that moves whenever committed data may have changed.
    pub fn changes(&self) -> &ChangeFeed {
        &self.changes
    }

    /// How long one statement may run before it is cancelled (named in the 503).
    pub fn statement_timeout(&self) -> Duration {
        self.statement_timeout
    }

    /// Waits for a unit of work's turn in `lane` (reads leave connections for writes),
    /// as long as a connection is waited for.
    pub async fn enter(&self, lane: Lane) -> Result<Option<SemaphorePermit<'_>>, ApiError> {
        let reachability = &self.reachability;
        self.lanes
            .enter(lane, self.connection_timeout, || reachability.unreachable())
            .await
    }
}

/// Opens connections for the pool.
#[derive(Debug)]
pub struct Manager {
    backend: Backend,
    statement_timeout: Duration,
    losses: PoolLosses,
    statements: Statements,
    reachability: Reachability,
    transaction_pooler: bool,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        let mut conn = match self.backend.establish() {
            Ok(conn) => conn,
            Err(error) => {
                self.reachability.failed();
                return Err(r2d2::Error::ConnectionError(error));
            }
        };
        self.reachability.connected();
        limit_statements(&mut conn, self).map_err(r2d2::Error::QueryError)?;
        Ok(conn)
    }

    /// Unused: connections are asked only when doubtful (`DbPool::get`).
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        diesel::sql_query("SELECT 1")
            .execute(conn)
            .map(|_| ())
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        // A connection left inside a transaction (a panic mid-unit-of-work), or whose
        // connection to the server is gone, is not reused.
        use diesel::connection::{Connection, TransactionManager};
        liveness(conn).is_some_and(|liveness| liveness.is_lost())
            || !matches!(
                <DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(
                    conn
                )
                .transaction_depth(),
                Ok(None)
            )
    }
}

/// Bounds every statement on a pooled connection by `limit`, so no request holds a
/// connection (and its locks) longer: PostgreSQL's `statement_timeout` for the session
/// (set on connect, so it holds whatever the pooler in front), SQLite's progress handler.
/// A statement past it fails, its unit of work rolls back and answers 503.
fn limit_statements(conn: &mut DbConnection, manager: &Manager) -> QueryResult<()> {
    let limit = manager.statement_timeout;
    let statements = manager.statements.clone();
    match conn {
        DbConnection::Postgresql(inner) => {
            // Behind a transaction pooler this lands on whichever server connection served
            // it; every process sets the same value (docs/OPERATIONS.md: also set it on
            // the role).
            inner.batch_execute(&format!("SET statement_timeout = {}", limit.as_millis()))?;
            if manager.transaction_pooler {
                inner.set_prepared_statement_cache_size(diesel::connection::CacheSize::Disabled);
            }
            inner.set_instrumentation(Counted {
                statements,
                clock: None,
                liveness: Some(Liveness::new(manager.losses.clone())),
            });
            Ok(())
        }
        DbConnection::Sqlite(inner) => {
            inner.set_instrumentation(Counted {
                statements,
                clock: Some(StatementClock::new(limit)),
                liveness: None,
            });
            Ok(())
        }
    }
}

/// A pooled connection's health, where it is followed (PostgreSQL).
fn liveness(conn: &mut DbConnection) -> Option<&mut Liveness> {
    conn.instrumentation()
        .downcast_mut::<Counted>()?
        .liveness
        .as_mut()
}

/// Whether a connection may be handed out: trusted, or doubtful and answering now.
fn answers(conn: &mut DbConnection) -> bool {
    let Some(losses) = liveness(conn)
        .filter(|liveness| liveness.doubtful())
        .map(|liveness| liveness.losses_now())
    else {
        return true;
    };
    let answered = diesel::sql_query("SELECT 1").execute(conn).is_ok();
    if let Some(liveness) = liveness(conn) {
        if answered {
            liveness.confirmed(losses);
        } else {
            liveness.mark_lost();
        }
    }
    answered
}

/// How long a connection beyond `min_idle` may stay unused before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Pool sizing, how long a request waits for a connection before answering 503, and how
/// long one statement may run (`DB_STATEMENT_TIMEOUT_MS`).
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    /// Connections kept open while idle (`DB_POOL_MIN_IDLE`); those beyond are closed
    /// after a while unused.
    pub min_idle: u32,
    /// How long a request waits for a free connection (`DB_POOL_WAIT_MS`).
    pub connection_timeout: Duration,
    /// How long opening one connection may take (`DB_CONNECT_TIMEOUT_MS`; PostgreSQL counts
    /// it in whole seconds, at least 2).
    pub connect_timeout: Duration,
    pub statement_timeout: Duration,
    /// A transaction pooler (PgBouncer in `pool_mode = transaction`) stands between the
    /// pool and PostgreSQL (`DB_POOLER=transaction`): no statement is prepared by name (a
    /// later transaction may run on another server connection), and change notifications
    /// are listened for only on `listen_url`.
    pub transaction_pooler: bool,
    /// A direct connection to PostgreSQL for `LISTEN` (`DATABASE_LISTEN_URL`); by default
    /// the pool's own URL, and none behind a transaction pooler.
    pub listen_url: Option<String>,
}

/// The default statement timeout: far above any list or write on the demo data, far below
/// what a client waits.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            min_idle: 1,
            // Long enough for a burst (hundreds of registrations for one session queue on
            // its row lock) to drain instead of answering 503; a database that is down
            // still answers 503 within it.
            connection_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            transaction_pooler: false,
            listen_url: None,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

/// Builds the pool and checks that the database answers, creating the SQLite directory.
/// The error is one readable line that never contains a password.
pub fn connect(url: &str, options: &PoolOptions) -> Result<DbPool, String> {
    let backend = Backend::from_url(url)?.with_connect_timeout(options.connect_timeout);
    if let Backend::Sqlite(path) = &backend {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
    }
    let redacted = backend.redacted();
    // Try once up front so an unreachable database is reported with its real cause.
    backend
        .establish()
        .map_err(|e| format!("cannot connect to {redacted}: {}", one_line(&e.to_string())))?;
    let changes = match (&backend, &options.listen_url) {
        (Backend::Postgres(_), Some(listen)) => ChangeFeed::listening(listen.clone()),
        (Backend::Postgres(_), None) if options.transaction_pooler => {
            log::warn!(
                "DB_POOLER=transaction without DATABASE_LISTEN_URL: other processes' changes \
                 are not notified, so signed-in sessions are looked up on every request"
            );
            ChangeFeed::unfollowed()
        }
        (Backend::Postgres(url), None) => ChangeFeed::listening(url.clone()),
        (Backend::Sqlite(path), _) => ChangeFeed::watching(path.clone()),
    };
    let statements = Statements::default();
    let reachability = Reachability::default();
    let pool = r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(options.min_idle.min(options.max_size)))
        .idle_timeout(Some(IDLE_TIMEOUT))
        .connection_timeout(options.connection_timeout)
        .test_on_check_out(false)
        .build(Manager {
            backend,
            statement_timeout: options.statement_timeout,
            losses: PoolLosses::default(),
            statements: statements.clone(),
            reachability: reachability.clone(),
            transaction_pooler: options.transaction_pooler,
        })
        .map_err(|e| {
            format!(
                "cannot open a pool for {redacted}: {}",
                one_line(&e.to_string())
            )
        })?;
    Ok(DbPool {
        pool,
        reachability,
        connection_timeout: options.connection_timeout,
        statements,
        changes,
        statement_timeout: options.statement_timeout,
        lanes: Arc::new(Lanes::new(options.max_size)),
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
