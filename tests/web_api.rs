//! The JS API as an integrator calls it, run by wasm-bindgen-test in Node.
#![cfg(target_arch = "wasm32")]

use anyang_policy::api::{assess, evaluate, facts, measures, next_questions_js};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn message(e: wasm_bindgen::JsError) -> String {
    let v: JsValue = e.into();
    get(&v, "message").as_string().unwrap_or_default()
}

fn result(results: &Array, id: &str) -> JsValue {
    results.iter().find(|r| get(r, "id").as_string().as_deref() == Some(id)).unwrap_or_else(|| panic!("{id}"))
}

const FIRM: &str = include_str!("fixtures/rd-first-time.json");

#[wasm_bindgen_test]
fn evaluate_returns_plain_objects_with_the_contract() {
    let out = evaluate(js(FIRM), js(r#"{"date":"2022-07-01"}"#)).map_err(message).unwrap();
    assert!(!out.is_instance_of::<js_sys::Map>());
    assert_eq!(get(&out, "date").as_string().as_deref(), Some("2022-07-01"));
    assert_eq!(get(&out, "rules_version").as_string().map(|s| s.len()), Some(16));
    let results: Array = get(&out, "results").dyn_into().unwrap();
    let rd = result(&results, "anbanwen-2021-17-rd-subsidy");
    assert_eq!(get(&rd, "status").as_string().as_deref(), Some("eligible"));
    assert_eq!(get(&get(&rd, "amount"), "min").as_f64(), Some(60.0));
    assert_eq!(get(&get(&rd, "source"), "doc").as_string().as_deref(), Some("安办文〔2021〕17号"));
    // Unknown facts are null in JSON terms, never undefined holes.
    assert!(get(&rd, "counted_under").is_null() || get(&rd, "counted_under").is_string());
}

#[wasm_bindgen_test]
fn date_decides_validity() {
    let out = evaluate(js(FIRM), js(r#"{"date":"2021-11-01"}"#)).map_err(message).unwrap();
    let results: Array = get(&out, "results").dyn_into().unwrap();
    assert_eq!(get(&result(&results, "anbanwen-2021-17-rd-subsidy"), "status").as_string().as_deref(), Some("not_yet_in_force"));
}

#[wasm_bindgen_test]
fn bad_input_raises_a_clear_error() {
    for (profile, options, expect) in [
        ("[1,2]", "{}", "expected an object"),
        (r#"{"rd_expense_last_year":"lots"}"#, "{}", "rd_expense_last_year"),
        (r#"{"no_such_fact":1}"#, "{}", "not a fact"),
        (r#"{"hte_recognition_last_year":"tenth"}"#, "{}", "is not one of"),
        (r#"{"rd_expense_last_year":{"a":1}}"#, "{}", "an object"),
        ("{}", r#"{"date":"2022-13-01"}"#, "not a date"),
        ("{}", r#"{"date":20220101}"#, "expected a string"),
    ] {
        let err = evaluate(js(profile), js(options)).map(|_| ()).map_err(message).unwrap_err();
        assert!(err.contains(expect), "{profile} {options}: {err}");
    }
    // A huge string is refused quickly with a message, not a crash.
    let big = format!(r#"{{"hte_recognition_last_year":"{}"}}"#, "x".repeat(1 << 20));
    assert!(evaluate(js(&big), JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn catalogue_and_questions() {
    let m: Array = measures().map_err(message).unwrap().dyn_into().unwrap();
    assert!(m.length() > 0);
    assert!(get(&m.get(0), "quote").as_string().is_some_and(|q| !q.is_empty()));
    let f: Array = facts().map_err(message).unwrap().dyn_into().unwrap();
    assert!(f.iter().any(|x| get(&x, "name").as_string().as_deref() == Some("rd_expense_last_year") && get(&x, "type").as_string().as_deref() == Some("number")));
    let q: Array = next_questions_js(js("{}"), js(r#"{"date":"2022-07-01"}"#)).map_err(message).unwrap().dyn_into().unwrap();
    assert!(q.length() > 0);
    let answered: Array = next_questions_js(js(FIRM), js(r#"{"date":"2022-07-01"}"#)).map_err(message).unwrap().dyn_into().unwrap();
    assert!(!answered.iter().any(|x| get(&x, "fact").as_string().as_deref() == Some("rd_expense_last_year")), "answered facts are not asked again");
}

/// A value built by JavaScript (NaN, BigInt, 100 000-level nesting, 10 MB strings…).
fn build(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body).call0(&JsValue::NULL).expect("test JS")
}

/// After any hostile call, the module still answers a normal one correctly.
fn still_works() {
    let out = evaluate(js(FIRM), js(r#"{"date":"2022-07-01"}"#)).map_err(message).expect("module still works");
    let results: Array = get(&out, "results").dyn_into().unwrap();
    assert_eq!(get(&result(&results, "anbanwen-2021-17-rd-subsidy"), "status").as_string().as_deref(), Some("eligible"));
}

#[wasm_bindgen_test]
fn hostile_input_never_crashes_and_names_the_problem() {
    const DEEP_ARRAY: &str = "let a = 1; for (let i = 0; i < 100000; i++) a = [a];";
    const DEEP_OBJECT: &str = "let o = 1; for (let i = 0; i < 100000; i++) o = { a: o };";
    const BIG: &str = "const big = 'x'.repeat(10 * 1024 * 1024);";
    // (JS returning [profile, options], the fragment the error must hold; empty = must succeed)
    let cases: &[(String, &str)] = &[
        ("return [{ rd_expense_last_year: NaN }, {}]".into(), "`rd_expense_last_year`: must be a finite number"),
        ("return [{ rd_expense_last_year: Infinity }, {}]".into(), "`rd_expense_last_year`: must be a finite number"),
        ("return [{ rd_expense_last_year: -Infinity }, {}]".into(), "`rd_expense_last_year`: must be a finite number"),
        ("return [{ rd_expense_last_year: -1e308 }, {}]".into(), "`rd_expense_last_year`: -"),
        ("return [{ rd_expense_last_year: Number.MAX_VALUE, in_rd_statistics: true }, {}]".into(), ""),
        ("return [{ rd_expense_last_year: 12n }, {}]".into(), ""),
        ("return [{ rd_expense_last_year: 10n ** 400n }, {}]".into(), "`rd_expense_last_year`: must be a finite number"),
        ("return [{ rd_expense_last_year: Symbol('s') }, {}]".into(), "rd_expense_last_year"),
        ("return [{ in_rd_statistics: 'maybe', no_such_fact: 1, rd_expense_last_year: 1200 }, {}]".into(), "`in_rd_statistics`: expects true or false"),
        ("return [{ in_rd_statistics: 'maybe', no_such_fact: 1 }, {}]".into(), "`no_such_fact`: is not a fact"),
        ("return [{ in_rd_statistics: [1, [2, [3]]] }, {}]".into(), "in_rd_statistics"),
        (format!("{DEEP_ARRAY} return [{{ titles: a, rd_expense_last_year: 1 }}, {{}}]"), "`titles`: list items must be value names"),
        (format!("{DEEP_OBJECT} return [{{ in_rd_statistics: o }}, {{}}]"), "`in_rd_statistics`: expects true or false, got an object"),
        (format!("{DEEP_OBJECT} return [o, {{}}]"), "`a`: is not a fact"),
        (format!("{BIG} return [{{ hte_recognition_last_year: big }}, {{}}]"), "hte_recognition_last_year"),
        (format!("{BIG} return [{{ titles: [big] }}, {{}}]"), "`titles`: text too long"),
        (format!("{BIG} return [{{ rd_expense_last_year: big }}, {{}}]"), "`rd_expense_last_year`: expects a number"),
        (format!("{BIG} return [{{ [big]: 1 }}, {{}}]"), "is not a fact"),
        (format!("{BIG} return [{{}}, {{ date: big }}]"), "options.date: `xxxx"),
        ("const p = {}; for (let i = 0; i < 5000; i++) p['f' + i] = i; return [p, {}]".into(), "and 4980 more"),
        ("return [5, {}]".into(), "profile: expected an object"),
        ("return ['rd_expense_last_year', {}]".into(), "profile: expected an object"),
        ("return [true, {}]".into(), "profile: expected an object"),
        ("return [() => 1, {}]".into(), "profile: expected an object"),
        ("return [[{ rd_expense_last_year: 1 }], {}]".into(), "profile: expected an object"),
        ("return [{ founded_on: '2022-02-30' }, {}]".into(), "`founded_on`: `2022-02-30` is not a date"),
        ("return [{ founded_on: 20220101 }, {}]".into(), "`founded_on`: expects a date"),
        ("return [{ founded_on: new Date(2022, 0, 1) }, {}]".into(), "founded_on"),
        ("return [{}, { date: '2022-02-30' }]".into(), "options.date: `2022-02-30` is not a date"),
        ("return [{}, { date: '' }]".into(), "options.date"),
        ("return [{}, { date: 'yesterday' }]".into(), "options.date: `yesterday` is not a date"),
        ("return [{}, { date: new Date() }]".into(), "options.date: expected a string"),
        ("return [{}, { date: NaN }]".into(), "options.date: expected a string"),
        ("return [{}, 'today']".into(), "options"),
        ("return [{}, 5]".into(), "options"),
    ];
    for (body, expect) in cases {
        let pair: Array = build(body).dyn_into().unwrap();
        let (profile, options) = (pair.get(0), pair.get(1));
        for outcome in [evaluate(profile.clone(), options.clone()).map(|_| ()), next_questions_js(profile.clone(), options.clone()).map(|_| ())] {
            match (outcome.map_err(message), expect.is_empty()) {
                (Ok(()), true) => {}
                (Err(e), false) => {
                    assert!(e.contains(expect), "{}: expected `{expect}`, got `{}`", &body[..body.len().min(120)], &e[..e.len().min(300)]);
                    assert!(e.len() < 4000, "the message stays readable: {} bytes", e.len());
                }
                (r, _) => panic!("{}: expected `{expect}`, got {r:?}", &body[..body.len().min(120)]),
            }
        }
        still_works();
    }
}

#[wasm_bindgen_test]
fn a_profile_whose_reading_throws_is_an_error_not_a_crash() {
    // A getter that throws and a proxy that refuses to list its keys.
    for body in [
        "const o = {}; Object.defineProperty(o, 'rd_expense_last_year', { enumerable: true, get() { throw new Error('boom'); } }); return o;",
        "return new Proxy({}, { ownKeys() { throw new Error('no keys'); } });",
    ] {
        let r = evaluate(build(body), js(r#"{"date":"2022-07-01"}"#)).map(|_| ()).map_err(message);
        assert!(r.as_ref().is_err_and(|e| e.contains("profile: ") && (e.contains("`rd_expense_last_year`: cannot be read (boom)") || e.contains("cannot list its entries (no keys)"))), "{body}: {r:?}");
        still_works();
    }
}

#[wasm_bindgen_test]
fn assess_is_evaluate_without_the_words() {
    for date in [r#"{"date":"2022-07-01"}"#, r#"{"date":"2021-11-01"}"#] {
        let full = evaluate(js(FIRM), js(date)).map_err(message).unwrap();
        let fast = assess(js(FIRM), js(date)).map_err(message).unwrap();
        assert_eq!(get(&fast, "date").as_string(), get(&full, "date").as_string());
        assert_eq!(get(&fast, "rules_version").as_string(), get(&full, "rules_version").as_string());
        let results: Array = get(&full, "results").dyn_into().unwrap();
        let ids: Array = measures().map_err(message).unwrap().dyn_into().unwrap();
        let [status, min, max]: [Array; 3] = ["status", "min", "max"].map(|k| get(&fast, k).dyn_into().unwrap());
        assert_eq!(status.length(), results.length());
        assert_eq!(min.length(), results.length());
        assert_eq!(max.length(), results.length());
        let mut seen = std::collections::HashSet::new();
        for (i, r) in results.iter().enumerate() {
            let i = i as u32;
            // Same order as measures(), same status and amount as evaluate.
            assert_eq!(get(&ids.get(i), "id").as_string(), get(&r, "id").as_string());
            assert_eq!(status.get(i).as_string(), get(&r, "status").as_string(), "{date} {:?}", get(&r, "id").as_string());
            let amount = get(&r, "amount");
            if amount.is_null() || amount.is_undefined() {
                assert!(min.get(i).is_null() && max.get(i).is_null());
            } else {
                assert_eq!(min.get(i).as_f64(), get(&amount, "min").as_f64());
                assert_eq!(max.get(i).as_f64(), get(&amount, "max").as_f64());
            }
            seen.insert(status.get(i).as_string().unwrap_or_default());
        }
        // The firm meets some measures and fails others: the comparison covers both.
        assert!(seen.contains("not_eligible") && seen.len() >= 3, "{date}: {seen:?}");
    }
    let rd = |date: &str| {
        let fast = assess(js(FIRM), js(date)).map_err(message).unwrap();
        let ids: Array = measures().map_err(message).unwrap().dyn_into().unwrap();
        let i = ids.iter().position(|m| get(&m, "id").as_string().as_deref() == Some("anbanwen-2021-17-rd-subsidy")).unwrap() as u32;
        (get(&fast, "status").dyn_into::<Array>().unwrap().get(i).as_string(), get(&fast, "min").dyn_into::<Array>().unwrap().get(i).as_f64())
    };
    assert_eq!(rd(r#"{"date":"2022-07-01"}"#), (Some("eligible".into()), Some(60.0)));
    assert_eq!(rd(r#"{"date":"2021-11-01"}"#).0.as_deref(), Some("not_yet_in_force"));
    for (profile, options, expect) in [("[1,2]", "{}", "expected an object"), (r#"{"no_such_fact":1}"#, "{}", "not a fact"), ("{}", r#"{"date":"2022-13-01"}"#, "not a date")] {
        let err = assess(js(profile), js(options)).map(|_| ()).map_err(message).unwrap_err();
        assert!(err.contains(expect), "{profile} {options}: {err}");
    }
}
