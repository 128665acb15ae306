//! Hostile and extreme inputs: each returns its documented result or error,
//! never a panic, a hang or a wrong figure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use coshare::{split_json, validate_json, ErrorCode, Ledger};

const POLICY: &str = r#"{"effective":"0001-01-01","kinds":{"cash":{"multiplier":"1"}}}"#;

fn ledger(members: &str, entries: &str) -> String {
    format!(
        r#"{{"currency":{{"code":"EUR","scale":2}},"policies":[{POLICY}],"members":[{members}],"entries":[{entries}]}}"#
    )
}

fn contribution(id: &str, member: &str, date: &str, value: &str) -> String {
    format!(
        r#"{{"type":"contribution","id":"{id}","member":"{member}","date":"{date}","kind":"cash","value":"{value}"}}"#
    )
}

const YEAR: &str = r#"{"period":{"start":"2025-01-01","end":"2025-12-31"},"amount":"100.00"}"#;

fn code(result: Result<String, coshare::Error>) -> ErrorCode {
    result.expect_err("must be refused").code()
}

#[test]
fn a_million_members_split_exactly() {
    let members: Vec<String> = (0..1_000_000)
        .map(|i| format!(r#"{{"id":"m{i:07}"}}"#))
        .collect();
    let entries = [
        contribution("a", "m0000001", "2024-01-01", "1.00"),
        contribution("b", "m0999999", "2024-01-01", "2.00"),
    ]
    .join(",");
    let out = split_json(&ledger(&members.join(","), &entries), YEAR).unwrap();
    assert!(out.contains(r#""member":"m0000001","pools":{"all":{"basis":"365","average_units":"1.0000","share":"0.333333333","amount":"33.33"}}"#), "{out}");
    assert!(out.contains(r#""member":"m0999999""#) && out.contains(r#""amount":"66.67""#));
}

#[test]
fn an_id_of_one_megabyte_is_an_ordinary_id() {
    let id = "x".repeat(1 << 20);
    let out = split_json(
        &ledger(
            &format!(r#"{{"id":"{id}"}}"#),
            &contribution("c", &id, "2024-01-01", "5.00"),
        ),
        YEAR,
    )
    .unwrap();
    assert!(out.len() > 1 << 20);
}

#[test]
fn numbers_with_40_digits_are_invalid_numbers() {
    let digits = "1234567890".repeat(4);
    let doc = ledger(
        r#"{"id":"m"}"#,
        &contribution("c", "m", "2024-01-01", &digits),
    );
    assert_eq!(code(split_json(&doc, YEAR)), ErrorCode::InvalidNumber);
    let json_number = doc.replace(&format!("\"{digits}\""), &digits);
    assert_eq!(
        code(split_json(&json_number, YEAR)),
        ErrorCode::InvalidNumber
    );
}

#[test]
fn amounts_past_the_exact_range_are_overflow() {
    let doc = ledger(
        r#"{"id":"m"}"#,
        &contribution("c", "m", "2024-01-01", "10000000000000.01"),
    );
    assert_eq!(code(split_json(&doc, YEAR)), ErrorCode::Overflow);
    let units_over = ledger(
        r#"{"id":"m"}"#,
        &contribution("c", "m", "2024-01-01", "1000000000000.01"),
    );
    assert_eq!(code(split_json(&units_over, YEAR)), ErrorCode::Overflow);
    let ok = ledger(
        r#"{"id":"m"}"#,
        &contribution("c", "m", "2024-01-01", "1000000000000.00"),
    );
    let request = YEAR.replace("100.00", "-10000000000000.00");
    assert!(split_json(&ok, &request)
        .unwrap()
        .contains(r#""paid":"-10000000000000.00""#));
    assert_eq!(
        code(split_json(
            &ok,
            &YEAR.replace("100.00", "10000000000000.01")
        )),
        ErrorCode::Overflow
    );
}

#[test]
fn calendar_edges_and_huge_durations_compute() {
    let policy = r#"{"effective":"0001-01-01","kinds":{
        "slow":{"multiplier":"1","curve":{"type":"linear","hold":"P100000Y","fade":"P100000Y","expire":"P100000Y100000M"}},
        "drip":{"multiplier":"1","curve":{"type":"geometric","rate":"0.000000001","every":"P1D"}},
        "cliff":{"multiplier":"1","curve":{"type":"steps","points":[["P0D","0"],["P9998Y11M30D","1"]]}}}}"#;
    let entries = [
        r#"{"type":"contribution","id":"a","member":"m","date":"0001-01-01","kind":"slow","value":"1.00"}"#,
        r#"{"type":"contribution","id":"b","member":"m","date":"0001-01-01","kind":"drip","value":"1.00"}"#,
        r#"{"type":"contribution","id":"c","member":"m","date":"0001-01-01","kind":"cliff","value":"1.00"}"#,
        r#"{"type":"contribution","id":"d","member":"m","date":"9999-12-31","kind":"slow","value":"1.00"}"#,
    ];
    let doc = format!(
        r#"{{"currency":{{"code":"EUR","scale":2}},"policies":[{policy}],"members":[{{"id":"m"}}],"entries":[{}]}}"#,
        entries.join(",")
    );
    let request = r#"{"period":{"start":"9900-01-02","end":"9999-12-31"},"amount":"1.00"}"#;
    let out = split_json(&doc, request).unwrap();
    assert!(out.contains(r#""paid":"1.00""#), "{out}");
    let ledger = Ledger::from_json(&doc).unwrap();
    let shares = ledger.shares(coshare::Date::parse("9999-12-31").unwrap());
    assert_eq!(shares.members.len(), 1);
}

#[test]
fn a_period_of_a_hundred_years_or_more_is_refused() {
    let doc = ledger(
        r#"{"id":"m"}"#,
        &contribution("c", "m", "2024-01-01", "1.00"),
    );
    let long = r#"{"period":{"start":"1900-01-01","end":"2000-01-01"},"amount":"1.00"}"#;
    assert_eq!(code(split_json(&doc, long)), ErrorCode::InvalidPeriod);
    let longest = r#"{"period":{"start":"1900-01-01","end":"1999-12-31"},"amount":"1.00"}"#;
    assert!(split_json(&doc, longest).is_ok());
}

#[test]
fn empty_ledgers_and_zero_contributions_leave_the_pool_unallocated() {
    let out = split_json(&ledger("", ""), YEAR).unwrap();
    assert!(
        out.ends_with(r#""basis_total":"0","unallocated":"100.00"}],"members":[]}"#),
        "{out}"
    );
    let zero = split_json(
        &ledger(
            r#"{"id":"m"}"#,
            &contribution("c", "m", "2024-01-01", "0.00"),
        ),
        YEAR,
    )
    .unwrap();
    assert!(
        zero.ends_with(r#""unallocated":"100.00"}],"members":[]}"#),
        "{zero}"
    );
}

#[test]
fn deep_nesting_and_repeated_keys_are_invalid_json_without_recursing_deeply() {
    for depth in [129, 100_000] {
        let text = "[".repeat(depth) + &"]".repeat(depth);
        assert_eq!(validate_json(&text)[0].code(), ErrorCode::InvalidJson);
    }
    let repeated = ledger(r#"{"id":"m","id":"n"}"#, "");
    assert_eq!(validate_json(&repeated)[0].code(), ErrorCode::InvalidJson);
}
