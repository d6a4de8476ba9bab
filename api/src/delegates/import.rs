//! `POST /events/{event}/delegates/import`: delegates from a CSV file, all or nothing.
//! The columns are those of the CSV export (`delegates.csv`), so an exported file can be
//! edited and imported; the export's read-only columns are read past.

use std::collections::HashMap;

use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;

use super::dto::{CreateDelegate, DelegateRole};
use super::model::DelegateRow;
use crate::auth::Caller;
use crate::db::schema::{delegates, delegations};
use crate::db::{DbConnection, DbPool};
use crate::error::{ApiError, FieldError};
use crate::http::paths::EventPath;
use crate::imports::{self, top_level, Cells, Column, CsvBody, ImportOptions, ImportReport};
use crate::imports::{Importer, Parsed, Unique};
use crate::values::LangMap;

/// A delegate row: the create input, and the delegation's city once resolved.
#[derive(Debug)]
pub struct DelegateImport {
    input: CreateDelegate,
    /// The `city_id` cell, which names the delegation when `delegation_id` is empty.
    city_id: Option<i64>,
}

impl Importer for DelegateImport {
    const NOUN: &'static str = "delegates";
    const TABLE: &'static str = "delegates";
    const COLUMNS: &'static [Column] = &[
        Column::optional("delegation_id"),
        Column::optional("city_id"),
        Column::optional("honorific"),
        Column::required("given_name"),
        Column::optional("family_name"),
        Column::optional("title"),
        Column::required("role"),
        Column::optional("email"),
        Column::optional("phone"),
        Column::optional("languages"),
        Column::optional("interpretation_needs"),
        Column::optional("dietary_needs"),
        Column::optional("accessibility_needs"),
        Column::optional("arrival_at"),
        Column::optional("departure_at"),
        Column::optional("hotel"),
        Column::optional("bio"),
        Column::optional("photo_url"),
        Column::optional("consent_public_profile"),
    ];
    const IGNORED: &'static [&'static str] =
        &["id", "accreditation_status", "badge_code", "checked_in_at"];
    type Input = Self;

    fn parse(cells: &mut Cells<'_>) -> Option<Self> {
        let delegation_id = cells.integer("delegation_id");
        let city_id = cells.integer("city_id");
        if cells.text("delegation_id").is_none() && cells.text("city_id").is_none() {
            cells.error("delegation_id", "give delegation_id or city_id");
        }
        let role = cells.choice("role", DelegateRole::ALL.as_slice(), DelegateRole::as_str);
        let given_name = cells.required("given_name");
        let input = CreateDelegate {
            delegation_id: delegation_id.unwrap_or_default(),
            given_name,
            family_name: cells.string("family_name"),
            honorific: cells.string("honorific"),
            title: cells.string("title"),
            role: role.unwrap_or(DelegateRole::Official),
            email: cells.string("email"),
            phone: cells.string("phone"),
            languages: cells.list("languages"),
            interpretation_needs: cells.list("interpretation_needs"),
            dietary_needs: cells.string("dietary_needs"),
            accessibility_needs: cells.string("accessibility_needs"),
            arrival_at: cells.time("arrival_at"),
            departure_at: cells.time("departure_at"),
            hotel: cells.string("hotel"),
            bio: cells
                .string("bio")
                .map(|bio| LangMap([("en".to_owned(), bio)].into())),
            photo_url: cells.string("photo_url"),
            consent_public_profile: cells.flag("consent_public_profile"),
        };
        let input = cells.validated(input.validate(), top_level)?;
        role.map(|_| Self { input, city_id })
    }

    fn check(
        conn: &mut DbConnection,
        event_id: i64,
        rows: &mut [Parsed<Self>],
    ) -> Result<Vec<FieldError>, ApiError> {
        let parties: Vec<(i64, i64)> = delegations::table
            .filter(delegations::event_id.eq(event_id))
            .select((delegations::id, delegations::city_id))
            .load(conn)?;
        let city_of: HashMap<i64, i64> = parties.iter().copied().collect();
        let party_of: HashMap<i64, i64> = parties.iter().map(|&(id, city)| (city, id)).collect();
        let stored: Vec<(i64, Option<String>)> = delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::email.is_not_null())
            .select((delegates::id, delegates::email))
            .load(conn)?;
        let stored = stored
            .into_iter()
            .filter_map(|(id, email)| Some((id, email?)));
        let mut emails = Unique::new("delegate", "e-mail", stored);
        let mut errors = Vec::new();
        for parsed in rows.iter_mut() {
            let (row, delegate) = (parsed.row, &mut parsed.input);
            match resolve(delegate, &city_of, &party_of) {
                Ok(city_id) => delegate.city_id = Some(city_id),
                Err((column, message)) => errors.push(FieldError::in_row(row, column, message)),
            }
            if let Some(Err(message)) = delegate
                .input
                .email
                .as_deref()
                .map(|e| emails.claim(row, e))
            {
                errors.push(FieldError::in_row(row, "email", message));
            }
        }
        Ok(errors)
    }

    fn insert(conn: &mut DbConnection, event_id: i64, row: &Self) -> Result<i64, ApiError> {
        let city_id = row
            .city_id
            .ok_or_else(|| ApiError::Internal("an unchecked delegate row".into()))?;
        DelegateRow::insert_in_city(conn, event_id, &row.input, city_id)
    }
}

