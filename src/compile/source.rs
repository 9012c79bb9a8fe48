//! The rule files as written: `rules/facts.toml` (the vocabulary) and one
//! `rules/<document>.toml` per source document. Unknown keys are errors, so
//! a typo in a rule file never passes silently. See `rules/README.md`.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabFile {
    pub sources_as_of: String,
    #[serde(default)]
    pub section: Vec<Spanned<SectionSrc>>,
    #[serde(default)]
    pub fact: Vec<Spanned<FactSrc>>,
    #[serde(default)]
    pub derived: Vec<Spanned<DerivedSrc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSrc {
    pub id: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactSrc {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub section: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub help_zh: String,
    #[serde(default)]
    pub help_en: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub integer: bool,
    #[serde(default)]
    pub values: Vec<ValueSrc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSrc {
    pub id: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedSrc {
    pub name: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub unit: String,
    pub expr: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub document: DocumentSrc,
    #[serde(default)]
    pub measure: Vec<Spanned<MeasureSrc>>,
    #[serde(default)]
    pub cap: Vec<Spanned<CapSrc>>,
    #[serde(default)]
    pub rejected: Vec<RejectedSrc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSrc {
    pub doc: String,
    pub title: String,
    pub issuer: String,
    pub level: String,
    pub seed: String,
    pub line: u32,
    pub date: String,
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
    pub validity_text: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub window: String,
    /// Who read every rule against the source, when, and what they checked.
    #[serde(default)]
    pub reviewed: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectedSrc {
    pub title: String,
    pub clause: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSrc {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub clause: String,
    pub quote: String,
    pub kind: String,
    pub target: String,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub score: Vec<ScoreSrc>,
    #[serde(default)]
    pub amount: Option<AmountSrc>,
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub validity_text: Option<String>,
    #[serde(default)]
    pub apply: Option<ApplySrc>,
    #[serde(default)]
    pub ranked: bool,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub implements: Vec<String>,
    #[serde(default)]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub not_combinable_with: Vec<String>,
    #[serde(default)]
    pub blocks: Vec<String>,
    /// Facts every case starts from, so each case states only what it varies.
    #[serde(default)]
    pub case_base: toml::Table,
    #[serde(default)]
    pub cases: Vec<toml::Spanned<CaseSrc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSrc {
    pub label: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub points: Option<String>,
    #[serde(default)]
    pub tiers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountSrc {
    /// A formula over facts, in 万元 unless `unit` says otherwise.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub tiers: Vec<String>,
    /// "最高 X" with no formula: any amount from 0 to X.
    #[serde(default)]
    pub up_to: Option<f64>,
    #[serde(default = "cash")]
    pub unit: String,
}

fn cash() -> String {
    "cash".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplySrc {
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub window: Option<String>,
    #[serde(default)]
    pub window_from: Option<String>,
    #[serde(default)]
    pub window_until: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSrc {
    #[serde(default)]
    pub given: toml::Table,
    #[serde(default)]
    pub date: Option<String>,
    pub expect: String,
    /// Expected amount: a number, or `[min, max]`.
    #[serde(default)]
    pub amount: Option<toml::Value>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapSrc {
    pub id: String,
    pub clause: String,
    pub quote: String,
    /// Measure ids, or `tag:<tag>` for every measure carrying the tag.
    pub measures: Vec<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub tiers: Vec<String>,
    #[serde(default)]
    pub note: String,
}
