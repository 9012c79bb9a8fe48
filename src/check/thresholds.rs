//! Thresholds without test cases on each side. Every comparison of a fact,
//! derived quantity or score with a constant, in a measure's conditions,
//! amount or score, is a threshold; the measure's cases should put that
//! quantity at it, below it and above it, so an inclusive/strict slip
//! ("以上" read as >) fails a case.

use super::text;
use crate::compile::{Case, MeasureLines};
use crate::engine::eval::{self, Ctx};
use crate::pack::{Cond, Measure, Num, Pack};
use crate::profile::Profile;

/// Which sides of a threshold the cases reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sides {
    pub below: bool,
    pub at: bool,
    pub above: bool,
}

impl Sides {
    pub fn complete(self) -> bool {
        self.below && self.at && self.above
    }
    /// The sides no case reaches, in words.
    pub fn missing(self) -> Vec<&'static str> {
        [(self.below, "below"), (self.at, "at"), (self.above, "above")].into_iter().filter(|(has, _)| !has).map(|(_, w)| w).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The quantity as written (`revenue_last_year`).
    pub quantity: String,
    pub value: f64,
    /// The constant as written (a date for a date fact).
    pub value_text: String,
    pub sides: Sides,
}

/// One measure's thresholds, each with the sides its cases reach.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureThresholds {
    pub measure: String,
    pub file: String,
    pub line: u32,
    pub thresholds: Vec<Threshold>,
}

impl MeasureThresholds {
    /// `revenue ≥ 1000: no case below, at` style summary of what is missing.
    pub fn gaps(&self) -> Vec<String> {
        self.thresholds.iter().filter(|t| !t.sides.complete()).map(|t| format!("{} vs {} (no case {})", t.quantity, t.value_text, t.missing_words())).collect()
    }
}

impl Threshold {
    fn missing_words(&self) -> String {
        self.sides.missing().join(", ")
    }
}

/// Every measure with at least one threshold, in pack order.
pub fn threshold_coverage(pack: &Pack, cases: &[Case], lines: &[MeasureLines]) -> Vec<MeasureThresholds> {
    let mut out = Vec::new();
    for (i, m) in pack.measures.iter().enumerate() {
        let mut found: Vec<(Num, f64)> = Vec::new();
        m.conditions.iter().for_each(|c| in_cond(c, &mut found));
        m.score.iter().for_each(|s| in_num(&s.points, &mut found));
        if let Some(a) = &m.amount {
            in_num(&a.value, &mut found);
        }
        if found.is_empty() {
            continue;
        }
        let profiles: Vec<(Profile, i32)> = cases
            .iter()
            .filter(|c| c.measure == m.id)
            .filter_map(|c| {
                let (p, errors) = Profile::check(pack, &c.given);
                errors.is_empty().then_some((p, c.date))
            })
            .collect();
        let thresholds = found.iter().map(|(k, c)| Threshold { quantity: text::num(k, pack), value: *c, value_text: text::constant(*c, k, pack), sides: sides(pack, m, k, *c, &profiles) }).collect();
        let ml = lines.get(i);
        out.push(MeasureThresholds { measure: m.id.clone(), file: ml.map(|l| l.file.clone()).unwrap_or_default(), line: ml.map_or(m.line, |l| l.measure), thresholds });
    }
    out
}

fn sides(pack: &Pack, m: &Measure, k: &Num, c: f64, profiles: &[(Profile, i32)]) -> Sides {
    let tol = 1e-9 * c.abs().max(1.0);
    // A side the quantity can never reach (below 0 for money) needs no case.
    let empty = Profile::empty(pack);
    let range = eval::num(k, &Ctx { pack, profile: &empty, today: profiles.first().map_or(0, |p| p.1), measure: Some(m), probe: None });
    let mut s = Sides { below: range.lo >= c - tol, at: false, above: range.hi <= c + tol };
    for (p, today) in profiles {
        let v = eval::num(k, &Ctx { pack, profile: p, today: *today, measure: Some(m), probe: None });
        if !v.is_point() || !v.lo.is_finite() {
            continue;
        }
        if (v.lo - c).abs() <= tol {
            s.at = true;
        } else if v.lo < c {
            s.below = true;
        } else {
            s.above = true;
        }
    }
    s
}

/// Whether a quantity depends on the firm (not only on constants and the date).
fn reads_firm(n: &Num) -> bool {
    match n {
        Num::Fact(_) | Num::Derived(_) | Num::Count(_) | Num::YearsSince(_) | Num::Score(_) => true,
        Num::Const(_) | Num::Today => false,
        Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => reads_firm(a) || reads_firm(b),
        Num::Min(v) | Num::Max(v) => v.iter().any(reads_firm),
        Num::UpTo(a) => reads_firm(a),
        Num::Tiers(_) | Num::If(..) => true,
    }
}

fn in_cond(c: &Cond, out: &mut Vec<(Num, f64)>) {
    match c {
        Cond::Cmp(_, a, b) => {
            match (a.as_ref(), b.as_ref()) {
                (Num::Const(v), k) | (k, Num::Const(v)) if reads_firm(k) && !out.iter().any(|(q, w)| q == k && w == v) => out.push((k.clone(), *v)),
                _ => {}
            }
            in_num(a, out);
            in_num(b, out);
        }
        Cond::Not(c) => in_cond(c, out),
        Cond::All(v) | Cond::Any(v) => v.iter().for_each(|c| in_cond(c, out)),
        _ => {}
    }
}

fn in_num(n: &Num, out: &mut Vec<(Num, f64)>) {
    match n {
        Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => {
            in_num(a, out);
            in_num(b, out);
        }
        Num::Min(v) | Num::Max(v) => v.iter().for_each(|n| in_num(n, out)),
        Num::UpTo(a) => in_num(a, out),
        Num::Tiers(t) => t.iter().for_each(|(c, v)| {
            in_cond(c, out);
            in_num(v, out);
        }),
        Num::If(c, a, b) => {
            in_cond(c, out);
            in_num(a, out);
            in_num(b, out);
        }
        _ => {}
    }
}
