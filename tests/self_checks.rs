//! The self-checks of `eligibility check` on small synthetic rule sets: each
//! fires on a broken pack (with file, line and measure) and stays quiet on a
//! sound one.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::check::{self, thresholds, Finding, Severity};
use anyang_policy::compile::Compiled;

const FACTS: &str = r#"
sources_as_of = "2023-02-28"
[[section]]
id = "s"
zh = "节"
en = "S"
[[fact]]
name = "revenue"
type = "number"
unit = "万元"
section = "s"
zh = "营业收入"
en = "Revenue"
[[fact]]
name = "employees"
type = "number"
unit = "人"
integer = true
section = "s"
zh = "职工人数"
en = "Employees"
[[fact]]
name = "listed"
type = "bool"
section = "s"
zh = "上市"
en = "Listed"
[[fact]]
name = "size"
type = "enum"
section = "s"
zh = "规模"
en = "Size"
values = [{ id = "small", zh = "小", en = "small" }, { id = "large", zh = "大", en = "large" }]
[[fact]]
name = "certs"
type = "set"
section = "s"
zh = "资质"
en = "Certificates"
values = [{ id = "a", zh = "甲", en = "a" }, { id = "b", zh = "乙", en = "b" }]
[[derived]]
name = "revenue_per_head"
zh = "人均营业收入"
en = "Revenue per head"
unit = "万元"
expr = "revenue / employees"
"#;

const SEED: &str = "测试〔2022〕1号\n第一条 营业收入超过1000万元的企业，奖励10万元。\n";

const DOC: &str = r#"[document]
doc = "测试〔2022〕1号"
title = "测试"
issuer = "测试局"
level = "municipal"
seed = "seed.txt"
line = 1
date = "2022-01-01"
validity_text = "未规定"
department = "测试局"
"#;

/// A measure with these conditions (TOML strings), extra lines and cases.
fn measure(id: &str, conditions: &[&str], extra: &str) -> String {
    let conds = conditions.iter().map(|c| format!("  {c:?},\n")).collect::<String>();
    format!(
        r#"
[[measure]]
id = "{id}"
title_zh = "奖励"
title_en = "Reward"
clause = "第一条"
quote = "营业收入超过1000万元的企业，奖励10万元。"
kind = "reward"
target = "企业"
conditions = [
{conds}]
amount.value = "10"
{extra}
"#
    )
}

