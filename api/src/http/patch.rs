//! Partial updates: a field left out is kept, `null` clears it, a value replaces it.

use serde::{Deserialize, Deserializer};

/// Deserialises a nullable PATCH field into `Some(None)` for `null` and `Some(Some(v))`
/// for a value; with `#[serde(default)]` an absent field stays `None`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
