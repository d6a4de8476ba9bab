//! Settings read once from the environment and validated at start-up.
//!
//! A bad value stops the program with one line naming the setting (exit code 2).

mod database;
mod mail;
mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use database::DatabaseSettings;
pub use server::{LogFormat, ServerSettings};

use crate::webhooks::WebhookSettings;

/// A setting that could not be accepted, shown to the operator as one line.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub message: String,
}

impl ConfigError {
    fn new(setting: &'static str, message: impl Into<String>) -> Self {
        Self {
            setting,
            message: message.into(),
        }
    }
}

/// Everything the server needs to start.
#[derive(Clone)]
pub struct Settings {
    /// `DATABASE_URL` and the pool.
    pub database: DatabaseSettings,
    /// Workers, trusted proxies, shutdown, logs, metrics.
    pub server: ServerSettings,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub jwt_secret: Vec<u8>,
    pub cors_origins: Vec<String>,
    pub demo_data: bool,
    /// The built single-page app, served at `/` when it exists.
    pub frontend_dir: PathBuf,
    /// Requests per minute per client address and per API token (0: no limit).
    pub rate_limits: crate::partner_access::RateLimits,
    /// Webhook delivery: `WEBHOOK_ALLOWED_HOSTS`, `WEBHOOK_RETRY_BASE_MS`,
    /// `WEBHOOK_POLL_MS`, `WEBHOOK_WORKER`, `WEBHOOK_CA_FILE`, `WEBHOOK_RETENTION_DAYS`.
    pub webhooks: WebhookSettings,
    /// `RESPONSE_CACHE_MB`: the bytes of rendered pages kept (0: none).
    pub response_cache_bytes: usize,
    /// Mail: `SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL`, `INVITATION_TTL_DAYS`, `MAIL_WORKER`,
    /// `MAIL_POLL_MS`, `MAIL_RETRY_BASE_MS`.
    pub mail: crate::mail::MailSettings,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("cors_origins", &self.cors_origins)
            .field("demo_data", &self.demo_data)
            .field("rate_limits", &self.rate_limits)
            .field("webhooks", &self.webhooks)
            .field("mail", &self.mail)
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// Default requests per minute from one client address (anonymous or signed-in users).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 3000;
/// Default requests per minute with one API token.
pub const DEFAULT_RATE_LIMIT_TOKEN_PER_MINUTE: u32 = 1200;
/// The highest rate limit accepted.
const MAX_RATE_LIMIT: u32 = 1_000_000;

/// The shortest `JWT_SECRET` accepted outside demo mode.
pub const MIN_SECRET_LEN: usize = 32;

/// Every JWT secret written in this repository (old compose default, test suites, benches,
/// examples): anyone can read them, so outside demo mode they are refused like a weak one.
/// The test `published_secrets_are_all_refused` scans the tracked files and fails on a
/// secret-like value next to `JWT_SECRET` (or a script's `JWT`) that is not refused.
const PUBLISHED_SECRETS: &[&str] = &[
    "insecure-local-only-jwt-secret-change-me-0123456789",
    "gmd-test-suite-secret-0123456789-abcdefghijklmnop",
    "bench-jwt-secret-0123456789abcdefghijklmnopqrstuv",
    "contract-suite-jwt-secret-0123456789abcdefghijklmn",
];

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can supply their own environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let demo_data = match get("DEMO_DATA") {
            None => false,
            Some(value) => parse_bool(&value).ok_or_else(|| {
                ConfigError::new("DEMO_DATA", format!("`{value}` is not true or false"))
            })?,
        };
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database = DatabaseSettings::from_lookup(&get, &data_dir)?;
        let server = ServerSettings::from_lookup(&get)?;
        let bind_text = get("BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind = bind_text.parse().map_err(|_| {
            ConfigError::new(
                "BIND",
                format!("`{bind_text}` is not HOST:PORT, e.g. 127.0.0.1:8080"),
            )
        })?;
        let jwt_secret = jwt_secret(get("JWT_SECRET"), demo_data)?;
        let cors_origins = match get("CORS_ORIGINS") {
            None => Vec::new(),
            Some(list) => parse_origins(&list)?,
        };
        let frontend_dir =
            PathBuf::from(get("FRONTEND_DIR").unwrap_or_else(|| "frontend/dist".into()));
        let rate_limits = crate::partner_access::RateLimits {
            per_address: rate_limit(
                "RATE_LIMIT_PER_MINUTE",
                get("RATE_LIMIT_PER_MINUTE"),
                DEFAULT_RATE_LIMIT_PER_MINUTE,
            )?,
            per_token: rate_limit(
                "RATE_LIMIT_TOKEN_PER_MINUTE",
                get("RATE_LIMIT_TOKEN_PER_MINUTE"),
                DEFAULT_RATE_LIMIT_TOKEN_PER_MINUTE,
            )?,
        };
        let webhooks = webhook_settings(&get)?;
        let response_cache_bytes = response_cache_bytes(get("RESPONSE_CACHE_MB"))?;
        let mail = mail::mail_settings(&get)?;
        Ok(Self {
            mail,
            database,
            server,
            response_cache_bytes,
            rate_limits,
            webhooks,
            frontend_dir,
            bind,
            data_dir,
            jwt_secret,
            cors_origins,
            demo_data,
        })
    }
}

