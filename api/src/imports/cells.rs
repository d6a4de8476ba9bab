//! Typed reading of one imported row's cells. Every problem is recorded against the row
//! and column, so one pass reports all of a row's errors.

use chrono::{DateTime, Utc};

use super::table::Record;
use crate::error::{ApiError, FieldError};

/// One row being read.
#[derive(Debug)]
pub struct Cells<'a> {
    columns: &'a [String],
    record: &'a Record,
    errors: Vec<FieldError>,
}

impl<'a> Cells<'a> {
    pub fn new(columns: &'a [String], record: &'a Record) -> Self {
        Self {
            columns,
            record,
            errors: Vec::new(),
        }
    }

    /// The row's spreadsheet number.
    pub fn row(&self) -> u64 {
        self.record.row
    }

    /// The cell of `column` as written (less the `'` our exports put before a formula-like
    /// cell, see `http::csv`), if the file has the column.
    fn raw(&self, column: &str) -> Option<&'a str> {
        let index = self.columns.iter().position(|name| name == column)?;
        self.record
            .cells
            .get(index)
            .map(|cell| crate::http::csv::unescape(cell))
    }

    /// The cell of `column`, trimmed; `None` when the column is absent or the cell empty.
    pub fn text(&self, column: &str) -> Option<&'a str> {
        self.raw(column)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// The cell as an owned string.
    pub fn string(&self, column: &str) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    /// A cell that must not be empty.
    pub fn required(&mut self, column: &str) -> String {
        self.text(column).map_or_else(
            || {
                self.error(column, "is required");
                String::new()
            },
            str::to_owned,
        )
    }

    /// Records a problem with `column`.
    pub fn error(&mut self, column: &str, message: impl Into<String>) {
        self.errors
            .push(FieldError::in_row(self.record.row, column, message));
    }

    /// A whole number.
    pub fn integer(&mut self, column: &str) -> Option<i64> {
        let text = self.text(column)?;
        text.parse()
            .map_err(|_| self.error(column, "must be a whole number"))
            .ok()
    }

    /// A list separated by `;`, `,` or line breaks (empty items dropped).
    pub fn list(&self, column: &str) -> Vec<String> {
        self.text(column).map_or_else(Vec::new, |text| {
            text.split([';', ',', '\n'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        })
    }

    /// One item per line, empty lines kept (so that parallel columns stay aligned);
    /// trailing empty lines dropped.
    pub fn lines(&self, column: &str) -> Vec<String> {
        let mut lines: Vec<String> = self.raw(column).map_or_else(Vec::new, |text| {
            text.lines().map(|l| l.trim().to_owned()).collect()
        });
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// `true`/`false` (also `yes`/`no`, `1`/`0`); empty is `false`.
    pub fn flag(&mut self, column: &str) -> bool {
        match self.text(column).map(str::to_lowercase).as_deref() {
            None | Some("false" | "no" | "0") => false,
            Some("true" | "yes" | "1") => true,
            Some(_) => {
                self.error(column, "must be true or false");
                false
            }
        }
    }

    /// An RFC 3339 time with its offset, like 2026-01-05T09:30:00+08:00.
    pub fn time(&mut self, column: &str) -> Option<DateTime<Utc>> {
        let text = self.text(column)?;
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|_| self.error(column, "must be a time like 2026-01-05T09:30:00+08:00"))
            .ok()
    }

    /// One word of a closed vocabulary.
    pub fn choice<T: Copy>(
        &mut self,
        column: &str,
        all: &[T],
        name: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let text = self.text(column)?;
        let found = all.iter().copied().find(|v| name(*v) == text);
        if found.is_none() {
            self.error(column, format!("must be one of {}", names(all, &name)));
        }
        found
    }

    /// A list (as [`Cells::list`]) of words of a closed vocabulary; each unknown word is
    /// an error.
    pub fn choices<T: Copy>(
        &mut self,
        column: &str,
        all: &[T],
        name: impl Fn(T) -> &'static str,
    ) -> Vec<T> {
        let mut found = Vec::new();
        for word in self.list(column) {
            match all.iter().copied().find(|v| name(*v) == word) {
                Some(value) => found.push(value),
                None => self.error(
                    column,
                    format!("`{word}` is not one of {}", names(all, &name)),
                ),
            }
        }
        found
    }

    /// Takes over the field errors of a domain validation, naming each by the column the
    /// field is read from (`column_of`).
    pub fn validated<T>(
        &mut self,
        outcome: Result<T, ApiError>,
        column_of: impl Fn(&str) -> String,
    ) -> Option<T> {
        match outcome {
            Ok(value) => Some(value),
            Err(ApiError::Validation(errors)) => {
                for error in errors {
                    let column = column_of(&error.field);
                    // A cell already reported (empty but required, say) is not repeated.
                    if !self.errors.iter().any(|e| e.field == column) {
                        self.error(&column, error.message);
                    }
                }
                None
            }
            Err(other) => {
                self.error("row", other.to_string());
                None
            }
        }
    }

    /// The value read, unless the row had errors.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(self.errors),
        }
    }
}

/// The words of a vocabulary, for messages.
fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
}

/// The column a field of a validation error is read from: the field's first segment
/// (`bio.en` is the column `bio`).
pub fn top_level(field: &str) -> String {
    field.split(['.', '[']).next().unwrap_or(field).to_owned()
}
