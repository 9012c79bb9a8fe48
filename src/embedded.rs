//! The rule pack compiled into this build by `build.rs`.
//!
//! The pack comes in two halves (see `pack::Texts`). Every build embeds the
//! first; the second (quotes, notes, conditions as written) is embedded too,
//! except in the web app's build (feature `lazy-texts`), which fetches it
//! after the first screen and hands it to `load_texts`.

use crate::pack::{Pack, Texts};
use std::sync::OnceLock;

static PACK_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pack.bin"));
#[cfg(not(feature = "lazy-texts"))]
static TEXT_BYTES: Option<&[u8]> = Some(include_bytes!(concat!(env!("OUT_DIR"), "/texts.bin")));
#[cfg(feature = "lazy-texts")]
static TEXT_BYTES: Option<&[u8]> = None;

static PACK: OnceLock<Result<Pack, String>> = OnceLock::new();
/// The pack joined with texts that arrived after start (lazy builds only).
static JOINED: OnceLock<Pack> = OnceLock::new();

fn load() -> &'static Result<Pack, String> {
    PACK.get_or_init(|| {
        let mut pack: Pack = postcard::from_bytes(PACK_BYTES).map_err(|e| format!("the embedded rule pack cannot be read: {e}"))?;
        if let Some(bytes) = TEXT_BYTES {
            pack.join_texts(decode_texts(bytes)?)?;
        }
        Ok(pack)
    })
}

fn decode_texts(bytes: &[u8]) -> Result<Texts, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the source texts cannot be read: {e}"))
}

/// The embedded pack, with its texts once they are there. `build.rs` checks
/// that it decodes, so the error arm is only reachable with a corrupted
/// binary; it yields an empty pack, and `load_error` says why, rather than a
/// panic that would kill the page.
pub fn pack() -> &'static Pack {
    static EMPTY: OnceLock<Pack> = OnceLock::new();
    if let Some(p) = JOINED.get() {
        return p;
    }
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

/// Whether quotes, notes and conditions as written are available.
pub fn texts_loaded() -> bool {
    TEXT_BYTES.is_some() || JOINED.get().is_some()
}

/// Joins texts fetched after start (`texts.bin` of the same build). Texts of
/// another rules version, or bytes that do not decode, are refused with a
/// message and change nothing; loading twice is harmless.
pub fn load_texts(bytes: &[u8]) -> Result<(), String> {
    if texts_loaded() {
        return Ok(());
    }
    let mut joined = load().as_ref().map_err(Clone::clone)?.clone();
    joined.join_texts(decode_texts(bytes)?)?;
    let _ = JOINED.set(joined);
    Ok(())
}

/// Sizes of the embedded halves in bytes (for the size report): the pack, and
/// the texts when they are embedded.
pub fn pack_size() -> usize {
    PACK_BYTES.len() + TEXT_BYTES.map_or(0, <[u8]>::len)
}
