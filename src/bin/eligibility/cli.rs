//! The command-line face of the engine, for 助企干部 and for CI.
//!
//! ```text
//! eligibility check    [--rules DIR] [--sources DIR]
//! eligibility evaluate PROFILE.json [--date YYYY-MM-DD] [--format json|text]
//! eligibility explain  PROFILE.json MEASURE_ID [--date YYYY-MM-DD]
//! ```

use anyang_policy::compile::{compile_dir, Compiled};
use anyang_policy::date::parse_date;
use anyang_policy::engine::{evaluate, explain};
use anyang_policy::input::RawProfile;
use anyang_policy::pack::Pack;
use anyang_policy::profile::Profile;
use anyang_policy::{check, embedded};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "安阳惠企政策计算器 — eligibility

USAGE:
  eligibility check    [--rules DIR] [--sources DIR]
      Validate the rule files, run every rule test case, report coverage.
  eligibility evaluate PROFILE.json [--date YYYY-MM-DD] [--format json|text] [--rules DIR]
      Evaluate every measure for a firm profile (a JSON object fact → value; `-` reads stdin).
  eligibility explain  PROFILE.json MEASURE_ID [--date YYYY-MM-DD] [--rules DIR]
      Why or why not, in plain language, for one measure.
  eligibility batch    FIRMS.csv|FIRMS.jsonl [--date YYYY-MM-DD] [--out report.csv|report.jsonl] [--rules DIR]
      Screen many firms: one per row (columns = fact names or Chinese labels, empty = unknown;
      CSV in UTF-8 or GB18030). One output row per firm with counts, ids and amounts.
  eligibility facts | measures
      List the vocabulary or the measures of the embedded rule pack.

The date defaults to today. Money is in 万元, percentages as percent numbers (12 = 12%).
";

struct Args {
    positional: Vec<String>,
    date: Option<String>,
    format: String,
    rules: Option<PathBuf>,
    sources: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn parse_args(raw: Vec<String>) -> Result<Args, String> {
    let mut a = Args { positional: Vec::new(), date: None, format: "json".into(), rules: None, sources: None, out: None };
    let mut it = raw.into_iter();
    while let Some(x) = it.next() {
        let mut val = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match x.as_str() {
            "--date" => a.date = Some(val("--date")?),
            "--format" => a.format = val("--format")?,
            "--rules" => a.rules = Some(PathBuf::from(val("--rules")?)),
            "--sources" => a.sources = Some(PathBuf::from(val("--sources")?)),
            "--out" => a.out = Some(PathBuf::from(val("--out")?)),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => a.positional.push(x),
        }
    }
    Ok(a)
}

fn default_rules() -> PathBuf {
    let here = PathBuf::from("rules");
    if here.join("facts.toml").is_file() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules")
    }
}

fn default_sources(rules: &std::path::Path) -> PathBuf {
    rules.join("../../shared/seeds")
}

fn today() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // China Standard Time: the date a firm in Anyang sees.
    ((secs + 8 * 3600) / 86400) as i32
}

