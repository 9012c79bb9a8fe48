//! The engine: every measure of the pack, for one profile, on one date.
//!
//! `assess` is the fast path (status and amount only: batch screening);
//! `evaluate` adds traces, missing facts, relations and totals: what the app,
//! the JS API and the CLI show. Both read the same `eval` functions.

pub mod eval;
pub mod explain;
pub mod questions;
pub mod totals;
pub mod trace;

use crate::date::format_date;
use crate::pack::{AmountUnit, BenefitKind, Measure, Pack};
use crate::profile::Profile;
use eval::{Ctx, Iv, Tri};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    /// A ranked award whose entry conditions hold: the award itself is decided by ranking.
    MeetsEntryConditions,
    Undetermined,
    NotEligible,
    /// The firm would qualify, but the measure's validity ended before the date.
    Expired,
    NotYetInForce,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::MeetsEntryConditions => "meets_entry_conditions",
            Status::Undetermined => "undetermined",
            Status::NotEligible => "not_eligible",
            Status::Expired => "expired",
            Status::NotYetInForce => "not_yet_in_force",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Status::Eligible => "符合",
            Status::MeetsEntryConditions => "符合申报条件（择优评选）",
            Status::Undetermined => "待确定",
            Status::NotEligible => "不符合",
            Status::Expired => "已过期（本可符合）",
            Status::NotYetInForce => "尚未施行",
        }
    }
}

/// Status and amount of one measure: all batch screening needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Core {
    pub status: Status,
    /// The conditions' value, restrictions included.
    pub cond: Tri,
    pub amount: Option<Iv>,
}

/// Validity of a measure on a date.
pub fn validity_state(m: &Measure, today: i32) -> Option<Status> {
    if m.validity.until.is_some_and(|u| today > u) {
        Some(Status::Expired)
    } else if m.validity.from.is_some_and(|f| today < f) {
        Some(Status::NotYetInForce)
    } else {
        None
    }
}

/// The conditions of a measure alone (implicit `all`, score included through conditions).
pub fn own_conditions(m: &Measure, x: &Ctx) -> Tri {
    eval::all(&m.conditions, x)
}

/// Every restriction in force on the date, with whether it applies to the firm.
fn restriction_values(pack: &Pack, profile: &Profile, today: i32) -> Vec<(usize, Tri)> {
    pack.measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == BenefitKind::Restriction && validity_state(m, today).is_none())
        .map(|(r, rm)| (r, own_conditions(rm, &Ctx { pack, profile, today, measure: Some(rm), probe: None })))
        .collect()
}

/// For every measure, the restrictions in force that block it, with whether
/// each applies. Built once per evaluation: O(measures + blocked pairs).
pub fn blocker_map(pack: &Pack, profile: &Profile, today: i32) -> Vec<Vec<(usize, Tri)>> {
    let mut out = vec![Vec::new(); pack.measures.len()];
    for (r, applies) in restriction_values(pack, profile, today) {
        for &b in &pack.measures[r].relations.blocks {
            if let Some(v) = out.get_mut(b as usize) {
                v.push((r, applies));
            }
        }
    }
    out
}

/// Restrictions in force that block `ix`, with whether each applies.
pub fn blockers(pack: &Pack, profile: &Profile, today: i32, ix: usize) -> Vec<(usize, Tri)> {
    restriction_values(pack, profile, today).into_iter().filter(|(r, _)| pack.measures[*r].relations.blocks.contains(&(ix as u16))).collect()
}

/// Status and amount of every measure, without explanations.
pub fn assess(pack: &Pack, profile: &Profile, today: i32) -> Vec<Core> {
    assess_with(pack, profile, today, &blocker_map(pack, profile, today))
}

/// `assess` with the restrictions already resolved (see `blocker_map`).
pub fn assess_with(pack: &Pack, profile: &Profile, today: i32, blocked: &[Vec<(usize, Tri)>]) -> Vec<Core> {
    pack.measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = Ctx { pack, profile, today, measure: Some(m), probe: None };
            // Eligible only if its own conditions hold and no restriction applies.
            let barred = blocked.get(i).map_or(Tri::False, |v| v.iter().fold(Tri::False, |acc, (_, t)| acc.or(*t)));
            core_of(m, own_conditions(m, &x).and(barred.negate()), &x)
        })
        .collect()
}

fn core_of(m: &Measure, cond: Tri, x: &Ctx) -> Core {
    let status = match (cond, validity_state(m, x.today)) {
        (Tri::False, _) => Status::NotEligible,
        (_, Some(s)) => s,
        (Tri::True, None) if m.ranked => Status::MeetsEntryConditions,
        (Tri::True, None) => Status::Eligible,
        (Tri::Unknown, None) => Status::Undetermined,
    };
    let amount = if status == Status::NotEligible { None } else { m.amount.as_ref().map(|a| round_iv(eval::num(&a.value, x))) };
    Core { status, cond, amount }
}

fn round_iv(v: Iv) -> Iv {
    let r = |x: f64| if x.is_finite() { (x * 10000.0).round() / 10000.0 } else { x };
    Iv { lo: r(v.lo), hi: r(v.hi) }
}

