//! The webhook settings (`WEBHOOK_*`), validated with the others in `config.rs`.

use std::time::Duration;

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Hosts (names or IP addresses) that targets may use even though they resolve to
    /// loopback, private or link-local addresses: `WEBHOOK_ALLOWED_HOSTS`.
    pub allowed_hosts: Vec<String>,
    /// The first retry's delay; each further retry doubles it (`WEBHOOK_RETRY_BASE_MS`).
    pub retry_base: Duration,
    /// How often the worker looks for due deliveries (`WEBHOOK_POLL_MS`).
    pub poll: Duration,
    /// Whether this process runs a delivery worker (`WEBHOOK_WORKER`).
    pub worker: bool,
    /// Root certificates trusted for `https` targets besides the bundled web PKI roots,
    /// for allowed internal receivers whose certificates a private CA issued
    /// (`WEBHOOK_CA_FILE`).
    pub extra_roots: Vec<reqwest::Certificate>,
    /// Finished deliveries (and events no delivery needs any more) are deleted this long
    /// after their last attempt (`WEBHOOK_RETENTION_DAYS`).
    pub retention: Duration,
}

/// Retries stop this long after the event.
pub const RETRY_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);
/// A receiver must answer within this.
pub const TIMEOUT: Duration = Duration::from_secs(10);

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allowed_hosts: Vec::new(),
            retry_base: Duration::from_secs(30),
            poll: Duration::from_millis(500),
            worker: true,
            extra_roots: Vec::new(),
            retention: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

impl WebhookSettings {
    /// Whether `host` is on the allowlist.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }

    /// The delay before attempt `attempts + 1`, after `attempts` failed ones.
    pub fn retry_delay(&self, attempts: i64) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        self.retry_base
            .saturating_mul(2u32.saturating_pow(exponent))
            .min(MAX_RETRY_DELAY)
    }
}
