//! Conditions that can never be true, or never be false, whatever a firm
//! answers. Decided with the engine's own Kleene/interval evaluation: every
//! quantity compared with constants (and every yes/no, enum or set fact) is
//! an atom; atoms are probed at each constant they meet, just either side of
//! it and at the ends of their range, everything else stays unknown. Between
//! two probes an atom's comparisons cannot change, and unknown parts are
//! judged soundly by the engine, so a condition false at every probe can
//! never be true (`x ≥ 10 and x < 5`), one true at every probe never false
//! (`x ≥ 10 or x < 10`). When there are too many combinations each atom is
//! probed alone, which still finds every contradiction on one quantity.

use super::{text, Finding, Severity};
use crate::compile::MeasureLines;
use crate::engine::eval::{self, Ctx, Iv, Tri};
use crate::pack::{Cond, FactKind, Measure, Num, Pack};
use crate::profile::Profile;

/// Joint probing stops here; beyond it each atom is probed alone.
const MAX_COMBINATIONS: usize = 4096;
/// Sets with more mentioned values than this are left unknown.
const MAX_SET_VALUES: usize = 8;

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    /// A quantity compared only with constants, with those constants.
    Num(Num),
    Bool(u16),
    Enum(u16),
    /// Membership of these values of a set fact.
    Set(u16, Vec<u16>),
}

#[derive(Debug, Clone, Copy)]
enum Probe {
    Num(f64),
    Bool(bool),
    Enum(u16),
    Bits(u64),
}

/// Whether a condition can never be true, and whether it can never be false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Constancy {
    pub never_true: bool,
    pub never_false: bool,
}

/// Findings for every measure: a condition (or all of them together) that
/// can never be true is an error (the measure could never be granted); one
/// that can never be false, a part of a condition that is constant, and an
/// amount tier that can never apply are warnings.
pub fn constant_conditions(pack: &Pack, lines: &[MeasureLines]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, m) in pack.measures.iter().enumerate() {
        let ml = lines.get(i).cloned().unwrap_or_default();
        let find = |severity, line: u32, message: String| Finding { severity, file: ml.file.clone(), line, measure: m.id.clone(), message };
        let mut any_never_true = false;
        for (k, c) in m.conditions.iter().enumerate() {
            let line = ml.conditions.get(k).copied().unwrap_or(ml.measure);
            let written = m.condition_texts.get(k).cloned().unwrap_or_else(|| text::cond(c, pack));
            let v = constancy(pack, m, c);
            if v.never_true {
                any_never_true = true;
                out.push(find(Severity::Error, line, format!("condition `{written}` can never be true: the measure could never be granted")));
            } else if v.never_false {
                out.push(find(Severity::Warning, line, format!("condition `{written}` can never be false: it decides nothing")));
            } else {
                for (part, v) in constant_parts(pack, m, c) {
                    let what = if v.never_true { "can never be true" } else { "can never be false" };
                    out.push(find(Severity::Warning, line, format!("in condition `{written}`, the part `{}` {what}", text::cond(&part, pack))));
                }
            }
        }
        if !any_never_true && m.conditions.len() > 1 && constancy(pack, m, &Cond::All(m.conditions.clone())).never_true {
            out.push(find(Severity::Error, ml.conditions.first().copied().unwrap_or(ml.measure), "the conditions contradict each other: together they can never be true".into()));
        }
        if let Some(Num::Tiers(tiers)) = m.amount.as_ref().map(|a| &a.value) {
            for (c, _) in tiers {
                if constancy(pack, m, c).never_true {
                    out.push(find(Severity::Warning, ml.amount, format!("amount tier `{}` can never apply", text::cond(c, pack))));
                }
            }
        }
    }
    out
}

/// Nested `all`/`any` parts and comparisons that are constant on their own
/// (outermost only: inside a reported part nothing more is reported).
fn constant_parts(pack: &Pack, m: &Measure, c: &Cond) -> Vec<(Cond, Constancy)> {
    let mut out = Vec::new();
    let children: &[Cond] = match c {
        Cond::All(v) | Cond::Any(v) => v,
        Cond::Not(inner) => std::slice::from_ref(inner.as_ref()),
        _ => &[],
    };
    for child in children {
        let v = constancy(pack, m, child);
        if (v.never_true || v.never_false) && !matches!(child, Cond::Const(_)) {
            out.push((child.clone(), v));
        } else {
            out.extend(constant_parts(pack, m, child));
        }
    }
    out
}

