//! Value types shared by the domains, each validated when parsed: language maps,
//! countries, time zones, dates and coordinates.

mod blank;
mod country;
pub mod lang_map;
pub mod text_enum;
mod time_zone;
mod transitions;

pub use blank::is_blank;
pub use country::{CountryCode, COUNTRY_CODES};
pub use lang_map::{is_language_tag, LangMap, TAG_PATTERN};
pub(crate) use text_enum::text_enum;
pub use time_zone::TimeZoneName;
pub use transitions::illegal_transition;

use crate::error::FieldError;

/// Collects field errors while validating an input, so one 422 lists them all.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    /// Records `message` against `field` unless `ok`.
    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// Records the error of a parse, keeping its value.
    pub fn parse<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.0.push(error)).ok()
    }

    /// Checks an optional text's length in characters; a text of only whitespace or
    /// invisible characters counts as empty ([`is_blank`]).
    pub fn text(&mut self, value: Option<&str>, field: &str, max: usize) {
        if let Some(value) = value {
            self.check(
                !is_blank(value) && value.chars().count() <= max,
                field,
                &format!("must be 1 to {max} characters"),
            );
        }
    }

    /// 422 listing every problem, or the value.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, crate::error::ApiError> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(crate::error::ApiError::Validation(self.0))
        }
    }
}

/// A calendar date `YYYY-MM-DD`.
pub fn parse_date(field: &str, text: &str) -> Result<chrono::NaiveDate, FieldError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "must be a date like 2026-01-06"))
}

/// Whether a date lies in years 1000 to 9999, the range stored dates are kept in.
pub fn is_plausible_date(on: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    (1000..=9999).contains(&on.year())
}

/// A date stored by us as `YYYY-MM-DD`; anything else is a bug, not bad input.
pub fn stored_date(text: &str) -> Result<chrono::NaiveDate, crate::error::ApiError> {
    parse_date("date", text)
        .map_err(|_| crate::error::ApiError::Internal(format!("bad stored date {text}")))
}

/// An absolute http(s) URL of at most 500 characters without spaces.
pub fn is_web_url(text: &str) -> bool {
    text.chars().count() <= 500
        && !text.chars().any(char::is_whitespace)
        && (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
}

/// Checks the query filters lists share (an id of at least 1, a country code): a bad
/// one is a 400 naming the parameter, like any malformed query.
pub fn check_filter(
    ids: &[(&str, Option<i64>)],
    country: Option<&str>,
) -> Result<(), crate::error::ApiError> {
    if let Some((field, _)) = ids.iter().find(|(_, id)| id.is_some_and(|id| id < 1)) {
        return Err(crate::error::ApiError::BadRequest(format!(
            "{field} must be at least 1"
        )));
    }
    if country.is_some_and(|code| !CountryCode(code.to_owned()).is_valid()) {
        return Err(crate::error::ApiError::BadRequest(
            "country must be an ISO 3166-1 alpha-2 code".into(),
        ));
    }
    Ok(())
}
