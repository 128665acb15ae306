//! Criterion benchmarks of the books (docs/format.md, "The books") on the
//! 1m-contribution W1 ledger (10,000 members) with 5 and 20 posted
//! half-years (`COSHARE_BENCH_BOOKS=20` for one count only):
//!
//! - `books/read/<n>`: `Ledger::from_json` of the whole ledger text;
//! - `books/close/<n>`: closing the next half-year (a split with the
//!   chain's carry-ins, and the check that the books stay valid);
//! - `books/accounts/<n>`, `books/statement/<n>`, `books/notices/<n>`,
//!   `books/journal/<n>`: the queries, each over the whole ledger.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::{Date, Dec, JournalAccounts, Ledger, Request};
use coshare_bench::books_ledger;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;

fn counts() -> Vec<usize> {
    match std::env::var("COSHARE_BENCH_BOOKS") {
        Ok(n) => vec![n
            .parse()
            .expect("COSHARE_BENCH_BOOKS: a number of half-years")],
        Err(_) => vec![5, 20],
    }
}

fn books(c: &mut Criterion) {
    let mut group = c.benchmark_group("books");
    for n in counts() {
        let doc = books_ledger(n);
        let text = coshare_bench::to_json(&doc);
        let ledger = Ledger::from_json(&text).expect("a valid books ledger");
        let d = |s: &str| Date::parse(s).unwrap();
        group.bench_function(format!("read/{n}"), |b| {
            b.iter(|| Ledger::from_json(black_box(&text)).expect("reads"))
        });
        let next = Request::new(
            d("2026-01-01"),
            d("2026-06-30"),
            Dec::parse("5000000.00").unwrap(),
        );
        group.bench_function(format!("close/{n}"), |b| {
            b.iter(|| {
                ledger
                    .close(black_box(&next), "next", d("2026-09-01"))
                    .expect("closes")
            })
        });
        group.bench_function(format!("accounts/{n}"), |b| {
            b.iter(|| ledger.accounts(black_box(d("2026-12-31"))))
        });
        let member = ledger.members()[17].clone();
        group.bench_function(format!("statement/{n}"), |b| {
            b.iter(|| {
                ledger
                    .statement(black_box(&member), d("2016-01-01"), d("2026-12-31"))
                    .expect("a statement")
            })
        });
        let last = format!("h{:02}", n - 1);
        group.bench_function(format!("notices/{n}"), |b| {
            b.iter(|| ledger.notices(black_box(&last)).expect("notices"))
        });
        group.bench_function(format!("journal/{n}"), |b| {
            b.iter(|| {
                ledger
                    .journal(
                        d("2016-01-01"),
                        d("2026-12-31"),
                        &JournalAccounts::default(),
                    )
                    .expect("a journal")
            })
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = books
}
criterion_main!(benches);
