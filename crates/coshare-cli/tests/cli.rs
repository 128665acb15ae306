//! The `coshare` command end to end: every shared vector, exit statuses,
//! error documents, CSV contributions and the presets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::json::{self, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn coshare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coshare"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("coshare-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn vectors(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            vectors(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn text_of(case: &Value, object_key: &str, text_key: &str) -> String {
    match (case.get(object_key), case.get(text_key)) {
        (Some(v), _) => v.to_json(),
        (None, Some(Value::String(s))) => s.clone(),
        _ => panic!("vector without {object_key}"),
    }
}

/// A string argument of a vector's query.
fn arg(case: &Value, key: &str) -> String {
    match case.get("args").and_then(|a| a.get(key)) {
        Some(Value::String(s)) => s.clone(),
        other => panic!("argument {key}: {other:?}"),
    }
}

/// A validation document reduced to what vectors hold (codes, entries, kinds).
fn validation_summary(doc: &Value) -> Value {
    let reduce = |key: &str, fields: &[&str]| {
        let Some(Value::Array(items)) = doc.get(key) else {
            return Value::Null;
        };
        Value::Array(
            items
                .iter()
                .map(|item| {
                    Value::Object(
                        fields
                            .iter()
                            .map(|f| (f.to_string(), item.get(f).cloned().unwrap_or(Value::Null)))
                            .collect(),
                    )
                })
                .collect(),
        )
    };
    Value::Object(vec![
        (
            "valid".into(),
            doc.get("valid").cloned().unwrap_or(Value::Null),
        ),
        ("errors".into(), reduce("errors", &["code", "entry"])),
        (
            "warnings".into(),
            spec_warnings(reduce("warnings", &["code", "entry", "kind"])),
        ),
    ])
}

/// The format's own warnings of a list, the ones vectors hold, checking that
/// coshare's own codes come after all of them (docs/format.md, "Errors": "others of your
/// own, with codes of your own, after these").
fn spec_warnings(list: Value) -> Value {
    let Value::Array(items) = list else {
        return list;
    };
    let spec = |w: &Value| {
        let Some(Value::String(code)) = w.get("code") else {
            return false;
        };
        code.parse::<coshare::WarningCode>()
            .is_ok_and(|c| c.is_spec())
    };
    let first_own = items.iter().position(|w| !spec(w)).unwrap_or(items.len());
    assert!(
        items.iter().skip(first_own).all(|w| !spec(w)),
        "a format warning after one of coshare's own: {items:?}"
    );
    Value::Array(items.into_iter().filter(|w| spec(w)).collect())
}

