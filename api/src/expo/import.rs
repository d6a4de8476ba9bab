//! `POST /events/{event}/exhibitors/import`: exhibitors from a CSV file, all or nothing.
//! The columns are those of the CSV export (`exhibitors.csv`), so an exported file can be
//! edited and imported; the export's read-only columns are read past.

use std::collections::HashSet;

use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;

use super::exhibitors::{Contact, CreateExhibitor, ExhibitorRow};
use super::vocabulary::{ExhibitorKind, Sector};
use crate::auth::Caller;
use crate::db::schema::{cities, exhibitors};
use crate::db::{DbConnection, DbPool};
use crate::error::{ApiError, FieldError};
use crate::http::paths::EventPath;
use crate::imports::{self, top_level, Cells, Column, CsvBody, ImportOptions, ImportReport};
use crate::imports::{Importer, Parsed, Unique};
use crate::values::{CountryCode, LangMap};

/// An exhibitor row: its create input.
#[derive(Debug)]
pub struct ExhibitorImport(CreateExhibitor);

impl Importer for ExhibitorImport {
    const NOUN: &'static str = "exhibitors";
    const TABLE: &'static str = "exhibitors";
    const COLUMNS: &'static [Column] = &[
        Column::required("name"),
        Column::optional("name_other_languages"),
        Column::required("kind"),
        Column::required("country"),
        Column::optional("city_id"),
        Column::required("sectors"),
        Column::optional("website"),
        Column::optional("logo_url"),
        Column::optional("description"),
        Column::optional("contact_names"),
        Column::optional("contact_emails"),
        Column::optional("contact_phones"),
        Column::optional("contact_roles"),
    ];
    const IGNORED: &'static [&'static str] = &["id", "status", "booths"];
    type Input = Self;

    fn parse(cells: &mut Cells<'_>) -> Option<Self> {
        let name = names(cells);
        let kind = cells.choice("kind", ExhibitorKind::ALL, ExhibitorKind::as_str);
        let sectors = cells.choices("sectors", Sector::ALL, Sector::as_str);
        let input = CreateExhibitor {
            name,
            kind: kind.unwrap_or(ExhibitorKind::Company),
            country: CountryCode(cells.required("country").to_uppercase()),
            city_id: cells.integer("city_id"),
            sectors,
            description: cells
                .string("description")
                .map(|text| LangMap([("en".to_owned(), text)].into())),
            website: cells.string("website"),
            logo_url: cells.string("logo_url"),
            contacts: contacts(cells),
        };
        let input = cells.validated(input.validate(), column_of)?;
        kind.map(|_| Self(input))
    }

    fn check(
        conn: &mut DbConnection,
        event_id: i64,
        rows: &mut [Parsed<Self>],
    ) -> Result<Vec<FieldError>, ApiError> {
        let wanted: Vec<i64> = rows.iter().filter_map(|p| p.input.0.city_id).collect();
        let known: HashSet<i64> = cities::table
            .filter(cities::id.eq_any(&wanted))
            .select(cities::id)
            .load::<i64>(conn)?
            .into_iter()
            .collect();
        let stored: Vec<(i64, String)> = exhibitors::table
            .filter(exhibitors::event_id.eq(event_id))
            .select((exhibitors::id, exhibitors::name))
            .load(conn)?;
        let mut english = Vec::with_capacity(stored.len());
        for (id, name) in stored {
            english.push((id, LangMap::from_json(&name)?.english().to_owned()));
        }
        let mut names = Unique::new("exhibitor", "name", english);
        let mut errors = Vec::new();
        for parsed in rows.iter() {
            let (row, input) = (parsed.row, &parsed.input.0);
            if let Some(city) = input.city_id.filter(|city| !known.contains(city)) {
                errors.push(FieldError::in_row(
                    row,
                    "city_id",
                    format!("no city with id {city}"),
                ));
            }
            if let Err(message) = names.claim(row, input.name.english()) {
                errors.push(FieldError::in_row(row, "name", message));
            }
        }
        Ok(errors)
    }

    fn insert(conn: &mut DbConnection, event_id: i64, row: &Self) -> Result<i64, ApiError> {
        ExhibitorRow::insert_checked(conn, event_id, &row.0)
    }
}

