//! Running the rule files' own test cases against the engine, and the
//! self-checks `eligibility check` reports on a rule pack: conditions that
//! can never hold or never fail (`logic`), relations that contradict each
//! other (`relations`), thresholds without cases on each side (`thresholds`).

pub mod logic;
pub mod relations;
pub mod thresholds;
mod text;

use crate::compile::Case;
use crate::date::format_date;
use crate::engine::assess;
use crate::pack::Pack;
use crate::profile::{show, Profile};
use std::fmt;

/// An error fails `eligibility check`; a warning is reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One self-check finding, located in a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub measure: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let sev = if self.severity == Severity::Error { "error" } else { "warning" };
        write!(f, "{}:{}: {sev}: `{}`: {}", self.file, self.line, self.measure, self.message)
    }
}

/// Every self-check finding of a compiled rule set, errors first, then by file and line.
pub fn self_check(c: &crate::compile::Compiled) -> Vec<Finding> {
    let mut out = logic::constant_conditions(&c.pack, &c.lines);
    out.extend(relations::relation_problems(&c.pack, &c.lines));
    out.sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
    out
}

#[derive(Debug, Clone)]
pub struct CaseFailure {
    pub file: String,
    pub line: u32,
    pub measure: String,
    pub message: String,
}

impl fmt::Display for CaseFailure {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}: case of `{}`: {}", self.file, self.line, self.measure, self.message)
    }
}

pub fn run_case(pack: &Pack, case: &Case) -> Result<(), String> {
    let Some(ix) = pack.measures.iter().position(|m| m.id == case.measure) else {
        return Err("measure not in the pack".into());
    };
    let (profile, errors) = Profile::check(pack, &case.given);
    if !errors.is_empty() {
        return Err(format!("bad profile: {}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")));
    }
    let core = assess(pack, &profile, case.date)[ix];
    let mut problems = Vec::new();
    if core.status.id() != case.expect {
        problems.push(format!("on {} expected {}, got {}", format_date(case.date), case.expect, core.status.id()));
    }
    if let Some((lo, hi)) = case.amount {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(1.0);
        match core.amount {
            Some(a) if close(a.lo, lo) && close(a.hi, hi) => {}
            Some(a) => problems.push(format!("expected amount {}, got {}", range(lo, hi), range(a.lo, a.hi))),
            None => problems.push(format!("expected amount {}, got none", range(lo, hi))),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn range(lo: f64, hi: f64) -> String {
    if lo == hi {
        show(lo)
    } else {
        format!("[{}, {}]", show(lo), show(hi))
    }
}

pub fn run_cases(pack: &Pack, cases: &[Case]) -> Vec<CaseFailure> {
    cases
        .iter()
        .filter_map(|c| run_case(pack, c).err().map(|message| CaseFailure { file: c.file.clone(), line: c.line, measure: c.measure.clone(), message }))
        .collect()
}

/// Facts of the vocabulary that no condition, amount, score, derived quantity
/// or cap reads: questions nobody needs (or a measure not yet written).
pub fn unused_facts(pack: &Pack) -> Vec<String> {
    use crate::engine::trace::{facts_of_cond, facts_of_num};
    let mut used = Vec::new();
    for m in &pack.measures {
        m.conditions.iter().for_each(|c| facts_of_cond(c, &mut used));
        m.score.iter().for_each(|s| facts_of_num(&s.points, &mut used));
        if let Some(a) = &m.amount {
            facts_of_num(&a.value, &mut used);
        }
    }
    pack.derived.iter().for_each(|d| facts_of_num(&d.expr, &mut used));
    pack.caps.iter().for_each(|c| facts_of_num(&c.limit, &mut used));
    pack.facts.iter().enumerate().filter(|(i, _)| !used.contains(&(*i as u16))).map(|(_, f)| f.name.clone()).collect()
}

/// Measures with conditions but no test case in their rule file.
pub fn measures_without_cases(pack: &Pack, cases: &[Case]) -> Vec<String> {
    pack.measures.iter().filter(|m| !m.conditions.is_empty() && !cases.iter().any(|c| c.measure == m.id)).map(|m| m.id.clone()).collect()
}
