//! Records the commit the binary is built from as `GMD_BUILD` (shown by `/health/live`):
//! the `GMD_BUILD` environment variable when set (the Docker build passes it), else
//! `git rev-parse --short HEAD`, else nothing (the probe then says `unknown`).

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .filter(|text| !text.is_empty())
}

/// Asks cargo to run this again when HEAD moves: a checkout changes HEAD, a commit changes
/// the branch's ref (its own file, or packed-refs). Paths come from git, so this works in
/// a worktree too, whose `.git` is a file.
fn follow_head() {
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
        watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    }
    // A path that does not exist would make cargo run this (and rebuild the crate) always.
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

fn main() {
    println!("cargo:rerun-if-env-changed=GMD_BUILD");
    follow_head();
    let build = std::env::var("GMD_BUILD")
        .ok()
        .filter(|value| !value.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short=10", "HEAD"]));
    let safe = |b: &String| {
        b.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if let Some(build) = build.filter(safe) {
        println!("cargo:rustc-env=GMD_BUILD={build}");
    }
}
