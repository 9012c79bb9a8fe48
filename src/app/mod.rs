//! The browser app (Leptos 0.8, client-side rendered).
//!
//! Components mirror the screen: a header with the assessment date, the
//! interview (the engine's next questions, then the answers given), and the
//! results grouped by status. State lives in one place, `AppState`; the
//! evaluation and the questions are memos derived from it, so every answer
//! re-evaluates every measure at once.

mod catalogue;
mod embed;
mod interview;
mod keep;
mod report;
mod results;
pub mod texts;

use crate::embedded;
use crate::engine::{questions, screen};
use crate::pack::Pack;
use crate::profile::Profile;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The one place state lives.
#[derive(Clone, Copy)]
pub struct AppState {
    pub profile: RwSignal<Profile>,
    /// Facts the user chose to skip ("不确定"): not asked again until reopened.
    pub skipped: RwSignal<Vec<bool>>,
    /// Assessment date, days since epoch.
    pub date: RwSignal<i32>,
    pub evaluation: Memo<screen::Screen>,
    pub questions: Memo<Vec<questions::Question>>,
    /// What happened when answers were restored (bad entries, rules changed).
    pub notice: RwSignal<Option<String>>,
    /// Interface language; remembered on this device.
    pub lang: RwSignal<Lang>,
    /// Large-text mode (适老化); remembered on this device.
    pub large_text: RwSignal<bool>,
    /// Framed by a host page (`?embed=1`) and what it asked for.
    pub embed: embed::Mode,
    /// The user let the host page read the answers (off until they say so).
    pub share_answers: RwSignal<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Zh,
    En,
}

pub fn pack() -> &'static Pack {
    embedded::pack()
}

impl AppState {
    pub fn new(today: i32) -> AppState {
        let pack = pack();
        let restored = keep::restore(pack);
        let query = embed::query();
        let profile = RwSignal::new(restored.profile);
        let skipped = RwSignal::new(vec![false; pack.facts.len()]);
        // The host page's `?date=` wins over a share link's date.
        let date = RwSignal::new(query.date.or(restored.date).unwrap_or(today));
        // Per answer only status, amount, missing facts and totals (no strings):
        // traces are built for the measure whose "why" is opened, gaps for open lists.
        let evaluation = Memo::new(move |_| screen::screen(pack, &profile.read(), date.get()));
        let questions = Memo::new(move |_| questions::next_questions(pack, &profile.read(), date.get()));
        let notes: Vec<String> = restored.notice.into_iter().chain(query.notices).collect();
        let notice = RwSignal::new((!notes.is_empty()).then(|| notes.join(" ")));
        let lang = RwSignal::new(keep::restore_lang(query.english));
        let large_text = RwSignal::new(keep::restore_large_text());
        let embed = embed::Mode { on: query.embed, answers: query.answers };
        AppState { profile, skipped, date, evaluation, questions, notice, lang, large_text, embed, share_answers: RwSignal::new(false) }
    }

    pub fn en(&self) -> bool {
        self.lang.get() == Lang::En
    }

