//! The source texts (verbatim quotes, notes, conditions as written): in the
//! web build they arrive in a second file after the first screen (see
//! `embedded`), so what shows them says so while they are on their way.

use super::pack;
use crate::embedded;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[derive(Clone, PartialEq, Debug)]
pub enum TextsState {
    Loading,
    Ready,
    Failed(String),
}

thread_local! {
    // Reference-counted rather than owned by a component: it is first read
    // inside whichever view happens to render first, and must outlive it.
    static STATE: ArcRwSignal<TextsState> = ArcRwSignal::new(if embedded::texts_loaded() { TextsState::Ready } else { TextsState::Loading });
}

/// Where the texts are (tracked: views that read it follow the arrival).
pub fn state() -> ArcRwSignal<TextsState> {
    STATE.with(Clone::clone)
}

/// Joins the bytes of `texts.bin` (fetched by `boot.js`); an error leaves the
/// results as they are and is shown where a quote would be.
#[wasm_bindgen(js_name = loadTexts)]
pub fn load_texts(bytes: &[u8]) -> Result<(), JsError> {
    let result = embedded::load_texts(bytes);
    state().set(match &result {
        Ok(()) => TextsState::Ready,
        Err(e) => TextsState::Failed(e.clone()),
    });
    result.map_err(|e| JsError::new(&e))
}

/// The texts could not be fetched (offline, a server without the file).
#[wasm_bindgen(js_name = textsUnavailable)]
pub fn texts_unavailable(reason: String) {
    if !embedded::texts_loaded() {
        state().set(TextsState::Failed(reason.chars().take(200).collect()));
    }
}

/// A measure's verbatim quote and notes, or why they are not shown yet.
#[component]
pub fn SourceText(ix: usize) -> impl IntoView {
    move || match state().get() {
        TextsState::Ready => {
            let m = pack().measures.get(ix);
            let quote = m.map(|m| m.quote.clone()).unwrap_or_default();
            let notes = m.map(|m| m.notes.clone()).unwrap_or_default();
            view! {
                <blockquote>{quote}</blockquote>
                {notes.into_iter().map(|n| view! { <p class="note">"注：" {n}</p> }).collect_view()}
            }
            .into_any()
        }
        TextsState::Loading => view! { <p class="texts-pending">"原文加载中…"</p> }.into_any(),
        TextsState::Failed(e) => view! { <p class="texts-pending">"原文暂未能加载（测算结果不受影响）：" {e}</p> }.into_any(),
    }
}
