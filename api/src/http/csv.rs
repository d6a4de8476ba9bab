//! RFC 4180 CSV for spreadsheet exports: CRLF line ends, fields quoted when they hold a
//! comma, a quote or a line break (quotes doubled), and a UTF-8 byte order mark first so
//! that Excel reads Chinese, Greek and every other script correctly.

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

fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::Csv;

    #[test]
    fn quotes_only_what_needs_it() {
        let mut csv = Csv::new(&["a", "b"]);
        csv.row(["哈尔滨", "say \"hi\", then\nleave"]);
        assert_eq!(
            csv.0,
            "\u{feff}a,b\r\n哈尔滨,\"say \"\"hi\"\", then\nleave\"\r\n"
        );
    }
}
