//! Embedding, the pure part: URL parameters, the origin allow-list and the
//! results message posted to the host page.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::embed::{origin_of, parse_allow_list, parse_query, results_message, target_origin};
use anyang_policy::engine::{evaluate, Status};
use anyang_policy::input::RawProfile;
use anyang_policy::profile::Profile;

#[test]
fn query_parameters() {
    let q = parse_query("?embed=1&answers=1&date=2022-07-01&lang=en&utm_source=x");
    assert!(q.embed && q.answers);
    assert_eq!(q.date, Some(common::date("2022-07-01")));
    assert_eq!(q.english, Some(true));
    assert!(q.notices.is_empty());
    assert_eq!(parse_query("lang=zh").english, Some(false));
    let none = parse_query("");
    assert!(!none.embed && !none.answers && none.date.is_none() && none.english.is_none());
    assert!(!parse_query("?embed=0&answers=no").embed);
}

#[test]
fn invalid_parameters_are_ignored_with_a_notice() {
    for (search, key) in [("?date=2022-02-30", "date=2022-02-30"), ("?date=tomorrow", "date=tomorrow"), ("?lang=fr", "lang=fr"), ("?date=", "date=")] {
        let q = parse_query(search);
        assert_eq!(q.date, None, "{search}");
        assert_eq!(q.english, None, "{search}");
        assert_eq!(q.notices.len(), 1, "{search}");
        assert!(q.notices[0].contains(key) && q.notices[0].contains("已忽略"), "{}", q.notices[0]);
    }
    // A hostile value is shortened and defanged in the notice.
    let q = parse_query(&format!("?lang=<script>{}", "x".repeat(500)));
    assert!(!q.notices[0].contains('<') && q.notices[0].len() < 300, "{}", q.notices[0]);
    // The valid parameters beside a bad one still apply.
    let q = parse_query("?embed=1&date=2022-13-01&lang=en");
    assert!(q.embed && q.english == Some(true) && q.date.is_none() && q.notices.len() == 1);
}

#[test]
fn origins() {
    assert_eq!(origin_of("https://A.Example/path?q#f").as_deref(), Some("https://a.example"));
    assert_eq!(origin_of("http://127.0.0.1:8080/").as_deref(), Some("http://127.0.0.1:8080"));
    assert_eq!(origin_of("https://a.example:443").as_deref(), Some("https://a.example"));
    assert_eq!(origin_of("http://a.example:80/x").as_deref(), Some("http://a.example"));
    assert_eq!(origin_of("https://a.example:8443/").as_deref(), Some("https://a.example:8443"));
    for bad in ["", "null", "about:blank", "file:///x", "javascript://a.example", "https://", "https://user@evil.example"] {
        assert_eq!(origin_of(bad), None, "{bad}");
    }
}

#[test]
fn allow_list() {
    let allow = parse_allow_list(" https://a.example  https://b.example:8443/,http://127.0.0.1:9000 * https://*.example junk ");
    assert_eq!(allow, ["https://a.example", "https://b.example:8443", "http://127.0.0.1:9000"]);
    assert_eq!(target_origin(&allow, Some("https://a.example")).as_deref(), Some("https://a.example"));
    // A referrer is a full URL; its origin is what counts.
    assert_eq!(target_origin(&allow, Some("http://127.0.0.1:9000/portal/page.html?x=1")).as_deref(), Some("http://127.0.0.1:9000"));
    assert_eq!(target_origin(&allow, Some("http://127.0.0.1:9001/")), None, "another port is another origin");
    assert_eq!(target_origin(&allow, Some("http://a.example")), None, "another scheme is another origin");
    assert_eq!(target_origin(&allow, Some("https://a.example.evil.example")), None);
    assert_eq!(target_origin(&allow, None), None);
    // Empty (the shipped default): nobody receives anything.
    assert!(parse_allow_list("").is_empty());
    assert_eq!(target_origin(&parse_allow_list(""), Some("https://a.example")), None);
}

fn firm(name: &str) -> Profile {
    let text = std::fs::read_to_string(common::root().join(format!("tests/fixtures/{name}.json"))).unwrap();
    let raw: RawProfile = serde_json::from_str(&text).unwrap();
    Profile::check(common::pack(), &raw).0
}

#[test]
fn the_message_counts_what_the_screen_shows() {
    let pack = common::pack();
    let e = evaluate(pack, &firm("rd-first-time"), common::date("2022-07-01"));
    let m = results_message(&e, None);
    let shown: Vec<_> = e.results.iter().filter(|r| r.counted_under.is_none() && r.superseded_by.is_none()).collect();
    assert!(shown.len() < e.results.len(), "some measures are restated by others");
    let count = |s: Status| shown.iter().filter(|r| r.status == s).count();
    let c = &m.counts;
    assert_eq!(
        [c.eligible, c.meets_entry_conditions, c.undetermined, c.not_eligible, c.expired, c.not_yet_in_force],
        [Status::Eligible, Status::MeetsEntryConditions, Status::Undetermined, Status::NotEligible, Status::Expired, Status::NotYetInForce].map(count)
    );
    assert_eq!(c.eligible + c.meets_entry_conditions + c.undetermined + c.not_eligible + c.expired + c.not_yet_in_force, shown.len());
    assert!(c.eligible > 0);
    assert_eq!(m.eligible, shown.iter().filter(|r| r.status == Status::Eligible).map(|r| r.id.clone()).collect::<Vec<_>>());
    // A restated measure never appears as a second eligible id.
    for r in e.results.iter().filter(|r| r.counted_under.is_some()) {
        assert!(!m.eligible.contains(&r.id), "{}", r.id);
    }
}

#[test]
fn the_message_shape_is_the_documented_one() {
    let pack = common::pack();
    let e = evaluate(pack, &firm("small-restaurant"), common::date("2022-07-01"));
    let v = serde_json::to_value(results_message(&e, None)).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["counts", "date", "eligible", "rulesVersion", "source", "type", "version"], "no answers unless given");
    assert_eq!(v["source"], "anyang-policy-calculator");
    assert_eq!(v["type"], "results");
    assert_eq!(v["version"], 1);
    assert_eq!(v["date"], "2022-07-01");
    assert_eq!(v["rulesVersion"], pack.version.as_str());
    let counts: Vec<&str> = v["counts"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(counts, ["eligible", "expired", "meets_entry_conditions", "not_eligible", "not_yet_in_force", "undetermined"]);
    let with = serde_json::to_value(results_message(&e, Some("v=1&r=x&above_scale=1".into()))).unwrap();
    assert_eq!(with["answers"], "v=1&r=x&above_scale=1");
}
