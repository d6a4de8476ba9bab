//! Records the commit the binary is built from as `GMD_BUILD` (shown by `/health/live`):
//! the `GMD_BUILD` environment variable when set (the Docker build passes it), else
//! `git rev-parse --short HEAD`, else nothing (the probe then says `unknown`).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=GMD_BUILD");
    let git = Path::new("../.git");
    if git.is_dir() {
        // A new commit or a checkout moves HEAD or the branch it points to.
        println!("cargo:rerun-if-changed=../.git/HEAD");
        if let Ok(head) = std::fs::read_to_string(git.join("HEAD")) {
            if let Some(reference) = head.trim().strip_prefix("ref: ") {
                // A branch lives in its own file, or else in packed-refs (a missing file
                // would make cargo run this script, and rebuild the crate, every time).
                let loose = git.join(reference);
                if loose.is_file() {
                    println!("cargo:rerun-if-changed=../.git/{reference}");
                } else if git.join("packed-refs").is_file() {
                    println!("cargo:rerun-if-changed=../.git/packed-refs");
                }
            }
        }
    }
    let build = std::env::var("GMD_BUILD")
        .ok()
        .filter(|value| !value.trim().is_empty())
        .or_else(|| {
            let output = Command::new("git")
                .args(["rev-parse", "--short=10", "HEAD"])
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        });
    if let Some(build) = build.filter(|b| {
        b.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    }) {
        println!("cargo:rustc-env=GMD_BUILD={build}");
    }
}
