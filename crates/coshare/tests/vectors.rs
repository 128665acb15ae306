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
    let dir = std::env::var("COSHARE_VECTORS").unwrap_or_else(|_| "testdata/vectors".into());
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir)
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

fn text_arg<'a>(args: Option<&'a Value>, key: &str) -> Result<&'a str, coshare::Error> {
    match args.and_then(|a| a.get(key)) {
        Some(Value::String(s)) => Ok(s),
        _ => Err(coshare::Error::new(
            coshare::ErrorCode::InvalidRequest,
            format!("the argument {key} must be a string"),
        )),
    }
}

fn date_arg(args: Option<&Value>, key: &str) -> Result<coshare::Date, coshare::Error> {
    Ok(coshare::Date::parse(text_arg(args, key)?)?)
}

/// The validation document reduced to what vectors hold: codes and entries.
fn validation_summary(v: &coshare::Validation) -> String {
    let mut w = json::Writer::new();
    w.begin_object();
    w.key("valid");
    w.raw(if v.is_valid() { "true" } else { "false" });
    w.key("errors");
    w.begin_array();
    for e in &v.errors {
        w.begin_object();
        w.field_str("code", e.code().as_str());
        w.key("entry");
        w.opt_str(e.entry());
        w.end_object();
    }
    w.end_array();
    w.key("warnings");
    w.begin_array();
    // The vectors hold the format's warnings; coshare's own come after them.
    let first_own = v.warnings.iter().position(|x| !x.code.is_spec());
    let own = &v.warnings[first_own.unwrap_or(v.warnings.len())..];
    assert!(own.iter().all(|x| !x.code.is_spec()), "{:?}", v.warnings);
    for x in v.warnings.iter().filter(|x| x.code.is_spec()) {
        w.begin_object();
        w.field_str("code", x.code.as_str());
        w.key("entry");
        w.opt_str(x.entry.as_deref());
        w.key("kind");
        w.opt_str(x.kind.as_deref());
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

/// Runs one case: the result document or the first error. `query` names
/// the query (`split` when absent), `args` its arguments.
fn run(case: &Value) -> Result<String, coshare::Error> {
    let ledger = text_of(case, "ledger", "ledger_text").expect("a vector needs a ledger");
    let query = match case.get("query") {
        Some(Value::String(q)) => q.as_str(),
        _ => "split",
    };
    let args = case.get("args");
    if query == "validate" {
        let validation = match case.get("contributions_csv") {
            Some(Value::String(csv)) => match Document::from_json(&ledger) {
                Ok(mut doc) => match doc.add_contributions_csv(csv) {
                    Ok(()) => coshare::Validation::of_document(&doc),
                    Err(e) => coshare::Validation {
                        errors: vec![e],
                        warnings: vec![],
                    },
                },
                Err(_) => coshare::Validation::of_json(&ledger),
            },
            _ => coshare::Validation::of_json(&ledger),
        };
        return Ok(validation_summary(&validation));
    }
    let mut doc = Document::from_json(&ledger)?;
    if let Some(Value::String(csv)) = case.get("contributions_csv") {
        doc.add_contributions_csv(csv)?;
    }
    let ledger = Ledger::new(doc)?;
    match query {
        "split" => {
            let request =
                text_of(case, "request", "request_text").expect("a vector needs a request");
            Ok(ledger.split(&Request::from_json(&request)?)?.to_json())
        }
        "close" => {
            let request = match args.and_then(|a| a.get("request")) {
                Some(r) => Request::from_value(r)?,
                None => {
                    return Err(coshare::Error::new(
                        coshare::ErrorCode::InvalidRequest,
                        "no request",
                    ))
                }
            };
            let id = text_arg(args, "id")?;
            let date = text_arg(args, "date")?;
            Ok(ledger.close_on(&request, id, date)?.to_json())
        }
        "accounts" => Ok(ledger.accounts(date_arg(args, "at")?).to_json()),
        "statement" => {
            let (start, end) = (date_arg(args, "start")?, date_arg(args, "end")?);
            Ok(ledger
                .statement(text_arg(args, "member")?, start, end)?
                .to_json())
        }
        "notices" => Ok(ledger.notices(text_arg(args, "allocation")?)?.to_json()),
        "journal" => {
            let (start, end) = (date_arg(args, "start")?, date_arg(args, "end")?);
            Ok(ledger
                .journal(start, end, &coshare::JournalAccounts::default())?
                .to_json())
        }
        other => panic!("unknown query {other:?}"),
    }
}

/// A result equals its vector's `expected` byte for byte, except that in a
/// validation an error's `"entry": null` matches any entry (the reference
/// names none for reading errors; coshare names the entry being read).
fn same_result(expected: &Value, got: &str) -> bool {
    if expected.to_json() == got {
        return true;
    }
    let (Some(Value::Array(want)), Ok(got)) = (expected.get("errors"), json::parse(got)) else {
        return false;
    };
    let Some(Value::Array(have)) = got.get("errors") else {
        return false;
    };
    let errors_match = want.len() == have.len()
        && want.iter().zip(have).all(|(w, h)| {
            w.get("code") == h.get("code")
                && (w.get("entry") == Some(&Value::Null) || w.get("entry") == h.get("entry"))
        });
    errors_match
        && expected.get("valid") == got.get("valid")
        && expected.get("warnings") == got.get("warnings")
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
            (Some(expected), None, Ok(doc)) if same_result(expected, doc) => {}
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
            // validate lists every reading error, the first one first.
            Err(e) => assert_eq!(listed.first(), Some(e), "{}", path.display()),
        }
        let streamed = Ledger::from_json(&text).map(|l| l.members().to_vec());
        let checked = whole.and_then(Ledger::new).map(|l| l.members().to_vec());
        assert_eq!(streamed, checked, "{}", path.display());
        compared += 1;
    }
    assert!(compared > 300, "{compared}");
}

