//! The interview: the questions that can still change a result, then the
//! answers given (each can be changed or cleared) and the skipped ones.

use super::{pack, AppState};
use crate::input::Input;
use crate::pack::{FactKind, Unit};
use crate::profile::{parse_value, show, Value};
use leptos::prelude::*;

/// How many open questions are shown at once.
const SHOWN: usize = 4;

#[component]
pub fn Interview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = move || {
        let skipped = state.skipped.get();
        let mut shown = state
            .questions
            .get()
            .into_iter()
            .filter_map(|q| crate::profile::fact_index(pack(), &q.fact))
            .filter(|ix| !skipped.get(*ix).copied().unwrap_or(false))
            .take(SHOWN)
            .collect::<Vec<usize>>();
        // The most useful questions, grouped by the section they belong to.
        shown.sort_by_key(|ix| pack().facts[*ix].section);
        shown
    };
    let settled = move || {
        state.evaluation.with(|e| {
            let undetermined = e.results.iter().filter(|r| r.status == crate::engine::Status::Undetermined).count();
            (e.results.len() - undetermined, e.results.len())
        })
    };
    view! {
        <section class="interview" aria-labelledby="interview-title">
            <h2 id="interview-title">{move || state.t("回答问题", "Questions")}</h2>
            <p class="progress" aria-live="polite">
                {move || { let (s, n) = settled(); if state.en() { format!("{s} of {n} measures settled") } else { format!("已确定 {s} / {n} 项政策") } }}
            </p>
            <Show when=move || open().is_empty()>
                <p class="done">{move || state.t("没有可以改变结果的问题了。", "No question left that could change a result.")}</p>
            </Show>
            <For each=open key=|ix| *ix let:ix>
                <QuestionCard ix=ix/>
            </For>
            <Answered/>
        </section>
    }
}

fn unit_label(u: Unit) -> &'static str {
    u.zh()
}

#[component]
fn QuestionCard(ix: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fact = &pack().facts[ix];
    let error = RwSignal::new(None::<String>);
    let answer = move |input: Input| match parse_value(&pack().facts[ix], &input) {
        Ok(v) => {
            error.set(None);
            state.profile.update(|p| p.values[ix] = v);
        }
        Err(e) => error.set(Some(e)),
    };
    let skip = move |_| state.skipped.update(|s| s[ix] = true);
    let id = format!("q-{}", fact.name);
    let control = match &fact.kind {
        FactKind::Bool => view! {
            <div class="choices" role="group" aria-labelledby=id.clone()>
                <button type="button" class="yes" on:click=move |_| answer(Input::Bool(true))>{move || state.t("是", "Yes")}</button>
                <button type="button" class="no" on:click=move |_| answer(Input::Bool(false))>{move || state.t("否", "No")}</button>
            </div>
        }
        .into_any(),
        FactKind::Enum { values } => {
            let options = values.iter().map(|v| { let (zh, en) = (v.zh.clone(), v.en.clone()); view! { <option value=v.id.clone()>{move || state.pick(&zh, &en)}</option> } }).collect_view();
            view! {
                <select id=format!("{id}-input") aria-labelledby=id.clone() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if !v.is_empty() { answer(Input::Str(v)) }
                }>
                    <option value="">{move || state.t("请选择…", "Choose…")}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FactKind::Set { values } => {
            let chosen = RwSignal::new(Vec::<String>::new());
            let boxes = values
                .iter()
                .map(|v| {
                    let vid = v.id.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" value=v.id.clone() on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let vid = vid.clone();
                                chosen.update(|c| { c.retain(|x| *x != vid); if on { c.push(vid) } });
                            }/>
                            {let (zh, en) = (v.zh.clone(), v.en.clone()); move || state.pick(&zh, &en)}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="set" role="group" aria-labelledby=id.clone()>
                    {boxes}
                    <button type="button" class="ok" on:click=move |_| answer(Input::List(chosen.get().into_iter().map(Input::Str).collect()))>{move || state.t("确定", "OK")}</button>
                </div>
            }
            .into_any()
        }
        FactKind::Number { unit, integer, .. } => {
            let text = RwSignal::new(String::new());
            let submit = move || answer(Input::Str(text.get()));
            view! {
                <div class="number">
                    <input
                        id=format!("{id}-input")
                        aria-labelledby=id.clone()
                        type="number"
                        inputmode=if *integer { "numeric" } else { "decimal" }
                        step="any"
                        on:input=move |ev| text.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { submit() }
                    />
                    <span class="unit">{unit_label(*unit)}</span>
                    <button type="button" class="ok" on:click=move |_| submit()>{move || state.t("确定", "OK")}</button>
                </div>
            }
            .into_any()
        }
        FactKind::Date => view! {
            <input id=format!("{id}-input") aria-labelledby=id.clone() type="date" on:change=move |ev| answer(Input::Str(event_target_value(&ev)))/>
        }
        .into_any(),
    };
    view! {
        <div class="question" data-fact=fact.name.clone()>
            <p class="section">{move || pack().sections.get(fact.section as usize).map(|sec| state.pick(&sec.zh, &sec.en)).unwrap_or_default()}</p>
            <p class="label" id=id.clone()>{move || state.pick(&fact.zh, &fact.en)}</p>
            <p class="help">{move || state.pick(&fact.help_zh, &fact.help_en)}</p>
            {control}
            <button type="button" class="skip" on:click=skip>{move || state.t("不确定，跳过", "Not sure, skip")}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

pub fn value_words(ix: usize, v: Value) -> String {
    let f = &pack().facts[ix];
    match (v, &f.kind) {
        (Value::Bool(b), _) => (if b { "是" } else { "否" }).into(),
        (Value::Num(n), FactKind::Number { unit, .. }) => format!("{} {}", show(n), unit.zh()),
        (Value::Enum(e), FactKind::Enum { values }) => values.get(e as usize).map(|v| v.zh.clone()).unwrap_or_default(),
        (Value::Set(bits), FactKind::Set { values }) => {
            let v: Vec<&str> = values.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, v)| v.zh.as_str()).collect();
            if v.is_empty() { "（无）".into() } else { v.join("、") }
        }
        (Value::Date(d), _) => crate::date::format_date(d),
        _ => String::new(),
    }
}

#[component]
fn Answered() -> impl IntoView {
    let state = expect_context::<AppState>();
    let answered = move || {
        let p = state.profile.get();
        p.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, value_words(i, v)))).collect::<Vec<_>>()
    };
    let skipped = move || state.skipped.get().iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i).collect::<Vec<_>>();
    view! {
        <Show when=move || !answered().is_empty()>
            <h3>{move || state.t("已回答", "Your answers")}</h3>
            <ul class="answers">
                <For each=answered key=|(i, w)| (*i, w.clone()) let:item>
                    <li data-answer=pack().facts[item.0].name.clone()>
                        <span class="fact">{move || state.pick(&pack().facts[item.0].zh, &pack().facts[item.0].en)}</span>
                        ": " <strong>{item.1.clone()}</strong>
                        <button type="button" class="change" on:click=move |_| state.profile.update(|p| p.values[item.0] = None)>{move || state.t("修改", "Change")}</button>
                    </li>
                </For>
            </ul>
        </Show>
        <Show when=move || !skipped().is_empty()>
            <h3>{move || state.t("已跳过", "Skipped")}</h3>
            <ul class="answers">
                <For each=skipped key=|i| *i let:i>
                    <li>
                        {move || state.pick(&pack().facts[i].zh, &pack().facts[i].en)}
                        <button type="button" class="change" on:click=move |_| state.skipped.update(|s| s[i] = false)>{move || state.t("回答", "Answer")}</button>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
