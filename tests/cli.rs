//! The `eligibility` binary, as an officer or CI runs it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_eligibility")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("run eligibility");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn check_reports_counts_and_passes() {
    let (ok, out, err) = run(&["check"]);
    assert!(ok, "{out}\n{err}");
    assert!(out.contains("measures") && out.contains("facts") && out.contains("cases run"), "{out}");
    assert!(out.contains("安办文〔2021〕17号"), "coverage line per document: {out}");
    assert!(out.lines().any(|l| l.ends_with(", 0 failed")), "{out}");
    assert!(out.contains("self-checks: 0 error(s)") && out.contains("thresholds: "), "self-checks ran: {out}");
}

#[test]
fn evaluate_json_has_the_contract_fields() {
    let (ok, out, err) = run(&["evaluate", "tests/fixtures/rd-first-time.json", "--date", "2022-07-01"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["date"], "2022-07-01");
    assert!(v["rules_version"].as_str().is_some_and(|s| s.len() == 16));
    let results = v["results"].as_array().unwrap();
    for r in results {
        for key in ["id", "status", "amount", "source", "trace", "missing"] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        for key in ["doc", "clause", "quote"] {
            assert!(r["source"][key].as_str().is_some_and(|s| !s.is_empty()));
        }
    }
    let rd = results.iter().find(|r| r["id"] == "anzhengban-2021-62-rd-subsidy").unwrap();
    assert_eq!(rd["status"], "eligible");
    assert_eq!(rd["amount"]["min"], 60.0);
    assert_eq!(rd["amount"]["unit"], "万元");
}

#[test]
fn evaluate_text_and_explain() {
    let (ok, out, _) = run(&["evaluate", "tests/fixtures/rd-first-time.json", "--date", "2022-07-01", "--format", "text"]);
    assert!(ok);
    assert!(out.contains("符合") && out.contains("企业研发费用财政补助"), "{out}");
    let (ok, out, _) = run(&["explain", "tests/fixtures/rd-first-time.json", "anbanwen-2021-17-hte-other-first", "--date", "2022-07-01"]);
    assert!(ok);
    assert!(out.contains("不符合") && out.contains("✗") && out.contains("安办文〔2021〕17号"), "{out}");
}

#[test]
fn bad_input_is_a_clear_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("anyang-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let cases = [
        (write("a.json", "[1,2]"), "not a profile"),
        (write("b.json", "{\"rd_expense_last_year\": \"lots\"}"), "rd_expense_last_year"),
        (write("c.json", "{\"no_such_fact\": 1}"), "not a fact"),
        (write("d.json", "{\"rd_expense_last_year\": 1e999}"), "not a profile"),
        (write("e.json", &format!("{{\"x\": {}}}", "[".repeat(5000))), "not a profile"),
    ];
    for (path, expect) in cases {
        let (ok, _, err) = run(&["evaluate", &path, "--date", "2022-07-01"]);
        assert!(!ok);
        assert!(err.contains(expect), "{path}: {err}");
    }
    let (ok, _, err) = run(&["evaluate", "tests/fixtures/rd-first-time.json", "--date", "2022-02-30"]);
    assert!(!ok && err.contains("not a date"));
    let (ok, _, err) = run(&["explain", "tests/fixtures/rd-first-time.json", "nope"]);
    assert!(!ok && err.contains("no measure"));
    std::fs::remove_dir_all(&dir).ok();
}
