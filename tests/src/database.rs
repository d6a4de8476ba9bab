//! A database that lives exactly as long as one test.

use std::path::PathBuf;

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::Backend;

/// The variable naming a PostgreSQL server the suite may create databases on.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// A temporary SQLite file or PostgreSQL database, removed on drop.
#[derive(Debug)]
pub struct TestDatabase {
    /// The URL the app uses: `sqlite://…` or `postgres://…/gmd_t_…`.
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Directory(PathBuf),
    PostgresDatabase { server_url: String, name: String },
}

impl TestDatabase {
    /// `None` for PostgreSQL when `TEST_DATABASE_URL` is unset.
    pub fn create(backend: Backend) -> Option<Self> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("gmd-test-{id}"));
                std::fs::create_dir_all(&dir).expect("a temporary directory");
                Some(Self {
                    url: format!("sqlite://{}", dir.join("gmd.sqlite3").display()),
                    cleanup: Cleanup::Directory(dir),
                })
            }
            Backend::Postgres => {
                let Ok(server_url) = std::env::var(TEST_DATABASE_URL) else {
                    eprintln!(
                        "note: {TEST_DATABASE_URL} is unset; skipping the PostgreSQL variant"
                    );
                    return None;
                };
                let name = format!("gmd_t_{id}");
                let mut conn = PgConnection::establish(&server_url)
                    .unwrap_or_else(|e| panic!("cannot connect to {TEST_DATABASE_URL}: {e}"));
                diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .expect("CREATE DATABASE");
                let mut url = url::Url::parse(&server_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                // Without TLS the app's threads never touch OpenSSL, whose exit handler
                // otherwise races them when the test process ends (seen as double frees).
                if !url.query_pairs().any(|(key, _)| key == "sslmode") {
                    url.query_pairs_mut().append_pair("sslmode", "disable");
                }
                Some(Self {
                    url: url.to_string(),
                    cleanup: Cleanup::PostgresDatabase { server_url, name },
                })
            }
        }
    }

    /// The path of the SQLite file (SQLite only).
    pub fn sqlite_path(&self) -> Option<&str> {
        self.url.strip_prefix("sqlite://")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { server_url, name } => {
                if let Ok(mut conn) = PgConnection::establish(server_url) {
                    let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    if let Err(e) = diesel::sql_query(drop).execute(&mut conn) {
                        eprintln!("note: could not drop test database {name}: {e}");
                    }
                }
            }
        }
    }
}
