//! Kleene three-valued conditions over interval arithmetic.
//!
//! An unknown number stands for every value its fact allows, so an
//! expression evaluates to an interval; a comparison is true or false only
//! when the whole interval decides it. That is what makes "a missing fact
//! leaves a measure undetermined only while it could still change the result"
//! hold without special cases: `min(x, 600) ≤ 600` is true for unknown `x`.

use crate::pack::{CmpOp, Cond, FactKind, Measure, Num, Pack};
use crate::profile::{Profile, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    /// Kleene disjunction: true wins, then unknown.
    pub fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::False,
        }
    }
    /// Kleene conjunction: false wins, then unknown.
    pub fn and(self, o: Tri) -> Tri {
        self.negate().or(o.negate()).negate()
    }
    pub fn id(self) -> &'static str {
        match self {
            Tri::True => "true",
            Tri::False => "false",
            Tri::Unknown => "unknown",
        }
    }
}

/// A closed interval; `lo == hi` when exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iv {
    pub lo: f64,
    pub hi: f64,
}

impl Iv {
    pub const ALL: Iv = Iv { lo: f64::NEG_INFINITY, hi: f64::INFINITY };
    pub fn point(v: f64) -> Iv {
        Iv { lo: v, hi: v }
    }
    pub fn is_point(self) -> bool {
        self.lo == self.hi
    }
    pub fn hull(self, o: Iv) -> Iv {
        Iv { lo: self.lo.min(o.lo), hi: self.hi.max(o.hi) }
    }
    fn valid(self) -> Iv {
        if self.lo.is_nan() || self.hi.is_nan() {
            Iv::ALL
        } else {
            self
        }
    }
}

/// Everything an evaluation reads.
pub struct Ctx<'a> {
    pub pack: &'a Pack,
    pub profile: &'a Profile,
    /// Assessment date, days since epoch.
    pub today: i32,
    /// The measure whose score `score` refers to.
    pub measure: Option<&'a Measure>,
    /// A value standing in for one fact while probing tiers (no profile copy).
    pub probe: Option<(u16, Value)>,
}

