//! Bulk import from CSV, the same for every resource that offers it: the file is read
//! whole, every row is validated (its cells, then against the database and the other rows:
//! references, duplicates), and either every row is written in one transaction or nothing
//! is, with a 422 listing each error by row and column. `dry_run` validates only.
//!
//! A resource plugs in with an [`Importer`]: its columns, how a row becomes its create
//! input, the checks that need the database, and how one row is inserted. The HTTP
//! endpoints (`…/import`) and the CLI (`gmd import`) both call [`run`].

mod body;
mod cells;
pub mod cli;
mod table;
mod unique;

use std::sync::Arc;

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub use body::{CsvBody, MAX_CSV_BYTES};
pub use cells::{top_level, Cells};
pub use unique::Unique;

use crate::auth::Caller;
use crate::db::{self, DbConnection, DbPool};
use crate::error::{ApiError, FieldError};
use crate::events::EventRow;

/// At most this many errors are listed in a 422 (the detail counts them all).
pub const MAX_LISTED_ERRORS: usize = 1000;

/// A column an import reads.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

impl Column {
    pub const fn required(name: &'static str) -> Self {
        Self {
            name,
            required: true,
        }
    }

    pub const fn optional(name: &'static str) -> Self {
        Self {
            name,
            required: false,
        }
    }
}

/// One row that read well, waiting for the database checks.
#[derive(Debug)]
pub struct Parsed<T> {
    pub row: u64,
    pub input: T,
}

/// A resource that can be imported.
pub trait Importer: 'static {
    /// What the rows are, plural ("delegates").
    const NOUN: &'static str;
    /// The table its rows are inserted into (whose planner statistics a load refreshes).
    const TABLE: &'static str;
    /// The columns read; a header naming any other (outside `IGNORED`) is an error.
    const COLUMNS: &'static [Column];
    /// Columns read past: those its CSV export writes but an import cannot set (ids,
    /// states), so an exported file can be edited and imported.
    const IGNORED: &'static [&'static str];
    /// A row's validated create input.
    type Input: Send + 'static;

    /// Reads one row, recording every problem in `cells`.
    fn parse(cells: &mut Cells<'_>) -> Option<Self::Input>;

    /// Checks the rows against the database and each other, completing their inputs
    /// (resolved references); returns the errors found.
    fn check(
        conn: &mut DbConnection,
        event_id: i64,
        rows: &mut [Parsed<Self::Input>],
    ) -> Result<Vec<FieldError>, ApiError>;

    /// Inserts one checked row, answering its id.
    fn insert(conn: &mut DbConnection, event_id: i64, input: &Self::Input)
        -> Result<i64, ApiError>;
}

/// Query parameters of an import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportOptions {
    /// Validate every row and report, but write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// The outcome of an import that had no errors.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"dry_run": false, "rows": 3, "created": 3, "ids": [101, 102, 103]}))]
pub struct ImportReport {
    /// Whether this was a dry run: validated, nothing written.
    pub dry_run: bool,
    /// The data rows read (rows of empty cells are skipped).
    pub rows: u64,
    /// The records created: every row, or none on a dry run.
    pub created: u64,
    /// The new records' ids, in the file's order.
    pub ids: Vec<i64>,
}

/// Which part of an import is running, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Writing,
}

/// Told how far an import has come: the stage, rows done, rows in all.
pub type Progress = Arc<dyn Fn(Stage, u64, u64) + Send + Sync>;

/// A progress sink that ignores every report (the HTTP endpoints).
pub fn no_progress() -> Progress {
    Arc::new(|_, _, _| {})
}

/// Imports `bytes` as `I`'s rows into the event `slug`: all or nothing.
pub async fn run<I: Importer>(
    pool: &DbPool,
    slug: String,
    bytes: web::Bytes,
    dry_run: bool,
    progress: Progress,
) -> Result<ImportReport, ApiError> {
    let reading = progress.clone();
    let (mut rows, mut errors) = web::block(move || read_rows::<I>(&bytes, &reading)).await??;
    let work = move |conn: &mut DbConnection| {
        let event_id = EventRow::id_of(conn, &slug, true)?;
        if !dry_run {
            // Imports into one event run one at a time, so that two cannot both find an
            // e-mail or a name free (SQLite's write lock does this already).
            db::lock_row(conn, "events", event_id)?;
        }
        errors.extend(I::check(conn, event_id, &mut rows)?);
        if !errors.is_empty() {
            return Err(rejected::<I>(errors));
        }
        let total = rows.len() as u64;
        let mut ids = Vec::with_capacity(rows.len());
        if !dry_run {
            for (done, parsed) in rows.iter().enumerate() {
                ids.push(I::insert(conn, event_id, &parsed.input)?);
                if done % 100 == 99 {
                    progress(Stage::Writing, done as u64 + 1, total);
                }
            }
            progress(Stage::Writing, total, total);
        }
        Ok(ImportReport {
            dry_run,
            rows: total,
            created: ids.len() as u64,
            ids,
        })
    };
    if dry_run {
        return db::read(pool, work).await;
    }
    let report = db::write(pool, work).await?;
    db::refresh_after_bulk_load(pool, I::TABLE).await;
    Ok(report)
}

/// The HTTP answer of an import endpoint: organizers (and API tokens with `import:write`)
/// only; 200 with the report, or the 422 listing the file's errors.
pub async fn respond<I: Importer>(
    pool: &DbPool,
    caller: &Caller,
    slug: String,
    body: CsvBody,
    options: &ImportOptions,
) -> Result<actix_web::HttpResponse, ApiError> {
    caller.require_staff()?;
    let report = run::<I>(pool, slug, body.0, options.dry_run, no_progress()).await?;
    Ok(actix_web::HttpResponse::Ok().json(report))
}

/// Reads the file and every row: the rows that read well, and the errors of the others.
#[allow(clippy::type_complexity)]
fn read_rows<I: Importer>(
    bytes: &[u8],
    progress: &Progress,
) -> Result<(Vec<Parsed<I::Input>>, Vec<FieldError>), ApiError> {
    let table =
        table::read(bytes, I::COLUMNS, I::IGNORED).map_err(|errors| rejected::<I>(errors))?;
    let total = table.records.len() as u64;
    let (mut rows, mut errors) = (Vec::with_capacity(table.records.len()), Vec::new());
    for (done, record) in table.records.iter().enumerate() {
        let mut cells = Cells::new(&table.columns, record);
        let input = I::parse(&mut cells);
        match cells.finish(input) {
            Ok(input) => rows.push(Parsed {
                row: record.row,
                input,
            }),
            Err(found) => errors.extend(found),
        }
        if done % 100 == 99 {
            progress(Stage::Reading, done as u64 + 1, total);
        }
    }
    progress(Stage::Reading, total, total);
    Ok((rows, errors))
}

/// The 422 of a file with errors: every error counted, the first ones listed by row.
fn rejected<I: Importer>(mut errors: Vec<FieldError>) -> ApiError {
    errors.sort_by_key(|e| e.row);
    let count = errors.len();
    let mut rows: Vec<u64> = errors.iter().filter_map(|e| e.row).collect();
    rows.dedup();
    errors.truncate(MAX_LISTED_ERRORS);
    let listed = if count > MAX_LISTED_ERRORS {
        format!(" (the first {MAX_LISTED_ERRORS} are listed)")
    } else {
        String::new()
    };
    ApiError::InvalidRows {
        detail: format!(
            "{count} error(s) in {} row(s){listed}; no {} were imported",
            rows.len(),
            I::NOUN
        ),
        errors,
    }
}
