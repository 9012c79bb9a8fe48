//! Share links and saved answers: round trip, and hostile or corrupt text
//! loses only the bad entries.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::engine::evaluate;
use anyang_policy::input::RawProfile;
use anyang_policy::profile::Profile;
use anyang_policy::share::{decode, encode};

fn reference() -> Profile {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/rd-first-time.json")).unwrap();
    let raw: RawProfile = serde_json::from_str(&text).unwrap();
    Profile::check(common::pack(), &raw).0
}

#[test]
fn round_trip_keeps_answers_date_and_results() {
    let pack = common::pack();
    let p = reference();
    let d = common::date("2022-07-01");
    let link = encode(pack, &p, Some(d));
    assert!(link.starts_with(&format!("v=1&r={}&d=2022-07-01&", pack.version)), "{link}");
    assert!(link.is_ascii() && !link.contains(' '));
    let back = decode(pack, &format!("#{link}"));
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert_eq!(back.profile, p);
    assert_eq!(back.date, Some(d));
    assert!(!back.rules_changed(pack));
    assert_eq!(evaluate(pack, &back.profile, d), evaluate(pack, &p, d));
}

#[test]
fn fractions_and_sets_survive() {
    let pack = common::pack();
    let p = common::profile(pack, &[("rd_expense_last_year", common::n(1234.5678901)), ("rd_subsidised_max_prev3", common::n(0.1))]);
    assert_eq!(decode(pack, &encode(pack, &p, None)).profile, p);
}

#[test]
fn hostile_or_corrupt_links_keep_the_good_part() {
    let pack = common::pack();
    let d = decode(pack, "v=1&r=0000000000000000&rd_expense_last_year=1200&above_scale=maybe&nope=1&d=2022-02-30&in_rd_statistics=%31&&=&x");
    let bad: Vec<&str> = d.errors.iter().map(|e| e.fact.as_str()).collect();
    assert_eq!(bad, vec!["(date)", "above_scale", "nope", "", "x"]);
    assert_eq!(d.profile.known(), 2, "rd_expense_last_year and the %-escaped in_rd_statistics are kept");
    assert!(d.rules_changed(pack));
    // Truncated in the middle of an entry: the cut entry is dropped or read as far as it is valid.
    let full = encode(pack, &reference(), None);
    for cut in 0..full.len() {
        let d = decode(pack, &full[..cut]);
        assert!(d.profile.known() <= reference().known());
    }
    // Huge input: the entries within the limit are read, the rest dropped with a message.
    let huge = format!("v=1&above_scale=1&{}&in_rd_statistics=1", "a=1&".repeat(10_000));
    let d = decode(pack, &huge);
    assert_eq!(d.profile.known(), 1, "the valid answer before the flood is kept");
    assert!(d.errors[0].message.contains("longer than") && d.errors.len() < 4200, "{:?}", &d.errors[..2]);
    let d = decode(pack, &format!("above_scale=1&titles={}", "字".repeat(20_000)));
    assert_eq!((d.profile.known(), d.errors.len()), (1, 1), "a single huge value is dropped, the rest kept");
    // Unknown format versions are read but said.
    assert!(decode(pack, "v=9&above_scale=1").errors[0].message.contains("format version 9"));
    // Non-UTF-8 escapes do not panic.
    let _ = decode(pack, "above_scale=%ff%fe%&%%%");
}
