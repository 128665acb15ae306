//! A strict JSON reader (the writer is [`crate::write`]).
//!
//! The reader keeps what the format (docs/format.md) needs and general parsers lose: object
//! fields in document order, repeated keys refused, number text kept
//! verbatim (never through `f64`), nesting limited to 128, lone surrogates
//! refused.

use crate::error::{Error, ErrorCode};
use crate::values::same_text;
use std::borrow::Cow;
use std::collections::HashSet;

pub use crate::check::limits::MAX_DEPTH;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, fields in document order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The JSON type's name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The field `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses a whole JSON document from bytes (which must be UTF-8).
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, Error> {
    parse(utf8(bytes)?)
}

/// The bytes as text, or `invalid_json` if they are not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            format!(
                "the document is not valid UTF-8 (at byte {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Parses a whole JSON document.
pub fn parse(text: &str) -> Result<Value, Error> {
    // One checker for both readers: the text is checked into a tape, then
    // the tree is built from it.
    Ok(Tape::parse(text)?.root().to_value())
}

pub(crate) struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            s: text.as_bytes(),
            i: 0,
            depth: 0,
        }
    }

    /// The text from `from` to the cursor; both are at ASCII bytes.
    fn text_since(&self, from: usize) -> &'a str {
        self.text.get(from..self.i).unwrap_or_default()
    }

    /// The input from the cursor on.
    fn rest(&self) -> &[u8] {
        self.s.get(self.i..).unwrap_or_default()
    }

    fn err(&self, what: &str) -> Error {
        let before = self.s.get(..self.i).unwrap_or(self.s);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Error::new(
            ErrorCode::InvalidJson,
            format!("the JSON is malformed: {what} at line {line}, column {col}"),
        )
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn literal(&mut self, word: &str) -> Result<(), Error> {
        if self.rest().starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            Err(self.err("unexpected character"))
        }
    }

    /// After a member of an array or object: whether another follows (the
    /// comma is consumed) or `close` ends it (left for the caller).
    fn more(&mut self, close: u8) -> Result<bool, Error> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.ws();
                Ok(true)
            }
            Some(c) if c == close => Ok(false),
            _ if close == b'}' => Err(self.err("expected ',' or '}'")),
            _ => Err(self.err("expected ',' or ']'")),
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting deeper than 128"));
        }
        self.i += 1;
        self.ws();
        Ok(())
    }

    /// Checks a value (every syntax error, repeated key, lone surrogate and
    /// nesting past [`MAX_DEPTH`]), building nothing but the tape: each
    /// array and object's end and number of descendants.
    fn skim(&mut self, tape: &mut TapeBuilder<'a>) -> Result<(), Error> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => self.skim_object(tape),
            Some(b'[') => self.skim_array(tape),
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn skim_object(&mut self, tape: &mut TapeBuilder<'a>) -> Result<(), Error> {
        self.enter()?;
        let slot = tape.open();
        let mut keys = tape.keys.pop().unwrap_or_default();
        keys.clear();
        let mut seen: Option<HashSet<Cow<'a, str>>> = None;
        if self.peek() != Some(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.err("expected a field name"));
                }
                let key_at = self.i;
                let key = self.string()?;
                let repeated = match &mut seen {
                    Some(set) => !set.insert(key.clone()),
                    None => keys.iter().any(|k| same_text(k, &key)),
                };
                if repeated {
                    self.i = key_at;
                    return Err(self.err(&format!("the field {key:?} is repeated")));
                }
                if seen.is_none() && keys.len() >= 16 {
                    seen = Some(keys.drain(..).chain([key]).collect());
                } else if seen.is_none() {
                    keys.push(key);
                }
                self.ws();
                if self.peek() != Some(b':') {
                    return Err(self.err("expected ':'"));
                }
                self.i += 1;
                self.ws();
                self.skim(tape)?;
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        self.i += 1;
        self.depth -= 1;
        tape.keys.push(keys);
        tape.close(slot, self.i);
        Ok(())
    }

    fn skim_array(&mut self, tape: &mut TapeBuilder<'a>) -> Result<(), Error> {
        self.enter()?;
        let slot = tape.open();
        if self.peek() != Some(b']') {
            loop {
                self.skim(tape)?;
                if !self.more(b']')? {
                    break;
                }
            }
        }
        self.i += 1;
        self.depth -= 1;
        tape.close(slot, self.i);
        Ok(())
    }

    /// Moves past a scalar of checked text; whether it is a string with
    /// escapes.
    fn pass(&mut self) -> bool {
        let mut escaped = false;
        match self.peek() {
            Some(b'"') => {
                self.i += 1;
                loop {
                    self.skip_plain();
                    match self.peek() {
                        Some(b'"') | None => break,
                        Some(b'\\') => {
                            escaped = true;
                            self.i += 2;
                        }
                        Some(_) => self.i += 1,
                    }
                }
                self.i += 1;
            }
            Some(b't' | b'n') => self.i += 4,
            Some(b'f') => self.i += 5,
            _ => {
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.peek() {
                    self.i += 1;
                }
            }
        }
        escaped
    }

    /// A number's text.
    fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let from = p.i;
            while let Some(b'0'..=b'9') = p.peek() {
                p.i += 1;
            }
            p.i - from
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s.get(int_start) == Some(&b'0')) {
            return Err(self.err("malformed number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err("malformed number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("malformed number"));
            }
        }
        Ok(self.text_since(start))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.err("bad \\u escape"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    /// Moves to the next `"`, `\\` or control character (or the end).
    fn skip_plain(&mut self) {
        self.i += plain_run(self.rest());
    }

    /// A string, unescaped: borrowed from the text when it has no escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let first = self.i;
        loop {
            let run_start = self.i;
            self.skip_plain();
            if run_start == first && self.peek() == Some(b'"') {
                let text = self.text_since(first);
                self.i += 1;
                return Ok(Cow::Borrowed(text));
            }
            // The run stops at ASCII bytes, so it is whole characters.
            out.push_str(self.text_since(run_start));
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.rest().starts_with(b"\\u") {
                                    return Err(self.err("lone surrogate in a \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone surrogate in a \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(self.err("lone surrogate in a \\u escape"));
                            } else {
                                hi
                            };
                            out.push(
                                char::from_u32(code).ok_or_else(|| self.err("bad \\u escape"))?,
                            );
                        }
                        _ => return Err(self.err("bad escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
            }
        }
    }
}

/// The length of the run of string bytes at the start of `s` up to the
/// first `"`, `\\` or control character (or the end), eight bytes at a time.
pub(crate) fn plain_run(s: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut run = 0;
    for chunk in s.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A flag can be false only above a true one, which stops the word,
        // so the lowest flag is the first special byte (little-endian).
        let special = zero_byte(x ^ (ONES * u64::from(b'"')))
            | zero_byte(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
        if special != 0 {
            return run + (special.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    let tail = s.get(run..).unwrap_or_default();
    run + tail
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(tail.len())
}

/// Where an array or object ends (the offset past its closing bracket) and
/// how many arrays and objects it holds, at any depth.
#[derive(Debug, Clone, Copy)]
struct Span {
    end: usize,
    inner: usize,
}

#[derive(Default)]
struct TapeBuilder<'a> {
    spans: Vec<Span>,
    /// Key lists of open objects, reused.
    keys: Vec<Vec<Cow<'a, str>>>,
}

impl TapeBuilder<'_> {
    fn open(&mut self) -> usize {
        self.spans.push(Span { end: 0, inner: 0 });
        self.spans.len() - 1
    }

    fn close(&mut self, slot: usize, end: usize) {
        let inner = self.spans.len() - slot - 1;
        if let Some(span) = self.spans.get_mut(slot) {
            *span = Span { end, inner };
        }
    }
}

/// A document checked whole (every error [`parse`] finds, found the same
/// way) without building it: its text and the extent of each array and
/// object, in document order. Values are read from it in place through
/// [`Lazy`], so reading a large document allocates only what it keeps.
#[derive(Debug)]
pub(crate) struct Tape<'a> {
    text: &'a str,
    spans: Vec<Span>,
    root: usize,
}

impl<'a> Tape<'a> {
    pub(crate) fn parse(text: &'a str) -> Result<Tape<'a>, Error> {
        Tape::parse_nested(text, 0)
    }

    /// [`Tape::parse`] of a value found `depth` arrays and objects deep in
    /// a document (so that the nesting limit counts from the document's top).
    pub(crate) fn parse_nested(text: &'a str, depth: usize) -> Result<Tape<'a>, Error> {
        let mut p = Parser::new(text);
        p.depth = depth;
        let mut builder = TapeBuilder::default();
        p.ws();
        let root = p.i;
        p.skim(&mut builder)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(p.err("unexpected text after the document"));
        }
        Ok(Tape {
            text,
            spans: builder.spans,
            root,
        })
    }

    /// The document's value.
    pub(crate) fn root(&self) -> Lazy<'_> {
        Lazy {
            tape: self,
            at: self.root,
            ord: 0,
            scalar: None,
        }
    }
}

/// A value of a [`Tape`]: where it starts and, for an array or object, its
/// place among them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lazy<'t> {
    tape: &'t Tape<'t>,
    at: usize,
    ord: usize,
    /// For a scalar met while walking its container: where it ends, and
    /// for a string, whether it has no escapes (so it can be lent as is).
    scalar: Option<(usize, bool)>,
}

