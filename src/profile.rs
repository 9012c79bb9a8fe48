//! A firm's answers, checked against the vocabulary.
//!
//! Checking never throws the whole profile away: each bad entry becomes a
//! `ProfileError` naming the fact and what was wrong, and the valid entries
//! are kept. Callers decide whether errors are fatal (the JS API and the CLI
//! refuse a profile with errors; the app drops only the bad answer).

use crate::date::parse_date;
use crate::input::{Input, RawProfile};
use crate::pack::{EnumValue, Fact, FactKind, Pack};
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
    let wrong = |want: &str| Err(format!("expects {want}, got {}", input.describe()));
    match (input, &fact.kind) {
        (Input::Null, _) => Ok(None),
        // Text is read by the fact's type (what CSV cells and form fields give).
        (Input::Str(s), _) => parse_text(fact, s),
        (Input::Bool(b), FactKind::Bool) => Ok(Some(Value::Bool(*b))),
        (_, FactKind::Bool) => wrong("true or false"),
        (Input::Num(v), FactKind::Number { .. }) => number(fact, *v),
        (_, FactKind::Number { unit, .. }) => wrong(&format!("a number ({})", unit.zh())),
        (_, FactKind::Enum { .. }) => wrong("one of its values, as text"),
        (Input::List(items), FactKind::Set { values }) => {
            let mut bits = 0u64;
            for item in items {
                let Input::Str(s) = item else { return Err(format!("list items must be value names, got {}", item.describe())) };
                bits |= set_bits(values, s)?;
            }
            Ok(Some(Value::Set(bits)))
        }
        (_, FactKind::Set { .. }) => wrong("a list of values"),
        (_, FactKind::Date) => wrong("a date, YYYY-MM-DD"),
    }
}

/// Parse a text value for a fact (a CSV cell, a form field, a JSON string);
/// `Ok(None)` = unknown (blank). Allocates only for an error message.
pub fn parse_text(fact: &Fact, s: &str) -> Result<Option<Value>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let wrong = |want: &str| Err(format!("expects {want}, got {}", Input::Str(String::new()).describe()));
    match &fact.kind {
        FactKind::Bool => match t {
            "true" | "是" | "yes" | "1" => Ok(Some(Value::Bool(true))),
            "false" | "否" | "no" | "0" => Ok(Some(Value::Bool(false))),
            _ => wrong("true or false"),
        },
        FactKind::Number { unit, .. } => match t.parse::<f64>() {
            Ok(v) if s.len() <= 40 => number(fact, v),
            _ => wrong(&format!("a number ({})", unit.zh())),
        },
        FactKind::Enum { values } if s.len() <= MAX_TEXT => match values.iter().position(|v| v.id == t || v.zh == t) {
            Some(i) => Ok(Some(Value::Enum(i as u16))),
            None => Err(format!("`{}` is not one of: {}", clip(s), values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", "))),
        },
        FactKind::Enum { .. } => wrong("one of its values, as text"),
        // A CSV cell or a single value: "a;b" or "a".
        FactKind::Set { values } => Ok(Some(Value::Set(set_bits(values, s)?))),
        FactKind::Date => parse_date(t).map(|d| Some(Value::Date(d))).ok_or_else(|| format!("`{}` is not a date (YYYY-MM-DD)", clip(s))),
    }
}

/// A number checked against the fact's range and integrality.
fn number(fact: &Fact, v: f64) -> Result<Option<Value>, String> {
    let FactKind::Number { min, max, integer, .. } = &fact.kind else { return Err("expects a number".into()) };
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

/// The values named in "a;b|c" (ids or Chinese labels), as bits.
fn set_bits(values: &[EnumValue], s: &str) -> Result<u64, String> {
    if s.len() > MAX_TEXT * 16 {
        return Err("text too long".into());
    }
    let mut bits = 0u64;
    for part in s.split([';', '；', '|']).map(str::trim).filter(|p| !p.is_empty()) {
        match values.iter().position(|v| v.id == part || v.zh == part) {
            Some(i) => bits |= 1 << i,
            None => return Err(format!("`{}` is not one of: {}", clip(part), values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>().join(", "))),
        }
    }
    Ok(bits)
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
