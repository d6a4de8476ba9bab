//! The connection enum and how a URL picks its backend.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

/// One connection to either backend; every query in the code base runs on this type.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// The backend a database URL names, decided by its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    /// A filesystem path (the `sqlite://` prefix removed).
    Sqlite(String),
}

impl Backend {
    /// Parses a `DATABASE_URL`. Only the scheme is inspected, so errors never echo secrets.
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path, e.g. sqlite://data/gmd.sqlite3".into());
            }
            Ok(Self::Sqlite(path.to_owned()))
        } else {
            let scheme = url.split_once("://").map_or("(none)", |(scheme, _)| scheme);
            Err(format!(
                "unsupported scheme `{scheme}`: use sqlite://PATH or postgres://USER@HOST/DB"
            ))
        }
    }

    /// A PostgreSQL URL with libpq's `connect_timeout` (whole seconds, at least 2) unless the
    /// URL sets one itself; a SQLite path is a file and needs none.
    pub fn with_connect_timeout(self, timeout: std::time::Duration) -> Self {
        match self {
            Self::Postgres(url) if !url.contains("connect_timeout=") => {
                let seconds = timeout.as_millis().div_ceil(1000).max(2);
                let separator = if url.contains('?') { '&' } else { '?' };
                Self::Postgres(format!("{url}{separator}connect_timeout={seconds}"))
            }
            other => other,
        }
    }

    /// Opens one connection; SQLite connections get their pragmas here, on every connect.
    pub fn establish(&self) -> Result<DbConnection, ConnectionError> {
        match self {
            Self::Postgres(url) => PgConnection::establish(url).map(DbConnection::Postgresql),
            Self::Sqlite(path) => {
                super::statement_clock::install();
                let mut conn = SqliteConnection::establish(path)?;
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                     PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                )
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    /// The URL with any password replaced, safe for logs and error messages.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{path}"),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "postgres://(unparseable URL)".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Backend;

    #[test]
    fn scheme_picks_backend_and_redacts_password() {
        let pg = Backend::from_url("postgres://u:secret@db/x").expect("valid");
        assert!(!pg.redacted().contains("secret"));
        assert_eq!(
            Backend::from_url("sqlite://data/a.db"),
            Ok(Backend::Sqlite("data/a.db".into()))
        );
        assert!(Backend::from_url("mysql://u:secret@h/x")
            .expect_err("unsupported")
            .contains("mysql"));
        assert!(!Backend::from_url("mysql://u:secret@h/x")
            .expect_err("unsupported")
            .contains("secret"));
    }
}