/// Probe a condition: is it false for every answer, or true for every answer?
pub fn constancy(pack: &Pack, m: &Measure, c: &Cond) -> Constancy {
    let atoms = clean_atoms(pack, c);
    // `today` compared other than with a constant depends on the assessment date: not judged.
    if reads_today(c) && !atoms.iter().any(|(a, _)| *a == Atom::Num(Num::Today)) {
        return Constancy::default();
    }
    let empty = Profile::empty(pack);
    let today = crate::date::parse_date(crate::compile::DEFAULT_CASE_DATE).unwrap_or(0);
    let x = Ctx { pack, profile: &empty, today, measure: Some(m), probe: None };
    let eval = |vals: &[Option<Probe>]| eval::cond(&subst(c, &atoms, vals), &x);
    let combos = atoms.iter().try_fold(1usize, |n, (_, p)| n.checked_mul(p.len().max(1))).unwrap_or(usize::MAX);
    let mut seen = Vec::new();
    if combos <= MAX_COMBINATIONS {
        let mut ix = vec![0usize; atoms.len()];
        loop {
            let vals: Vec<Option<Probe>> = atoms.iter().zip(&ix).map(|((_, p), &k)| p.get(k).copied()).collect();
            seen.push(eval(&vals));
            // Next combination (odometer).
            let mut d = 0;
            while d < ix.len() {
                ix[d] += 1;
                if ix[d] < atoms[d].1.len() {
                    break;
                }
                ix[d] = 0;
                d += 1;
            }
            if d == ix.len() {
                break;
            }
        }
        return Constancy { never_true: seen.iter().all(|t| *t == Tri::False), never_false: seen.iter().all(|t| *t == Tri::True) };
    }
    // Each atom alone, the others unknown: constant for one atom's every value is constant.
    let mut v = Constancy::default();
    for (k, (_, probes)) in atoms.iter().enumerate() {
        let results: Vec<Tri> = probes
            .iter()
            .map(|p| {
                let mut vals = vec![None; atoms.len()];
                vals[k] = Some(*p);
                eval(&vals)
            })
            .collect();
        v.never_true |= results.iter().all(|t| *t == Tri::False);
        v.never_false |= results.iter().all(|t| *t == Tri::True);
    }
    v
}

fn reads_today(c: &Cond) -> bool {
    fn n(x: &Num) -> bool {
        match x {
            Num::Today => true,
            Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => n(a) || n(b),
            Num::Min(v) | Num::Max(v) => v.iter().any(n),
            Num::UpTo(a) => n(a),
            Num::Tiers(t) => t.iter().any(|(c, v)| reads_today(c) || n(v)),
            Num::If(c, a, b) => reads_today(c) || n(a) || n(b),
            _ => false,
        }
    }
    match c {
        Cond::Cmp(_, a, b) => n(a) || n(b),
        Cond::Not(c) => reads_today(c),
        Cond::All(v) | Cond::Any(v) => v.iter().any(reads_today),
        _ => false,
    }
}

/// The atoms of a condition with their probe values. A quantity counts as an
/// atom only if every place it occurs compares it with a constant.
fn clean_atoms(pack: &Pack, c: &Cond) -> Vec<(Atom, Vec<Probe>)> {
    let mut found: Vec<Atom> = Vec::new();
    collect(c, &mut found);
    let empty = Profile::empty(pack);
    let x = Ctx { pack, profile: &empty, today: 0, measure: None, probe: None };
    let mut out = Vec::new();
    for a in found {
        let probes = match &a {
            Atom::Num(k) => {
                let (total, consts) = occurrences(c, k);
                if total != consts.len() {
                    continue;
                }
                // Score needs its measure; its range is then unknown: probe only around the constants.
                let range = match k {
                    Num::Today | Num::Score(_) => Iv::ALL,
                    _ => eval::num(k, &x),
                };
                let integer = match k {
                    Num::Fact(f) => matches!(pack.facts[*f as usize].kind, FactKind::Number { integer: true, .. } | FactKind::Date),
                    Num::Count(_) | Num::Today => true,
                    _ => false,
                };
                num_probes(range, &consts, integer).into_iter().map(Probe::Num).collect()
            }
            Atom::Bool(_) => vec![Probe::Bool(false), Probe::Bool(true)],
            Atom::Enum(f) => match &pack.facts[*f as usize].kind {
                FactKind::Enum { values } => (0..values.len() as u16).map(Probe::Enum).collect(),
                _ => continue,
            },
            Atom::Set(_, vs) if vs.len() <= MAX_SET_VALUES => (0u64..1 << vs.len())
                .map(|mask| Probe::Bits(vs.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).fold(0u64, |b, (_, v)| b | 1u64 << (*v as u32 & 63))))
                .collect(),
            Atom::Set(..) => continue,
        };
        out.push((a, probes));
    }
    out
}

fn collect(c: &Cond, out: &mut Vec<Atom>) {
    let mut add = |a: Atom| {
        if !out.contains(&a) {
            out.push(a)
        }
    };
    match c {
        Cond::Cmp(_, a, b) => match (a.as_ref(), b.as_ref()) {
            (Num::Const(_), Num::Const(_)) => {}
            (Num::Const(_), k) | (k, Num::Const(_)) => add(Atom::Num(k.clone())),
            _ => {}
        },
        Cond::Fact(f) => add(Atom::Bool(*f)),
        Cond::OneOf(f, _) => add(Atom::Enum(*f)),
        Cond::Has { fact, values, .. } => {
            // One atom per set fact, over every value any `has` mentions.
            if let Some(Atom::Set(_, vs)) = out.iter_mut().find(|a| matches!(a, Atom::Set(f, _) if f == fact)) {
                for v in values {
                    if !vs.contains(v) {
                        vs.push(*v);
                    }
                }
            } else {
                out.push(Atom::Set(*fact, values.clone()));
            }
        }
        Cond::Not(c) => collect(c, out),
        Cond::All(v) | Cond::Any(v) => v.iter().for_each(|c| collect(c, out)),
        Cond::Const(_) | Cond::Unclear(_) => {}
    }
}

