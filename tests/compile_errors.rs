//! Nothing broken ships: each kind of rule error is reported with its file and line.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::compile::Diag;

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
"#;

const SEED: &str = "测试〔2022〕1号\n第一条 营业收入超过1000万元的企业，奖励10万元。\n第二条 上市企业奖励 50 万元。\n";

fn rule(body: &str) -> String {
    format!(
        r#"[document]
doc = "测试〔2022〕1号"
title = "测试"
issuer = "测试局"
level = "municipal"
seed = "seed.txt"
line = 1
date = "2022-01-01"
validity_text = "未规定"
department = "测试局"
{body}"#
    )
}

const GOOD: &str = r#"
[[measure]]
id = "t-revenue"
title_zh = "收入奖励"
title_en = "Revenue reward"
clause = "第一条"
quote = "营业收入超过1000万元的企业，奖励10万元。"
kind = "reward"
target = "企业"
conditions = ["revenue > 1000"]
amount.value = "10"
cases = [{ given = { revenue = 1000.01 }, expect = "eligible", amount = 10 }]
"#;

fn compile(facts: &str, file: &str) -> Result<usize, Vec<Diag>> {
    common::compile_temp(facts, file, SEED).map(|c| c.pack.measures.len())
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).map(|p| p as u32 + 1).expect(needle)
}

/// The single error, which must be in t.toml at the line holding `at`.
fn expect_error(file: &str, at: &str, message: &str) {
    let diags = compile(FACTS, file).expect_err("must not compile");
    assert!(
        diags.iter().any(|d| d.file == "rules/t.toml" && d.line == line_of(file, at) && d.message.contains(message)),
        "expected `{message}` at line {} of t.toml, got:\n{}",
        line_of(file, at),
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn a_good_file_compiles() {
    assert_eq!(compile(FACTS, &rule(GOOD)), Ok(1));
}

#[test]
fn unknown_fact() {
    let f = rule(&GOOD.replace("revenue > 1000", "revenu > 1000"));
    expect_error(&f, "revenu > 1000", "unknown fact `revenu`; did you mean `revenue`");
}

#[test]
fn type_mismatch() {
    expect_error(&rule(&GOOD.replace("revenue > 1000", "revenue")), "conditions", "is a number, not a yes/no fact");
    expect_error(&rule(&GOOD.replace("revenue > 1000", "listed > 3")), "conditions", "is a yes/no fact, not a number");
    expect_error(&rule(&GOOD.replace("revenue > 1000", "size == medium")), "conditions", "`medium` is not a value of `size`");
    expect_error(&rule(&GOOD.replace("revenue > 1000", "revenue > 5% and revenue < 2022-01-01")), "conditions", "compares");
}

#[test]
fn relation_to_an_unknown_measure() {
    let f = rule(&GOOD.replace("amount.value = \"10\"", "amount.value = \"10\"\nnot_combinable_with = [\"t-nothing\"]"));
    expect_error(&f, "not_combinable_with", "unknown measure `t-nothing`");
}

#[test]
fn missing_citation() {
    let f = rule(&GOOD.replace("clause = \"第一条\"", "clause = \"\""));
    expect_error(&f, "[[measure]]", "`clause` is missing");
    let f = rule(&GOOD.replace("clause = \"第一条\"\n", ""));
    let diags = compile(FACTS, &f).unwrap_err();
    assert!(diags.iter().any(|d| d.message.contains("missing field `clause`") && d.line > 0), "{diags:?}");
}

#[test]
fn quote_not_in_the_source() {
    let f = rule(&GOOD.replace("奖励10万元。", "奖励20万元。"));
    expect_error(&f, "quote =", "quote not found in seed.txt");
    // Whitespace does not matter: the source's page breaks and spaces are ignored.
    let f = rule(&GOOD.replace("营业收入超过1000万元", "营业 收入\n超过 1000 万元"));
    assert_eq!(compile(FACTS, &f.replace("quote = \"", "quote = \"\"\"").replace("。\"\nkind", "。\"\"\"\nkind")), Ok(1));
}

#[test]
fn unknown_key_and_bad_toml() {
    expect_error(&rule(&GOOD.replace("target = \"企业\"", "target = \"企业\"\ntargte = \"x\"")), "targte", "unknown field `targte`");
    expect_error(&rule(&GOOD.replace("kind = \"reward\"", "kind = \"reward")), "kind = \"reward", "");
}

#[test]
fn case_with_unknown_fact_or_status() {
    expect_error(&rule(&GOOD.replace("given = { revenue = 1000.01 }", "given = { revenu = 1 }")), "cases", "case names unknown fact `revenu`");
    expect_error(&rule(&GOOD.replace("expect = \"eligible\"", "expect = \"ok\"")), "cases", "not a status");
}

#[test]
fn vocabulary_errors_name_facts_toml() {
    let facts = FACTS.replace("unit = \"万元\"", "unit = \"美元\"");
    let diags = compile(&facts, &rule(GOOD)).unwrap_err();
    assert!(diags.iter().any(|d| d.file == "rules/facts.toml" && d.message.contains("needs a unit")), "{diags:?}");
}
