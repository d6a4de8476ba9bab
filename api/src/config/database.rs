//! The database settings: all that `gmd migrate` needs, and the pool of `gmd serve`.

use std::path::Path;
use std::time::Duration;

use super::{bounded, ConfigError};
use crate::db::PoolOptions;

/// Where the data is and how the pool reaches it.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// `DATABASE_URL` (default: SQLite in `DATA_DIR`).
    pub url: String,
    /// `DB_POOL_SIZE`, `DB_POOL_MIN_IDLE`, `DB_POOL_WAIT_MS`, `DB_CONNECT_TIMEOUT_MS`,
    /// `DB_STATEMENT_TIMEOUT_MS`, `DB_POOLER`, `DATABASE_LISTEN_URL`.
    pub pool: PoolOptions,
}

impl DatabaseSettings {
    /// Reads the database settings through `get` (empty values count as unset).
    pub fn from_lookup(
        get: &impl Fn(&str) -> Option<String>,
        data_dir: &Path,
    ) -> Result<Self, ConfigError> {
        let url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("gmd.sqlite3").display()));
        crate::db::Backend::from_url(&url)
            .map_err(|message| ConfigError::new("DATABASE_URL", message))?;
        let defaults = PoolOptions::default();
        let max_size = bounded(
            "DB_POOL_SIZE",
            get("DB_POOL_SIZE"),
            defaults.max_size.into(),
            1..=500,
            "connections",
        )?;
        let min_idle = bounded(
            "DB_POOL_MIN_IDLE",
            get("DB_POOL_MIN_IDLE"),
            defaults.min_idle.into(),
            0..=max_size,
            "connections (at most DB_POOL_SIZE)",
        )?;
        let transaction_pooler = match get("DB_POOLER").map(|v| v.trim().to_ascii_lowercase()) {
            None => false,
            Some(value) if value == "none" => false,
            Some(value) if value == "transaction" => true,
            Some(value) => {
                return Err(ConfigError::new(
                    "DB_POOLER",
                    format!("`{value}` is not none or transaction"),
                ))
            }
        };
        let listen_url = get("DATABASE_LISTEN_URL");
        if let Some(listen) = &listen_url {
            if !matches!(
                crate::db::Backend::from_url(listen),
                Ok(crate::db::Backend::Postgres(_))
            ) {
                return Err(ConfigError::new(
                    "DATABASE_LISTEN_URL",
                    "must be a postgres:// URL (a direct connection for LISTEN)",
                ));
            }
        }
        let millis = |setting, default: Duration, range| {
            let default = u64::try_from(default.as_millis()).unwrap_or(u64::MAX);
            bounded(setting, get(setting), default, range, "milliseconds")
                .map(Duration::from_millis)
        };
        Ok(Self {
            url,
            pool: PoolOptions {
                max_size: u32::try_from(max_size).unwrap_or(u32::MAX),
                min_idle: u32::try_from(min_idle).unwrap_or(u32::MAX),
                connection_timeout: millis(
                    "DB_POOL_WAIT_MS",
                    defaults.connection_timeout,
                    10..=120_000,
                )?,
                connect_timeout: millis(
                    "DB_CONNECT_TIMEOUT_MS",
                    defaults.connect_timeout,
                    100..=120_000,
                )?,
                statement_timeout: millis(
                    "DB_STATEMENT_TIMEOUT_MS",
                    defaults.statement_timeout,
                    10..=600_000,
                )?,
                transaction_pooler,
                listen_url,
            },
        })
    }

    /// Reads the process environment: `DATABASE_URL` (or `DATA_DIR`) and the pool settings,
    /// nothing else (no `JWT_SECRET`: the maintenance commands sign no tokens).
    pub fn from_env() -> Result<Self, ConfigError> {
        let get = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let data_dir = get("DATA_DIR").unwrap_or_else(|| "data".into());
        Self::from_lookup(&get, Path::new(&data_dir))
    }
}
