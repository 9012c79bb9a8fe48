//! The TypeScript declarations of the JS API (`src/api.d.ts`, shipped in the
//! npm package) describe what the API really returns: every interface's fields
//! are exactly the keys of real values, with matching types, for three firms.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::{evaluate, questions::next_questions};
use anyang_policy::input::RawProfile;
use anyang_policy::profile::Profile;
use anyang_policy::{catalogue, embedded};
use serde_json::Value;
use std::collections::BTreeMap;

/// interface name → (field name → type text); type alias name → its text.
struct Decls {
    interfaces: BTreeMap<String, BTreeMap<String, String>>,
    aliases: BTreeMap<String, String>,
}

/// Reads the declaration file's own simple style: one field per line,
/// `export type X = …;` on one line. Comments are skipped.
fn parse(ts: &str) -> Decls {
    let mut d = Decls { interfaces: BTreeMap::new(), aliases: BTreeMap::new() };
    let mut current: Option<String> = None;
    for line in ts.lines().map(str::trim) {
        if line.starts_with("/**") || line.starts_with('*') || line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("export interface ") {
            current = Some(rest.trim_end_matches('{').trim().to_owned());
            d.interfaces.insert(current.clone().unwrap(), BTreeMap::new());
        } else if line == "}" {
            current = None;
        } else if let Some(rest) = line.strip_prefix("export type ") {
            let (name, ty) = rest.split_once(" = ").expect("type alias");
            d.aliases.insert(name.to_owned(), ty.trim_end_matches(';').to_owned());
        } else if let Some(name) = &current {
            let (field, ty) = line.split_once(": ").unwrap_or_else(|| panic!("field line: {line}"));
            d.interfaces.get_mut(name).unwrap().insert(field.trim_end_matches('?').to_owned(), ty.trim_end_matches(';').to_owned());
        }
    }
    d
}

impl Decls {
    /// Checks `v` against the type text `ty`; an error names the path of the mismatch.
    fn check(&self, ty: &str, v: &Value, path: &str, field: &str) -> Result<(), String> {
        let ty = ty.trim();
        let alternatives: Vec<&str> = ty.split(" | ").collect();
        if alternatives.len() > 1 {
            return match alternatives.iter().any(|a| self.check(a, v, path, field).is_ok()) {
                true => Ok(()),
                false => Err(format!("{path}: {v} is none of {ty}")),
            };
        }
        let expect = |ok: bool, what: &str| if ok { Ok(()) } else { Err(format!("{path}: expected {what}, got {v}")) };
        if let Some(item) = ty.strip_suffix("[]") {
            let a = v.as_array().ok_or_else(|| format!("{path}: expected an array, got {v}"))?;
            return a.iter().enumerate().try_for_each(|(i, x)| self.check(item, x, &format!("{path}[{i}]"), field));
        }
        if let Some(items) = ty.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            // A labelled tuple: `[a: string, b: string]`.
            let types: Vec<&str> = items.split(", ").map(|i| i.split_once(": ").map_or(i, |(_, t)| t)).collect();
            let a = v.as_array().ok_or_else(|| format!("{path}: expected a tuple, got {v}"))?;
            expect(a.len() == types.len(), &format!("{} items", types.len()))?;
            return a.iter().zip(types).enumerate().try_for_each(|(i, (x, t))| self.check(t, x, &format!("{path}[{i}]"), field));
        }
        match ty {
            "string" => expect(v.is_string(), "a string"),
            // serde_json writes a non-finite number as null; JS receives Infinity.
            "number" => expect(v.is_number() || (v.is_null() && field.ends_with("max")), "a number"),
            "boolean" => expect(v.is_boolean(), "a boolean"),
            "null" => expect(v.is_null(), "null"),
            lit if lit.starts_with('"') => expect(v.as_str() == Some(lit.trim_matches('"')), lit),
            name if self.aliases.contains_key(name) => self.check(&self.aliases[name], v, path, field),
            name => {
                let fields = self.interfaces.get(name).ok_or_else(|| format!("{path}: unknown type {name}"))?;
                let obj = v.as_object().ok_or_else(|| format!("{path}: expected {name}, got {v}"))?;
                let keys: Vec<&String> = obj.keys().collect();
                if keys != fields.keys().collect::<Vec<_>>() {
                    return Err(format!("{path}: the fields of {name} are {keys:?}, declared {:?}", fields.keys().collect::<Vec<_>>()));
                }
                fields.iter().try_for_each(|(k, t)| self.check(t, &obj[k], &format!("{path}.{k}"), k))
            }
        }
    }

    fn assert(&self, ty: &str, v: &Value, path: &str) {
        if let Err(e) = self.check(ty, v, path, "") {
            panic!("{e}");
        }
    }
}

fn decls() -> Decls {
    parse(&std::fs::read_to_string(common::root().join("src/api.d.ts")).unwrap())
}

fn firm(name: &str) -> Profile {
    let text = std::fs::read_to_string(common::root().join(format!("tests/fixtures/{name}.json"))).unwrap();
    let raw: RawProfile = serde_json::from_str(&text).unwrap();
    let (p, errors) = Profile::check(embedded::pack(), &raw);
    assert!(errors.is_empty(), "{errors:?}");
    p
}

#[test]
fn evaluation_and_questions_match_their_declarations() {
    let d = decls();
    let pack = embedded::pack();
    let mut seen = std::collections::BTreeSet::new();
    for name in ["rd-first-time", "small-restaurant", "hiring-manufacturer"] {
        for date in ["2022-07-01", "2024-01-01"] {
            let p = firm(name);
            let e = serde_json::to_value(evaluate(pack, &p, common::date(date))).unwrap();
            d.assert("Evaluation", &e, name);
            for r in e["results"].as_array().unwrap() {
                seen.insert(r["status"].as_str().unwrap().to_owned());
            }
            let q = serde_json::to_value(next_questions(pack, &p, common::date(date))).unwrap();
            d.assert("Question[]", &q, name);
        }
    }
    // The checks above saw the nullable and nested shapes, not only empty lists.
    assert!(seen.len() >= 4, "statuses seen: {seen:?}");
}

#[test]
fn catalogue_matches_its_declarations() {
    let d = decls();
    let pack = embedded::pack();
    d.assert("MeasureInfo[]", &serde_json::to_value(catalogue::measures(pack)).unwrap(), "measures");
    d.assert("FactInfo[]", &serde_json::to_value(catalogue::facts(pack)).unwrap(), "facts");
    d.assert("RulesVersion", &serde_json::json!([pack.version, pack.sources_as_of]), "rulesVersion");
}

#[test]
fn a_wrong_declaration_is_caught() {
    let d = parse("export interface A {\n  x: number;\n  y: \"a\" | \"b\";\n}\n");
    assert_eq!(d.check("A", &serde_json::json!({"x": 1, "y": "a"}), "ok", ""), Ok(()));
    for bad in [serde_json::json!({"x": 1}), serde_json::json!({"x": "1", "y": "a"}), serde_json::json!({"x": 1, "y": "c"}), serde_json::json!({"x": 1, "y": "a", "z": 0})] {
        assert!(d.check("A", &bad, "bad", "").is_err(), "{bad}");
    }
    let t = parse("export type T = [a: string, b: number];\n");
    assert!(t.check("T", &serde_json::json!(["x", 1]), "t", "").is_ok());
    assert!(t.check("T", &serde_json::json!(["x"]), "t", "").is_err());
}
