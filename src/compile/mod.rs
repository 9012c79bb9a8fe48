//! The rule compiler: reads `rules/`, validates everything, and produces the
//! `Pack` the engine runs plus the rule files' test cases.
//!
//! Runs in `build.rs` (so a broken rule fails the build) and natively in
//! `eligibility check` and the tests (so a rule can be checked without a
//! rebuild). Every error names the file and line.

pub mod expr;
mod resolve;
mod source;

use crate::date::parse_date;
use crate::input::{Input, RawProfile};
use crate::pack::*;
use resolve::Scope;
use source::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a rule file, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A rule file's test case, ready to run against the engine.
#[derive(Debug, Clone)]
pub struct Case {
    pub measure: String,
    pub file: String,
    pub line: u32,
    pub given: RawProfile,
    pub date: i32,
    pub expect: String,
    pub amount: Option<(f64, f64)>,
    pub note: String,
}

/// Per document: how much of it is encoded.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub doc: String,
    pub file: String,
    pub measures: usize,
    pub rejected: usize,
    pub cases: usize,
}

pub struct Compiled {
    pub pack: Pack,
    pub cases: Vec<Case>,
    pub coverage: Vec<Coverage>,
    /// Where each measure's parts stand in its rule file (same order as `pack.measures`).
    pub lines: Vec<MeasureLines>,
    /// Every file read, for build-script change tracking.
    pub files: Vec<PathBuf>,
}

/// Lines of a measure's parts in its rule file, for the self-checks' messages.
#[derive(Debug, Clone, Default)]
pub struct MeasureLines {
    pub file: String,
    pub measure: u32,
    /// One per condition, in order.
    pub conditions: Vec<u32>,
    pub amount: u32,
    pub relations: u32,
}

/// The date a case is evaluated on when it names none.
pub const DEFAULT_CASE_DATE: &str = "2022-07-01";
pub const STATUSES: [&str; 6] = ["eligible", "not_eligible", "undetermined", "expired", "not_yet_in_force", "meets_entry_conditions"];

struct Src {
    rel: String,
    text: String,
}

impl Src {
    fn line_at(&self, byte: usize) -> u32 {
        self.text.as_bytes()[..byte.min(self.text.len())].iter().filter(|b| **b == b'\n').count() as u32 + 1
    }
    /// The line of `needle` inside a span, else the span's first line.
    fn line_in(&self, span: std::ops::Range<usize>, needle: &str) -> u32 {
        let end = span.end.min(self.text.len());
        let start = span.start.min(end);
        match self.text.get(start..end).and_then(|s| if needle.is_empty() { None } else { s.find(needle) }) {
            Some(off) => self.line_at(start + off),
            None => self.line_at(start),
        }
    }
    fn diag(&self, line: u32, message: impl Into<String>) -> Diag {
        Diag { file: self.rel.clone(), line, message: message.into() }
    }
}

/// Compile `rules_dir`; with `seeds_dir`, also check every quote against the sources.
pub fn compile_dir(rules_dir: &Path, seeds_dir: Option<&Path>) -> Result<Compiled, Vec<Diag>> {
    let mut diags = Vec::new();
    let read = |p: &Path| -> Result<Src, Diag> {
        let rel = format!("rules/{}", p.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
        std::fs::read_to_string(p).map(|text| Src { rel: rel.clone(), text }).map_err(|e| Diag { file: rel, line: 0, message: format!("cannot read: {e}") })
    };
    let vocab_path = rules_dir.join("facts.toml");
    let mut files = vec![vocab_path.clone()];
    let vocab = match read(&vocab_path) {
        Ok(s) => s,
        Err(d) => return Err(vec![d]),
    };
    let mut rule_srcs = Vec::new();
    match std::fs::read_dir(rules_dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml") && p.file_name().is_some_and(|n| n != "facts.toml")).collect();
            paths.sort();
            for p in paths {
                files.push(p.clone());
                match read(&p) {
                    Ok(s) => rule_srcs.push(s),
                    Err(d) => diags.push(d),
                }
            }
        }
        Err(e) => return Err(vec![Diag { file: rules_dir.display().to_string(), line: 0, message: format!("cannot list rules: {e}") }]),
    }
    let seeds = seeds_dir.map(load_seeds);
    let out = compile_sources(&vocab, &rule_srcs, seeds.as_ref(), &mut diags);
    match out {
        Some((pack, cases, coverage, lines)) if diags.is_empty() => Ok(Compiled { pack, cases, coverage, lines, files }),
        _ => Err(diags),
    }
}

