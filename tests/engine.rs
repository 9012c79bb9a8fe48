//! Engine semantics on a small synthetic rule set (so each rule of the
//! semantics is pinned independently of the real policies), then the
//! foundation issue's reference firm on the real pack.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::{assess, evaluate, questions::next_questions, Status};
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::Pack;
use anyang_policy::profile::Profile;
use common::{b, date, n, s};
use std::sync::OnceLock;

const FACTS: &str = r#"
sources_as_of = "2023-02-28"
[[section]]
id = "s"
zh = "节"
en = "S"
[[fact]]
name = "sales"
type = "number"
unit = "万元"
section = "s"
zh = "销售收入"
en = "Sales"
[[fact]]
name = "rd"
type = "number"
unit = "万元"
section = "s"
zh = "研发费用"
en = "R&D"
[[fact]]
name = "growth_pct"
type = "number"
unit = "%"
section = "s"
zh = "营业收入增速"
en = "Revenue growth"
[[fact]]
name = "local"
type = "bool"
section = "s"
zh = "本地注册"
en = "Registered locally"
[[fact]]
name = "banned"
type = "bool"
section = "s"
zh = "失信"
en = "Dishonest"
[[fact]]
name = "titles"
type = "set"
section = "s"
zh = "称号"
en = "Titles"
values = [{ id = "a", zh = "甲", en = "A" }, { id = "b", zh = "乙", en = "B" }, { id = "c", zh = "丙", en = "C" }]
[[fact]]
name = "founded"
type = "date"
section = "s"
zh = "成立日期"
en = "Founded"
"#;

const SEED: &str = "测试〔2022〕1号 甲条 奖励甲。乙条 奖励乙。丙条 奖励丙。丁条 限制。戊条 上限。";

const RULES: &str = r#"
[document]
doc = "测试〔2022〕1号"
title = "测试"
issuer = "测试局"
level = "municipal"
seed = "seed.txt"
line = 1
date = "2022-01-01"
valid_from = "2022-01-01"
valid_until = "2022-12-31"
validity_text = "2022年"
department = "测试局"

[[measure]]
id = "tiers"
title_zh = "分档"
title_en = "Tiers"
clause = "甲条"
quote = "奖励甲。"
kind = "reward"
target = "企业"
tags = ["fiscal"]
conditions = ["local", "growth_pct >= 15"]
amount.tiers = ["sales >= 5000 => 50", "sales <= 5000 => 35"]

[[measure]]
id = "formula"
title_zh = "公式"
title_en = "Formula"
clause = "乙条"
quote = "奖励乙。"
kind = "subsidy"
target = "企业"
tags = ["fiscal"]
conditions = ["rd > 0", "local or titles has a"]
amount.value = "min(5% * rd, 600)"

[[measure]]
id = "restated"
title_zh = "细则重述"
title_en = "Restated"
clause = "乙条"
quote = "奖励乙。"
kind = "subsidy"
target = "企业"
tags = ["fiscal"]
conditions = ["rd > 0", "local"]
amount.value = "min(5% * rd, 600)"
implements = ["formula"]

[[measure]]
id = "ranked"
title_zh = "评选"
title_en = "Ranked"
clause = "丙条"
quote = "奖励丙。"
kind = "title"
target = "企业"
ranked = true
conditions = ["score >= 60", "years_since(founded) >= 3"]
score = [
  { label = "增速", group = "g", tiers = ["growth_pct >= 20 => 40", "growth_pct >= 10 and growth_pct < 20 => 20"] },
  { label = "称号", group = "h", points = "min(10 * count(titles), 25)" },
]

[[measure]]
id = "other-reward"
title_zh = "另一奖励"
title_en = "Other reward"
clause = "丙条"
quote = "奖励丙。"
kind = "reward"
target = "企业"
tags = ["fiscal"]
conditions = ["titles has_any [b, c]"]
amount.value = "30"
not_combinable_with = ["tiers"]

[[measure]]
id = "ban"
title_zh = "失信限制"
title_en = "Dishonesty ban"
clause = "丁条"
quote = "限制。"
kind = "restriction"
target = "失信企业"
conditions = ["banned"]
blocks = ["tag:fiscal"]

