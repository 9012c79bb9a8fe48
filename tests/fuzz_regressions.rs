//! Inputs the fuzzers (fuzz/, `tools/fuzz.sh`) found to misbehave, kept as
//! ordinary tests so the fix stays fixed without a fuzzing toolchain.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use anyang_policy::input::{Input, RawProfile};
use anyang_policy::pack::FactKind;
use anyang_policy::profile::{Profile, Value};
use anyang_policy::share::{decode, encode};

/// share_decode: `titles=;` is a known empty set ("none of these", what the
/// app records when OK is pressed with no box ticked), but it was encoded as
/// `titles=`, which reads back as unknown: the answer was lost on reload and
/// in every share link.
#[test]
fn an_empty_set_answer_survives_a_share_link() {
    let pack = common::pack();
    let sets: Vec<&str> = pack.facts.iter().filter(|f| matches!(f.kind, FactKind::Set { .. })).map(|f| f.name.as_str()).collect();
    assert!(!sets.is_empty(), "the pack has set facts");
    for name in sets {
        let raw = RawProfile(vec![(name.to_owned(), Input::List(Vec::new()))]);
        let (p, errors) = Profile::check(pack, &raw);
        assert!(errors.is_empty(), "{errors:?}");
        let ix = pack.facts.iter().position(|f| f.name == name).unwrap();
        assert_eq!(p.get(ix), Some(Value::Set(0)), "{name}: an empty list is an answer");
        let link = encode(pack, &p, None);
        let back = decode(pack, &link);
        assert!(back.errors.is_empty(), "{link}: {:?}", back.errors);
        assert_eq!(back.profile, p, "{name} through {link}");
    }
    // An empty value still means unknown, as in old links.
    let d = decode(pack, "v=1&titles=");
    assert!(d.errors.is_empty());
    assert_eq!(d.profile.known(), 0);
    // The fuzzer's input itself.
    let d = decode(pack, "titles=;");
    assert_eq!(decode(pack, &encode(pack, &d.profile, d.date)).profile, d.profile);
    assert_eq!(d.profile.known(), 1);
}
