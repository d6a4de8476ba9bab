//! The query-cost guard: the one place where a list's query string is read.
//!
//! A list handler takes a [`ListQuery<F>`] (its filters `F` implement [`ListFilter`]); it is
//! the only way to get the [`ListRequest`] that models and [`super::lists::Page::new`]
//! need, so no list can skip these checks. Every parameter is bounded before any query
//! runs: at most [`MAX_SORT_KEYS`] distinct sort keys from the resource's allowlist, no
//! parameter given twice, no value longer than [`MAX_Q_CHARS`] characters, at most
//! [`MAX_PARAMETERS`] parameters, paging in range. A refusal is one 400 problem whose
//! `errors` name every offending parameter. The documented `sort` parameter is generated
//! from the same allowlist, so the spec and the check cannot differ.

use std::collections::HashSet;
use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::SchemaType;
use utoipa::openapi::{ObjectBuilder, RefOr, Required, Schema, Type};
use utoipa::IntoParams;

use super::lists::{
    search_key, ListParams, ListRequest, SortKey, DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE,
    MAX_Q_CHARS,
};
use crate::error::{ApiError, FieldError};

/// The most keys `sort` may have. Each key adds a term to the `ORDER BY`; three cover
/// every useful order (a field, a second field, and the `id` tie-break).
pub const MAX_SORT_KEYS: usize = 3;
/// The most parameters a list's query string may carry (known or not).
pub const MAX_PARAMETERS: usize = 32;
/// The longest query string a list accepts, in bytes (percent-encoded).
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

/// A list's own filters: deserialised from the query string, documented in the spec.
pub trait ListFilter: DeserializeOwned + IntoParams {
    /// The fields `sort` may name; empty when the list has one fixed order (then any
    /// `sort` is refused).
    const SORTABLE: &'static [&'static str];
}

/// A list without filters of its own.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoFilter {}

impl ListFilter for NoFilter {
    const SORTABLE: &'static [&'static str] = &[];
}

/// A list request that passed the guard, with the resource's filters.
#[derive(Debug)]
pub struct ListQuery<F> {
    pub list: ListRequest,
    pub filter: F,
}

impl<F: ListFilter> ListQuery<F> {
    /// Checks a raw query string (as sent, percent-encoded).
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        if query.len() > MAX_QUERY_BYTES {
            return Err(ApiError::InvalidQuery(vec![FieldError::new(
                "query",
                format!("the query string is longer than {MAX_QUERY_BYTES} bytes"),
            )]));
        }
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        let mut errors = raw_errors(&pairs);
        if !errors.is_empty() {
            return Err(ApiError::InvalidQuery(errors));
        }
        let params: Option<ListParams> = deserialize(query, &mut errors);
        let filter: Option<F> = deserialize(query, &mut errors);
        let sort = pairs
            .iter()
            .find(|(key, _)| key == "sort")
            .map(|(_, value)| value.trim());
        let sort = match sort {
            None => Vec::new(),
            Some("") => {
                errors.push(FieldError::new(
                    "sort",
                    "names no sort key: leave it out instead",
                ));
                Vec::new()
            }
            Some(text) => parse_sort(text, F::SORTABLE, &mut errors),
        };
        let (Some(params), Some(filter), true) = (params, filter, errors.is_empty()) else {
            return Err(ApiError::InvalidQuery(errors));
        };
        let list = paging(params, sort, &mut errors);
        match list {
            Some(list) if errors.is_empty() => Ok(Self { list, filter }),
            _ => Err(ApiError::InvalidQuery(errors)),
        }
    }
}

impl<F: ListFilter> FromRequest for ListQuery<F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::parse(req.query_string()))
    }
}

impl<F: ListFilter> IntoParams for ListQuery<F> {
    fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut params = ListParams::into_params(&parameter_in);
        if !F::SORTABLE.is_empty() {
            params.push(sort_parameter(F::SORTABLE));
        }
        params.extend(F::into_params(&parameter_in).into_iter().map(bounded));
        params
    }
}

