//! The catalogue: every measure and fact as plain data, for browsing without
//! answering anything (the app's catalogue, the JS API's `measures()` and
//! `facts()`).

use crate::date::format_date;
use crate::pack::{FactKind, Pack};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct MeasureInfo {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub doc: String,
    pub doc_title: String,
    pub clause: String,
    pub quote: String,
    pub issuer: String,
    pub level: &'static str,
    pub kind: &'static str,
    pub kind_zh: &'static str,
    pub target: String,
    pub tags: Vec<String>,
    pub conditions: Vec<String>,
    pub amount_formula: Option<String>,
    pub amount_nature: Option<&'static str>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub validity_text: String,
    pub department: String,
    pub channel: String,
    pub window: String,
    pub ranked: bool,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactInfo {
    pub name: String,
    /// bool, number, enum, set, date
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub unit: Option<&'static str>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub integer: bool,
    pub values: Vec<ValueInfo>,
    pub zh: String,
    pub en: String,
    pub help_zh: String,
    pub help_en: String,
    pub section: String,
    pub section_zh: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueInfo {
    pub id: String,
    pub zh: String,
    pub en: String,
}

pub fn measures(pack: &Pack) -> Vec<MeasureInfo> {
    pack.measures
        .iter()
        .map(|m| {
            let d = &pack.documents[m.doc as usize];
            MeasureInfo {
                id: m.id.clone(),
                title_zh: m.title_zh.clone(),
                title_en: m.title_en.clone(),
                doc: d.doc.clone(),
                doc_title: d.title.clone(),
                clause: m.clause.clone(),
                quote: m.quote.clone(),
                issuer: m.issuer.clone(),
                level: m.level.id(),
                kind: m.kind.id(),
                kind_zh: m.kind.zh(),
                target: m.target.clone(),
                tags: m.tags.clone(),
                conditions: m.condition_texts.clone(),
                amount_formula: m.amount.as_ref().map(|a| a.text.clone()),
                amount_nature: m.amount.as_ref().map(|a| a.unit.id()),
                valid_from: m.validity.from.map(format_date),
                valid_until: m.validity.until.map(format_date),
                validity_text: m.validity.text.clone(),
                department: m.apply.department.clone(),
                channel: m.apply.channel.clone(),
                window: m.apply.window.clone(),
                ranked: m.ranked,
                notes: m.notes.clone(),
            }
        })
        .collect()
}

pub fn facts(pack: &Pack) -> Vec<FactInfo> {
    pack.facts
        .iter()
        .map(|f| {
            let (kind, unit, min, max, integer, values) = match &f.kind {
                FactKind::Bool => ("bool", None, None, None, false, Vec::new()),
                FactKind::Date => ("date", None, None, None, false, Vec::new()),
                FactKind::Number { unit, min, max, integer } => ("number", Some(unit.zh()), min.is_finite().then_some(*min), max.is_finite().then_some(*max), *integer, Vec::new()),
                FactKind::Enum { values } | FactKind::Set { values } => (
                    if matches!(f.kind, FactKind::Enum { .. }) { "enum" } else { "set" },
                    None,
                    None,
                    None,
                    false,
                    values.iter().map(|v| ValueInfo { id: v.id.clone(), zh: v.zh.clone(), en: v.en.clone() }).collect(),
                ),
            };
            let section = pack.sections.get(f.section as usize);
            FactInfo {
                name: f.name.clone(),
                kind,
                unit,
                min,
                max,
                integer,
                values,
                zh: f.zh.clone(),
                en: f.en.clone(),
                help_zh: f.help_zh.clone(),
                help_en: f.help_en.clone(),
                section: section.map(|s| s.id.clone()).unwrap_or_default(),
                section_zh: section.map(|s| s.zh.clone()).unwrap_or_default(),
            }
        })
        .collect()
}
