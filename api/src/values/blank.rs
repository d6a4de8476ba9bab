//! Whether a text shows anything: a name made only of spaces, zero-width or other invisible
//! characters is as empty as no name at all.

/// Whether `text` is empty once whitespace and invisible characters are removed: format
/// characters (Unicode category Cf: zero-width space and joiners, word joiner, BOM,
/// soft hyphen, bidirectional controls, tags…), the other default-ignorable code points
/// (variation selectors, Hangul fillers, combining grapheme joiner) and the blank
/// Braille pattern.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A character that renders as nothing (see [`is_blank`]).
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x2800
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1345F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    ) || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn invisible_only_texts_are_blank() {
        for blank in [
            "",
            "   ",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{2060}\u{FEFF}\u{00AD}",
            " \u{200E}\u{202E}\u{2066} ",
            "\u{3164}\u{115F}",
            "\u{E0041}\u{FE0F}",
            "\t\u{3000}\u{00A0}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for shown in ["Ana", "哈尔滨", "\u{200B}x", "👍", "-"] {
            assert!(!is_blank(shown), "{shown:?}");
        }
    }
}
