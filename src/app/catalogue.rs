//! The catalogue: every measure, browsable without answering anything.
//! Search by words; filter by level, kind, department and current status;
//! open a measure to see its conditions in plain language and its source.

use super::{pack, AppState};
use crate::pack::{BenefitKind, Level};
use leptos::prelude::*;

fn matches(words: &str, hay: &[&str]) -> bool {
    words.split_whitespace().all(|w| hay.iter().any(|h| h.to_lowercase().contains(&w.to_lowercase())))
}

#[component]
pub fn Catalogue() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let open = RwSignal::new(None::<usize>);
    let mut departments: Vec<String> = pack().measures.iter().map(|m| m.apply.department.clone()).filter(|d| !d.is_empty()).collect();
    departments.sort();
    departments.dedup();
    let shown = move || {
        let statuses: Vec<&'static str> = state.evaluation.with(|e| e.results.iter().map(|r| r.status.id()).collect());
        let (q, l, k, d, s) = (query.get(), level.get(), kind.get(), department.get(), status.get());
        super::texts::state().track(); // the search covers quotes once they are there
        pack()
            .measures
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                let doc = &pack().documents[m.doc as usize];
                (l.is_empty() || m.level.id() == l)
                    && (k.is_empty() || m.kind.id() == k)
                    && (d.is_empty() || m.apply.department == d)
                    && (s.is_empty() || statuses.get(*i).is_some_and(|st| *st == s))
                    && matches(&q, &[&m.title_zh, &m.title_en, &m.target, &doc.doc, &doc.title, &m.quote, &m.id])
            })
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    let select = move |label: (&'static str, &'static str), id: &'static str, signal: RwSignal<String>, options: Vec<(String, String)>| {
        view! {
            <label class="filter">{move || state.t(label.0, label.1)}
                <select id=id on:change=move |ev| signal.set(event_target_value(&ev))>
                    <option value="">{move || state.t("全部", "All")}</option>
                    {options.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let levels = [Level::National, Level::Provincial, Level::Municipal].iter().map(|l| (l.id().to_owned(), l.zh().to_owned())).collect();
    let kinds = BenefitKind::ALL.iter().map(|k| (k.0.to_owned(), format!("{} {}", k.2, k.3))).collect();
    let statuses = [("eligible", "符合"), ("meets_entry_conditions", "符合申报条件"), ("undetermined", "待确定"), ("not_eligible", "不符合"), ("expired", "已过期"), ("not_yet_in_force", "尚未施行")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    view! {
        <section class="catalogue" aria-labelledby="catalogue-title">
            <h2 id="catalogue-title">{move || state.t("政策目录", "Catalogue")}</h2>
            <div class="filters">
                <label class="filter">{move || state.t("搜索", "Search")}
                    <input type="search" id="catalogue-search" on:input=move |ev| query.set(event_target_value(&ev)) placeholder="研发、高新技术、贷款…"/>
                </label>
                {select(("层级", "Level"), "filter-level", level, levels)}
                {select(("类别", "Kind"), "filter-kind", kind, kinds)}
                {select(("受理部门", "Department"), "filter-department", department, departments.into_iter().map(|d| (d.clone(), d)).collect())}
                {select(("状态", "Status"), "filter-status", status, statuses)}
            </div>
            <p class="count" aria-live="polite">{move || if state.en() { format!("{} measures", shown().len()) } else { format!("{} 项", shown().len()) }}</p>
            <ul class="catalogue-list">
                <For each=shown key=|i| *i let:i>
                    <CatalogueItem ix=i open=open/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn CatalogueItem(ix: usize, open: RwSignal<Option<usize>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let m = &pack().measures[ix];
    let doc = &pack().documents[m.doc as usize];
    let status = move || state.evaluation.with(|e| e.results.get(ix).map(|r| r.status.zh()).unwrap_or_default());
    let detail = move || {
        (open.get() == Some(ix)).then(|| {
            super::texts::state().track(); // conditions as written arrive with the texts
            let trace = crate::engine::trace_of(pack(), &state.profile.read(), state.date.get(), ix);
            let m = &pack().measures[ix];
            let validity = format!(
                "{}（{} — {}）",
                m.validity.text,
                m.validity.from.map(crate::date::format_date).unwrap_or_else(|| "未规定".into()),
                m.validity.until.map(crate::date::format_date).unwrap_or_else(|| "未规定截止日期".into())
            );
            view! {
                <div class="measure-page" id=format!("measure-{}", m.id)>
                    <p><strong>"对象："</strong>{m.target.clone()}</p>
                    <p><strong>"条件："</strong></p>
                    <ul class="trace">
                        {trace.into_iter().map(|n| view! { <li>{n.zh} <span class="rule">{n.rule.map(|r| format!("〔{r}〕"))}</span></li> }).collect_view()}
                    </ul>
                    <p><strong>"金额："</strong>{m.amount.as_ref().map(|a| a.text.clone()).unwrap_or_else(|| "原文未规定".into())}</p>
                    <p><strong>"有效期："</strong>{validity}</p>
                    <p><strong>"申报："</strong>{format!("{} {} {}", m.apply.department, m.apply.channel, m.apply.window)}</p>
                    <p><strong>"出处："</strong>{format!("{} {}（{}）", pack().documents[m.doc as usize].doc, m.clause, pack().documents[m.doc as usize].title)}</p>
                    <super::texts::SourceText ix=ix/>
                </div>
            }
        })
    };
    view! {
        <li class="catalogue-item" data-measure=m.id.clone()>
            <button type="button" class="measure-title" aria-expanded=move || (open.get() == Some(ix)).to_string()
                on:click=move |_| open.update(|o| *o = if *o == Some(ix) { None } else { Some(ix) })>
                {move || state.pick(&m.title_zh, &m.title_en)}
            </button>
            <p class="meta">{doc.doc.clone()} " " {m.clause.clone()} " · " {m.kind.zh()} " · " {m.level.zh()} " · " {m.apply.department.clone()} " · " <span class="status">{status}</span></p>
            {detail}
        </li>
    }
}
