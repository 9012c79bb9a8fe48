//! Shared by the fuzz targets: the assessment date an input asks for, and
//! everything a face of the calculator does with a checked profile.
// Each target uses the helpers of its own face only.
#![allow(dead_code)]

use anyang_policy::date::{days_from_civil, parse_date};
use anyang_policy::engine::trace::facts_of_cond;
use anyang_policy::engine::{evaluate, evaluate_summary, explain, questions::next_questions, trace_of};
use anyang_policy::pack::Pack;
use anyang_policy::profile::Profile;

/// A date from the first line of the input when it is `YYYY-MM-DD` (how the
/// CLI and the JS API take one), else from its first bytes, anywhere in the
/// range `parse_date` can return (years -999 to 9999). Returns the rest.
pub fn split_date(data: &[u8]) -> (i32, &[u8]) {
    if let Some(nl) = data.iter().position(|&b| b == b'\n') {
        if let Some(d) = std::str::from_utf8(&data[..nl]).ok().and_then(parse_date) {
            return (d, &data[nl + 1..]);
        }
    }
    let lo = days_from_civil(-999, 1, 1) as i64;
    let hi = days_from_civil(9999, 12, 31) as i64;
    let mut b = [0u8; 4];
    for (dst, src) in b.iter_mut().zip(data) {
        *dst = *src;
    }
    let day = lo + u32::from_le_bytes(b) as i64 % (hi - lo + 1);
    (day as i32, data)
}

/// What `eligibility evaluate` / `explain` and the JS API's `evaluate` and
/// `nextQuestions` do with a profile: every measure with its trace, the
/// text report, one measure explained, the next questions.
pub fn cli_and_api(pack: &Pack, profile: &Profile, today: i32) {
    let e = evaluate(pack, profile, today);
    assert_eq!(e.results.len(), pack.measures.len());
    std::hint::black_box(explain::summary(&e));
    let pick = profile.known() * 7919 % pack.measures.len().max(1);
    if let Some(r) = e.results.get(pick) {
        std::hint::black_box(explain::explain(r));
    }
    questions(pack, profile, today);
}

/// What the app does on each answer: the summary evaluation (no traces),
/// the next questions, and "why" opened on the measures that read an
/// answered fact (where the answers' values reach the words and gaps).
/// Full traces of all ~750 measures cost 3× the summary, and the fuzzer
/// gains more from 3× the inputs.
pub fn app(pack: &Pack, profile: &Profile, today: i32) {
    let e = evaluate_summary(pack, profile, today);
    assert_eq!(e.results.len(), pack.measures.len());
    let mut facts = Vec::new();
    let mut opened = 0;
    for (ix, m) in pack.measures.iter().enumerate() {
        facts.clear();
        m.conditions.iter().for_each(|c| facts_of_cond(c, &mut facts));
        if facts.iter().any(|&f| profile.get(f as usize).is_some()) {
            std::hint::black_box(trace_of(pack, profile, today, ix));
            opened += 1;
            if opened == 8 {
                break;
            }
        }
    }
    questions(pack, profile, today);
}

fn questions(pack: &Pack, profile: &Profile, today: i32) {
    let q = next_questions(pack, profile, today);
    for q in &q {
        let ix = pack.facts.iter().position(|f| f.name == q.fact);
        assert!(ix.is_some_and(|ix| profile.get(ix).is_none()), "asked about `{}`, which is unknown to the pack or already answered", q.fact);
    }
}
