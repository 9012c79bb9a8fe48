//! Keep, share, print: answers saved in local storage (this device only), a
//! share link carrying them in the URL fragment (never sent to a server), and
//! printing. Encoding is `crate::share`; this module only touches the browser.

use super::{pack, AppState};
use crate::pack::Pack;
use crate::profile::Profile;
use crate::share;
use leptos::prelude::*;

const KEY: &str = "anyang-policy-calculator";
const LANG_KEY: &str = "anyang-policy-calculator-lang";

/// `?lang=en` (parsed by `crate::embed`, passed in) wins, then `#…&lang=en`,
/// then the remembered choice, then Chinese.
pub fn restore_lang(from_query: Option<bool>) -> super::Lang {
    let url = hash();
    let stored = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).unwrap_or_default();
    let en = if let Some(en) = from_query {
        en
    } else if url.contains("lang=en") {
        true
    } else if url.contains("lang=zh") {
        false
    } else {
        stored == "en"
    };
    if en {
        super::Lang::En
    } else {
        super::Lang::Zh
    }
}

const LARGE_KEY: &str = "anyang-policy-calculator-large-text";

pub fn restore_large_text() -> bool {
    storage().and_then(|s| s.get_item(LARGE_KEY).ok().flatten()).is_some_and(|v| v == "1")
}

/// Large text scales the root font size; every size in the stylesheet is in
/// rem or em, so the layout keeps its shape.
pub fn save_large_text(on: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(LARGE_KEY, if on { "1" } else { "0" });
    }
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.class_list().toggle_with_force("large-text", on);
    }
}

pub fn save_lang(lang: super::Lang) {
    let code = if lang == super::Lang::En { "en" } else { "zh-CN" };
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, if lang == super::Lang::En { "en" } else { "zh" });
    }
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", code);
    }
}

pub struct Restored {
    pub profile: Profile,
    pub date: Option<i32>,
    pub notice: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// A share link in the URL wins over saved answers; a link's date is kept,
/// a saved session's date is not (the date defaults to today).
pub fn restore(pack: &Pack) -> Restored {
    let link = hash();
    let from_link = link.trim_start_matches('#').contains("v=");
    let text = if from_link { link } else { storage().and_then(|s| s.get_item(KEY).ok().flatten()).unwrap_or_default() };
    if text.is_empty() {
        return Restored { profile: Profile::empty(pack), date: None, notice: None };
    }
    let d = share::decode(pack, &text);
    let mut notes = Vec::new();
    if d.rules_changed(pack) {
        notes.push(format!("这些答案保存时的规则版本为 {}，现为 {}，结果可能与当时不同。", d.rules_version.clone().unwrap_or_default(), pack.version));
    }
    if !d.errors.is_empty() {
        // Name the first few; a hostile link may hold thousands.
        let mut named: Vec<String> = d.errors.iter().take(10).map(|e| e.to_string()).collect();
        if d.errors.len() > 10 {
            named.push(format!("另有 {} 项", d.errors.len() - 10));
        }
        notes.push(format!("有 {} 项答案无法读取，已忽略：{}", d.errors.len(), named.join("；")));
    }
    Restored { profile: d.profile, date: if from_link { d.date } else { None }, notice: (!notes.is_empty()).then(|| notes.join(" ")) }
}

pub fn save(pack: &Pack, profile: &Profile, date: i32) {
    if let Some(s) = storage() {
        // Private browsing may refuse storage: the page works without it.
        let _ = s.set_item(KEY, &share::encode(pack, profile, Some(date)));
    }
}

fn set_hash(text: &str) {
    if let Some(w) = web_sys::window() {
        let url = format!("{}{}#{text}", w.location().pathname().unwrap_or_default(), w.location().search().unwrap_or_default());
        if let Ok(h) = w.history() {
            // replaceState: no navigation, no request, no history entry per answer.
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Inside a WeChat mini-program web-view, sharing goes through WeChat's own
/// menu, which shares the page URL: the answers travel in its fragment.
fn in_mini_program() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &wasm_bindgen::JsValue::from_str("__wxjs_environment")).ok())
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "miniprogram")
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let link = RwSignal::new(None::<String>);
    let share = move |_| {
        let text = share::encode(pack(), &state.profile.get_untracked(), Some(state.date.get_untracked()));
        set_hash(&text);
        link.set(web_sys::window().and_then(|w| w.location().href().ok()));
    };
    let clear = move |_| {
        state.profile.set(Profile::empty(pack()));
        state.skipped.set(vec![false; pack().facts.len()]);
        state.notice.set(None);
        link.set(None);
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
        }
        set_hash("");
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="toolbar">
            <button type="button" class="share" on:click=share>{move || state.t("分享链接", "Share link")}</button>
            <button type="button" class="print" on:click=print>{move || state.t("打印", "Print")}</button>
            <button type="button" class="large" id="large-text" aria-pressed=move || state.large_text.get().to_string()
                on:click=move |_| state.large_text.update(|l| *l = !*l)>{move || state.t("大字", "Large text")}</button>
            <button type="button" class="clear" on:click=clear>{move || state.t("清除我的答案", "Clear my answers")}</button>
            {move || (link.get().is_some() && in_mini_program()).then(|| view! {
                <p class="link">{move || state.t("在小程序中，请点右上角“…”分享此页，答案随链接一起分享。", "In the mini-program, share this page from the \"…\" menu: the answers travel in its link.")}</p>
            })}
            {move || link.get().map(|l| view! {
                <label class="link">{move || state.t("复制此链接（答案只在链接中，不会上传）：", "Copy this link (the answers are only in the link, never uploaded):")} <input type="text" readonly value=l class="share-link"/></label>
            })}
        </div>
    }
}
