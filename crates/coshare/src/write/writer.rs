//! The compact JSON writer behind every canonical document: keys in the
//! order written, strings escaping only `"`, `\\` and control characters.

use crate::document::json::Value;
use std::fmt::Write as _;

/// A compact JSON writer producing the format's canonical text.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    need_comma: Vec<bool>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    fn sep(&mut self) {
        if let Some(need) = self.need_comma.last_mut() {
            if *need {
                self.out.push(',');
            }
            *need = true;
        }
    }

    /// Opens an object.
    pub fn begin_object(&mut self) {
        self.sep();
        self.out.push('{');
        self.need_comma.push(false);
    }

    /// Closes an object.
    pub fn end_object(&mut self) {
        self.need_comma.pop();
        self.out.push('}');
    }

    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.sep();
        self.out.push('[');
        self.need_comma.push(false);
    }

    /// Closes an array.
    pub fn end_array(&mut self) {
        self.need_comma.pop();
        self.out.push(']');
    }

    /// Writes an object key; the next value written is its value.
    pub fn key(&mut self, key: &str) {
        self.sep();
        escape_into(&mut self.out, key);
        self.out.push(':');
        if let Some(need) = self.need_comma.last_mut() {
            *need = false;
        }
    }

    /// Writes a string value.
    pub fn str(&mut self, v: &str) {
        self.sep();
        escape_into(&mut self.out, v);
    }

    /// Writes a string or `null`.
    pub fn opt_str(&mut self, v: Option<&str>) {
        if let Some(s) = v {
            self.str(s);
        } else {
            self.sep();
            self.out.push_str("null");
        }
    }

    /// Writes a raw token (a number or literal) as is.
    pub fn raw(&mut self, token: &str) {
        self.sep();
        self.out.push_str(token);
    }

    /// Writes `"key":"value"`.
    pub fn field_str(&mut self, key: &str, v: &str) {
        self.key(key);
        self.str(v);
    }

    /// Writes any value.
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Value::Number(n) => self.raw(n),
            Value::String(s) => self.str(s),
            Value::Array(items) => {
                self.begin_array();
                for item in items {
                    self.value(item);
                }
                self.end_array();
            }
            Value::Object(fields) => {
                self.begin_object();
                for (k, v) in fields {
                    self.key(k);
                    self.value(v);
                }
                self.end_object();
            }
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends `s` as a JSON string, escaping only `"`, `\` and control characters.
pub fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Value {
    /// The value as compact JSON text.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.value(self);
        w.finish()
    }
}
