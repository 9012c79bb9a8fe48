//! Results, live: grouped by status, each with its amount, citation and a
//! "why" that opens the trace in words with the verbatim quote.

use super::{pack, AppState};
use crate::engine::eval::Iv;
use crate::engine::screen::{failed, Brief};
use crate::engine::trace::TraceNode;
use crate::engine::Status;
use crate::pack::{BenefitKind, Measure};
use crate::profile::show;
use leptos::prelude::*;

/// Where each result is shown: (status, services?, zh, en, open).
/// Services without conditions get their own group so money stays on top.
const GROUPS: [(Status, bool, &str, &str, bool); 7] = [
    (Status::Eligible, false, "符合条件", "Eligible", true),
    (Status::MeetsEntryConditions, false, "符合申报条件（择优评选）", "Meets the entry conditions (ranked award)", true),
    (Status::Undetermined, false, "待确定（还需回答问题）", "Undetermined (answer more questions)", true),
    (Status::Eligible, true, "可享受的服务与便利", "Services and facilitation", false),
    (Status::Expired, false, "已过期（本可符合）", "Expired (you would have qualified)", false),
    (Status::NotYetInForce, false, "尚未施行", "Not yet in force", false),
    (Status::NotEligible, false, "不符合", "Not eligible", false),
];

/// An amount as shown on cards and in the printed report.
pub(super) fn amount_words(m: &Measure, amount: Option<Iv>) -> String {
    match (amount, &m.amount) {
        (Some(a), Some(def)) if a.lo == a.hi => format!("{} {}", show(a.lo), def.unit.unit_zh()),
        (Some(a), Some(def)) if a.hi.is_infinite() => {
            format!("≥ {} {}", show(a.lo), def.unit.unit_zh())
        }
        (Some(a), Some(def)) => format!("{}–{} {}", show(a.lo), show(a.hi), def.unit.unit_zh()),
        _ => "金额未规定".into(),
    }
}

/// The measures a group lists: standing on their own, with this status (and,
/// when `services` is given, services or not), largest amounts first.
/// Shared with the printed report.
pub(super) fn listed(results: &[Brief], status: Status, services: Option<bool>) -> Vec<(usize, Brief)> {
    let mut v: Vec<(usize, Brief)> = results
        .iter()
        .enumerate()
        // A restated or superseded measure is shown inside the card of the
        // measure that replaces it, never as a second benefit.
        .filter(|(ix, b)| b.single() && b.status == status && services.is_none_or(|s| (pack().measures[*ix].kind == BenefitKind::Service) == s))
        .map(|(ix, b)| (ix, b.clone()))
        .collect();
    v.sort_by(|(_, a), (_, b)| b.amount.map_or(0.0, |x| x.hi).total_cmp(&a.amount.map_or(0.0, |x| x.hi)));
    v
}

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let totals = move || {
        let t = state.evaluation.with(|e| e.totals.clone());
        let sure = if t.cash_min == t.cash_max { show(t.cash_min) } else { format!("{}–{}", show(t.cash_min), show(t.cash_max)) };
        if state.en() {
            format!("Cash in total (nothing counted twice): {sure} ×10k CNY; undetermined measures could add up to {} ×10k CNY", show(t.undetermined_cash_max))
        } else {
            format!("可得现金合计（不重复计算）{sure} 万元；待确定项目最多另计 {} 万元", show(t.undetermined_cash_max))
        }
    };
    let groups = GROUPS
        .iter()
        .map(|&(status, services, zh, en, open)| {
            // Borrow the memo: cloning every brief per group would cost more than screening.
            let items = move || state.evaluation.with(|e| listed(&e.results, status, (status == Status::Eligible).then_some(services)));
            let count = move || items().len();
            let any = move || !items().is_empty();
            let heading = move || state.t(zh, en);
            // Whether the list is open: gap lines are built only for a list one can read.
            let shown = RwSignal::new(open);
            view! {
                <Show when=any>
                    <details class=format!("group {}", status.id()) open=open data-status=if services { "service" } else { status.id() }
                        on:toggle=move |ev| shown.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                        <summary><h3>{heading} " (" {count} ")"</h3></summary>
                        <For each=items key=|(ix, b)| (*ix, b.status, b.amount.map(|a| (a.lo.to_bits(), a.hi.to_bits())), b.missing.clone(), b.blocked_by.clone()) let:item>
                            <ResultCard ix=item.0 b=item.1 shown=shown/>
                        </For>
                    </details>
                </Show>
            }
        })
        .collect_view();
    view! {
        <section class="results" aria-labelledby="results-title">
            <h2 id="results-title">{move || state.t("测算结果", "Results")}</h2>
            <p class="totals" aria-live="polite">{totals}</p>
            {groups}
        </section>
    }
}

