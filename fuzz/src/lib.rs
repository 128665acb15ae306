//! Shared code of the coshare fuzz targets: the invariant checks (also
//! replayed by the core's `tests/fuzz_regressions.rs`), the core's writer of ledger
//! documents back to JSON, and the `arbitrary` description of a small
//! ledger used by the `structured` target.

pub mod checks;
pub mod structured;

use coshare::document::{Document, Entry, EntryBody};
use coshare::{Dec, Request};

/// Writes a document as ledger JSON (docs/format.md, "Ledger document"), with the core's writer.
pub fn document_to_json(doc: &Document) -> String {
    doc.to_json()
}

/// Writes a request as request JSON (docs/format.md, "Ledger document"), with the core's writer.
pub fn request_to_json(r: &Request) -> String {
    r.to_json()
}

/// Writes the contributions among `entries` as a contributions CSV.
pub fn contributions_to_csv(entries: &[Entry]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let opt = |x: Option<Dec>| x.map(|x| quote(&x.to_string())).unwrap_or_default();
    let mut out = String::from("id,member,date,kind,value,hours,rate,paid,note\n");
    for e in entries {
        let EntryBody::Contribution(c) = &e.body else {
            continue;
        };
        let cells = [
            quote(&e.id),
            quote(&c.member),
            quote(&c.date.to_string()),
            quote(&c.kind),
            opt(c.value),
            opt(c.hours),
            opt(c.rate),
            opt(c.paid),
            e.note.as_deref().map(quote).unwrap_or_default(),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
