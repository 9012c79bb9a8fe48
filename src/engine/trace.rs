//! Traces: each condition in words, with its value, the facts it read and,
//! for a failed comparison, the gap ("上年度研发费用 40 万元，需 ≥ 50 万元，差 10 万元").

use super::eval::{self, Ctx, Iv, Tri};
use crate::date::format_date;
use crate::pack::{CmpOp, Cond, FactKind, Measure, Num, Unit};
use crate::profile::{show, Value};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceNode {
    /// The condition in words, Chinese and English.
    pub zh: String,
    pub en: String,
    /// The rule text it came from, for top-level conditions.
    pub rule: Option<String>,
    /// "true", "false" or "unknown".
    pub value: &'static str,
    pub facts: Vec<String>,
    /// For a comparison that failed on known numbers: how far off.
    pub gap: Option<Gap>,
    pub children: Vec<TraceNode>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub zh: String,
    pub en: String,
    pub actual: f64,
    pub required: f64,
    pub op: &'static str,
    pub unit: &'static str,
    /// |required − actual|
    pub difference: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreOut {
    pub min: f64,
    pub max: f64,
    pub items: Vec<ScoreItemOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreItemOut {
    pub label: String,
    pub group: String,
    pub min: f64,
    pub max: f64,
    pub missing: Vec<String>,
}

pub fn score_out(m: &Measure, x: &Ctx) -> Option<ScoreOut> {
    if m.score.is_empty() {
        return None;
    }
    let items: Vec<ScoreItemOut> = m
        .score
        .iter()
        .map(|s| {
            let v = eval::num(&s.points, x);
            let mut miss = Vec::new();
            eval::missing_in_num(&s.points, x, &mut miss);
            ScoreItemOut { label: s.label.clone(), group: s.group.clone(), min: v.lo, max: v.hi, missing: miss.into_iter().map(|f| x.pack.facts[f as usize].name.clone()).collect() }
        })
        .collect();
    Some(ScoreOut { min: items.iter().map(|i| i.min).sum(), max: items.iter().map(|i| i.max).sum(), items })
}

pub fn blocked_node(r: &Measure, applies: Tri, x: &Ctx) -> TraceNode {
    let children = r.conditions_as_written().map(|(c, t)| trace_cond(c, t, x)).collect();
    TraceNode {
        zh: format!("不受限制：{}（{}）", r.title_zh, r.clause),
        en: format!("not barred by: {}", r.title_en),
        rule: None,
        value: applies.negate().id(),
        facts: Vec::new(),
        gap: None,
        children,
    }
}

pub fn trace_cond(c: &Cond, rule: Option<&String>, x: &Ctx) -> TraceNode {
    let value = eval::cond(c, x);
    let mut facts = Vec::new();
    facts_of_cond(c, &mut facts);
    let facts = facts.into_iter().map(|f| x.pack.facts[f as usize].name.clone()).collect();
    let children = match c {
        Cond::All(v) | Cond::Any(v) => v.iter().map(|c| trace_cond(c, None, x)).collect(),
        Cond::Not(inner) if matches!(**inner, Cond::All(_) | Cond::Any(_)) => vec![trace_cond(inner, None, x)],
        _ => Vec::new(),
    };
    let gap = match c {
        Cond::Cmp(op, a, b) if value == Tri::False => gap(*op, a, b, x),
        _ => None,
    };
    TraceNode { zh: describe(c, x, Lang::Zh), en: describe(c, x, Lang::En), rule: rule.cloned(), value: value.id(), facts, gap, children }
}

fn gap(op: CmpOp, a: &Num, b: &Num, x: &Ctx) -> Option<Gap> {
    let (va, vb) = (eval::num(a, x), eval::num(b, x));
    if !va.is_point() || !vb.is_point() || matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return None;
    }
    let unit = unit_of(a, x).or_else(|| unit_of(b, x)).unwrap_or(Unit::Plain);
    if unit == Unit::Date {
        return Some(Gap {
            zh: format!("{} 为 {}，需 {} {}", name(a, x, Lang::Zh), format_date(va.lo as i32), op.symbol(), format_date(vb.lo as i32)),
            en: format!("{} is {}, needs {} {}", name(a, x, Lang::En), format_date(va.lo as i32), op.symbol(), format_date(vb.lo as i32)),
            actual: va.lo,
            required: vb.lo,
            op: op.symbol(),
            unit: "",
            difference: (vb.lo - va.lo).abs(),
        });
    }
    let diff = (vb.lo - va.lo).abs();
    let (uz, ue) = if unit == Unit::Percent { ("个百分点", "percentage points") } else { (unit.zh(), unit.en()) };
    Some(Gap {
        zh: format!("{} {}{}，需 {} {}{}，差 {} {}", name(a, x, Lang::Zh), show(va.lo), unit.zh(), op.symbol(), show(vb.lo), unit.zh(), show(diff), uz),
        en: format!("{} {} {}, needs {} {} {}, short by {} {}", name(a, x, Lang::En), show(va.lo), unit.en(), op.symbol(), show(vb.lo), unit.en(), show(diff), ue),
        actual: va.lo,
        required: vb.lo,
        op: op.symbol(),
        unit: unit.zh(),
        difference: diff,
    })
}

#[derive(Clone, Copy, PartialEq)]
pub enum Lang {
    Zh,
    En,
}

fn unit_of(n: &Num, x: &Ctx) -> Option<Unit> {
    match n {
        Num::Fact(f) => match &x.pack.facts[*f as usize].kind {
            FactKind::Number { unit, .. } => Some(*unit),
            FactKind::Date => Some(Unit::Date),
            _ => None,
        },
        Num::Derived(d) => Some(x.pack.derived[*d as usize].unit),
        Num::Today => Some(Unit::Date),
        Num::Score(_) => Some(Unit::Points),
        Num::YearsSince(_) => Some(Unit::Years),
        Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) => unit_of(a, x).or_else(|| unit_of(b, x)),
        _ => None,
    }
}

