//! The real rule pack: it compiles with every quote found in the sources,
//! every rule test case passes, and the build embeds exactly these rules.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::check::run_cases;
use anyang_policy::embedded;

#[test]
fn every_rule_case_passes() {
    let c = common::compiled();
    assert!(!c.cases.is_empty());
    let failures = run_cases(&c.pack, &c.cases);
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("\n"));
}

#[test]
fn the_build_embeds_the_rules_on_disk() {
    assert_eq!(embedded::load_error(), None);
    assert_eq!(embedded::pack().version, common::pack().version, "rebuild: the embedded pack is stale");
    assert_eq!(embedded::pack(), common::pack());
}

#[test]
fn every_measure_has_cases_and_a_citation() {
    let c = common::compiled();
    for m in &c.pack.measures {
        assert!(c.cases.iter().any(|k| k.measure == m.id) || m.kind == anyang_policy::pack::BenefitKind::Service, "{} has no test case", m.id);
        assert!(!m.quote.is_empty() && !m.clause.is_empty(), "{}", m.id);
    }
}

#[test]
fn documents_are_in_source_order() {
    let docs = &common::pack().documents;
    for w in docs.windows(2) {
        assert!((&w[0].seed, w[0].line) < (&w[1].seed, w[1].line), "{} before {}", w[0].doc, w[1].doc);
    }
}
