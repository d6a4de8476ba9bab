//! Rate limits per API token and per client address, in memory (per process, like the
//! login throttle: with several replicas each applies the limit on its own). Fixed windows
//! of one minute: a key's window starts at its first request and allows `limit` requests.
//!
//! Requests made with an API token count against the token; all others (anonymous and
//! signed-in users) against the client's address. A limit of 0 turns that limit off.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

const WINDOW: Duration = Duration::from_secs(60);
/// Keys remembered at most; past it, finished windows are forgotten.
const MAX_KEYS: usize = 100_000;

/// The configured limits, per minute; 0 is off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimits {
    pub per_address: u32,
    pub per_token: u32,
}

/// Who a request counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    Token(i64),
    Address(String),
}

/// The state of a key's window after counting one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window ends.
    pub reset_secs: u64,
    pub exceeded: bool,
}

impl Quota {
    /// Adds the `RateLimit-*` headers (and `Retry-After` when exceeded).
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        let mut put = |name: &'static str, value: u64| {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        };
        put("ratelimit-limit", u64::from(self.limit));
        put("ratelimit-remaining", u64::from(self.remaining));
        put("ratelimit-reset", self.reset_secs);
        if self.exceeded {
            headers.insert(RETRY_AFTER, HeaderValue::from(self.reset_secs));
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// The windows of every key.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: RateLimits,
    windows: Mutex<HashMap<Client, Window>>,
}

impl RateLimiter {
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            windows: Mutex::default(),
        }
    }

    /// Counts one request of `client`; `None` when its limit is off.
    pub fn take(&self, client: Client) -> Option<Quota> {
        let limit = match client {
            Client::Token(_) => self.limits.per_token,
            Client::Address(_) => self.limits.per_address,
        };
        if limit == 0 {
            return None;
        }
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= MAX_KEYS {
            windows.retain(|_, window| now.duration_since(window.started) < WINDOW);
        }
        let window = windows.entry(client).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                count: 0,
            };
        }
        window.count = window.count.saturating_add(1);
        let left = WINDOW.saturating_sub(now.duration_since(window.started));
        Some(Quota {
            limit,
            remaining: limit.saturating_sub(window.count),
            reset_secs: (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1),
            exceeded: window.count > limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_then_refuses_and_keeps_keys_apart() {
        let limiter = RateLimiter::new(RateLimits {
            per_address: 2,
            per_token: 0,
        });
        let ip = || Client::Address("10.0.0.1".into());
        let first = limiter.take(ip()).expect("limited");
        assert_eq!((first.remaining, first.exceeded), (1, false));
        assert!(!limiter.take(ip()).expect("limited").exceeded);
        let third = limiter.take(ip()).expect("limited");
        assert!(third.exceeded && third.reset_secs >= 1 && third.reset_secs <= 60);
        assert!(
            !limiter
                .take(Client::Address("10.0.0.2".into()))
                .expect("limited")
                .exceeded
        );
        assert_eq!(
            limiter.take(Client::Token(1)),
            None,
            "the token limit is off"
        );
    }
}
