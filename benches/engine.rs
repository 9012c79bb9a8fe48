//! Engine throughput on the real rule pack (criterion): `cargo bench --bench engine`.
//!
//! Each benchmark evaluates every measure for a batch of firms, so criterion's
//! time per iteration divided by the batch size is ns per firm (its
//! throughput line says firms/s): `assess` (status and amount: batch
//! screening), `screen` (what the app recomputes after each answer), `evaluate_summary`,
//! `evaluate` (with traces: the JS API and CLI) and `next_questions`.
//!
//! Profiles: `BENCH_PROFILES=file.json` (a JSON array of profiles, as
//! `tools/bench/` generates them from the facts export, with `"date"` beside
//! them) makes native and wasm figures comparable; without it, profiles are
//! generated here deterministically (a third of facts unknown).

use anyang_policy::embedded;
use anyang_policy::engine::{assess, evaluate, evaluate_summary, questions::next_questions, screen::screen};
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::FactKind;
use anyang_policy::profile::{Profile, Value};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

/// Firms per iteration.
const BATCH: usize = 64;

fn generated(n: usize) -> Vec<Profile> {
    let pack = embedded::pack();
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let mut p = Profile::empty(pack);
            for (i, f) in pack.facts.iter().enumerate() {
                let r = rnd();
                if r % 3 == 0 {
                    continue; // a third unknown
                }
                p.values[i] = Some(match &f.kind {
                    FactKind::Bool => Value::Bool(r % 2 == 0),
                    FactKind::Number { .. } => Value::Num((r % 20000) as f64 / 3.0),
                    FactKind::Enum { values } => Value::Enum((r % values.len() as u64) as u16),
                    FactKind::Set { values } => Value::Set(r & ((1u64 << values.len().min(63)) - 1)),
                    FactKind::Date => Value::Date(15000 + (r % 5000) as i32),
                });
            }
            p
        })
        .collect()
}

/// A JSON value as profile input (built by hand: the bench links its own serde_json).
fn input(v: &serde_json::Value) -> Input {
    match v {
        serde_json::Value::Null => Input::Null,
        serde_json::Value::Bool(b) => Input::Bool(*b),
        serde_json::Value::Number(n) => n.as_f64().map_or(Input::Object, Input::Num),
        serde_json::Value::String(s) => Input::Str(s.clone()),
        serde_json::Value::Array(a) => Input::List(a.iter().map(input).collect()),
        serde_json::Value::Object(_) => Input::Object,
    }
}

/// Profiles from `BENCH_PROFILES`, checked like any input; a bad file is a clear error.
fn from_file(path: &str) -> Result<Vec<Profile>, String> {
    let pack = embedded::pack();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: not JSON: {e}"))?;
    let list = json.as_array().ok_or_else(|| format!("{path}: expected a JSON array of profiles"))?;
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let obj = v.as_object().ok_or_else(|| format!("{path}: profile {i} is not an object"))?;
            let raw = RawProfile(obj.iter().map(|(k, v)| (k.clone(), input(v))).collect());
            let (p, errors) = Profile::check(pack, &raw);
            match errors.first() {
                Some(e) => Err(format!("{path}: profile {i}: {e}")),
                None => Ok(p),
            }
        })
        .collect()
}

/// The next BATCH profiles, cycling through all of them.
fn next<'a>(ps: &'a [Profile], at: &std::cell::Cell<usize>) -> impl Iterator<Item = &'a Profile> {
    let s = at.get();
    at.set((s + BATCH) % ps.len());
    (0..BATCH).map(move |k| &ps[(s + k) % ps.len()])
}

fn engine(c: &mut Criterion) {
    let pack = embedded::pack();
    let today = anyang_policy::date::parse_date(&std::env::var("BENCH_DATE").unwrap_or_else(|_| "2022-07-01".into())).unwrap_or(0);
    let ps = match std::env::var("BENCH_PROFILES") {
        Ok(path) => from_file(&path).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        }),
        Err(_) => generated(BATCH * 4),
    };
    if ps.is_empty() {
        eprintln!("error: no profiles to measure");
        std::process::exit(2);
    }
    println!("rule pack {}: {} measures, {} facts; {} profiles, {BATCH} per iteration", pack.version, pack.measures.len(), pack.facts.len(), ps.len());
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(BATCH as u64));
    let at = std::cell::Cell::new(0usize);
    g.bench_function("assess", |b| {
        b.iter(|| {
            for p in next(&ps, &at) {
                black_box(assess(pack, p, today));
            }
        })
    });
    // What the app recomputes after each answer.
    g.bench_function("screen", |b| {
        b.iter(|| {
            for p in next(&ps, &at) {
                black_box(screen(pack, p, today));
            }
        })
    });
    g.bench_function("evaluate_summary", |b| {
        b.iter(|| {
            for p in next(&ps, &at) {
                black_box(evaluate_summary(pack, p, today));
            }
        })
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| {
            for p in next(&ps, &at) {
                black_box(evaluate(pack, p, today));
            }
        })
    });
    g.bench_function("next_questions", |b| {
        b.iter(|| {
            for p in next(&ps, &at) {
                black_box(next_questions(pack, p, today));
            }
        })
    });
    g.finish();
}

fn config() -> Criterion {
    // Short by default so the whole bench report stays within minutes on 2 cores;
    // criterion's command-line options (--measurement-time …) still override.
    Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4)).configure_from_args()
}

criterion_group! { name = benches; config = config(); targets = engine }
criterion_main!(benches);
