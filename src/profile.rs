//! A firm's answers, checked against the vocabulary.
//!
//! Checking never throws the whole profile away: each bad entry becomes a
//! `ProfileError` naming the fact and what was wrong, and the valid entries
//! are kept. Callers decide whether errors are fatal (the JS API and the CLI
//! refuse a profile with errors; the app drops only the bad answer).

use crate::date::parse_date;
use crate::input::{Input, RawProfile};
use crate::pack::{Fact, FactKind, Pack};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Bool(bool),
    Num(f64),
    /// Index into the enum's values.
    Enum(u16),
    /// Bit i set = the set holds value i.
    Set(u64),
    /// Days since 1970-01-01.
    Date(i32),
}

/// Values by fact index; `None` = unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub values: Vec<Option<Value>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    pub fact: String,
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "`{}`: {}", self.fact, self.message)
    }
}

/// The longest text value accepted for a choice (labels are short).
const MAX_TEXT: usize = 200;

impl Profile {
    pub fn empty(pack: &Pack) -> Profile {
        Profile { values: vec![None; pack.facts.len()] }
    }

    /// Check a raw profile. Returns the valid part and one error per bad entry.
    pub fn check(pack: &Pack, raw: &RawProfile) -> (Profile, Vec<ProfileError>) {
        let mut p = Profile::empty(pack);
        let mut errors = Vec::new();
        let mut seen = vec![false; pack.facts.len()];
        for (name, input) in &raw.0 {
            let shown: String = name.chars().take(60).collect();
            let Some(ix) = fact_index(pack, name) else {
                errors.push(ProfileError { fact: shown, message: "is not a fact of this calculator".into() });
                continue;
            };
            if std::mem::replace(&mut seen[ix], true) {
                errors.push(ProfileError { fact: shown, message: "is given twice".into() });
                continue;
            }
            match parse_value(&pack.facts[ix], input) {
                Ok(v) => p.values[ix] = v,
                Err(message) => errors.push(ProfileError { fact: shown, message }),
            }
        }
        (p, errors)
    }

    pub fn get(&self, ix: usize) -> Option<Value> {
        self.values.get(ix).copied().flatten()
    }

    pub fn known(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }
}

/// A fact by its ASCII name or its Chinese label.
pub fn fact_index(pack: &Pack, name: &str) -> Option<usize> {
    let name = name.trim();
    pack.facts.iter().position(|f| f.name == name).or_else(|| pack.facts.iter().position(|f| f.zh == name))
}

/// Parse one value for a fact; `Ok(None)` = unknown (null or empty).
pub fn parse_value(fact: &Fact, input: &Input) -> Result<Option<Value>, String> {
    if matches!(input, Input::Null) || matches!(input, Input::Str(s) if s.trim().is_empty()) {
        return Ok(None);
    }
    let wrong = |want: &str| Err(format!("expects {want}, got {}", input.describe()));
    match &fact.kind {
        FactKind::Bool => match input {
            Input::Bool(b) => Ok(Some(Value::Bool(*b))),
            Input::Str(s) => match s.trim() {
                "true" | "是" | "yes" | "1" => Ok(Some(Value::Bool(true))),
                "false" | "否" | "no" | "0" => Ok(Some(Value::Bool(false))),
                _ => wrong("true or false"),
            },
            _ => wrong("true or false"),
        },
        FactKind::Number { min, max, integer, unit } => {
            let v = match input {
                Input::Num(v) => *v,
                Input::Str(s) if s.len() <= 40 => match s.trim().parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => return wrong(&format!("a number ({})", unit.zh())),
                },
                _ => return wrong(&format!("a number ({})", unit.zh())),
            };
            if !v.is_finite() {
                return Err("must be a finite number".into());
            }
            if v < *min || v > *max {
                return Err(format!("{v} is outside the allowed range {}–{}", show(*min), show(*max)));
            }
            if *integer && v.fract() != 0.0 {
                return Err(format!("{v} must be a whole number"));
            }
            Ok(Some(Value::Num(v)))
        }
        FactKind::Enum { values } => match input {
            Input::Str(s) if s.len() <= MAX_TEXT => match values.iter().position(|v| v.id == s.trim() || v.zh == s.trim()) {
                Some(i) => Ok(Some(Value::Enum(i as u16))),
                None => Err(format!("`{}` is not one of: {}", clip(s), values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", "))),
            },
            _ => wrong("one of its values, as text"),
        },
        FactKind::Set { values } => {
            let items: Vec<&Input> = match input {
                Input::List(v) => v.iter().collect(),
                // A CSV cell or a single value: "a;b" or "a".
                Input::Str(_) => vec![input],
                _ => return wrong("a list of values"),
            };
            let mut bits = 0u64;
            for item in items {
                let Input::Str(s) = item else {
                    return Err(format!("list items must be value names, got {}", item.describe()));
                };
                if s.len() > MAX_TEXT * 16 {
                    return Err("text too long".into());
                }
                for part in s.split([';', '；', '|']).map(str::trim).filter(|p| !p.is_empty()) {
                    match values.iter().position(|v| v.id == part || v.zh == part) {
                        Some(i) => bits |= 1 << i,
                        None => return Err(format!("`{}` is not one of: {}", clip(part), values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", "))),
                    }
                }
            }
            Ok(Some(Value::Set(bits)))
        }
        FactKind::Date => match input {
            Input::Str(s) => parse_date(s.trim()).map(|d| Some(Value::Date(d))).ok_or_else(|| format!("`{}` is not a date (YYYY-MM-DD)", clip(s))),
            _ => wrong("a date, YYYY-MM-DD"),
        },
    }
}

fn clip(s: &str) -> String {
    let c: String = s.chars().take(40).collect();
    if c.len() < s.len() {
        format!("{c}…")
    } else {
        c
    }
}

pub fn show(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let r = (v * 10000.0).round() / 10000.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}
