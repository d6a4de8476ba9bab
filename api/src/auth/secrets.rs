//! Long random secrets that are shown once and kept only as a hash: API tokens and the
//! one-time links of invitations and password resets.

use rand::distr::{Alphanumeric, SampleString};
use sha2::{Digest, Sha256};

/// `chars` random letters and digits (62 possible each: 40 give about 238 bits).
pub fn random(chars: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), chars)
}

/// The stored form of a secret. Secrets are long and random, so a fast hash is enough.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