impl<'t> Lazy<'t> {
    fn parser(&self, at: usize) -> Parser<'t> {
        let mut p = Parser::new(self.tape.text);
        p.i = at;
        p
    }

    fn first(&self) -> Option<u8> {
        self.tape.text.as_bytes().get(self.at).copied()
    }

    /// For an array or object: where its text starts (its opening bracket)
    /// and ends (just past its closing bracket).
    pub(crate) fn extent(&self) -> Option<(usize, usize)> {
        if !matches!(self.first(), Some(b'[' | b'{')) {
            return None;
        }
        let span = self.tape.spans.get(self.ord)?;
        Some((self.at, span.end))
    }

    /// The value as a tree.
    fn to_value(self) -> Value {
        if let Some(fields) = self.fields() {
            Value::Object(
                fields
                    .map(|(k, v)| (k.into_owned(), v.to_value()))
                    .collect(),
            )
        } else if let Some(items) = self.items() {
            Value::Array(items.map(Lazy::to_value).collect())
        } else if let Some(s) = self.as_str() {
            Value::String(s.into_owned())
        } else if let Some(b) = self.as_bool() {
            Value::Bool(b)
        } else if let Some(n) = self.as_number() {
            Value::Number(n.to_owned())
        } else {
            Value::Null
        }
    }

    /// The members of an array or object, as `(key, value)`; the key is
    /// `None` in an array.
    fn members(self) -> Members<'t> {
        Members {
            tape: self.tape,
            p: self.parser(self.at + 1),
            next_ord: self.ord + 1,
            object: self.first() == Some(b'{'),
            started: false,
        }
    }
}

