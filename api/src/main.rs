//! The `gmd` command: `serve` (default), `migrate`, `openapi`, `admin`, `import`.

use std::process::ExitCode;

use gmd_api::app::AppState;
use gmd_api::config::{DatabaseSettings, LogFormat, Settings};
use gmd_api::db::{self, DbPool};
use gmd_api::{app, auth, demo, imports, server};

const USAGE: &str =
    "usage: gmd [serve | migrate | openapi | admin --email EMAIL --password PASSWORD
           | import delegates|exhibitors --event SLUG --file PATH|- [--dry-run]]

Settings come from the environment: DATABASE_URL, BIND, DATA_DIR, JWT_SECRET,
CORS_ORIGINS, DEMO_DATA, FRONTEND_DIR, RATE_LIMIT_PER_MINUTE, RATE_LIMIT_TOKEN_PER_MINUTE,
DB_POOL_SIZE, DB_POOL_MIN_IDLE, DB_POOL_WAIT_MS, DB_CONNECT_TIMEOUT_MS,
DB_STATEMENT_TIMEOUT_MS, RESPONSE_CACHE_MB, HTTP_WORKERS, TRUSTED_PROXIES, SHUTDOWN_DRAIN_S,
SHUTDOWN_TIMEOUT_S, LOG_FORMAT, METRICS_TOKEN, WEBHOOK_ALLOWED_HOSTS, WEBHOOK_CA_FILE,
WEBHOOK_RETRY_BASE_MS, WEBHOOK_POLL_MS, WEBHOOK_WORKER, WEBHOOK_RETENTION_DAYS, RUST_LOG.
`migrate`, `admin` and `import` need only DATABASE_URL (or DATA_DIR).
See README.md and docs/OPERATIONS.md.";

/// A failure at start-up: one line on stderr and exit code 2.
struct Fatal(String);

