//! Replays the kept fuzz inputs of `tests/fuzz-crashers/` through the
//! checks of the `ledger_json` fuzz target (read, validate, split with the
//! docs/format.md, "Request and split result" invariants, queries, order independence), on stable, in
//! `cargo test`. The checks are the fuzz crate's own file, included here so
//! both run exactly the same code; see `fuzz/README.md`.
//!
//! A file is the target's input: ledger JSON bytes, optionally followed by
//! a NUL byte and a request JSON. Add a minimised crasher of any target as
//! such a file once its bug is fixed (`fuzz/README.md`, "Findings").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

#[path = "../../../fuzz/src/checks.rs"]
#[allow(dead_code, clippy::indexing_slicing, clippy::pedantic)]
mod checks;

use std::path::Path;

#[test]
fn every_kept_fuzz_input_passes_the_ledger_json_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-crashers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut failures = Vec::new();
    for path in &files {
        let data = std::fs::read(path).unwrap();
        if let Err(panic) = std::panic::catch_unwind(|| checks::ledger_json(&data)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "fuzz regressions:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_seed_input_reaches_the_split() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-crashers/seed-tiny-valid-ledger.bin");
    let data = std::fs::read(path).unwrap();
    let nul = data.iter().position(|&b| b == 0).unwrap();
    let doc = coshare::Document::from_json_bytes(&data[..nul]).unwrap();
    let ledger = coshare::Ledger::new(doc.clone()).unwrap();
    let request =
        coshare::Request::from_json(std::str::from_utf8(&data[nul + 1..]).unwrap()).unwrap();
    let split = ledger.split(&request).unwrap();
    checks::check_split(&doc, &ledger, &request, &split);
    assert_eq!(split.members.len(), 3);
}

#[test]
fn quota_comparisons_are_exact_beyond_128_bits() {
    // 10^15 minor units × a basis of 3.7·10^29 overflows i128.
    let n = 1_000_000_000_000_000u128;
    let w = 370_000_000_000_000_000_000_000_000_000u128;
    let q = checks::U256::mul(n, w);
    assert!(q.to_u128().is_none());
    assert_eq!(checks::U256::mul(n, w).minus(q).to_u128(), Some(0));
    checks::check_largest_remainder("exact", n, &[(n / 3 + 1, w), (n / 3, w), (n / 3, w)]);
}

/// A geometric curve's weight at the period's start must not cost one step
/// per `every` since the contribution (docs/format.md, "Request and split result": a contribution's cost grows
/// with the step boundaries inside the period, never with its days). With
/// `rate` 10^-9 and `every` P1D the weight drops by 10^-9 a day and never
/// reaches 0 before 9999: before f8b4c96 (which jumps over runs of equal
/// steps) each contribution dated 0001-01-01 walked ~3.6 million steps, 5 s
/// per 100 contributions in a release build, a hang for a large ledger.
/// Input kept: `fuzz-crashers/slow-geometric-steps-before-period.bin`.
#[test]
fn geometric_weight_before_the_period_costs_no_step_walk() {
    let entries: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"type":"contribution","id":"c{i}","member":"a","date":"0001-01-01","kind":"g","value":"1"}}"#
            )
        })
        .collect();
    let ledger = format!(
        r#"{{"currency":{{"code":"X","scale":0}},"policies":[{{"effective":"0001-01-01","kinds":{{"g":{{"multiplier":"1","curve":{{"type":"geometric","rate":"0.000000001","every":"P1D"}}}}}}}}],"members":[{{"id":"a"}}],"entries":[{}]}}"#,
        entries.join(",")
    );
    let request = r#"{"period":{"start":"9999-01-01","end":"9999-12-31"},"amount":"100"}"#;
    let started = std::time::Instant::now();
    let split = coshare::split_json(&ledger, request).unwrap();
    let took = started.elapsed();
    assert!(split.contains(r#""paid":"100""#), "{split}");
    assert!(took.as_secs() < 5, "a 200-contribution split took {took:?}");
}
