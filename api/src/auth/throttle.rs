//! Login throttling per account and per client address, in memory.
//!
//! After too many failures inside the window, further attempts answer 429 with
//! `Retry-After` until the oldest failure leaves the window. A success clears the
//! account's failures.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures remembered per key.
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed per account inside the window.
pub const ACCOUNT_LIMIT: usize = 5;
/// Failures allowed per client address inside the window (several users may share one).
pub const ADDRESS_LIMIT: usize = 20;

/// The failures seen, keyed by `account:<email>` and `ip:<address>`.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Some(seconds)` to wait when the account or the address is locked out.
    pub fn retry_after(&self, email: &str, address: &str) -> Option<u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        [
            (account_key(email), ACCOUNT_LIMIT),
            (address_key(address), ADDRESS_LIMIT),
        ]
        .into_iter()
        .filter_map(|(key, limit)| {
            let entries = failures.get_mut(&key)?;
            entries.retain(|at| now.duration_since(*at) < WINDOW);
            if entries.len() < limit {
                return None;
            }
            let oldest = *entries.front()?;
            Some((WINDOW - now.duration_since(oldest)).as_secs().max(1))
        })
        .max()
    }

    /// Records a failed attempt against both keys.
    pub fn record_failure(&self, email: &str, address: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > 100_000 {
            failures.retain(|_, entries| {
                entries
                    .back()
                    .is_some_and(|at| now.duration_since(*at) < WINDOW)
            });
        }
        for key in [account_key(email), address_key(address)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets the account's failures after a successful sign-in.
    pub fn record_success(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&account_key(email));
    }
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("ip:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_success_clears_the_account() {
        let throttle = LoginThrottle::default();
        for _ in 0..ACCOUNT_LIMIT {
            assert!(throttle.retry_after("a@x.org", "1.1.1.1").is_none());
            throttle.record_failure("A@x.org", "1.1.1.1");
        }
        assert!(throttle.retry_after("a@x.org", "2.2.2.2").is_some());
        throttle.record_success("a@x.org");
        assert!(throttle.retry_after("a@x.org", "2.2.2.2").is_none());
    }
}