/// A rate limit: a whole number of requests per minute, 0 for none.
fn rate_limit(
    setting: &'static str,
    value: Option<String>,
    default: u32,
) -> Result<u32, ConfigError> {
    let limit = bounded(
        setting,
        value,
        default.into(),
        0..=MAX_RATE_LIMIT.into(),
        "requests per minute (0: no limit)",
    )?;
    Ok(u32::try_from(limit).unwrap_or(MAX_RATE_LIMIT))
}

/// A whole number setting within `range` (`default` when unset).
pub(crate) fn bounded(
    setting: &'static str,
    value: Option<String>,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<u64, ConfigError> {
    let Some(text) = value else {
        return Ok(default);
    };
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            ConfigError::new(
                setting,
                format!(
                    "`{text}` is not a number of {unit} from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// `RESPONSE_CACHE_MB`: 0 (no cache) to 4096 MiB (default 32).
fn response_cache_bytes(value: Option<String>) -> Result<usize, ConfigError> {
    let default = crate::http::cache::DEFAULT_BUDGET_BYTES as u64 >> 20;
    let mb = bounded("RESPONSE_CACHE_MB", value, default, 0..=4096, "MiB")?;
    Ok(usize::try_from(mb << 20).unwrap_or(usize::MAX))
}

fn webhook_settings(get: &impl Fn(&str) -> Option<String>) -> Result<WebhookSettings, ConfigError> {
    let defaults = WebhookSettings::default();
    let millis =
        |name: &'static str, default: Duration, range: std::ops::RangeInclusive<u64>| match get(
            name,
        ) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|ms| range.contains(ms))
                .map(Duration::from_millis)
                .ok_or_else(|| {
                    ConfigError::new(
                        name,
                        format!(
                            "`{text}` is not a number of milliseconds from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    )
                }),
        };
    let allowed_hosts = match get("WEBHOOK_ALLOWED_HOSTS") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|host| !host.is_empty())
            .map(|host| {
                let valid = url::Host::parse(host).is_ok() && !host.contains(['/', ':', '@']);
                let bracketed = host.starts_with('[') && url::Host::parse(host).is_ok();
                if valid || bracketed {
                    Ok(host.to_ascii_lowercase())
                } else {
                    Err(ConfigError::new(
                        "WEBHOOK_ALLOWED_HOSTS",
                        format!("`{host}` is not a host name or IP address"),
                    ))
                }
            })
            .collect::<Result<_, _>>()?,
    };
    let worker = match get("WEBHOOK_WORKER") {
        None => true,
        Some(value) => parse_bool(&value).ok_or_else(|| {
            ConfigError::new("WEBHOOK_WORKER", format!("`{value}` is not true or false"))
        })?,
    };
    let extra_roots = match get("WEBHOOK_CA_FILE") {
        None => Vec::new(),
        Some(path) => {
            read_roots(path.trim()).map_err(|reason| ConfigError::new("WEBHOOK_CA_FILE", reason))?
        }
    };
    let retention = match get("WEBHOOK_RETENTION_DAYS") {
        None => defaults.retention,
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|days| (1..=3650).contains(days))
            .map(|days| Duration::from_secs(days * 24 * 3600))
            .ok_or_else(|| {
                ConfigError::new(
                    "WEBHOOK_RETENTION_DAYS",
                    format!("`{text}` is not a number of days from 1 to 3650"),
                )
            })?,
    };
    Ok(WebhookSettings {
        allowed_hosts,
        retry_base: millis("WEBHOOK_RETRY_BASE_MS", defaults.retry_base, 1..=3_600_000)?,
        poll: millis("WEBHOOK_POLL_MS", defaults.poll, 10..=60_000)?,
        worker,
        extra_roots,
        retention,
    })
}