/// A numeric expression in words.
fn name(n: &Num, x: &Ctx, l: Lang) -> String {
    let pick = |zh: &str, en: &str| if l == Lang::Zh { zh.to_owned() } else { en.to_owned() };
    match n {
        Num::Const(v) => show(*v),
        Num::Fact(f) => {
            let f = &x.pack.facts[*f as usize];
            pick(&f.zh, &f.en)
        }
        Num::Derived(d) => {
            let d = &x.pack.derived[*d as usize];
            pick(&d.zh, &d.en)
        }
        Num::Add(a, b) => format!("{} + {}", name(a, x, l), name(b, x, l)),
        Num::Sub(a, b) => format!("{} − {}", name(a, x, l), name(b, x, l)),
        Num::Mul(a, b) => format!("{} × {}", name(a, x, l), name(b, x, l)),
        Num::Div(a, b) => format!("{} ÷ {}", name(a, x, l), name(b, x, l)),
        Num::Min(v) => format!("min({})", v.iter().map(|n| name(n, x, l)).collect::<Vec<_>>().join(", ")),
        Num::Max(v) => format!("max({})", v.iter().map(|n| name(n, x, l)).collect::<Vec<_>>().join(", ")),
        Num::UpTo(b) => format!("{}{}", pick("最高", "up to "), name(b, x, l)),
        Num::Count(f) => {
            let f = &x.pack.facts[*f as usize];
            format!("{}{}", pick(&f.zh, &f.en), pick("（项数）", " (count)"))
        }
        Num::YearsSince(f) => {
            let f = &x.pack.facts[*f as usize];
            format!("{}{}", pick(&f.zh, &f.en), pick("距评估日年数", ", years to the assessment date"))
        }
        Num::Today => pick("评估日", "assessment date"),
        Num::Score(None) => pick("评价得分", "score"),
        Num::Score(Some(g)) => format!("{}{g}", pick("得分：", "score: ")),
        Num::Tiers(_) => pick("分档金额", "tiered value"),
        Num::If(..) => pick("条件取值", "conditional value"),
    }
}

fn value_words(n: &Num, x: &Ctx) -> Option<String> {
    if matches!(n, Num::Const(_) | Num::Today) {
        return None;
    }
    let v = eval::num(n, x);
    let unit = unit_of(n, x).unwrap_or(Unit::Plain);
    if unit == Unit::Date {
        return v.is_point().then(|| format_date(v.lo as i32));
    }
    v.is_point().then(|| format!("{}{}", show(v.lo), unit.zh()))
}

fn literal(n: &Num, other: &Num, x: &Ctx) -> String {
    match (n, unit_of(other, x)) {
        (Num::Const(v), Some(Unit::Date)) => format_date(*v as i32),
        (Num::Const(v), Some(u)) => format!("{}{}", show(*v), u.zh()),
        _ => String::new(),
    }
}