fn compile(measures: &[String]) -> Compiled {
    let file = format!("{DOC}{}", measures.concat());
    match common::compile_temp(FACTS, &file, SEED) {
        Ok(c) => c,
        Err(d) => panic!("{}\n{file}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

fn findings(measures: &[String]) -> (Vec<Finding>, String) {
    let file = format!("{DOC}{}", measures.concat());
    (check::self_check(&compile(measures)), file)
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).map(|p| p as u32 + 1).expect(needle)
}

/// Exactly one finding, of this severity, at the line holding `at`, saying `message`.
fn expect_one(measures: &[String], severity: Severity, at: &str, message: &str) {
    let (f, file) = findings(measures);
    assert_eq!(f.len(), 1, "{f:#?}");
    let f = &f[0];
    assert_eq!((f.severity, f.file.as_str(), f.line), (severity, "rules/t.toml", line_of(&file, at)), "{f:#?}");
    assert!(f.message.contains(message), "{f:#?}");
}

fn expect_none(measures: &[String]) {
    let (f, _) = findings(measures);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn a_condition_that_can_never_be_true_is_an_error() {
    // Contradictions on one quantity inside an `all`.
    for c in ["revenue >= 10 and revenue < 5", "revenue > 10 and revenue <= 10", "employees > 4 and employees < 5", "listed and not listed", "size == small and size == large", "certs has_all [a, b] and not certs has a"] {
        expect_one(&[measure("t-m", &[c, "revenue >= 1"], "")], Severity::Error, &format!("{c:?}"), "can never be true");
    }
    // Outside the vocabulary's range (money is never negative).
    expect_one(&[measure("t-m", &["revenue < 0"], "")], Severity::Error, "revenue < 0", "can never be true");
    // A derived quantity and the assessment date are probed like facts.
    expect_one(&[measure("t-m", &["revenue_per_head > 5 and revenue_per_head < 2"], "")], Severity::Error, "revenue_per_head > 5", "can never be true");
    expect_one(&[measure("t-m", &["today < 2020-01-01 and today > 2021-01-01"], "")], Severity::Error, "today <", "can never be true");
    // Two top-level conditions that contradict each other.
    let m = measure("t-m", &["revenue >= 10", "listed", "revenue < 5"], "");
    expect_one(&[m], Severity::Error, "\"revenue >= 10\"", "contradict each other");
}

#[test]
fn satisfiable_conditions_are_quiet() {
    expect_none(&[measure("t-m", &["revenue >= 5 and revenue < 10"], "")]);
    expect_none(&[measure("t-m", &["revenue > 4 and revenue < 5"], "")]); // not integer: 4.5 qualifies
    expect_none(&[measure("t-m", &["employees >= 4 and employees <= 4"], "")]);
    expect_none(&[measure("t-m", &["revenue >= 10", "listed or revenue < 5", "size != small"], "")]);
    expect_none(&[measure("t-m", &["certs has a and not certs has b"], "")]);
    expect_none(&[measure("t-m", &["today < 2021-12-24 or listed"], "")]);
    expect_none(&[measure("t-m", &["revenue > revenue_per_head and revenue < 5"], "")]);
    expect_none(&[measure("t-m", &["unclear(\"原文未说明\")"], "")]);
}

#[test]
fn a_condition_that_can_never_be_false_is_a_warning() {
    expect_one(&[measure("t-m", &["revenue >= 10 or revenue < 10", "listed"], "")], Severity::Warning, "revenue >= 10 or", "can never be false");
    expect_one(&[measure("t-m", &["listed or not listed", "revenue > 1"], "")], Severity::Warning, "listed or not", "can never be false");
    expect_one(&[measure("t-m", &["size == small or size == large", "listed"], "")], Severity::Warning, "size == small", "can never be false");
    expect_one(&[measure("t-m", &["revenue >= 0"], "")], Severity::Warning, "revenue >= 0", "can never be false");
    expect_none(&[measure("t-m", &["revenue >= 10 or revenue < 5"], "")]);
}

#[test]
fn a_constant_part_inside_a_condition_is_a_warning() {
    expect_one(&[measure("t-m", &["listed or (revenue > 5 and revenue < 3)"], "")], Severity::Warning, "listed or (", "the part `(revenue > 5 and revenue < 3)` can never be true");
    expect_one(&[measure("t-m", &["listed and (employees > 3 or employees <= 3)"], "")], Severity::Warning, "listed and (", "can never be false");
}

#[test]
fn an_amount_tier_that_can_never_apply_is_a_warning() {
    let m = measure("t-m", &["revenue > 0"], "").replace("amount.value = \"10\"", "amount.tiers = [\"revenue >= 100 => 10\", \"revenue > 50 and revenue < 40 => 5\"]");
    expect_one(&[m], Severity::Warning, "amount.tiers", "amount tier `(revenue > 50 and revenue < 40)` can never apply");
    let m = measure("t-m", &["revenue > 0"], "").replace("amount.value = \"10\"", "amount.tiers = [\"revenue >= 100 => 10\", \"revenue < 100 => 5\"]");
    expect_none(&[m]);
}

#[test]
fn relation_cycles_and_self_references_are_errors() {
    let a = measure("t-a", &["listed"], "implements = [\"t-b\"]");
    let b = measure("t-b", &["listed"], "supersedes = [\"t-a\"]");
    let (f, file) = findings(&[a.clone(), b]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].severity, f[0].line, f[0].measure.as_str()), (Severity::Error, line_of(&file, "implements = [\"t-b\"]"), "t-a"));
    assert!(f[0].message.contains("cycle among t-a, t-b"), "{f:#?}");
    // A longer cycle.
    let b = measure("t-b", &["listed"], "implements = [\"t-c\"]");
    let c = measure("t-c", &["listed"], "supersedes = [\"t-a\"]");
    let (f, _) = findings(&[a.clone(), b, c]);
    assert!(f.len() == 1 && f[0].message.contains("t-a, t-b, t-c"), "{f:#?}");
    for rel in ["implements", "supersedes", "not_combinable_with"] {
        expect_one(&[measure("t-a", &["listed"], &format!("{rel} = [\"t-a\"]"))], Severity::Error, &format!("{rel} ="), &format!("`{rel}` names the measure itself"));
    }
}

#[test]
fn consistent_relations_are_quiet() {
    // A chain is no cycle; not_combinable_with listed on one side only is read both ways.
    let a = measure("t-a", &["listed"], "implements = [\"t-b\"]\nnot_combinable_with = [\"t-c\"]");
    let b = measure("t-b", &["listed"], "supersedes = [\"t-c\"]");
    let c = measure("t-c", &["listed"], "");
    expect_none(&[a, b, c]);
}

#[test]
fn overlapping_relations_are_warnings() {
    let a = measure("t-a", &["listed"], "implements = [\"t-b\"]\nnot_combinable_with = [\"t-b\"]");
    let b = measure("t-b", &["listed"], "");
    expect_one(&[a, b], Severity::Warning, "implements =", "`not_combinable_with` `t-b` while one of the two implements or supersedes the other");
    let r = |id: &str, blocks: &str| measure(id, &["listed"], &format!("blocks = [\"{blocks}\"]")).replace("kind = \"reward\"", "kind = \"restriction\"").replace("amount.value = \"10\"\n", "");
    expect_one(&[r("t-r", "t-s"), r("t-s", "t-a"), measure("t-a", &["listed"], "")], Severity::Warning, "blocks = [\"t-s\"]", "another restriction");
}

#[test]
fn thresholds_report_the_sides_their_cases_miss() {
    let cases = |vals: &[&str]| format!("cases = [{}]", vals.iter().map(|v| format!("{{ given = {{ revenue = {v} }}, expect = \"{}\" }}", if v.parse::<f64>().unwrap() > 1000.0 { "eligible" } else { "not_eligible" })).collect::<Vec<_>>().join(", "));
    let sides = |vals: &[&str]| {
        let c = compile(&[measure("t-m", &["revenue > 1000"], &cases(vals))]);
        assert!(check::run_cases(&c.pack, &c.cases).is_empty());
        let t = thresholds::threshold_coverage(&c.pack, &c.cases, &c.lines);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].measure.as_str(), t[0].thresholds.len(), t[0].thresholds[0].quantity.as_str(), t[0].thresholds[0].value), ("t-m", 1, "revenue", 1000.0));
        (t[0].thresholds[0].sides, t[0].gaps())
    };
    let (s, gaps) = sides(&["1000.01"]);
    assert_eq!(s.missing(), ["below", "at"]);
    assert_eq!(gaps, ["revenue vs 1000 (no case below, at)"]);
    assert_eq!(sides(&["999", "1000"]).0.missing(), ["above"]);
    let (s, gaps) = sides(&["999.99", "1000", "1000.01"]);
    assert!(s.complete() && gaps.is_empty(), "{s:?}");
}

