//! Project tasks beyond plain cargo, run as `cargo xtask <task>` (std only).
//!
//! - `run`     build the frontend (when there is one), then run the server in release mode
//!   with demo data.
//! - `openapi` regenerate `openapi/openapi.json` from the code.
//! - `test`    the whole suite, in order, stopping at the first failure.
//! - `bench`   the load benchmarks (`tests/load/bench.sh`, `partnerships.py`, `expo.py`,
//!   `partners.py`, `search.py`, `realistic.py`).

use std::env;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  run       build the frontend if present, then run the server (release, DEMO_DATA=true)
  openapi   regenerate openapi/openapi.json from the code
  test      fmt, clippy, Rust tests, compose config, contract suite, cluster test, frontend checks
  bench     load benchmarks (bench.sh, partnerships.py, expo.py, partners.py, search.py, realistic.py in tests/load), results in tests/load/RESULTS*.md";

fn main() -> ExitCode {
    let root = workspace_root();
    if let Err(e) = env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match env::args().nth(1).as_deref() {
        Some("run") => run(),
        Some("openapi") => openapi(),
        Some("test") => test(),
        Some("bench") => bench(),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: the frontend first (if any), then `gmd serve` in release mode.
fn run() -> Result {
    if has_frontend() {
        build_frontend()?;
    }
    let mut serve = cargo(&[
        "run",
        "--release",
        "-p",
        "gmd-api",
        "--bin",
        "gmd",
        "--",
        "serve",
    ]);
    env_default(&mut serve, "DEMO_DATA", "true");
    env_default(&mut serve, "DATA_DIR", "./data");
    exec("gmd serve", &mut serve)
}

/// `cargo xtask openapi`: write what `gmd openapi` prints to `openapi/openapi.json`.
fn openapi() -> Result {
    let mut generate = cargo(&[
        "run", "-q", "-p", "gmd-api", "--bin", "gmd", "--", "openapi",
    ]);
    let output = generate
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("gmd openapi: cannot start cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("gmd openapi failed ({})", output.status));
    }
    let mut spec = String::from_utf8(output.stdout)
        .map_err(|_| "gmd openapi printed invalid UTF-8".to_owned())?;
    if !spec.trim_start().starts_with('{') {
        return Err("gmd openapi did not print a JSON object".to_owned());
    }
    if !spec.ends_with('\n') {
        spec.push('\n');
    }
    let path = Path::new("openapi/openapi.json");
    fs::create_dir_all("openapi").map_err(|e| format!("cannot create openapi/: {e}"))?;
    fs::write(path, spec).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("xtask: wrote {}", path.display());
    if has_frontend() {
        npm_ci_if_needed()?;
        exec("npm run generate", &mut npm(&["run", "generate"]))?;
        println!("xtask: regenerated frontend/src/api/schema.d.ts");
    }
    Ok(())
}

/// `cargo xtask test`: every check the project has, in order, stopping at the first failure.
fn test() -> Result {
    let started = Instant::now();
    let mut steps: Vec<(&str, Command)> = vec![
        ("format", cargo(&["fmt", "--all", "--", "--check"])),
        (
            "clippy",
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
    ];
    steps.push(if has_nextest() {
        (
            "rust tests (nextest)",
            cargo(&["nextest", "run", "--workspace"]),
        )
    } else {
        ("rust tests", cargo(&["test", "--workspace"]))
    });
    if found("docker-compose", &["version"]) {
        // The file is valid once JWT_SECRET is given (any value: the binary judges it)…
        let mut config = command(
            "docker-compose",
            &["-f", "docker-compose.yml", "config", "-q"],
        );
        config.env("JWT_SECRET", "compose-config-check");
        steps.push(("compose config", config));
        // …and refuses to start without it, with a message naming it.
        let mut refuses = command(
            "bash",
            &[
                "-c",
                "out=$(docker-compose -f docker-compose.yml config -q 2>&1) && exit 1; \
                 grep -q JWT_SECRET <<<\"$out\"",
            ],
        );
        refuses.env_remove("JWT_SECRET");
        steps.push(("compose refuses a missing JWT_SECRET", refuses));
    } else if is_ci() {
        return Err(
            "`docker-compose` is not installed (run .ci/run, or apt-get install docker-compose)"
                .to_owned(),
        );
    } else {
        eprintln!("xtask: warning: `docker-compose` not found; skipping the compose config check");
    }
    steps.push((
        "contract (schemathesis)",
        command("bash", &["tests/contract/run.sh"]),
    ));
    // Three replicas behind haproxy and PgBouncer share one PostgreSQL: no SQLite variant.
    if env::var_os("TEST_DATABASE_URL").is_some() {
        steps.push((
            "cluster (haproxy, pgbouncer)",
            command("bash", &["tests/cluster/run.sh"]),
        ));
    } else {
        println!(
            "xtask: TEST_DATABASE_URL is not set: skipping the cluster test (PostgreSQL only)"
        );
    }

    match env::var("TEST_DATABASE_URL") {
        Ok(_) => println!("xtask: TEST_DATABASE_URL is set: suites also run on PostgreSQL"),
        Err(_) => println!("xtask: TEST_DATABASE_URL is not set: suites run on SQLite only"),
    }
    let total = steps.len() + usize::from(has_frontend());
    let mut passed = Vec::new();
    for (n, (name, mut cmd)) in steps.into_iter().enumerate() {
        banner(&format!("[{}/{total}] {name}", n + 1));
        let step_started = Instant::now();
        exec(name, &mut cmd).map_err(|e| failed(&passed, &e))?;
        passed.push((name, step_started.elapsed().as_secs()));
    }
    if has_frontend() {
        banner(&format!(
            "[{total}/{total}] frontend (lint, unit tests, build, browser e2e)"
        ));
        let step_started = Instant::now();
        check_frontend().map_err(|e| failed(&passed, &e))?;
        passed.push(("frontend", step_started.elapsed().as_secs()));
    }
    let list: Vec<String> = passed
        .iter()
        .map(|(name, secs)| format!("{name} {secs}s"))
        .collect();
    println!(
        "\nxtask test: PASSED all {total} steps in {}s ({})",
        started.elapsed().as_secs(),
        list.join(", ")
    );
    Ok(())
}

/// `cargo xtask bench`: the load benchmarks; they write tests/load/RESULTS*.md.
fn bench() -> Result {
    exec("bench", &mut command("bash", &["tests/load/bench.sh"]))?;
    exec(
        "partnership bench",
        &mut command("python3", &["tests/load/partnerships.py"]),
    )?;
    exec(
        "expo bench",
        &mut command("python3", &["tests/load/expo.py"]),
    )?;
    exec(
        "partner systems bench",
        &mut command("python3", &["tests/load/partners.py"]),
    )?;
    exec(
        "search bench",
        &mut command("python3", &["tests/load/search.py"]),
    )?;
    exec(
        "real-load bench",
        &mut command("python3", &["tests/load/realistic.py"]),
    )
}

fn build_frontend() -> Result {
    npm_ci_if_needed()?;
    exec("npm run build", &mut npm(&["run", "build"]))
}

fn check_frontend() -> Result {
    npm_ci_if_needed()?;
    exec("npm run lint", &mut npm(&["run", "lint"]))?;
    exec("npm test", &mut npm(&["test"]))?;
    exec("npm run build", &mut npm(&["run", "build"]))?;
    exec("browser e2e", &mut command("bash", &["tests/e2e/run.sh"]))
}

/// `npm ci` when the dependencies are missing, older than the lock file, or in CI.
fn npm_ci_if_needed() -> Result {
    let modified = |path: &str| fs::metadata(path).and_then(|m| m.modified()).ok();
    let installed = modified("frontend/node_modules/.package-lock.json");
    let locked = modified("frontend/package-lock.json");
    let fresh = matches!((installed, locked), (Some(i), Some(l)) if i >= l);
    if fresh && !is_ci() {
        return Ok(());
    }
    exec("npm ci", &mut npm(&["ci", "--no-audit", "--no-fund"]))
}

fn has_frontend() -> bool {
    Path::new("frontend/package.json").is_file()
}

fn has_nextest() -> bool {
    let mut probe = cargo(&["nextest", "--version"]);
    probe.stdout(Stdio::null()).stderr(Stdio::null());
    probe.status().is_ok_and(|s| s.success())
}

/// Whether `program` can be started at all (it exists on PATH and runs).
fn found(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn is_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Run `cmd` with inherited stdio; an error names the step and how it ended.
fn exec(name: &str, cmd: &mut Command) -> Result {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let status = cmd.status().map_err(|e| match e.kind() {
        ErrorKind::NotFound => format!("{name}: `{program}` not found on PATH"),
        _ => format!("{name}: cannot start `{program}`: {e}"),
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

fn failed(passed: &[(&str, u64)], error: &str) -> String {
    let names: Vec<&str> = passed.iter().map(|(name, _)| *name).collect();
    let before = if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    };
    format!("{error}\n\nxtask test: FAILED (passed before the failure: {before})")
}

fn banner(title: &str) {
    println!(
        "\n=== {title} {}",
        "=".repeat(70usize.saturating_sub(title.len()))
    );
}

fn command(program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    cmd
}

/// The cargo that runs us (so `cargo +toolchain xtask` stays on that toolchain).
fn cargo(args: &[&str]) -> Command {
    command(
        &env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
        args,
    )
}

fn npm(args: &[&str]) -> Command {
    let mut cmd = command("npm", args);
    cmd.current_dir("frontend");
    cmd
}

fn env_default(cmd: &mut Command, key: &str, value: &str) {
    if env::var_os(key).is_none() {
        cmd.env(key, value);
    }
}

/// The workspace is xtask's parent. `cargo run` tells us where xtask is at run time; the
/// compile-time path is the fallback when the binary is started directly.
fn workspace_root() -> PathBuf {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), Path::to_path_buf)
}
