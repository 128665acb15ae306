//! Deterministic workloads for coshare's benchmarks.
//!
//! [`ledger`] builds the W1 ledger shape at any size through coshare's
//! public document types, from a fixed-seed splitmix64 generator (no `rand`
//! crate, so the ledgers never change under a dependency update):
//!
//! - contributions over 2016-01-01..=2025-12-31 by `contributions / 100`
//!   members, of five kinds: `labor` 60 % (×2, linear fade `P4Y` after a
//!   `P1Y` hold, hours × rate, a third of them partly paid), `cash` 15 %
//!   (×4, no curve), `loan` 10 % (×4, repayable, term `P5Y`; every other
//!   loan is repaid in part, once or twice), `equipment` 10 % (×2,
//!   geometric 0.5 every `P1Y`) and `ideas` 5 % (×1, steps);
//! - 5 % of the members depart (alternately `good` and `bad`), with no
//!   contribution after their departure;
//! - two policy versions (2016-01-01, and 2021-01-01 with another unit
//!   price and distribution, inheriting the departures), each with a
//!   reserve and two pools.
//!
//! [`ledger_json`] writes the same document as JSON text (numbers as
//! strings), for the W3 parse benchmark and the Python peers.
// Benchmark harness code: a broken workload must stop the run loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic
)]

use coshare::document::{
    Bucket, Contribution, Currency, Curve, Distribution, Document, Entry, EntryBody, Kind, Member,
    Policy, Shape,
};
use coshare::{Date, Dec, Duration, Request, Split};
use std::fmt::Write as _;

/// The generator's fixed seed.
pub const SEED: u64 = 0x00C0_5EED_2016_2025;

/// Day number of 2016-01-01, the first day contributions are dated.
pub const FIRST_DAY: i64 = 16_801;
/// Day number of 2025-12-31, the last day contributions are dated.
pub const LAST_DAY: i64 = 20_453;

/// The amount split by W1 (FY 2025, time-weighted).
pub const W1_AMOUNT: &str = "2718281.83";
/// The amount split by each of W2's 120 monthly splits.
pub const W2_AMOUNT: &str = "226523.48";

/// Contributions per member.
pub const CONTRIBUTIONS_PER_MEMBER: usize = 100;

/// A splitmix64 generator: tiny, fast and fully deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`n > 0`), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// Parses a size: `10000`, `10k`, `100k`, `1m`, `10m`.
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_lowercase();
    let (digits, factor) = match t.strip_suffix('k') {
        Some(d) => (d, 1_000),
        None => match t.strip_suffix('m') {
            Some(d) => (d, 1_000_000),
            None => (t.as_str(), 1),
        },
    };
    digits.parse::<usize>().ok()?.checked_mul(factor)
}

/// A size's short label: `10k`, `1m`.
pub fn size_label(size: usize) -> String {
    if size >= 1_000_000 && size % 1_000_000 == 0 {
        format!("{}m", size / 1_000_000)
    } else if size >= 1_000 && size % 1_000 == 0 {
        format!("{}k", size / 1_000)
    } else {
        size.to_string()
    }
}

/// The number of members of a ledger with `contributions` contributions.
pub fn members_for(contributions: usize) -> usize {
    (contributions / CONTRIBUTIONS_PER_MEMBER).max(1)
}

fn dec(text: &str) -> Dec {
    Dec::parse(text).expect("a literal number")
}

/// A money value of `cents` hundredths.
fn cents(cents: i64) -> Dec {
    Dec::from_scaled(i128::from(cents), 2).expect("a money value within the number range")
}

fn years(n: u32) -> Duration {
    Duration {
        years: n,
        ..Duration::default()
    }
}

fn months(n: u32) -> Duration {
    Duration {
        months: n,
        ..Duration::default()
    }
}

fn day(n: i64) -> Date {
    Date::from_day_number(n)
}

const KINDS: [&str; 5] = ["labor", "cash", "loan", "equipment", "ideas"];