/// The certificates of a PEM file (at least one).
fn read_roots(path: &str) -> Result<Vec<reqwest::Certificate>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let roots = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| format!("`{path}` is not a PEM certificate bundle: {e}"))?;
    if roots.is_empty() {
        return Err(format!("`{path}` holds no PEM certificate"));
    }
    Ok(roots)
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// In demo mode a missing secret becomes a random one for this process; otherwise the
/// secret must be long, not trivially repetitive and not one published in the repository.
fn jwt_secret(value: Option<String>, demo_data: bool) -> Result<Vec<u8>, ConfigError> {
    match value {
        None if demo_data => {
            let bytes: [u8; 32] = rand::random();
            Ok(bytes.to_vec())
        }
        None => Err(ConfigError::new(
            "JWT_SECRET",
            format!("is required outside demo mode (at least {MIN_SECRET_LEN} random characters)"),
        )),
        Some(secret) => {
            let distinct = secret
                .chars()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if !demo_data && PUBLISHED_SECRETS.contains(&secret.trim()) {
                Err(ConfigError::new(
                    "JWT_SECRET",
                    "is published in the gmd repository (an example or test value): \
                     generate your own, e.g. `openssl rand -base64 48`",
                ))
            } else if secret.len() < MIN_SECRET_LEN || distinct < 8 {
                Err(ConfigError::new(
                    "JWT_SECRET",
                    format!(
                        "is too weak: use at least {MIN_SECRET_LEN} random characters \
                         (e.g. `openssl rand -base64 48`)"
                    ),
                ))
            } else {
                Ok(secret.into_bytes())
            }
        }
    }
}

