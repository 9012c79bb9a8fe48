//! The Leptos app in a real browser (wasm-pack test --headless --chrome).
#![cfg(all(target_arch = "wasm32", feature = "app"))]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    anyang_policy::app::mount_to(host.clone());
    host
}

fn query(host: &HtmlElement, sel: &str) -> Option<HtmlElement> {
    host.query_selector(sel).unwrap().and_then(|e| e.dyn_into().ok())
}

fn count(host: &HtmlElement, sel: &str) -> u32 {
    host.query_selector_all(sel).unwrap().length()
}

#[wasm_bindgen_test]
async fn asks_and_answers_live() {
    let host = mount();
    leptos::task::tick().await;
    assert!(count(&host, ".question") > 0, "questions are asked");
    assert!(count(&host, ".result") > 0, "results are shown before any answer");
    assert_eq!(count(&host, "[data-answer]"), 0);
    for _ in 0..60 {
        if query(&host, ".question button.yes").is_some() {
            break;
        }
        query(&host, ".question button.skip").expect("a question to skip").click();
        leptos::task::tick().await;
    }
    query(&host, ".question button.yes").expect("a yes/no question").click();
    leptos::task::tick().await;
    assert_eq!(count(&host, "[data-answer]"), 1, "the answer is listed");
    // Change it: the answer is cleared and asked again.
    query(&host, "[data-answer] button.change").unwrap().click();
    leptos::task::tick().await;
    assert_eq!(count(&host, "[data-answer]"), 0);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_number_settles_the_rd_subsidy() {
    let host = mount();
    leptos::task::tick().await;
    for _ in 0..40 {
        if query(&host, ".question[data-fact=rd_expense_last_year]").is_some() {
            break;
        }
        query(&host, ".question button.skip").expect("a question to skip").click();
        leptos::task::tick().await;
    }
    let input: HtmlInputElement = host.query_selector(".question[data-fact=rd_expense_last_year] input").unwrap().unwrap().dyn_into().unwrap();
    input.set_value("1200");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    query(&host, ".question[data-fact=rd_expense_last_year] button.ok").unwrap().click();
    leptos::task::tick().await;
    let answer = query(&host, "[data-answer=rd_expense_last_year]").expect("answered");
    assert!(answer.text_content().unwrap_or_default().contains("1200 万元"));
    // The operative R&D subsidy card (restatements are shown inside it).
    let cards = host.query_selector_all(".result[data-measure$=\"-rd-subsidy\"]").unwrap();
    let texts: Vec<String> = (0..cards.length()).filter_map(|i| cards.get(i)).filter_map(|n| n.text_content()).filter(|t| t.contains("企业研发费用财政补助")).collect();
    assert!(!texts.is_empty() && texts.iter().all(|t| t.contains("60")), "{texts:?}");
    host.remove();
}
