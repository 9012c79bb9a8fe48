//! The rule pack compiled into this build by `build.rs`.

use crate::pack::Pack;
use std::sync::OnceLock;

static PACK_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack.bin"));
static PACK: OnceLock<Result<Pack, String>> = OnceLock::new();

fn load() -> &'static Result<Pack, String> {
    PACK.get_or_init(|| postcard::from_bytes(PACK_BYTES).map_err(|e| format!("the embedded rule pack cannot be read: {e}")))
}

/// The embedded pack. `build.rs` checks that it decodes, so the error arm is
/// only reachable with a corrupted binary; it yields an empty pack, and
/// `load_error` says why, rather than a panic that would kill the page.
pub fn pack() -> &'static Pack {
    static EMPTY: OnceLock<Pack> = OnceLock::new();
    match load() {
        Ok(p) => p,
        Err(_) => EMPTY.get_or_init(|| Pack {
            version: "invalid".into(),
            sources_as_of: String::new(),
            sections: Vec::new(),
            facts: Vec::new(),
            derived: Vec::new(),
            documents: Vec::new(),
            measures: Vec::new(),
            caps: Vec::new(),
        }),
    }
}

pub fn load_error() -> Option<&'static str> {
    load().as_ref().err().map(String::as_str)
}

/// Size of the embedded pack in bytes (for the size report).
pub fn pack_size() -> usize {
    PACK_BYTES.len()
}
