//! Engine throughput on the real rule pack: `cargo bench --bench engine`.
//! Prints ns per firm for `assess` (status and amount of every measure: batch
//! screening), `evaluate` (the full result with traces: the JS API and CLI),
//! `screen` (what the app recomputes after each answer) and `next_questions`.
//! Profiles are generated deterministically.

use anyang_policy::embedded;
use anyang_policy::engine::{assess, evaluate, evaluate_summary, questions::next_questions, screen::screen};
use anyang_policy::pack::FactKind;
use anyang_policy::profile::{Profile, Value};
use std::hint::black_box;
use std::time::Instant;

fn profiles(n: usize) -> Vec<Profile> {
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

fn time<F: FnMut(&Profile)>(name: &str, ps: &[Profile], mut f: F) {
    let start = Instant::now();
    for p in ps {
        f(p);
    }
    let ns = start.elapsed().as_nanos() as f64 / ps.len() as f64;
    println!("{name:<16} {:>12.0} ns/firm  ({:.0} firms/s)", ns, 1e9 / ns);
}

fn main() {
    let pack = embedded::pack();
    let today = anyang_policy::date::parse_date("2022-07-01").unwrap_or(0);
    println!("rule pack {}: {} measures, {} facts", pack.version, pack.measures.len(), pack.facts.len());
    let ps = profiles(2000);
    time("assess", &ps, |p| {
        black_box(assess(pack, p, today));
    });
    time("evaluate", &ps[..300], |p| {
        black_box(evaluate(pack, p, today));
    });
    time("evaluate_summary", &ps[..300], |p| {
        black_box(evaluate_summary(pack, p, today));
    });
    // What the app recomputes after each answer.
    time("screen", &ps[..300], |p| {
        black_box(screen(pack, p, today));
    });
    time("next_questions", &ps[..300], |p| {
        black_box(next_questions(pack, p, today));
    });
}