fn kinds() -> Vec<(String, Kind)> {
    let kind = |multiplier: &str, shape: Shape, repayable: bool| Kind {
        multiplier: dec(multiplier),
        curve: Curve {
            shape,
            expire: None,
        },
        repayable,
        capital: false,
    };
    vec![
        (
            "labor".into(),
            kind(
                "2",
                Shape::Linear {
                    fade: years(4),
                    hold: years(1),
                },
                false,
            ),
        ),
        ("cash".into(), kind("4", Shape::None, false)),
        (
            "loan".into(),
            kind("4", Shape::Term { term: years(5) }, true),
        ),
        (
            "equipment".into(),
            kind(
                "2",
                Shape::Geometric {
                    rate: dec("0.5"),
                    every: years(1),
                    hold: Duration::default(),
                },
                false,
            ),
        ),
        (
            "ideas".into(),
            kind(
                "1",
                Shape::Steps {
                    points: vec![
                        (Duration::default(), dec("0")),
                        (months(6), dec("1")),
                        (years(3), dec("0.5")),
                        (years(5), dec("0")),
                    ],
                },
                false,
            ),
        ),
    ]
}

fn distribution(
    reserve: &str,
    work: &str,
    capital: &str,
    cash: &str,
    minimum: &str,
) -> Distribution {
    let names = |list: &[&str]| Some(list.iter().map(|k| (*k).to_string()).collect());
    Distribution {
        buckets: Some(vec![
            Bucket {
                name: "reserve".into(),
                share: dec(reserve),
                kinds: None,
            },
            Bucket {
                name: "work".into(),
                share: dec(work),
                kinds: names(&["labor", "ideas"]),
            },
            Bucket {
                name: "capital".into(),
                share: dec(capital),
                kinds: names(&["cash", "loan", "equipment"]),
            },
        ]),
        cash_fraction: Some(dec(cash)),
        minimum_payout: Some(dec(minimum)),
    }
}

fn policies() -> Vec<Policy> {
    let retention = |pairs: &[(&str, &str)]| -> Vec<(String, Dec)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), dec(v)))
            .collect()
    };
    vec![
        Policy {
            effective: day(FIRST_DAY),
            unit_price: Some(dec("1")),
            kinds: kinds(),
            departures: Some(vec![
                ("good".into(), retention(&[("default", "1")])),
                (
                    "bad".into(),
                    retention(&[
                        ("default", "0"),
                        ("cash", "0.5"),
                        ("loan", "0.75"),
                        ("equipment", "0.5"),
                    ]),
                ),
            ]),
            distribution: Some(distribution("0.3", "0.5", "0.2", "0.5", "0")),
            capital: None,
            note: Some("founding rules".into()),
        },
        Policy {
            // 2021-01-01: a new unit price and profit rules; departures inherited.
            effective: day(18_628),
            unit_price: Some(dec("1.25")),
            kinds: kinds(),
            departures: None,
            distribution: Some(distribution("0.25", "0.55", "0.2", "0.3", "25.00")),
            capital: None,
            note: None,
        },
    ]
}

