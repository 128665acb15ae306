//! Criterion benchmarks of coshare's workloads (see `benches/README.md`).
//!
//! - `split/w1/<size>/coshare`: the FY 2025 time-weighted split of a
//!   checked W1 ledger held in memory, for 10k, 100k and 1m contributions
//!   (10m too with `COSHARE_BENCH_10M=1`);
//! - `split/w2/120-months/coshare`: the 120 monthly splits of 2016–2025 on
//!   the 100k ledger (`split/w2/120-months-1m/coshare` on the 1m ledger with
//!   `COSHARE_BENCH_W2_1M=1`);
//! - `parse/w3/<size>/coshare`: `validate_json` (parse and validate) on the
//!   ledger's JSON text, with its throughput in bytes; `parse/w3-compile/...`
//!   `Ledger::from_json` (parse, validate and compile for queries).
//!
//! `COSHARE_BENCH_SIZES=10k,100k` limits the sizes. Every timed iteration
//! checks its result (the buckets and pools add up).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::Ledger;
use coshare_bench::{
    assert_split, ledger, ledger_json, parse_size, size_label, w1_request, w2_requests,
};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

fn sizes() -> Vec<usize> {
    if let Ok(list) = std::env::var("COSHARE_BENCH_SIZES") {
        return list
            .split(',')
            .map(|s| parse_size(s).expect("COSHARE_BENCH_SIZES: sizes such as 10k,100k,1m"))
            .collect();
    }
    let mut sizes = vec![10_000, 100_000, 1_000_000];
    if flag("COSHARE_BENCH_10M") {
        sizes.push(10_000_000);
    }
    sizes
}

fn split_w1(c: &mut Criterion) {
    let mut group = c.benchmark_group("split");
    let request = w1_request();
    for size in sizes() {
        let ledger = Ledger::new(ledger(size)).expect("a valid W1 ledger");
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(format!("w1/{}/coshare", size_label(size)), |b| {
            b.iter(|| {
                let split = ledger.split(black_box(&request)).expect("W1 splits");
                assert!(assert_split(&split) > 0);
                split
            });
        });
    }
    group.finish();
}

fn split_w2(c: &mut Criterion) {
    let (size, name) = if flag("COSHARE_BENCH_W2_1M") {
        (1_000_000, "w2/120-months-1m/coshare")
    } else {
        (100_000, "w2/120-months/coshare")
    };
    let ledger = Ledger::new(ledger(size)).expect("a valid W1 ledger");
    let requests = w2_requests();
    let mut group = c.benchmark_group("split");
    group.throughput(Throughput::Elements(size as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            let mut listed = 0;
            for split in ledger
                .split_iter(black_box(&requests))
                .expect("the months split")
            {
                listed += assert_split(&split);
            }
            assert!(listed > 0);
            listed
        });
    });
    group.finish();
}

fn parse_w3(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for size in sizes() {
        let text = ledger_json(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("w3/{}/coshare", size_label(size)), |b| {
            b.iter(|| {
                let errors = coshare::validate_json(black_box(&text));
                assert!(errors.is_empty(), "{errors:?}");
                errors
            });
        });
        group.bench_function(format!("w3-compile/{}/coshare", size_label(size)), |b| {
            b.iter(|| {
                let ledger = Ledger::from_json(black_box(&text)).expect("a valid W1 ledger");
                assert_eq!(ledger.members().len(), coshare_bench::members_for(size));
                ledger
            });
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = split_w1, split_w2, parse_w3
}
criterion_main!(benches);