/// Walks the members of an array or object of checked text.
struct Members<'t> {
    tape: &'t Tape<'t>,
    p: Parser<'t>,
    next_ord: usize,
    object: bool,
    started: bool,
}

impl<'t> Iterator for Members<'t> {
    type Item = (Option<Cow<'t, str>>, Lazy<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        let p = &mut self.p;
        p.ws();
        if self.started {
            if p.peek() != Some(b',') {
                return None;
            }
            p.i += 1;
            p.ws();
        }
        if matches!(p.peek(), Some(b'}' | b']') | None) {
            return None;
        }
        self.started = true;
        let key = if self.object {
            let key = p.string().ok()?;
            p.ws();
            p.i += 1; // ':'
            p.ws();
            Some(key)
        } else {
            None
        };
        let at = p.i;
        let value = if let Some(b'{' | b'[') = p.peek() {
            let ord = self.next_ord;
            let span = self.tape.spans.get(ord)?;
            self.next_ord += 1 + span.inner;
            p.i = span.end;
            Lazy {
                tape: self.tape,
                at,
                ord,
                scalar: None,
            }
        } else {
            let escaped = p.pass();
            Lazy {
                tape: self.tape,
                at,
                ord: 0,
                scalar: Some((p.i, !escaped)),
            }
        };
        Some((key, value))
    }
}

/// A JSON value as the document reader sees it: a parsed [`Value`] or a
/// value of a checked [`Tape`].
pub(crate) trait Node<'a>: Copy {
    /// The JSON type's name, for messages.
    fn type_name(self) -> &'static str;
    /// A string, unescaped.
    fn as_str(self) -> Option<Cow<'a, str>>;
    /// A number's text.
    fn as_number(self) -> Option<&'a str>;
    fn as_bool(self) -> Option<bool>;
    /// An object's fields in document order.
    fn fields(self) -> Option<impl Iterator<Item = (Cow<'a, str>, Self)>>;
    /// An array's items.
    fn items(self) -> Option<impl Iterator<Item = Self>>;
}

impl<'a> Node<'a> for &'a Value {
    fn type_name(self) -> &'static str {
        Value::type_name(self)
    }

    fn as_str(self) -> Option<Cow<'a, str>> {
        match self {
            Value::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(self) -> Option<&'a str> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn fields(self) -> Option<impl Iterator<Item = (Cow<'a, str>, Self)>> {
        match self {
            Value::Object(fields) => {
                Some(fields.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), v)))
            }
            _ => None,
        }
    }

    fn items(self) -> Option<impl Iterator<Item = Self>> {
        match self {
            Value::Array(items) => Some(items.iter()),
            _ => None,
        }
    }
}