/// `round_half_even(x / 100)` for `x >= 0`.
fn round_cents(x: i64) -> i64 {
    let (q, r) = (x / 100, x % 100);
    if r > 50 || (r == 50 && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// The W1 ledger shape with `contributions` contributions (see the crate
/// documentation). Valid: [`coshare::Ledger::new`] accepts it.
pub fn ledger(contributions: usize) -> Document {
    let (currency, policies, members) = header(contributions);
    let mut entries = Vec::with_capacity(contributions + contributions / 10);
    for_each_entry(contributions, |e| entries.push(e));
    Document {
        currency,
        policies,
        members,
        entries,
    }
}

/// The W1 ledger's currency, policies and members.
pub fn header(contributions: usize) -> (Currency, Vec<Policy>, Vec<Member>) {
    let currency = Currency {
        code: "USD".into(),
        scale: 2,
    };
    let members = (0..members_for(contributions))
        .map(|i| Member {
            id: member_id(i),
            name: None,
            note: None,
        })
        .collect();
    (currency, policies(), members)
}

fn member_id(i: usize) -> String {
    format!("m{i:07}")
}

/// The W1 ledger's entries, in document order, one at a time: what
/// [`ledger`] collects, for a caller that never holds them all (the
/// memory benchmark feeds them to a [`coshare::LedgerBuilder`]).
pub fn for_each_entry(contributions: usize, mut sink: impl FnMut(Entry)) {
    let n = contributions;
    let m = members_for(n);
    let mut rng = Rng::new(SEED);
    // Every 20th member departs (5 %), alternately for a good and a bad reason,
    // some time from 2017 on.
    let departures: Vec<Option<(i64, bool)>> = (0..m)
        .map(|i| (i % 20 == 7).then(|| (rng.between(FIRST_DAY + 366, LAST_DAY), (i / 20) % 2 == 1)))
        .collect();
    // A contribution drawn but not yet written, kept small (28 B): a
    // million are held at once, beside the ledger being built.
    struct Raw {
        date: i32,
        kind: u8,
        member: u32,
        value: i32,
        hours: i32,
        rate: i32,
        paid: i32,
    }
    let narrow = |x: i64| i32::try_from(x).expect("generator values fit 32 bits");
    let mut raw: Vec<Raw> = Vec::with_capacity(n);
    for j in 0..n {
        let kind: u8 = match j % 20 {
            0..=11 => 0,
            12..=14 => 1,
            15 | 16 => 2,
            17 | 18 => 3,
            _ => 4,
        };
        let member = rng.below(m as u64) as usize;
        let last = departures[member].map_or(LAST_DAY, |(d, _)| d);
        let date = rng.between(FIRST_DAY, last);
        let (mut value, mut hours, mut rate, mut paid) = (0, 0, 0, 0);
        match kind {
            0 => {
                hours = rng.between(1, 320) * 25; // 0.25 to 80.00 hours
                rate = rng.between(2_000, 8_000); // 20.00 to 80.00
                if j % 3 == 0 {
                    let v = round_cents(hours * rate);
                    paid = v * rng.between(1, 3) / 4;
                }
            }
            1 => value = rng.between(1_000, 500_000),
            2 => value = rng.between(50_000, 2_000_000),
            3 => value = rng.between(10_000, 5_000_000),
            _ => value = rng.between(5_000, 200_000),
        }
        raw.push(Raw {
            date: narrow(date),
            kind,
            member: member as u32,
            value: narrow(value),
            hours: narrow(hours),
            rate: narrow(rate),
            paid: narrow(paid),
        });
    }
    // Ids follow the date order, as a ledger kept day by day would have them.
    // Sorted, then reversed and taken from the end, so that the list
    // shrinks as the entries are written.
    raw.sort_by_key(|r| r.date);
    raw.reverse();
    // Repayments: (loan number, date, amount in cents), written after the contributions.
    let mut repayments: Vec<(usize, i64, i64)> = Vec::new();
    let mut loans = 0usize;
    let mut j = 0usize;
    while let Some(r) = raw.pop() {
        if raw.len() % 65_536 == 0 {
            raw.shrink_to_fit();
        }
        let (value, hours, rate) = if r.kind == 0 {
            (
                None,
                Some(cents(r.hours.into())),
                Some(cents(r.rate.into())),
            )
        } else {
            (Some(cents(r.value.into())), None, None)
        };
        if r.kind == 2 {
            loans += 1;
            if loans % 2 == 0 {
                // Repaid in part: a quarter, and sometimes a fifth more.
                let times = 1 + rng.below(2) as i64;
                let mut at = i64::from(r.date);
                for k in 0..times {
                    at += rng.between(30, 700);
                    let v = i64::from(r.value);
                    let amount = if k == 0 { v / 4 } else { v / 5 };
                    repayments.push((j, at, amount));
                }
            }
        }
        sink(Entry {
            id: format!("c{j:08}"),
            body: EntryBody::Contribution(Contribution {
                member: member_id(r.member as usize),
                date: day(r.date.into()),
                kind: KINDS[usize::from(r.kind)].to_string(),
                value,
                hours,
                rate,
                paid: (r.paid > 0).then(|| cents(r.paid.into())),
            }),
            note: None,
        });
        j += 1;
    }
    for (k, (loan, at, amount)) in repayments.into_iter().enumerate() {
        sink(Entry {
            id: format!("r{k:08}"),
            body: EntryBody::Repayment {
                loan: format!("c{loan:08}"),
                date: day(at),
                amount: cents(amount),
            },
            note: None,
        });
    }
    for (i, d) in departures.iter().enumerate() {
        if let Some((date, bad)) = d {
            sink(Entry {
                id: format!("d{i:08}"),
                body: EntryBody::Departure {
                    member: member_id(i),
                    date: day(*date),
                    reason: if *bad { "bad" } else { "good" }.to_string(),
                },
                note: None,
            });
        }
    }
}

/// The W1 ledger with `contributions` contributions as JSON text.
pub fn ledger_json(contributions: usize) -> String {
    to_json(&ledger(contributions))
}

/// W1's request: FY 2025, time-weighted.
pub fn w1_request() -> Request {
    Request::new(day(20_089), day(LAST_DAY), dec(W1_AMOUNT))
}

/// W1's request as JSON text.
pub fn w1_request_json() -> String {
    format!(
        r#"{{"period":{{"start":"2025-01-01","end":"2025-12-31"}},"amount":"{W1_AMOUNT}","basis":"time_weighted"}}"#
    )
}

/// W2's requests: every month of 2016–2025, time-weighted.
pub fn w2_requests() -> Vec<Request> {
    let mut out = Vec::with_capacity(120);
    for year in 2016..=2025 {
        for month in 1..=12u32 {
            let start = Date::from_ymd(year, month, 1).expect("a first of the month");
            let next = if month == 12 {
                Date::from_ymd(year + 1, 1, 1)
            } else {
                Date::from_ymd(year, month + 1, 1)
            }
            .expect("a first of the month");
            let end = day(next.day_number() - 1);
            out.push(Request::new(start, end, dec(W2_AMOUNT)));
        }
    }
    out
}

/// Checks a split's invariants (docs/format.md, "Request and split result"): the buckets add up to the amount,
/// each pool's members plus its unallocated part add up to the pool, and
/// `cash + retained = paid`. Returns the number of members listed.
pub fn assert_split(split: &Split) -> usize {
    let buckets: i128 = split.buckets.iter().map(|b| b.amount.value()).sum();
    assert_eq!(
        buckets,
        split.amount.value(),
        "buckets must add up to the amount"
    );
    let pools: i128 = split
        .buckets
        .iter()
        .filter_map(|b| {
            b.pool
                .as_ref()
                .map(|p| b.amount.value() - p.unallocated.value())
        })
        .sum();
    let mut allocated = 0i128;
    for m in &split.members {
        allocated += m.allocated.value();
        assert_eq!(m.cash.value() + m.retained.value(), m.paid.value());
    }
    assert_eq!(allocated, pools, "pool parts must add up to the pools");
    split.members.len()
}

/// The process's peak resident set size (`VmHWM`), in bytes, on Linux.
pub fn peak_rss_bytes() -> Option<u64> {
    status_kb("VmHWM:").map(|kb| kb * 1024)
}

/// The process's current resident set size (`VmRSS`), in bytes, on Linux.
pub fn rss_bytes() -> Option<u64> {
    status_kb("VmRSS:").map(|kb| kb * 1024)
}

/// The process's CPU time so far in the kernel (`stime` of
/// `/proc/self/stat`, in seconds at Linux's fixed `USER_HZ` of 100), on
/// Linux: mostly page faults, here. On this kind of virtual machine a page
/// touched for the first time costs many microseconds, which shows at 10m.
pub fn kernel_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which ends at the last ')'.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let stime: u64 = rest.split_whitespace().nth(12)?.parse().ok()?;
    Some(stime as f64 / 100.0)
}

fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Writes a document as ledger JSON text (docs/format.md, "Ledger document"), numbers as strings.
pub fn to_json(doc: &Document) -> String {
    let entries = doc.entries.len();
    let mut w = String::with_capacity(256 + 130 * entries);
    w.push_str("{\"currency\":{\"code\":");
    string(&mut w, &doc.currency.code);
    let _ = write!(w, ",\"scale\":{}}},\"policies\":[", doc.currency.scale);
    for (i, p) in doc.policies.iter().enumerate() {
        if i > 0 {
            w.push(',');
        }
        policy(&mut w, p);
    }
    w.push_str("],\n\"members\":[");
    for (i, m) in doc.members.iter().enumerate() {
        if i > 0 {
            w.push_str(",\n");
        }
        w.push_str("{\"id\":");
        string(&mut w, &m.id);
        opt_field(&mut w, "name", m.name.as_deref());
        opt_field(&mut w, "note", m.note.as_deref());
        w.push('}');
    }
    w.push_str("],\n\"entries\":[");
    for (i, e) in doc.entries.iter().enumerate() {
        if i > 0 {
            w.push_str(",\n");
        }
        entry(&mut w, e);
    }
    w.push_str("]}\n");
    w
}

fn string(w: &mut String, s: &str) {
    w.push('"');
    for c in s.chars() {
        match c {
            '"' => w.push_str("\\\""),
            '\\' => w.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(w, "\\u{:04x}", u32::from(c));
            }
            c => w.push(c),
        }
    }
    w.push('"');
}

