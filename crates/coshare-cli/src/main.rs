//! `coshare`: split a co-op's profit by fading contribution units.
//!
//! Exit status: 0 on success, 2 on invalid input (ledger, request, CSV,
//! arguments), 1 on other failures (a file that cannot be read).
#![forbid(unsafe_code)]

mod args;
mod table;

use args::{usage_error, Args};
use coshare::{Date, Document, Duration, Error, ErrorCode, Ledger, MemberSplit, Request, Split};
use std::process::ExitCode;
use table::Table;

const HELP: &str = "coshare: exact profit-share accounting for co-ops

Usage:
  coshare split LEDGER (--request FILE | --start DATE --end DATE --amount X
                        [--basis time_weighted|snapshot] [--carry-in FILE])
  coshare validate LEDGER
  coshare shares LEDGER --at DATE
  coshare explain LEDGER --member ID --start DATE --end DATE [--kinds K1,K2]
  coshare curve LEDGER --from DATE --to DATE --every DURATION
  coshare init [--preset worker-coop|slicing-pie]

Every command that reads a LEDGER also takes --contributions FILE.csv
(header id,member,date,kind,value,hours,rate,paid,note) and
--format table|json|csv (default table).

Exit status: 0 success, 2 invalid input, 1 other failure (unreadable file).
";

const COMMON: [&str; 2] = ["contributions", "format"];
const COMMANDS: &[(&str, &[&str])] = &[
    (
        "split",
        &[
            "contributions",
            "format",
            "request",
            "start",
            "end",
            "amount",
            "basis",
            "carry-in",
        ],
    ),
    ("validate", &COMMON),
    ("shares", &["contributions", "format", "at"]),
    (
        "explain",
        &["contributions", "format", "member", "start", "end", "kinds"],
    ),
    ("curve", &["contributions", "format", "from", "to", "every"]),
    ("init", &["preset", "format"]),
];

/// Why a command failed.
enum Failure {
    /// Invalid input: exit status 2, with the SPEC code.
    Input(Error),
    /// Anything else (an unreadable file): exit status 1.
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Input(e)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.is_empty()
        || argv.iter().any(|a| a == "--help" || a == "-h")
        || argv.first().is_some_and(|a| a == "help")
    {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if argv.iter().any(|a| a == "--version" || a == "-V") {
        println!("coshare {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let json_errors = argv
        .windows(2)
        .any(|w| matches!(w, [flag, value] if flag == "--format" && value == "json"))
        || argv.iter().any(|a| a == "--format=json");
    match run(argv) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure::Input(e)) => {
            if json_errors {
                eprintln!("{}", e.to_json());
            } else {
                eprintln!("coshare: {} [{}]", e.message(), e.code());
            }
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            if json_errors {
                let mut w = coshare::json::Writer::new();
                w.begin_object();
                w.key("error");
                w.begin_object();
                w.field_str("code", "io");
                w.field_str("message", &message);
                w.end_object();
                w.end_object();
                eprintln!("{}", w.finish());
            } else {
                eprintln!("coshare: {message}");
            }
            ExitCode::from(1)
        }
    }
}

fn read_file(path: &str) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::Other(format!("cannot read {path}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::Input(Error::new(
            ErrorCode::InvalidJson,
            format!("{path} is not valid UTF-8 text"),
        ))
    })
}

fn format_of(args: &Args) -> Result<Format, Failure> {
    match args.get("format").unwrap_or("table") {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        other => Err(usage_error(format!("unknown format {other:?} (table, json or csv)")).into()),
    }
}

fn date_arg(args: &Args, name: &str) -> Result<Date, Failure> {
    let text = args.require(name)?;
    Date::parse(text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidDate,
            format!("--{name} {text:?} is not a date written YYYY-MM-DD"),
        )
        .into()
    })
}

/// Reads the LEDGER argument and any --contributions CSV into a document.
fn document(args: &Args) -> Result<Document, Failure> {
    let [path] = args.positional.as_slice() else {
        return Err(usage_error(format!(
            "`coshare {}` needs exactly one LEDGER file",
            args.command
        ))
        .into());
    };
    let mut doc = Document::from_json(&read_file(path)?)?;
    if let Some(csv) = args.get("contributions") {
        doc.add_contributions_csv(&read_file(csv)?)?;
    }
    Ok(doc)
}

fn run(argv: Vec<String>) -> Result<String, Failure> {
    let args = Args::parse(argv, COMMANDS)?;
    let format = format_of(&args)?;
    match args.command.as_str() {
        "init" => init(&args),
        "validate" => validate(&args, format),
        command => {
            let ledger = Ledger::new(document(&args)?)?;
            match command {
                "split" => split(&ledger, &args, format),
                "shares" => shares(&ledger, &args, format),
                "explain" => explain(&ledger, &args, format),
                _ => curve(&ledger, &args, format),
            }
        }
    }
}

