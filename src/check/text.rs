//! Conditions and quantities written back in the rule language (fact names,
//! not labels), so a self-check message points at what the encoder wrote.

use crate::date::format_date;
use crate::pack::{Cond, FactKind, Num, Pack};
use crate::profile::show;

pub fn num(n: &Num, p: &Pack) -> String {
    let list = |v: &[Num]| v.iter().map(|n| num(n, p)).collect::<Vec<_>>().join(", ");
    match n {
        Num::Const(v) => show(*v),
        Num::Fact(f) => p.facts[*f as usize].name.clone(),
        Num::Derived(d) => p.derived[*d as usize].name.clone(),
        Num::Add(a, b) => format!("({} + {})", num(a, p), num(b, p)),
        Num::Sub(a, b) => format!("({} - {})", num(a, p), num(b, p)),
        Num::Mul(a, b) => format!("{} * {}", num(a, p), num(b, p)),
        Num::Div(a, b) => format!("{} / {}", num(a, p), num(b, p)),
        Num::Min(v) => format!("min({})", list(v)),
        Num::Max(v) => format!("max({})", list(v)),
        Num::UpTo(b) => format!("up_to({})", num(b, p)),
        Num::Count(f) => format!("count({})", p.facts[*f as usize].name),
        Num::YearsSince(f) => format!("years_since({})", p.facts[*f as usize].name),
        Num::Today => "today".into(),
        Num::Score(None) => "score".into(),
        Num::Score(Some(g)) => format!("score.{g}"),
        Num::Tiers(_) => "tiers(…)".into(),
        Num::If(c, a, b) => format!("if({}, {}, {})", cond(c, p), num(a, p), num(b, p)),
    }
}

/// A constant as the quantity it is compared with reads it (a date fact: a date).
pub fn constant(v: f64, against: &Num, p: &Pack) -> String {
    match against {
        Num::Fact(f) if p.facts[*f as usize].kind == FactKind::Date => format_date(v as i32),
        Num::Today => format_date(v as i32),
        _ => show(v),
    }
}

pub fn cond(c: &Cond, p: &Pack) -> String {
    let join = |v: &[Cond], sep: &str| v.iter().map(|c| cond(c, p)).collect::<Vec<_>>().join(sep);
    let values = |f: u16, vs: &[u16]| -> String {
        let names = match &p.facts[f as usize].kind {
            FactKind::Enum { values } | FactKind::Set { values } => vs.iter().filter_map(|v| values.get(*v as usize)).map(|v| v.id.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        names.join(", ")
    };
    match c {
        Cond::Const(b) => b.to_string(),
        Cond::Unclear(_) => "unclear(…)".into(),
        Cond::Fact(f) => p.facts[*f as usize].name.clone(),
        Cond::Not(c) => format!("not {}", cond(c, p)),
        Cond::All(v) => format!("({})", join(v, " and ")),
        Cond::Any(v) => format!("({})", join(v, " or ")),
        Cond::Cmp(op, a, b) => {
            let side = |x: &Num, other: &Num| if let Num::Const(v) = x { constant(*v, other, p) } else { num(x, p) };
            format!("{} {} {}", side(a, b), op.symbol(), side(b, a))
        }
        Cond::OneOf(f, vs) => format!("{} in [{}]", p.facts[*f as usize].name, values(*f, vs)),
        Cond::Has { fact, values: vs, all } => format!("{} {} [{}]", p.facts[*fact as usize].name, if *all { "has_all" } else { "has_any" }, values(*fact, vs)),
    }
}
