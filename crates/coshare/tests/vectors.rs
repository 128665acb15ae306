//! Runs every shared vector of `testdata/vectors/` (the same files the
//! Python and JavaScript suites run): a ledger, optional contributions CSV
//! and a request, with either the exact result document or an error code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::json::{self, Value};
use coshare::{Document, Ledger, Request};
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

fn vectors_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors")
}

/// Every vector file under `testdata/vectors`, in path order.
fn all_vectors() -> Vec<PathBuf> {
    let mut files = Vec::new();
    vector_files(&vectors_root(), &mut files);
    files
}

fn text_of(case: &Value, object_key: &str, text_key: &str) -> Option<String> {
    match (case.get(object_key), case.get(text_key)) {
        (Some(v), _) => Some(v.to_json()),
        (None, Some(Value::String(s))) => Some(s.clone()),
        _ => None,
    }
}

/// Runs one case: the result document or the first error.
fn run(case: &Value) -> Result<String, coshare::Error> {
    let ledger = text_of(case, "ledger", "ledger_text").expect("a vector needs a ledger");
    let mut doc = Document::from_json(&ledger)?;
    if let Some(Value::String(csv)) = case.get("contributions_csv") {
        doc.add_contributions_csv(csv)?;
    }
    let ledger = Ledger::new(doc)?;
    let request = text_of(case, "request", "request_text").expect("a vector needs a request");
    Ok(ledger.split(&Request::from_json(&request)?)?.to_json())
}

#[test]
fn every_shared_vector_gives_its_exact_result_or_error() {
    let files = all_vectors();
    assert!(
        files.len() >= 60,
        "expected at least 60 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(vectors_root())
            .unwrap()
            .display()
            .to_string();
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = run(&case);
        match (case.get("expected"), case.get("error"), &got) {
            (Some(expected), None, Ok(doc)) if expected.to_json() == *doc => {}
            (None, Some(err), Err(e)) => {
                let code = err.get("code").and_then(|c| {
                    if let Value::String(s) = c {
                        Some(s.as_str())
                    } else {
                        None
                    }
                });
                let entry = err.get("entry").and_then(|c| {
                    if let Value::String(s) = c {
                        Some(s.as_str())
                    } else {
                        None
                    }
                });
                if code != Some(e.code().as_str()) || (entry.is_some() && entry != e.entry()) {
                    failures.push(format!("{name}: expected error {code:?} (entry {entry:?}), got {} (entry {:?}): {}", e.code(), e.entry(), e.message()));
                }
            }
            (None, None, _) => {
                failures.push(format!("{name}: has neither \"expected\" nor \"error\""))
            }
            (_, _, Ok(doc)) => failures.push(format!("{name}: got {doc}")),
            (_, _, Err(e)) => failures.push(format!(
                "{name}: unexpected error {}: {}",
                e.code(),
                e.message()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_error_code_is_produced_by_at_least_one_vector() {
    let files = all_vectors();
    let mut seen = std::collections::BTreeSet::new();
    for path in &files {
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        if case.get("error").is_some() {
            if let Err(e) = run(&case) {
                seen.insert(e.code());
            }
        }
    }
    let missing: Vec<&str> = coshare::ErrorCode::ALL
        .iter()
        .filter(|c| !seen.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "no vector produces {missing:?}");
}

/// Reading in place (`Document::from_json`, `Request::from_json`) and
/// reading a parsed tree (`from_value`) give the same document or the same
/// error, on every vector's text, laid out compactly and spread out.
#[test]
fn reading_in_place_equals_reading_a_parsed_tree() {
    let files = all_vectors();
    let mut compared = 0;
    for path in &files {
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let texts = [
            text_of(&case, "ledger", "ledger_text"),
            text_of(&case, "request", "request_text"),
        ];
        for text in texts.into_iter().flatten() {
            let spread = text
                .replace(',', " ,\n\t")
                .replace(':', " : ")
                .replace('{', "{ ");
            for t in [&text, &spread] {
                let tree = json::parse(t);
                let document = tree.clone().and_then(|v| Document::from_value(&v));
                assert_eq!(Document::from_json(t), document, "{}: {t}", path.display());
                let request = tree.and_then(|v| Request::from_value(&v));
                assert_eq!(Request::from_json(t), request, "{}: {t}", path.display());
                compared += 1;
            }
        }
    }
    assert!(compared > 600, "{compared}");
}

/// `Ledger::from_json` and `validate_json` stream the entries from the text
/// into a `LedgerBuilder`; over a whole `Document` the errors are the same.
#[test]
fn streaming_entries_equals_checking_a_whole_document() {
    let files = all_vectors();
    let mut compared = 0;
    for path in &files {
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let Some(text) = text_of(&case, "ledger", "ledger_text") else {
            continue;
        };
        let whole = Document::from_json(&text);
        let listed = coshare::validate_json(&text);
        match &whole {
            Ok(doc) => assert_eq!(listed, doc.validate(), "{}", path.display()),
            Err(e) => assert_eq!(listed, vec![e.clone()], "{}", path.display()),
        }
        let streamed = Ledger::from_json(&text).map(|l| l.members().to_vec());
        let checked = whole.and_then(Ledger::new).map(|l| l.members().to_vec());
        assert_eq!(streamed, checked, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 300, "{compared}");
}
