//! Compiles `rules/*.toml` into the binary pack embedded in every build.
//! A rule error (unknown fact, type mismatch, missing citation, a quote not in
//! the sources) fails the build with its file and line.

#[allow(dead_code)]
#[path = "src/date.rs"]
mod date;
#[allow(dead_code)]
#[path = "src/input.rs"]
mod input;
#[allow(dead_code)]
#[path = "src/pack.rs"]
mod pack;
#[allow(dead_code)]
#[path = "src/compile/mod.rs"]
mod compile;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let rules = root.join("rules");
    let seeds = std::env::var("ANYANG_SEEDS").map(PathBuf::from).unwrap_or_else(|_| root.join("../shared/seeds"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/pack.rs");
    println!("cargo:rerun-if-changed=src/compile");
    println!("cargo:rerun-if-env-changed=ANYANG_SEEDS");
    let seeds = if seeds.is_dir() {
        println!("cargo:rerun-if-changed={}", seeds.display());
        Some(seeds)
    } else {
        println!("cargo:warning=sources not found at {}: quotes are not checked in this build (the tests check them)", seeds.display());
        None
    };
    let compiled = match compile::compile_dir(&rules, seeds.as_deref()) {
        Ok(c) => c,
        Err(diags) => {
            for d in &diags {
                eprintln!("error: {d}");
            }
            eprintln!("{} error(s) in the rule files", diags.len());
            std::process::exit(1);
        }
    };
    let bytes = match postcard::to_allocvec(&compiled.pack) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot serialise the rule pack: {e}");
            std::process::exit(1);
        }
    };
    // The runtime decodes these bytes; prove now that it can.
    if postcard::from_bytes::<pack::Pack>(&bytes).map(|p| p != compiled.pack).unwrap_or(true) {
        eprintln!("error: the rule pack does not survive a serialisation round trip");
        std::process::exit(1);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("pack.bin");
    if let Err(e) = std::fs::write(&out, bytes) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
