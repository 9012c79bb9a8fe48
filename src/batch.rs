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

use crate::engine::{assess, totals::totals, Status};
use crate::input::{Input, RawProfile};
use crate::pack::Pack;
use crate::profile::{fact_index, show, Profile};
use std::io::{BufRead, Read, Write};

const CHUNK: usize = 4096;
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

/// One input row: its line, an identifier if given, and the raw profile.
struct Row {
    line: usize,
    firm: String,
    raw: RawProfile,
    /// A problem reading the row itself (not its values).
    error: Option<String>,
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

/// A cell stays text: checking the profile parses it by the fact's type, so
/// "1" is true in a yes/no column and 1 in a number column.
fn cell(s: &str) -> Input {
    let t = s.trim();
    if t.is_empty() {
        Input::Null
    } else {
        Input::Str(t.to_owned())
    }
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
    let flush = |rows: Vec<Row>, out: &mut std::io::BufWriter<W>, err: &mut E, summary: &mut Summary| -> std::io::Result<()> {
        let per = rows.len().div_ceil(threads).max(1);
        let lines: Vec<(String, Option<String>)> = std::thread::scope(|s| {
            let handles: Vec<_> = rows.chunks(per).map(|chunk| s.spawn(move || chunk.iter().map(|r| render(pack, r, opt)).collect::<Vec<_>>())).collect();
            let mut lines = Vec::with_capacity(rows.len());
            for h in handles {
                // A worker that failed must not silently drop its rows.
                lines.extend(h.join().map_err(|_| std::io::Error::other("evaluating a chunk of rows failed (a bug: please report it with the file)"))?);
            }
            Ok::<_, std::io::Error>(lines)
        })?;
        for (row, (line, bad)) in rows.iter().zip(lines) {
            summary.rows += 1;
            if let Some(msg) = bad {
                summary.bad_rows += 1;
                writeln!(err, "line {}: {msg}", row.line)?;
            }
            out.write_all(line.as_bytes())?;
        }
        if opt.progress {
            write!(err, "\r{} firms screened", summary.rows)?;
        }
        Ok(())
    };
    let mut rows = Vec::with_capacity(CHUNK);
    if jsonl_in {
        let reader = std::io::BufReader::new(input);
        for (i, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let row = match serde_json::from_str::<serde_json::Value>(&line) {
                Ok(serde_json::Value::Object(map)) => {
                    let firm = ID_COLUMNS.iter().find_map(|k| map.get(*k)).map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).unwrap_or_default();
                    let mut raw = RawProfile::default();
                    for (k, v) in &map {
                        if ID_COLUMNS.contains(&k.as_str()) {
                            continue;
                        }
                        raw.0.push((k.clone(), serde_json::from_value::<Input>(v.clone()).unwrap_or(Input::Object)));
                    }
                    Row { line: i + 1, firm, raw, error: None }
                }
                Ok(_) => Row { line: i + 1, firm: String::new(), raw: RawProfile::default(), error: Some("not a JSON object".into()) },
                Err(e) => Row { line: i + 1, firm: String::new(), raw: RawProfile::default(), error: Some(format!("not JSON: {e}")) },
            };
            rows.push(row);
            if rows.len() == CHUNK {
                flush(std::mem::take(&mut rows), &mut out, err, &mut summary)?;
            }
        }
    } else {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(decoder(input)?);
        let headers: Vec<String> = csv.headers().map_err(std::io::Error::other)?.iter().map(|h| h.trim().to_owned()).collect();
        // Columns that are neither a fact nor an identifier are reported once.
        let unknown: Vec<&String> = headers.iter().filter(|h| fact_index(pack, h).is_none() && !ID_COLUMNS.contains(&h.as_str())).collect();
        if !unknown.is_empty() {
            writeln!(err, "ignored columns (not facts): {}", unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))?;
        }
        for record in csv.records() {
            let row = match record {
                Ok(rec) => {
                    let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
                    let mut raw = RawProfile::default();
                    let mut firm = String::new();
                    for (h, v) in headers.iter().zip(rec.iter()) {
                        if ID_COLUMNS.contains(&h.as_str()) {
                            firm = v.trim().to_owned();
                        } else if fact_index(pack, h).is_some() {
                            raw.0.push((h.clone(), cell(v)));
                        }
                    }
                    let error = (rec.len() != headers.len()).then(|| format!("{} cells, the header has {}", rec.len(), headers.len()));
                    Row { line, firm, raw, error }
                }
                Err(e) => Row { line: e.position().map(|p| p.line() as usize).unwrap_or(0), firm: String::new(), raw: RawProfile::default(), error: Some(format!("unreadable row: {e}")) },
            };
            rows.push(row);
            if rows.len() == CHUNK {
                flush(std::mem::take(&mut rows), &mut out, err, &mut summary)?;
            }
        }
    }
    if !rows.is_empty() {
        flush(rows, &mut out, err, &mut summary)?;
    }
    if opt.progress {
        writeln!(err)?;
    }
    out.flush()?;
    Ok(summary)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One output row and, for a bad row, its message.
fn render(pack: &Pack, row: &Row, opt: &Options) -> (String, Option<String>) {
    let (profile, errors) = Profile::check(pack, &row.raw);
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
    let amount = |a: Option<crate::engine::eval::Iv>| match a {
        Some(a) if a.lo == a.hi => show(a.lo),
        Some(a) => format!("{}-{}", show(a.lo), show(a.hi)),
        None => String::new(),
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
        format!(
            "{},{},{},{},{},{},{},{},{}\n",
            row.line,
            csv_field(&row.firm),
            eligible.len(),
            undetermined.len(),
            show(lo),
            show(hi),
            csv_field(&eligible.iter().map(|(id, a)| if a.is_some() { format!("{id}:{}", amount(*a)) } else { (*id).to_owned() }).collect::<Vec<_>>().join(";")),
            csv_field(&undetermined.join(";")),
            csv_field(problem.as_deref().unwrap_or(""))
        )
    };
    (line, problem)
}
