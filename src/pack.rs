//! The compiled rule pack: what the engine evaluates.
//!
//! `build.rs` compiles `rules/*.toml` into this form and embeds it with
//! postcard, so the wasm bundle carries no TOML parser. Facts and measures
//! are referred to by index; every string a user reads is kept for display.
//! This module is shared verbatim with `build.rs` (via `#[path]`): it may
//! depend on nothing but `serde`.

use serde::{Deserialize, Serialize};

pub type FactIx = u16;
pub type MeasureIx = u16;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Pack {
    /// Hash of the serialised pack (hex), stamped on every result and share link.
    pub version: String,
    /// The sources' "as of" date: the newest document in them.
    pub sources_as_of: String,
    pub sections: Vec<Section>,
    pub facts: Vec<Fact>,
    pub derived: Vec<Derived>,
    pub documents: Vec<Document>,
    pub measures: Vec<Measure>,
    pub caps: Vec<SharedCap>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section {
    pub id: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fact {
    pub name: String,
    pub kind: FactKind,
    pub zh: String,
    pub en: String,
    pub help_zh: String,
    pub help_en: String,
    pub section: u16,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum FactKind {
    Bool,
    Number { unit: Unit, min: f64, max: f64, integer: bool },
    Enum { values: Vec<EnumValue> },
    /// Several values at once (titles held, certifications); at most 64.
    Set { values: Vec<EnumValue> },
    Date,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EnumValue {
    pub id: String,
    pub zh: String,
    pub en: String,
}

/// Units of numbers. Money is always 万元 inside rules.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Unit {
    WanYuan,
    Percent,
    Persons,
    Count,
    Years,
    Months,
    Points,
    Kilowatts,
    SquareMetres,
    Plain,
    /// Days since 1970-01-01: dates compare as numbers.
    Date,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "万元" => Unit::WanYuan,
            "%" => Unit::Percent,
            "人" => Unit::Persons,
            "个" | "项" | "家" | "次" => Unit::Count,
            "年" => Unit::Years,
            "月" | "个月" => Unit::Months,
            "分" => Unit::Points,
            "千瓦" => Unit::Kilowatts,
            "平方米" => Unit::SquareMetres,
            "" => Unit::Plain,
            _ => return None,
        })
    }
    pub fn zh(self) -> &'static str {
        match self {
            Unit::WanYuan => "万元",
            Unit::Percent => "%",
            Unit::Persons => "人",
            Unit::Count => "个",
            Unit::Years => "年",
            Unit::Months => "个月",
            Unit::Points => "分",
            Unit::Kilowatts => "千瓦",
            Unit::SquareMetres => "平方米",
            Unit::Plain | Unit::Date => "",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Unit::WanYuan => "×10k CNY",
            Unit::Percent => "%",
            Unit::Persons => "persons",
            Unit::Count => "",
            Unit::Years => "years",
            Unit::Months => "months",
            Unit::Points => "points",
            Unit::Kilowatts => "kW",
            Unit::SquareMetres => "m²",
            Unit::Plain | Unit::Date => "",
        }
    }
}

