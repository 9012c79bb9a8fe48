//! Arbitrary bytes as a JSON profile (as `eligibility evaluate` and the JS
//! API read one), checked against the vocabulary and evaluated on a date
//! taken from the input. Must never panic; the valid part is always evaluated.
#![no_main]

use anyang_policy::embedded;
use anyang_policy::input::RawProfile;
use anyang_policy::profile::Profile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let pack = embedded::pack();
    let (today, json) = common::split_date(data);
    let Ok(raw) = serde_json::from_slice::<RawProfile>(json) else { return };
    let (profile, errors) = Profile::check(pack, &raw);
    for e in &errors {
        assert!(!e.message.is_empty(), "an error without a message");
    }
    common::cli_and_api(pack, &profile, today);
});
