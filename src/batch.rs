//! Batch screening for officers: one firm per row of a CSV or JSONL file,
//! every measure evaluated, one output row per firm.
//!
//! Columns are fact names (ASCII or the Chinese label); an empty cell is
//! unknown; other columns (a firm's name or code) are carried through as
//! `firm` when named `firm`, `name`, `id`, `企业名称` or `统一社会信用代码`.
//! CSV may be UTF-8 (with or without BOM) or GB18030 (what spreadsheets in
//! China save). Input is read in chunks, so memory stays flat however many
//! rows there are; chunks are evaluated on all cores. A bad row is reported
//! with its line number and the other rows are processed.

use crate::engine::eval::Iv;
use crate::engine::{assess, totals::totals, Status};
use crate::input::{Input, RawProfile};
use crate::pack::Pack;
use crate::profile::{fact_index, show, Profile};
use crate::profile::{parse_text, ProfileError};
use std::io::{BufRead, Read, Write};

/// Rows per chunk. Two chunks are in memory at once (one read while the
/// other is screened), each output row up to ~15 KB with every measure id.
const CHUNK: usize = 1024;
const ID_COLUMNS: [&str; 5] = ["firm", "name", "id", "企业名称", "统一社会信用代码"];

pub struct Options {
    pub today: i32,
    /// From `engine::replacements`: measures standing on their own on `today`.
    pub single: Vec<bool>,
    pub jsonl_out: bool,
    pub progress: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub rows: usize,
    pub bad_rows: usize,
}

/// One input row: its line, an identifier if given, and its values.
struct Row {
    line: usize,
    firm: String,
    values: Values,
    /// A problem reading the row itself (not its values).
    error: Option<String>,
}

/// A row's values as read: named (JSONL) or cells of the CSV's columns,
/// parsed by the worker that evaluates the row.
enum Values {
    Named(RawProfile),
    Cells(csv::StringRecord),
}

/// What each CSV column holds, resolved once from the header.
enum Column {
    Firm,
    /// A fact; `twice` when an earlier column names the same fact.
    Fact {
        ix: usize,
        shown: String,
        twice: bool,
    },
    Ignored,
}

fn columns(pack: &Pack, headers: &[String]) -> Vec<Column> {
    let mut seen = vec![false; pack.facts.len()];
    headers
        .iter()
        .map(|h| {
            if ID_COLUMNS.contains(&h.as_str()) {
                return Column::Firm;
            }
            match fact_index(pack, h) {
                Some(ix) => Column::Fact { ix, shown: h.chars().take(60).collect(), twice: std::mem::replace(&mut seen[ix], true) },
                None => Column::Ignored,
            }
        })
        .collect()
}

/// The profile of a CSV row: the same values and messages, in column order,
/// as `Profile::check` on the cells named by their headers.
fn profile_of_cells(pack: &Pack, columns: &[Column], rec: &csv::StringRecord) -> (Profile, Vec<ProfileError>) {
    let mut p = Profile::empty(pack);
    let mut errors = Vec::new();
    for (col, v) in columns.iter().zip(rec.iter()) {
        let Column::Fact { ix, shown, twice } = col else { continue };
        if *twice {
            errors.push(ProfileError { fact: shown.clone(), message: "is given twice".into() });
            continue;
        }
        match parse_text(&pack.facts[*ix], v) {
            Ok(v) => p.values[*ix] = v,
            Err(message) => errors.push(ProfileError { fact: shown.clone(), message }),
        }
    }
    (p, errors)
}

/// Decode as UTF-8 if the start of the file is UTF-8, else as GB18030.
fn decoder<'a, R: Read + 'a>(mut r: R) -> std::io::Result<Box<dyn Read + 'a>> {
    let mut head = vec![0u8; 64 * 1024];
    let mut n = 0;
    while n < head.len() {
        let k = r.read(&mut head[n..])?;
        if k == 0 {
            break;
        }
        n += k;
    }
    head.truncate(n);
    let utf8 = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) => e.error_len().is_none(),
    };
    let all = std::io::Cursor::new(head).chain(r);
    let enc = if utf8 { encoding_rs::UTF_8 } else { encoding_rs::GB18030 };
    Ok(Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(enc)).bom_sniffing(true).strip_bom(true).build(all)))
}