fn field(w: &mut String, key: &str, value: &str) {
    w.push_str(",\"");
    w.push_str(key);
    w.push_str("\":");
    string(w, value);
}

fn opt_field(w: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        field(w, key, v);
    }
}

fn number(w: &mut String, key: &str, value: Dec) {
    let _ = write!(w, ",\"{key}\":\"{value}\"");
}

fn policy(w: &mut String, p: &Policy) {
    let _ = write!(w, "\n{{\"effective\":\"{}\"", p.effective);
    if let Some(price) = p.unit_price {
        number(w, "unit_price", price);
    }
    w.push_str(",\"kinds\":{");
    for (i, (name, k)) in p.kinds.iter().enumerate() {
        if i > 0 {
            w.push(',');
        }
        string(w, name);
        let _ = write!(w, ":{{\"multiplier\":\"{}\"", k.multiplier);
        if k.curve != Curve::default() {
            w.push_str(",\"curve\":");
            curve(w, &k.curve);
        }
        if k.repayable {
            w.push_str(",\"repayable\":true");
        }
        w.push('}');
    }
    w.push('}');
    if let Some(departures) = &p.departures {
        w.push_str(",\"departures\":{");
        for (i, (reason, factors)) in departures.iter().enumerate() {
            if i > 0 {
                w.push(',');
            }
            string(w, reason);
            w.push_str(":{");
            for (j, (kind, f)) in factors.iter().enumerate() {
                if j > 0 {
                    w.push(',');
                }
                string(w, kind);
                let _ = write!(w, ":\"{f}\"");
            }
            w.push('}');
        }
        w.push('}');
    }
    if let Some(d) = &p.distribution {
        w.push_str(",\"distribution\":{");
        let mut first = true;
        let mut sep = |w: &mut String| {
            if !first {
                w.push(',');
            }
            first = false;
        };
        if let Some(buckets) = &d.buckets {
            sep(w);
            w.push_str("\"buckets\":[");
            for (i, b) in buckets.iter().enumerate() {
                if i > 0 {
                    w.push(',');
                }
                w.push_str("{\"name\":");
                string(w, &b.name);
                number(w, "share", b.share);
                if let Some(kinds) = &b.kinds {
                    w.push_str(",\"kinds\":[");
                    for (j, k) in kinds.iter().enumerate() {
                        if j > 0 {
                            w.push(',');
                        }
                        string(w, k);
                    }
                    w.push(']');
                }
                w.push('}');
            }
            w.push(']');
        }
        if let Some(c) = d.cash_fraction {
            sep(w);
            let _ = write!(w, "\"cash_fraction\":\"{c}\"");
        }
        if let Some(m) = d.minimum_payout {
            sep(w);
            let _ = write!(w, "\"minimum_payout\":\"{m}\"");
        }
        w.push('}');
    }
    opt_field(w, "note", p.note.as_deref());
    w.push('}');
}

