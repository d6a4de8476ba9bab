//! Text shown to the public in several languages: `{ "en": "…", "zh": "哈尔滨" }`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, SchemaFormat};
use utoipa::PartialSchema;

use crate::error::FieldError;

/// The longest text one language may hold.
pub const MAX_TEXT: usize = 2000;

/// A map from language tag (BCP 47, e.g. `en`, `zh`, `zh-Hant`) to text. English is
/// required: it is the fallback when the reader's language is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LangMap(pub BTreeMap<String, String>);

impl LangMap {
    /// Validates tags and texts; `max` bounds each text in characters.
    pub fn validate(&self, field: &str, max: usize) -> Result<(), FieldError> {
        if self.0.get("en").is_none_or(|text| super::is_blank(text)) {
            return Err(FieldError::new(field, "needs an English (`en`) text"));
        }
        for (tag, text) in &self.0 {
            if !is_language_tag(tag) {
                return Err(FieldError::new(
                    format!("{field}.{tag}"),
                    "is not a language tag like en, zh or zh-Hant",
                ));
            }
            if super::is_blank(text) || text.chars().count() > max {
                return Err(FieldError::new(
                    format!("{field}.{tag}"),
                    format!("must be 1 to {max} characters"),
                ));
            }
        }
        Ok(())
    }

    /// The English text.
    pub fn english(&self) -> &str {
        self.0.get("en").map_or("", String::as_str)
    }

    /// Every text lower-cased, English first, for search and for sorting by name.
    /// Every language but English as `tag: text` lines, for a spreadsheet cell.
    pub fn other_languages(&self) -> String {
        self.0
            .iter()
            .filter(|(tag, _)| *tag != "en")
            .map(|(tag, text)| format!("{tag}: {text}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn search_text(&self) -> String {
        let others = self
            .0
            .iter()
            .filter(|(tag, _)| *tag != "en")
            .map(|(_, text)| text.as_str());
        let all: Vec<&str> = std::iter::once(self.english()).chain(others).collect();
        crate::http::lists::search_key(&all.join(" "))
    }

    /// Stored as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text).map(Self)
    }

    /// Builds a map from `(tag, text)` pairs (demo data, tests).
    pub fn of(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(tag, text)| ((*tag).to_owned(), (*text).to_owned()))
                .collect(),
        )
    }
}

/// The regular expression of the tags accepted, also published in the schema.
pub const TAG_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$";

/// Whether `tag` looks like a BCP 47 language tag (`en`, `zh-Hans`, `pt-BR`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    primary_ok
        && rest.len() <= 2
        && rest
            .iter()
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl PartialSchema for LangMap {
    fn schema() -> RefOr<Schema> {
        let text = || {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(MAX_TEXT))
                .pattern(Some("\\S"))
        };
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "Text by language tag (BCP 47). `en` is required and is the fallback.",
            ))
            .property("en", text())
            .required("en")
            .property_names(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(TAG_PATTERN)),
            ))
            .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(
                text().build(),
            )))))
            .format(None::<SchemaFormat>)
            .into()
    }
}

impl utoipa::ToSchema for LangMap {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_required_and_tags_are_checked() {
        assert!(LangMap::of(&[("en", "Harbin"), ("zh", "哈尔滨")])
            .validate("name", 10)
            .is_ok());
        assert!(LangMap::of(&[("zh", "哈尔滨")])
            .validate("name", 10)
            .is_err());
        assert!(LangMap::of(&[("en", "x"), ("Not a tag", "y")])
            .validate("name", 10)
            .is_err());
        assert!(LangMap::of(&[("en", "x"), ("zh-Hant", "哈爾濱")])
            .validate("name", 10)
            .is_ok());
    }
}