/// Evaluate every row of `input` and write one row per firm to `out`;
/// problems go to `err` with their line numbers.
pub fn run<R: Read, W: Write, E: Write>(pack: &Pack, input: R, jsonl_in: bool, out: W, err: &mut E, opt: &Options) -> std::io::Result<Summary> {
    let mut out = std::io::BufWriter::new(out);
    if !opt.jsonl_out {
        writeln!(out, "line,firm,eligible_count,undetermined_count,cash_min,cash_max,eligible,undetermined,error")?;
    }
    let mut summary = Summary::default();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut rows: Box<dyn Iterator<Item = std::io::Result<Row>>>;
    let mut columns_of_csv = Vec::new();
    if jsonl_in {
        let reader = std::io::BufReader::new(input);
        rows = Box::new(reader.lines().enumerate().filter_map(|(i, line)| match line {
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(Ok(jsonl_row(i + 1, &l))),
            Err(e) => Some(Err(e)),
        }));
    } else {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(decoder(input)?);
        let headers: Vec<String> = csv.headers().map_err(std::io::Error::other)?.iter().map(|h| h.trim().to_owned()).collect();
        // Columns that are neither a fact nor an identifier are reported once.
        columns_of_csv = columns(pack, &headers);
        let unknown: Vec<&String> = headers.iter().zip(&columns_of_csv).filter(|(_, c)| matches!(c, Column::Ignored)).map(|(h, _)| h).collect();
        if !unknown.is_empty() {
            writeln!(err, "ignored columns (not facts): {}", unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))?;
        }
        let firm_columns: Vec<usize> = columns_of_csv.iter().enumerate().filter(|(_, c)| matches!(c, Column::Firm)).map(|(j, _)| j).collect();
        rows = Box::new(csv.into_records().map(move |record| {
            Ok(match record {
                Ok(rec) => {
                    let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
                    // The last identifier column given wins.
                    let firm = firm_columns.iter().rev().find_map(|j| rec.get(*j)).map(|v| v.trim().to_owned()).unwrap_or_default();
                    let error = (rec.len() != headers.len()).then(|| format!("{} cells, the header has {}", rec.len(), headers.len()));
                    Row { line, firm, values: Values::Cells(rec), error }
                }
                Err(e) => {
                    Row { line: e.position().map(|p| p.line() as usize).unwrap_or(0), firm: String::new(), values: Values::Named(RawProfile::default()), error: Some(format!("unreadable row: {e}")) }
                }
            })
        }));
    }
    let plain_ids = pack.measures.iter().all(|m| !needs_quotes(&m.id));
    let columns = &columns_of_csv;
    // While the workers screen one chunk, the next one is read.
    std::thread::scope(|s| -> std::io::Result<()> {
        type Done = Vec<(Row, String, Option<String>)>;
        let submit = |chunk: Vec<Row>| {
            let per = chunk.len().div_ceil(threads).max(1);
            let mut parts: Vec<Vec<Row>> = Vec::new();
            let mut it = chunk.into_iter().peekable();
            while it.peek().is_some() {
                parts.push(it.by_ref().take(per).collect());
            }
            parts
                .into_iter()
                .map(|part| {
                    s.spawn(move || {
                        part.into_iter()
                            .map(|r| {
                                let (line, bad) = render(pack, columns, &r, opt, plain_ids);
                                (r, line, bad)
                            })
                            .collect::<Done>()
                    })
                })
                .collect::<Vec<_>>()
        };
        let mut finish = |handles: Vec<std::thread::ScopedJoinHandle<'_, Done>>, summary: &mut Summary| -> std::io::Result<()> {
            for h in handles {
                // A worker that failed must not silently drop its rows.
                let done = h.join().map_err(|_| std::io::Error::other("evaluating a chunk of rows failed (a bug: please report it with the file)"))?;
                for (row, line, bad) in done {
                    summary.rows += 1;
                    if let Some(msg) = bad {
                        summary.bad_rows += 1;
                        writeln!(err, "line {}: {msg}", row.line)?;
                    }
                    out.write_all(line.as_bytes())?;
                }
            }
            if opt.progress {
                write!(err, "\r{} firms screened", summary.rows)?;
            }
            Ok(())
        };
        let mut pending = Vec::new();
        loop {
            let mut chunk = Vec::with_capacity(CHUNK);
            for row in rows.by_ref().take(CHUNK) {
                chunk.push(row?);
            }
            let last = chunk.len() < CHUNK;
            let next = submit(chunk);
            finish(std::mem::replace(&mut pending, next), &mut summary)?;
            if last {
                return finish(pending, &mut summary);
            }
        }
    })?;
    if opt.progress {
        writeln!(err)?;
    }
    out.flush()?;
    Ok(summary)
}