fn curve(w: &mut String, c: &Curve) {
    match &c.shape {
        Shape::None => w.push_str("{\"type\":\"none\""),
        Shape::Term { term } => {
            let _ = write!(w, "{{\"type\":\"term\",\"term\":\"{term}\"");
        }
        Shape::Linear { fade, hold } => {
            let _ = write!(
                w,
                "{{\"type\":\"linear\",\"fade\":\"{fade}\",\"hold\":\"{hold}\""
            );
        }
        Shape::Geometric { rate, every, hold } => {
            let _ = write!(
                w,
                "{{\"type\":\"geometric\",\"rate\":\"{rate}\",\"every\":\"{every}\",\"hold\":\"{hold}\""
            );
        }
        Shape::Steps { points } => {
            w.push_str("{\"type\":\"steps\",\"points\":[");
            for (i, (d, x)) in points.iter().enumerate() {
                if i > 0 {
                    w.push(',');
                }
                let _ = write!(w, "[\"{d}\",\"{x}\"]");
            }
            w.push(']');
        }
    }
    if let Some(e) = c.expire {
        let _ = write!(w, ",\"expire\":\"{e}\"");
    }
    w.push('}');
}

fn entry(w: &mut String, e: &Entry) {
    let (kind, date) = match &e.body {
        EntryBody::Contribution(c) => ("contribution", Some(c.date)),
        EntryBody::Repayment { date, .. } => ("repayment", Some(*date)),
        EntryBody::Departure { date, .. } => ("departure", Some(*date)),
        EntryBody::Void { .. } => ("void", None),
        // The books' entries, as the core writes them.
        _ => {
            w.push_str(&e.to_json());
            return;
        }
    };
    let _ = write!(w, "{{\"type\":\"{kind}\"");
    field(w, "id", &e.id);
    match &e.body {
        EntryBody::Contribution(c) => {
            field(w, "member", &c.member);
            let _ = write!(w, ",\"date\":\"{}\"", c.date);
            field(w, "kind", &c.kind);
            for (key, v) in [
                ("value", c.value),
                ("hours", c.hours),
                ("rate", c.rate),
                ("paid", c.paid),
            ] {
                if let Some(v) = v {
                    number(w, key, v);
                }
            }
        }
        EntryBody::Repayment { loan, amount, .. } => {
            field(w, "loan", loan);
            let _ = write!(w, ",\"date\":\"{}\"", date.unwrap_or(day(0)));
            number(w, "amount", *amount);
        }
        EntryBody::Departure { member, reason, .. } => {
            field(w, "member", member);
            let _ = write!(w, ",\"date\":\"{}\"", date.unwrap_or(day(0)));
            field(w, "reason", reason);
        }
        EntryBody::Void { target } => field(w, "target", target),
        _ => {}
    }
    opt_field(w, "note", e.note.as_deref());
    w.push('}');
}

