//! `coshare`: split a co-op's profit by fading contribution units.
//!
//! Exit status: 0 on success, 2 on invalid input (ledger, request, CSV,
//! arguments), 1 on other failures (a file that cannot be read or written).
#![forbid(unsafe_code)]

mod books;
mod cli;
mod commands;
mod input;
mod panels;
mod svg;
mod table;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use coshare::{Error, ErrorCode};
use input::{Failure, Files};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Arguments are read as OS strings: one that is not UTF-8 is a usage
    // error where text is expected, and a file name where a path is.
    let argv: Vec<OsString> = std::env::args_os().collect();
    let json_errors = wants_json(&argv);
    if argv.len() <= 1 {
        // No command: the help, as `coshare --help` prints it.
        let _ = Cli::command().print_help();
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) if e.exit_code() == 0 => {
            // --help, --version: not errors.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            if json_errors {
                let message = plain_message(&e.render().to_string());
                eprintln!(
                    "{}",
                    Error::new(ErrorCode::InvalidRequest, message).to_json()
                );
            } else {
                let _ = e.print();
            }
            return ExitCode::from(2);
        }
    };
    let files = Files::default();
    let (output, result) = run(&files, cli);
    match result {
        Ok((text, failed)) => {
            if let Err(message) = write_output(output.as_ref(), &text) {
                return report(Failure::Other(message), json_errors);
            }
            match failed {
                // `validate` wrote its list, then fails with its first error.
                Some(e) => {
                    report_input(&e, json_errors);
                    ExitCode::from(2)
                }
                None => ExitCode::SUCCESS,
            }
        }
        Err(f) => report(f, json_errors),
    }
}

/// Runs a command: the text to write, and the error to exit with after
/// writing it (only `validate` has one).
#[allow(clippy::type_complexity)]
fn run(files: &Files, cli: Cli) -> (Option<PathBuf>, Result<(String, Option<Error>), Failure>) {
    let done = |r: Result<String, Failure>| r.map(|text| (text, None));
    match cli.command {
        Command::Split(a) => (a.out.output.clone(), done(commands::split(files, &a))),
        Command::Validate(a) => (a.out.output.clone(), commands::validate(files, &a)),
        Command::Shares(a) => (a.out.output.clone(), done(commands::shares(files, &a))),
        Command::Explain(a) => (a.out.output.clone(), done(commands::explain(files, &a))),
        Command::Curve(a) => (a.output.clone(), done(commands::curve(files, &a))),
        Command::Init(a) => (a.out.output.clone(), Ok((commands::init(&a), None))),
        Command::Close(a) => (a.out.output.clone(), done(books::close(files, &a))),
        Command::Accounts(a) => (a.out.output.clone(), done(books::accounts(files, &a))),
        Command::Statement(a) => (a.out.output.clone(), done(books::statement(files, &a))),
        Command::Notices(a) => (a.out.output.clone(), done(books::notices(files, &a))),
        Command::Journal(a) => (a.output.clone(), done(books::journal(files, &a))),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "coshare", &mut script);
            (
                None,
                Ok((String::from_utf8_lossy(&script).into_owned(), None)),
            )
        }
    }
}

/// Whether errors are to be written as JSON: `--format json` (or
/// `--format=json`) anywhere in the arguments, found before parsing so that
/// usage errors are JSON too.
fn wants_json(argv: &[OsString]) -> bool {
    argv.windows(2)
        .any(|w| matches!(w, [flag, value] if flag == "--format" && value == "json"))
        || argv.iter().any(|a| a == "--format=json")
}

/// clap's message on one line, with its tip ("a similar argument exists")
/// and without the usage lines, for a JSON error.
fn plain_message(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information")
        })
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("; ")
        .replace(":; ", ": ")
}

fn write_output(path: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        _ => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`coshare ... | head`) is not an error worth a panic.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    }
}

fn report_input(e: &Error, json_errors: bool) {
    if json_errors {
        eprintln!("{}", e.to_json());
    } else {
        eprintln!("coshare: {} [{}]", e.message(), e.code());
    }
}

fn report(failure: Failure, json_errors: bool) -> ExitCode {
    match failure {
        Failure::Input(e) => {
            report_input(&e, json_errors);
            ExitCode::from(2)
        }
        Failure::Other(message) => {
            if json_errors {
                let mut w = coshare::json::Writer::new();
                w.begin_object();
                w.key("error");
                w.begin_object();
                w.field_str("code", "io");
                w.field_str("message", &message);
                w.end_object();
                w.end_object();
                eprintln!("{}", w.finish());
            } else {
                eprintln!("coshare: {message}");
            }
            ExitCode::from(1)
        }
    }
}