pub fn main() -> ExitCode {
    let mut raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let cmd = raw.remove(0);
    let args = match parse_args(raw) {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd.as_str() {
        "check" => cmd_check(&args),
        "evaluate" => cmd_evaluate(&args),
        "explain" => cmd_explain(&args),
        "batch" => cmd_batch(&args),
        "facts" => cmd_list(true),
        "measures" => cmd_list(false),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn compile(rules: &std::path::Path, sources: Option<&std::path::Path>) -> Result<Compiled, String> {
    compile_dir(rules, sources).map_err(|diags| {
        let mut s = diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n");
        s.push_str(&format!("\n{} error(s) in the rule files", diags.len()));
        s
    })
}

fn cmd_check(a: &Args) -> Result<(), String> {
    let rules = a.rules.clone().unwrap_or_else(default_rules);
    let sources = a.sources.clone().unwrap_or_else(|| default_sources(&rules));
    if !sources.is_dir() {
        return Err(format!("sources not found at {} (pass --sources DIR): quotes must be checked", sources.display()));
    }
    let c = compile(&rules, Some(&sources))?;
    let failures = check::run_cases(&c.pack, &c.cases);
    println!("coverage by document (in source order):");
    for cov in &c.coverage {
        println!("  {:<28} {:>3} measures encoded, {:>3} rejected, {:>4} cases  ({})", cov.doc, cov.measures, cov.rejected, cov.cases, cov.file);
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    // Self-checks: reported, not failures (a fact may await a measure being written).
    let unused = check::unused_facts(&c.pack);
    if !unused.is_empty() {
        println!("warning: {} fact(s) no measure reads: {}", unused.len(), unused.join(", "));
    }
    let uncased = check::measures_without_cases(&c.pack, &c.cases);
    if !uncased.is_empty() {
        println!("warning: {} measure(s) with conditions but no test case: {}", uncased.len(), uncased.join(", "));
    }
    // Conditions that can never hold and contradictory relations fail the check; the rest warn.
    let findings = check::self_check(&c);
    for f in &findings {
        println!("{f}");
    }
    let errors = findings.iter().filter(|f| f.severity == check::Severity::Error).count();
    let coverage = check::thresholds::threshold_coverage(&c.pack, &c.cases, &c.lines);
    let mut open = 0;
    for m in &coverage {
        let gaps = m.gaps();
        if !gaps.is_empty() {
            open += gaps.len();
            println!("{}:{}: warning: `{}`: thresholds without a case on every side: {}", m.file, m.line, m.measure, gaps.join("; "));
        }
    }
    let total: usize = coverage.iter().map(|m| m.thresholds.len()).sum();
    println!(
        "thresholds: {total} in {} measures; {} with cases below, at and above; {open} missing a side in {} measures",
        coverage.len(),
        total - open,
        coverage.iter().filter(|m| !m.gaps().is_empty()).count()
    );
    println!("self-checks: {errors} error(s), {} warning(s)", findings.len() - errors);
    let embedded_version = &embedded::pack().version;
    if embedded_version != &c.pack.version {
        println!("note: this binary embeds rule pack {embedded_version}; the files compile to {} (rebuild to embed them)", c.pack.version);
    }
    println!(
        "rule pack {}: {} documents, {} measures, {} facts, {} derived, {} shared caps; {} cases run",
        c.pack.version,
        c.pack.documents.len(),
        c.pack.measures.len(),
        c.pack.facts.len(),
        c.pack.derived.len(),
        c.pack.caps.len(),
        c.cases.len()
    );
    println!("{} passed, {} failed", c.cases.len() - failures.len(), failures.len());
    match (failures.len(), errors) {
        (0, 0) => Ok(()),
        (0, e) => Err(format!("{e} self-check error(s) in the rule files")),
        (f, 0) => Err(format!("{f} rule test case(s) failed")),
        (f, e) => Err(format!("{f} rule test case(s) failed; {e} self-check error(s) in the rule files")),
    }
}

fn load_pack(a: &Args) -> Result<std::borrow::Cow<'static, Pack>, String> {
    match &a.rules {
        Some(dir) => compile(dir, None).map(|c| std::borrow::Cow::Owned(c.pack)),
        None => {
            if let Some(e) = embedded::load_error() {
                return Err(e.to_owned());
            }
            Ok(std::borrow::Cow::Borrowed(embedded::pack()))
        }
    }
}

fn read_profile(pack: &Pack, path: &str) -> Result<Profile, String> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| format!("stdin: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?
    };
    let raw: RawProfile = serde_json::from_str(&text).map_err(|e| format!("{path}: not a profile (a JSON object of fact → value): {e}"))?;
    let (profile, errors) = Profile::check(pack, &raw);
    if !errors.is_empty() {
        return Err(format!("{path}: {}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n  ")));
    }
    Ok(profile)
}

fn date_of(a: &Args) -> Result<i32, String> {
    match &a.date {
        Some(d) => parse_date(d).ok_or_else(|| format!("--date {d}: not a date (YYYY-MM-DD)")),
        None => Ok(today()),
    }
}

fn cmd_evaluate(a: &Args) -> Result<(), String> {
    let [path] = a.positional.as_slice() else {
        return Err("evaluate takes one PROFILE.json".into());
    };
    let pack = load_pack(a)?;
    let profile = read_profile(&pack, path)?;
    let e = evaluate(&pack, &profile, date_of(a)?);
    match a.format.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&e).map_err(|e| e.to_string())?),
        "text" => print!("{}", explain::summary(&e)),
        f => return Err(format!("--format {f}: use json or text")),
    }
    Ok(())
}

fn cmd_explain(a: &Args) -> Result<(), String> {
    let [path, id] = a.positional.as_slice() else {
        return Err("explain takes PROFILE.json MEASURE_ID".into());
    };
    let pack = load_pack(a)?;
    let profile = read_profile(&pack, path)?;
    let e = evaluate(&pack, &profile, date_of(a)?);
    let r = e.results.iter().find(|r| &r.id == id).ok_or_else(|| format!("no measure `{id}` (see `eligibility measures`)"))?;
    println!("评估日期 {}", e.date);
    print!("{}", explain::explain(r));
    Ok(())
}

fn cmd_list(facts: bool) -> Result<(), String> {
    let pack = embedded::pack();
    if facts {
        for f in &pack.facts {
            println!("{:<40} {}", f.name, f.zh);
        }
    } else {
        for m in &pack.measures {
            println!("{:<48} {} {} {}", m.id, pack.documents[m.doc as usize].doc, m.clause, m.title_zh);
        }
    }
    Ok(())
}

fn cmd_batch(a: &Args) -> Result<(), String> {
    use std::io::IsTerminal;
    let [path] = a.positional.as_slice() else {
        return Err("batch takes one FIRMS.csv or FIRMS.jsonl".into());
    };
    let pack = load_pack(a)?;
    let input = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let jsonl_in = path.ends_with(".jsonl") || path.ends_with(".ndjson");
    let jsonl_out = a.out.as_ref().is_some_and(|p| p.extension().is_some_and(|x| x == "jsonl"));
    let today = date_of(a)?;
    let single = anyang_policy::engine::replacements(&pack, today).iter().map(Option::is_none).collect();
    let opt = anyang_policy::batch::Options { today, single, jsonl_out, progress: std::io::stderr().is_terminal() };
    let mut err = std::io::stderr();
    let summary = match &a.out {
        Some(out) => {
            let f = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
            anyang_policy::batch::run(&pack, input, jsonl_in, f, &mut err, &opt)
        }
        None => anyang_policy::batch::run(&pack, input, jsonl_in, std::io::stdout(), &mut err, &opt),
    }
    .map_err(|e| format!("{path}: {e}"))?;
    eprintln!("{} firms screened, {} with problems (listed above with their line numbers)", summary.rows, summary.bad_rows);
    Ok(())
}