/// A filter as documented: a free-text one shows the length the guard allows.
fn bounded(mut parameter: Parameter) -> Parameter {
    if let Some(RefOr::T(Schema::Object(object))) = &mut parameter.schema {
        let text = matches!(&object.schema_type, SchemaType::Type(Type::String));
        if text && object.max_length.is_none() && object.enum_values.is_none() {
            object.max_length = Some(MAX_Q_CHARS);
        }
    }
    parameter
}

/// The `sort` parameter as documented: its pattern allows exactly what [`parse_sort`]
/// accepts. The leading negative lookahead refuses a field named twice (`id,-id`): some
/// field, then any fields, then the same field again (a backreference).
fn sort_parameter(sortable: &[&str]) -> Parameter {
    let fields = sortable.join("|");
    let key = format!("-?({fields})");
    let repeat = format!("(?!(?:[^,]*,)*-?({fields}),(?:[^,]*,)*-?\\1(?:,|$))");
    let pattern = format!("^{repeat}{key}(,{key}){{0,{}}}$", MAX_SORT_KEYS - 1);
    ParameterBuilder::new()
        .name("sort")
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(format!(
            "Comma-separated sort keys ({}), at most {MAX_SORT_KEYS}, each field once; `-` \
             sorts descending. Ties are broken by `id`.",
            sortable.join(", ")
        )))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(MAX_Q_CHARS))
                .pattern(Some(pattern))
                .examples([serde_json::Value::from(sortable[0])]),
        ))
        .build()
}

/// Bounds every parameter before anything is parsed: count, repeats, value lengths.
fn raw_errors(pairs: &[(String, String)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if pairs.len() > MAX_PARAMETERS {
        errors.push(FieldError::new(
            "query",
            format!("at most {MAX_PARAMETERS} parameters"),
        ));
        return errors;
    }
    let mut seen = HashSet::new();
    let mut repeated = HashSet::new();
    for (key, value) in pairs {
        if !seen.insert(key.as_str()) && repeated.insert(key.as_str()) {
            errors.push(FieldError::new(key.clone(), "is given more than once"));
        }
        if value.chars().count() > MAX_Q_CHARS {
            errors.push(FieldError::new(
                key.clone(),
                format!("is longer than {MAX_Q_CHARS} characters"),
            ));
        }
    }
    errors
}

/// Deserialises `T` from the query string, naming the parameter that does not fit.
fn deserialize<T: DeserializeOwned>(query: &str, errors: &mut Vec<FieldError>) -> Option<T> {
    let deserializer =
        serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(query.as_bytes()));
    match serde_path_to_error::deserialize(deserializer) {
        Ok(value) => Some(value),
        Err(error) => {
            let field = error.path().to_string();
            let field = if field == "." { "query".into() } else { field };
            errors.push(FieldError::new(field, error.into_inner().to_string()));
            None
        }
    }
}

/// Parses `sort` against the allowlist: known fields, each once (`a` and `-a` are the
/// same field), at most [`MAX_SORT_KEYS`].
fn parse_sort(text: &str, sortable: &[&str], errors: &mut Vec<FieldError>) -> Vec<SortKey> {
    let refuse = |errors: &mut Vec<FieldError>, message: String| {
        errors.push(FieldError::new("sort", message));
    };
    if sortable.is_empty() {
        refuse(
            errors,
            "this list has a fixed order and cannot be sorted".into(),
        );
        return Vec::new();
    }
    let keys: Vec<&str> = text.split(',').map(str::trim).collect();
    if keys.len() > MAX_SORT_KEYS {
        refuse(
            errors,
            format!("at most {MAX_SORT_KEYS} sort keys (got {})", keys.len()),
        );
        return Vec::new();
    }
    let mut sort: Vec<SortKey> = Vec::with_capacity(keys.len());
    for key in keys {
        let (field, descending) = match key.strip_prefix('-') {
            Some(field) => (field, true),
            None => (key, false),
        };
        if !sortable.contains(&field) {
            refuse(
                errors,
                format!(
                    "cannot sort by `{field}`; sortable fields: {}",
                    sortable.join(", ")
                ),
            );
        } else if sort.iter().any(|earlier| earlier.field == field) {
            refuse(errors, format!("`{field}` is named more than once"));
        } else {
            sort.push(SortKey {
                field: field.to_owned(),
                descending,
            });
        }
    }
    sort
}

