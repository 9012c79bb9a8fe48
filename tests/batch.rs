//! Batch screening: CSV in UTF-8 (with or without BOM) and GB18030, JSONL,
//! Chinese column labels, bad rows reported with their line numbers while the
//! others are processed, and the same totals as a single evaluation.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::batch::{run, Options};
use anyang_policy::engine::{evaluate, replacements};
use anyang_policy::input::RawProfile;
use anyang_policy::profile::Profile;

fn options(jsonl_out: bool) -> Options {
    let today = common::date("2022-07-01");
    let single = replacements(common::pack(), today).iter().map(Option::is_none).collect();
    Options { today, single, jsonl_out, progress: false }
}

fn screen(input: &[u8], jsonl_in: bool, jsonl_out: bool) -> (String, String, usize, usize) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let s = run(common::pack(), input, jsonl_in, &mut out, &mut err, &options(jsonl_out)).unwrap();
    (String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap(), s.rows, s.bad_rows)
}

const CSV: &str = "firm,rd_expense_last_year,纳入研发费用统计范围（研发费用在统计报表系统正常反映）,received_rd_subsidy_before,registered_in_anyang,taxes_paid_in_anyang,good_credit,sci_fund_blacklisted_within_3_years,notes\n\
A公司,1200,是,否,1,true,true,0,x\n\
B公司,-5,true,,,,,,\n\
\"C, Ltd\",,,,,,,,\n";

#[test]
fn csv_rows_in_utf8_bom_and_gb18030_give_the_same_report() {
    let (plain, err, rows, bad) = screen(CSV.as_bytes(), false, false);
    assert_eq!((rows, bad), (3, 1));
    assert!(err.contains("line 3:") && err.contains("rd_expense_last_year"), "{err}");
    assert!(err.contains("ignored columns (not facts): notes"), "{err}");
    let lines: Vec<&str> = plain.lines().collect();
    assert_eq!(lines.len(), 4, "a header and one row per firm");
    assert!(lines[1].starts_with("2,A公司,") && lines[3].starts_with("4,\"C, Ltd\","), "{plain}");
    let bom = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
    assert_eq!(screen(&bom, false, false).0, plain, "a UTF-8 BOM is ignored");
    let (gb, _, _) = encoding_rs::GB18030.encode(CSV);
    assert!(std::str::from_utf8(&gb).is_err(), "the sample really is GB18030");
    assert_eq!(screen(&gb, false, false).0, plain, "GB18030 reads the same");
}

#[test]
fn jsonl_in_and_out_and_totals_match_a_single_evaluation() {
    let firm = std::fs::read_to_string(common::root().join("tests/fixtures/rd-first-time.json")).unwrap();
    let line = firm.replace('\n', " ");
    let input = format!("{line}\nnot json\n[1]\n{line}\n");
    let (out, err, rows, bad) = screen(input.as_bytes(), true, true);
    assert_eq!((rows, bad), (4, 2));
    assert!(err.contains("line 2: not JSON") && err.contains("line 3: not a JSON object"), "{err}");
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let raw: RawProfile = serde_json::from_str(&firm).unwrap();
    let e = evaluate(common::pack(), &Profile::check(common::pack(), &raw).0, common::date("2022-07-01"));
    assert_eq!(first["cash_min"].as_f64(), Some(e.totals.cash_min));
    assert_eq!(first["cash_max"].as_f64(), Some(e.totals.cash_max));
    let eligible = e.results.iter().filter(|r| r.status == anyang_policy::engine::Status::Eligible && r.counted_under.is_none() && r.superseded_by.is_none()).count();
    assert_eq!(first["eligible"].as_array().map(Vec::len), Some(eligible));
}

#[test]
fn a_fact_named_twice_keeps_the_first_cell_and_short_rows_lose_nothing_else() {
    // The same fact by its ASCII name and its Chinese label; an identifier column last.
    let csv = "firm,registered_in_anyang,在安阳市注册成立并具有独立法人资格,id\nA,true,false,X1\nB,true\n";
    let (out, err, rows, bad) = screen(csv.as_bytes(), false, false);
    assert_eq!((rows, bad), (2, 2));
    assert!(err.contains("line 2: `在安阳市注册成立并具有独立法人资格`: is given twice"), "{err}");
    assert!(err.contains("line 3: 2 cells, the header has 4") && !err.contains("line 3: `"), "a missing cell is not a second value: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("2,X1,"), "the last identifier column names the firm: {out}");
    // The first cell counts: the same report as a file giving only that one.
    let (single, _, _, _) = screen("id,registered_in_anyang\nX1,true\n".as_bytes(), false, false);
    let body = |l: &str| l.split(',').skip(1).take(7).collect::<Vec<_>>().join(",");
    assert_eq!(body(lines[1]), body(single.lines().nth(1).unwrap()));
    let (other, _, _, _) = screen("id,registered_in_anyang\nX1,false\n".as_bytes(), false, false);
    assert_ne!(body(other.lines().nth(1).unwrap()), body(single.lines().nth(1).unwrap()), "the value matters, so the check above can fail");
}