impl<'a> Ctx<'a> {
    pub fn new(pack: &'a Pack, profile: &'a Profile, today: i32, measure: Option<&'a Measure>) -> Ctx<'a> {
        Ctx { pack, profile, today, measure, probe: None }
    }

    #[inline]
    fn get(&self, f: u16) -> Option<Value> {
        match self.probe {
            Some((p, v)) if p == f => Some(v),
            _ => self.profile.get(f as usize),
        }
    }
}

/// Snap to 9 decimals so 0.05 × 1200 compares equal to 60.
fn snap(x: f64) -> f64 {
    if x.abs() < 1e9 {
        round_to(x, 1e9)
    } else {
        x
    }
}

/// `(x * scale).round() / scale`, bit for bit, without a libm call (`round`
/// is a function call both natively and in wasm, and this runs per comparison).
#[inline]
pub fn round_to(x: f64, scale: f64) -> f64 {
    round_half_away(x * scale) / scale
}

/// `f64::round`: halves away from zero, the sign kept (−0.3 → −0).
#[inline]
pub fn round_half_away(y: f64) -> f64 {
    // From 2^52 on every f64 is a whole number; NaN and ∞ are returned as is.
    if y.is_nan() || y.abs() >= 4_503_599_627_370_496.0 {
        return y;
    }
    let t = (y as i64) as f64; // toward zero, exact in this range
    let frac = y - t; // exact: the bits of y below the units
    let r = if frac >= 0.5 {
        t + 1.0
    } else if frac <= -0.5 {
        t - 1.0
    } else {
        t
    };
    r.copysign(y)
}

fn mul(a: f64, b: f64) -> f64 {
    // 0 × ∞ arises only from an unbounded unknown times zero: the product is 0.
    if a == 0.0 || b == 0.0 {
        0.0
    } else {
        a * b
    }
}

pub fn compare(op: CmpOp, a: Iv, b: Iv) -> Tri {
    let (a, b) = (Iv { lo: snap(a.lo), hi: snap(a.hi) }, Iv { lo: snap(b.lo), hi: snap(b.hi) });
    let t = |c: bool| if c { Tri::True } else { Tri::False };
    match op {
        CmpOp::Ge if a.lo >= b.hi => Tri::True,
        CmpOp::Ge if a.hi < b.lo => Tri::False,
        CmpOp::Gt if a.lo > b.hi => Tri::True,
        CmpOp::Gt if a.hi <= b.lo => Tri::False,
        CmpOp::Le if a.hi <= b.lo => Tri::True,
        CmpOp::Le if a.lo > b.hi => Tri::False,
        CmpOp::Lt if a.hi < b.lo => Tri::True,
        CmpOp::Lt if a.lo >= b.hi => Tri::False,
        CmpOp::Eq | CmpOp::Ne if a.is_point() && b.is_point() => t((a.lo == b.lo) == (op == CmpOp::Eq)),
        CmpOp::Eq | CmpOp::Ne if a.hi < b.lo || b.hi < a.lo => t(op == CmpOp::Ne),
        _ => Tri::Unknown,
    }
}

/// Every condition holds (Kleene `and`, stopping at the first false one).
pub fn all(v: &[Cond], x: &Ctx) -> Tri {
    let mut out = Tri::True;
    for c in v {
        match cond(c, x) {
            Tri::False => return Tri::False,
            Tri::Unknown => out = Tri::Unknown,
            Tri::True => {}
        }
    }
    out
}

pub fn cond(c: &Cond, x: &Ctx) -> Tri {
    match c {
        Cond::Const(b) => {
            if *b {
                Tri::True
            } else {
                Tri::False
            }
        }
        Cond::Unclear(_) => Tri::Unknown,
        Cond::Fact(f) => match x.get(*f) {
            Some(Value::Bool(true)) => Tri::True,
            Some(Value::Bool(false)) => Tri::False,
            _ => Tri::Unknown,
        },
        Cond::Not(c) => cond(c, x).negate(),
        Cond::All(v) => all(v, x),
        Cond::Any(v) => {
            let mut out = Tri::False;
            for c in v {
                match cond(c, x) {
                    Tri::True => return Tri::True,
                    Tri::Unknown => out = Tri::Unknown,
                    Tri::False => {}
                }
            }
            out
        }
        Cond::Cmp(op, a, b) => compare(*op, num(a, x), num(b, x)),
        Cond::OneOf(f, vals) => match x.get(*f) {
            Some(Value::Enum(v)) => {
                if vals.contains(&v) {
                    Tri::True
                } else {
                    Tri::False
                }
            }
            _ => Tri::Unknown,
        },
        Cond::Has { fact, values, all } => match x.get(*fact) {
            Some(Value::Set(bits)) => {
                let held = |v: &u16| bits & (1u64 << (*v as u32 & 63)) != 0;
                let ok = if *all { values.iter().all(held) } else { values.iter().any(held) };
                if ok {
                    Tri::True
                } else {
                    Tri::False
                }
            }
            _ => Tri::Unknown,
        },
    }
}

pub fn num(n: &Num, x: &Ctx) -> Iv {
    match n {
        Num::Const(v) => Iv::point(*v),
        Num::Fact(f) => {
            let fact = &x.pack.facts[*f as usize];
            match (x.get(*f), &fact.kind) {
                (Some(Value::Num(v)), _) => Iv::point(v),
                (Some(Value::Date(d)), _) => Iv::point(d as f64),
                (None, FactKind::Number { min, max, .. }) => Iv { lo: *min, hi: *max },
                _ => Iv::ALL,
            }
        }
        Num::Derived(d) => num(&x.pack.derived[*d as usize].expr, x),
        Num::Add(a, b) => {
            let (a, b) = (num(a, x), num(b, x));
            Iv { lo: a.lo + b.lo, hi: a.hi + b.hi }.valid()
        }
        Num::Sub(a, b) => {
            let (a, b) = (num(a, x), num(b, x));
            Iv { lo: a.lo - b.hi, hi: a.hi - b.lo }.valid()
        }
        Num::Mul(a, b) => {
            let (a, b) = (num(a, x), num(b, x));
            let p = [mul(a.lo, b.lo), mul(a.lo, b.hi), mul(a.hi, b.lo), mul(a.hi, b.hi)];
            Iv { lo: p.iter().copied().fold(f64::INFINITY, f64::min), hi: p.iter().copied().fold(f64::NEG_INFINITY, f64::max) }.valid()
        }
        Num::Div(a, b) => {
            let (a, b) = (num(a, x), num(b, x));
            if b.lo <= 0.0 && b.hi >= 0.0 {
                // Division by a divisor that may be zero: nothing is known.
                return Iv::ALL;
            }
            let p = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi];
            Iv { lo: p.iter().copied().fold(f64::INFINITY, f64::min), hi: p.iter().copied().fold(f64::NEG_INFINITY, f64::max) }.valid()
        }
        Num::Min(v) => v.iter().map(|n| num(n, x)).reduce(|a, b| Iv { lo: a.lo.min(b.lo), hi: a.hi.min(b.hi) }).unwrap_or(Iv::ALL),
        Num::Max(v) => v.iter().map(|n| num(n, x)).reduce(|a, b| Iv { lo: a.lo.max(b.lo), hi: a.hi.max(b.hi) }).unwrap_or(Iv::ALL),
        Num::UpTo(b) => {
            let b = num(b, x);
            Iv { lo: 0.0_f64.min(b.lo), hi: b.hi }
        }
        Num::Count(f) => match (x.get(*f), &x.pack.facts[*f as usize].kind) {
            (Some(Value::Set(bits)), _) => Iv::point(bits.count_ones() as f64),
            (_, FactKind::Set { values }) => Iv { lo: 0.0, hi: values.len() as f64 },
            _ => Iv::ALL,
        },
        Num::YearsSince(f) => match x.get(*f) {
            Some(Value::Date(d)) => Iv::point(years_between(d, x.today)),
            _ => Iv { lo: 0.0, hi: f64::INFINITY },
        },
        Num::Today => Iv::point(x.today as f64),
        Num::Score(group) => {
            let Some(m) = x.measure else { return Iv::ALL };
            m.score.iter().filter(|s| group.as_ref().is_none_or(|g| &s.group == g)).map(|s| num(&s.points, x)).fold(Iv::point(0.0), |a, b| Iv { lo: a.lo + b.lo, hi: a.hi + b.hi })
        }
        Num::Tiers(tiers) => {
            let mut sure: Option<Iv> = None;
            let mut maybe: Option<Iv> = None;
            for (c, v) in tiers {
                match cond(c, x) {
                    Tri::True => sure = Some(sure.map_or(num(v, x), |s| s.hull(num(v, x)))),
                    Tri::Unknown => maybe = Some(maybe.map_or(num(v, x), |s| s.hull(num(v, x)))),
                    Tri::False => {}
                }
            }
            match (sure, maybe) {
                (Some(s), Some(m)) => s.hull(m),
                (Some(s), None) => s,
                // No tier surely holds: possibly none does, which pays nothing,
                // unless the tiers cover every value the one unknown fact can take.
                (None, Some(m)) if tiers_cover_all(tiers, x) => m,
                (None, Some(m)) => m.hull(Iv::point(0.0)),
                (None, None) => Iv::point(0.0),
            }
        }
        Num::If(c, a, b) => match cond(c, x) {
            Tri::True => num(a, x),
            Tri::False => num(b, x),
            Tri::Unknown => num(a, x).hull(num(b, x)),
        },
    }
}

