//! The commands of the split and its queries: each reads its inputs, calls
//! the core once and writes the result as a table, CSV or JSON.

use crate::cli::{
    CurveArgs, CurveFormat, ExplainArgs, Format, InitArgs, LedgerInput, Preset, RequestArgs,
    SharesArgs, SplitArgs, ValidateArgs,
};
use crate::input::{usage_error, Failure, Files};
use crate::table::Table;
use coshare::{
    Date, Document, Duration, Error, ErrorCode, Ledger, MemberSplit, Request, Shares, Split,
    Validation,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

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
    let path = &args.input.ledger;
    let validation = match &args.input.contributions {
        // A file is read piece by piece (docs/format.md, "Reading large files").
        None if path.as_os_str() != "-" => {
            let file = std::fs::File::open(path).map_err(cannot_read(path))?;
            Validation::of_json_reader(file).map_err(cannot_read(path))?
        }
        None => Validation::of_json(&files.read(path)?),
        Some(csv) => Validation::of_json_and_csv(&files.read(path)?, &files.read(csv)?),
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

/// The members' display names, by id (those that have one).
pub struct Names(BTreeMap<String, String>);

impl Names {
    pub fn of(ledger: &Ledger) -> Names {
        let named = ledger
            .members()
            .iter()
            .filter_map(|id| Some((id.clone(), ledger.member_name(id)?.to_string())));
        Names(named.collect())
    }

    /// Whether any member has a name (tables then show a `name` column).
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn of_member(&self, id: &str) -> String {
        self.0.get(id).cloned().unwrap_or_default()
    }

    /// The key columns of a table of members: `member`, and `name` when
    /// some member has one.
    fn header(&self) -> Vec<String> {
        let mut h = vec!["member".to_string()];
        if self.any() {
            h.push("name".into());
        }
        h
    }

    fn keys(&self, id: &str) -> Vec<String> {
        let mut k = vec![id.to_string()];
        if self.any() {
            k.push(self.of_member(id));
        }
        k
    }
}

/// The checked ledger of the LEDGER argument (and any --contributions
/// CSV). A ledger file without a CSV is read piece by piece, its entries
/// going straight into the ledger: its text is never held whole
/// (docs/format.md, "Reading large files").
pub fn checked_ledger(files: &Files, input: &LedgerInput) -> Result<Ledger, Failure> {
    let path = &input.ledger;
    if input.contributions.is_some() {
        return Ok(Ledger::new(document(files, input)?)?);
    }
    if path.as_os_str() == "-" {
        return Ok(Ledger::from_json(&files.read(path)?)?);
    }
    let file = std::fs::File::open(path).map_err(cannot_read(path))?;
    Ok(Ledger::from_json_reader(file).map_err(cannot_read(path))??)
}

/// The failure of a file that cannot be opened or read.
fn cannot_read(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure::Other(format!("cannot read {}: {e}", path.display()))
}

/// A checked ledger and its members' names, from the LEDGER argument.
fn ledger_and_names(files: &Files, input: &LedgerInput) -> Result<(Ledger, Names), Failure> {
    let ledger = checked_ledger(files, input)?;
    let names = Names::of(&ledger);
    Ok((ledger, names))
}

pub fn split(files: &Files, args: &SplitArgs) -> Result<String, Failure> {
    let (ledger, names) = ledger_and_names(files, &args.input)?;
    let format = args.out.format;
    let result = ledger.split(&request(files, &args.request)?)?;
    Ok(match format {
        Format::Json => result.to_json() + "\n",
        Format::Csv => split_csv(&result, &names).csv(),
        Format::Table => split_report(&ledger, &result, &names),
    })
}

/// A row of a long CSV table: each of `columns`, the cell given for it or
/// empty.
fn csv_row(columns: &[&str], cells: &[(&str, String)]) -> Vec<String> {
    columns
        .iter()
        .map(|col| {
            let found = cells.iter().find(|(name, _)| name == col);
            found.map(|(_, v)| v.clone()).unwrap_or_default()
        })
        .collect()
}

/// The columns of a split's CSV (docs/format.md, "The command line"):
/// one row per section, holding every figure of the JSON document; the
/// members' six figures last, named as the core names them.
fn split_csv_columns() -> Vec<&'static str> {
    let mut columns = vec![
        "section",
        "start",
        "end",
        "split_basis",
        "bucket",
        "bucket_type",
        "member",
        "name",
        "basis",
        "basis_total",
        "share",
        "average_units",
        "amount",
        "unallocated",
    ];
    columns.extend(MemberSplit::FIGURES);
    columns
}

/// A split as one CSV table: a `split` row (period, basis, amount), a
/// `bucket` row per bucket, a `pool_member` row per member and pool, and a
/// `member` row per member with the six figures.
fn split_csv(s: &Split, names: &Names) -> Table {
    let columns = split_csv_columns();
    let mut t = Table::new(columns.iter().copied());
    let row = |cells: &[(&str, String)]| csv_row(&columns, cells);
    t.row(row(&[
        ("section", "split".into()),
        ("start", s.start.to_string()),
        ("end", s.end.to_string()),
        ("split_basis", s.basis.as_str().into()),
        ("amount", s.amount.to_string()),
    ]));
    for b in &s.buckets {
        let mut cells = vec![
            ("section", "bucket".to_string()),
            ("bucket", b.name.clone()),
            ("amount", b.amount.to_string()),
        ];
        match &b.pool {
            Some(p) => cells.extend([
                ("bucket_type", "pool".to_string()),
                ("basis_total", p.basis_total.to_plain_string()),
                ("unallocated", p.unallocated.to_string()),
            ]),
            None => cells.push(("bucket_type", "reserve".to_string())),
        }
        t.row(row(&cells));
    }
    for m in &s.members {
        for p in &m.pools {
            let mut cells = vec![
                ("section", "pool_member".to_string()),
                ("bucket", p.pool.clone()),
                ("bucket_type", "pool".to_string()),
                ("member", m.member.clone()),
                ("name", names.of_member(&m.member)),
                ("basis", p.basis.to_plain_string()),
                ("share", p.share.to_string()),
                ("amount", p.amount.to_string()),
            ];
            if let Some(a) = p.average_units {
                cells.push(("average_units", a.to_string()));
            }
            t.row(row(&cells));
        }
    }
    for m in &s.members {
        let mut cells = vec![
            ("section", "member".to_string()),
            ("member", m.member.clone()),
            ("name", names.of_member(&m.member)),
        ];
        cells.extend(m.figures().map(|(name, v)| (name, v.to_string())));
        t.row(row(&cells));
    }
    t
}

/// The members' table of a split: each pool's share and amount, then the
/// six figures, and a totals row.
fn member_table(s: &Split, names: &Names, scale: u32) -> Table {
    let pools: Vec<&str> = s
        .buckets
        .iter()
        .filter(|b| b.pool.is_some())
        .map(|b| b.name.as_str())
        .collect();
    let mut header = names.header();
    for p in &pools {
        header.push(format!("{p} share"));
        header.push(format!("{p} amount"));
    }
    header.extend(MemberSplit::FIGURES.map(String::from));
    let keys = names.header().len();
    let mut t = Table::new(header).keys(keys);
    for m in &s.members {
        let mut row = names.keys(&m.member);
        for p in &pools {
            match m.pools.iter().find(|x| x.pool == *p) {
                Some(x) => row.extend([x.share.to_string(), x.amount.to_string()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        row.extend(m.figures().map(|(_, v)| v.to_string()));
        t.row(row);
    }
    if s.members.is_empty() {
        return t;
    }
    let money = |x: i128| coshare::Fixed::new(x, scale).to_string();
    let mut row = vec!["total".to_string()];
    row.resize(keys, String::new());
    for b in s.buckets.iter().filter(|b| b.pool.is_some()) {
        let allocated = b
            .pool
            .as_ref()
            .map_or(0, |p| b.amount.value() - p.unallocated.value());
        row.extend([String::new(), money(allocated)]);
    }
    for k in 0..MemberSplit::FIGURES.len() {
        let sum: i128 = s
            .members
            .iter()
            .map(|m| m.figures().get(k).map_or(0, |f| f.1.value()))
            .sum();
        row.push(money(sum));
    }
    t.row(row);
    t
}

fn split_report(ledger: &Ledger, s: &Split, names: &Names) -> String {
    let code = &ledger.currency().code;
    let mut out = format!(
        "Split of {} {code} over {} to {} ({} basis)\n\n",
        s.amount,
        s.start,
        s.end,
        s.basis.as_str().replace('_', "-")
    );
    let mut buckets = Table::new(["bucket", "type", "amount", "basis total", "unallocated"]);
    let (mut amount, mut unallocated) = (0i128, 0i128);
    for b in &s.buckets {
        amount += b.amount.value();
        match &b.pool {
            Some(p) => {
                unallocated += p.unallocated.value();
                buckets.row([
                    b.name.clone(),
                    "pool".into(),
                    b.amount.to_string(),
                    p.basis_total.to_plain_string(),
                    p.unallocated.to_string(),
                ]);
            }
            None => buckets.row([
                b.name.clone(),
                "reserve".into(),
                b.amount.to_string(),
                String::new(),
                String::new(),
            ]),
        }
    }
    let money = |x: i128| coshare::Fixed::new(x, ledger.scale()).to_string();
    buckets.row([
        "total".to_string(),
        String::new(),
        money(amount),
        String::new(),
        money(unallocated),
    ]);
    out.push_str(&buckets.render());
    for b in &s.buckets {
        if let Some(p) = b.pool.as_ref().filter(|p| p.basis_total.is_zero()) {
            let _ = writeln!(
                out,
                "Note: no member has units in the pool {:?} in this period: its {} stay unallocated.",
                b.name, p.unallocated
            );
        }
    }
    out.push('\n');
    let members = member_table(s, names, ledger.scale());
    if members.is_empty() {
        out.push_str("No member has units in this period.\n");
        return out;
    }
    out.push_str(&members.render());
    out
}

/// The columns of the shares and curve CSV (docs/format.md, "The command
/// line"): one row per pool and member, pool, member and kind, member, and
/// the total, on each date.
const SHARES_CSV: [&str; 8] = [
    "date",
    "section",
    "pool",
    "member",
    "name",
    "kind",
    "live_units",
    "share",
];

/// The CSV rows of the shares on one date (see [`SHARES_CSV`]).
fn shares_rows(s: &Shares, names: &Names, t: &mut Table) {
    let date = s.at.to_string();
    let row =
        |section: &str, pool: &str, member: &str, kind: &str, units: String, share: String| {
            [
                date.clone(),
                section.to_string(),
                pool.to_string(),
                member.to_string(),
                names.of_member(member),
                kind.to_string(),
                units,
                share,
            ]
        };
    for p in &s.pools {
        t.row(row(
            "pool",
            &p.pool,
            "",
            "",
            p.total.to_plain_string(),
            String::new(),
        ));
        for m in &p.members {
            t.row(row(
                "pool_member",
                &p.pool,
                &m.member,
                "",
                m.units.to_plain_string(),
                m.share.to_string(),
            ));
        }
    }
    t.row(row(
        "total",
        "",
        "",
        "",
        s.total.to_plain_string(),
        String::new(),
    ));
    for m in &s.members {
        for (k, u) in &m.kinds {
            t.row(row(
                "member_kind",
                "",
                &m.member,
                k,
                u.to_plain_string(),
                String::new(),
            ));
        }
        t.row(row(
            "member",
            "",
            &m.member,
            "",
            m.units.to_plain_string(),
            m.share.to_string(),
        ));
    }
}

pub fn shares(files: &Files, args: &SharesArgs) -> Result<String, Failure> {
    let (ledger, names) = ledger_and_names(files, &args.input)?;
    let format = args.out.format;
    let s = ledger.shares(date_arg("at", &args.at)?);
    Ok(match format {
        Format::Json => s.to_json() + "\n",
        Format::Csv => {
            let mut t = Table::new(SHARES_CSV);
            shares_rows(&s, &names, &mut t);
            t.csv()
        }
        Format::Table => {
            // Each pool first: its shares are what members get of its money.
            let mut out = format!("Shares on {}\n", s.at);
            let keys = names.header().len();
            for p in &s.pools {
                let mut header = names.header();
                header.extend(["live units".to_string(), "share of the pool".to_string()]);
                let mut pool = Table::new(header).keys(keys);
                for m in &p.members {
                    let mut row = names.keys(&m.member);
                    row.extend([m.units.to_plain_string(), m.share.to_string()]);
                    pool.row(row);
                }
                let _ = write!(
                    out,
                    "\nPool {} (live units {})\n{}",
                    p.pool,
                    p.total.to_plain_string(),
                    pool.render()
                );
            }
            let mut header = names.header();
            header.extend([
                "kind".to_string(),
                "live units".to_string(),
                "share".to_string(),
            ]);
            let mut t = Table::new(header).keys(keys);
            for m in &s.members {
                for (k, u) in &m.kinds {
                    let mut row = names.keys(&m.member);
                    row.extend([k.clone(), u.to_plain_string(), String::new()]);
                    t.row(row);
                }
                let mut row = names.keys(&m.member);
                row.extend([
                    "(all)".to_string(),
                    m.units.to_plain_string(),
                    m.share.to_string(),
                ]);
                t.row(row);
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

/// The columns of an explanation's CSV: a `member` row (the basis), a
/// `pool` row per pool, a `contribution` row per contribution (its changes
/// written `date:units` separated by `;`).
const EXPLAIN_CSV: [&str; 20] = [
    "section",
    "member",
    "start",
    "end",
    "pool",
    "kinds",
    "entry",
    "date",
    "kind",
    "value",
    "at_risk",
    "units",
    "live_at_start",
    "live_at_end",
    "changes",
    "unit_days",
    "basis",
    "basis_total",
    "share",
    "average_units",
];

pub fn explain(files: &Files, args: &ExplainArgs) -> Result<String, Failure> {
    let (ledger, names) = ledger_and_names(files, &args.input)?;
    let format = args.out.format;
    let kinds: Option<Vec<String>> = args
        .kinds
        .as_ref()
        .map(|k| k.split(',').map(str::to_string).collect());
    let (start, end) = (date_arg("start", &args.start)?, date_arg("end", &args.end)?);
    let e = ledger.explain(&args.member, start, end, kinds.as_deref())?;
    let split = match &args.amount {
        Some(amount) => {
            let mut w = coshare::json::Writer::new();
            w.begin_object();
            w.key("period");
            w.begin_object();
            w.field_str("start", &start.to_string());
            w.field_str("end", &end.to_string());
            w.end_object();
            w.field_str("amount", amount);
            w.end_object();
            Some(ledger.split(&Request::from_json(&w.finish())?)?)
        }
        None => None,
    };
    let changes = |c: &coshare::ContributionBasis| -> Vec<String> {
        c.changes.iter().map(|(d, u)| format!("{d}: {u}")).collect()
    };
    Ok(match format {
        Format::Json => e.to_json() + "\n",
        Format::Csv => {
            let mut t = Table::new(EXPLAIN_CSV);
            let row = |cells: &[(&str, String)]| csv_row(&EXPLAIN_CSV, cells);
            t.row(row(&[
                ("section", "member".into()),
                ("member", e.member.clone()),
                ("start", e.start.to_string()),
                ("end", e.end.to_string()),
                ("basis", e.basis.to_plain_string()),
                ("average_units", e.average_units.to_string()),
            ]));
            for p in &e.pools {
                t.row(row(&[
                    ("section", "pool".into()),
                    ("member", e.member.clone()),
                    ("pool", p.pool.clone()),
                    ("kinds", p.kinds.join(";")),
                    ("basis", p.basis.to_plain_string()),
                    ("basis_total", p.basis_total.to_plain_string()),
                    ("share", p.share.to_string()),
                ]));
            }
            for c in &e.contributions {
                let moves: Vec<String> =
                    c.changes.iter().map(|(d, u)| format!("{d}:{u}")).collect();
                t.row(row(&[
                    ("section", "contribution".into()),
                    ("member", e.member.clone()),
                    ("entry", c.entry.clone()),
                    ("date", c.date.to_string()),
                    ("kind", c.kind.clone()),
                    ("value", c.value.to_string()),
                    ("at_risk", c.at_risk.to_string()),
                    ("units", c.units.to_string()),
                    ("live_at_start", c.live_at_start.to_plain_string()),
                    ("live_at_end", c.live_at_end.to_plain_string()),
                    ("changes", moves.join(";")),
                    ("unit_days", c.unit_days.to_plain_string()),
                ]));
            }
            t.csv()
        }
        Format::Table => {
            let who = match names.of_member(&e.member) {
                name if name.is_empty() => e.member.clone(),
                name => format!("{name} ({})", e.member),
            };
            let mut out = format!(
                "{who}, {} to {}\n{} unit-days, {} units on average\n",
                e.start,
                e.end,
                e.basis.to_plain_string(),
                e.average_units
            );
            let table = |of: &dyn Fn(&str) -> bool| {
                let mut t = Table::new([
                    "entry",
                    "date",
                    "kind",
                    "at risk",
                    "units",
                    "live at end",
                    "unit-days",
                    "changes",
                ]);
                for c in e.contributions.iter().filter(|c| of(&c.kind)) {
                    t.row([
                        c.entry.clone(),
                        c.date.to_string(),
                        c.kind.clone(),
                        c.at_risk.to_string(),
                        c.units.to_string(),
                        c.live_at_end.to_plain_string(),
                        c.unit_days.to_plain_string(),
                        changes(c).join("; "),
                    ]);
                }
                t
            };
            for p in &e.pools {
                let _ = write!(
                    out,
                    "\nPool {} (kinds: {})\n{}",
                    p.pool,
                    p.kinds.join(", "),
                    table(&|k| p.kinds.iter().any(|x| x == k)).render()
                );
                let _ = writeln!(
                    out,
                    "{}'s unit-days in the pool: {} of {}, a share of {}",
                    e.member,
                    p.basis.to_plain_string(),
                    p.basis_total.to_plain_string(),
                    p.share
                );
                let bucket = split
                    .as_ref()
                    .and_then(|s| s.buckets.iter().find(|b| b.name == p.pool));
                if let (Some(s), Some(b)) = (&split, bucket) {
                    let paid = s
                        .member(&e.member)
                        .and_then(|m| m.pools.iter().find(|x| x.pool == p.pool))
                        .map_or_else(|| coshare::Fixed::new(0, ledger.scale()), |x| x.amount);
                    let _ = writeln!(
                        out,
                        "share {} × the pool's {} = {} (in whole cents, by largest remainder)",
                        p.share, b.amount, paid
                    );
                }
            }
            let pooled = |k: &str| e.pools.iter().any(|p| p.kinds.iter().any(|x| x == k));
            let outside = table(&|k| !pooled(k));
            if !outside.is_empty() {
                let _ = write!(
                    out,
                    "\nIn no pool (these units earn nothing)\n{}",
                    outside.render()
                );
            }
            out
        }
    })
}

pub fn curve(files: &Files, args: &CurveArgs) -> Result<String, Failure> {
    let doc = document(files, &args.input)?;
    // The ledger's present: its last dated entry; later dates are the future.
    let present = doc.entries.iter().filter_map(|e| e.body.date()).max();
    let ledger = Ledger::new(doc)?;
    let names = Names::of(&ledger);
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
    Ok(match args.format {
        CurveFormat::Json => coshare::curve_to_json(&points) + "\n",
        CurveFormat::Svg => crate::svg::curve(&points, &names, present),
        CurveFormat::Csv => {
            let mut t = Table::new(SHARES_CSV);
            for p in &points {
                shares_rows(p, &names, &mut t);
            }
            t.csv()
        }
        CurveFormat::Table => curve_tables(&points),
    })
}

/// A table per pool (the date, then each member's share of the pool;
/// blank where the pool is not in force), then the shares of all live units.
fn curve_tables(points: &[Shares]) -> String {
    let mut out = Vec::new();
    for panel in crate::panels::panels(points, true) {
        let header = std::iter::once("date").chain(panel.lines.iter().map(|(id, _)| id.as_str()));
        let mut t = Table::new(header);
        for (k, p) in points.iter().enumerate() {
            let share = |(_, shares): &(String, Vec<Option<coshare::Fixed>>)| {
                shares
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or_else(String::new, |s| s.to_string())
            };
            t.row(std::iter::once(p.at.to_string()).chain(panel.lines.iter().map(share)));
        }
        let title = panel.pool.as_ref().map_or_else(
            || "Each member's share of all live units (not a share of any money)".to_string(),
            |pool| format!("Each member's share of the pool {pool}"),
        );
        out.push(format!("{title}\n\n{}", t.render()));
    }
    out.join("\n")
}