[[cap]]
id = "cap"
clause = "戊条"
quote = "上限。"
measures = ["tag:fiscal"]
value = "70"

[[cap]]
id = "inner-cap"
clause = "戊条"
quote = "上限。"
measures = ["restated"]
value = "25"
"#;

fn pack() -> &'static Pack {
    static P: OnceLock<Pack> = OnceLock::new();
    P.get_or_init(|| common::compile_temp(FACTS, RULES, SEED).unwrap_or_else(|d| panic!("{d:?}")).pack)
}

fn status_of(p: &Profile, id: &str, day: &str) -> (Status, Option<(f64, f64)>) {
    let pack = pack();
    let ix = pack.measures.iter().position(|m| m.id == id).unwrap();
    let c = assess(pack, p, date(day))[ix];
    (c.status, c.amount.map(|a| (a.lo, a.hi)))
}

const D: &str = "2022-07-01";

#[test]
fn boundaries_and_both_claimed_tiers() {
    let p = |sales: f64, g: f64| common::profile(pack(), &[("local", b(true)), ("growth_pct", n(g)), ("sales", n(sales)), ("banned", b(false))]);
    assert_eq!(status_of(&p(6000.0, 15.0), "tiers", D), (Status::Eligible, Some((50.0, 50.0))));
    assert_eq!(status_of(&p(5000.0, 15.0), "tiers", D), (Status::Eligible, Some((35.0, 50.0))), "5000 is in both tiers");
    assert_eq!(status_of(&p(4999.99, 15.0), "tiers", D), (Status::Eligible, Some((35.0, 35.0))));
    assert_eq!(status_of(&p(6000.0, 14.99), "tiers", D).0, Status::NotEligible, ">= 15 is inclusive");
    assert_eq!(status_of(&p(6000.0, 15.01), "tiers", D).0, Status::Eligible);
}

#[test]
fn kleene_unknowns() {
    let pack = pack();
    // Nothing known: undetermined, and the amount spans every tier.
    let empty = Profile::empty(pack);
    assert_eq!(status_of(&empty, "tiers", D), (Status::Undetermined, Some((35.0, 50.0))));
    // One false condition decides, whatever else is unknown.
    let p = common::profile(pack, &[("local", b(false))]);
    assert_eq!(status_of(&p, "tiers", D).0, Status::NotEligible);
    // `or`: one known-true branch suffices.
    let p = common::profile(pack, &[("titles", Input::List(vec![s("a")])), ("rd", n(100.0)), ("banned", b(false))]);
    assert_eq!(status_of(&p, "formula", D), (Status::Eligible, Some((5.0, 5.0))));
    // An unknown that cannot change the result is not missing: min(5% × rd, 600) ≤ 600 always.
    let p = common::profile(pack, &[("local", b(true)), ("banned", b(false))]);
    assert_eq!(status_of(&p, "formula", D), (Status::Undetermined, Some((0.0, 600.0))));
    let e = evaluate(pack, &p, date(D));
    let r = e.results.iter().find(|r| r.id == "formula").unwrap();
    assert_eq!(r.missing, vec!["rd"]);
}

#[test]
fn validity_precedence() {
    let pack = pack();
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(20.0)), ("sales", n(100.0)), ("banned", b(false))]);
    assert_eq!(status_of(&p, "tiers", "2023-01-01").0, Status::Expired, "would have qualified");
    assert_eq!(status_of(&p, "tiers", "2022-12-31").0, Status::Eligible, "until is inclusive");
    assert_eq!(status_of(&p, "tiers", "2021-12-31").0, Status::NotYetInForce);
    let q = common::profile(pack, &[("local", b(false))]);
    assert_eq!(status_of(&q, "tiers", "2023-01-01").0, Status::NotEligible, "a false condition beats expiry");
}

