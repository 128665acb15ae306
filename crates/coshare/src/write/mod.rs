//! Every canonical JSON writer of coshare (docs/format.md, "Result
//! documents"): compact UTF-8, keys in a fixed order, strings escaping only
//! `"`, `\` and control characters, numbers never in exponent form.

use crate::books::accounts::{Accounts, Statement};
use crate::books::close::Closed;
use crate::books::journal::Journal;
use crate::books::notices::Notices;
use crate::error::Error;
use crate::query::validate::{Validation, Warning};
use crate::values::amount::Fixed;
use crate::values::date::Date;
pub use writer::{escape_into, Writer};

mod document;
pub(crate) mod writer;

impl Error {
    /// The error as the compact JSON document `{"error":{"code","message","entry","path"}}`.
    pub fn to_json(&self) -> String {
        let mut out = Writer::new();
        out.begin_object();
        out.key("error");
        self.write_fields(&mut out);
        out.end_object();
        out.finish()
    }

    /// Writes `{"code","message","entry","path"}`.
    pub(crate) fn write_fields(&self, out: &mut Writer) {
        out.begin_object();
        out.field_str("code", self.code().as_str());
        out.field_str("message", self.message());
        out.key("entry");
        out.opt_str(self.entry());
        out.key("path");
        out.opt_str(self.path());
        out.end_object();
    }
}

/// A document's errors as `{"valid":…,"errors":[{"code","message","entry","path"}, …]}`,
/// what `coshare validate --format json` prints.
pub fn validation_json(errors: &[Error]) -> String {
    let mut out = Writer::new();
    out.begin_object();
    out.key("valid");
    out.raw(if errors.is_empty() { "true" } else { "false" });
    out.key("errors");
    out.begin_array();
    for e in errors {
        e.write_fields(&mut out);
    }
    out.end_array();
    out.end_object();
    out.finish()
}

/// `{"valid":…,"errors":[…],"warnings":[…]}`, what `coshare validate
/// --format json` prints (docs/format.md, "validate").
pub fn validation_document(errors: &[Error], warnings: &[Warning]) -> String {
    let mut out = Writer::new();
    out.begin_object();
    out.key("valid");
    out.raw(if errors.is_empty() { "true" } else { "false" });
    out.key("errors");
    out.begin_array();
    for e in errors {
        e.write_fields(&mut out);
    }
    out.end_array();
    out.key("warnings");
    out.begin_array();
    for w in warnings {
        out.begin_object();
        out.field_str("code", w.code.as_str());
        out.field_str("message", &w.message);
        out.key("entry");
        out.opt_str(w.entry.as_deref());
        out.key("kind");
        out.opt_str(w.kind.as_deref());
        out.end_object();
    }
    out.end_array();
    out.end_object();
    out.finish()
}

impl Validation {
    /// The validation document (docs/format.md, "validate").
    pub fn to_json(&self) -> String {
        validation_document(&self.errors, &self.warnings)
    }
}

impl Writer {
    fn money(&mut self, key: &str, x: Fixed) {
        self.field_str(key, &x.to_string());
    }

    fn date(&mut self, key: &str, d: Date) {
        self.field_str(key, &d.to_string());
    }

    fn period(&mut self, start: Date, end: Date) {
        self.key("period");
        self.begin_object();
        self.date("start", start);
        self.date("end", end);
        self.end_object();
    }

    fn money_map(&mut self, key: &str, items: &[(String, Fixed)]) {
        self.key(key);
        self.begin_object();
        for (name, x) in items {
            self.money(name, *x);
        }
        self.end_object();
    }
}

impl Closed {
    /// The allocation entry as compact canonical JSON (docs/format.md,
    /// "Close"): the byte-exact output of `coshare close`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.field_str("type", "allocation");
        w.field_str("id", &self.id);
        w.date("date", self.date);
        w.period(self.start, self.end);
        w.money("amount", self.amount);
        w.field_str("basis", self.basis.as_str());
        if let Some(carry_in) = &self.carry_in {
            w.money_map("carry_in", carry_in);
        }
        w.money_map("reserves", &self.reserves);
        w.money("unallocated", self.unallocated);
        w.key("members");
        w.begin_object();
        for (m, f) in &self.members {
            w.key(m);
            w.begin_object();
            w.money("allocated", f.allocated);
            w.money("cash", f.cash);
            w.money("retained", f.retained);
            w.money("carry_out", f.carry_out);
            w.end_object();
        }
        w.end_object();
        w.end_object();
        w.finish()
    }
}