/// Checks paging and `q`, and makes the request.
fn paging(
    params: ListParams,
    sort: Vec<SortKey>,
    errors: &mut Vec<FieldError>,
) -> Option<ListRequest> {
    let page = params.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        errors.push(FieldError::new(
            "page",
            format!("must be between 1 and {MAX_PAGE}"),
        ));
    }
    let per_page = params.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        errors.push(FieldError::new(
            "per_page",
            format!("must be between 1 and {MAX_PER_PAGE}"),
        ));
    }
    let q = params.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    errors.is_empty().then(|| ListRequest {
        page,
        per_page,
        sort,
        q: q.map(search_key),
        updated_since: params.updated_since.map(|t| t.naive_utc()),
        _guarded: (),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, IntoParams)]
    struct Filter {
        #[allow(dead_code)]
        city_id: Option<i64>,
    }

    impl ListFilter for Filter {
        const SORTABLE: &'static [&'static str] = &["id", "name", "updated_at", "country"];
    }

    fn parse(query: &str) -> Result<ListQuery<Filter>, Vec<FieldError>> {
        ListQuery::parse(query).map_err(|error| match error {
            ApiError::InvalidQuery(errors) => errors,
            other => panic!("not a 400 with errors: {other}"),
        })
    }

    fn fields(query: &str) -> Vec<String> {
        parse(query)
            .expect_err("refused")
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn paging_bounds_and_defaults() {
        let list = parse("").expect("ok").list;
        assert_eq!((list.page, list.per_page, list.offset()), (1, 25, 0));
        assert_eq!(parse("page=3&per_page=100").expect("ok").list.offset(), 200);
        assert_eq!(fields("page=0"), ["page"]);
        assert_eq!(fields("per_page=101&page=1000001"), ["page", "per_page"]);
        assert_eq!(fields("page=x"), ["page"]);
        assert_eq!(fields("city_id=x"), ["city_id"]);
    }

    #[test]
    fn sort_is_bounded_allowlisted_and_without_repeats() {
        let sorted = parse("sort=-name,id").expect("ok").list.sort;
        assert_eq!(
            sorted[0],
            SortKey {
                field: "name".into(),
                descending: true
            }
        );
        assert_eq!(
            parse("sort=name,-id,updated_at")
                .expect("ok")
                .list
                .sort
                .len(),
            3
        );
        for bad in [
            "sort=password",
            "sort=id,nope",
            "sort=name,id,updated_at,country",
            "sort=id,id",
            "sort=",
            "sort=name,-name",
            "sort=id,",
        ] {
            assert_eq!(fields(bad), ["sort"], "{bad}");
        }
        let fixed: Result<ListQuery<NoFilter>, _> = ListQuery::parse("sort=id");
        assert!(fixed.is_err());
    }

    #[test]
    fn parameters_are_given_once_and_bounded() {
        assert_eq!(fields("page=1&page=2"), ["page"]);
        assert_eq!(fields("sort=id&sort=name"), ["sort"]);
        assert_eq!(fields("unknown=1&unknown=2"), ["unknown"]);
        let long = "x".repeat(MAX_Q_CHARS + 1);
        assert_eq!(fields(&format!("q={long}")), ["q"]);
        assert_eq!(fields(&format!("theme={long}")), ["theme"]);
        let many: Vec<String> = (0..=MAX_PARAMETERS).map(|i| format!("p{i}=1")).collect();
        assert_eq!(fields(&many.join("&")), ["query"]);
        assert!(parse(&"q=".repeat(MAX_QUERY_BYTES)).is_err());
        assert_eq!(
            parse("q=%20Harbin%20").expect("ok").list.q.as_deref(),
            Some("harbin")
        );
    }

    #[test]
    fn documented_sort_pattern_allows_three_keys() {
        let param = sort_parameter(&["id", "name"]);
        let json = serde_json::to_value(&param).expect("serialises");
        let pattern = json["schema"]["pattern"].as_str().expect("a pattern");
        assert_eq!(
            pattern,
            "^(?!(?:[^,]*,)*-?(id|name),(?:[^,]*,)*-?\\1(?:,|$))-?(id|name)(,-?(id|name)){0,2}$"
        );
    }
}