    /// The interface string in the current language (tracked: re-renders on toggle).
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        if self.en() {
            en
        } else {
            zh
        }
    }

    /// A label that exists in both languages (fact labels, measure titles).
    pub fn pick(&self, zh: &str, en: &str) -> String {
        if self.en() { en } else { zh }.to_owned()
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(crate::api::today());
    provide_context(state);
    // Answers survive a reload: saved on this device only, after every change.
    Effect::new(move |_| keep::save(pack(), &state.profile.read(), state.date.get()));
    Effect::new(move |_| keep::save_lang(state.lang.get()));
    Effect::new(move |_| keep::save_large_text(state.large_text.get()));
    embed::mark_page(state.embed);
    embed::post_results(state);
    let catalogue = RwSignal::new(false);
    let load_error = embedded::load_error().map(|e| view! { <p class="error" role="alert">{e.to_owned()}</p> });
    // Embedded: the host page has its own header and footer; the controls stay.
    let header = (!state.embed.on).then(|| view! {
        <header class="top">
            <h1>{move || state.t("安阳惠企政策计算器", "Anyang enterprise policy calculator")}</h1>
            <p class="tagline">{move || state.t("在本机浏览器中计算，您填写的信息不会发送到任何地方。", "Computed in this browser: nothing you enter is sent anywhere.")}</p>
            <LangToggle/>
            <DatePicker/>
            <keep::Toolbar/>
        </header>
    });
    let bar = state.embed.on.then(|| view! {
        <div class="embed-bar">
            <LangToggle/>
            <DatePicker/>
            <keep::Toolbar/>
            {state.embed.answers.then(|| view! { <embed::ShareAnswers/> })}
            <p class="embed-note">{move || state.t("仅供参考，以主管部门审核为准。在本机浏览器中计算。", "For reference only: the competent department's review decides. Computed in this browser.")}</p>
        </div>
    });
    let footer = (!state.embed.on).then(|| view! {
        <footer class="foot">
            <p>{move || if state.en() {
                format!("For reference only: the competent department's review decides. Sources up to {}; \"expired\" means expired according to these sources (later documents may have extended a measure). Rules version {}.", pack().sources_as_of, pack().version)
            } else {
                format!("仅供参考，以主管部门审核为准。政策来源截至 {}；“已过期”指按这些来源已过期（之后的文件可能已延续）。规则版本 {}。", pack().sources_as_of, pack().version)
            }}</p>
        </footer>
    });
    view! {
        {header}
        {bar}
        {load_error}
        {move || state.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <nav class="tabs" aria-label=move || state.t("视图", "Views")>
            <button type="button" id="tab-assess" aria-pressed=move || (!catalogue.get()).to_string() on:click=move |_| catalogue.set(false)>{move || state.t("测算", "Assessment")}</button>
            <button type="button" id="tab-catalogue" aria-pressed=move || catalogue.get().to_string() on:click=move |_| catalogue.set(true)>{move || state.t("政策目录", "Catalogue")}</button>
        </nav>
        <Show when=move || !catalogue.get() fallback=|| view! { <main class="single"><catalogue::Catalogue/></main> }>
            <main class="layout">
                <interview::Interview/>
                <results::Results/>
            </main>
        </Show>
        <report::Report/>
        {footer}
    }
}

#[component]
fn LangToggle() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button type="button" class="lang" id="lang-toggle" lang=move || if state.en() { "zh-CN" } else { "en" }
            on:click=move |_| state.lang.update(|l| *l = if *l == Lang::En { Lang::Zh } else { Lang::En })>
            {move || state.t("English", "中文")}
        </button>
    }
}

#[component]
fn DatePicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="date">
            {move || state.t("评估日期 ", "Assessment date ")}
            <input
                type="date"
                id="assessment-date"
                prop:value=move || crate::date::format_date(state.date.get())
                on:change=move |ev| {
                    if let Some(d) = crate::date::parse_date(&event_target_value(&ev)) {
                        state.date.set(d);
                    }
                }
            />
        </label>
    }
}

/// Mount the app on `document.body` (called by index.html).
#[wasm_bindgen(js_name = mountApp)]
pub fn mount_app() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_notice();
    }));
    leptos::mount::mount_to_body(App);
}

/// A panic stops the wasm module (the release build aborts), so the page
/// would freeze silently: reveal the page's `#crash` notice (index.html: "an
/// error occurred, your answers are kept on this device, reload"). boot.js
/// does the same for traps that are not panics (out of memory, stack overflow).
fn show_crash_notice() {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("crash")) {
        let _ = el.remove_attribute("hidden");
    }
}

/// Mount the app inside an element (tests, embedding).
pub fn mount_to(el: web_sys::HtmlElement) {
    leptos::mount::mount_to(el, App).forget();
}
