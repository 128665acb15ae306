//! `w1 [SIZE] [--runs N] [--mode w1|w2|w3|bindings]`: times coshare on a generated
//! ledger and prints one JSON line (used by `benches/compare/run.py`).
//!
//! - `w1` (default): generates the W1 entries one at a time into a
//!   `LedgerBuilder` (no whole document is held), finishes it, splits FY
//!   2025 `--runs` times; reports each time and the peak RSS (`VmHWM`) per
//!   contribution. Then, apart, the time of `Ledger::new` on the whole
//!   built document.
//! - `w2`: the 120 monthly splits of 2016–2025 (`Ledger::split_iter`, each
//!   result checked and dropped in turn), `--runs` times, and a W1 split in
//!   the same process for the ratio; also the same splits all held at once
//!   (`Ledger::split_many`).
//! - `w3`: the ledger as JSON text, read and checked (`Ledger::from_json`)
//!   `--runs` times; reports MB/s.
//! - `bindings`: what the bindings are compared with, `--runs` times each:
//!   `Ledger::from_document` on the built document then the W1 split (the
//!   Python binding builds a document from a DataFrame), and
//!   `Ledger::from_json` on the JSON text then the W1 split (the
//!   WebAssembly binding's `split` on the text).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic
)]

use coshare::{Document, Ledger, LedgerBuilder};
use coshare_bench::{
    assert_split, for_each_entry, header, kernel_seconds, ledger, ledger_json, members_for,
    parse_size, peak_rss_bytes, rss_bytes, w1_request, w2_requests,
};
use std::time::Instant;

fn median(times: &[f64]) -> f64 {
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let n = t.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        t[n / 2]
    } else {
        (t[n / 2 - 1] + t[n / 2]) / 2.0
    }
}

fn list(times: &[f64]) -> String {
    let items: Vec<String> = times.iter().map(|t| format!("{t:.6}")).collect();
    format!("[{}]", items.join(","))
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64())
}