#[test]
fn restrictions_block_what_they_name() {
    let pack = pack();
    let base = [("local", b(true)), ("growth_pct", n(20.0)), ("sales", n(100.0))];
    let with = |banned: Option<bool>| {
        let mut v = base.to_vec();
        if let Some(x) = banned {
            v.push(("banned", b(x)));
        }
        common::profile(pack, &v)
    };
    assert_eq!(status_of(&with(Some(true)), "tiers", D).0, Status::NotEligible);
    assert_eq!(status_of(&with(Some(false)), "tiers", D).0, Status::Eligible);
    assert_eq!(status_of(&with(None), "tiers", D).0, Status::Undetermined);
    let e = evaluate(pack, &with(Some(true)), date(D));
    let r = e.results.iter().find(|r| r.id == "tiers").unwrap();
    assert_eq!(r.blocked_by, vec!["ban"]);
    assert_eq!(e.results.iter().find(|r| r.id == "ban").unwrap().status, Status::Eligible, "the restriction applies");
    // The ranked title is not a fiscal award: not blocked.
    assert!(e.results.iter().find(|r| r.id == "ranked").unwrap().blocked_by.is_empty());
}

#[test]
fn ranked_awards_and_scores() {
    let pack = pack();
    let p = |g: f64, titles: &[&str]| {
        common::profile(pack, &[("growth_pct", n(g)), ("titles", Input::List(titles.iter().map(|t| s(t)).collect())), ("founded", s("2019-07-01"))])
    };
    // 40 + 20 = 60: meets the entry conditions, never "eligible".
    assert_eq!(status_of(&p(20.0, &["a", "b"]), "ranked", D).0, Status::MeetsEntryConditions);
    // 20 + 20 = 40 < 60.
    assert_eq!(status_of(&p(19.99, &["a", "b"]), "ranked", D).0, Status::NotEligible);
    // 40 + 25 (capped at 25 of 30).
    let e = evaluate(pack, &p(20.0, &["a", "b", "c"]), date(D));
    let sc = e.results.iter().find(|r| r.id == "ranked").unwrap().score.clone().unwrap();
    assert_eq!((sc.min, sc.max), (65.0, 65.0));
    assert_eq!(sc.items.iter().map(|i| (i.label.as_str(), i.min)).collect::<Vec<_>>(), vec![("增速", 40.0), ("称号", 25.0)]);
    // Founded exactly three years before: inclusive; one day less: not yet three years.
    let young = common::profile(pack, &[("growth_pct", n(20.0)), ("titles", Input::List(vec![s("a"), s("b")])), ("founded", s("2019-07-02"))]);
    assert_eq!(status_of(&young, "ranked", D).0, Status::NotEligible);
}

#[test]
fn totals_count_once() {
    let pack = pack();
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(20.0)), ("sales", n(6000.0)), ("banned", b(false)), ("rd", n(400.0)), ("titles", Input::List(vec![s("b")]))]);
    let e = evaluate(pack, &p, date(D));
    let get = |id: &str| e.results.iter().find(|r| r.id == id).unwrap();
    // `restated` implements `formula`: one benefit, counted under `restated`.
    assert_eq!(get("formula").counted_under.as_deref(), Some("restated"));
    // tiers (50) and other-reward (30) are not combinable: only 50 counts.
    // restated (20) + tiers (50) = 70, exactly the shared cap of 70.
    assert_eq!(e.totals.counted, vec!["tiers", "restated"]);
    assert_eq!((e.totals.cash_min, e.totals.cash_max), (70.0, 70.0));
    // More R&D: 20 → 30, the cap of 70 binds.
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(20.0)), ("sales", n(6000.0)), ("banned", b(false)), ("rd", n(600.0)), ("titles", Input::List(vec![s("b")]))]);
    let e = evaluate(pack, &p, date(D));
    assert_eq!((e.totals.cash_min, e.totals.cash_max), (70.0, 70.0));
    // restated: 30 → 25 by its own cap; then 50 + 25 = 75 → 70 by the overall cap.
    assert_eq!(e.totals.caps_applied.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["inner-cap", "cap"]);
}

