//! Hostile and extreme inputs: each returns its documented result or error,
//! never a panic, a hang or a wrong figure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

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
fn ids_longer_than_the_limit_are_refused_where_an_empty_one_is() {
    use coshare::limits::MAX_ID_BYTES;
    let longest = "x".repeat(MAX_ID_BYTES);
    let out = split_json(
        &ledger(
            &format!(r#"{{"id":"{longest}"}}"#),
            &contribution(&longest, &longest, "2024-01-01", "5.00"),
        ),
        YEAR,
    )
    .unwrap();
    assert!(out.contains(&format!(r#""member":"{longest}""#)));

    let megabyte = "x".repeat(1 << 20);
    let member = validate_json(&ledger(
        &format!(r#"{{"id":"{megabyte}"}}"#),
        &contribution("c", "m", "2024-01-01", "5.00"),
    ));
    assert_eq!(member[0].code(), ErrorCode::InvalidMember);
    assert_eq!(member[0].path(), Some("members[0].id"));
    let entry = validate_json(&ledger(
        r#"{"id":"m"}"#,
        &contribution(&megabyte, "m", "2024-01-01", "5.00"),
    ));
    assert_eq!(entry[0].code(), ErrorCode::InvalidEntry);
    assert_eq!(entry[0].path(), Some("entries[0].id"));
    // One byte over: a multi-byte character counts its UTF-8 bytes.
    let over = format!("{}é", "x".repeat(MAX_ID_BYTES - 1));
    let kind = ledger(r#"{"id":"m"}"#, "").replace(r#""cash":{"#, &format!(r#""{over}":{{"#));
    assert_eq!(validate_json(&kind)[0].code(), ErrorCode::InvalidPolicy);
}

#[test]
fn more_members_than_the_limit_are_refused_before_anything_else() {
    use coshare::document::{Document, Member};
    use coshare::limits::MAX_MEMBERS;
    let mut doc = Document::from_json(&ledger("", "")).unwrap();
    doc.members = vec![
        Member {
            id: String::new(),
            name: None,
            note: None,
        };
        MAX_MEMBERS + 1
    ];
    let errors = doc.validate();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), ErrorCode::InvalidMember);
    assert_eq!(errors[0].path(), Some("members[10000000]"));
}

#[test]
fn steps_and_buckets_beyond_their_limits_are_refused() {
    use coshare::limits::{MAX_BUCKETS, MAX_STEP_POINTS};
    let steps = |n: usize| {
        let points: Vec<String> = (0..n).map(|i| format!(r#"["P{i}D","1"]"#)).collect();
        ledger(r#"{"id":"m"}"#, "").replace(
            r#"{"multiplier":"1"}"#,
            &format!(
                r#"{{"multiplier":"1","curve":{{"type":"steps","points":[{}]}}}}"#,
                points.join(",")
            ),
        )
    };
    assert!(validate_json(&steps(MAX_STEP_POINTS)).is_empty());
    assert_eq!(
        validate_json(&steps(MAX_STEP_POINTS + 1))[0].code(),
        ErrorCode::InvalidCurve
    );
    let buckets = |n: usize| {
        // Shares of 1/n would not sum to 1 exactly for every n: one takes the rest.
        let mut list: Vec<String> = (1..n)
            .map(|i| format!(r#"{{"name":"b{i}","share":"0.001"}}"#))
            .collect();
        let rest = format!("{}", 1000 - (n - 1));
        list.push(format!(
            r#"{{"name":"b0","share":"0.{rest:0>3}","kinds":["*"]}}"#
        ));
        ledger(r#"{"id":"m"}"#, "").replace(
            r#"}}}]"#,
            &format!(
                r#"}}}},"distribution":{{"buckets":[{}]}}}}]"#,
                list.join(",")
            ),
        )
    };
    assert!(
        validate_json(&buckets(MAX_BUCKETS)).is_empty(),
        "{:?}",
        validate_json(&buckets(MAX_BUCKETS))
    );
    let over = validate_json(&buckets(MAX_BUCKETS + 1));
    assert_eq!(over[0].code(), ErrorCode::InvalidShares);
    assert_eq!(over[0].path(), Some("policies[0].distribution.buckets"));
}

/// Memory and time grow with the input, not with products of its parts:
/// each case below multiplied two large parts before (members × kinds
/// cells per split, policies × buckets × kinds when resolving inherited
/// distributions, kinds looked up by scanning, repayments re-summed per
/// change), which ran out of memory or for hours.
#[test]
fn large_parts_do_not_multiply() {
    let kinds: Vec<String> = (0..5_000)
        .map(|k| format!(r#""k{k:05}":{{"multiplier":"1"}}"#))
        .collect();
    let listed: Vec<String> = (0..5_000)
        .step_by(2)
        .map(|k| format!(r#""k{k:05}""#))
        .collect();
    let mut policies = vec![format!(
        r#"{{"effective":"2000-01-01","kinds":{{{}}},"departures":{{"left":{{"default":"0.5"}}}},"distribution":{{"buckets":[{{"name":"even","share":"0.5","kinds":[{}]}},{{"name":"all","share":"0.5","kinds":["*"]}}]}}}}"#,
        kinds.join(","),
        listed.join(",")
    )];
    for y in 2001..2050 {
        policies.push(format!(
            r#"{{"effective":"{y}-01-01","kinds":{{{}}}}}"#,
            kinds.join(",")
        ));
    }
    let members: Vec<String> = (0..200_000)
        .map(|i| format!(r#"{{"id":"m{i:06}"}}"#))
        .collect();
    let mut entries: Vec<String> = (0..5_000)
        .map(|i| {
            format!(
                r#"{{"type":"contribution","id":"c{i:05}","member":"m{:06}","date":"2024-01-01","kind":"k{:05}","value":"10.00"}}"#,
                i * 10,
                4_999 - i
            )
        })
        .collect();
    entries.push(
        r#"{"type":"departure","id":"d","member":"m000000","date":"2024-06-30","reason":"left"}"#
            .into(),
    );
    let doc = format!(
        r#"{{"currency":{{"code":"EUR","scale":2}},"policies":[{}],"members":[{}],"entries":[{}]}}"#,
        policies.join(","),
        members.join(","),
        entries.join(",")
    );
    let ledger = Ledger::from_json(&doc).unwrap();
    let request = coshare::Request::from_json(YEAR).unwrap();
    let split = ledger.split(&request).unwrap();
    assert_eq!(split.members.len(), 5_000);
    // Member m000000 holds k04999 (odd: pool "all" only) and keeps half
    // its 10 units after leaving on 2024-06-30: 5 × 365 unit-days.
    let first = split.member("m000000").unwrap();
    assert_eq!(first.pools.len(), 1);
    assert_eq!(first.pools[0].basis.to_string(), "1825.0000000000000");
    let second = split.member("m000010").unwrap();
    assert_eq!(second.pools.len(), 2, "k04998 is even: in both pools");
    let shares = ledger.shares(coshare::Date::parse("2025-06-30").unwrap());
    assert_eq!(shares.members.len(), 5_000);
    let many = ledger.split_many(&[request.clone(), request]).unwrap();
    assert_eq!(many[0], split);

    // A loan repaid 100,000 times.
    let mut entries = vec![r#"{"type":"contribution","id":"loan","member":"m","date":"2024-01-01","kind":"cash","value":"100000.00"}"#.to_string()];
    for i in 0..100_000 {
        entries.push(format!(
            r#"{{"type":"repayment","id":"r{i:06}","loan":"loan","date":"{}","amount":"0.50"}}"#,
            coshare::Date::parse("2024-01-01")
                .unwrap()
                .plus_days(i % 300)
        ));
    }
    let doc = ledger_with(r#"{"id":"m"}"#, &entries.join(",")).replace(
        r#""multiplier":"1"}"#,
        r#""multiplier":"1","repayable":true}"#,
    );
    let loan = Ledger::from_json(&doc).unwrap();
    let out = loan
        .split(&coshare::Request::from_json(YEAR).unwrap())
        .unwrap();
    // 50,000.00 of 100,000.00 repaid by 2025: half the units remain all year.
    assert_eq!(
        out.members[0].pools[0].basis.to_string(),
        "18250000.0000000000000"
    );
}

fn ledger_with(members: &str, entries: &str) -> String {
    ledger(members, entries)
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

#[test]
fn invalid_curves_are_refused_before_anything_computes_with_them() {
    // The builder compiles contributions before the invalid policy is
    // reported: their curves must not be computed with a rate outside
    // (0, 1] (a rate of 5.5 once overflowed a step table; a fuzz finding).
    for rate in ["5.5", "1.000000001", "-0.5", "0", "999999999999999"] {
        let policy = format!(
            r#"{{"effective":"2024-01-01","kinds":{{"g":{{"multiplier":"0","curve":{{"type":"geometric","rate":"{rate}","every":"P1D"}}}},"flat":{{"multiplier":"1"}}}}}}"#
        );
        let doc = format!(
            r#"{{"currency":{{"code":"USD","scale":2}},"policies":[{policy}],"members":[{{"id":"a"}}],"entries":[
            {{"type":"contribution","id":"c1","member":"a","date":"2024-01-01","kind":"g","value":"1000.00"}},
            {{"type":"contribution","id":"c2","member":"a","date":"2024-01-01","kind":"flat","value":"1000.00"}}]}}"#
        );
        let error = Ledger::from_json(&doc).expect_err(rate);
        assert_eq!(error.code(), ErrorCode::InvalidCurve, "{rate}: {error}");
        assert_eq!(
            code(split_json(&doc, YEAR)),
            ErrorCode::InvalidCurve,
            "{rate}"
        );
    }
}