fn init(args: &Args) -> Result<String, Failure> {
    if !args.positional.is_empty() {
        return Err(usage_error(
            "`coshare init` takes no file; redirect its output, e.g. `coshare init > ledger.json`",
        )
        .into());
    }
    match args.get("preset").unwrap_or("worker-coop") {
        "worker-coop" => Ok(include_str!("../presets/worker-coop.json").to_string()),
        "slicing-pie" => Ok(include_str!("../presets/slicing-pie.json").to_string()),
        other => Err(usage_error(format!(
            "unknown preset {other:?} (worker-coop or slicing-pie)"
        ))
        .into()),
    }
}

fn validate(args: &Args, format: Format) -> Result<String, Failure> {
    let errors = match document(args) {
        Ok(doc) => doc.validate(),
        Err(Failure::Input(e)) => vec![e],
        Err(other) => return Err(other),
    };
    let out = match format {
        Format::Json => coshare::validation_json(&errors) + "\n",
        _ if errors.is_empty() && format == Format::Table => "The ledger is valid.\n".to_string(),
        _ => {
            let mut t = Table::new(["code", "entry", "message"]);
            for e in &errors {
                t.row([e.code().as_str(), e.entry().unwrap_or(""), e.message()]);
            }
            if format == Format::Csv {
                t.csv()
            } else {
                format!("{} error(s):\n{}", errors.len(), t.render())
            }
        }
    };
    if errors.is_empty() {
        Ok(out)
    } else {
        // Print the list, then fail with status 2.
        print!("{out}");
        let first = errors
            .into_iter()
            .next()
            .unwrap_or_else(|| usage_error("invalid"));
        Err(Failure::Input(first))
    }
}

fn request(args: &Args) -> Result<Request, Failure> {
    if let Some(path) = args.get("request") {
        if ["start", "end", "amount", "basis", "carry-in"]
            .iter()
            .any(|o| args.has(o))
        {
            return Err(
                usage_error("give either --request or --start/--end/--amount, not both").into(),
            );
        }
        return Ok(Request::from_json(&read_file(path)?)?);
    }
    // Build the request document so flags are read exactly like a request file.
    let mut w = coshare::json::Writer::new();
    w.begin_object();
    w.key("period");
    w.begin_object();
    w.field_str("start", args.require("start")?);
    w.field_str("end", args.require("end")?);
    w.end_object();
    w.field_str("amount", args.require("amount")?);
    if let Some(b) = args.get("basis") {
        w.field_str("basis", b);
    }
    w.end_object();
    let mut text = w.finish();
    if let Some(path) = args.get("carry-in") {
        let carry = read_file(path)?;
        text.pop();
        text = format!("{text},\"carry_in\":{carry}}}");
    }
    Ok(Request::from_json(&text)?)
}

fn split(ledger: &Ledger, args: &Args, format: Format) -> Result<String, Failure> {
    let result = ledger.split(&request(args)?)?;
    Ok(match format {
        Format::Json => result.to_json() + "\n",
        Format::Csv => member_table(&result).csv(),
        Format::Table => split_report(ledger, &result),
    })
}

