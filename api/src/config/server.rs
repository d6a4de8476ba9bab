//! How the process serves: workers, the proxies it trusts, shutdown, logs and metrics.

use std::time::Duration;

use super::{bounded, ConfigError};
use crate::http::client_address::{ForwardingHeader, TrustedProxies};

/// The format of the log lines on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One line of text per record (env_logger's).
    #[default]
    Text,
    /// One JSON object per line, with the access log's fields as keys.
    Json,
}

/// `HTTP_WORKERS`, `TRUSTED_PROXIES`, `TRUSTED_PROXY_HEADER`, `SHUTDOWN_DRAIN_S`, `SHUTDOWN_TIMEOUT_S`,
/// `LOG_FORMAT`, `METRICS_TOKEN`.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// HTTP worker threads (default: one per core).
    pub workers: usize,
    /// Peers whose forwarding header (`TRUSTED_PROXY_HEADER`) names the client (default:
    /// none).
    pub trusted_proxies: TrustedProxies,
    /// After SIGTERM: how long readiness answers 503 while requests are still served, so
    /// the balancer takes the process out before its listener closes.
    pub drain: Duration,
    /// Then: how long requests in flight may take to finish.
    pub shutdown_timeout: Duration,
    pub log_format: LogFormat,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
}

/// The default drain: longer than a balancer's usual check interval times its fall count.
pub const DEFAULT_DRAIN: Duration = Duration::from_secs(5);
/// The default time in-flight requests get once the listener has closed.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

impl LogFormat {
    /// `text` or `json`, in any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            trusted_proxies: TrustedProxies::default(),
            drain: DEFAULT_DRAIN,
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            log_format: LogFormat::Text,
            metrics_token: None,
        }
    }
}

impl ServerSettings {
    pub fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let workers = bounded(
            "HTTP_WORKERS",
            get("HTTP_WORKERS"),
            defaults.workers as u64,
            1..=256,
            "worker threads",
        )?;
        let header = match get("TRUSTED_PROXY_HEADER") {
            None => ForwardingHeader::default(),
            Some(text) => ForwardingHeader::parse(&text)
                .map_err(|message| ConfigError::new("TRUSTED_PROXY_HEADER", message))?,
        };
        let trusted_proxies = match get("TRUSTED_PROXIES") {
            None => TrustedProxies::default(),
            Some(text) => TrustedProxies::parse(&text)
                .map_err(|message| ConfigError::new("TRUSTED_PROXIES", message))?
                .reading(header),
        };
        let seconds = |setting, default: Duration| {
            bounded(
                setting,
                get(setting),
                default.as_secs(),
                0..=3600,
                "seconds",
            )
            .map(Duration::from_secs)
        };
        let log_format = match get("LOG_FORMAT") {
            None => LogFormat::Text,
            Some(value) => LogFormat::parse(&value).ok_or_else(|| {
                ConfigError::new("LOG_FORMAT", format!("`{value}` is not text or json"))
            })?,
        };
        let metrics_token = get("METRICS_TOKEN").map(|token| token.trim().to_owned());
        if metrics_token.as_ref().is_some_and(|token| token.len() < 16) {
            return Err(ConfigError::new(
                "METRICS_TOKEN",
                "is too short: use at least 16 random characters",
            ));
        }
        Ok(Self {
            workers: usize::try_from(workers).unwrap_or(1),
            trusted_proxies,
            drain: seconds("SHUTDOWN_DRAIN_S", defaults.drain)?,
            shutdown_timeout: seconds("SHUTDOWN_TIMEOUT_S", defaults.shutdown_timeout)?,
            log_format,
            metrics_token,
        })
    }
}