/// One JSONL line as a row.
fn jsonl_row(line: usize, text: &str) -> Row {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => {
            let firm = ID_COLUMNS.iter().find_map(|k| map.get(*k)).map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).unwrap_or_default();
            let mut raw = RawProfile::default();
            for (k, v) in &map {
                if ID_COLUMNS.contains(&k.as_str()) {
                    continue;
                }
                raw.0.push((k.clone(), serde_json::from_value::<Input>(v.clone()).unwrap_or(Input::Object)));
            }
            Row { line, firm, values: Values::Named(raw), error: None }
        }
        Ok(_) => Row { line, firm: String::new(), values: Values::Named(RawProfile::default()), error: Some("not a JSON object".into()) },
        Err(e) => Row { line, firm: String::new(), values: Values::Named(RawProfile::default()), error: Some(format!("not JSON: {e}")) },
    }
}

fn needs_quotes(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends `s` as one CSV field, quoted when it must be.
fn csv_field(out: &mut String, s: &str) {
    if needs_quotes(s) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// "12" or "10-20": an amount in the report.
fn amount(out: &mut String, a: Iv) {
    out.push_str(&show(a.lo));
    if a.lo != a.hi {
        out.push('-');
        out.push_str(&show(a.hi));
    }
}

/// One output row and, for a bad row, its message.
/// `plain_ids`: no measure id needs quoting, so the id lists are written as they are.
fn render(pack: &Pack, columns: &[Column], row: &Row, opt: &Options, plain_ids: bool) -> (String, Option<String>) {
    let (profile, errors) = match &row.values {
        Values::Named(raw) => Profile::check(pack, raw),
        Values::Cells(rec) => profile_of_cells(pack, columns, rec),
    };
    let mut problems: Vec<String> = row.error.iter().cloned().collect();
    problems.extend(errors.iter().map(|e| e.to_string()));
    let problem = (!problems.is_empty()).then(|| problems.join("; "));
    let cores = if row.error.is_some() { Vec::new() } else { assess(pack, &profile, opt.today) };
    let mut eligible = Vec::new();
    let mut undetermined = Vec::new();
    // Restated or replaced measures are left out, as on screen; the cash
    // total uses the same rules as the app (relations, shared caps).
    for ((m, c), single) in pack.measures.iter().zip(&cores).zip(opt.single.iter()) {
        if !single {
            continue;
        }
        match c.status {
            Status::Eligible => eligible.push((m.id.as_str(), c.amount)),
            Status::Undetermined => undetermined.push(m.id.as_str()),
            _ => {}
        }
    }
    let (lo, hi) = if cores.is_empty() {
        (0.0, 0.0)
    } else {
        let t = totals(pack, &cores, &opt.single, &profile, opt.today);
        (t.cash_min, t.cash_max)
    };
    let line = if opt.jsonl_out {
        let v = serde_json::json!({
            "line": row.line,
            "firm": row.firm,
            "eligible": eligible.iter().map(|(id, a)| serde_json::json!({"id": id, "amount": a.map(|a| [a.lo, a.hi])})).collect::<Vec<_>>(),
            "undetermined": undetermined,
            "cash_min": lo, "cash_max": hi,
            "error": problem,
        });
        format!("{v}\n")
    } else {
        use std::fmt::Write as _;
        let mut line = String::with_capacity(64 + 48 * (eligible.len() + undetermined.len()));
        let _ = write!(line, "{},", row.line);
        csv_field(&mut line, &row.firm);
        let _ = write!(line, ",{},{},{},{},", eligible.len(), undetermined.len(), show(lo), show(hi));
        let field = |line: &mut String, list: &str| {
            if plain_ids {
                line.push_str(list)
            } else {
                csv_field(line, list)
            }
        };
        let mut list = String::with_capacity(48 * eligible.len());
        for (k, (id, a)) in eligible.iter().enumerate() {
            if k > 0 {
                list.push(';');
            }
            list.push_str(id);
            if let Some(a) = a {
                list.push(':');
                amount(&mut list, *a);
            }
        }
        field(&mut line, &list);
        line.push(',');
        field(&mut line, &undetermined.join(";"));
        line.push(',');
        csv_field(&mut line, problem.as_deref().unwrap_or(""));
        line.push('\n');
        line
    };
    (line, problem)
}
