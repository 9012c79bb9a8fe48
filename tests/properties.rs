//! Properties of the engine over the real rule pack and thousands of
//! generated profiles (a seeded generator, so a failure reproduces):
//! - learning one more fact never turns a decided result undetermined, and
//!   never widens an amount (the interval arithmetic is sound);
//! - the order in which facts are given never changes a result;
//! - evaluation is deterministic;
//! - a measure is decided only when its logic is decided under Kleene logic:
//!   eligible (or not) for every answer the missing facts could get, as an
//!   independent two-valued evaluator (`common::oracle`) finds on completed
//!   profiles, and the trace's `all`/`any` values follow Kleene's tables;
//! - amounts lie within the range shown before any answer and within their
//!   printed caps ("最高 X"); totals count each benefit once and stay under
//!   shared caps.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::eval::Tri;
use anyang_policy::engine::trace::TraceNode;
use anyang_policy::engine::{assess, evaluate, evaluate_summary, validity_state, Status};
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::{AmountUnit, BenefitKind, FactKind, Pack};
use anyang_policy::profile::{Profile, Value};
use common::oracle::{printed_cap, Oracle};

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

/// Every unknown fact of `p` given a generated value.
fn complete(pack: &Pack, p: &Profile, rng: &mut Rng) -> Profile {
    let mut q = p.clone();
    for f in 0..pack.facts.len() {
        if q.values[f].is_none() {
            q.values[f] = Some(value(pack, f, rng));
        }
    }
    q
}

/// Whether measure `i` is granted for a complete profile by the oracle: its
/// conditions hold and no restriction in force that blocks it applies.
fn granted(pack: &Pack, o: &Oracle, i: usize) -> Option<bool> {
    let mut out = o.measure(&pack.measures[i])?;
    for r in pack.measures.iter().filter(|r| r.kind == BenefitKind::Restriction && r.relations.blocks.contains(&(i as u16)) && validity_state(r, o.today).is_none()) {
        out &= !o.measure(r)?;
    }
    Some(out)
}

#[test]
fn a_decided_measure_stays_decided_whatever_the_missing_facts_are() {
    let pack = common::pack();
    let mut rng = Rng(0xD1B54A32D192ED03);
    let (mut decided, mut compared) = (0, 0);
    for round in 0..150 {
        let today = days()[round % 3];
        let p = random_profile(pack, &mut rng, [10, 40, 70][round % 3]);
        let cores = assess(pack, &p, today);
        for c in &cores {
            // Status follows the Kleene value of the logic: eligible only when known true.
            match c.status {
                Status::Eligible | Status::MeetsEntryConditions => assert_eq!(c.cond, Tri::True, "round {round}"),
                Status::Undetermined => assert_eq!(c.cond, Tri::Unknown, "round {round}"),
                Status::NotEligible => assert_eq!(c.cond, Tri::False, "round {round}"),
                Status::Expired | Status::NotYetInForce => assert_ne!(c.cond, Tri::False, "round {round}"),
            }
        }
        for _ in 0..4 {
            let full = complete(pack, &p, &mut rng);
            let full_cores = assess(pack, &full, today);
            let o = Oracle { pack, profile: &full, today };
            for (i, m) in pack.measures.iter().enumerate() {
                let Some(g) = granted(pack, &o, i) else { continue };
                compared += 1;
                // On a complete profile the engine and the plain evaluator agree.
                assert_eq!(full_cores[i].cond, if g { Tri::True } else { Tri::False }, "{}: engine and oracle disagree on a complete profile (round {round})", m.id);
                // A decision taken with facts missing holds for this completion of them.
                match cores[i].cond {
                    Tri::True => assert!(g, "{}: eligible with facts missing, but not for one answer to them (round {round})", m.id),
                    Tri::False => assert!(!g, "{}: not eligible with facts missing, but eligible for one answer to them (round {round})", m.id),
                    Tri::Unknown => {}
                }
                decided += usize::from(cores[i].cond != Tri::Unknown);
            }
        }
    }
    assert!(compared > 300_000 && decided > 50_000, "{compared} compared, {decided} decided");
}

/// Kleene's tables on a trace: an `all` is true when every part is, false
/// when one is; an `any` true when one part is, false when every one is.
fn kleene_consistent(n: &TraceNode, id: &str) {
    for c in &n.children {
        kleene_consistent(c, id);
    }
    let parts: Vec<&str> = n.children.iter().map(|c| c.value).collect();
    let expect = match n.en.as_str() {
        "all of the following" if parts.contains(&"false") => "false",
        "all of the following" if parts.contains(&"unknown") => "unknown",
        "all of the following" => "true",
        "any of the following" if parts.contains(&"true") => "true",
        "any of the following" if parts.contains(&"unknown") => "unknown",
        "any of the following" => "false",
        _ => return,
    };
    assert_eq!(n.value, expect, "{id}: `{}` over parts {parts:?}", n.en);
}