/// Sets the row's delegation and answers its city, or the column and message at fault.
fn resolve(
    delegate: &mut DelegateImport,
    city_of: &HashMap<i64, i64>,
    party_of: &HashMap<i64, i64>,
) -> Result<i64, (&'static str, String)> {
    let given = delegate.input.delegation_id;
    match (given, delegate.city_id) {
        (0, Some(city)) => {
            let party = party_of.get(&city).ok_or((
                "city_id",
                format!("city {city} has no delegation at this event"),
            ))?;
            delegate.input.delegation_id = *party;
            Ok(city)
        }
        (party, city) => {
            let party_city = city_of.get(&party).ok_or((
                "delegation_id",
                format!("no delegation {party} at this event"),
            ))?;
            match city {
                Some(city) if city != *party_city => Err((
                    "city_id",
                    format!("delegation {party} is the delegation of city {party_city}"),
                )),
                _ => Ok(*party_city),
            }
        }
    }
}

/// Import delegates from CSV (organizers, or API tokens with `import:write`).
///
/// The body is a CSV file (RFC 4180, UTF-8 with or without a byte order mark, at most
/// 32 MiB: 10,000 rows and more), its first row naming the columns, in any order:
/// `given_name` and `role` (required), `delegation_id` or `city_id` (the city's
/// delegation at this event), `honorific`, `family_name`, `title`, `email`, `phone`,
/// `languages` and `interpretation_needs` (BCP 47 tags separated by `;`),
/// `dietary_needs`, `accessibility_needs`, `arrival_at` and `departure_at` (RFC 3339),
/// `hotel`, `bio` (English), `photo_url`, `consent_public_profile` (true/false). The
/// columns `id`, `accreditation_status`, `badge_code` and `checked_in_at` of the CSV
/// export are read past. Each delegate starts `invited` with a new badge code; an e-mail
/// address already used at the event (or twice in the file) is an error.
///
/// **All or nothing**: every row is checked first; one error writes nothing and answers
/// 422 with each error's `row` (the header is row 1) and column (`field`). With
/// `dry_run=true` the file is only checked.
#[utoipa::path(
    tag = "delegates",
    operation_id = "import_delegates",
    params(EventPath, ImportOptions),
    request_body(content = String, content_type = "text/csv",
        description = "CSV with a header row",
        example = "given_name,family_name,role,city_id,email,languages\nAino,Korhonen,deputy_mayor,2,aino.korhonen@example.org,fi;en\n"),
    responses((status = 200, description = "Every row imported (or, on a dry run, valid)", body = ImportReport)),
    security(("bearer" = []))
)]
#[post("/events/{event}/delegates/import")]
pub async fn import_delegates(
    pool: web::Data<DbPool>,
    caller: Caller,
    path: web::Path<EventPath>,
    options: web::Query<ImportOptions>,
    body: CsvBody,
) -> Result<HttpResponse, ApiError> {
    imports::respond::<DelegateImport>(&pool, &caller, path.into_inner().event, body, &options)
        .await
}
