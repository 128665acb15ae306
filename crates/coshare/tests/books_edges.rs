//! Edges of the books that the shared vectors do not reach: limits on
//! names, the journal's account names, beancount names that would merge.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::pedantic,
    missing_docs
)]

use coshare::{Date, ErrorCode, JournalAccounts, Ledger};

fn ledger_with(reserve: &str, member: &str) -> String {
    format!(
        r#"{{"currency":{{"code":"EUR","scale":2}},
  "policies":[{{"effective":"2024-01-01","kinds":{{"labor":{{"multiplier":"1"}},"buyin":{{"multiplier":"0","capital":true}}}}}}],
  "members":[{{"id":"{member}"}},{{"id":"Ana"}}],
  "entries":[
    {{"type":"contribution","id":"c1","member":"{member}","date":"2024-01-01","kind":"labor","value":"100.00"}},
    {{"type":"contribution","id":"b1","member":"{member}","date":"2024-01-01","kind":"buyin","value":"50.00"}},
    {{"type":"contribution","id":"b2","member":"Ana","date":"2024-01-01","kind":"buyin","value":"50.00"}},
    {{"type":"allocation","id":"fy","date":"2025-01-15","period":{{"start":"2024-01-01","end":"2024-12-31"}},
     "amount":"10.00","reserves":{{"{reserve}":"0.00"}},
     "members":{{"{member}":{{"allocated":"10.00","cash":"10.00","retained":"0.00"}}}}}}]}}"#
    )
}

#[test]
fn a_reserve_name_longer_than_an_id_is_invalid_entry() {
    assert!(Ledger::from_json(&ledger_with("reserve", "ana")).is_ok());
    let long = "r".repeat(coshare::limits::MAX_ID_BYTES + 1);
    let e = Ledger::from_json(&ledger_with(&long, "ana")).unwrap_err();
    assert_eq!((e.code(), e.entry()), (ErrorCode::InvalidEntry, Some("fy")));
}

#[test]
fn journal_accounts_are_named_and_their_kinds_defined() {
    let ledger = Ledger::from_json(&ledger_with("reserve", "ana")).unwrap();
    let (start, end) = (
        Date::parse("2024-01-01").unwrap(),
        Date::parse("2025-12-31").unwrap(),
    );
    let journal =
        |text: &str| ledger.journal(start, end, &JournalAccounts::from_json(text).unwrap());
    assert!(journal(r#"{"cash":"Assets:Bank","kinds":{"buyin":"Assets:Bank:Capital"}}"#).is_ok());
    for bad in [
        r#"{"cash":" "}"#,
        r#"{"kinds":{"gold":"Assets:Gold"}}"#,
        r#"{"kinds":{"buyin":""}}"#,
    ] {
        assert_eq!(
            journal(bad).unwrap_err().code(),
            ErrorCode::InvalidRequest,
            "{bad}"
        );
    }
    assert_eq!(
        JournalAccounts::from_json(r#"{"cahs":"x"}"#)
            .unwrap_err()
            .code(),
        ErrorCode::UnknownField
    );
    assert_eq!(
        JournalAccounts::from_json(r#"{"cash":1}"#)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidJson
    );
}

#[test]
fn beancount_never_merges_two_capital_accounts() {
    // "ana" and "Ana" would both be written Equity:Capital:Ana.
    let ledger = Ledger::from_json(&ledger_with("reserve", "ana")).unwrap();
    let (start, end) = (
        Date::parse("2024-01-01").unwrap(),
        Date::parse("2025-12-31").unwrap(),
    );
    let text = ledger
        .journal(start, end, &JournalAccounts::default())
        .unwrap()
        .to_beancount("EUR");
    assert!(text.contains("open Equity:Capital:Ana EUR"), "{text}");
    assert!(text.contains("open Equity:Capital:Ana-2 EUR"), "{text}");
    assert!(
        text.contains("; account \"Equity:Capital:ana\" is written Equity:Capital:Ana-2"),
        "{text}"
    );
}

#[test]
fn a_list_of_requests_names_the_request_of_each_error() {
    let list = |text: &str| coshare::read_requests(&coshare::json::parse(text).unwrap());
    let ok =
        list(r#"[{"period":{"start":"2024-01-01","end":"2024-12-31"},"amount":"1"}]"#).unwrap();
    assert_eq!(ok.len(), 1);
    let e = list(
        r#"[{"period":{"start":"2024-01-01","end":"2024-12-31"},"amount":"1"},
                     {"period":{"start":"2024-01-01","end":"2024-13-31"},"amount":"1"}]"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidDate, Some("requests[1].period.end"))
    );
    let e =
        list(r#"[{"period":{"start":"2024-12-31","end":"2024-01-01"},"amount":"1"}]"#).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidPeriod, Some("requests[0].period"))
    );
    assert!(
        e.message().starts_with("requests[0].period: "),
        "{}",
        e.message()
    );
    let e = list(
        r#"[{"period":{"start":"2024-01-01","end":"2024-12-31"},"amount":"1","basis":"weekly"}]"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidRequest, Some("requests[0].basis"))
    );
    let e = list("[5]").unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::InvalidJson, Some("requests[0]"))
    );
    // A request alone keeps its own paths.
    let e = coshare::Request::from_json(
        r#"{"period":{"start":"2024-12-31","end":"2024-01-01"},"amount":"1"}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("period"));
}
