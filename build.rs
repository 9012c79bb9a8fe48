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
    // Two halves: what evaluation and the first screen need (`pack.bin`), and
    // the long texts a firm reads on opening a measure (`texts.bin`), which
    // the web app fetches after its first screen.
    let mut core = compiled.pack.clone();
    let texts = core.split_texts();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let core_bytes = serialise(&core);
    let text_bytes = serialise(&texts);
    // The runtime decodes and joins these bytes; prove now that it can.
    let round_trip = postcard::from_bytes::<pack::Pack>(&core_bytes).ok().zip(postcard::from_bytes::<pack::Texts>(&text_bytes).ok()).and_then(|(mut p, t)| p.join_texts(t).ok().map(|_| p));
    if round_trip.as_ref() != Some(&compiled.pack) {
        eprintln!("error: the rule pack does not survive a serialisation round trip");
        std::process::exit(1);
    }
    for (name, bytes) in [("pack.bin", core_bytes), ("texts.bin", text_bytes)] {
        if let Err(e) = std::fs::write(out.join(name), bytes) {
            eprintln!("error: cannot write {name} in {}: {e}", out.display());
            std::process::exit(1);
        }
    }
}

fn serialise<T: serde::Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).unwrap_or_else(|e| {
        eprintln!("error: cannot serialise the rule pack: {e}");
        std::process::exit(1)
    })
}
