//! The `serde` feature over every shared vector: results serialize to their
//! canonical bytes, documents deserialize to what the own reader reads (or
//! an error of the same code), and documents written back read the same.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::json::{self, Value};
use coshare::{Date, Dec, Document, Duration, ErrorCode, Fixed, JournalAccounts, Ledger, Request};
use std::path::{Path, PathBuf};

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn vectors() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    vector_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors"),
        &mut files,
    );
    files
        .into_iter()
        .map(|p| {
            let v = json::parse(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (p, v)
        })
        .collect()
}

fn text_of(case: &Value, object_key: &str, text_key: &str) -> Option<String> {
    match (case.get(object_key), case.get(text_key)) {
        (Some(v), _) => Some(v.to_json()),
        (None, Some(Value::String(s))) => Some(s.clone()),
        _ => None,
    }
}

/// serde_json without its own depth limit: the reader's (128) applies.
fn from_serde<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value = T::deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// The coshare code a serde error message carries (`... (code) at line ...`).
fn code_in(message: &str) -> Option<ErrorCode> {
    ErrorCode::ALL
        .iter()
        .copied()
        .find(|c| message.contains(&format!("({})", c.as_str())))
}

#[test]
fn deserializing_a_ledger_gives_the_document_or_the_code_of_the_own_reader() {
    let mut compared = 0;
    for (path, case) in vectors() {
        for (object, text) in [("ledger", "ledger_text"), ("request", "request_text")] {
            let Some(text) = text_of(&case, object, text) else {
                continue;
            };
            let (own, serde) = if object == "ledger" {
                (
                    Document::from_json(&text).map(|d| d.to_json()),
                    from_serde::<Document>(&text).map(|d| d.to_json()),
                )
            } else {
                (
                    Request::from_json(&text).map(|r| r.to_json()),
                    from_serde::<Request>(&text).map(|r| r.to_json()),
                )
            };
            match (own, serde) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
                (Err(e), Err(message)) => {
                    // serde_json refuses malformed text itself, without a coshare code.
                    let expected = code_in(&message).unwrap_or(ErrorCode::InvalidJson);
                    assert_eq!(e.code(), expected, "{}: {message}", path.display());
                }
                (own, serde) => panic!("{}: own {own:?}, serde {serde:?}", path.display()),
            }
            compared += 1;
        }
    }
    assert!(compared > 600, "{compared}");
}

#[test]
fn every_result_serializes_to_its_canonical_bytes() {
    let mut compared = 0;
    for (path, case) in vectors() {
        let Some(text) = text_of(&case, "ledger", "ledger_text") else {
            continue;
        };
        let Ok(ledger) = Ledger::from_json(&text) else {
            continue;
        };
        let args = case.get("args");
        let arg = |k: &str| match args.and_then(|a| a.get(k)) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let date = |k: &str| Date::parse(&arg(k));
        let query = match case.get("query") {
            Some(Value::String(q)) => q.as_str(),
            _ => "split",
        };
        let pair: Option<(String, String)> = match query {
            "split" => text_of(&case, "request", "request_text")
                .and_then(|r| Request::from_json(&r).ok())
                .and_then(|r| ledger.split(&r).ok())
                .map(|s| (serde_json::to_string(&s).unwrap(), s.to_json())),
            "validate" => {
                let v = coshare::Validation::of_json(&text);
                Some((serde_json::to_string(&v).unwrap(), v.to_json()))
            }
            "close" => args
                .and_then(|a| a.get("request"))
                .and_then(|r| Request::from_value(r).ok())
                .and_then(|r| ledger.close_on(&r, &arg("id"), &arg("date")).ok())
                .map(|c| (serde_json::to_string(&c).unwrap(), c.to_json())),
            "accounts" => date("at").ok().map(|at| {
                let a = ledger.accounts(at);
                (serde_json::to_string(&a).unwrap(), a.to_json())
            }),
            "statement" => match (date("start"), date("end")) {
                (Ok(s), Ok(e)) => ledger
                    .statement(&arg("member"), s, e)
                    .ok()
                    .map(|st| (serde_json::to_string(&st).unwrap(), st.to_json())),
                _ => None,
            },
            "notices" => ledger
                .notices(&arg("allocation"))
                .ok()
                .map(|n| (serde_json::to_string(&n).unwrap(), n.to_json())),
            "journal" => match (date("start"), date("end")) {
                (Ok(s), Ok(e)) => ledger
                    .journal(s, e, &JournalAccounts::default())
                    .ok()
                    .map(|j| (serde_json::to_string(&j).unwrap(), j.to_json())),
                _ => None,
            },
            _ => None,
        };
        if let Some((serde, canonical)) = pair {
            assert_eq!(serde, canonical, "{}", path.display());
            compared += 1;
        }
    }
    assert!(compared > 150, "{compared}");
}

#[test]
fn documents_written_back_read_the_same() {
    let mut compared = 0;
    for (path, case) in vectors() {
        let Some(text) = text_of(&case, "ledger", "ledger_text") else {
            continue;
        };
        let Ok(doc) = Document::from_json(&text) else {
            continue;
        };
        let written = doc.to_json();
        assert_eq!(
            Document::from_json(&written).as_ref(),
            Ok(&doc),
            "{}",
            path.display()
        );
        let through_serde: Document =
            serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
        assert_eq!(through_serde, doc, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 300, "{compared}");
}

#[test]
fn values_serialize_as_the_text_documents_hold() {
    let dec: Dec = serde_json::from_str("\"1.50\"").unwrap();
    assert_eq!(serde_json::to_string(&dec).unwrap(), "\"1.5\"");
    assert!(serde_json::from_str::<Dec>("\"1e3\"")
        .unwrap_err()
        .to_string()
        .contains("invalid_number"));
    let date: Date = serde_json::from_str("\"2024-02-29\"").unwrap();
    assert_eq!(serde_json::to_string(&date).unwrap(), "\"2024-02-29\"");
    assert!(serde_json::from_str::<Date>("\"2025-02-29\"").is_err());
    let every: Duration = serde_json::from_str("\"P1Y6M\"").unwrap();
    assert_eq!(serde_json::to_string(&every).unwrap(), "\"P1Y6M\"");
    assert_eq!(
        serde_json::to_string(&Fixed::new(150, 2)).unwrap(),
        "\"1.50\""
    );
    assert_eq!(
        serde_json::to_string(&coshare::Basis::Snapshot).unwrap(),
        "\"snapshot\""
    );
    let e = coshare::Error::new(ErrorCode::UnknownMember, "who?").with_entry("c1");
    let text = serde_json::to_string(&e).unwrap();
    assert_eq!(
        text,
        r#"{"code":"unknown_member","message":"who?","entry":"c1","path":null}"#
    );
    assert_eq!(serde_json::from_str::<coshare::Error>(&text).unwrap(), e);
}