fn member_table(s: &Split) -> Table {
    let pools: Vec<&str> = s
        .buckets
        .iter()
        .filter(|b| b.pool.is_some())
        .map(|b| b.name.as_str())
        .collect();
    let mut header = vec!["member".to_string()];
    for p in &pools {
        header.push(format!("{p} share"));
        header.push(format!("{p} amount"));
    }
    header.extend(MemberSplit::FIGURES.map(String::from));
    let mut t = Table::new(header);
    for m in &s.members {
        let mut row = vec![m.member.clone()];
        for p in &pools {
            match m.pools.iter().find(|x| x.pool == *p) {
                Some(x) => row.extend([x.share.to_string(), x.amount.to_string()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        row.extend(m.figures().map(|(_, v)| v.to_string()));
        t.row(row);
    }
    t
}

fn split_report(ledger: &Ledger, s: &Split) -> String {
    let code = &ledger.currency().code;
    let mut out = format!(
        "Split of {} {code} over {} to {} ({} basis)\n\n",
        s.amount,
        s.start,
        s.end,
        s.basis.as_str().replace('_', "-")
    );
    let mut buckets = Table::new(["bucket", "type", "amount", "basis total", "unallocated"]);
    for b in &s.buckets {
        match &b.pool {
            Some(p) => buckets.row([
                b.name.clone(),
                "pool".into(),
                b.amount.to_string(),
                p.basis_total.to_plain_string(),
                p.unallocated.to_string(),
            ]),
            None => buckets.row([
                b.name.clone(),
                "reserve".into(),
                b.amount.to_string(),
                String::new(),
                String::new(),
            ]),
        }
    }
    out.push_str(&buckets.render());
    out.push('\n');
    let mut members = member_table(s);
    if members.is_empty() {
        out.push_str("No member has units in this period.\n");
        return out;
    }
    let pools = s.buckets.iter().filter(|b| b.pool.is_some()).count();
    let total = |f: fn(&coshare::MemberSplit) -> coshare::Fixed| {
        let sum: i128 = s.members.iter().map(|m| f(m).value()).sum();
        coshare::Fixed::new(sum, ledger.scale()).to_string()
    };
    let mut row = vec!["total".to_string()];
    for b in s.buckets.iter().filter(|b| b.pool.is_some()) {
        let allocated = b
            .pool
            .as_ref()
            .map_or(0, |p| b.amount.value() - p.unallocated.value());
        row.extend([
            String::new(),
            coshare::Fixed::new(allocated, ledger.scale()).to_string(),
        ]);
    }
    debug_assert_eq!(row.len(), 1 + 2 * pools);
    row.extend([
        total(|m| m.allocated),
        total(|m| m.carry_in),
        total(|m| m.paid),
        total(|m| m.cash),
        total(|m| m.retained),
        total(|m| m.carry_out),
    ]);
    members.row(row);
    out.push_str(&members.render());
    out
}

fn shares(ledger: &Ledger, args: &Args, format: Format) -> Result<String, Failure> {
    let s = ledger.shares(date_arg(args, "at")?);
    let mut t = Table::new(["member", "kind", "live units", "share"]);
    for m in &s.members {
        for (k, u) in &m.kinds {
            t.row([
                m.member.clone(),
                k.clone(),
                u.to_plain_string(),
                String::new(),
            ]);
        }
        t.row([
            m.member.clone(),
            "(all)".into(),
            m.units.to_plain_string(),
            m.share.to_string(),
        ]);
    }
    Ok(match format {
        Format::Json => s.to_json() + "\n",
        Format::Csv => t.csv(),
        Format::Table => format!(
            "Live units on {} (total {})\n\n{}",
            s.at,
            s.total.to_plain_string(),
            t.render()
        ),
    })
}

fn explain(ledger: &Ledger, args: &Args, format: Format) -> Result<String, Failure> {
    let kinds: Option<Vec<String>> = args
        .get("kinds")
        .map(|k| k.split(',').map(str::to_string).collect());
    let e = ledger.explain(
        args.require("member")?,
        date_arg(args, "start")?,
        date_arg(args, "end")?,
        kinds.as_deref(),
    )?;
    let mut t = Table::new([
        "entry",
        "date",
        "kind",
        "value",
        "at risk",
        "units",
        "live at start",
        "live at end",
        "changes",
        "unit-days",
    ]);
    for c in &e.contributions {
        let changes: Vec<String> = c.changes.iter().map(|(d, u)| format!("{d}: {u}")).collect();
        t.row([
            c.entry.clone(),
            c.date.to_string(),
            c.kind.clone(),
            c.value.to_string(),
            c.at_risk.to_string(),
            c.units.to_string(),
            c.live_at_start.to_plain_string(),
            c.live_at_end.to_plain_string(),
            changes.join("; "),
            c.unit_days.to_plain_string(),
        ]);
    }
    Ok(match format {
        Format::Json => e.to_json() + "\n",
        Format::Csv => t.csv(),
        Format::Table => format!(
            "{} over {} to {}: {} unit-days, {} units on average\n\n{}",
            e.member,
            e.start,
            e.end,
            e.basis.to_plain_string(),
            e.average_units,
            t.render()
        ),
    })
}

fn curve(ledger: &Ledger, args: &Args, format: Format) -> Result<String, Failure> {
    let every_text = args.require("every")?;
    let every = Duration::parse(every_text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidDuration,
            format!("--every {every_text:?} is not a duration such as \"P1M\""),
        )
    })?;
    let points = ledger.curve(date_arg(args, "from")?, date_arg(args, "to")?, every)?;
    let members = ledger.members();
    let mut t = Table::new(std::iter::once("date".to_string()).chain(members.iter().cloned()));
    for p in &points {
        let share = |id: &String| {
            p.members
                .iter()
                .find(|m| &m.member == id)
                .map_or_else(|| "0.000000000".to_string(), |m| m.share.to_string())
        };
        t.row(std::iter::once(p.at.to_string()).chain(members.iter().map(share)));
    }
    Ok(match format {
        Format::Json => coshare::curve_to_json(&points) + "\n",
        Format::Csv => t.csv(),
        Format::Table => format!("Each member's share of live units\n\n{}", t.render()),
    })
}