/// Seed file name → its text with all whitespace removed.
type Seeds = Result<BTreeMap<String, String>, String>;

fn load_seeds(dir: &Path) -> Seeds {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read sources in {}: {e}", dir.display()))?;
    let mut out = BTreeMap::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            out.insert(e.file_name().to_string_lossy().into_owned(), strip_ws(&text));
        }
    }
    Ok(out)
}

pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn parse_toml<T: serde::de::DeserializeOwned>(src: &Src, diags: &mut Vec<Diag>) -> Option<T> {
    match toml::from_str::<T>(&src.text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| src.line_at(s.start)).unwrap_or(0);
            diags.push(src.diag(line, e.message().to_string()));
            None
        }
    }
}

fn date_opt(s: &Option<String>, src: &Src, line: u32, what: &str, diags: &mut Vec<Diag>) -> Option<i32> {
    let s = s.as_deref().filter(|s| !s.is_empty())?;
    let d = parse_date(s);
    if d.is_none() {
        diags.push(src.diag(line, format!("{what}: `{s}` is not a date (YYYY-MM-DD)")));
    }
    d
}

/// `sources_as_of`, sections, facts and derived quantities of the vocabulary.
type Vocab = (String, Vec<Section>, Vec<Fact>, Vec<Derived>);

fn compile_vocab(src: &Src, diags: &mut Vec<Diag>) -> Option<Vocab> {
    let v: VocabFile = parse_toml(src, diags)?;
    let sections: Vec<Section> = v.section.iter().map(|s| Section { id: s.get_ref().id.clone(), zh: s.get_ref().zh.clone(), en: s.get_ref().en.clone() }).collect();
    let mut facts = Vec::new();
    let mut seen = BTreeSet::new();
    for sf in &v.fact {
        let line = src.line_at(sf.span().start);
        let f = sf.get_ref();
        if !is_snake(&f.name) {
            diags.push(src.diag(line, format!("fact name `{}` must be ASCII snake_case", f.name)));
        }
        if !seen.insert(f.name.clone()) {
            diags.push(src.diag(line, format!("fact `{}` is declared twice", f.name)));
        }
        if f.zh.is_empty() || f.en.is_empty() {
            diags.push(src.diag(line, format!("fact `{}` needs both zh and en labels", f.name)));
        }
        let section = match sections.iter().position(|s| s.id == f.section) {
            Some(p) => p as u16,
            None => {
                diags.push(src.diag(line, format!("fact `{}`: unknown section `{}`", f.name, f.section)));
                0
            }
        };
        let values = || -> Vec<EnumValue> { f.values.iter().map(|v| EnumValue { id: v.id.clone(), zh: v.zh.clone(), en: v.en.clone() }).collect() };
        let kind = match f.kind.as_str() {
            "bool" => FactKind::Bool,
            "date" => FactKind::Date,
            "number" => {
                let unit = match f.unit.as_deref().map(Unit::parse) {
                    Some(Some(u)) => u,
                    _ => {
                        diags.push(src.diag(line, format!("fact `{}`: a number needs a unit (万元, %, 人, 个, 年, 个月, 分, 千瓦, 平方米, or \"\")", f.name)));
                        Unit::Plain
                    }
                };
                let min = f.min.unwrap_or(if unit == Unit::Percent { f64::NEG_INFINITY } else { 0.0 });
                FactKind::Number { unit, min, max: f.max.unwrap_or(f64::INFINITY), integer: f.integer || unit == Unit::Persons }
            }
            "enum" | "set" => {
                let vals = values();
                if vals.len() < 2 {
                    diags.push(src.diag(line, format!("fact `{}`: a choice needs at least two values", f.name)));
                }
                if f.kind == "set" && vals.len() > 64 {
                    diags.push(src.diag(line, format!("fact `{}`: at most 64 values", f.name)));
                }
                let mut ids = BTreeSet::new();
                for v in &vals {
                    if !is_snake(&v.id) || !ids.insert(v.id.clone()) {
                        diags.push(src.diag(src.line_in(sf.span(), &v.id), format!("fact `{}`: value `{}` must be unique snake_case", f.name, v.id)));
                    }
                }
                if f.kind == "enum" {
                    FactKind::Enum { values: vals }
                } else {
                    FactKind::Set { values: vals }
                }
            }
            other => {
                diags.push(src.diag(line, format!("fact `{}`: unknown type `{other}` (bool, number, enum, set, date)", f.name)));
                FactKind::Bool
            }
        };
        facts.push(Fact { name: f.name.clone(), kind, zh: f.zh.clone(), en: f.en.clone(), help_zh: f.help_zh.clone(), help_en: f.help_en.clone(), section });
    }
    let mut derived = Vec::new();
    for sd in &v.derived {
        let d = sd.get_ref();
        let line = src.line_at(sd.span().start);
        let scope = Scope { facts: &facts, derived: &derived, score_groups: None };
        let unit = Unit::parse(&d.unit).unwrap_or_else(|| {
            diags.push(src.diag(line, format!("derived `{}`: unknown unit `{}`", d.name, d.unit)));
            Unit::Plain
        });
        match expr::parse(&d.expr).and_then(|a| scope.num(&a)) {
            Ok((n, _)) => derived.push(Derived { name: d.name.clone(), zh: d.zh.clone(), en: d.en.clone(), unit, expr: n, text: d.expr.clone() }),
            Err(e) => diags.push(src.diag(src.line_in(sd.span(), &d.expr), format!("derived `{}`: {e}", d.name))),
        }
    }
    Some((v.sources_as_of, sections, facts, derived))
}