#[test]
fn a_cap_inside_another_cap_binds() {
    let pack = pack();
    // Only `restated` counts: 5% × 600 = 30, cut to 25 by its own cap; the overall 70 does not bind.
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(0.0)), ("banned", b(false)), ("rd", n(600.0)), ("titles", Input::List(vec![]))]);
    let e = evaluate(pack, &p, date(D));
    assert_eq!(e.totals.counted, vec!["restated"]);
    assert_eq!((e.totals.cash_min, e.totals.cash_max), (25.0, 25.0));
    assert_eq!(e.totals.caps_applied.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["inner-cap"]);
}

#[test]
fn years_since_counts_the_part_year() {
    use anyang_policy::engine::eval::years_between;
    let (f, d5) = (date("2017-07-01"), date("2022-07-01"));
    assert_eq!(years_between(f, d5), 5.0);
    assert!(years_between(f, d5 + 1) > 5.0, "the day after the fifth anniversary is over 5 years");
    assert!(years_between(f, d5 - 1) < 5.0);
    assert_eq!(years_between(date("2020-02-29"), date("2021-02-28")), 1.0, "a 29 February start has its anniversary on 28 February");
}

#[test]
fn failed_comparisons_say_the_gap() {
    let pack = pack();
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(12.0))]);
    let e = evaluate(pack, &p, date(D));
    let r = e.results.iter().find(|r| r.id == "tiers").unwrap();
    let gap = r.trace.iter().find_map(|t| t.gap.clone()).expect("a gap");
    assert_eq!(gap.zh, "营业收入增速 12%，需 ≥ 15%，差 3 个百分点");
    assert_eq!((gap.actual, gap.required, gap.difference), (12.0, 15.0, 3.0));
    assert!(!r.only_one_gap, "the restriction is still unknown");
    let p = common::profile(pack, &[("local", b(true)), ("growth_pct", n(12.0)), ("banned", b(false))]);
    let e = evaluate(pack, &p, date(D));
    assert!(e.results.iter().find(|r| r.id == "tiers").unwrap().only_one_gap, "growth alone stands in the way");
    let p = common::profile(pack, &[("local", b(false)), ("growth_pct", n(12.0)), ("banned", b(false))]);
    let e = evaluate(pack, &p, date(D));
    assert!(!e.results.iter().find(|r| r.id == "tiers").unwrap().only_one_gap, "two conditions fail");
}

#[test]
fn next_questions_rank_what_settles_most() {
    let pack = pack();
    let q = next_questions(pack, &Profile::empty(pack), date(D));
    assert!(!q.is_empty());
    // `banned` and `local` each decide several measures; `founded` only one.
    let pos = |f: &str| q.iter().position(|x| x.fact == f);
    assert!(pos("local") < pos("founded"));
    // Once everything is known, nothing is asked.
    let full = common::profile(pack, &[("local", b(true)), ("growth_pct", n(20.0)), ("sales", n(6000.0)), ("banned", b(false)), ("rd", n(400.0)), ("titles", Input::List(vec![s("b")])), ("founded", s("2010-01-01"))]);
    assert!(next_questions(pack, &full, date(D)).is_empty());
}

#[test]
fn order_of_facts_never_changes_a_result() {
    let pack = pack();
    let entries = vec![("sales", n(5000.0)), ("local", b(true)), ("growth_pct", n(15.0)), ("rd", n(10.0)), ("banned", b(false))];
    let mut rev = entries.clone();
    rev.reverse();
    let a = evaluate(pack, &common::profile(pack, &entries), date(D));
    let b = evaluate(pack, &common::profile(pack, &rev), date(D));
    assert_eq!(a, b);
}

#[test]
fn bad_profiles_keep_the_good_part() {
    let pack = pack();
    let raw = RawProfile(vec![
        ("sales".into(), n(100.0)),
        ("salse".into(), n(1.0)),
        ("rd".into(), Input::Str("lots".into())),
        ("growth_pct".into(), n(f64::NAN)),
        ("titles".into(), Input::List(vec![s("z")])),
        ("founded".into(), s("2022-02-30")),
        ("local".into(), Input::Object),
        ("sales".into(), n(5.0)),
    ]);
    let (p, errors) = Profile::check(pack, &raw);
    let names: Vec<&str> = errors.iter().map(|e| e.fact.as_str()).collect();
    assert_eq!(names, vec!["salse", "rd", "growth_pct", "titles", "founded", "local", "sales"]);
    assert_eq!(p.known(), 1, "the valid `sales` is kept");
    let sales = pack.facts.iter().position(|f| f.name == "sales").unwrap();
    assert_eq!(p.get(sales), Some(anyang_policy::profile::Value::Num(100.0)));
    let neg = RawProfile(vec![("sales".into(), n(-1.0))]);
    assert!(Profile::check(pack, &neg).1[0].message.contains("outside the allowed range"));
}

