//! Name resolution and type checking: turns parsed expressions into the
//! pack's `Cond` and `Num`, refusing unknown facts, unknown enum values and
//! comparisons between different units.

use super::expr::{Ast, BinOp};
use crate::pack::{CmpOp, Cond, Derived, Fact, FactKind, Num, Unit};

pub struct Scope<'a> {
    pub facts: &'a [Fact],
    pub derived: &'a [Derived],
    /// Score groups of the measure being compiled; `None` outside a scored measure.
    pub score_groups: Option<&'a [String]>,
}

/// The unit of a numeric expression, where one is known.
type U = Option<Unit>;

impl Scope<'_> {
    fn fact(&self, name: &str) -> Option<(u16, &Fact)> {
        self.facts.iter().enumerate().find(|(_, f)| f.name == name).map(|(i, f)| (i as u16, f))
    }

    fn unknown_name(&self, name: &str) -> String {
        let near = self
            .facts
            .iter()
            .map(|f| f.name.as_str())
            .chain(self.derived.iter().map(|d| d.name.as_str()))
            .filter(|n| similar(n, name))
            .take(3)
            .collect::<Vec<_>>();
        if near.is_empty() {
            format!("unknown fact `{name}` (add it to rules/facts.toml)")
        } else {
            format!("unknown fact `{name}`; did you mean {}?", near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        }
    }

    pub fn cond(&self, ast: &Ast) -> Result<Cond, String> {
        Ok(match ast {
            Ast::Ident(name) => match name.as_str() {
                "true" => Cond::Const(true),
                "false" => Cond::Const(false),
                "unclear" => Cond::Unclear(String::new()),
                _ => match self.fact(name) {
                    Some((ix, f)) if f.kind == FactKind::Bool => Cond::Fact(ix),
                    Some((_, f)) => return Err(format!("`{name}` is {}, not a yes/no fact: compare it", kind_words(&f.kind))),
                    None => return Err(self.unknown_name(name)),
                },
            },
            Ast::Call(name, args) if name == "unclear" => match args.as_slice() {
                [Ast::Str(why)] => Cond::Unclear(why.clone()),
                [] => Cond::Unclear(String::new()),
                _ => return Err("unclear takes one quoted reason: unclear(\"…\")".into()),
            },
            Ast::Not(a) => Cond::Not(Box::new(self.cond(a)?)),
            Ast::And(v) => Cond::All(v.iter().map(|a| self.cond(a)).collect::<Result<_, _>>()?),
            Ast::Or(v) => Cond::Any(v.iter().map(|a| self.cond(a)).collect::<Result<_, _>>()?),
            Ast::In(lhs, list) => {
                let (ix, values) = self.enum_fact(lhs, false)?;
                Cond::OneOf(ix, list.iter().map(|v| self.value_of(ix, values, v)).collect::<Result<_, _>>()?)
            }
            Ast::Has(lhs, list, all) => {
                let (ix, values) = self.enum_fact(lhs, true)?;
                Cond::Has { fact: ix, values: list.iter().map(|v| self.value_of(ix, values, v)).collect::<Result<_, _>>()?, all: *all }
            }
            Ast::Bin(op @ (BinOp::Eq | BinOp::Ne), lhs, rhs) if self.is_enum(lhs) => {
                let (ix, values) = self.enum_fact(lhs, false)?;
                let c = Cond::OneOf(ix, vec![self.value_of(ix, values, rhs)?]);
                if *op == BinOp::Ne {
                    Cond::Not(Box::new(c))
                } else {
                    c
                }
            }
            Ast::Bin(op, lhs, rhs) => {
                let op = match op {
                    BinOp::Ge => CmpOp::Ge,
                    BinOp::Gt => CmpOp::Gt,
                    BinOp::Le => CmpOp::Le,
                    BinOp::Lt => CmpOp::Lt,
                    BinOp::Eq => CmpOp::Eq,
                    BinOp::Ne => CmpOp::Ne,
                    _ => return Err("arithmetic where a condition is expected: compare it with something".into()),
                };
                let (l, lu) = self.num_cmp(lhs)?;
                let (r, ru) = self.num_cmp(rhs)?;
                let (l, r) = match (lu, ru, lhs.as_ref(), rhs.as_ref()) {
                    (Some(a), Some(b), _, _) if a != b && a != Unit::Plain && b != Unit::Plain => {
                        return Err(format!("compares {} with {}", unit_words(a), unit_words(b)))
                    }
                    _ => (l, r),
                };
                Cond::Cmp(op, Box::new(l), Box::new(r))
            }
            Ast::Call(name, _) => return Err(format!("`{name}(…)` is a number, not a condition: compare it")),
            Ast::Num { .. } | Ast::Date(_) | Ast::Neg(_) => return Err("a number where a condition is expected".into()),
            Ast::Str(s) => return Err(format!("text \"{s}\" where a condition is expected")),
        })
    }

    fn is_enum(&self, ast: &Ast) -> bool {
        matches!(ast, Ast::Ident(n) if matches!(self.fact(n), Some((_, f)) if matches!(f.kind, FactKind::Enum { .. })))
    }

    fn enum_fact(&self, ast: &Ast, set: bool) -> Result<(u16, &[crate::pack::EnumValue]), String> {
        let Ast::Ident(name) = ast else {
            return Err(if set { "`has` needs a multi-value fact on its left" } else { "`in` needs a choice fact on its left" }.into());
        };
        match self.fact(name) {
            Some((ix, Fact { kind: FactKind::Enum { values }, .. })) if !set => Ok((ix, values)),
            Some((ix, Fact { kind: FactKind::Set { values }, .. })) if set => Ok((ix, values)),
            Some((_, f)) => Err(format!(
                "`{name}` is {}; {}",
                kind_words(&f.kind),
                if set { "`has` applies to multi-value facts" } else { "`in` and `==` with a value apply to choice facts" }
            )),
            None => Err(self.unknown_name(name)),
        }
    }

    fn value_of(&self, ix: u16, values: &[crate::pack::EnumValue], ast: &Ast) -> Result<u16, String> {
        let id = match ast {
            Ast::Ident(s) | Ast::Str(s) => s,
            _ => return Err("expected a value name".into()),
        };
        values.iter().position(|v| &v.id == id).map(|p| p as u16).ok_or_else(|| {
            format!(
                "`{id}` is not a value of `{}` (values: {})",
                self.facts[ix as usize].name,
                values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", ")
            )
        })
    }

    /// A comparison operand: percent literals stay percent numbers (5% → 5).
    fn num_cmp(&self, ast: &Ast) -> Result<(Num, U), String> {
        match ast {
            Ast::Num { value, percent: true } => Ok((Num::Const(*value), Some(Unit::Percent))),
            _ => self.num(ast),
        }
    }

    pub fn num(&self, ast: &Ast) -> Result<(Num, U), String> {
        Ok(match ast {
            Ast::Num { value, percent } => {
                if *percent {
                    // In arithmetic "5%" is a share: 5% × 1200 = 60.
                    (Num::Const(value / 100.0), None)
                } else {
                    (Num::Const(*value), None)
                }
            }
            Ast::Date(d) => (Num::Const(*d as f64), Some(Unit::Date)),
            Ast::Ident(name) if name == "today" => (Num::Today, Some(Unit::Date)),
            Ast::Ident(name) if name == "score" || name.starts_with("score.") => {
                let Some(groups) = self.score_groups else {
                    return Err("`score` is only defined in a measure that has score items".into());
                };
                let group = name.strip_prefix("score.").map(str::to_owned);
                if let Some(g) = &group {
                    if !groups.contains(g) {
                        return Err(format!("no score group `{g}` (groups: {})", groups.join(", ")));
                    }
                }
                (Num::Score(group), Some(Unit::Points))
            }
            Ast::Ident(name) => {
                if let Some((ix, f)) = self.fact(name) {
                    match &f.kind {
                        FactKind::Number { unit, .. } => (Num::Fact(ix), Some(*unit)),
                        FactKind::Date => (Num::Fact(ix), Some(Unit::Date)),
                        other => return Err(format!("`{name}` is {}, not a number", kind_words(other))),
                    }
                } else if let Some(p) = self.derived.iter().position(|d| &d.name == name) {
                    (Num::Derived(p as u16), Some(self.derived[p].unit))
                } else {
                    return Err(self.unknown_name(name));
                }
            }
            Ast::Neg(a) => {
                let (n, u) = self.num(a)?;
                (Num::Sub(Box::new(Num::Const(0.0)), Box::new(n)), u)
            }
            Ast::Bin(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div), a, b) => {
                let (x, xu) = self.num(a)?;
                let (y, yu) = self.num(b)?;
                let (x, y) = (Box::new(x), Box::new(y));
                match op {
                    BinOp::Add => (Num::Add(x, y), xu.or(yu)),
                    BinOp::Sub => (Num::Sub(x, y), if xu == Some(Unit::Date) && yu == Some(Unit::Date) { None } else { xu.or(yu) }),
                    BinOp::Mul => (Num::Mul(x, y), xu.or(yu)),
                    _ => (Num::Div(x, y), if xu.is_some() && xu == yu { None } else { xu }),
                }
            }
            Ast::Call(f, args) => self.call(f, args)?,
            Ast::Str(s) => return Err(format!("text \"{s}\" where a number is expected")),
            _ => return Err("a condition where a number is expected".into()),
        })
    }

    fn call(&self, f: &str, args: &[Ast]) -> Result<(Num, U), String> {
        let nums = |min: usize| -> Result<Vec<(Num, U)>, String> {
            if args.len() < min {
                return Err(format!("`{f}` needs at least {min} argument(s)"));
            }
            args.iter().map(|a| self.num(a)).collect()
        };
        let fact_arg = |want: &str| -> Result<u16, String> {
            match args {
                [Ast::Ident(n)] => self.fact(n).map(|(ix, _)| ix).ok_or_else(|| self.unknown_name(n)),
                _ => Err(format!("`{f}` takes one {want} fact")),
            }
        };
        Ok(match f {
            "min" | "max" => {
                let v = nums(2)?;
                let u = v.iter().find_map(|(_, u)| *u);
                let v = v.into_iter().map(|(n, _)| n).collect();
                (if f == "min" { Num::Min(v) } else { Num::Max(v) }, u)
            }
            "up_to" => {
                let mut v = nums(1)?;
                if v.len() != 1 {
                    return Err("`up_to` takes one bound".into());
                }
                let (n, u) = v.remove(0);
                (Num::UpTo(Box::new(n)), u)
            }
            "percent_of" | "growth" => {
                let v = nums(2)?;
                if v.len() != 2 {
                    return Err(format!("`{f}` takes two numbers"));
                }
                let mut it = v.into_iter().map(|(n, _)| Box::new(n));
                let (a, b) = (it.next().ok_or("")?, it.next().ok_or("")?);
                let ratio = if f == "percent_of" { Num::Div(a, b.clone()) } else { Num::Div(Box::new(Num::Sub(a, b.clone())), b) };
                (Num::Mul(Box::new(ratio), Box::new(Num::Const(100.0))), Some(Unit::Percent))
            }
            "count" => {
                let ix = fact_arg("multi-value")?;
                if !matches!(self.facts[ix as usize].kind, FactKind::Set { .. }) {
                    return Err("`count` takes a multi-value fact".into());
                }
                (Num::Count(ix), Some(Unit::Count))
            }
            "years_since" => {
                let ix = fact_arg("date")?;
                if self.facts[ix as usize].kind != FactKind::Date {
                    return Err("`years_since` takes a date fact".into());
                }
                (Num::YearsSince(ix), Some(Unit::Years))
            }
            "if" => {
                if args.len() != 3 {
                    return Err("`if` takes a condition and two numbers".into());
                }
                let c = self.cond(&args[0])?;
                let (a, u) = self.num(&args[1])?;
                let (b, _) = self.num(&args[2])?;
                (Num::If(Box::new(c), Box::new(a), Box::new(b)), u)
            }
            _ => return Err(format!("unknown function `{f}` (min, max, up_to, percent_of, growth, count, years_since, if)")),
        })
    }

    pub fn tiers(&self, tiers: &[String]) -> Result<Num, String> {
        let mut out = Vec::new();
        for t in tiers {
            let (c, v) = super::expr::parse_tier(t).map_err(|e| format!("tier `{t}`: {e}"))?;
            out.push((self.cond(&c).map_err(|e| format!("tier `{t}`: {e}"))?, self.num(&v).map_err(|e| format!("tier `{t}`: {e}"))?.0));
        }
        Ok(Num::Tiers(out))
    }
}

fn kind_words(k: &FactKind) -> &'static str {
    match k {
        FactKind::Bool => "a yes/no fact",
        FactKind::Number { .. } => "a number",
        FactKind::Enum { .. } => "a choice",
        FactKind::Set { .. } => "a multi-value fact",
        FactKind::Date => "a date",
    }
}

fn unit_words(u: Unit) -> String {
    match u {
        Unit::Date => "a date".into(),
        Unit::Percent => "a percentage".into(),
        other => format!("{} ({})", match other {
            Unit::WanYuan => "money",
            Unit::Persons => "a head count",
            Unit::Count => "a count",
            Unit::Years => "years",
            Unit::Months => "months",
            Unit::Points => "points",
            Unit::Kilowatts => "power",
            Unit::SquareMetres => "area",
            _ => "a number",
        }, other.zh()),
    }
}

/// Close enough to suggest: shares a long prefix or differs by a couple of edits.
fn similar(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 6 || edit_distance(a, b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