/// The English `name` plus the `tag: text` lines of `name_other_languages`.
fn names(cells: &mut Cells<'_>) -> LangMap {
    let mut name = LangMap([("en".to_owned(), cells.required("name"))].into());
    for line in cells.lines("name_other_languages") {
        if line.is_empty() {
            continue;
        }
        match line.split_once(':') {
            Some((tag, text)) if tag.trim() != "en" => {
                name.0.insert(tag.trim().to_owned(), text.trim().to_owned());
            }
            _ => cells.error(
                "name_other_languages",
                "must be lines like `zh: 哈尔滨冰雪装备`, one per language other than English",
            ),
        }
    }
    name
}

/// Contacts from the parallel columns, one contact per line of `contact_names`.
fn contacts(cells: &mut Cells<'_>) -> Vec<Contact> {
    let names = cells.lines("contact_names");
    let column = |name: &str| cells.lines(name);
    let (emails, phones, roles) = (
        column("contact_emails"),
        column("contact_phones"),
        column("contact_roles"),
    );
    let longest = emails.len().max(phones.len()).max(roles.len());
    if longest > names.len() {
        cells.error(
            "contact_names",
            "every contact needs a name: give one line per contact, in the same order as the e-mails, phones and roles",
        );
    }
    let at = |lines: &[String], n: usize| lines.get(n).filter(|s| !s.is_empty()).cloned();
    names
        .iter()
        .enumerate()
        .map(|(n, name)| Contact {
            name: name.clone(),
            email: at(&emails, n),
            phone: at(&phones, n),
            role: at(&roles, n),
        })
        .collect()
}

/// The column a field of the exhibitor's validation is read from.
fn column_of(field: &str) -> String {
    if field.starts_with("name.") && field != "name.en" {
        return "name_other_languages".into();
    }
    match field.rsplit_once('.') {
        Some((contact, part)) if contact.starts_with("contacts[") => format!("contact_{part}s"),
        _ if field == "contacts" => "contact_names".into(),
        _ => top_level(field),
    }
}

/// Import exhibitors from CSV (organizers, or API tokens with `import:write`).
///
/// The body is a CSV file (RFC 4180, UTF-8 with or without a byte order mark, at most
/// 32 MiB), its first row naming the columns, in any order: `name` (English), `kind`,
/// `country` (ISO 3166-1 alpha-2) and `sectors` (separated by `;`) are required;
/// `name_other_languages` (lines like `zh: 哈尔滨冰雪装备`), `city_id`, `website`,
/// `logo_url`, `description` (English), and the contacts as parallel columns with one
/// line per contact: `contact_names`, `contact_emails`, `contact_phones`,
/// `contact_roles`. The columns `id`, `status` and `booths` of the CSV export are read
/// past. Each exhibitor starts `applied`; a name (English, ignoring case) already used at
/// the event, or twice in the file, is an error.
///
/// **All or nothing**: every row is checked first; one error writes nothing and answers
/// 422 with each error's `row` (the header is row 1) and column (`field`). With
/// `dry_run=true` the file is only checked.
#[utoipa::path(
    tag = "expo",
    operation_id = "import_exhibitors",
    params(EventPath, ImportOptions),
    request_body(content = String, content_type = "text/csv",
        description = "CSV with a header row",
        example = "name,kind,country,sectors,website\nRovaniemi Snow Tech,company,FI,equipment;technology,https://snowtech.example\n"),
    responses((status = 200, description = "Every row imported (or, on a dry run, valid)", body = ImportReport)),
    security(("bearer" = []))
)]
#[post("/events/{event}/exhibitors/import")]
pub async fn import_exhibitors(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    options: web::Query<ImportOptions>,
    body: CsvBody,
) -> Result<HttpResponse, ApiError> {
    imports::respond::<ExhibitorImport>(&pool, &caller, path.into_inner().event, body, &options)
        .await
}

#[cfg(test)]
mod tests {
    use super::column_of;

    #[test]
    fn validation_fields_map_to_their_columns() {
        assert_eq!(column_of("name.en"), "name");
        assert_eq!(column_of("name.zh"), "name_other_languages");
        assert_eq!(column_of("contacts[2].email"), "contact_emails");
        assert_eq!(column_of("contacts"), "contact_names");
        assert_eq!(column_of("description.en"), "description");
        assert_eq!(column_of("website"), "website");
    }
}
