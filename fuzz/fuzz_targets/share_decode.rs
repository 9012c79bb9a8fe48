//! Arbitrary bytes as the fragment of a share link (or the saved answers in
//! local storage): decoded, the recovered answers evaluated. Decoding never
//! fails as a whole, and what it keeps must survive encoding again.
#![no_main]

use anyang_policy::{embedded, share};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let pack = embedded::pack();
    // The browser hands over a string: invalid UTF-8 arrives replaced.
    let text = String::from_utf8_lossy(data);
    let d = share::decode(pack, &text);
    let today = d.date.unwrap_or_else(|| common::split_date(data).0);
    common::app(pack, &d.profile, today);
    // A link made from the kept answers gives back the same answers.
    let again = share::decode(pack, &share::encode(pack, &d.profile, d.date));
    assert_eq!(again.profile, d.profile, "answers changed through a share link");
    assert_eq!(again.date, d.date);
    assert!(again.errors.is_empty(), "a link we made is refused: {:?}", again.errors);
});