/// A source that gives at most `step` bytes a read and counts what it gave.
struct Trickle {
    inner: std::io::Cursor<Vec<u8>>,
    step: usize,
    given: usize,
}

impl std::io::Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step);
        let got = self.inner.read(&mut buf[..n])?;
        self.given += got;
        Ok(got)
    }
}

impl std::io::Seek for Trickle {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// `Ledger::from_json_reader` (piece by piece, docs/format.md "Reading
/// large files") gives what `Ledger::from_json` gives on every vector's
/// ledger and the examples, whatever sizes the reads come in; a valid
/// ledger laid out header first is read in one pass, never whole.
#[test]
fn reading_a_ledger_piece_by_piece_equals_reading_its_text() {
    use std::io::Read as _;
    let mut texts: Vec<(String, String)> = Vec::new();
    for path in &all_vectors() {
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        if let Some(text) = text_of(&case, "ledger", "ledger_text") {
            texts.push((path.display().to_string(), text));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for name in ["examples/coop.json", "testdata/worked_example.json"] {
        texts.push((
            name.into(),
            std::fs::read_to_string(root.join(name)).unwrap(),
        ));
    }
    // What a ledger answers: its members, kinds, shares and warnings.
    let answers = |l: &Ledger| {
        let day = coshare::Date::parse("2024-06-30").unwrap();
        (
            l.members().to_vec(),
            l.kinds().to_vec(),
            l.shares(day).to_json(),
            l.warnings(),
        )
    };
    let (mut single_pass, mut valid, mut twice) = (0, 0, Vec::new());
    for (name, text) in &texts {
        // Read as a document, then checked: the route that takes neither
        // the piece-by-piece pass nor its fast path for flat entries.
        let whole = coshare::Document::from_json(text)
            .and_then(Ledger::new)
            .map(|l| answers(&l));
        assert_eq!(
            Ledger::from_json(text).map(|l| answers(&l)),
            whole,
            "{name}, from its text"
        );
        for step in [1, 7, 4096, usize::MAX] {
            let mut source = Trickle {
                inner: std::io::Cursor::new(text.clone().into_bytes()),
                step,
                given: 0,
            };
            let read = Ledger::from_json_reader(&mut source).unwrap();
            let ok = read.is_ok();
            assert_eq!(
                read.map(|l| answers(&l)),
                whole,
                "{name}, reads of {step} bytes"
            );
            let mut rest = Vec::new();
            source.inner.read_to_end(&mut rest).unwrap();
            assert!(rest.is_empty(), "{name}: the source is read to its end");
            if ok && step == 7 {
                valid += 1;
                if source.given == text.len() {
                    single_pass += 1;
                } else {
                    twice.push(name.clone());
                }
            }
        }
    }
    // Every valid ledger is read in one pass.
    assert_eq!(single_pass, valid, "read twice: {twice:?}");
    assert!(valid > 200, "{valid}");
}