pub fn describe(c: &Cond, x: &Ctx, l: Lang) -> String {
    let zh = l == Lang::Zh;
    match c {
        Cond::Const(b) => (if *b { "是" } else { "否" }).into(),
        Cond::Unclear(why) => {
            if zh {
                format!("原文不明确，需主管部门认定{}", if why.is_empty() { String::new() } else { format!("：{why}") })
            } else {
                format!("the text is unclear; the department decides{}", if why.is_empty() { String::new() } else { format!(": {why}") })
            }
        }
        Cond::Fact(f) => {
            let fact = &x.pack.facts[*f as usize];
            let ans = match x.profile.get(*f as usize) {
                Some(Value::Bool(true)) => if zh { "（是）" } else { " (yes)" },
                Some(Value::Bool(false)) => if zh { "（否）" } else { " (no)" },
                _ => if zh { "（未回答）" } else { " (not answered)" },
            };
            format!("{}{ans}", if zh { &fact.zh } else { &fact.en })
        }
        Cond::Not(inner) => {
            if zh {
                format!("并非：{}", describe(inner, x, l))
            } else {
                format!("not: {}", describe(inner, x, l))
            }
        }
        Cond::All(_) => (if zh { "以下条件全部满足" } else { "all of the following" }).into(),
        Cond::Any(_) => (if zh { "以下条件满足其一" } else { "any of the following" }).into(),
        Cond::Cmp(op, a, b) => {
            let lhs = match value_words(a, x) {
                Some(v) => format!("{}（{v}）", name(a, x, l)),
                None => name(a, x, l),
            };
            let rhs_lit = literal(b, a, x);
            let rhs = if rhs_lit.is_empty() {
                match value_words(b, x) {
                    Some(v) => format!("{}（{v}）", name(b, x, l)),
                    None => name(b, x, l),
                }
            } else {
                rhs_lit
            };
            format!("{lhs} {} {rhs}", op.symbol())
        }
        Cond::OneOf(f, vals) => {
            let fact = &x.pack.facts[*f as usize];
            let FactKind::Enum { values } = &fact.kind else { return fact.zh.clone() };
            let names: Vec<&str> = vals.iter().map(|v| if zh { values[*v as usize].zh.as_str() } else { values[*v as usize].en.as_str() }).collect();
            let now = match x.profile.get(*f as usize) {
                Some(Value::Enum(v)) => if zh { format!("（现为{}）", values[v as usize].zh) } else { format!(" (now {})", values[v as usize].en) },
                _ => String::new(),
            };
            if zh {
                format!("{}为{}{now}", fact.zh, names.join("或"))
            } else {
                format!("{} is {}{now}", fact.en, names.join(" or "))
            }
        }
        Cond::Has { fact, values: vals, all } => {
            let f = &x.pack.facts[*fact as usize];
            let FactKind::Set { values } = &f.kind else { return f.zh.clone() };
            let names: Vec<&str> = vals.iter().map(|v| if zh { values[*v as usize].zh.as_str() } else { values[*v as usize].en.as_str() }).collect();
            if zh {
                format!("{}包含{}", f.zh, names.join(if *all { "和" } else { "或" }))
            } else {
                format!("{} include{} {}", f.en, if *all { "s all of" } else { "s" }, names.join(if *all { ", " } else { " or " }))
            }
        }
    }
}

/// Facts a condition reads.
pub fn facts_of_cond(c: &Cond, out: &mut Vec<u16>) {
    match c {
        Cond::Fact(f) | Cond::OneOf(f, _) | Cond::Has { fact: f, .. } => push(out, *f),
        Cond::Not(c) => facts_of_cond(c, out),
        Cond::All(v) | Cond::Any(v) => v.iter().for_each(|c| facts_of_cond(c, out)),
        Cond::Cmp(_, a, b) => {
            facts_of_num(a, out);
            facts_of_num(b, out);
        }
        Cond::Const(_) | Cond::Unclear(_) => {}
    }
}

/// Facts an expression reads (derived quantities are followed when the pack is at hand elsewhere).
pub fn facts_of_num(n: &Num, out: &mut Vec<u16>) {
    match n {
        Num::Fact(f) | Num::Count(f) | Num::YearsSince(f) => push(out, *f),
        Num::Add(a, b) | Num::Sub(a, b) | Num::Mul(a, b) | Num::Div(a, b) => {
            facts_of_num(a, out);
            facts_of_num(b, out);
        }
        Num::Min(v) | Num::Max(v) => v.iter().for_each(|n| facts_of_num(n, out)),
        Num::UpTo(n) => facts_of_num(n, out),
        Num::Tiers(t) => {
            for (c, v) in t {
                facts_of_cond(c, out);
                facts_of_num(v, out);
            }
        }
        Num::If(c, a, b) => {
            facts_of_cond(c, out);
            facts_of_num(a, out);
            facts_of_num(b, out);
        }
        Num::Const(_) | Num::Today | Num::Score(_) | Num::Derived(_) => {}
    }
}

fn push(out: &mut Vec<u16>, f: u16) {
    if !out.contains(&f) {
        out.push(f);
    }
}

pub fn iv_words(v: Iv, unit: &str) -> String {
    if v.is_point() {
        format!("{} {unit}", show(v.lo))
    } else {
        format!("{}–{} {unit}", show(v.lo), show(v.hi))
    }
}
