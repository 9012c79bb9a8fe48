//! The printed report (A4): the firm's answers, eligible and undetermined
//! measures with amounts, citations and where to apply, the assessment date
//! and the rule-pack version. Hidden on screen, the only thing printed.

use super::{pack, AppState};
use crate::engine::Status;
use crate::profile::show;
use leptos::prelude::*;

#[component]
pub fn Report() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Money first (largest first), services and facilitation in their own table.
    let rows = move |status: Status, services: bool| {
        let v = state.evaluation.with(|e| super::results::listed(&e.results, status, Some(services)));
        v.into_iter()
            .map(|(ix, b)| {
                let m = &pack().measures[ix];
                view! {
                    <tr>
                        <td>{m.title_zh.as_str()}</td>
                        <td>{super::results::amount_words(m, b.amount)}</td>
                        <td>{pack().documents[m.doc as usize].doc.as_str()} " " {m.clause.as_str()}</td>
                        <td>{m.apply.department.as_str()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let facts = move || {
        let p = state.profile.get();
        p.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| view! { <li>{pack().facts[i].zh.clone()} "：" {super::interview::value_words(i, v)}</li> })).collect_view()
    };
    let totals = move || {
        let t = state.evaluation.with(|e| e.totals.clone());
        let sure = if t.cash_min == t.cash_max { show(t.cash_min) } else { format!("{}–{}", show(t.cash_min), show(t.cash_max)) };
        format!("可得现金合计（不重复计算）{sure} 万元；待确定项目最多另计 {} 万元。", show(t.undetermined_cash_max))
    };
    let table = move |status: Status, services: bool, title: &'static str| {
        view! {
            <h2>{title}</h2>
            <table>
                <thead><tr><th>"政策措施"</th><th>"金额"</th><th>"依据"</th><th>"受理部门"</th></tr></thead>
                <tbody>{move || rows(status, services)}</tbody>
            </table>
        }
    };
    view! {
        <section class="report">
            <h1>"安阳惠企政策测算报告"</h1>
            <p>
                "评估日期 " {move || crate::date::format_date(state.date.get())}
                "；规则版本 " {pack().version.clone()} "；政策来源截至 " {pack().sources_as_of.clone()} "。"
            </p>
            <p>"仅供参考，以主管部门审核为准。"</p>
            <h2>"企业填报的情况"</h2>
            <ul class="facts">{facts}</ul>
            <p class="totals">{totals}</p>
            {table(Status::Eligible, false, "符合条件的政策")}
            {table(Status::MeetsEntryConditions, false, "符合申报条件（择优评选）")}
            {table(Status::Undetermined, false, "待确定的政策（尚需补充信息）")}
            {table(Status::Eligible, true, "可享受的服务与便利")}
        </section>
    }
}
