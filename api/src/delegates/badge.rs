//! Badge codes: unguessable (80 random bits), unique, and QR-friendly (QR alphanumeric
//! mode covers upper-case letters, digits and `-`).

use rand::Rng;

/// Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new code such as `GMD-7K2Q-M9XD-4TNB-P0ZR`.
pub fn new_badge_code() -> String {
    let mut rng = rand::rng();
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect()
        })
        .collect();
    format!("GMD-{}", groups.join("-"))
}

/// A scanned or typed code in its stored form: upper case, without spaces.
pub fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_have_the_documented_shape() {
        let code = super::new_badge_code();
        assert_eq!(code.len(), 23);
        assert!(code.starts_with("GMD-"));
        assert_ne!(code, super::new_badge_code());
        assert_eq!(super::normalise(" gmd-ab12 "), "GMD-AB12");
    }
}