fn main() {
    let mut size = 1_000_000usize;
    let mut runs = 5usize;
    let mut mode = "w1".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|r| r.parse().ok()).expect("--runs N"),
            "--mode" => mode = args.next().expect("--mode w1|w2|w3|bindings"),
            "-h" | "--help" => {
                println!("usage: w1 [SIZE] [--runs N] [--mode w1|w2|w3|bindings]");
                return;
            }
            other => size = parse_size(other).expect("SIZE: 10000, 100k, 1m, ..."),
        }
    }
    let runs = runs.max(1);
    let baseline = rss_bytes().unwrap_or(0);
    match mode.as_str() {
        "w1" => {
            // Memory first (the peak is a high-water mark): the entries are
            // generated one at a time into a builder, never all held.
            let (currency, policies, members) = header(size);
            let (builder, generate) = timed(|| {
                let mut builder = LedgerBuilder::new(currency, policies, members);
                builder.reserve(size + size / 10);
                for_each_entry(size, |e| builder.push(&e));
                builder
            });
            let rss_builder = rss_bytes().unwrap_or(0);
            let (ledger, finish) = timed(|| builder.finish().expect("a valid W1 ledger"));
            let rss_ledger = rss_bytes().unwrap_or(0);
            let request = w1_request();
            let mut times = Vec::with_capacity(runs);
            let mut listed = 0;
            for _ in 0..runs {
                let (split, t) = timed(|| ledger.split(&request).expect("W1 splits"));
                listed = assert_split(&split);
                times.push(t);
            }
            let peak = peak_rss_bytes().unwrap_or(0);
            drop(ledger);
            // Then the time to check a whole document (`Ledger::new`).
            let doc = coshare_bench::ledger(size);
            let kernel_before = kernel_seconds().unwrap_or(0.0);
            let (ledger, check) = timed(|| Ledger::new(doc).expect("a valid W1 ledger"));
            let check_kernel = kernel_seconds().unwrap_or(0.0) - kernel_before;
            drop(ledger);
            println!(
                "{{\"mode\":\"w1\",\"contributions\":{size},\"members\":{},\"listed\":{listed},\
                 \"generate_s\":{generate:.6},\"finish_s\":{finish:.6},\"check_s\":{check:.6},\"check_kernel_s\":{check_kernel:.2},\"split_s\":{},\"split_median_s\":{:.6},\
                 \"baseline_rss_bytes\":{baseline},\"builder_rss_bytes\":{rss_builder},\
                 \"ledger_rss_bytes\":{rss_ledger},\"peak_rss_bytes\":{peak},\"bytes_per_contribution\":{:.1}}}",
                members_for(size),
                list(&times),
                median(&times),
                peak as f64 / size as f64,
            );
        }
        "w2" => {
            let ledger = Ledger::new(ledger(size)).expect("a valid W1 ledger");
            let requests = w2_requests();
            let w1 = w1_request();
            let mut w1_times = Vec::with_capacity(runs);
            let mut w2_times = Vec::with_capacity(runs);
            let mut held_times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let (split, t) = timed(|| ledger.split(&w1).expect("W1 splits"));
                assert_split(&split);
                w1_times.push(t);
                let (_, t) = timed(|| {
                    for split in ledger.split_iter(&requests).expect("the months split") {
                        assert_split(&split);
                    }
                });
                w2_times.push(t);
                // The same with every result held at once (`split_many`).
                let (_, t) = timed(|| {
                    let all = ledger.split_many(&requests).expect("the months split");
                    for split in &all {
                        assert_split(split);
                    }
                });
                held_times.push(t);
            }
            println!(
                "{{\"mode\":\"w2\",\"contributions\":{size},\"splits\":{},\"w2_s\":{},\"w2_median_s\":{:.6},\
                 \"w1_split_s\":{},\"w1_split_median_s\":{:.6},\"ratio\":{:.2},\
                 \"held_s\":{},\"held_median_s\":{:.6},\"held_ratio\":{:.2}}}",
                requests.len(),
                list(&w2_times),
                median(&w2_times),
                list(&w1_times),
                median(&w1_times),
                median(&w2_times) / median(&w1_times),
                list(&held_times),
                median(&held_times),
                median(&held_times) / median(&w1_times),
            );
        }
        "w3" => {
            let text = ledger_json(size);
            let bytes = text.len();
            let mut read_times = Vec::with_capacity(runs);
            let mut full_times = Vec::with_capacity(runs);
            let mut validate_times = Vec::with_capacity(runs);
            let mut ignored_times = Vec::with_capacity(runs);
            for _ in 0..runs {
                // The bar for reading (issue 18): serde_json checking the same
                // bytes as JSON and keeping nothing.
                let (ignored, t) =
                    timed(|| serde_json::from_slice::<serde::de::IgnoredAny>(text.as_bytes()));
                assert!(ignored.is_ok());
                ignored_times.push(t);
                let (errors, t) = timed(|| coshare::validate_json(&text));
                assert!(errors.is_empty(), "{errors:?}");
                validate_times.push(t);
                let (ledger, t) = timed(|| Ledger::from_json(&text).expect("the JSON is valid"));
                full_times.push(t);
                drop(ledger);
            }
            // The general reader last, in runs of its own: dropping a
            // document frees a million small strings, and glibc merges
            // those free chunks at the next large allocation (about 17 ms
            // here), which would be charged to whatever is timed next.
            for _ in 0..runs {
                let (doc, t) = timed(|| Document::from_json(&text).expect("the JSON reads"));
                read_times.push(t);
                drop(doc);
            }
            let full = median(&full_times);
            let validate = median(&validate_times);
            let ignored = median(&ignored_times);
            println!(
                "{{\"mode\":\"w3\",\"contributions\":{size},\"bytes\":{bytes},\"read_s\":{},\"read_median_s\":{:.6},\
                 \"validate_s\":{},\"validate_median_s\":{validate:.6},\"validate_mb_per_s\":{:.1},\
                 \"parse_validate_s\":{},\"parse_validate_median_s\":{full:.6},\"mb_per_s\":{:.1},\
                 \"ignored_any_s\":{},\"ignored_any_median_s\":{ignored:.6},\"ignored_any_mb_per_s\":{:.1}}}",
                list(&read_times),
                median(&read_times),
                list(&validate_times),
                bytes as f64 / validate / 1e6,
                list(&full_times),
                bytes as f64 / full / 1e6,
                list(&ignored_times),
                bytes as f64 / ignored / 1e6,
            );
        }
        "bindings" => {
            let document = ledger(size);
            let text = ledger_json(size);
            let request = w1_request();
            let (mut check, mut split, mut built) = (Vec::new(), Vec::new(), Vec::new());
            let (mut from_json, mut json_split, mut json_built) =
                (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..runs {
                let (ledger, c) =
                    timed(|| Ledger::from_document(&document).expect("a valid W1 ledger"));
                let (result, s) = timed(|| ledger.split(&request).expect("W1 splits"));
                assert_split(&result);
                drop(ledger);
                check.push(c);
                split.push(s);
                built.push(c + s);
                let (ledger, j) = timed(|| Ledger::from_json(&text).expect("the JSON is valid"));
                let (result, s) = timed(|| ledger.split(&request).expect("W1 splits"));
                assert_split(&result);
                drop(ledger);
                from_json.push(j);
                json_split.push(s);
                json_built.push(j + s);
            }
            println!(
                "{{\"mode\":\"bindings\",\"contributions\":{size},\"bytes\":{},\
                 \"check_s\":{},\"check_median_s\":{:.6},\"split_s\":{},\"split_median_s\":{:.6},\
                 \"check_split_s\":{},\"check_split_median_s\":{:.6},\
                 \"from_json_s\":{},\"from_json_median_s\":{:.6},\"json_split_s\":{},\"json_split_median_s\":{:.6},\
                 \"from_json_split_s\":{},\"from_json_split_median_s\":{:.6}}}",
                text.len(),
                list(&check),
                median(&check),
                list(&split),
                median(&split),
                list(&built),
                median(&built),
                list(&from_json),
                median(&from_json),
                list(&json_split),
                median(&json_split),
                list(&json_built),
                median(&json_built),
            );
        }
        other => panic!("unknown mode {other:?}: w1, w2, w3 or bindings"),
    }
}
