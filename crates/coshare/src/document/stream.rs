//! A ledger file read piece by piece (docs/format.md, "Reading large
//! files"): the top-level object's values and each entry are cut out of a
//! window of the input and read one at a time, so a ledger is built
//! without its whole text in memory.
//!
//! This module only cuts: it finds where a JSON value ends (brackets
//! outside strings). Each piece is then checked and read by the usual
//! reader; anything unexpected ends the pass (`None`) and the caller reads
//! the whole text instead, which finds the same error the usual way.

use std::io::Read;

/// How much is read at a time.
const CHUNK: usize = 1 << 22;

/// A window over a byte source: `bytes()[at..]` is what is read and not
/// yet used.
pub(crate) struct Window<'a, R> {
    source: R,
    /// A text already whole in memory, read in place (then `buf` is unused
    /// and `eof` set): no copy of it is made.
    whole: &'a str,
    buf: Vec<u8>,
    at: usize,
    eof: bool,
    /// Where each read lands before joining `buf`.
    chunk: Vec<u8>,
}

impl<'a> Window<'a, std::io::Empty> {
    /// A window over a whole text in memory.
    pub(crate) fn whole(text: &'a str) -> Self {
        Window {
            source: std::io::empty(),
            whole: text,
            buf: Vec::new(),
            at: 0,
            eof: true,
            chunk: Vec::new(),
        }
    }
}

impl<'a, R: Read> Window<'a, R> {
    pub(crate) fn new(source: R) -> Self {
        Window {
            source,
            whole: "",
            buf: Vec::new(),
            at: 0,
            eof: false,
            chunk: Vec::new(),
        }
    }

    /// Reads more of the source, dropping what was used; false at its end
    /// (or on a read error, which the whole-text reading reports).
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.at > 0 {
            self.buf.drain(..self.at);
            self.at = 0;
        }
        if self.chunk.is_empty() {
            self.chunk = vec![0; CHUNK];
        }
        let read = loop {
            match self.source.read(&mut self.chunk) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break 0,
            }
        };
        self.buf
            .extend_from_slice(self.chunk.get(..read).unwrap_or_default());
        if read == 0 {
            self.eof = true;
        }
        read > 0
    }

    /// What is read and not yet used (after [`Window::peek`], from the next
    /// value on).
    pub(crate) fn rest(&self) -> &[u8] {
        self.bytes().get(self.at..).unwrap_or_default()
    }

    /// [`Window::rest`] as text, when it is known to be UTF-8 (a whole
    /// text in memory), so that it need not be checked again.
    pub(crate) fn rest_text(&self) -> Option<&'a str> {
        // At a value's start, a character starts.
        self.buf
            .is_empty()
            .then(|| self.whole.get(self.at..))
            .flatten()
    }

    /// The bytes held: the whole text, or what was read into `buf`.
    fn bytes(&self) -> &[u8] {
        if self.buf.is_empty() {
            self.whole.as_bytes()
        } else {
            &self.buf
        }
    }

    /// Uses `len` bytes of [`Window::rest`], read in place.
    pub(crate) fn advance(&mut self, len: usize) {
        self.at = (self.at + len).min(self.bytes().len());
    }

    /// Skips whitespace; the next byte, if any.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        loop {
            let skipped = self
                .rest()
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .count();
            self.at += skipped;
            if let Some(&b) = self.rest().first() {
                return Some(b);
            }
            if !self.fill() {
                return None;
            }
        }
    }

    /// Takes the next byte if it is `b` (after whitespace).
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Whether nothing but whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// The text of the next JSON value (after whitespace), as its bytes, or
    /// `None` if the input ends first. The value is only cut, not checked.
    pub(crate) fn value(&mut self) -> Option<&[u8]> {
        self.peek()?;
        let len = loop {
            match value_end(self.rest()) {
                Some(len) => break len,
                None if self.fill() => {}
                None => return None,
            }
        };
        let start = self.at;
        self.at += len;
        self.bytes().get(start..start + len)
    }
}

/// The length of the JSON value at the start of `s`, if `s` holds all of
/// it: an array or object to its closing bracket, a string to its closing
/// quote, a number or literal to the next delimiter (which must be there).
fn value_end(s: &[u8]) -> Option<usize> {
    let first = *s.first()?;
    match first {
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = 0;
            while let Some(&b) = s.get(i) {
                match b {
                    b'"' => i += string_end(s.get(i..)?)? - 1,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        b'"' => string_end(s),
        _ => s
            .iter()
            .position(|b| matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')),
    }
}

/// The length of the string at the start of `s` (quotes included).
fn string_end(s: &[u8]) -> Option<usize> {
    let mut i = 1;
    loop {
        match s.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `text`, cut by a window.
    fn cut<R: Read>(w: &mut Window<'_, R>) {
        assert!(w.eat(b'{'));
        assert_eq!(w.value(), Some(&br#""a""#[..]));
        assert!(w.eat(b':'));
        assert_eq!(w.value(), Some(&br#"[1, "x]\"}", {"b": []}]"#[..]));
        assert!(w.eat(b','));
        assert_eq!(w.value(), Some(&br#""c""#[..]));
        assert!(w.eat(b':'));
        assert_eq!(w.value(), Some(&b"12.5"[..]));
        assert!(w.eat(b','));
        assert_eq!(w.value(), Some(&br#""d""#[..]));
        assert!(w.eat(b':'));
        assert_eq!(w.value(), Some(&br#""q\\""#[..]));
        assert!(w.eat(b'}'));
        assert!(w.at_end());
    }

    #[test]
    fn values_are_cut_at_their_end_whatever_the_chunks() {
        let text = br#" {"a": [1, "x]\"}", {"b": []}], "c": 12.5 , "d":"q\\"} "#;
        // Read from a source, and in place from the text in memory.
        cut(&mut Window::new(&text[..]));
        cut(&mut Window::whole(
            std::str::from_utf8(text).unwrap_or_default(),
        ));
    }

    #[test]
    fn an_unfinished_value_is_none() {
        for text in [&b"[1, 2"[..], b"\"abc", b"12", b"{\"a\": [}"] {
            let mut w = Window::new(text);
            assert_eq!(w.value(), None, "{:?}", std::str::from_utf8(text));
            let whole = std::str::from_utf8(text).unwrap_or_default();
            assert_eq!(Window::whole(whole).value(), None, "{whole:?}");
        }
    }
}
