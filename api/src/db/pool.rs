//! The r2d2 pool over [`DbConnection`], with a manager that reports the real cause of a
//! failed connection (diesel's own multi-connection manager hides it).

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, QueryResult, RunQueryDsl};

use super::changes::ChangeFeed;
use super::liveness::{Liveness, PoolLosses};
use super::statement_clock::StatementClock;
use super::statement_count::{Counted, Statements};
use super::{Backend, DbConnection};

/// The shared pool handed to every handler, with the feed of committed changes.
#[derive(Debug, Clone)]
pub struct DbPool {
    pool: r2d2::Pool<Manager>,
    statements: Statements,
    changes: Arc<ChangeFeed>,
    statement_timeout: Duration,
}

impl DbPool {
    /// A connection from the pool (waits up to the pool's connection timeout). A doubtful
    /// PostgreSQL connection (`liveness`) is asked first; a lost one is dropped and another
    /// taken, so after the server comes back the pool renews itself without a failed request.
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, r2d2::PoolError> {
        for _ in 0..self.pool.max_size() {
            let mut conn = self.pool.get()?;
            if answers(&mut conn) {
                return Ok(conn);
            }
        }
        self.pool.get()
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
}

/// Opens connections for the pool.
#[derive(Debug)]
pub struct Manager {
    backend: Backend,
    statement_timeout: Duration,
    losses: PoolLosses,
    statements: Statements,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        let mut conn = self
            .backend
            .establish()
            .map_err(r2d2::Error::ConnectionError)?;
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
            inner.batch_execute(&format!("SET statement_timeout = {}", limit.as_millis()))?;
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

/// Pool sizing, how long a request waits for a connection before answering 503, and how
/// long one statement may run (`DB_STATEMENT_TIMEOUT_MS`).
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    pub connection_timeout: Duration,
    pub statement_timeout: Duration,
}

/// The default statement timeout: far above any list or write on the demo data, far below
/// what a client waits.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            // Long enough for a burst (hundreds of registrations for one session queue on
            // its row lock) to drain instead of answering 503; a database that is down
            // still answers 503 within it.
            connection_timeout: Duration::from_secs(10),
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

/// Builds the pool and checks that the database answers, creating the SQLite directory.
/// The error is one readable line that never contains a password.
pub fn connect(url: &str, options: &PoolOptions) -> Result<DbPool, String> {
    let backend = Backend::from_url(url)?;
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
    let changes = match &backend {
        Backend::Postgres(url) => ChangeFeed::listening(url.clone()),
        Backend::Sqlite(path) => ChangeFeed::watching(path.clone()),
    };
    let statements = Statements::default();
    let pool = r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.connection_timeout)
        .test_on_check_out(false)
        .build(Manager {
            backend,
            statement_timeout: options.statement_timeout,
            losses: PoolLosses::default(),
            statements: statements.clone(),
        })
        .map_err(|e| {
            format!(
                "cannot open a pool for {redacted}: {}",
                one_line(&e.to_string())
            )
        })?;
    Ok(DbPool {
        pool,
        statements,
        changes,
        statement_timeout: options.statement_timeout,
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
