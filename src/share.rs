//! Answers as text: the URL fragment of a share link and the saved state in
//! local storage use the same compact, versioned form:
//!
//! ```text
//! v=1&r=<rules version>&d=2022-07-01&rd_expense_last_year=1200&above_scale=1&titles=a;b
//! ```
//!
//! Facts are named (not numbered), so a link survives a rule pack that adds
//! facts; `r` lets the page say when the rules changed since the link was
//! made. Decoding never fails as a whole: each bad entry is dropped with a
//! message and the rest is kept. Nothing here touches the network or the DOM.

use crate::date::{format_date, parse_date};
use crate::input::{Input, RawProfile};
use crate::pack::{FactKind, Pack};
use crate::profile::{show, Profile, ProfileError, Value};

pub const FORMAT: &str = "1";
/// Only this much is read: a real profile is a few hundred bytes.
pub const MAX_LEN: usize = 16 * 1024;

pub fn encode(pack: &Pack, profile: &Profile, date: Option<i32>) -> String {
    let mut out = format!("v={FORMAT}&r={}", pack.version);
    if let Some(d) = date {
        out.push_str("&d=");
        out.push_str(&format_date(d));
    }
    for (ix, v) in profile.values.iter().enumerate() {
        let (Some(v), Some(f)) = (v, pack.facts.get(ix)) else { continue };
        let text = match (v, &f.kind) {
            (Value::Bool(b), _) => (if *b { "1" } else { "0" }).to_owned(),
            (Value::Num(n), _) => show_exact(*n),
            (Value::Enum(e), FactKind::Enum { values }) => values.get(*e as usize).map(|v| v.id.clone()).unwrap_or_default(),
            // An empty set ("none of these") is an answer: `;` keeps it, where
            // an empty value would read back as unknown.
            (Value::Set(0), FactKind::Set { .. }) => ";".to_owned(),
            (Value::Set(bits), FactKind::Set { values }) => values.iter().enumerate().filter(|(i, _)| bits & (1u64 << i) != 0).map(|(_, v)| v.id.as_str()).collect::<Vec<_>>().join(";"),
            (Value::Date(d), _) => format_date(*d),
            _ => continue,
        };
        out.push('&');
        out.push_str(&f.name);
        out.push('=');
        out.push_str(&text);
    }
    out
}

/// Numbers keep full precision: `show` rounds for display, links must not.
fn show_exact(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        show(n)
    } else {
        format!("{n}")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub profile: Profile,
    pub date: Option<i32>,
    /// The rules version the answers were saved under, if given.
    pub rules_version: Option<String>,
    /// Entries that could not be read: dropped, the rest kept.
    pub errors: Vec<ProfileError>,
}

impl Decoded {
    pub fn rules_changed(&self, pack: &Pack) -> bool {
        self.rules_version.as_deref().is_some_and(|v| v != pack.version)
    }
}

pub fn decode(pack: &Pack, text: &str) -> Decoded {
    let mut d = Decoded { profile: Profile::empty(pack), date: None, rules_version: None, errors: Vec::new() };
    let mut text = text.trim_start_matches('#');
    if text.len() > MAX_LEN {
        // Read the whole entries that fit; the rest is dropped with a message.
        let mut end = MAX_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text = text[..end].rfind('&').map_or("", |cut| &text[..cut]);
        d.errors.push(ProfileError { fact: "(link)".into(), message: format!("longer than {MAX_LEN} characters: only the entries within them were read") });
    }
    let mut raw = RawProfile::default();
    for part in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let v = percent_decode(v);
        match k {
            "v" if v != FORMAT => {
                d.errors.push(ProfileError { fact: "(link)".into(), message: format!("format version {} is not understood; answers were read as version {FORMAT}", clip(&v)) });
            }
            "v" => {}
            "r" => d.rules_version = Some(clip(&v)),
            "d" => match parse_date(&v) {
                Some(day) => d.date = Some(day),
                None => d.errors.push(ProfileError { fact: "(date)".into(), message: format!("`{}` is not a date", clip(&v)) }),
            },
            // Presentation settings (language, embedding) are not answers.
            "lang" | "embed" => {}
            _ => raw.0.push((percent_decode(k), Input::Str(v))),
        }
    }
    let (profile, errors) = Profile::check(pack, &raw);
    d.profile = profile;
    d.errors.extend(errors);
    d
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// `%XX` escapes as browsers may add them; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = ((b[i + 1] as char).to_digit(16), (b[i + 2] as char).to_digit(16)) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