// ---------------------------------------------------------------------------
// The full evaluation: the contract shared by the app, the JS API and the CLI.

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub date: String,
    pub rules_version: String,
    pub sources_as_of: String,
    pub results: Vec<MeasureResult>,
    pub totals: totals::Totals,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureResult {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub status: Status,
    pub kind: &'static str,
    pub level: &'static str,
    pub amount: Option<AmountOut>,
    pub source: SourceOut,
    pub validity: ValidityOut,
    pub apply: ApplyOut,
    pub trace: Vec<trace::TraceNode>,
    /// For a measure that is not eligible: the conditions (or restrictions)
    /// that failed, with their gaps. Present with and without the full trace.
    pub failed: Vec<trace::TraceNode>,
    /// Not eligible because of exactly one condition while every other one
    /// holds: changing that one fact would make the firm eligible.
    pub only_one_gap: bool,
    /// Unknown facts that could change the status.
    pub missing: Vec<String>,
    /// Unknown facts that would narrow the amount.
    pub refines_amount: Vec<String>,
    /// Restrictions that bar this measure (applying, or possibly applying).
    pub blocked_by: Vec<String>,
    /// Same benefit as a later or implementing measure: count that one instead.
    pub counted_under: Option<String>,
    pub superseded_by: Option<String>,
    pub not_combinable_with: Vec<String>,
    pub score: Option<trace::ScoreOut>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountOut {
    pub min: f64,
    pub max: f64,
    /// "万元", "%" or "个月".
    pub unit: &'static str,
    /// cash (counts into totals), credit, percent, months.
    pub nature: &'static str,
    /// The formula or tiers as written in the rule.
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceOut {
    pub doc: String,
    pub title: String,
    pub clause: String,
    pub quote: String,
    pub issuer: String,
    pub seed: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidityOut {
    pub from: Option<String>,
    pub until: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplyOut {
    pub department: String,
    pub channel: String,
    pub window: String,
    pub window_from: Option<String>,
    pub window_until: Option<String>,
}

/// Why a measure is not shown or counted on its own on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// Restated by an implementing text in force (index of that measure).
    CountedUnder(usize),
    /// Replaced by a later text from its start date.
    SupersededBy(usize),
}

/// For each measure, whether another one stands in for it on the date.
pub fn replacements(pack: &Pack, today: i32) -> Vec<Option<Replaced>> {
    let mut out = vec![None; pack.measures.len()];
    for (i, m) in pack.measures.iter().enumerate() {
        // While the implementing text is in force, it is the operative rule:
        // the restated measure is shown under it and never counted on its own,
        // even when the implementing rule's extra conditions fail.
        if validity_state(m, today).is_none() {
            for &t in &m.relations.implements {
                out[t as usize] = Some(Replaced::CountedUnder(i));
            }
        }
        for &t in &m.relations.supersedes {
            if m.validity.from.is_none_or(|f| today >= f) {
                out[t as usize] = Some(Replaced::SupersededBy(i));
            }
        }
    }
    out
}

/// The full evaluation, every result with its trace.
pub fn evaluate(pack: &Pack, profile: &Profile, today: i32) -> Evaluation {
    evaluate_with(pack, profile, today, true)
}

/// The same without traces (`trace` is empty): what a live screen needs after
/// each answer; `trace_of` gives one measure's trace when it is opened.
pub fn evaluate_summary(pack: &Pack, profile: &Profile, today: i32) -> Evaluation {
    evaluate_with(pack, profile, today, false)
}

/// The trace of one measure, restrictions included.
pub fn trace_of(pack: &Pack, profile: &Profile, today: i32, ix: usize) -> Vec<trace::TraceNode> {
    let Some(m) = pack.measures.get(ix) else { return Vec::new() };
    let x = Ctx { pack, profile, today, measure: Some(m), probe: None };
    let mut out: Vec<trace::TraceNode> = m.conditions_as_written().map(|(c, t)| trace::trace_cond(c, t, &x)).collect();
    for (r, applies) in blockers(pack, profile, today, ix) {
        let rm = &pack.measures[r];
        out.push(trace::blocked_node(rm, applies, &Ctx { pack, profile, today, measure: Some(rm), probe: None }));
    }
    out
}

/// Only the failed top-level conditions and applying restrictions of a measure.
fn failed_of(pack: &Pack, profile: &Profile, today: i32, ix: usize, blocked: &[(usize, Tri)]) -> Vec<trace::TraceNode> {
    let m = &pack.measures[ix];
    let x = Ctx { pack, profile, today, measure: Some(m), probe: None };
    let mut out: Vec<trace::TraceNode> = m.conditions_as_written().filter(|(c, _)| eval::cond(c, &x) == Tri::False).map(|(c, t)| trace::trace_cond(c, t, &x)).collect();
    for &(r, applies) in blocked {
        if applies == Tri::True {
            let rm = &pack.measures[r];
            out.push(trace::blocked_node(rm, applies, &Ctx { pack, profile, today, measure: Some(rm), probe: None }));
        }
    }
    out
}

fn evaluate_with(pack: &Pack, profile: &Profile, today: i32, with_trace: bool) -> Evaluation {
    let blocked = blocker_map(pack, profile, today);
    let cores = assess_with(pack, profile, today, &blocked);
    let mut results: Vec<MeasureResult> = pack.measures.iter().enumerate().map(|(i, m)| result_of(pack, profile, today, i, m, &cores[i], &blocked[i], with_trace)).collect();
    for (i, r) in replacements(pack, today).into_iter().enumerate() {
        match r {
            Some(Replaced::CountedUnder(by)) => results[i].counted_under = Some(pack.measures[by].id.clone()),
            Some(Replaced::SupersededBy(by)) => results[i].superseded_by = Some(pack.measures[by].id.clone()),
            None => {}
        }
    }
    let single: Vec<bool> = results.iter().map(|r| r.counted_under.is_none() && r.superseded_by.is_none()).collect();
    let totals = totals::totals(pack, &cores, &single, profile, today);
    Evaluation { date: format_date(today), rules_version: pack.version.clone(), sources_as_of: pack.sources_as_of.clone(), results, totals }
}

#[allow(clippy::too_many_arguments)]
fn result_of(pack: &Pack, profile: &Profile, today: i32, i: usize, m: &Measure, core: &Core, blocked: &[(usize, Tri)], with_trace: bool) -> MeasureResult {
    let x = Ctx { pack, profile, today, measure: Some(m), probe: None };
    let trace = if with_trace { trace_of(pack, profile, today, i) } else { Vec::new() };
    let failed = if core.cond != Tri::False {
        Vec::new()
    } else if with_trace {
        trace.iter().filter(|n| n.value == "false").cloned().collect()
    } else {
        failed_of(pack, profile, today, i, blocked)
    };
    let mut missing = Vec::new();
    for c in &m.conditions {
        eval::missing_in_cond(c, &x, &mut missing);
    }
    let values: Vec<Tri> = m.conditions.iter().map(|c| eval::cond(c, &x)).collect();
    let only_one_gap = core.cond == Tri::False
        && values.iter().filter(|v| **v == Tri::False).count() == 1
        && values.iter().all(|v| *v != Tri::Unknown)
        && blocked.iter().all(|(_, t)| *t == Tri::False);
    let mut blocked_by = Vec::new();
    for &(r, applies) in blocked {
        let rm = &pack.measures[r];
        if applies != Tri::False {
            blocked_by.push(rm.id.clone());
            for c in &rm.conditions {
                eval::missing_in_cond(c, &Ctx { pack, profile, today, measure: Some(rm), probe: None }, &mut missing);
            }
        }
    }
    if core.cond == Tri::False {
        missing.clear();
    }
    let mut refines = Vec::new();
    if core.amount.is_some_and(|a| !a.is_point()) {
        if let Some(a) = &m.amount {
            eval::missing_in_num(&a.value, &x, &mut refines);
        }
    }
    refines.retain(|f| !missing.contains(f));
    missing.sort_unstable();
    refines.sort_unstable();
    let names = |v: Vec<u16>| v.into_iter().map(|f| pack.facts[f as usize].name.clone()).collect();
    let doc = &pack.documents[m.doc as usize];
    MeasureResult {
        id: m.id.clone(),
        title_zh: m.title_zh.clone(),
        title_en: m.title_en.clone(),
        status: core.status,
        kind: m.kind.id(),
        level: m.level.id(),
        amount: core.amount.zip(m.amount.as_ref()).map(|(v, a)| AmountOut {
            min: v.lo,
            max: v.hi,
            unit: a.unit.unit_zh(),
            nature: a.unit.id(),
            formula: a.text.clone(),
        }),
        source: SourceOut { doc: doc.doc.clone(), title: doc.title.clone(), clause: m.clause.clone(), quote: m.quote.clone(), issuer: m.issuer.clone(), seed: doc.seed.clone() },
        validity: ValidityOut { from: m.validity.from.map(format_date), until: m.validity.until.map(format_date), text: m.validity.text.clone() },
        apply: ApplyOut {
            department: m.apply.department.clone(),
            channel: m.apply.channel.clone(),
            window: m.apply.window.clone(),
            window_from: m.apply.window_from.map(format_date),
            window_until: m.apply.window_until.map(format_date),
        },
        trace,
        failed,
        only_one_gap,
        missing: names(missing),
        refines_amount: names(refines),
        blocked_by,
        counted_under: None,
        superseded_by: None,
        not_combinable_with: m.relations.not_combinable_with.iter().map(|t| pack.measures[*t as usize].id.clone()).collect(),
        score: trace::score_out(m, &x),
        notes: m.notes.clone(),
    }
}

/// Money a result can add to totals: only cash.
pub fn cash(m: &Measure, core: &Core) -> Option<Iv> {
    match (&m.amount, core.amount) {
        (Some(a), Some(v)) if a.unit == AmountUnit::Cash => Some(v),
        _ => None,
    }
}