#[test]
fn eligible_only_when_every_condition_in_the_trace_is_known_true() {
    let pack = common::pack();
    let mut rng = Rng(0x94D049BB133111EB);
    let mut eligible = 0;
    for round in 0..30 {
        let today = days()[round % 3];
        let p = random_profile(pack, &mut rng, [20, 50, 80][round % 3]);
        let e = evaluate(pack, &p, today);
        for r in &e.results {
            r.trace.iter().for_each(|n| kleene_consistent(n, &r.id));
            let values: Vec<&str> = r.trace.iter().map(|n| n.value).collect();
            match r.status {
                Status::Eligible | Status::MeetsEntryConditions => {
                    eligible += 1;
                    assert!(values.iter().all(|v| *v == "true"), "{}: eligible with trace {values:?}", r.id);
                }
                Status::NotEligible => assert!(values.contains(&"false"), "{}: not eligible with trace {values:?}", r.id),
                Status::Undetermined => assert!(values.contains(&"unknown") && !values.contains(&"false"), "{}: undetermined with trace {values:?}", r.id),
                _ => assert!(!values.contains(&"false"), "{}: {:?} with trace {values:?}", r.id, r.status),
            }
        }
    }
    assert!(eligible > 500, "{eligible}");
}

#[test]
fn amounts_stay_within_the_range_shown_before_any_answer_and_their_printed_caps() {
    let pack = common::pack();
    let mut rng = Rng(0xBF58476D1CE4E5B9);
    let empty = Profile::empty(pack);
    let base: Vec<_> = days().iter().map(|d| assess(pack, &empty, *d)).collect();
    let caps: Vec<Option<f64>> = pack.measures.iter().map(|m| m.amount.as_ref().and_then(|a| printed_cap(&a.value))).collect();
    assert!(caps.iter().filter(|c| c.is_some()).count() > 100, "most amounts state a figure or a cap");
    let mut checked = 0;
    for round in 0..300 {
        let k = round % 3;
        let p = random_profile(pack, &mut rng, [10, 50, 90][k]);
        for (i, c) in assess(pack, &p, days()[k]).iter().enumerate() {
            let Some(a) = c.amount else { continue };
            let id = &pack.measures[i].id;
            let tol = 1e-6 * a.hi.abs().max(1.0);
            if let Some(b) = base[k][i].amount {
                assert!(a.lo >= b.lo - tol && a.hi <= b.hi + tol, "{id}: amount {a:?} outside {b:?}, the range before any answer (round {round})");
            }
            if let Some(cap) = caps[i] {
                assert!(a.hi <= cap + tol, "{id}: amount {a:?} above its printed cap {cap} (round {round})");
            }
            if pack.measures[i].amount.as_ref().is_some_and(|m| m.unit == AmountUnit::Cash) {
                assert!(a.lo >= -tol, "{id}: negative cash {a:?} (round {round})");
            }
            checked += 1;
        }
    }
    assert!(checked > 30_000, "{checked}");
}

#[test]
fn totals_count_each_benefit_once_and_stay_under_shared_caps() {
    let pack = common::pack();
    let mut rng = Rng(0x5851F42D4C957F2D);
    let (mut counted_any, mut capped) = (0, 0);
    for round in 0..200 {
        let today = days()[round % 3];
        let p = random_profile(pack, &mut rng, [30, 60, 90][round % 3]);
        let full = complete(pack, &p, &mut rng);
        let e = evaluate_summary(pack, &full, today);
        let t = &e.totals;
        let ix = |id: &str| pack.measures.iter().position(|m| m.id == id).unwrap();
        let counted: Vec<usize> = t.counted.iter().map(|id| ix(id)).collect();
        let max = |i: usize| e.results[i].amount.as_ref().map_or(0.0, |a| a.max);
        for &i in &counted {
            let r = &e.results[i];
            assert!(r.status == Status::Eligible && r.amount.as_ref().is_some_and(|a| a.nature == "cash"), "{}: counted but {:?} {:?}", r.id, r.status, r.amount);
            assert!(r.counted_under.is_none() && r.superseded_by.is_none(), "{}: counted twice (restated or superseded)", r.id);
            for &j in &counted {
                assert!(!pack.measures[i].relations.not_combinable_with.contains(&(j as u16)), "{} and {} are not combinable but both counted", r.id, e.results[j].id);
            }
        }
        let o = Oracle { pack, profile: &full, today };
        let in_cap = |i: usize| pack.caps.iter().any(|c| c.measures.contains(&(i as u16)));
        let mut bound: f64 = counted.iter().filter(|&&i| !in_cap(i)).map(|&i| max(i)).sum();
        for cap in &pack.caps {
            let members: f64 = counted.iter().filter(|&&i| cap.measures.contains(&(i as u16))).map(|&i| max(i)).sum();
            let limit = o.num(&cap.limit, &pack.measures[0]).expect("cap limit on a complete profile");
            bound += members.min(limit);
            capped += usize::from(members > limit);
        }
        let tol = 1e-6 * bound.max(1.0);
        assert!(t.cash_min <= t.cash_max + tol && t.cash_max <= bound + tol, "round {round}: totals {}–{} above the bound {bound}", t.cash_min, t.cash_max);
        assert!(t.cash_max <= counted.iter().map(|&i| max(i)).sum::<f64>() + tol, "round {round}: total above the sum of what it counts");
        counted_any += usize::from(!counted.is_empty());
    }
    assert!(counted_any > 100 && capped > 0, "{counted_any} rounds counted money, {capped} hit a shared cap");
}