fn is_snake(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') && s.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

struct Parsed {
    src_ix: usize,
    file: RuleFile,
    doc_ix: u16,
}

#[allow(clippy::type_complexity)]
fn compile_sources(vocab: &Src, rules: &[Src], seeds: Option<&Seeds>, diags: &mut Vec<Diag>) -> Option<(Pack, Vec<Case>, Vec<Coverage>, Vec<MeasureLines>)> {
    let (sources_as_of, sections, facts, derived) = compile_vocab(vocab, diags)?;
    if let Some(Err(e)) = seeds {
        diags.push(Diag { file: "../shared/seeds".into(), line: 0, message: e.clone() });
    }
    let seeds = seeds.and_then(|s| s.as_ref().ok());

    // Pass 1: parse every file, order documents as they stand in the sources.
    let mut parsed: Vec<Parsed> = rules.iter().enumerate().filter_map(|(i, s)| parse_toml::<RuleFile>(s, diags).map(|file| Parsed { src_ix: i, file, doc_ix: 0 })).collect();
    parsed.sort_by(|a, b| (&a.file.document.seed, a.file.document.line).cmp(&(&b.file.document.seed, b.file.document.line)));
    let mut ids: BTreeMap<String, (u16, usize)> = BTreeMap::new();
    let mut tags: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    let mut n = 0u16;
    for (di, p) in parsed.iter_mut().enumerate() {
        p.doc_ix = di as u16;
        for m in &p.file.measure {
            let src = &rules[p.src_ix];
            let id = &m.get_ref().id;
            if let Some((_, other)) = ids.get(id) {
                diags.push(src.diag(src.line_at(m.span().start), format!("measure id `{id}` is also used in {}", rules[*other].rel)));
            }
            ids.insert(id.clone(), (n, p.src_ix));
            for t in &m.get_ref().tags {
                tags.entry(t.clone()).or_default().push(n);
            }
            n += 1;
        }
    }

    // Pass 2: compile.
    let mut documents = Vec::new();
    let mut measures = Vec::new();
    let mut caps = Vec::new();
    let mut cases = Vec::new();
    let mut coverage = Vec::new();
    let mut lines = Vec::new();
    let default_case_date = parse_date(DEFAULT_CASE_DATE).unwrap_or(0);
    for p in &parsed {
        let src = &rules[p.src_ix];
        let d = &p.file.document;
        let level = parse_level(&d.level).unwrap_or_else(|| {
            diags.push(src.diag(src.line_in(0..src.text.len(), "level"), format!("unknown level `{}` (national, provincial, municipal)", d.level)));
            Level::Municipal
        });
        if d.doc.trim().is_empty() {
            diags.push(src.diag(1, "document: `doc` (the document number as printed) is missing"));
        }
        if let Some(seeds) = seeds {
            match seeds.get(&d.seed) {
                None => diags.push(src.diag(src.line_in(0..src.text.len(), "seed"), format!("unknown seed file `{}`", d.seed))),
                Some(text) if !text.contains(&strip_ws(&d.doc)) => diags.push(src.diag(src.line_in(0..src.text.len(), "doc ="), format!("document number `{}` does not occur in {}", d.doc, d.seed))),
                _ => {}
            }
        }
        let doc_line = src.line_in(0..src.text.len(), "[document]");
        let doc_from = date_opt(&d.valid_from, src, doc_line, "valid_from", diags);
        let doc_until = date_opt(&d.valid_until, src, doc_line, "valid_until", diags);
        if parse_date(&d.date).is_none() {
            diags.push(src.diag(doc_line, format!("document date `{}` is not YYYY-MM-DD", d.date)));
        }
        documents.push(Document {
            doc: d.doc.clone(),
            title: d.title.clone(),
            issuer: d.issuer.clone(),
            level,
            seed: d.seed.clone(),
            line: d.line,
            date: d.date.clone(),
            file: src.rel.clone(),
            rejected: p.file.rejected.iter().map(|r| Rejected { title: r.title.clone(), clause: r.clause.clone(), reason: r.reason.clone() }).collect(),
            reviewed: d.reviewed.clone(),
        });
        for r in &p.file.rejected {
            if r.reason.trim().is_empty() {
                diags.push(src.diag(src.line_in(0..src.text.len(), &r.title), format!("rejected `{}` needs a reason", r.title)));
            }
        }
        let mut n_cases = 0;
        let resolve_refs = |list: &[String], line: u32, what: &str, diags: &mut Vec<Diag>| -> Vec<u16> {
            let mut out = Vec::new();
            for r in list {
                if let Some(tag) = r.strip_prefix("tag:") {
                    match tags.get(tag) {
                        Some(v) => out.extend(v.iter().copied()),
                        None => diags.push(src.diag(line, format!("{what}: no measure carries tag `{tag}`"))),
                    }
                } else {
                    match ids.get(r) {
                        Some((ix, _)) => out.push(*ix),
                        None => diags.push(src.diag(line, format!("{what}: unknown measure `{r}`"))),
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        for sm in &p.file.measure {
            let m = sm.get_ref();
            let span = sm.span();
            let line = src.line_at(span.start);
            let at = |needle: &str| src.line_in(span.clone(), needle);
            // A string as written in the file: quoted first, so `"revenue"` is not found inside `"t-revenue"`.
            let at_str = |text: &str| {
                let quoted = format!("\"{text}\"");
                let l = src.line_in(span.clone(), &quoted);
                if l == line { src.line_in(span.clone(), text) } else { l }
            };
            if !is_id(&m.id) {
                diags.push(src.diag(line, format!("measure id `{}` must be lowercase ASCII words joined by '-'", m.id)));
            }
            for (name, v) in [("title_zh", &m.title_zh), ("title_en", &m.title_en), ("clause", &m.clause), ("quote", &m.quote), ("target", &m.target)] {
                if v.trim().is_empty() {
                    diags.push(src.diag(line, format!("measure `{}`: `{name}` is missing", m.id)));
                }
            }
            check_quote(&m.quote, &d.seed, seeds, src, at("quote"), &m.id, diags);
            let kind = BenefitKind::parse(&m.kind).unwrap_or_else(|| {
                diags.push(src.diag(at("kind"), format!("measure `{}`: unknown kind `{}` ({})", m.id, m.kind, BenefitKind::ALL.iter().map(|k| k.0).collect::<Vec<_>>().join(", "))));
                BenefitKind::Service
            });
            let groups: Vec<String> = m.score.iter().map(|s| s.group.clone()).collect::<BTreeSet<_>>().into_iter().collect();
            let scope = Scope { facts: &facts, derived: &derived, score_groups: if m.score.is_empty() { None } else { Some(&groups) } };
            let mut score = Vec::new();
            for s in &m.score {
                let pts = match (&s.points, s.tiers.is_empty()) {
                    (Some(p), true) => expr::parse(p).and_then(|a| scope.num(&a)).map(|x| x.0),
                    (None, false) => scope.tiers(&s.tiers),
                    _ => Err("a score item has either `points` or `tiers`".into()),
                };
                match pts {
                    Ok(points) => score.push(ScoreItem { label: s.label.clone(), group: s.group.clone(), points }),
                    Err(e) => diags.push(src.diag(at_str(&s.label), format!("measure `{}`, score item `{}`: {e}", m.id, s.label))),
                }
            }
            let mut conditions = Vec::new();
            for c in &m.conditions {
                match expr::parse(c).and_then(|a| scope.cond(&a)) {
                    Ok(c) => conditions.push(c),
                    Err(e) => diags.push(src.diag(at_str(c), format!("measure `{}`, condition `{c}`: {e}", m.id))),
                }
            }
            let amount = m.amount.as_ref().and_then(|a| {
                let unit = AmountUnit::parse(&a.unit).unwrap_or_else(|| {
                    diags.push(src.diag(at("unit"), format!("measure `{}`: amount unit `{}` is not one of cash, credit, percent, months", m.id, a.unit)));
                    AmountUnit::Cash
                });
                let (value, text) = match (&a.value, a.tiers.is_empty(), a.up_to) {
                    (Some(v), true, None) => (expr::parse(v).and_then(|x| scope.num(&x)).map(|x| x.0), v.clone()),
                    (None, false, None) => (scope.tiers(&a.tiers), a.tiers.join("; ")),
                    (None, true, Some(u)) => (Ok(Num::UpTo(Box::new(Num::Const(u)))), format!("up_to({u})")),
                    _ => (Err("an amount has exactly one of `value`, `tiers`, `up_to`".to_string()), String::new()),
                };
                match value {
                    Ok(value) => Some(Amount { value, text, unit }),
                    Err(e) => {
                        diags.push(src.diag(at("amount"), format!("measure `{}`, amount: {e}", m.id)));
                        None
                    }
                }
            });
            let from = date_opt(&m.valid_from, src, at("valid_from"), "valid_from", diags).or(doc_from);
            let until = date_opt(&m.valid_until, src, at("valid_until"), "valid_until", diags).or(if m.valid_until.as_deref() == Some("") { None } else { doc_until });
            let ap = m.apply.as_ref();
            let pick = |o: Option<&Option<String>>, dflt: &str| o.and_then(|x| x.clone()).unwrap_or_else(|| dflt.to_owned());
            let apply = Apply {
                department: pick(ap.map(|a| &a.department), &d.department),
                channel: pick(ap.map(|a| &a.channel), &d.channel),
                window: pick(ap.map(|a| &a.window), &d.window),
                window_from: ap.and_then(|a| date_opt(&a.window_from, src, at("window_from"), "window_from", diags)),
                window_until: ap.and_then(|a| date_opt(&a.window_until, src, at("window_until"), "window_until", diags)),
            };
            if apply.department.trim().is_empty() {
                diags.push(src.diag(line, format!("measure `{}`: no department to apply to (set `department` on the document or `apply.department`)", m.id)));
            }
            let relations = Relations {
                implements: resolve_refs(&m.implements, at("implements"), "implements", diags),
                supersedes: resolve_refs(&m.supersedes, at("supersedes"), "supersedes", diags),
                not_combinable_with: resolve_refs(&m.not_combinable_with, at("not_combinable_with"), "not_combinable_with", diags),
                blocks: resolve_refs(&m.blocks, at("blocks"), "blocks", diags),
            };
            let level = m.level.as_deref().map(|l| parse_level(l).unwrap_or_else(|| {
                diags.push(src.diag(at("level"), format!("unknown level `{l}`")));
                level
            })).unwrap_or(level);
            if kind == BenefitKind::Restriction && relations.blocks.is_empty() {
                diags.push(src.diag(line, format!("measure `{}`: a restriction must name what it `blocks`", m.id)));
            }
            if !m.ranked && m.score.is_empty() && m.conditions.is_empty() && kind != BenefitKind::Service {
                diags.push(src.diag(line, format!("measure `{}` has no conditions: give it some, or make it kind `service`", m.id)));
            }
            // Cases.
            for sc in &m.cases {
                let cline = src.line_at(sc.span().start);
                let c = sc.get_ref();
                let mut given = RawProfile::default();
                for (k, v) in m.case_base.iter().chain(c.given.iter()) {
                    given.0.retain(|(name, _)| name != k);
                    match toml_input(v) {
                        Some(i) => given.0.push((k.clone(), i)),
                        None => diags.push(src.diag(cline, format!("measure `{}`: case value for `{k}` must be a bool, number, text or list", m.id))),
                    }
                }
                for (k, _) in &given.0 {
                    if !facts.iter().any(|f| &f.name == k) {
                        diags.push(src.diag(cline, format!("measure `{}`: case names unknown fact `{k}`", m.id)));
                    }
                }
                if !STATUSES.contains(&c.expect.as_str()) {
                    diags.push(src.diag(cline, format!("measure `{}`: case expects `{}`, not a status ({})", m.id, c.expect, STATUSES.join(", "))));
                }
                let date = match &c.date {
                    Some(s) => parse_date(s).unwrap_or_else(|| {
                        diags.push(src.diag(cline, format!("case date `{s}` is not YYYY-MM-DD")));
                        default_case_date
                    }),
                    None => default_case_date,
                };
                let amount = match &c.amount {
                    None => None,
                    Some(toml::Value::Integer(i)) => Some((*i as f64, *i as f64)),
                    Some(toml::Value::Float(f)) => Some((*f, *f)),
                    Some(toml::Value::Array(a)) if a.len() == 2 => match (num_of(&a[0]), num_of(&a[1])) {
                        (Some(lo), Some(hi)) => Some((lo, hi)),
                        _ => None,
                    },
                    Some(_) => {
                        diags.push(src.diag(cline, "case amount must be a number or [min, max]"));
                        None
                    }
                };
                cases.push(Case { measure: m.id.clone(), file: src.rel.clone(), line: cline, given, date, expect: c.expect.clone(), amount, note: c.note.clone() });
                n_cases += 1;
            }
            let relations_line = ["implements", "supersedes", "not_combinable_with", "blocks"].into_iter().map(at).find(|l| *l != line).unwrap_or(line);
            lines.push(MeasureLines { file: src.rel.clone(), measure: line, conditions: m.conditions.iter().map(|c| at_str(c)).collect(), amount: at("amount"), relations: relations_line });
            measures.push(Measure {
                id: m.id.clone(),
                doc: p.doc_ix,
                title_zh: m.title_zh.clone(),
                title_en: m.title_en.clone(),
                clause: m.clause.clone(),
                quote: m.quote.clone(),
                issuer: m.issuer.clone().unwrap_or_else(|| d.issuer.clone()),
                level,
                kind,
                target: m.target.clone(),
                tags: m.tags.clone(),
                conditions,
                condition_texts: m.conditions.clone(),
                score,
                amount,
                validity: Validity { from, until, text: m.validity_text.clone().unwrap_or_else(|| d.validity_text.clone()) },
                apply,
                ranked: m.ranked,
                notes: m.notes.clone(),
                relations,
                line,
            });
        }
        for sc in &p.file.cap {
            let c = sc.get_ref();
            let at = |needle: &str| src.line_in(sc.span(), needle);
            check_quote(&c.quote, &d.seed, seeds, src, at("quote"), &c.id, diags);
            let scope = Scope { facts: &facts, derived: &derived, score_groups: None };
            let (limit, text) = match (&c.value, c.tiers.is_empty()) {
                (Some(v), true) => (expr::parse(v).and_then(|x| scope.num(&x)).map(|x| x.0), v.clone()),
                (None, false) => (scope.tiers(&c.tiers), c.tiers.join("; ")),
                _ => (Err("a cap has either `value` or `tiers`".to_string()), String::new()),
            };
            let members = resolve_refs(&c.measures, at("measures"), "cap", diags);
            match limit {
                Ok(limit) => caps.push(SharedCap { id: c.id.clone(), doc: p.doc_ix, clause: c.clause.clone(), quote: c.quote.clone(), measures: members, limit, text, note: c.note.clone() }),
                Err(e) => diags.push(src.diag(at("tiers"), format!("cap `{}`: {e}", c.id))),
            }
        }
        coverage.push(Coverage { doc: d.doc.clone(), file: src.rel.clone(), measures: p.file.measure.len(), rejected: p.file.rejected.len(), cases: n_cases });
    }
    let mut pack = Pack { version: String::new(), sources_as_of, sections, facts, derived, documents, measures, caps };
    pack.version = version_of(&pack);
    Some((pack, cases, coverage, lines))
}

fn check_quote(quote: &str, seed: &str, seeds: Option<&BTreeMap<String, String>>, src: &Src, line: u32, id: &str, diags: &mut Vec<Diag>) {
    let q = strip_ws(quote);
    if q.chars().count() > 200 {
        diags.push(src.diag(line, format!("`{id}`: quote is {} characters; keep it to the deciding words (≤ 200)", q.chars().count())));
    }
    if let Some(text) = seeds.and_then(|s| s.get(seed)) {
        if !q.is_empty() && !text.contains(&q) {
            // Say where the quote stops matching, so the fix is quick.
            let chars: Vec<char> = q.chars().collect();
            let mut ok = 0;
            for k in (1..=chars.len()).rev() {
                let prefix: String = chars[..k].iter().collect();
                if text.contains(&prefix) {
                    ok = k;
                    break;
                }
            }
            let from: String = chars[ok..chars.len().min(ok + 12)].iter().collect();
            diags.push(src.diag(line, format!("`{id}`: quote not found in {seed} (whitespace ignored); it stops matching at «{from}»")));
        }
    }
}

fn parse_level(s: &str) -> Option<Level> {
    match s {
        "national" => Some(Level::National),
        "provincial" => Some(Level::Provincial),
        "municipal" => Some(Level::Municipal),
        _ => None,
    }
}

fn num_of(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn toml_input(v: &toml::Value) -> Option<Input> {
    Some(match v {
        toml::Value::Boolean(b) => Input::Bool(*b),
        toml::Value::Integer(i) => Input::Num(*i as f64),
        toml::Value::Float(f) => Input::Num(*f),
        toml::Value::String(s) => Input::Str(s.clone()),
        toml::Value::Datetime(d) => Input::Str(d.to_string()),
        toml::Value::Array(a) => Input::List(a.iter().map(toml_input).collect::<Option<_>>()?),
        toml::Value::Table(_) => return None,
    })
}

/// FNV-1a over the serialised pack: a short, stable identity for share links.
fn version_of(pack: &Pack) -> String {
    let bytes = postcard::to_allocvec(pack).unwrap_or_default();
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}
