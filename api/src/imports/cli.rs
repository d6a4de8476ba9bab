//! `gmd import delegates|exhibitors --event SLUG --file PATH [--dry-run]`: the same import
//! as the HTTP endpoints, run against the database directly, with a progress bar on
//! stderr (when it is a terminal). Its changes are recorded as the system's.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use super::{run, ImportReport, Progress, Stage};
use crate::db::DbPool;
use crate::delegates::DelegateImport;
use crate::error::ApiError;
use crate::expo::ExhibitorImport;

/// What the command was asked to import.
#[derive(Debug, Clone)]
pub struct ImportCommand {
    /// `delegates` or `exhibitors`.
    pub resource: String,
    pub event: String,
    pub bytes: Vec<u8>,
    pub dry_run: bool,
}

/// The resources `gmd import` knows.
pub const RESOURCES: &[&str] = &["delegates", "exhibitors"];

/// Runs the import on a runtime of its own; the error text lists every row error.
pub fn execute(pool: DbPool, command: ImportCommand) -> Result<ImportReport, String> {
    let bar = progress_bar();
    let progress = reporting_to(bar.clone());
    let outcome = actix_web::rt::System::new().block_on(async move {
        let bytes = actix_web::web::Bytes::from(command.bytes);
        let (slug, dry_run) = (command.event, command.dry_run);
        match command.resource.as_str() {
            "delegates" => run::<DelegateImport>(&pool, slug, bytes, dry_run, progress).await,
            "exhibitors" => run::<ExhibitorImport>(&pool, slug, bytes, dry_run, progress).await,
            other => Err(ApiError::BadRequest(format!(
                "cannot import `{other}`; choose one of {}",
                RESOURCES.join(", ")
            ))),
        }
    });
    bar.finish_and_clear();
    outcome.map_err(|error| describe(&error))
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:>9} [{bar:40}] {human_pos}/{human_len} rows, {eta} left")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn reporting_to(bar: ProgressBar) -> Progress {
    Arc::new(move |stage, done, total| {
        bar.set_length(total);
        bar.set_message(match stage {
            Stage::Reading => "checking",
            Stage::Writing => "writing",
        });
        bar.set_position(done);
    })
}

/// The error as lines: its detail, then one line per row error.
fn describe(error: &ApiError) -> String {
    match error {
        ApiError::InvalidRows { detail, errors } => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| match e.row {
                    Some(row) => format!("  row {row}, {}: {}", e.field, e.message),
                    None => format!("  {}: {}", e.field, e.message),
                })
                .collect();
            format!("{detail}\n{}", lines.join("\n"))
        }
        other => other.to_string(),
    }
}
