//! A profile read from a JS object by hand, never through a path that can
//! throw past Rust: a getter or proxy that throws, a BigInt, a symbol, a
//! 100 000-level nested array or a 10 MB string each become an error naming
//! the fact, and every other entry is kept. (serde-wasm-bindgen reads
//! objects with `Object.entries`, which is not guarded: a throwing getter
//! would abort the module.)

use crate::input::{Input, RawProfile};
use crate::profile::ProfileError;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Most entries read from one profile, as for JSON profiles.
const MAX_ENTRIES: usize = 10_000;
/// Most values in one list, as for JSON profiles.
const MAX_LIST: u32 = 256;

/// The profile's own enumerable string-keyed entries, in order, and one
/// error per entry that could not be read. `Err` when the object itself
/// cannot be listed.
pub fn raw_profile(obj: &JsValue) -> Result<(RawProfile, Vec<ProfileError>), String> {
    let keys = Reflect::own_keys(obj).map_err(|e| format!("cannot list its entries ({})", thrown(&e)))?;
    if keys.length() as usize > MAX_ENTRIES {
        return Err(format!("a profile of more than {MAX_ENTRIES} entries"));
    }
    let mut raw = RawProfile::default();
    let mut errors = Vec::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else { continue }; // symbol keys are not facts
        let shown: String = name.chars().take(60).collect();
        let enumerable = Reflect::get_own_property_descriptor(obj.unchecked_ref::<js_sys::Object>(), &key).ok().filter(|d| !d.is_undefined()).and_then(|d| Reflect::get(&d, &JsValue::from_str("enumerable")).ok()).and_then(|e| e.as_bool());
        match enumerable {
            Some(true) => {}
            Some(false) => continue,
            None => {
                errors.push(ProfileError { fact: shown, message: "cannot be read".into() });
                continue;
            }
        }
        match Reflect::get(obj, &key) {
            Ok(v) => match input(&v) {
                Ok(i) => raw.0.push((name, i)),
                Err(message) => errors.push(ProfileError { fact: shown, message }),
            },
            Err(e) => errors.push(ProfileError { fact: shown, message: format!("cannot be read ({})", thrown(&e)) }),
        }
    }
    Ok((raw, errors))
}

/// One fact value: scalars as they are, a flat list of scalars; anything
/// else (object, function, symbol, nested list) is left unread as `Object`,
/// which the profile check refuses with the fact's name.
fn input(v: &JsValue) -> Result<Input, String> {
    if Array::is_array(v) {
        let len = Reflect::get(v, &JsValue::from_str("length")).ok().and_then(|l| l.as_f64()).ok_or("a list whose length cannot be read")?;
        if len > MAX_LIST as f64 {
            return Err(format!("a list of more than {MAX_LIST} values"));
        }
        let mut items = Vec::new();
        for i in 0..len as u32 {
            let item = Reflect::get_u32(v, i).map_err(|e| format!("list item {i} cannot be read ({})", thrown(&e)))?;
            items.push(if Array::is_array(&item) { Input::Object } else { scalar(&item) });
        }
        return Ok(Input::List(items));
    }
    Ok(scalar(v))
}

fn scalar(v: &JsValue) -> Input {
    if v.is_null() || v.is_undefined() {
        Input::Null
    } else if let Some(b) = v.as_bool() {
        Input::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Input::Num(n)
    } else if let Some(s) = v.as_string() {
        Input::Str(s)
    } else if v.is_bigint() {
        // 12n is 12; a BigInt too large for a number becomes ±Infinity and is refused.
        v.dyn_ref::<js_sys::BigInt>().and_then(|b| b.to_string(10).ok()).and_then(|s| String::from(s).parse::<f64>().ok()).map_or(Input::Object, Input::Num)
    } else {
        Input::Object
    }
}

/// A thrown value's message, short.
fn thrown(e: &JsValue) -> String {
    let m = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "an exception".into());
    m.chars().take(80).collect()
}