/// A named quantity computed from facts (a growth rate, a ratio), declared
/// once in the vocabulary so traces can say "营业收入增速 12%".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Derived {
    pub name: String,
    pub zh: String,
    pub en: String,
    pub unit: Unit,
    pub expr: Num,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Document number exactly as printed, or the title for an unnumbered one.
    pub doc: String,
    pub title: String,
    pub issuer: String,
    pub level: Level,
    pub seed: String,
    pub line: u32,
    pub date: String,
    /// The rule file it was compiled from (relative to the repository).
    pub file: String,
    /// Entries of the first-reading checklist that were read and left out, with why.
    pub rejected: Vec<Rejected>,
    pub reviewed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rejected {
    pub title: String,
    pub clause: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum Level {
    National,
    Provincial,
    Municipal,
}

impl Level {
    pub fn id(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Provincial => "provincial",
            Level::Municipal => "municipal",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Level::National => "国家",
            Level::Provincial => "河南省",
            Level::Municipal => "安阳市",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Measure {
    pub id: String,
    pub doc: u16,
    pub title_zh: String,
    pub title_en: String,
    pub clause: String,
    pub quote: String,
    pub issuer: String,
    pub level: Level,
    pub kind: BenefitKind,
    pub target: String,
    pub tags: Vec<String>,
    /// Every entry must hold (an implicit `all`).
    pub conditions: Vec<Cond>,
    /// The conditions as written in the rule file, for display.
    pub condition_texts: Vec<String>,
    pub score: Vec<ScoreItem>,
    pub amount: Option<Amount>,
    pub validity: Validity,
    pub apply: Apply,
    pub ranked: bool,
    pub notes: Vec<String>,
    pub relations: Relations,
    /// Line of the measure in its rule file, for error messages.
    pub line: u32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum BenefitKind {
    Subsidy,
    Reward,
    TaxCut,
    FeeCut,
    Loan,
    Guarantee,
    InterestSubsidy,
    Deferral,
    ProcurementPreference,
    Title,
    Service,
    RentRelief,
    Restriction,
}

impl BenefitKind {
    pub const ALL: [(&'static str, BenefitKind, &'static str, &'static str); 13] = [
        ("subsidy", BenefitKind::Subsidy, "补贴/补助", "subsidy"),
        ("reward", BenefitKind::Reward, "奖励", "reward"),
        ("tax_cut", BenefitKind::TaxCut, "税收减免", "tax cut"),
        ("fee_cut", BenefitKind::FeeCut, "降费/免费", "fee cut"),
        ("loan", BenefitKind::Loan, "贷款", "loan"),
        ("guarantee", BenefitKind::Guarantee, "担保", "guarantee"),
        ("interest_subsidy", BenefitKind::InterestSubsidy, "贴息", "interest subsidy"),
        ("deferral", BenefitKind::Deferral, "缓缴/延期", "deferral"),
        ("procurement_preference", BenefitKind::ProcurementPreference, "政府采购优惠", "procurement preference"),
        ("title", BenefitKind::Title, "认定/称号", "title"),
        ("service", BenefitKind::Service, "服务", "service"),
        ("rent_relief", BenefitKind::RentRelief, "租金减免", "rent relief"),
        ("restriction", BenefitKind::Restriction, "限制", "restriction"),
    ];
    pub fn parse(s: &str) -> Option<BenefitKind> {
        Self::ALL.iter().find(|k| k.0 == s).map(|k| k.1)
    }
    fn row(self) -> &'static (&'static str, BenefitKind, &'static str, &'static str) {
        // ALL lists every variant, so the search always succeeds; fall back to the first row.
        Self::ALL.iter().find(|k| k.1 == self).unwrap_or(&Self::ALL[0])
    }
    pub fn id(self) -> &'static str {
        self.row().0
    }
    pub fn zh(self) -> &'static str {
        self.row().2
    }
    pub fn en(self) -> &'static str {
        self.row().3
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScoreItem {
    pub label: String,
    pub group: String,
    pub points: Num,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Amount {
    pub value: Num,
    pub text: String,
    pub unit: AmountUnit,
}

/// What an amount measures. Only `Cash` adds into money totals.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum AmountUnit {
    /// Money paid to the firm, 万元.
    Cash,
    /// A ceiling on a loan or guarantee, 万元: credit, not a payment.
    Credit,
    /// A percentage: a rate cut, a price deduction, a share refunded.
    Percent,
    Months,
}

impl AmountUnit {
    pub const ALL: [(&'static str, AmountUnit); 4] = [
        ("cash", AmountUnit::Cash),
        ("credit", AmountUnit::Credit),
        ("percent", AmountUnit::Percent),
        ("months", AmountUnit::Months),
    ];
    pub fn parse(s: &str) -> Option<AmountUnit> {
        Self::ALL.iter().find(|k| k.0 == s).map(|k| k.1)
    }
    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|k| k.1 == self).map(|k| k.0).unwrap_or("cash")
    }
    pub fn unit_zh(self) -> &'static str {
        match self {
            AmountUnit::Cash | AmountUnit::Credit => "万元",
            AmountUnit::Percent => "%",
            AmountUnit::Months => "个月",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Validity {
    /// Days since epoch; `None` = not stated.
    pub from: Option<i32>,
    pub until: Option<i32>,
    /// The words as printed ("政策执行期限至2022年底").
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Apply {
    pub department: String,
    pub channel: String,
    pub window: String,
    pub window_from: Option<i32>,
    pub window_until: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Relations {
    /// Same benefit restated by a later or lower-level text: when both apply,
    /// only this measure counts.
    pub implements: Vec<MeasureIx>,
    /// A later text replacing this one's figures from its own start date.
    pub supersedes: Vec<MeasureIx>,
    pub not_combinable_with: Vec<MeasureIx>,
    /// A restriction: when this measure's conditions hold, the listed measures are barred.
    pub blocks: Vec<MeasureIx>,
}

/// A cap shared by several measures ("所有财政奖补累计最高…").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SharedCap {
    pub id: String,
    pub doc: u16,
    pub clause: String,
    pub quote: String,
    pub measures: Vec<MeasureIx>,
    pub limit: Num,
    pub text: String,
    pub note: String,
}

/// The long texts a firm reads only when it opens a measure: verbatim quotes,
/// notes, conditions as written, reviewers' notes and rejected entries.
/// `build.rs` writes them apart from the rest of the pack (`texts.bin`) so the
/// web app can show its first screen before they arrive; every other build
/// embeds both halves and joins them at load.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Texts {
    /// The version of the pack they were split from: texts of another
    /// release are refused, never mixed in.
    pub version: String,
    pub measures: Vec<MeasureTexts>,
    pub documents: Vec<DocumentTexts>,
    pub caps: Vec<CapTexts>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct MeasureTexts {
    pub quote: String,
    pub notes: Vec<String>,
    pub condition_texts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct DocumentTexts {
    pub rejected: Vec<Rejected>,
    pub reviewed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CapTexts {
    pub quote: String,
    pub note: String,
}

impl Measure {
    /// Each condition with its words as written, when the texts are loaded.
    pub fn conditions_as_written(&self) -> impl Iterator<Item = (&Cond, Option<&String>)> {
        self.conditions.iter().enumerate().map(|(i, c)| (c, self.condition_texts.get(i)))
    }
}

impl Pack {
    /// Moves the long texts out, leaving empty strings behind.
    pub fn split_texts(&mut self) -> Texts {
        let take = std::mem::take::<String>;
        Texts {
            version: self.version.clone(),
            measures: self
                .measures
                .iter_mut()
                .map(|m| MeasureTexts { quote: take(&mut m.quote), notes: std::mem::take(&mut m.notes), condition_texts: std::mem::take(&mut m.condition_texts) })
                .collect(),
            documents: self.documents.iter_mut().map(|d| DocumentTexts { rejected: std::mem::take(&mut d.rejected), reviewed: take(&mut d.reviewed) }).collect(),
            caps: self.caps.iter_mut().map(|c| CapTexts { quote: take(&mut c.quote), note: take(&mut c.note) }).collect(),
        }
    }

    /// Puts texts split from this same pack back; refuses texts of another version.
    pub fn join_texts(&mut self, texts: Texts) -> Result<(), String> {
        if texts.version != self.version || texts.measures.len() != self.measures.len() || texts.documents.len() != self.documents.len() || texts.caps.len() != self.caps.len() {
            return Err(format!("the source texts belong to rules version {}, not {}", texts.version, self.version));
        }
        for (m, t) in self.measures.iter_mut().zip(texts.measures) {
            m.quote = t.quote;
            m.notes = t.notes;
            m.condition_texts = t.condition_texts;
        }
        for (d, t) in self.documents.iter_mut().zip(texts.documents) {
            d.rejected = t.rejected;
            d.reviewed = t.reviewed;
        }
        for (c, t) in self.caps.iter_mut().zip(texts.caps) {
            c.quote = t.quote;
            c.note = t.note;
        }
        Ok(())
    }
}

/// A condition. Evaluates to true, false or unknown (Kleene).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Cond {
    Const(bool),
    /// Text unclear or disputed: always unknown, never asks a fact.
    Unclear(String),
    Fact(FactIx),
    Not(Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Cmp(CmpOp, Box<Num>, Box<Num>),
    /// Enum fact takes one of the values.
    OneOf(FactIx, Vec<u16>),
    /// Set fact holds at least one of (or, with `all`, every one of) the values.
    Has { fact: FactIx, values: Vec<u16>, all: bool },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum CmpOp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Ge => "≥",
            CmpOp::Gt => ">",
            CmpOp::Le => "≤",
            CmpOp::Lt => "<",
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
        }
    }
}

/// A numeric expression; evaluates to an interval when facts are unknown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Num {
    Const(f64),
    Fact(FactIx),
    Derived(u16),
    Add(Box<Num>, Box<Num>),
    Sub(Box<Num>, Box<Num>),
    Mul(Box<Num>, Box<Num>),
    Div(Box<Num>, Box<Num>),
    Min(Vec<Num>),
    Max(Vec<Num>),
    /// Any value from 0 up to the bound: "最高 X" with no formula.
    UpTo(Box<Num>),
    /// Number of values a set fact holds.
    Count(FactIx),
    /// Whole years from a date fact to the assessment date.
    YearsSince(FactIx),
    /// The assessment date (days since epoch).
    Today,
    /// The measure's score: all items, or one group.
    Score(Option<String>),
    /// Tiers: every tier whose condition holds contributes its value; where
    /// several hold (a boundary both claim), the result spans them. No tier: 0.
    Tiers(Vec<(Cond, Num)>),
    /// `if c then a else b`: both branches' span when `c` is unknown.
    If(Box<Cond>, Box<Num>, Box<Num>),
}