#[test]
fn thresholds_in_amount_tiers_and_derived_quantities_count() {
    let m = measure("t-m", &["revenue_per_head >= 2"], "cases = [{ given = { revenue = 20, employees = 10 }, expect = \"eligible\" }]")
        .replace("amount.value = \"10\"", "amount.tiers = [\"employees >= 50 => 10\", \"employees < 50 => 5\"]");
    let c = compile(&[m]);
    let t = thresholds::threshold_coverage(&c.pack, &c.cases, &c.lines);
    let found: Vec<(String, f64, Vec<&str>)> = t[0].thresholds.iter().map(|t| (t.quantity.clone(), t.value, t.sides.missing())).collect();
    assert_eq!(found, [("revenue_per_head".to_string(), 2.0, vec!["below", "above"]), ("employees".to_string(), 50.0, vec!["at", "above"])]);
}

#[test]
fn a_side_the_quantity_cannot_reach_needs_no_case() {
    // Money is never negative: `revenue > 0` needs cases at 0 and above only.
    let m = measure("t-m", &["revenue > 0"], "cases = [{ given = { revenue = 0 }, expect = \"not_eligible\" }, { given = { revenue = 1 }, expect = \"eligible\" }]");
    let c = compile(&[m]);
    let t = thresholds::threshold_coverage(&c.pack, &c.cases, &c.lines);
    assert!(t[0].thresholds[0].sides.complete(), "{t:?}");
    let m = measure("t-m", &["revenue > 0"], "cases = [{ given = { revenue = 1 }, expect = \"eligible\" }]");
    let c = compile(&[m]);
    assert_eq!(thresholds::threshold_coverage(&c.pack, &c.cases, &c.lines)[0].thresholds[0].sides.missing(), ["at"]);
}

#[test]
fn eligibility_check_fails_on_an_error_and_passes_with_warnings() {
    let run = |measures: &[String]| {
        let dir = common::write_temp(FACTS, &format!("{DOC}{}", measures.concat()), SEED);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_eligibility")).arg("check").arg("--rules").arg(dir.join("rules")).arg("--sources").arg(dir.join("seeds")).output().expect("run eligibility");
        std::fs::remove_dir_all(&dir).ok();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let case = "cases = [{ given = { revenue = 20 }, expect = \"eligible\" }]";
    let (ok, out, err) = run(&[measure("t-m", &["revenue >= 10", "revenue < 5"], "")]);
    assert!(!ok, "{out}");
    assert!(out.contains("rules/t.toml:21: error: `t-m`: the conditions contradict each other"), "{out}");
    assert!(out.contains("self-checks: 1 error(s), 0 warning(s)") && err.contains("1 self-check error(s)"), "{out}\n{err}");
    let (ok, out, err) = run(&[measure("t-m", &["revenue >= 10"], case)]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("warning: `t-m`: thresholds without a case on every side: revenue vs 10 (no case below, at)"), "{out}");
    assert!(out.contains("thresholds: 1 in 1 measures; 0 with cases below, at and above; 1 missing a side in 1 measures"), "{out}");
}
