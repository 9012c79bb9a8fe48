//! Properties of the engine over the real rule pack and thousands of
//! generated profiles (a seeded generator, so a failure reproduces):
//! - learning one more fact never turns a decided result undetermined, and
//!   never widens an amount (the interval arithmetic is sound);
//! - the order in which facts are given never changes a result;
//! - evaluation is deterministic.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::{assess, evaluate_summary, Status};
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::{FactKind, Pack};
use anyang_policy::profile::{Profile, Value};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A value for a fact, often on or near the thresholds the rules use.
fn value(pack: &Pack, f: usize, rng: &mut Rng) -> Value {
    match &pack.facts[f].kind {
        FactKind::Bool => Value::Bool(rng.below(2) == 0),
        FactKind::Number { min, max, integer, .. } => {
            let lo = if min.is_finite() { *min } else { -100.0 };
            let hi = if max.is_finite() { *max } else { 200000.0 };
            let pick = [0.0, 1.0, 3.0, 5.0, 10.0, 15.0, 20.0, 30.0, 50.0, 60.0, 70.0, 80.0, 100.0, 160.0, 300.0, 500.0, 1000.0, 2000.0, 5000.0, 10000.0, 50000.0, 100000.0];
            let mut v = match rng.below(3) {
                0 => pick[rng.below(pick.len() as u64) as usize],
                1 => pick[rng.below(pick.len() as u64) as usize] + [-0.01, 0.01][rng.below(2) as usize],
                _ => lo + (rng.below(1_000_000) as f64 / 1_000_000.0) * (hi - lo).min(300000.0),
            };
            if *integer {
                v = v.round();
            }
            Value::Num(v.clamp(lo, hi))
        }
        FactKind::Enum { values } => Value::Enum(rng.below(values.len() as u64) as u16),
        FactKind::Set { values } => Value::Set(rng.next() & ((1u64 << values.len().min(63)) - 1)),
        FactKind::Date => Value::Date(16000 + rng.below(4000) as i32),
    }
}

fn random_profile(pack: &Pack, rng: &mut Rng, share_known: u64) -> Profile {
    let mut p = Profile::empty(pack);
    for f in 0..pack.facts.len() {
        if rng.below(100) < share_known {
            p.values[f] = Some(value(pack, f, rng));
        }
    }
    p
}

fn days() -> [i32; 3] {
    [common::date("2022-07-01"), common::date("2023-03-01"), common::date("2021-06-01")]
}

#[test]
fn one_more_fact_never_undoes_a_decision_or_widens_an_amount() {
    let pack = common::pack();
    let mut rng = Rng(0x2545F4914F6CDD1D);
    let mut checked = 0;
    for round in 0..400 {
        let today = days()[round % 3];
        let p = random_profile(pack, &mut rng, [10, 40, 70][round % 3]);
        let before = assess(pack, &p, today);
        for _ in 0..5 {
            let unknown: Vec<usize> = (0..pack.facts.len()).filter(|f| p.values[*f].is_none()).collect();
            if unknown.is_empty() {
                break;
            }
            let f = unknown[rng.below(unknown.len() as u64) as usize];
            let mut q = p.clone();
            q.values[f] = Some(value(pack, f, &mut rng));
            let after = assess(pack, &q, today);
            for (i, (b, a)) in before.iter().zip(&after).enumerate() {
                let id = &pack.measures[i].id;
                let fact = &pack.facts[f].name;
                if matches!(b.status, Status::Eligible | Status::MeetsEntryConditions | Status::NotEligible) {
                    assert_eq!(a.status, b.status, "{id}: learning `{fact}` changed a decided {:?} into {:?} (round {round})", b.status, a.status);
                }
                if let (Some(x), Some(y)) = (b.amount, a.amount) {
                    let tol = 1e-6 * x.hi.abs().max(1.0);
                    assert!(y.lo >= x.lo - tol && y.hi <= x.hi + tol, "{id}: learning `{fact}` widened the amount {:?} to {:?} (round {round})", x, y);
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}

#[test]
fn order_of_facts_never_changes_a_result_and_evaluation_is_deterministic() {
    let pack = common::pack();
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for round in 0..40 {
        let p = random_profile(pack, &mut rng, 50);
        // As a raw profile, in vocabulary order and reversed.
        let raw: Vec<(String, Input)> = p
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .map(|(i, v)| {
                let f = &pack.facts[i];
                let input = match (v, &f.kind) {
                    (Value::Bool(b), _) => Input::Bool(b),
                    (Value::Num(n), _) => Input::Num(n),
                    (Value::Enum(e), FactKind::Enum { values }) => Input::Str(values[e as usize].id.clone()),
                    (Value::Set(bits), FactKind::Set { values }) => Input::List(values.iter().enumerate().filter(|(k, _)| bits & (1 << k) != 0).map(|(_, v)| Input::Str(v.id.clone())).collect()),
                    (Value::Date(d), _) => Input::Str(anyang_policy::date::format_date(d)),
                    _ => Input::Null,
                };
                (f.name.clone(), input)
            })
            .collect();
        let mut rev = raw.clone();
        rev.reverse();
        let (a, ea) = Profile::check(pack, &RawProfile(raw));
        let (b, eb) = Profile::check(pack, &RawProfile(rev));
        assert!(ea.is_empty() && eb.is_empty(), "{ea:?} {eb:?}");
        assert_eq!(a, p, "round {round}: the raw form reads back to the same profile");
        let today = days()[round % 3];
        let x = evaluate_summary(pack, &a, today);
        assert_eq!(x, evaluate_summary(pack, &b, today), "round {round}: order changed a result");
        assert_eq!(x, evaluate_summary(pack, &a, today), "round {round}: not deterministic");
    }
}