/// The books workload: the 1m-contribution W1 ledger (10,000 members) with
/// `allocations` half-years of 2016.. closed and posted in turn (each
/// posted by `Ledger::close`, with the carry-ins of the ones before), and
/// the cash of every other allocation paid to its members.
pub fn books_ledger(allocations: usize) -> Document {
    let mut doc = ledger(1_000_000);
    for k in 0..allocations {
        let ledger = coshare::Ledger::from_document(&doc).expect("a valid books ledger");
        let year = 2016 + (k / 2) as i64;
        let (start, end) = if k % 2 == 0 {
            (Date::from_ymd(year, 1, 1), Date::from_ymd(year, 6, 30))
        } else {
            (Date::from_ymd(year, 7, 1), Date::from_ymd(year, 12, 31))
        };
        let (start, end) = (start.expect("a date"), end.expect("a date"));
        // A loss every fifth half-year.
        let amount = if k % 5 == 4 {
            cents(-200_000_000)
        } else {
            cents(600_000_000)
        };
        let request = Request::new(start, end, amount);
        let id = format!("h{k:02}");
        let closed = ledger
            .close(&request, &id, end.plus_days(60))
            .expect("closing a half-year");
        if k % 2 == 0 {
            for (member, f) in &closed.members {
                if f.cash.value() > 0 {
                    doc.entries.push(Entry {
                        id: format!("p{k:02}-{member}"),
                        body: coshare::document::EntryBody::Payment {
                            allocation: id.clone(),
                            member: member.clone(),
                            date: end.plus_days(90),
                            amount: f.cash.to_dec().expect("a money value"),
                        },
                        note: None,
                    });
                }
            }
        }
        doc.entries.push(closed.to_entry());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use coshare::Ledger;

    #[test]
    fn day_constants_are_the_dates() {
        assert_eq!(day(FIRST_DAY).to_string(), "2016-01-01");
        assert_eq!(day(LAST_DAY).to_string(), "2025-12-31");
        assert_eq!(day(18_628).to_string(), "2021-01-01");
        assert_eq!(day(20_089).to_string(), "2025-01-01");
    }

    #[test]
    fn small_ledger_is_valid_deterministic_and_round_trips_through_json() {
        let doc = ledger(1_000);
        assert_eq!(doc, ledger(1_000));
        assert_eq!(doc.members.len(), 10);
        let ledger = Ledger::new(doc.clone()).expect("a valid ledger");
        assert_eq!(Document::from_json(&to_json(&doc)).unwrap(), doc);
        let split = ledger.split(&w1_request()).unwrap();
        assert!(assert_split(&split) > 0);
        for r in w2_requests().iter().step_by(17) {
            assert_split(&ledger.split(r).unwrap());
        }
        assert_eq!(w2_requests().len(), 120);
        let request = Request::from_json(&w1_request_json()).unwrap();
        assert_eq!(request.start, w1_request().start);
    }
}
