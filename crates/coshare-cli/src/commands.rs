//! The commands of the split and its queries: each reads its inputs, calls
//! the core once and writes the result as a table, CSV or JSON.

use crate::cli::{
    CurveArgs, ExplainArgs, Format, InitArgs, LedgerInput, Preset, RequestArgs, SharesArgs,
    SplitArgs, ValidateArgs,
};
use crate::input::{usage_error, Failure, Files};
use crate::table::Table;
use coshare::{
    Date, Document, Duration, Error, ErrorCode, Ledger, MemberSplit, Request, Split, Validation,
};
use std::fmt::Write as _;

/// A date argument, `invalid_date` naming its flag when it is not one.
pub fn date_arg(name: &str, text: &str) -> Result<Date, Failure> {
    Date::parse(text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidDate,
            format!(
                "--{name} {text:?} {}",
                Date::why_not(text).unwrap_or_default()
            ),
        )
        .into()
    })
}

/// Reads the LEDGER argument and any --contributions CSV into a document.
pub fn document(files: &Files, input: &LedgerInput) -> Result<Document, Failure> {
    let mut doc = Document::from_json(&files.read(&input.ledger)?)?;
    if let Some(csv) = &input.contributions {
        doc.add_contributions_csv(&files.read(csv)?)?;
    }
    Ok(doc)
}

pub fn init(args: &InitArgs) -> String {
    match args.preset {
        Preset::WorkerCoop => include_str!("../presets/worker-coop.json").to_string(),
        Preset::SlicingPie => include_str!("../presets/slicing-pie.json").to_string(),
    }
}

/// The validation list, and the first error when there is one (exit status 2
/// after the list is written).
pub fn validate(files: &Files, args: &ValidateArgs) -> Result<(String, Option<Error>), Failure> {
    let format = args.out.format;
    let text = files.read(&args.input.ledger)?;
    let validation = match &args.input.contributions {
        None => Validation::of_json(&text),
        Some(csv) => Validation::of_json_and_csv(&text, &files.read(csv)?),
    };
    let Validation { errors, warnings } = &validation;
    let out = match format {
        Format::Json => validation.to_json() + "\n",
        Format::Table if errors.is_empty() => {
            let mut out = "The ledger is valid.\n".to_string();
            if !warnings.is_empty() {
                let mut t = Table::new(["warning", "entry", "kind", "message"]);
                for w in warnings {
                    t.row([
                        w.code.as_str(),
                        w.entry.as_deref().unwrap_or(""),
                        w.kind.as_deref().unwrap_or(""),
                        &w.message,
                    ]);
                }
                let _ = write!(out, "\n{} warning(s):\n{}", warnings.len(), t.render());
            }
            out
        }
        _ => {
            let mut t = Table::new(["code", "entry", "message"]);
            for e in errors {
                t.row([e.code().as_str(), e.entry().unwrap_or(""), e.message()]);
            }
            for w in warnings {
                t.row([
                    w.code.as_str(),
                    w.entry.as_deref().unwrap_or(""),
                    &w.message,
                ]);
            }
            if format == Format::Csv {
                t.csv()
            } else {
                format!("{} error(s):\n{}", errors.len(), t.render())
            }
        }
    };
    Ok((out, validation.errors.into_iter().next()))
}

pub fn request(files: &Files, args: &RequestArgs) -> Result<Request, Failure> {
    if let Some(path) = &args.request {
        return Ok(Request::from_json(&files.read(path)?)?);
    }
    // Build the request document so flags are read exactly like a request file.
    let (Some(start), Some(end), Some(amount)) = (&args.start, &args.end, &args.amount) else {
        return Err(usage_error(
            "give --request FILE, or --start, --end and --amount",
        ));
    };
    let mut w = coshare::json::Writer::new();
    w.begin_object();
    w.key("period");
    w.begin_object();
    w.field_str("start", start);
    w.field_str("end", end);
    w.end_object();
    w.field_str("amount", amount);
    if let Some(b) = &args.basis {
        w.field_str("basis", b);
    }
    w.end_object();
    let mut request = Request::from_json(&w.finish())?;
    if let Some(path) = &args.carry_in {
        // A document of its own, read with its own errors (never spliced
        // into the request's text).
        let text = files.read(path)?;
        request.carry_in = Some(coshare::read_carry_in(&text).map_err(|e| {
            let message = format!("carry-in file {}: {}", path.display(), e.message());
            let mut named = Error::new(e.code(), message);
            if let Some(entry) = e.entry() {
                named = named.with_entry(entry);
            }
            named
        })?);
    }
    Ok(request)
}

pub fn split(files: &Files, args: &SplitArgs) -> Result<String, Failure> {
    let ledger = Ledger::new(document(files, &args.input)?)?;
    let ledger = &ledger;
    let format = args.out.format;
    let result = ledger.split(&request(files, &args.request)?)?;
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

pub fn shares(files: &Files, args: &SharesArgs) -> Result<String, Failure> {
    let ledger = Ledger::new(document(files, &args.input)?)?;
    let format = args.out.format;
    let s = ledger.shares(date_arg("at", &args.at)?);
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
        Format::Table => {
            // Each pool first: its shares are what members get of its money.
            let mut out = format!("Shares on {}\n", s.at);
            for p in &s.pools {
                let mut pool = Table::new(["member", "live units", "share of the pool"]);
                for m in &p.members {
                    pool.row([
                        m.member.clone(),
                        m.units.to_plain_string(),
                        m.share.to_string(),
                    ]);
                }
                let _ = write!(
                    out,
                    "\nPool {} (live units {})\n{}",
                    p.pool,
                    p.total.to_plain_string(),
                    pool.render()
                );
            }
            let _ = write!(
                out,
                "\nAll kinds counted (total {}), not a share of any money\n{}",
                s.total.to_plain_string(),
                t.render()
            );
            out
        }
    })
}

pub fn explain(files: &Files, args: &ExplainArgs) -> Result<String, Failure> {
    let ledger = Ledger::new(document(files, &args.input)?)?;
    let format = args.out.format;
    let kinds: Option<Vec<String>> = args
        .kinds
        .as_ref()
        .map(|k| k.split(',').map(str::to_string).collect());
    let e = ledger.explain(
        &args.member,
        date_arg("start", &args.start)?,
        date_arg("end", &args.end)?,
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

pub fn curve(files: &Files, args: &CurveArgs) -> Result<String, Failure> {
    let ledger = Ledger::new(document(files, &args.input)?)?;
    let format = args.out.format;
    let every_text = &args.every;
    let every = Duration::parse(every_text).map_err(|_| {
        Error::new(
            ErrorCode::InvalidDuration,
            format!("--every {every_text:?} is not a duration such as \"P1M\""),
        )
    })?;
    let points = ledger.curve(
        date_arg("from", &args.from)?,
        date_arg("to", &args.to)?,
        every,
    )?;
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