#[test]
fn a_deeply_nested_value_is_refused_and_the_rest_kept() {
    // 100 000 levels: skipped without recursion, refused as the wrong kind of value.
    let deep = format!(r#"{{"sales": 1, "titles": {}1{}, "local": {}1{}}}"#, "[".repeat(100_000), "]".repeat(100_000), r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let raw: RawProfile = serde_json::from_str(&deep).unwrap();
    let (p, errors) = Profile::check(pack(), &raw);
    assert_eq!(errors.iter().map(|e| e.fact.as_str()).collect::<Vec<_>>(), ["titles", "local"]);
    assert!(errors[0].message.contains("got an object") && errors[1].message.contains("got an object"), "{errors:?}");
    assert_eq!(p.known(), 1, "the valid `sales` is kept");
    // A value that cannot be read at all is reported with its fact.
    let err = serde_json::from_str::<RawProfile>(r#"{"sales": 1, "titles": [1e999]}"#).unwrap_err().to_string();
    assert!(err.contains("`titles`"), "{err}");
}

/// The foundation issue's reference firm: a first-time R&D subsidy applicant.
#[test]
fn reference_firm_on_the_real_pack() {
    let pack = common::pack();
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/rd-first-time.json")).unwrap();
    let raw: RawProfile = serde_json::from_str(&text).unwrap();
    let (p, errors) = Profile::check(pack, &raw);
    assert!(errors.is_empty(), "{errors:?}");
    let e = evaluate(pack, &p, date("2022-07-01"));
    let get = |id: &str| e.results.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id}"));
    let rd = get("anbanwen-2021-17-rd-subsidy");
    assert_eq!(rd.status, Status::Eligible);
    assert_eq!(rd.amount.as_ref().map(|a| (a.min, a.max)), Some((60.0, 60.0)), "5% of 1200万");
    assert_eq!(rd.source.doc, "安办文〔2021〕17号");
    // Later texts restate the subsidy (安政办〔2021〕62号, then 安办文〔2022〕4号): follow the
    // chain to the operative measure; it alone is counted, with the same 60万.
    let mut chain = vec![rd.id.clone()];
    while let Some(next) = { let r = get(chain.last().unwrap()); r.superseded_by.clone().or(r.counted_under.clone()) } {
        assert!(!chain.contains(&next), "relation cycle through {next}");
        chain.push(next);
    }
    assert!(chain.len() >= 2, "{chain:?}");
    let operative = get(chain.last().unwrap());
    assert_eq!(operative.status, Status::Eligible, "{}", operative.id);
    assert_eq!(operative.amount.as_ref().map(|a| (a.min, a.max)), Some((60.0, 60.0)));
    assert_eq!(chain.iter().filter(|id| e.totals.counted.contains(id)).count(), 1, "counted once: {chain:?}");
    let hte = get("anbanwen-2021-17-hte-sei");
    assert_eq!((hte.status, hte.amount.as_ref().map(|a| a.min)), (Status::Eligible, Some(50.0)), "sales 6000 ≥ 5000");
    assert_eq!(get("anbanwen-2021-17-hte-other-first").status, Status::NotEligible);
    assert_eq!(get("anbanwen-2021-17-zero-rd-restriction").status, Status::NotEligible, "has R&D: not restricted");
    // Every result has a citation; not eligible ones say why.
    for r in &e.results {
        assert!(!r.source.quote.is_empty() && !r.source.clause.is_empty());
        if r.status == Status::NotEligible {
            assert!(r.trace.iter().any(|t| t.value == "false"), "{}", r.id);
        }
    }
}