fn parse_origins(list: &str) -> Result<Vec<String>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let valid = origin == "*"
                || url::Url::parse(origin)
                    .map(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
                    .unwrap_or(false);
            if valid {
                Ok(origin.trim_end_matches('/').to_owned())
            } else {
                Err(ConfigError::new(
                    "CORS_ORIGINS",
                    format!("`{origin}` is not an origin like https://example.org"),
                ))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn production_refuses_missing_or_weak_secret() {
        assert_eq!(settings(&[]).expect_err("missing").setting, "JWT_SECRET");
        assert_eq!(
            settings(&[("JWT_SECRET", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")])
                .expect_err("weak")
                .setting,
            "JWT_SECRET"
        );
        assert!(settings(&[("DEMO_DATA", "true")]).is_ok());
    }

    /// A strong secret made for this run (a literal one would be published here).
    fn fresh_secret() -> String {
        let bytes: [u8; 24] = rand::random();
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn published_secrets_are_refused_outside_demo_mode() {
        for published in PUBLISHED_SECRETS {
            let error = settings(&[("JWT_SECRET", *published)]).expect_err("published");
            assert_eq!(error.setting, "JWT_SECRET");
            assert!(error.to_string().contains("published"), "{error}");
            assert!(settings(&[("JWT_SECRET", *published), ("DEMO_DATA", "true")]).is_ok());
        }
        assert!(settings(&[("JWT_SECRET", &fresh_secret())]).is_ok());
    }

    /// Values written next to `JWT_SECRET` (or a script's `JWT`) in the tracked files.
    fn secrets_written_in_the_repository() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let listing = std::process::Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(&root)
            .output()
            .expect("git ls-files runs in the repository");
        assert!(listing.status.success(), "git ls-files failed");
        let is_secret_char =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/' | '.');
        let mut found = Vec::new();
        for path in listing.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8_lossy(path).into_owned();
            let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
                continue; // binary files
            };
            for line in text.lines() {
                let Some(at) = ["JWT_SECRET", "JWT="]
                    .iter()
                    .filter_map(|name| line.find(name))
                    .min()
                else {
                    continue;
                };
                let after = line[at..]
                    .trim_start_matches("JWT_SECRET")
                    .trim_start_matches("JWT");
                for value in after.split(|c: char| !is_secret_char(c)) {
                    if value.len() >= 16 && value != "JWT_SECRET" {
                        found.push((path.clone(), value.to_owned()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn published_secrets_are_all_refused() {
        let found = secrets_written_in_the_repository();
        // The scan sees the test suite's secret (tests/src/lib.rs), so it does look.
        assert!(
            found.iter().any(|(path, _)| path == "tests/src/lib.rs"),
            "{found:?}"
        );
        for (path, value) in found {
            assert!(
                settings(&[("JWT_SECRET", &value)]).is_err(),
                "{path} publishes the JWT secret `{value}`: add it to PUBLISHED_SECRETS"
            );
        }
    }

    #[test]
    fn bad_values_name_their_setting() {
        let secret = fresh_secret();
        let strong = ("JWT_SECRET", secret.as_str());
        for (pair, setting) in [
            (("BIND", "nowhere"), "BIND"),
            (("DEMO_DATA", "maybe"), "DEMO_DATA"),
            (("DATABASE_URL", "mysql://root:pw@h/db"), "DATABASE_URL"),
            (("CORS_ORIGINS", "not a url"), "CORS_ORIGINS"),
            (("RATE_LIMIT_PER_MINUTE", "many"), "RATE_LIMIT_PER_MINUTE"),
            (
                ("RATE_LIMIT_TOKEN_PER_MINUTE", "-1"),
                "RATE_LIMIT_TOKEN_PER_MINUTE",
            ),
            (
                ("WEBHOOK_ALLOWED_HOSTS", "http://x/"),
                "WEBHOOK_ALLOWED_HOSTS",
            ),
            (("WEBHOOK_RETRY_BASE_MS", "soon"), "WEBHOOK_RETRY_BASE_MS"),
            (("WEBHOOK_RETENTION_DAYS", "0"), "WEBHOOK_RETENTION_DAYS"),
            (
                ("WEBHOOK_RETENTION_DAYS", "forever"),
                "WEBHOOK_RETENTION_DAYS",
            ),
            (("WEBHOOK_WORKER", "maybe"), "WEBHOOK_WORKER"),
            (("DB_STATEMENT_TIMEOUT_MS", "0"), "DB_STATEMENT_TIMEOUT_MS"),
            (("DB_STATEMENT_TIMEOUT_MS", "5s"), "DB_STATEMENT_TIMEOUT_MS"),
            (("RESPONSE_CACHE_MB", "-1"), "RESPONSE_CACHE_MB"),
            (("DB_POOL_SIZE", "0"), "DB_POOL_SIZE"),
            (("DB_POOL_WAIT_MS", "5"), "DB_POOL_WAIT_MS"),
            (("DB_POOL_MIN_IDLE", "11"), "DB_POOL_MIN_IDLE"),
            (("DB_CONNECT_TIMEOUT_MS", "soon"), "DB_CONNECT_TIMEOUT_MS"),
            (("HTTP_WORKERS", "0"), "HTTP_WORKERS"),
            (("TRUSTED_PROXIES", "10.0.0.0/33"), "TRUSTED_PROXIES"),
            (("SHUTDOWN_DRAIN_S", "-1"), "SHUTDOWN_DRAIN_S"),
            (("SHUTDOWN_TIMEOUT_S", "1h"), "SHUTDOWN_TIMEOUT_S"),
            (("LOG_FORMAT", "xml"), "LOG_FORMAT"),
            (("TRUSTED_PROXY_HEADER", "via"), "TRUSTED_PROXY_HEADER"),
            (("METRICS_TOKEN", "short"), "METRICS_TOKEN"),
            (("DB_POOLER", "session"), "DB_POOLER"),
            (("DATABASE_LISTEN_URL", "sqlite://x"), "DATABASE_LISTEN_URL"),
            (("RESPONSE_CACHE_MB", "5000"), "RESPONSE_CACHE_MB"),
            (("WEBHOOK_CA_FILE", "/no/such/ca.pem"), "WEBHOOK_CA_FILE"),
            // A file without a PEM certificate.
            (("WEBHOOK_CA_FILE", "Cargo.toml"), "WEBHOOK_CA_FILE"),
        ] {
            let error = settings(&[strong, pair]).expect_err("invalid");
            assert_eq!(error.setting, setting);
            assert!(!error.to_string().contains("pw@"));
        }
        let ok = settings(&[
            strong,
            ("CORS_ORIGINS", "http://localhost:5173, https://gmd.example"),
        ])
        .expect("valid");
        assert_eq!(ok.cors_origins.len(), 2);
        assert_eq!(ok.rate_limits.per_address, DEFAULT_RATE_LIMIT_PER_MINUTE);
        let off = settings(&[strong, ("RATE_LIMIT_TOKEN_PER_MINUTE", "0")]).expect("valid");
        assert_eq!(off.rate_limits.per_token, 0);
        assert_eq!(off.database.pool.statement_timeout, Duration::from_secs(5));
        assert_eq!(off.server.drain, server::DEFAULT_DRAIN);
        let tuned = settings(&[
            strong,
            ("DB_STATEMENT_TIMEOUT_MS", "250"),
            ("DB_POOL_SIZE", "4"),
            ("DB_POOL_MIN_IDLE", "0"),
            ("HTTP_WORKERS", "3"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
            ("LOG_FORMAT", "JSON"),
        ])
        .expect("valid");
        assert_eq!(
            tuned.database.pool.statement_timeout,
            Duration::from_millis(250)
        );
        assert_eq!(
            (tuned.database.pool.max_size, tuned.database.pool.min_idle),
            (4, 0)
        );
        assert_eq!(tuned.server.workers, 3);
        assert!(!tuned.server.trusted_proxies.is_empty());
        assert_eq!(tuned.server.log_format, LogFormat::Json);
    }
}