/// Whether some tier holds for every value of the single unknown number the
/// tiers read ("5000万以上 … 5000万以下" covers all sales). Probes each
/// threshold, either side of it and the ends of the fact's range.
fn tiers_cover_all(tiers: &[(Cond, Num)], x: &Ctx) -> bool {
    let mut unknown = Vec::new();
    for (c, _) in tiers {
        missing_in_cond(c, x, &mut unknown);
    }
    let [f] = unknown[..] else { return false };
    let FactKind::Number { min, max, .. } = x.pack.facts[f as usize].kind else { return false };
    let holds = |p: f64| {
        let px = Ctx { pack: x.pack, profile: x.profile, today: x.today, measure: x.measure, probe: Some((f, Value::Num(p))) };
        tiers.iter().any(|(c, _)| cond(c, &px) == Tri::True)
    };
    let probe = |p: f64| !(p >= min && p <= max) || holds(p);
    let top = if max.is_finite() {
        max
    } else {
        let mut m = min;
        for (c, _) in tiers {
            consts_in_cond(c, &mut |v| {
                m = m.max(v);
                true
            });
        }
        m * 2.0 + 1.0
    };
    probe(min) && probe(top) && tiers.iter().all(|(c, _)| consts_in_cond(c, &mut |v| probe(v - 1e-6) && probe(v) && probe(v + 1e-6)))
}

