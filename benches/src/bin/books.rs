//! `books [--allocations 5,20] [--runs N]`: times the books on the
//! 1m-contribution W1 ledger (10,000 members) with each number of posted
//! half-years, and prints one JSON line (used by `benches/compare/run.py`):
//! reading the whole ledger text (`Ledger::from_json`), closing the next
//! half-year, accounts, one member's statement over every year, the last
//! allocation's notices and the journal over every year; medians of
//! `--runs` runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic
)]

use coshare::{Date, Dec, JournalAccounts, Ledger, Request};
use coshare_bench::{books_ledger, to_json};
use std::time::Instant;

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(f64::total_cmp);
    let n = t.len();
    if n % 2 == 1 {
        t[n / 2]
    } else {
        (t[n / 2 - 1] + t[n / 2]) / 2.0
    }
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    let mut counts = vec![5usize, 20];
    let mut runs = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--allocations" => {
                counts = args
                    .next()
                    .expect("--allocations 5,20")
                    .split(',')
                    .map(|n| n.parse().expect("a number of half-years"))
                    .collect();
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            other => panic!("unknown argument {other}"),
        }
    }
    let d = |s: &str| Date::parse(s).unwrap();
    let mut rows = Vec::new();
    for n in counts {
        let doc = books_ledger(n);
        let entries = doc.entries.len();
        let members = doc.members.len();
        let text = to_json(&doc);
        drop(doc);
        let read = time(runs.min(3), || {
            Ledger::from_json(&text).expect("a valid books ledger")
        });
        let ledger = Ledger::from_json(&text).unwrap();
        let next = Request::new(
            d("2026-01-01"),
            d("2026-06-30"),
            Dec::parse("5000000.00").unwrap(),
        );
        let close = time(runs, || {
            ledger
                .close(&next, "next", d("2026-09-01"))
                .expect("closes")
        });
        let accounts = time(runs, || ledger.accounts(d("2026-12-31")));
        let member = ledger.members()[17].clone();
        let statement = time(runs, || {
            ledger
                .statement(&member, d("2016-01-01"), d("2026-12-31"))
                .expect("a statement")
        });
        let last = format!("h{:02}", n - 1);
        let notices = time(runs, || ledger.notices(&last).expect("notices"));
        let journal = time(runs, || {
            ledger
                .journal(
                    d("2016-01-01"),
                    d("2026-12-31"),
                    &JournalAccounts::default(),
                )
                .expect("a journal")
        });
        let split = time(runs, || ledger.split(&next).expect("splits"));
        rows.push(format!(
            "{{\"allocations\":{n},\"members\":{members},\"entries\":{entries},\"bytes\":{},\
             \"read_s\":{read:.6},\"close_s\":{close:.6},\"split_s\":{split:.6},\"accounts_s\":{accounts:.6},\
             \"statement_s\":{statement:.6},\"notices_s\":{notices:.6},\"journal_s\":{journal:.6}}}",
            text.len()
        ));
    }
    println!("[{}]", rows.join(","));
}