fn main() -> ExitCode {
    gmd_api::malloc_arenas::limit();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        None | Some("serve") => serve(),
        Some("migrate") => migrate(),
        Some("openapi") => print_openapi(),
        Some("admin") => admin(&args[1..]),
        Some("import") => import(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Fatal(format!("unknown command `{other}`\n{USAGE}"))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fatal(message)) => {
            eprintln!("gmd: {message}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(format: LogFormat) {
    gmd_api::logging::init(format);
}

fn settings() -> Result<Settings, Fatal> {
    Settings::from_env().map_err(|e| Fatal(format!("configuration error: {e}")))
}

/// The settings of the maintenance commands: the database only (they sign no tokens).
fn database_settings() -> Result<DatabaseSettings, Fatal> {
    DatabaseSettings::from_env().map_err(|e| Fatal(format!("configuration error: {e}")))
}

/// The log format of the maintenance commands (`LOG_FORMAT`, text when unset or unknown).
fn tool_log_format() -> LogFormat {
    std::env::var("LOG_FORMAT")
        .ok()
        .and_then(|value| LogFormat::parse(&value))
        .unwrap_or_default()
}

/// Connects and migrates; the error names DATABASE_URL and never shows a password.
/// Replicas starting together take turns (`db::run_migrations` holds a lock).
fn open_database(settings: &DatabaseSettings) -> Result<DbPool, Fatal> {
    let pool = db::connect(&settings.url, &settings.pool)
        .map_err(|e| Fatal(format!("DATABASE_URL: {e}")))?;
    let mut conn = pool
        .get()
        .map_err(|e| Fatal(format!("DATABASE_URL: no connection: {e}")))?;
    let applied =
        db::run_migrations(&mut conn).map_err(|e| Fatal(format!("migrations failed: {e}")))?;
    if applied > 0 {
        log::info!("applied {applied} migration(s)");
    }
    Ok(pool)
}

fn serve() -> Result<(), Fatal> {
    let settings = settings()?;
    init_logging(settings.server.log_format);
    let pool = open_database(&settings.database)?;
    if settings.demo_data {
        let mut conn = pool
            .get()
            .map_err(|e| Fatal(format!("DATABASE_URL: {e}")))?;
        match demo::seed_if_empty(&mut conn) {
            Ok(true) => log::info!(
                "loaded the Harbin 2026 demo data; demo accounts are listed in README.md"
            ),
            Ok(false) => log::info!("the database has data; demo data not loaded"),
            Err(e) => return Err(Fatal(format!("demo data could not be loaded: {e}"))),
        }
    }
    let listener = std::net::TcpListener::bind(settings.bind)
        .map_err(|e| Fatal(format!("BIND: cannot listen on {}: {e}", settings.bind)))?;
    log::info!(
        "serving on http://{} (Swagger UI at /docs/)",
        listener
            .local_addr()
            .map_or_else(|_| settings.bind.to_string(), |a| a.to_string())
    );
    let database = pool.clone();
    let state = AppState::new(pool, &settings.jwt_secret, settings.cors_origins.clone())
        .with_frontend(&settings.frontend_dir)
        .with_rate_limits(settings.rate_limits)
        .with_webhooks(settings.webhooks.clone())
        .with_mail(settings.mail.clone())
        .with_response_cache(settings.response_cache_bytes)
        .with_server_settings(&settings.server);
    if state.frontend.is_none() {
        log::info!(
            "no SPA at {}; serving the API only",
            settings.frontend_dir.display()
        );
    }
    let server_settings = settings.server.clone();
    let outcome = actix_web::rt::System::new()
        .block_on(async move { server::run(state, listener, &server_settings).await })
        .map_err(|e| Fatal(format!("server stopped: {e}")));
    database.close();
    outcome
}

fn migrate() -> Result<(), Fatal> {
    init_logging(tool_log_format());
    open_database(&database_settings()?)?.close();
    println!("migrations are up to date");
    Ok(())
}

fn print_openapi() -> Result<(), Fatal> {
    let document = app::openapi_document()
        .to_pretty_json()
        .map_err(|e| Fatal(format!("cannot render the OpenAPI document: {e}")))?;
    println!("{document}");
    Ok(())
}

/// The value following `flag` in `args`.
fn flag_value(command: &str, args: &[String], flag: &str) -> Result<String, Fatal> {
    args.windows(2)
        .find(|pair| pair[0] == flag)
        .map(|pair| pair[1].clone())
        .ok_or_else(|| Fatal(format!("{command} needs {flag}\n{USAGE}")))
}

fn admin(args: &[String]) -> Result<(), Fatal> {
    init_logging(tool_log_format());
    let value_of = |flag: &str| flag_value("admin", args, flag);
    let (email, password) = (value_of("--email")?, value_of("--password")?);
    let pool = open_database(&database_settings()?)?;
    let created = auth::users::reset_admin(&pool, &email, &password);
    pool.close();
    let created = created.map_err(|e| Fatal(format!("{e}")))?;
    println!(
        "{} admin {email}",
        if created {
            "created"
        } else {
            "reset the password of"
        }
    );
    Ok(())
}

/// `gmd import delegates|exhibitors --event SLUG --file PATH|- [--dry-run]`: all or
/// nothing, with a progress bar; a file with errors lists them and exits with 2.
fn import(args: &[String]) -> Result<(), Fatal> {
    let resource = args
        .first()
        .filter(|r| imports::cli::RESOURCES.contains(&r.as_str()))
        .ok_or_else(|| Fatal(format!("import needs delegates or exhibitors\n{USAGE}")))?;
    let (event, file) = (
        flag_value("import", args, "--event")?,
        flag_value("import", args, "--file")?,
    );
    let bytes = if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(&file)
    }
    .map_err(|e| Fatal(format!("cannot read {file}: {e}")))?;
    let pool = open_database(&database_settings()?)?;
    let command = imports::cli::ImportCommand {
        resource: resource.clone(),
        event,
        bytes,
        dry_run: args.iter().any(|a| a == "--dry-run"),
    };
    let dry_run = command.dry_run;
    let report = imports::cli::execute(pool.clone(), command);
    pool.close();
    let report = report.map_err(Fatal)?;
    if dry_run {
        println!(
            "{} {resource} checked; nothing written (dry run)",
            report.rows
        );
    } else {
        println!("imported {} {resource}", report.created);
    }
    Ok(())
}
