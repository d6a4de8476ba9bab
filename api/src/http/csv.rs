//! RFC 4180 CSV for spreadsheet exports: CRLF line ends, fields quoted when they hold a
//! comma, a quote or a line break (quotes doubled), and a UTF-8 byte order mark first so
//! that Excel reads Chinese, Greek and every other script correctly.
//!
//! Every cell that a spreadsheet could take for a formula (one starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) is written with a leading `'` (OWASP's rule against CSV
//! injection), whatever its column: a negative number or coordinate `-33.9` is exported as
//! `'-33.9`, which spreadsheets show as text. The importer removes that quote again
//! ([`unescape`]); a stored value that already looks neutralised (`'=x`) is written with
//! one more quote, so every export imports back unchanged.

use actix_web::HttpResponse;

/// A CSV document being written, row by row.
#[derive(Debug)]
pub struct Csv(String);

impl Csv {
    /// A document with its header row.
    pub fn new(header: &[&str]) -> Self {
        let mut csv = Self("\u{feff}".to_owned());
        csv.row(header.iter().copied());
        csv
    }

    /// Appends one record.
    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let line: Vec<String> = fields.into_iter().map(field).collect();
        self.0.push_str(&line.join(","));
        self.0.push_str("\r\n");
    }

    /// A download named `filename`.
    pub fn respond(self, filename: &str) -> HttpResponse {
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8; header=present")
            .insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"{filename}\""),
            ))
            .body(self.0)
    }
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would read `text` as a formula, or `text` could be taken for a
/// neutralised one (quotes before a formula character): such a text gets one more `'`.
fn needs_quote(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell as written by [`Csv`], with the quote that neutralised a formula removed. Only
/// that quote is undone: `'plain` stays as it is, and `''=x` (the export of `'=x`) becomes
/// `'=x`, so every exported value imports back unchanged.
pub fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

fn field(text: &str) -> String {
    let neutralised;
    let text = if needs_quote(text) {
        neutralised = format!("'{text}");
        neutralised.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{unescape, Csv};

    #[test]
    fn quotes_only_what_needs_it() {
        let mut csv = Csv::new(&["a", "b"]);
        csv.row(["哈尔滨", "say \"hi\", then\nleave"]);
        assert_eq!(
            csv.0,
            "\u{feff}a,b\r\n哈尔滨,\"say \"\"hi\"\", then\nleave\"\r\n"
        );
    }

    #[test]
    fn neutralises_formulas_and_undoes_it_on_import() {
        let cells = [
            "=cmd|' /C calc'!A0",
            "+1",
            "-33.9",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=kept",
            "''-kept",
            "'plain",
            "it's",
            "a=b",
        ];
        let mut csv = Csv::new(&["c"]);
        for cell in cells {
            csv.row([cell]);
        }
        let written: Vec<&str> = csv.0.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            &written[1..7],
            [
                "'=cmd|' /C calc'!A0",
                "'+1",
                "'-33.9",
                "'@SUM(A1)",
                "'\tx",
                "\"'\rx\"",
            ]
        );
        for cell in cells {
            assert_eq!(
                unescape(&super::field(cell).replace('"', "")),
                cell.replace('"', "")
            );
        }
        assert_eq!(unescape("'plain"), "'plain");
        assert_eq!(super::field("'=kept"), "''=kept");
    }
}
