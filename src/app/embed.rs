//! Embedding, the browser side: reads the query string and the allow-list,
//! finds the host page's origin, posts the results message to it (and to a
//! WeChat mini-program when the JS-SDK is there). What to post and to whom is
//! decided by `crate::embed`; this module only touches the browser.

use super::{pack, AppState};
use crate::embed::{self, Query};
use crate::share;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Embedded by a host page (`?embed=1`), and whether it asked for the answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    pub on: bool,
    pub answers: bool,
}

const ALLOW_META: &str = "meta[name=anyang-embed-origins]";

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The query string's embedding parameters (`?embed=1&date=…&lang=…`).
pub fn query() -> Query {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    embed::parse_query(&search)
}

/// `html.embed`: the stylesheet drops page margins and fills the frame.
pub fn mark_page(mode: Mode) {
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.class_list().toggle_with_force("embed", mode.on);
    }
}

/// Framed by another page (not the top window).
fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    (!js_sys::Object::is(&p, &w)).then_some(p)
}

/// The embedding page's origin: `location.ancestorOrigins[0]` where the
/// browser has it (Chromium, Safari), else the referrer's origin.
fn host_origin() -> Option<String> {
    let w = web_sys::window()?;
    let ancestors = get(&w.location(), "ancestorOrigins");
    if !ancestors.is_undefined() && !ancestors.is_null() {
        return get(&ancestors, "0").as_string();
    }
    w.document().map(|d| d.referrer()).filter(|r| !r.is_empty())
}

/// The origins allowed to receive messages, from the page's meta tag.
fn allow_list() -> Vec<String> {
    let doc = web_sys::window().and_then(|w| w.document());
    let content = doc.and_then(|d| d.query_selector(ALLOW_META).ok().flatten()).and_then(|m| m.get_attribute("content"));
    embed::parse_allow_list(&content.unwrap_or_default())
}

/// The `wx.miniProgram.postMessage` function, inside a mini-program web-view
/// whose page loaded WeChat's JS-SDK; nothing depends on it.
fn mini_program_post() -> Option<(JsValue, js_sys::Function)> {
    let w: JsValue = web_sys::window()?.into();
    if get(&w, "__wxjs_environment").as_string().as_deref() != Some("miniprogram") {
        return None;
    }
    let mp = get(&get(&w, "wx"), "miniProgram");
    let post = get(&mp, "postMessage");
    post.is_function().then(|| (mp, post.into()))
}

fn to_js(msg: &embed::ResultsMessage) -> Option<JsValue> {
    serde::Serialize::serialize(msg, &serde_wasm_bindgen::Serializer::json_compatible()).ok()
}

/// Posts the results to the host page whenever they change (and the answers,
/// while the user allows it). Resolved once: the host and the allow-list do
/// not change while the page lives.
pub fn post_results(state: AppState) {
    let target = parent().and_then(|p| embed::target_origin(&allow_list(), host_origin().as_deref()).map(|o| (p, o)));
    let wx = mini_program_post();
    if target.is_none() && wx.is_none() {
        return;
    }
    Effect::new(move |_| {
        let answers = (state.embed.answers && state.share_answers.get()).then(|| share::encode(pack(), &state.profile.read(), Some(state.date.get())));
        let Some(msg) = state.evaluation.with(|e| to_js(&embed::results_message(e, answers))) else { return };
        if let Some((p, origin)) = &target {
            // The exact origin, never "*": the browser drops it if the host navigated away.
            let _ = p.post_message(&msg, origin);
        }
        if let Some((mp, post)) = &wx {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &JsValue::from_str("data"), &msg);
            let _ = post.call1(mp, &data);
        }
    });
}

/// "允许嵌入页面读取我的回答": shown only when the host asked for the answers; off by default.
#[component]
pub fn ShareAnswers() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="share-answers">
            <input type="checkbox" id="share-answers" prop:checked=move || state.share_answers.get()
                on:change=move |ev| state.share_answers.set(event_target_checked(&ev))/>
            {move || state.t("允许嵌入页面读取我的回答", "Let the embedding page read my answers")}
        </label>
    }
}