/// Whether a validation matches its vector: an expected `"entry": null`
/// of an error matches any entry (the reference names none for reading
/// errors; coshare names the entry being read).
fn same_validation(expected: &Value, got: &Value) -> bool {
    let items = |v: &Value, key: &str| match v.get(key) {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    let (want, have) = (items(expected, "errors"), items(got, "errors"));
    want.len() == have.len()
        && want.iter().zip(&have).all(|(w, h)| {
            w.get("code") == h.get("code")
                && (w.get("entry") == Some(&Value::Null) || w.get("entry") == h.get("entry"))
        })
        && expected.get("valid") == got.get("valid")
        && expected.get("warnings") == got.get("warnings")
}

#[test]
fn every_shared_vector_gives_its_result_and_exit_status() {
    let mut files = Vec::new();
    vectors(&root().join("testdata/vectors"), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let case = json::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let ledger = scratch(
            &format!("v{i}-ledger.json"),
            &text_of(&case, "ledger", "ledger_text"),
        );
        let query = match case.get("query") {
            Some(Value::String(q)) => q.clone(),
            _ => "split".to_string(),
        };
        let mut args: Vec<String> = vec![query.clone(), ledger.clone()];
        let flag = |args: &mut Vec<String>, name: &str, value: String| {
            args.push(format!("--{name}"));
            args.push(value);
        };
        match query.as_str() {
            "split" => {
                let request = scratch(
                    &format!("v{i}-request.json"),
                    &text_of(&case, "request", "request_text"),
                );
                flag(&mut args, "request", request);
            }
            "validate" => {}
            "close" => {
                let request = case.get("args").and_then(|a| a.get("request")).unwrap();
                let request = scratch(&format!("v{i}-request.json"), &request.to_json());
                flag(&mut args, "request", request);
                flag(&mut args, "id", arg(&case, "id"));
                flag(&mut args, "date", arg(&case, "date"));
            }
            "accounts" => flag(&mut args, "at", arg(&case, "at")),
            "statement" | "journal" => {
                if query == "statement" {
                    flag(&mut args, "member", arg(&case, "member"));
                }
                flag(&mut args, "start", arg(&case, "start"));
                flag(&mut args, "end", arg(&case, "end"));
            }
            "notices" => flag(&mut args, "allocation", arg(&case, "allocation")),
            other => panic!("unknown query {other}"),
        }
        if let Some(Value::String(text)) = case.get("contributions_csv") {
            flag(
                &mut args,
                "contributions",
                scratch(&format!("v{i}.csv"), text),
            );
        }
        args.extend(["--format".to_string(), "json".to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = coshare(&args);
        let name = path.display();
        match (case.get("expected"), case.get("error")) {
            (Some(expected), _) if query == "validate" => {
                let valid = expected.get("valid") == Some(&Value::Bool(true));
                let got = json::parse(stdout(&out).trim()).map(|d| validation_summary(&d));
                let status = if valid { Some(0) } else { Some(2) };
                if out.status.code() != status
                    || !got.as_ref().is_ok_and(|g| same_validation(expected, g))
                {
                    failures.push(format!(
                        "{name}: status {:?}, stdout {}",
                        out.status.code(),
                        stdout(&out)
                    ));
                }
            }
            (Some(expected), _) => {
                if query == "split" {
                    // The CSV holds everything the JSON document holds.
                    let mut csv_args = args.clone();
                    let n = csv_args.len();
                    csv_args[n - 1] = "csv";
                    let csv = stdout(&coshare(&csv_args));
                    let rebuilt = split_json_from_csv(&csv);
                    if rebuilt != expected.to_json() {
                        failures.push(format!("{name}: CSV {csv} rebuilds as {rebuilt}"));
                    }
                }
                if out.status.code() != Some(0) || stdout(&out) != expected.to_json() + "\n" {
                    failures.push(format!(
                        "{name}: status {:?}, stdout {}, stderr {}",
                        out.status.code(),
                        stdout(&out),
                        stderr(&out)
                    ));
                }
            }
            (None, Some(error)) => {
                let reported = json::parse(stderr(&out).trim()).ok();
                let code = reported
                    .as_ref()
                    .and_then(|r| r.get("error"))
                    .and_then(|e| e.get("code"))
                    .cloned();
                if out.status.code() != Some(2) || code.as_ref() != error.get("code") {
                    failures.push(format!(
                        "{name}: status {:?}, stderr {}",
                        out.status.code(),
                        stderr(&out)
                    ));
                }
            }
            _ => failures.push(format!("{name}: no expectation")),
        }
    }
    assert!(files.len() >= 500, "{}", files.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn example_split_as_json_equals_the_library_result() {
    let out = coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ledger = std::fs::read_to_string(root().join("examples/coop.json")).unwrap();
    let request = std::fs::read_to_string(root().join("examples/fy2025.json")).unwrap();
    assert_eq!(
        stdout(&out),
        coshare::split_json(&ledger, &request).unwrap() + "\n"
    );
}

#[test]
fn flags_build_the_same_request_as_a_request_file() {
    let by_file = coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
        "--format",
        "csv",
    ]);
    let by_flags = coshare(&[
        "split",
        "examples/coop.json",
        "--start",
        "2025-01-01",
        "--end",
        "2025-12-31",
        "--amount",
        "120000.00",
        "--format",
        "csv",
    ]);
    assert_eq!(by_file.status.code(), Some(0));
    assert_eq!(stdout(&by_file), stdout(&by_flags));
    assert!(stdout(&by_file).starts_with("section,start,end,split_basis,"));
}

#[test]
fn invalid_input_exits_2_with_a_json_error_naming_code_and_entry() {
    let ledger = scratch(
        "bad.json",
        r#"{"currency":{"code":"EUR","scale":2},"policies":[{"effective":"2024-01-01","kinds":{"cash":{"multiplier":"1"}}}],
        "members":[{"id":"ann"}],"entries":[{"type":"contribution","id":"c1","member":"bob","date":"2024-02-01","kind":"cash","value":"1.00"}]}"#,
    );
    let out = coshare(&[
        "split",
        &ledger,
        "--start",
        "2024-01-01",
        "--end",
        "2024-12-31",
        "--amount",
        "10.00",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = json::parse(stderr(&out).trim()).unwrap();
    let err = err.get("error").unwrap();
    assert_eq!(
        err.get("code"),
        Some(&Value::String("unknown_member".into()))
    );
    assert_eq!(err.get("entry"), Some(&Value::String("c1".into())));
    let plain = coshare(&[
        "split",
        &ledger,
        "--start",
        "2024-01-01",
        "--end",
        "2024-12-31",
        "--amount",
        "10.00",
    ]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(
        stderr(&plain).contains("[unknown_member]") && stderr(&plain).lines().count() == 1,
        "{}",
        stderr(&plain)
    );
}

#[test]
fn an_unreadable_file_exits_1() {
    let out = coshare(&["validate", "no/such/ledger.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read"));
}

#[test]
fn a_bad_csv_row_is_reported_with_its_line_number() {
    let csv = scratch("hours.csv", "id,member,date,kind,value,hours,rate,paid,note\nh1,ana,2025-02-01,labor,,10,35.50,,\nh2,ana,2025-02-30,labor,,10,35.50,,\n");
    let out = coshare(&[
        "validate",
        "examples/coop.json",
        "--contributions",
        &csv,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("invalid_date") && stdout(&out).contains("line 3"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_example_ledger_and_its_csv_are_valid_and_split_in_a_table() {
    let out = coshare(&[
        "validate",
        "examples/coop.json",
        "--contributions",
        "examples/hours.csv",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let table = coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
    ]);
    let text = stdout(&table);
    assert!(
        text.contains("reserve") && text.contains("36000.00"),
        "{text}"
    );
}

#[test]
fn validate_lists_every_error_not_only_the_first() {
    let ledger = scratch(
        "two.json",
        r#"{"currency":{"code":"EUR","scale":2},"policies":[{"effective":"2024-01-01","kinds":{"cash":{"multiplier":"1"}}}],
        "members":[{"id":"ann"}],"entries":[
        {"type":"contribution","id":"a","member":"bob","date":"2024-02-01","kind":"cash","value":"1.00"},
        {"type":"contribution","id":"b","member":"ann","date":"2024-02-01","kind":"gold","value":"1.00"}]}"#,
    );
    let out = coshare(&["validate", &ledger, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("unknown_member,a,") && text.contains("unknown_kind,b,"),
        "{text}"
    );
}

#[test]
fn presets_are_valid_starting_ledgers() {
    for preset in ["worker-coop", "slicing-pie"] {
        let out = coshare(&["init", "--preset", preset]);
        assert_eq!(out.status.code(), Some(0));
        let path = scratch(&format!("{preset}.json"), &stdout(&out));
        let check = coshare(&["validate", &path]);
        assert_eq!(check.status.code(), Some(0), "{preset}: {}", stdout(&check));
    }
}

#[test]
fn shares_explain_and_curve_answer_in_json() {
    let shares = coshare(&[
        "shares",
        "examples/coop.json",
        "--at",
        "2025-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(shares.status.code(), Some(0), "{}", stderr(&shares));
    assert!(stdout(&shares).starts_with(r#"{"at":"2025-06-30","total":"#));
    let explain = coshare(&[
        "explain",
        "examples/coop.json",
        "--member",
        "ana",
        "--start",
        "2025-01-01",
        "--end",
        "2025-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    let curve = coshare(&[
        "curve",
        "examples/coop.json",
        "--from",
        "2023-01-01",
        "--to",
        "2025-12-31",
        "--every",
        "P3M",
        "--format",
        "csv",
    ]);
    assert_eq!(curve.status.code(), Some(0));
    // One table, long form: the header, then rows for each of the 12 dates.
    let text = stdout(&curve);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("date,section,pool,member,name,kind,live_units,share")
    );
    let mut dates: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    dates.dedup();
    assert_eq!(dates.len(), 12, "{dates:?}");
    let bad = coshare(&[
        "curve",
        "examples/coop.json",
        "--from",
        "2023-01-01",
        "--to",
        "2025-12-31",
        "--every",
        "P0D",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

fn split_flags<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "split",
        "examples/coop.json",
        "--start",
        "2025-01-01",
        "--end",
        "2025-12-31",
        "--amount",
        "1000.00",
    ];
    args.extend_from_slice(extra);
    args
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff");
    for args in [
        vec![OsStr::new("split"), bad],
        vec![
            OsStr::new("shares"),
            OsStr::new("examples/coop.json"),
            OsStr::new("--at"),
            bad,
        ],
        vec![bad],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_coshare"))
            .args(&args)
            .current_dir(root())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // A file name that is not UTF-8 is a path like any other: unreadable, exit 1.
    let out = Command::new(env!("CARGO_BIN_EXE_coshare"))
        .args([OsStr::new("validate"), bad])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_carry_in_file_is_its_own_document_never_spliced_into_the_request() {
    // This text once switched the basis of the request it was pasted into.
    let sneaky = scratch("sneaky.json", r#"{"ana":"1"},"basis":"snapshot""#);
    let out = coshare(&split_flags(&["--carry-in", &sneaky, "--format", "json"]));
    assert_eq!(out.status.code(), Some(2));
    let err = json::parse(stderr(&out).trim()).unwrap();
    let err = err.get("error").unwrap();
    assert_eq!(err.get("code"), Some(&Value::String("invalid_json".into())));
    assert!(stderr(&out).contains("carry-in file"), "{}", stderr(&out));

    // A CSV `member,amount` and a JSON object carry the same amounts.
    let csv = scratch("carry.csv", "member,amount\nana,30.00\nben,12.00\n");
    let json_file = scratch("carry.json", r#"{"ana": "30.00", "ben": "12.00"}"#);
    let by_csv = coshare(&split_flags(&["--carry-in", &csv, "--format", "json"]));
    let by_json = coshare(&split_flags(&[
        "--carry-in",
        &json_file,
        "--format",
        "json",
    ]));
    assert_eq!(by_csv.status.code(), Some(0), "{}", stderr(&by_csv));
    assert_eq!(stdout(&by_csv), stdout(&by_json));
    assert!(stdout(&by_csv).contains(r#""carry_in":"30.00""#));

    // A bad CSV row is reported at its line of the carry-in file.
    let bad = scratch("carry-bad.csv", "member,amount\nana,30.00\nben,1e3\n");
    let out = coshare(&split_flags(&["--carry-in", &bad]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("carry-in CSV line 3") && stderr(&out).contains("[invalid_number]"),
        "{}",
        stderr(&out)
    );
    // Its money checks are the request's: an unlisted member.
    let stranger = scratch("carry-who.csv", "member,amount\nzoe,30.00\n");
    let out = coshare(&split_flags(&["--carry-in", &stranger]));
    assert!(
        stderr(&out).contains("[unknown_member]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2_as_json_under_format_json_with_a_suggestion() {
    let out = coshare(&[
        "split",
        "examples/coop.json",
        "--requst",
        "examples/fy2025.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = json::parse(stderr(&out).trim()).unwrap();
    let err = err.get("error").unwrap();
    assert_eq!(
        err.get("code"),
        Some(&Value::String("invalid_request".into()))
    );
    let Some(Value::String(message)) = err.get("message") else {
        panic!("{}", stderr(&out));
    };
    assert!(message.contains("--request"), "{message}");
    // Without --format json: clap's own message with its tip, still status 2.
    let plain = coshare(&["splt", "examples/coop.json"]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(stderr(&plain).contains("split"), "{}", stderr(&plain));
    // A format that does not exist, and both a request file and flags.
    assert_eq!(
        coshare(&split_flags(&["--format", "xml"])).status.code(),
        Some(2)
    );
    let both = coshare(&split_flags(&["--request", "examples/fy2025.json"]));
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn help_version_and_completions_succeed() {
    let help = coshare(&["split", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = stdout(&help);
    for option in [
        "--request",
        "--start",
        "--basis",
        "--carry-in",
        "--format",
        "--output",
        "Example",
    ] {
        assert!(text.contains(option), "{option} missing from:\n{text}");
    }
    assert_eq!(coshare(&[]).status.code(), Some(0));
    let version = coshare(&["--version"]);
    assert_eq!(
        stdout(&version).trim(),
        format!("coshare {}", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = coshare(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("coshare"), "{shell}");
    }
}

#[test]
fn standard_input_and_an_output_file_work_like_named_files() {
    let by_name = coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
        "--format",
        "json",
    ]);
    let ledger = std::fs::read(root().join("examples/coop.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coshare"))
        .args([
            "split",
            "-",
            "--request",
            "examples/fy2025.json",
            "--format",
            "json",
        ])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &ledger).unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(stdout(&piped), stdout(&by_name));
    // `-` twice cannot both be standard input.
    let twice = coshare(&["split", "-", "--request", "-"]);
    assert_eq!(twice.status.code(), Some(2));
    let path = scratch("out.json", "");
    let written = coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
        "--format",
        "json",
        "-o",
        &path,
    ]);
    assert_eq!(written.status.code(), Some(0));
    assert!(written.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout(&by_name));
}

#[test]
fn a_date_that_starts_with_a_hyphen_is_a_bad_date_not_an_option() {
    let out = coshare(&[
        "shares",
        "examples/coop.json",
        "--at",
        "-001-12-29",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = json::parse(stderr(&out).trim()).unwrap();
    let code = err.get("error").and_then(|e| e.get("code")).cloned();
    assert_eq!(
        code,
        Some(Value::String("invalid_date".into())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn error_messages_say_what_to_do() {
    let said = |args: &[&str]| {
        let o = coshare(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        stderr(&o)
    };
    let period = ["--start", "2025-01-01", "--end", "2025-12-31"];
    let split = |more: &[&str]| {
        let mut args = vec!["split", "examples/coop.json"];
        args.extend(period);
        args.extend(more);
        said(&args)
    };
    assert!(split(&["--amount", "1000.505"]).contains("more decimals than the currency's 2"));
    let at = said(&["shares", "examples/coop.json", "--at", "2025-02-30"]);
    assert!(at.contains("February 2025 has 28 days, not 30"), "{at}");
    let mut explain = vec!["explain", "examples/coop.json", "--member", "anna"];
    explain.extend(period);
    assert!(said(&explain).contains("(did you mean \"ana\"?)"));
    explain[3] = "ana";
    explain.extend(["--kinds", "labour"]);
    let kinds = said(&explain);
    assert!(kinds.contains("(did you mean \"labor\"?)"), "{kinds}");
    assert!(
        kinds.contains("the kinds defined are \"buyin\", \"cash\""),
        "{kinds}"
    );
    let semicolons = scratch(
        "semi.csv",
        "id;member;date;kind;value\nx1;ana;2025-01-02;cash;1\n",
    );
    let csv = said(&[
        "validate",
        "examples/coop.json",
        "--contributions",
        &semicolons,
    ]);
    assert!(csv.contains("looks separated by ';'"), "{csv}");
    let typo = scratch(
        "typo.csv",
        "id,member,date,kind,value\nx1,ana,2025-01-02,cassh,1\n",
    );
    let kind = said(&["validate", "examples/coop.json", "--contributions", &typo]);
    assert!(kind.contains("(did you mean \"cash\"?)"), "{kind}");
}

/// The cells of RFC 4180 CSV text, by row.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

/// A split's JSON document (docs/format.md, "Request and split result"'s key order) rebuilt from its CSV alone.
fn split_json_from_csv(csv: &str) -> String {
    use coshare::json::Writer;
    let rows = csv_rows(csv);
    let header = rows.first().cloned().unwrap_or_default();
    let get = |row: &Vec<String>, col: &str| -> String {
        let i = header.iter().position(|h| h == col).expect(col);
        row[i].clone()
    };
    let section = |name: &'static str| rows.iter().skip(1).filter(move |r| r[0] == name);
    let split = section("split").next().expect("a split row");
    let mut w = Writer::new();
    w.begin_object();
    w.key("period");
    w.begin_object();
    w.field_str("start", &get(split, "start"));
    w.field_str("end", &get(split, "end"));
    w.end_object();
    w.field_str("basis", &get(split, "split_basis"));
    w.field_str("amount", &get(split, "amount"));
    w.key("buckets");
    w.begin_array();
    for b in section("bucket") {
        w.begin_object();
        w.field_str("name", &get(b, "bucket"));
        w.field_str("type", &get(b, "bucket_type"));
        w.field_str("amount", &get(b, "amount"));
        if get(b, "bucket_type") == "pool" {
            w.field_str("basis_total", &get(b, "basis_total"));
            w.field_str("unallocated", &get(b, "unallocated"));
        }
        w.end_object();
    }
    w.end_array();
    w.key("members");
    w.begin_array();
    for m in section("member") {
        let id = get(m, "member");
        w.begin_object();
        w.field_str("member", &id);
        w.key("pools");
        w.begin_object();
        for p in section("pool_member").filter(|p| get(p, "member") == id) {
            w.key(&get(p, "bucket"));
            w.begin_object();
            w.field_str("basis", &get(p, "basis"));
            if !get(p, "average_units").is_empty() {
                w.field_str("average_units", &get(p, "average_units"));
            }
            w.field_str("share", &get(p, "share"));
            w.field_str("amount", &get(p, "amount"));
            w.end_object();
        }
        w.end_object();
        for f in [
            "allocated",
            "carry_in",
            "paid",
            "cash",
            "retained",
            "carry_out",
        ] {
            w.field_str(f, &get(m, f));
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

#[test]
fn curve_svg_draws_a_line_per_member_of_each_pool_and_shades_the_future() {
    let o = coshare(&[
        "curve",
        "examples/coop.json",
        "--from",
        "2023-01-01",
        "--to",
        "2031-01-01",
        "--every",
        "P3M",
        "--format",
        "svg",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = stdout(&o);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // Two pools (workers: five members with units; capital: six).
    assert_eq!(svg.matches("<g class=\"panel\">").count(), 2);
    assert_eq!(svg.matches("class=\"member\"").count(), 5 + 6);
    assert!(svg.contains("Share of the pool workers") && svg.contains("Fatima Haddad (fatima)"));
    // The last entry is in 2026: the dates after it are shaded in each panel.
    assert_eq!(svg.matches("class=\"future\"").count(), 2);
    // 33 dates: every member's line has a point on each.
    let first = svg.split("class=\"member\" d=\"").nth(1).unwrap();
    let d = first.split('"').next().unwrap();
    assert_eq!(d.matches(['M', 'L']).count(), 33, "{d}");
    // Names are escaped.
    let ledger = std::fs::read_to_string(root().join("examples/coop.json"))
        .unwrap()
        .replace("Ana Kovač", "<Ana & \\\"co\\\">");
    let path = scratch("svg-names.json", &ledger);
    let o = coshare(&[
        "curve",
        &path,
        "--from",
        "2025-01-01",
        "--to",
        "2025-02-01",
        "--every",
        "P1M",
        "--format",
        "svg",
    ]);
    let svg = stdout(&o);
    assert!(svg.contains("&lt;Ana &amp; &quot;co&quot;&gt;"), "{svg}");
    assert!(!svg.contains("<Ana"));
}

#[test]
fn tables_fit_in_100_columns_and_name_members() {
    for args in [
        vec![
            "split",
            "examples/coop.json",
            "--request",
            "examples/fy2025.json",
        ],
        vec!["shares", "examples/coop.json", "--at", "2025-06-30"],
        vec![
            "curve",
            "examples/coop.json",
            "--from",
            "2025-01-01",
            "--to",
            "2026-01-01",
            "--every",
            "P6M",
        ],
        vec![
            "explain",
            "examples/coop.json",
            "--member",
            "ana",
            "--start",
            "2025-01-01",
            "--end",
            "2025-12-31",
        ],
    ] {
        let o = coshare(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let text = stdout(&o);
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 100, "{args:?} is {widest} wide:\n{text}");
    }
    let split = stdout(&coshare(&[
        "split",
        "examples/coop.json",
        "--request",
        "examples/fy2025.json",
    ]));
    assert!(split.contains("Ana Kovač"));
    // The buckets' totals row adds up to the amount.
    assert!(
        split
            .lines()
            .any(|l| l.starts_with("total") && l.contains("120000.00")),
        "{split}"
    );
}