/// How often `k` occurs in `c` anywhere, and the constants it is directly compared with.
fn occurrences(c: &Cond, k: &Num) -> (usize, Vec<f64>) {
    fn in_num(n: &Num, k: &Num) -> usize {
        if n == k {
            return 1;
        }
        match n {
            Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => in_num(a, k) + in_num(b, k),
            Num::Min(v) | Num::Max(v) => v.iter().map(|n| in_num(n, k)).sum(),
            Num::UpTo(a) => in_num(a, k),
            Num::Tiers(t) => t.iter().map(|(c, v)| occurrences(c, k).0 + in_num(v, k)).sum(),
            Num::If(c, a, b) => occurrences(c, k).0 + in_num(a, k) + in_num(b, k),
            _ => 0,
        }
    }
    match c {
        Cond::Cmp(_, a, b) => {
            let mut consts = Vec::new();
            match (a.as_ref(), b.as_ref()) {
                (Num::Const(v), n) | (n, Num::Const(v)) if n == k => consts.push(*v),
                _ => {}
            }
            (in_num(a, k) + in_num(b, k), consts)
        }
        Cond::Not(c) => occurrences(c, k),
        Cond::All(v) | Cond::Any(v) => v.iter().map(|c| occurrences(c, k)).fold((0, Vec::new()), |(n, mut cs), (m, more)| {
            cs.extend(more);
            (n + m, cs)
        }),
        _ => (0, Vec::new()),
    }
}

/// Each constant, just either side of it, and the ends of the range (or
/// points beyond every constant when a side is unbounded).
fn num_probes(range: Iv, consts: &[f64], integer: bool) -> Vec<f64> {
    let mut ps = Vec::new();
    for &c in consts {
        if integer {
            ps.extend([c.floor() - 1.0, c.floor(), c.ceil(), c.ceil() + 1.0]);
        } else {
            let d = 1e-6_f64.max(c.abs() * 1e-10);
            ps.extend([c - d, c, c + d]);
        }
    }
    let lowest = consts.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = consts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    ps.push(if range.lo.is_finite() { range.lo } else { lowest - lowest.abs() - 1.0 });
    ps.push(if range.hi.is_finite() { range.hi } else { highest + highest.abs() + 1.0 });
    ps.retain(|p| p.is_finite() && *p >= range.lo && *p <= range.hi && (!integer || p.fract() == 0.0 || range.lo == *p || range.hi == *p));
    ps.sort_by(f64::total_cmp);
    ps.dedup();
    ps
}

/// The condition with every atom that has a probe value replaced by it.
fn subst(c: &Cond, atoms: &[(Atom, Vec<Probe>)], vals: &[Option<Probe>]) -> Cond {
    let value = |want: &dyn Fn(&Atom) -> bool| atoms.iter().zip(vals).find(|((a, _), _)| want(a)).and_then(|(_, v)| *v);
    let side = |n: &Num| match value(&|a| matches!(a, Atom::Num(k) if k == n)) {
        Some(Probe::Num(v)) => Num::Const(v),
        _ => n.clone(),
    };
    match c {
        Cond::Cmp(op, a, b) => Cond::Cmp(*op, Box::new(side(a)), Box::new(side(b))),
        Cond::Fact(f) => match value(&|a| *a == Atom::Bool(*f)) {
            Some(Probe::Bool(b)) => Cond::Const(b),
            _ => c.clone(),
        },
        Cond::OneOf(f, vs) => match value(&|a| *a == Atom::Enum(*f)) {
            Some(Probe::Enum(e)) => Cond::Const(vs.contains(&e)),
            _ => c.clone(),
        },
        Cond::Has { fact, values, all } => match value(&|a| matches!(a, Atom::Set(f, _) if f == fact)) {
            Some(Probe::Bits(bits)) => {
                let held = |v: &u16| bits & (1u64 << (*v as u32 & 63)) != 0;
                Cond::Const(if *all { values.iter().all(held) } else { values.iter().any(held) })
            }
            _ => c.clone(),
        },
        Cond::Not(inner) => Cond::Not(Box::new(subst(inner, atoms, vals))),
        Cond::All(v) => Cond::All(v.iter().map(|c| subst(c, atoms, vals)).collect()),
        Cond::Any(v) => Cond::Any(v.iter().map(|c| subst(c, atoms, vals)).collect()),
        Cond::Const(_) | Cond::Unclear(_) => c.clone(),
    }
}
