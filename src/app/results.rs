//! Results, live: grouped by status, each with its amount, citation and a
//! "why" that opens the trace in words with the verbatim quote.

use super::AppState;
use crate::engine::trace::TraceNode;
use crate::engine::{MeasureResult, Status};
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
pub(super) fn amount_words(r: &MeasureResult) -> String {
    match &r.amount {
        None => "金额未规定".into(),
        Some(a) if a.min == a.max => format!("{} {}", show(a.min), a.unit),
        Some(a) if a.max.is_infinite() => format!("≥ {} {}", show(a.min), a.unit),
        Some(a) => format!("{}–{} {}", show(a.min), show(a.max), a.unit),
    }
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
            let items = move || {
                // A restated or superseded measure is shown inside the card of the
                // measure that replaces it, never as a second benefit.
                // Borrow the memo: cloning the whole evaluation per group would cost more than evaluating.
                let mut v: Vec<MeasureResult> = state.evaluation.with(|e| {
                    e.results
                        .iter()
                        .filter(|r| r.counted_under.is_none() && r.superseded_by.is_none())
                        .filter(|r| r.status == status && (status != Status::Eligible || (r.kind == "service") == services))
                        .cloned()
                        .collect()
                });
                // Largest amounts first; measures counted under another come last.
                v.sort_by(|a, b| a.counted_under.is_some().cmp(&b.counted_under.is_some()).then(b.amount.as_ref().map_or(0.0, |x| x.max).total_cmp(&a.amount.as_ref().map_or(0.0, |x| x.max))));
                v
            };
            let count = move || items().len();
            let any = move || !items().is_empty();
            let heading = move || state.t(zh, en);
            view! {
                <Show when=any>
                    <details class=format!("group {}", status.id()) open=open data-status=if services { "service" } else { status.id() }>
                        <summary><h3>{heading} " (" {count} ")"</h3></summary>
                        <For each=items key=|r| (r.id.clone(), r.status, r.amount.as_ref().map(|a| (a.min.to_bits(), a.max.to_bits())), r.missing.clone()) let:r>
                            <ResultCard r=r/>
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
fn ResultCard(r: MeasureResult) -> impl IntoView {
    let state = expect_context::<AppState>();
    let missing = (!r.missing.is_empty()).then(|| {
        let names: Vec<String> = r.missing.iter().filter_map(|f| crate::profile::fact_index(super::pack(), f).map(|i| super::pack().facts[i].zh.clone())).collect();
        view! { <p class="missing">{move || state.t("还需回答：", "Still to answer: ")} {names.join("、")}</p> }
    });
    let why_not = (r.status == Status::NotEligible).then(|| {
        let gaps: Vec<(String, String)> = r.failed.iter().map(|n| n.gap.as_ref().map(|g| (g.zh.clone(), g.en.clone())).unwrap_or_else(|| (n.zh.clone(), n.en.clone()))).collect();
        let hint = r.only_one_gap.then(|| view! { <p class="one-gap">{move || state.t("只差这一项：其他条件均已满足。", "Only this condition stands in the way: every other one is met.")}</p> });
        view! { <ul class="why-not">{gaps.into_iter().map(|(zh, en)| view! { <li>{move || state.pick(&zh, &en)}</li> }).collect_view()}</ul> {hint} }
    });
    let relation = restates(&r.id)
        .or_else(|| {
            let titles: Vec<String> = r.blocked_by.iter().map(|id| super::pack().measures.iter().find(|m| &m.id == id).map_or(id.clone(), |m| m.title_zh.clone())).collect();
            (!titles.is_empty()).then(|| format!("{}：{}", if r.status == Status::NotEligible { "受限制" } else { "可能受限制" }, titles.join("、")))
        });
    let amount = (r.status != Status::NotEligible).then(|| view! { <p class="amount">{amount_words(&r)}</p> });
    let ix = super::pack().measures.iter().position(|m| m.id == r.id);
    let open = RwSignal::new(false);
    // The trace is built when "why" is opened, and follows later answers.
    let trace = move || {
        (open.get()).then(|| {
            super::texts::state().track(); // conditions as written arrive with the texts
            let t = ix.map(|ix| crate::engine::trace_of(super::pack(), &state.profile.read(), state.date.get(), ix)).unwrap_or_default();
            let en = state.en();
            view! { <ul class="trace">{t.into_iter().map(|n| trace_view(n, en)).collect_view()}</ul> }
        })
    };
    // An application window that has closed on the assessment date is said so.
    let (w, until) = (r.apply.window.clone(), r.apply.window_until.clone());
    let window = move || match until.as_deref().and_then(crate::date::parse_date) {
        Some(u) if u < state.date.get() => format!("{w}（申报窗口已于 {} 截止）", until.clone().unwrap_or_default()),
        _ => w.clone(),
    };
    view! {
        <article class="result" data-measure=r.id.clone() data-status=r.status.id()>
            <h4>{let (zh, en) = (r.title_zh.clone(), r.title_en.clone()); move || state.pick(&zh, &en)}</h4>
            {amount}
            <p class="meta">{r.source.doc.clone()} " " {r.source.clause.clone()} " · " {r.kind} " · " {r.level} " · " {r.validity.text.clone()}</p>
            {missing}
            {why_not}
            {relation.map(|t| view! { <p class="relation">{t}</p> })}
            <details class="why" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>{move || state.t("为什么", "Why")}</summary>
                {trace}
                <p class="apply">"申报：" {r.apply.department.clone()} " " {r.apply.channel.clone()} " " {window}</p>
                {ix.map(|ix| view! { <super::texts::SourceText ix=ix/> })}
            </details>
        </article>
    }
}

/// "Restates / replaces" line for a measure that implements or supersedes others.
fn restates(id: &str) -> Option<String> {
    let pack = super::pack();
    let m = pack.measures.iter().find(|m| m.id == id)?;
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
