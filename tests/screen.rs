//! The app's per-answer screen (`engine::screen`) agrees field by field with
//! the full evaluation the JS API and the CLI give, over the real rule pack
//! and generated profiles; and the engine's own rounding is `f64::round`.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::eval::{round_half_away, round_to};
use anyang_policy::engine::screen::{failed, screen};
use anyang_policy::engine::{evaluate_summary, Replaced, Status};
use anyang_policy::pack::{FactKind, Pack};
use anyang_policy::profile::{Profile, Value};

/// Profiles from empty to nearly complete, values on round thresholds.
fn profiles(pack: &Pack, n: usize) -> Vec<Profile> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m.max(1)
    };
    (0..n)
        .map(|k| {
            let mut p = Profile::empty(pack);
            let known = (k * 100 / n.max(1)) as u64;
            for (i, f) in pack.facts.iter().enumerate() {
                if next(100) >= known {
                    continue;
                }
                p.values[i] = Some(match &f.kind {
                    FactKind::Bool => Value::Bool(next(2) == 0),
                    FactKind::Number { min, max, integer, .. } => {
                        let v: f64 = [0.0, 1.0, 5.0, 10.0, 30.0, 50.0, 100.0, 500.0, 1000.0, 2000.0, 5000.0, 20000.0][next(12) as usize] + if *integer { 0.0 } else { [0.0, 0.5][next(2) as usize] };
                        Value::Num(v.clamp(*min, *max))
                    }
                    FactKind::Enum { values } => Value::Enum(next(values.len() as u64) as u16),
                    FactKind::Set { values } => Value::Set(next(1 << values.len().min(20))),
                    FactKind::Date => Value::Date(15500 + next(4500) as i32),
                });
            }
            p
        })
        .collect()
}

#[test]
fn screen_agrees_with_the_full_evaluation() {
    let pack = common::pack();
    let (mut seen, mut gaps) = ([0usize; 4], 0);
    for today in [common::date("2022-07-01"), common::date("2023-06-01")] {
        for p in profiles(pack, 60) {
            let s = screen(pack, &p, today);
            let e = evaluate_summary(pack, &p, today);
            assert_eq!(s.totals, e.totals);
            assert_eq!(s.results.len(), e.results.len());
            for (i, (b, r)) in s.results.iter().zip(&e.results).enumerate() {
                assert_eq!(b.status, r.status, "{}", r.id);
                assert_eq!(b.amount.map(|a| (a.lo, a.hi)), r.amount.as_ref().map(|a| (a.min, a.max)), "{}", r.id);
                let names = |v: &[u16]| v.iter().map(|f| pack.facts[*f as usize].name.clone()).collect::<Vec<_>>();
                assert_eq!(names(&b.missing), r.missing, "{}", r.id);
                assert_eq!(b.blocked_by.iter().map(|m| pack.measures[*m as usize].id.clone()).collect::<Vec<_>>(), r.blocked_by, "{}", r.id);
                let id = |m: usize| Some(pack.measures[m].id.clone());
                let (under, sup) = match b.replaced {
                    Some(Replaced::CountedUnder(m)) => (id(m), None),
                    Some(Replaced::SupersededBy(m)) => (None, id(m)),
                    None => (None, None),
                };
                assert_eq!((under, sup), (r.counted_under.clone(), r.superseded_by.clone()), "{}", r.id);
                if r.status == Status::NotEligible {
                    assert_eq!(failed(pack, &p, today, i), (r.failed.clone(), r.only_one_gap), "{}", r.id);
                    gaps += usize::from(r.only_one_gap);
                }
                seen[match r.status {
                    Status::Eligible | Status::MeetsEntryConditions => 0,
                    Status::Undetermined => 1,
                    Status::NotEligible => 2,
                    _ => 3,
                }] += 1;
            }
        }
    }
    assert!(seen.iter().all(|n| *n > 100), "every kind of status was compared: {seen:?}");
    assert!(gaps > 10, "single gaps were compared: {gaps}");
}

#[test]
fn rounding_is_f64_round_bit_for_bit() {
    let mut xs = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        0.49999999999999994,
        -0.49999999999999994,
        4503599627370495.5,
        4503599627370496.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        -0.3,
        0.3,
    ];
    let mut seed = 7u64;
    for _ in 0..20000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let bits = seed >> 1;
        xs.push(f64::from_bits(bits) * if seed & 1 == 0 { 1.0 } else { -1.0 });
        xs.push((seed % 2_000_001) as f64 / 1000.0 - 1000.0);
        xs.push((seed % 20001) as f64 / 2.0 - 5000.0);
    }
    for x in xs {
        assert_eq!(round_half_away(x).to_bits(), x.round().to_bits(), "{x:e}");
        for scale in [1e4, 1e9] {
            assert_eq!(round_to(x, scale).to_bits(), ((x * scale).round() / scale).to_bits(), "{x:e} at {scale}");
        }
    }
    assert!(round_half_away(f64::NAN).is_nan());
}
