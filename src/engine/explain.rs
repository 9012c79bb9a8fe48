//! Plain-language why / why not, for the CLI's text output and `explain`.

use super::trace::TraceNode;
use super::{Evaluation, MeasureResult, Status};
use crate::profile::show;
use std::fmt::Write;

fn amount_words(r: &MeasureResult) -> String {
    match &r.amount {
        None => "金额：原文未规定".into(),
        Some(a) if a.min == a.max => format!("金额：{} {}（{}）", show(a.min), a.unit, a.nature),
        Some(a) if a.max.is_infinite() => format!("金额：至少 {} {}，上限取决于未回答的事实（{}）", show(a.min), a.unit, a.nature),
        Some(a) => format!("金额：{}–{} {}（{}）", show(a.min), show(a.max), a.unit, a.nature),
    }
}

fn mark(v: &str) -> &'static str {
    match v {
        "true" => "✓",
        "false" => "✗",
        _ => "?",
    }
}

fn node(out: &mut String, n: &TraceNode, depth: usize) {
    let _ = writeln!(out, "{}{} {}", "  ".repeat(depth + 1), mark(n.value), n.zh);
    if let Some(g) = &n.gap {
        let _ = writeln!(out, "{}  → {}", "  ".repeat(depth + 1), g.zh);
    }
    for c in &n.children {
        node(out, c, depth + 1);
    }
}

/// One measure: status, amount, why (trace), what is missing, citation.
pub fn explain(r: &MeasureResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} [{}]", r.title_zh, r.id);
    let _ = writeln!(out, "  {}", r.title_en);
    let _ = writeln!(out, "状态：{}（{}）", r.status.zh(), r.status.id());
    if r.status != Status::NotEligible {
        let _ = writeln!(out, "{}", amount_words(r));
    }
    let _ = writeln!(out, "{}：", if r.status == Status::NotEligible { "不符合的原因（why not）" } else { "依据（why）" });
    for n in &r.trace {
        node(&mut out, n, 0);
    }
    if let Some(s) = &r.score {
        let _ = writeln!(out, "评分：{}–{} 分", show(s.min), show(s.max));
        for i in &s.items {
            let _ = writeln!(out, "  {}：{}{} 分", i.label, show(i.min), if i.max != i.min { format!("–{}", show(i.max)) } else { String::new() });
        }
    }
    if !r.missing.is_empty() {
        let _ = writeln!(out, "尚需回答：{}", r.missing.join(", "));
    }
    if !r.refines_amount.is_empty() {
        let _ = writeln!(out, "可确定金额：{}", r.refines_amount.join(", "));
    }
    if !r.blocked_by.is_empty() {
        let _ = writeln!(out, "受限制：{}", r.blocked_by.join(", "));
    }
    if let Some(c) = &r.counted_under {
        let _ = writeln!(out, "同一项待遇，按 {c} 计算，不重复计入");
    }
    if let Some(c) = &r.superseded_by {
        let _ = writeln!(out, "已被 {c} 取代");
    }
    let _ = writeln!(out, "有效期：{}", r.validity.text);
    let _ = writeln!(out, "出处：{} {}", r.source.doc, r.source.clause);
    let _ = writeln!(out, "原文：“{}”", r.source.quote);
    let _ = writeln!(out, "申报：{} {} {}", r.apply.department, r.apply.channel, r.apply.window);
    for n in &r.notes {
        let _ = writeln!(out, "注：{n}");
    }
    out
}

/// The whole evaluation, grouped by status.
pub fn summary(e: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "评估日期 {}，规则版本 {}，政策来源截至 {}", e.date, e.rules_version, e.sources_as_of);
    let _ = writeln!(out, "仅供参考，以主管部门审核为准。");
    for st in [Status::Eligible, Status::MeetsEntryConditions, Status::Undetermined, Status::Expired, Status::NotYetInForce, Status::NotEligible] {
        let group: Vec<&MeasureResult> = e.results.iter().filter(|r| r.status == st).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n== {}（{}）：{} 项", st.zh(), st.id(), group.len());
        for r in group {
            let amt = if st == Status::NotEligible { String::new() } else { format!("  {}", amount_words(r)) };
            let rel = match (&r.counted_under, &r.superseded_by) {
                (Some(c), _) => format!("  （同一待遇，按 {c} 计算）"),
                (None, Some(s)) => format!("  （已被 {s} 取代，不重复计算）"),
                _ => String::new(),
            };
            let _ = writeln!(out, "- {} [{}] {} {}{amt}{rel}", r.title_zh, r.id, r.source.doc, r.source.clause);
            match st {
                Status::Undetermined if !r.missing.is_empty() => {
                    let _ = writeln!(out, "    尚需回答：{}", r.missing.join(", "));
                }
                Status::NotEligible => {
                    for g in &r.failed {
                        let why = g.gap.as_ref().map(|g| g.zh.clone()).unwrap_or_else(|| g.zh.clone());
                        let _ = writeln!(out, "    ✗ {why}");
                    }
                }
                _ => {}
            }
        }
    }
    let t = &e.totals;
    let _ = writeln!(out, "\n合计可得现金（不重复计算）：{}{} 万元；待确定项目最多另计 {} 万元", show(t.cash_min), if t.cash_max != t.cash_min { format!("–{}", show(t.cash_max)) } else { String::new() }, show(t.undetermined_cash_max));
    out
}
