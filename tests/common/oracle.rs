//! An independent, deliberately plain evaluator of a measure's conditions for
//! a firm whose every fact is known: ordinary two-valued logic and point
//! arithmetic, no intervals. The property tests hold the engine's Kleene
//! evaluation against it. `None` = this evaluator cannot say (an `unclear`
//! text, a division by zero, overlapping tiers paying different amounts).

use anyang_policy::engine::eval::years_between;
use anyang_policy::pack::{CmpOp, Cond, Measure, Num, Pack};
use anyang_policy::profile::{Profile, Value};

pub struct Oracle<'a> {
    pub pack: &'a Pack,
    pub profile: &'a Profile,
    pub today: i32,
}

/// Comparisons as the rules mean them: 0.05 × 1200 equals 60.
fn snap(x: f64) -> f64 {
    if x.abs() < 1e9 {
        (x * 1e9).round() / 1e9
    } else {
        x
    }
}

impl Oracle<'_> {
    /// All of a measure's conditions.
    pub fn measure(&self, m: &Measure) -> Option<bool> {
        let mut all = Some(true);
        for c in &m.conditions {
            match self.cond(c, m) {
                Some(false) => return Some(false),
                None => all = None,
                Some(true) => {}
            }
        }
        all
    }

    pub fn cond(&self, c: &Cond, m: &Measure) -> Option<bool> {
        let fact = |f: u16| self.profile.get(f as usize);
        Some(match c {
            Cond::Const(b) => *b,
            Cond::Unclear(_) => return None,
            Cond::Fact(f) => matches!(fact(*f)?, Value::Bool(true)),
            Cond::Not(c) => !self.cond(c, m)?,
            // Two-valued: any false decides an `all`, any true an `any`, even next to an unknown part.
            Cond::All(v) => {
                let r: Vec<Option<bool>> = v.iter().map(|c| self.cond(c, m)).collect();
                if r.contains(&Some(false)) {
                    false
                } else if r.contains(&None) {
                    return None;
                } else {
                    true
                }
            }
            Cond::Any(v) => {
                let r: Vec<Option<bool>> = v.iter().map(|c| self.cond(c, m)).collect();
                if r.contains(&Some(true)) {
                    true
                } else if r.contains(&None) {
                    return None;
                } else {
                    false
                }
            }
            Cond::Cmp(op, a, b) => {
                let (a, b) = (snap(self.num(a, m)?), snap(self.num(b, m)?));
                match op {
                    CmpOp::Ge => a >= b,
                    CmpOp::Gt => a > b,
                    CmpOp::Le => a <= b,
                    CmpOp::Lt => a < b,
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b,
                }
            }
            Cond::OneOf(f, vals) => match fact(*f)? {
                Value::Enum(v) => vals.contains(&v),
                _ => return None,
            },
            Cond::Has { fact: f, values, all } => match fact(*f)? {
                Value::Set(bits) => {
                    let held = |v: &u16| bits >> v & 1 == 1;
                    if *all {
                        values.iter().all(held)
                    } else {
                        values.iter().any(held)
                    }
                }
                _ => return None,
            },
        })
    }

    pub fn num(&self, n: &Num, m: &Measure) -> Option<f64> {
        let v = match n {
            Num::Const(v) => *v,
            Num::Fact(f) => match self.profile.get(*f as usize)? {
                Value::Num(v) => v,
                Value::Date(d) => d as f64,
                _ => return None,
            },
            Num::Derived(d) => self.num(&self.pack.derived[*d as usize].expr, m)?,
            Num::Add(a, b) => self.num(a, m)? + self.num(b, m)?,
            Num::Sub(a, b) => self.num(a, m)? - self.num(b, m)?,
            Num::Mul(a, b) => self.num(a, m)? * self.num(b, m)?,
            Num::Div(a, b) => {
                let d = self.num(b, m)?;
                if d == 0.0 {
                    return None;
                }
                self.num(a, m)? / d
            }
            Num::Min(v) => v.iter().map(|n| self.num(n, m)).collect::<Option<Vec<_>>>()?.into_iter().reduce(f64::min)?,
            Num::Max(v) => v.iter().map(|n| self.num(n, m)).collect::<Option<Vec<_>>>()?.into_iter().reduce(f64::max)?,
            // "Up to X" is a range, not a number.
            Num::UpTo(_) => return None,
            Num::Count(f) => match self.profile.get(*f as usize)? {
                Value::Set(bits) => bits.count_ones() as f64,
                _ => return None,
            },
            Num::YearsSince(f) => match self.profile.get(*f as usize)? {
                Value::Date(d) => years_between(d, self.today),
                _ => return None,
            },
            Num::Today => self.today as f64,
            Num::Score(group) => m.score.iter().filter(|s| group.as_ref().is_none_or(|g| &s.group == g)).map(|s| self.num(&s.points, m)).sum::<Option<f64>>()?,
            Num::Tiers(tiers) => {
                let mut paid: Option<f64> = None;
                for (c, v) in tiers {
                    if self.cond(c, m)? {
                        let v = self.num(v, m)?;
                        if paid.is_some_and(|p| p != v) {
                            return None;
                        }
                        paid = Some(v);
                    }
                }
                paid.unwrap_or(0.0)
            }
            Num::If(c, a, b) => {
                if self.cond(c, m)? {
                    self.num(a, m)?
                } else {
                    self.num(b, m)?
                }
            }
        };
        v.is_finite().then_some(v)
    }
}

/// The most an amount can ever be, read from its formula alone: the X of
/// "最高 X", of `min(…, X)`, the largest tier, the larger branch of an `if`.
pub fn printed_cap(n: &Num) -> Option<f64> {
    match n {
        Num::Const(v) => Some(*v),
        Num::UpTo(b) => printed_cap(b),
        Num::Min(v) => v.iter().filter_map(printed_cap).reduce(f64::min),
        Num::Max(v) => v.iter().map(printed_cap).collect::<Option<Vec<_>>>()?.into_iter().reduce(f64::max),
        Num::Tiers(t) => t.iter().map(|(_, v)| printed_cap(v)).try_fold(0.0_f64, |a, b| b.map(|b| a.max(b))),
        Num::If(_, a, b) => Some(printed_cap(a)?.max(printed_cap(b)?)),
        _ => None,
    }
}