#[component]
fn ResultCard(ix: usize, b: Brief, shown: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = &pack().measures[ix];
    let doc = &pack().documents[m.doc as usize];
    let missing = (!b.missing.is_empty()).then(|| {
        let names: Vec<&str> = b.missing.iter().filter_map(|f| pack().facts.get(*f as usize).map(|f| f.zh.as_str())).collect();
        view! { <p class="missing">{move || state.t("还需回答：", "Still to answer: ")} {names.join("、")}</p> }
    });
    // What failed, with its gap: built while the list is open, and following later answers.
    let why_not = (b.status == Status::NotEligible).then_some(move || {
        shown.get().then(|| {
            let en = state.en();
            let (failed, only_one_gap) = failed(pack(), &state.profile.read(), state.date.get(), ix);
            let gaps = failed
                .into_iter()
                .map(|n| {
                    let text = match n.gap {
                        Some(g) => if en { g.en } else { g.zh },
                        None => if en { n.en } else { n.zh },
                    };
                    view! { <li>{text}</li> }
                })
                .collect_view();
            let hint = only_one_gap.then(|| view! { <p class="one-gap">{move || state.t("只差这一项：其他条件均已满足。", "Only this condition stands in the way: every other one is met.")}</p> });
            view! { <ul class="why-not">{gaps}</ul> {hint} }
        })
    });
    let relation = restates(ix).or_else(|| {
        let titles: Vec<&str> = b.blocked_by.iter().filter_map(|r| pack().measures.get(*r as usize).map(|m| m.title_zh.as_str())).collect();
        (!titles.is_empty()).then(|| format!("{}：{}", if b.status == Status::NotEligible { "受限制" } else { "可能受限制" }, titles.join("、")))
    });
    let amount = (b.status != Status::NotEligible).then(|| view! { <p class="amount">{amount_words(m, b.amount)}</p> });
    let open = RwSignal::new(false);
    // The trace is built when "why" is opened, and follows later answers.
    let trace = move || {
        (open.get()).then(|| {
            super::texts::state().track(); // conditions as written arrive with the texts
            let t = crate::engine::trace_of(pack(), &state.profile.read(), state.date.get(), ix);
            let en = state.en();
            view! { <ul class="trace">{t.into_iter().map(|n| trace_view(n, en)).collect_view()}</ul> }
        })
    };
    // An application window that has closed on the assessment date is said so.
    let (w, until) = (m.apply.window.as_str(), m.apply.window_until);
    let window = move || match until {
        Some(u) if u < state.date.get() => {
            format!("{w}（申报窗口已于 {} 截止）", crate::date::format_date(u))
        }
        _ => w.to_owned(),
    };
    view! {
        <article class="result" data-measure=m.id.as_str() data-status=b.status.id()>
            <h4>{move || state.pick(&m.title_zh, &m.title_en)}</h4>
            {amount}
            <p class="meta">{doc.doc.as_str()} " " {m.clause.as_str()} " · " {m.kind.id()} " · " {m.level.id()} " · " {m.validity.text.as_str()}</p>
            {missing}
            {why_not}
            {relation.map(|t| view! { <p class="relation">{t}</p> })}
            <details class="why" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>{move || state.t("为什么", "Why")}</summary>
                {trace}
                <p class="apply">"申报：" {m.apply.department.as_str()} " " {m.apply.channel.as_str()} " " {window}</p>
                <super::texts::SourceText ix=ix/>
            </details>
        </article>
    }
}

/// "Restates / replaces" line for a measure that implements or supersedes others.
fn restates(ix: usize) -> Option<String> {
    let pack = pack();
    let m = pack.measures.get(ix)?;
    let cite = |ix: &u16| {
        let t = &pack.measures[*ix as usize];
        format!("{} {}", pack.documents[t.doc as usize].doc, t.clause)
    };
    let imp: Vec<String> = m.relations.implements.iter().map(cite).collect();
    let sup: Vec<String> = m.relations.supersedes.iter().map(cite).collect();
    let mut parts = Vec::new();
    if !imp.is_empty() {
        parts.push(format!("实施 {}（同一项待遇，不重复计算）", imp.join("、")));
    }
    if !sup.is_empty() {
        parts.push(format!("取代 {} 的规定", sup.join("、")));
    }
    (!parts.is_empty()).then(|| parts.join("；"))
}

fn trace_view(n: TraceNode, en: bool) -> AnyView {
    let mark = match n.value {
        "true" => "✓",
        "false" => "✗",
        _ => "?",
    };
    let gap = n.gap.map(|g| view! { <span class="gap">{if en { g.en } else { g.zh }}</span> });
    let children = (!n.children.is_empty()).then(|| view! { <ul>{n.children.into_iter().map(|c| trace_view(c, en)).collect_view()}</ul> });
    let text = if en { n.en } else { n.zh };
    view! {
        <li class=format!("t-{}", n.value)>
            <span class="mark" aria-hidden="true">{mark}</span> {text} {gap}
            {children}
        </li>
    }
    .into_any()
}