impl Accounts {
    /// The accounts document (docs/format.md, "accounts").
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.date("at", self.at);
        w.key("members");
        w.begin_array();
        for m in &self.members {
            w.begin_object();
            w.field_str("member", &m.member);
            w.money("balance", m.balance);
            w.money("due", m.due);
            w.end_object();
        }
        w.end_array();
        w.key("reserves");
        w.begin_array();
        for (name, x) in &self.reserves {
            w.begin_object();
            w.field_str("name", name);
            w.money("amount", *x);
            w.end_object();
        }
        w.end_array();
        w.money("unallocated", self.unallocated);
        w.money("payable", self.payable);
        w.money("carried", self.carried);
        w.end_object();
        w.finish()
    }
}

impl Statement {
    /// The statement document (docs/format.md, "statement").
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.field_str("member", &self.member);
        w.date("start", self.start);
        w.date("end", self.end);
        w.money("opening", self.opening);
        w.key("movements");
        w.begin_array();
        for l in &self.movements {
            w.begin_object();
            w.date("date", l.date);
            w.field_str("type", l.kind.as_str());
            w.field_str("entry", &l.entry);
            w.money("amount", l.amount);
            w.money("balance", l.balance);
            w.end_object();
        }
        w.end_array();
        w.money("closing", self.closing);
        w.money("due", self.due);
        w.key("allocations");
        w.begin_array();
        for a in &self.allocations {
            w.begin_object();
            w.field_str("allocation", &a.allocation);
            w.date("date", a.date);
            w.money("allocated", a.allocated);
            w.money("carry_in", a.carry_in);
            w.money("paid", a.paid);
            w.money("cash", a.cash);
            w.money("retained", a.retained);
            w.money("carry_out", a.carry_out);
            w.end_object();
        }
        w.end_array();
        w.key("payments");
        w.begin_array();
        for p in &self.payments {
            w.begin_object();
            w.field_str("payment", &p.payment);
            w.field_str("allocation", &p.allocation);
            w.date("date", p.date);
            w.money("amount", p.amount);
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

impl Notices {
    /// The notices document (docs/format.md, "notices").
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.field_str("allocation", &self.allocation);
        w.date("date", self.date);
        w.period(self.start, self.end);
        w.date("pay_by", self.pay_by);
        w.key("notices");
        w.begin_array();
        for n in &self.notices {
            w.begin_object();
            w.field_str("member", &n.member);
            w.money("paid", n.paid);
            w.money("cash", n.cash);
            w.money("retained", n.retained);
            w.money("cash_paid", n.cash_paid);
            w.key("qualified");
            w.raw(if n.qualified { "true" } else { "false" });
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

impl Journal {
    /// The journal document (docs/format.md, "journal").
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.date("start", self.start);
        w.date("end", self.end);
        w.key("transactions");
        w.begin_array();
        for t in &self.transactions {
            w.begin_object();
            w.date("date", t.date);
            w.field_str("entry", &t.entry);
            w.field_str("type", t.kind.as_str());
            w.key("lines");
            w.begin_array();
            for l in &t.lines {
                w.begin_object();
                w.field_str("account", &l.account);
                w.money("amount", l.amount);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn validation_json_lists_code_message_entry_and_path() {
        let errors = [Error::new(ErrorCode::DuplicateId, "again \"x\"").with_entry("x")];
        assert_eq!(
            validation_json(&errors),
            r#"{"valid":false,"errors":[{"code":"duplicate_id","message":"again \"x\"","entry":"x","path":null}]}"#
        );
        assert_eq!(validation_json(&[]), r#"{"valid":true,"errors":[]}"#);
    }
}
