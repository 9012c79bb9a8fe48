//! The JS API (wasm-bindgen): `evaluate`, `assess`, `measures`, `facts`, `nextQuestions`.
//!
//! Inputs are plain JS objects; outputs are plain objects (never `Map`s).
//! Bad input raises a JS `Error` whose message names the fact and the
//! problem; nothing here can panic.

use crate::date::parse_date;
use crate::engine::{assess as assess_all, evaluate as run, questions::next_questions};
use crate::pack::Pack;
use crate::profile::Profile;
use crate::{catalogue, embedded};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod js_input;

// The TypeScript types of what these functions return: the serde shapes of
// `engine::Evaluation`, `catalogue::{MeasureInfo, FactInfo}` and
// `questions::Question` (tests/api_types.rs checks them against real output).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("api.d.ts");

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&format!("cannot return the result: {e}")))
}

fn pack() -> Result<&'static Pack, JsError> {
    match embedded::load_error() {
        Some(e) => Err(JsError::new(e)),
        None => Ok(embedded::pack()),
    }
}

/// Today in China Standard Time, as days since 1970-01-01.
pub fn today() -> i32 {
    let ms = js_sys::Date::now();
    ((ms / 1000.0 + 8.0 * 3600.0) / 86400.0).floor() as i32
}

const MAX_ERRORS_SHOWN: usize = 20;

fn profile_of(pack: &Pack, value: JsValue) -> Result<Profile, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Profile::empty(pack));
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(JsError::new("profile: expected an object of fact name → value"));
    }
    let (raw, mut errors) = js_input::raw_profile(&value).map_err(|e| JsError::new(&format!("profile: {e}")))?;
    let (profile, more) = Profile::check(pack, &raw);
    errors.extend(more);
    if errors.is_empty() {
        Ok(profile)
    } else {
        // Every bad entry is named, up to a readable number (a hostile profile may hold thousands).
        let mut shown: Vec<String> = errors.iter().take(MAX_ERRORS_SHOWN).map(|e| e.to_string()).collect();
        if errors.len() > MAX_ERRORS_SHOWN {
            shown.push(format!("and {} more", errors.len() - MAX_ERRORS_SHOWN));
        }
        Err(JsError::new(&format!("profile: {}", shown.join("; "))))
    }
}

fn date_of(options: &JsValue) -> Result<i32, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(today());
    }
    let date = js_sys::Reflect::get(options, &JsValue::from_str("date")).map_err(|_| JsError::new("options: expected an object"))?;
    if date.is_undefined() || date.is_null() {
        return Ok(today());
    }
    let s = date.as_string().ok_or_else(|| JsError::new("options.date: expected a string YYYY-MM-DD"))?;
    parse_date(&s).ok_or_else(|| JsError::new(&format!("options.date: `{}` is not a date (YYYY-MM-DD)", s.chars().take(40).collect::<String>())))
}

/// Evaluate every measure. `options.date` (YYYY-MM-DD) defaults to today.
#[wasm_bindgen(unchecked_return_type = "Evaluation")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Profile")] profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let pack = pack()?;
    let p = profile_of(pack, profile)?;
    to_js(&run(pack, &p, date_of(&options)?))
}

/// The fast path: status and amount of every measure, nothing else.
#[derive(Serialize)]
struct Assessment<'a> {
    date: String,
    rules_version: &'a str,
    /// Per measure, in the order of `measures()`.
    status: Vec<&'static str>,
    /// Amount bounds per measure; `null` where a measure has no amount (or is not eligible).
    min: Vec<Option<f64>>,
    max: Vec<Option<f64>>,
}

/// Status and amount of every measure (the engine's `assess`): compact
/// parallel arrays in the order of `measures()`, for callers that re-evaluate
/// on every keystroke or screen many firms. `options.date` as in `evaluate`.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "Profile")] profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let pack = pack()?;
    let p = profile_of(pack, profile)?;
    let today = date_of(&options)?;
    let cores = assess_all(pack, &p, today);
    to_js(&Assessment {
        date: crate::date::format_date(today),
        rules_version: &pack.version,
        status: cores.iter().map(|c| c.status.id()).collect(),
        min: cores.iter().map(|c| c.amount.map(|a| a.lo)).collect(),
        max: cores.iter().map(|c| c.amount.map(|a| a.hi)).collect(),
    })
}

/// The unknown facts that can still change a result, most useful first.
#[wasm_bindgen(js_name = nextQuestions, unchecked_return_type = "Question[]")]
pub fn next_questions_js(
    #[wasm_bindgen(unchecked_param_type = "Profile")] profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EvaluateOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let pack = pack()?;
    let p = profile_of(pack, profile)?;
    to_js(&next_questions(pack, &p, date_of(&options)?))
}

/// Every measure, with its citation, conditions and validity.
#[wasm_bindgen(unchecked_return_type = "MeasureInfo[]")]
pub fn measures() -> Result<JsValue, JsError> {
    to_js(&catalogue::measures(pack()?))
}

/// The vocabulary of facts a profile may hold.
#[wasm_bindgen(unchecked_return_type = "FactInfo[]")]
pub fn facts() -> Result<JsValue, JsError> {
    to_js(&catalogue::facts(pack()?))
}

/// The rule pack's version and its sources' "as of" date.
#[wasm_bindgen(js_name = rulesVersion, unchecked_return_type = "RulesVersion")]
pub fn rules_version() -> Result<JsValue, JsError> {
    let p = pack()?;
    to_js(&(&p.version, &p.sources_as_of))
}