/// Calls `f` on every constant compared in `c`, stopping when it returns false.
fn consts_in_cond(c: &Cond, f: &mut impl FnMut(f64) -> bool) -> bool {
    match c {
        Cond::Cmp(_, a, b) => [a, b].into_iter().all(|n| if let Num::Const(v) = **n { f(v) } else { true }),
        Cond::Not(c) => consts_in_cond(c, f),
        Cond::All(v) | Cond::Any(v) => v.iter().all(|c| consts_in_cond(c, f)),
        _ => true,
    }
}

/// Years from `from` to `to`: completed years plus the elapsed share of the
/// current one, so "成立不超过5年" (≤ 5) fails the day after the fifth
/// anniversary and "满3年" (≥ 3) holds from the third anniversary on.
pub fn years_between(from: i32, to: i32) -> f64 {
    let y = whole_years(from, to);
    let anniversary = |n: i32| {
        let (fy, fm, fd) = crate::date::civil_from_days(from);
        let yy = fy + n;
        crate::date::days_from_civil(yy, fm, fd.min(crate::date::days_in_month(yy, fm)))
    };
    let (a, b) = (anniversary(y), anniversary(y + 1));
    if b == a {
        return y as f64;
    }
    y as f64 + (to - a) as f64 / (b - a) as f64
}

/// Completed years from `from` to `to` (a birthday rule).
pub fn whole_years(from: i32, to: i32) -> i32 {
    let (fy, fm, fd) = crate::date::civil_from_days(from);
    let (ty, tm, td) = crate::date::civil_from_days(to);
    let mut y = ty - fy;
    if (tm, td) < (fm, fd) {
        y -= 1;
    }
    y
}

/// The unknown facts that could change this condition's value, in fact order.
pub fn missing_in_cond(c: &Cond, x: &Ctx, out: &mut Vec<u16>) {
    if cond(c, x) != Tri::Unknown {
        return;
    }
    match c {
        Cond::Const(_) | Cond::Unclear(_) => {}
        Cond::Fact(f) | Cond::OneOf(f, _) | Cond::Has { fact: f, .. } => push(out, *f),
        Cond::Not(c) => missing_in_cond(c, x, out),
        Cond::All(v) | Cond::Any(v) => v.iter().for_each(|c| missing_in_cond(c, x, out)),
        Cond::Cmp(_, a, b) => {
            missing_in_num(a, x, out);
            missing_in_num(b, x, out);
        }
    }
}

/// Unknown facts an expression reads.
pub fn missing_in_num(n: &Num, x: &Ctx, out: &mut Vec<u16>) {
    match n {
        Num::Fact(f) | Num::Count(f) | Num::YearsSince(f) => {
            if x.get(*f).is_none() {
                push(out, *f)
            }
        }
        Num::Derived(d) => missing_in_num(&x.pack.derived[*d as usize].expr, x, out),
        Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => {
            missing_in_num(a, x, out);
            missing_in_num(b, x, out);
        }
        Num::Min(v) | Num::Max(v) => v.iter().for_each(|n| missing_in_num(n, x, out)),
        Num::UpTo(n) => missing_in_num(n, x, out),
        Num::Score(group) => {
            if let Some(m) = x.measure {
                for s in m.score.iter().filter(|s| group.as_ref().is_none_or(|g| &s.group == g)) {
                    missing_in_num(&s.points, x, out);
                }
            }
        }
        Num::Tiers(t) => {
            for (c, v) in t {
                missing_in_cond(c, x, out);
                if cond(c, x) != Tri::False {
                    missing_in_num(v, x, out);
                }
            }
        }
        Num::If(c, a, b) => {
            missing_in_cond(c, x, out);
            missing_in_num(a, x, out);
            missing_in_num(b, x, out);
        }
        Num::Const(_) | Num::Today => {}
    }
}

fn push(out: &mut Vec<u16>, f: u16) {
    if !out.contains(&f) {
        out.push(f);
    }
}