impl<'t> Node<'t> for Lazy<'t> {
    fn type_name(self) -> &'static str {
        match self.first() {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        }
    }

    fn as_str(self) -> Option<Cow<'t, str>> {
        if self.first() != Some(b'"') {
            return None;
        }
        if let Some((end, true)) = self.scalar {
            // Between the quotes, which are ASCII.
            return self.tape.text.get(self.at + 1..end - 1).map(Cow::Borrowed);
        }
        self.parser(self.at).string().ok()
    }

    fn as_number(self) -> Option<&'t str> {
        if !matches!(self.first(), Some(b'-' | b'0'..=b'9')) {
            return None;
        }
        if let Some((end, _)) = self.scalar {
            return self.tape.text.get(self.at..end);
        }
        self.parser(self.at).number().ok()
    }

    fn as_bool(self) -> Option<bool> {
        match self.first() {
            Some(b't') => Some(true),
            Some(b'f') => Some(false),
            _ => None,
        }
    }

    fn fields(self) -> Option<impl Iterator<Item = (Cow<'t, str>, Self)>> {
        (self.first() == Some(b'{')).then(|| self.members().filter_map(|(k, v)| Some((k?, v))))
    }

    fn items(self) -> Option<impl Iterator<Item = Self>> {
        (self.first() == Some(b'[')).then(|| self.members().map(|(_, v)| v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_field_order_and_number_text() {
        let v = parse(r#"{"b": 1.50, "a": [true, null, "x\u00e9\ud83d\ude00"]}"#).unwrap();
        assert_eq!(v.to_json(), "{\"b\":1.50,\"a\":[true,null,\"xé😀\"]}");
    }

    #[test]
    fn refuses_what_the_spec_calls_invalid_json() {
        let deep = "[".repeat(129) + &"]".repeat(129);
        let ok = "[".repeat(128) + &"]".repeat(128);
        assert!(parse(&ok).is_ok());
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#"{"a\u0062":1,"ab":2}"#,
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "[1,]",
            "{",
            "01",
            "1 2",
            "\"a\u{1}\"",
            "-",
            "1.",
            &deep,
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidJson, "{bad}");
        }
        assert!(parse_bytes(b"\"\xff\"").is_err());
    }

    #[test]
    fn skip_plain_stops_at_the_first_special_byte_wherever_it_is() {
        let fillers = ["a", "é", "~", " ", "\u{7f}", "€"];
        for filler in fillers {
            for len in 0..40 {
                for special in ['"', '\\', '\u{1}', '\u{1f}', '\0'] {
                    let text = format!("{}{special}{}", filler.repeat(len), "x".repeat(9));
                    let mut p = Parser::new(&text);
                    p.skip_plain();
                    assert_eq!(p.i, filler.len() * len, "{text:?}");
                }
                let plain = filler.repeat(len);
                let mut p = Parser::new(&plain);
                p.skip_plain();
                assert_eq!(p.i, plain.len());
            }
        }
    }

    #[test]
    fn reading_in_place_walks_every_member() {
        let text = r#" { "a" : [1, {"b": "x\\\"y"}, [], {}, "s"], "c\u0064": -2.5e3, "e": [[[]]], "f": null } "#;
        let tape = Tape::parse(text).unwrap();
        let root = tape.root();
        let keys: Vec<String> = root
            .fields()
            .unwrap()
            .map(|(k, _)| k.into_owned())
            .collect();
        assert_eq!(keys, ["a", "cd", "e", "f"]);
        let (_, a) = root.fields().unwrap().next().unwrap();
        let items: Vec<&str> = a.items().unwrap().map(Node::type_name).collect();
        assert_eq!(
            items,
            ["a number", "an object", "an array", "an object", "a string"]
        );
        let nested = a.items().unwrap().nth(1).unwrap();
        let (_, b) = nested.fields().unwrap().next().unwrap();
        assert_eq!(b.as_str().unwrap(), "x\\\"y");
        assert_eq!(a.items().unwrap().nth(4).unwrap().as_str().unwrap(), "s");
        let (_, cd) = root.fields().unwrap().nth(1).unwrap();
        assert_eq!(cd.as_number(), Some("-2.5e3"));
        let (_, f) = root.fields().unwrap().nth(3).unwrap();
        assert_eq!(f.type_name(), "null");
        // Errors are the parser's, found anywhere in the text.
        for bad in [
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": [1,]}"#,
            r#"["\ud800"]"#,
            "[1] x",
        ] {
            assert_eq!(
                Tape::parse(bad).unwrap_err(),
                parse(bad).unwrap_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn writer_escapes_only_what_it_must() {
        let mut s = String::new();
        crate::write::escape_into(&mut s, "a\"\\\u{1}\n/é");
        assert_eq!(s, "\"a\\\"\\\\\\u0001\\n/é\"");
    }

    proptest::proptest! {
        /// Eight bytes at a time or one by one, the run ends at the first
        /// quote, backslash or control character, wherever it falls.
        #[test]
        fn a_plain_run_ends_at_the_first_special_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => 0x20u8..=0xff,
                    1 => proptest::sample::select(vec![b'"', b'\\', 0, 0x1f, b'\n', 0x80, 0xff]),
                ],
                0..40,
            )
        ) {
            let first = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            proptest::prop_assert_eq!(plain_run(&bytes), first.unwrap_or(bytes.len()));
        }
    }
}
