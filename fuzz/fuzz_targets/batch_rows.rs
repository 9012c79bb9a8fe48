//! Arbitrary bytes as a batch file for `eligibility batch`, read both as CSV
//! (UTF-8 or GB18030) and as JSONL. Bad rows are reported, never a panic, and
//! every row read gets an output row.
#![no_main]

use anyang_policy::batch::{run, Options};
use anyang_policy::embedded;
use anyang_policy::engine::replacements;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let pack = embedded::pack();
    let (today, body) = common::split_date(data);
    let single: Vec<bool> = replacements(pack, today).iter().map(Option::is_none).collect();
    for jsonl_in in [false, true] {
        let jsonl_out = data.len() % 2 == 1;
        let opt = Options { today, single: single.clone(), jsonl_out, progress: false };
        let mut out = Vec::new();
        let mut err = Vec::new();
        // An input/output error (for CSV: an unreadable header) is a clean
        // refusal of the whole file; anything else must be a report.
        let Ok(summary) = run(pack, body, jsonl_in, &mut out, &mut err, &opt) else { continue };
        assert!(summary.bad_rows <= summary.rows);
        let lines = out.iter().filter(|&&b| b == b'\n').count();
        let header = usize::from(!jsonl_out);
        assert!(lines >= summary.rows + header, "{} rows but {} output lines", summary.rows, lines);
    }
});
