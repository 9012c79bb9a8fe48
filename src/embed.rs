//! Embedding, as pure logic: the URL parameters a host page may pass
//! (`?embed=1&answers=1&date=…&lang=…`), the origin allow-list, and the
//! results message posted to the host page. No web dependency: the browser
//! side is `app::embed`, which only reads the URL and posts what this builds.

use crate::date::parse_date;
use crate::engine::{Evaluation, Status};
use serde::Serialize;

/// Identifies the calculator's messages among others a host page receives.
pub const SOURCE: &str = "anyang-policy-calculator";
/// Bumped only when a field changes meaning or disappears.
pub const VERSION: u32 = 1;

/// What the query string (before the `#` that holds share answers) asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// `embed=1`: no own header and footer, sized to the host's frame.
    pub embed: bool,
    /// `answers=1`: the host page asks for the answers (the user must still agree).
    pub answers: bool,
    /// `date=YYYY-MM-DD`: assessment date, days since epoch.
    pub date: Option<i32>,
    /// `lang=en` → Some(true), `lang=zh` → Some(false).
    pub english: Option<bool>,
    /// Invalid values, ignored: shown to the user, never a failure.
    pub notices: Vec<String>,
}

/// Parses `?a=b&c=d` (the leading `?` optional). Unknown keys are left to
/// others (a host may add its own tracking parameters); bad values of known
/// keys are ignored with a notice.
pub fn parse_query(search: &str) -> Query {
    let mut q = Query::default();
    for part in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "embed" => q.embed = flag(v),
            "answers" => q.answers = flag(v),
            "date" => match parse_date(v) {
                Some(d) => q.date = Some(d),
                None => q.notices.push(format!("网址参数 date={} 不是有效日期（YYYY-MM-DD），已忽略。Ignored URL parameter date={0}: not a date (YYYY-MM-DD).", clip(v))),
            },
            "lang" => match v {
                "en" => q.english = Some(true),
                "zh" | "zh-CN" => q.english = Some(false),
                _ => q.notices.push(format!("网址参数 lang={} 无效（可用 zh 或 en），已忽略。Ignored URL parameter lang={0}: use zh or en.", clip(v))),
            },
            _ => {}
        }
    }
    q
}

fn flag(v: &str) -> bool {
    matches!(v, "1" | "true" | "yes" | "")
}

/// A hostile value is shown shortened and only with URL-safe characters.
fn clip(v: &str) -> String {
    v.chars().take(40).map(|c| if c.is_ascii_alphanumeric() || "-_.%".contains(c) { c } else { '?' }).collect()
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL, lower-cased;
/// None for anything else (an empty referrer, `about:blank`, a `null` origin).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains('@') || host.contains(char::is_whitespace) {
        return None;
    }
    let host = host.to_ascii_lowercase();
    // The default port is not part of an origin as browsers report it.
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_owned(),
        _ => host,
    };
    Some(format!("{scheme}://{host}"))
}

/// The allow-list as written in `<meta name="anyang-embed-origins">`:
/// origins separated by spaces or commas; anything that is not an http(s)
/// origin is dropped (never a wildcard).
pub fn parse_allow_list(content: &str) -> Vec<String> {
    content.split([' ', ',', '\n', '\t']).filter(|s| !s.is_empty() && !s.contains('*')).filter_map(origin_of).collect()
}

/// The origin to post to: the host's origin if it is allowed, else none.
pub fn target_origin(allow: &[String], host: Option<&str>) -> Option<String> {
    let host = origin_of(host?)?;
    allow.contains(&host).then_some(host)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub eligible: usize,
    pub meets_entry_conditions: usize,
    pub undetermined: usize,
    pub not_eligible: usize,
    pub expired: usize,
    pub not_yet_in_force: usize,
}

/// The message a host page receives when results change (documented in the
/// README, "Embedding"; keep its shape).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultsMessage {
    pub source: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub version: u32,
    #[serde(rename = "rulesVersion")]
    pub rules_version: String,
    pub date: String,
    pub counts: Counts,
    /// Ids of the eligible measures, in catalogue order.
    pub eligible: Vec<String>,
    /// The share-link text of the answers: only when the host asked and the user agreed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
}

/// Counts and eligible ids of the measures the calculator shows on their own:
/// a measure restated by another (`counted_under`) or replaced by a later one
/// (`superseded_by`) is shown inside that one, so it is not counted twice.
pub fn results_message(e: &Evaluation, answers: Option<String>) -> ResultsMessage {
    let mut counts = Counts::default();
    let mut eligible = Vec::new();
    for r in e.results.iter().filter(|r| r.counted_under.is_none() && r.superseded_by.is_none()) {
        let n = match r.status {
            Status::Eligible => {
                eligible.push(r.id.clone());
                &mut counts.eligible
            }
            Status::MeetsEntryConditions => &mut counts.meets_entry_conditions,
            Status::Undetermined => &mut counts.undetermined,
            Status::NotEligible => &mut counts.not_eligible,
            Status::Expired => &mut counts.expired,
            Status::NotYetInForce => &mut counts.not_yet_in_force,
        };
        *n += 1;
    }
    ResultsMessage { source: SOURCE, kind: "results", version: VERSION, rules_version: e.rules_version.clone(), date: e.date.clone(), counts, eligible, answers }
}

