//! Shared by the native test files: the rule pack compiled from `rules/`.
#![allow(dead_code)]

pub mod oracle;

use anyang_policy::compile::{compile_dir, Compiled, Diag};
use anyang_policy::date::parse_date;
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::Pack;
use anyang_policy::profile::Profile;
use std::path::PathBuf;
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    std::env::var("ANYANG_SEEDS").map(PathBuf::from).unwrap_or_else(|_| root().join("../shared/seeds"))
}

pub fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| match compile_dir(&root().join("rules"), Some(&seeds())) {
        Ok(c) => c,
        Err(d) => panic!("rules do not compile:\n{}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
    })
}

pub fn pack() -> &'static Pack {
    &compiled().pack
}

pub fn date(s: &str) -> i32 {
    parse_date(s).expect("test date")
}

/// A profile from (fact, value) pairs; panics on a bad entry (a test bug).
pub fn profile(pack: &Pack, entries: &[(&str, Input)]) -> Profile {
    let raw = RawProfile(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
    let (p, errors) = Profile::check(pack, &raw);
    assert!(errors.is_empty(), "{errors:?}");
    p
}

pub fn b(v: bool) -> Input {
    Input::Bool(v)
}
pub fn n(v: f64) -> Input {
    Input::Num(v)
}
pub fn s(v: &str) -> Input {
    Input::Str(v.into())
}

/// Write a throwaway rules dir: `rules/facts.toml`, one rule file
/// `rules/t.toml`, and `seeds/seed.txt` as the only source text. Returns the
/// directory holding `rules/` and `seeds/`; the caller removes it.
pub fn write_temp(facts: &str, rules: &str, seed: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("anyang-rules-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::create_dir_all(dir.join("seeds")).unwrap();
    std::fs::write(dir.join("rules/facts.toml"), facts).unwrap();
    std::fs::write(dir.join("rules/t.toml"), rules).unwrap();
    std::fs::write(dir.join("seeds/seed.txt"), seed).unwrap();
    dir
}

/// Compile a throwaway rules dir (see `write_temp`).
pub fn compile_temp(facts: &str, rules: &str, seed: &str) -> Result<Compiled, Vec<Diag>> {
    let dir = write_temp(facts, rules, seed);
    let out = compile_dir(&dir.join("rules"), Some(&dir.join("seeds")));
    std::fs::remove_dir_all(&dir).ok();
    out
}
