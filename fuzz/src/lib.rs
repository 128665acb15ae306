//! Shared code of the coshare fuzz targets: the invariant checks (also
//! replayed by the core's `tests/fuzz_regressions.rs`), a writer of ledger
//! documents back to JSON, and the `arbitrary` description of a small
//! ledger used by the `structured` target.

pub mod checks;
pub mod structured;

use coshare::document::{Curve, Document, Entry, EntryBody, Shape};
use coshare::json::Writer;
use coshare::{Dec, Duration, Request};

fn dec(w: &mut Writer, key: &str, x: Dec) {
    w.field_str(key, &x.to_string());
}

fn dur(w: &mut Writer, key: &str, d: Duration) {
    w.field_str(key, &d.to_string());
}

fn curve(w: &mut Writer, c: &Curve) {
    w.begin_object();
    match &c.shape {
        Shape::None => w.field_str("type", "none"),
        Shape::Term { term } => {
            w.field_str("type", "term");
            dur(w, "term", *term);
        }
        Shape::Linear { fade, hold } => {
            w.field_str("type", "linear");
            dur(w, "fade", *fade);
            dur(w, "hold", *hold);
        }
        Shape::Geometric { rate, every, hold } => {
            w.field_str("type", "geometric");
            dec(w, "rate", *rate);
            dur(w, "every", *every);
            dur(w, "hold", *hold);
        }
        Shape::Steps { points } => {
            w.field_str("type", "steps");
            w.key("points");
            w.begin_array();
            for (d, x) in points {
                w.begin_array();
                w.str(&d.to_string());
                w.str(&x.to_string());
                w.end_array();
            }
            w.end_array();
        }
    }
    if let Some(e) = c.expire {
        dur(w, "expire", e);
    }
    w.end_object();
}

/// Writes a document as ledger JSON (SPEC 3) that reads back to an equal document.
pub fn document_to_json(doc: &Document) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.key("currency");
    w.begin_object();
    w.field_str("code", &doc.currency.code);
    w.key("scale");
    w.raw(&doc.currency.scale.to_string());
    w.end_object();
    w.key("policies");
    w.begin_array();
    for p in &doc.policies {
        w.begin_object();
        w.field_str("effective", &p.effective.to_string());
        if let Some(x) = p.unit_price {
            dec(&mut w, "unit_price", x);
        }
        w.key("kinds");
        w.begin_object();
        for (name, k) in &p.kinds {
            w.key(name);
            w.begin_object();
            dec(&mut w, "multiplier", k.multiplier);
            w.key("curve");
            curve(&mut w, &k.curve);
            w.key("repayable");
            w.raw(if k.repayable { "true" } else { "false" });
            w.end_object();
        }
        w.end_object();
        if let Some(deps) = &p.departures {
            w.key("departures");
            w.begin_object();
            for (reason, factors) in deps {
                w.key(reason);
                w.begin_object();
                for (k, x) in factors {
                    dec(&mut w, k, *x);
                }
                w.end_object();
            }
            w.end_object();
        }
        if let Some(d) = &p.distribution {
            w.key("distribution");
            w.begin_object();
            if let Some(buckets) = &d.buckets {
                w.key("buckets");
                w.begin_array();
                for b in buckets {
                    w.begin_object();
                    w.field_str("name", &b.name);
                    dec(&mut w, "share", b.share);
                    if let Some(kinds) = &b.kinds {
                        w.key("kinds");
                        w.begin_array();
                        for k in kinds {
                            w.str(k);
                        }
                        w.end_array();
                    }
                    w.end_object();
                }
                w.end_array();
            }
            if let Some(x) = d.cash_fraction {
                dec(&mut w, "cash_fraction", x);
            }
            if let Some(x) = d.minimum_payout {
                dec(&mut w, "minimum_payout", x);
            }
            w.end_object();
        }
        if let Some(n) = &p.note {
            w.field_str("note", n);
        }
        w.end_object();
    }
    w.end_array();
    w.key("members");
    w.begin_array();
    for m in &doc.members {
        w.begin_object();
        w.field_str("id", &m.id);
        if let Some(n) = &m.name {
            w.field_str("name", n);
        }
        if let Some(n) = &m.note {
            w.field_str("note", n);
        }
        w.end_object();
    }
    w.end_array();
    w.key("entries");
    w.begin_array();
    for e in &doc.entries {
        entry(&mut w, e);
    }
    w.end_array();
    w.end_object();
    w.finish()
}

fn entry(w: &mut Writer, e: &Entry) {
    w.begin_object();
    match &e.body {
        EntryBody::Contribution(c) => {
            w.field_str("type", "contribution");
            w.field_str("id", &e.id);
            w.field_str("member", &c.member);
            w.field_str("date", &c.date.to_string());
            w.field_str("kind", &c.kind);
            for (k, x) in [
                ("value", c.value),
                ("hours", c.hours),
                ("rate", c.rate),
                ("paid", c.paid),
            ] {
                if let Some(x) = x {
                    dec(w, k, x);
                }
            }
        }
        EntryBody::Repayment { loan, date, amount } => {
            w.field_str("type", "repayment");
            w.field_str("id", &e.id);
            w.field_str("loan", loan);
            w.field_str("date", &date.to_string());
            dec(w, "amount", *amount);
        }
        EntryBody::Departure {
            member,
            date,
            reason,
        } => {
            w.field_str("type", "departure");
            w.field_str("id", &e.id);
            w.field_str("member", member);
            w.field_str("date", &date.to_string());
            w.field_str("reason", reason);
        }
        EntryBody::Void { target } => {
            w.field_str("type", "void");
            w.field_str("id", &e.id);
            w.field_str("target", target);
        }
    }
    if let Some(n) = &e.note {
        w.field_str("note", n);
    }
    w.end_object();
}

/// Writes a request as request JSON (SPEC 3).
pub fn request_to_json(r: &Request) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.key("period");
    w.begin_object();
    w.field_str("start", &r.start.to_string());
    w.field_str("end", &r.end.to_string());
    w.end_object();
    dec(&mut w, "amount", r.amount);
    w.field_str("basis", r.basis.as_str());
    w.key("carry_in");
    w.begin_object();
    for (m, x) in r.carry_in.iter().flatten() {
        dec(&mut w, m, *x);
    }
    w.end_object();
    w.end_object();
    w.finish()
}

/// Writes contribution entries as CSV with every column, every cell quoted.
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
