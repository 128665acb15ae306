//! The reader's fast path for the common entries: a contribution or a
//! repayment written as one flat object of plain strings (docs/format.md,
//! "Reading large files").
//!
//! Most of a large ledger's bytes are such entries. This reads one in a
//! single pass over its bytes, straight into an [`Entry`] whose buffers are
//! reused from entry to entry, where the general reader checks the JSON
//! into a tape, walks it, and allocates each field.
//!
//! It only ever says yes to what the general reader reads the same way: an
//! object of its `"type"` and known, unrepeated fields of that type (the
//! lists the general reader uses), each value a string without escapes
//! that reads as its field's type, and every required field given. For anything else — an escape, a
//! JSON number, a repeated or unknown field, a bad date, the text ending
//! first — it says `None`, and the caller reads the entry the general way,
//! which reports any error as always.

use crate::document::fields::{
    ContributionField, FieldType, CONTRIBUTION_KNOWN, CONTRIBUTION_REQUIRED, REPAYMENT_KNOWN,
    REPAYMENT_REQUIRED,
};
use crate::document::json::plain_run;
use crate::document::{Entry, EntryBody};
use crate::values::date::Date;
use crate::values::number::Dec;
use crate::values::{same_bytes, same_text};

/// Reads the flat contribution or repayment at the start of `s` into
/// `into` ([`contribution`], [`repayment`]); the number of bytes it takes.
/// A repayment written with its type first, as most are, is read as a
/// repayment only, rather than as a contribution first.
pub(crate) fn entry(s: &[u8], known: Option<&str>, into: &mut Entry) -> Option<usize> {
    if s.starts_with(br#"{"type":"repayment""#) {
        return repayment(s, known, into);
    }
    contribution(s, known, into).or_else(|| repayment(s, known, into))
}

/// Reads the contribution at the start of `s` into `into` (reusing its
/// strings); the number of bytes it takes, or `None` when the entry is not
/// a flat contribution of plain strings (or `s` ends before it does).
pub(crate) fn contribution(s: &[u8], known: Option<&str>, into: &mut Entry) -> Option<usize> {
    // Places in `CONTRIBUTION_KNOWN`: `type`, then `ContributionField::ALL`.
    let Fields { len, spans, seen } = fields(s, &CONTRIBUTION_KEYS)?;
    // Then the values, the entry's text checked as UTF-8 once.
    let text = utf8(s, known, len)?;
    let value = |j: usize| spans.get(j).and_then(|&(from, to)| text.get(from..to));
    if !same_text(value(0)?, "contribution") {
        return None;
    }
    if !matches!(into.body, EntryBody::Contribution(_)) {
        *into = Entry::empty_contribution();
    }
    if let EntryBody::Contribution(c) = &mut into.body {
        (c.value, c.hours, c.rate, c.paid) = (None, None, None, None);
    }
    into.note = None;
    for (j, field) in (1..).zip(ContributionField::ALL) {
        if seen & 1 << j == 0 {
            continue;
        }
        let text = value(j)?;
        let set = match field.field_type() {
            FieldType::Text => field.set_text(into, text),
            FieldType::Date => field.set_date(into, Date::parse(text).ok()?),
            FieldType::Number => field.set_number(into, Dec::parse(text).ok()?),
        };
        if !set {
            return None;
        }
    }
    Some(len)
}

/// [`contribution`] for a repayment: an object of its known fields
/// ([`REPAYMENT_KNOWN`]), each a plain string that reads as its field's
/// type, the required ones given.
pub(crate) fn repayment(s: &[u8], known: Option<&str>, into: &mut Entry) -> Option<usize> {
    let Fields { len, spans, seen } = fields(s, &REPAYMENT_KEYS)?;
    let place = |name: &str| REPAYMENT_KNOWN.iter().position(|k| same_text(k, name));
    let text = utf8(s, known, len)?;
    let value = |name: &str| {
        let (from, to) = *spans.get(place(name)?)?;
        text.get(from..to)
    };
    if !same_text(value("type")?, "repayment") {
        return None;
    }
    let (date, amount) = (
        Date::parse(value("date")?).ok()?,
        Dec::parse(value("amount")?).ok()?,
    );
    let loan = match &mut into.body {
        EntryBody::Repayment { loan, .. } => std::mem::take(loan),
        _ => String::new(),
    };
    let mut loan = loan;
    loan.clear();
    loan.push_str(value("loan")?);
    into.body = EntryBody::Repayment { loan, date, amount };
    into.id.clear();
    into.id.push_str(value("id")?);
    into.note = match place("note") {
        Some(j) if seen & 1 << j != 0 => Some(value("note")?.to_string()),
        _ => None,
    };
    Some(len)
}

/// The first `len` bytes of `s` as text: from `known` (`s` as a text
/// already checked), else checked here.
fn utf8<'a>(s: &'a [u8], known: Option<&'a str>, len: usize) -> Option<&'a str> {
    match known {
        Some(text) => text.get(..len),
        None => std::str::from_utf8(s.get(..len)?).ok(),
    }
}

/// An object's fields, read by [`fields`].
struct Fields<const N: usize> {
    /// The object's length in bytes.
    len: usize,
    /// Where each known field's value is (between its quotes).
    spans: [(usize, usize); N],
    /// Which known fields were given, a bit each.
    seen: u32,
}

/// Reads the object at the start of `s` whose keys and values are plain
/// strings, each key one of `keys`, none repeated, every required one
/// given; `None` for anything else.
#[inline]
fn fields<const N: usize>(s: &[u8], keys: &Keys<N>) -> Option<Fields<N>> {
    let mut spans = [(0usize, 0usize); N];
    let mut seen = 0u32;
    let mut p = Cursor { s, at: 0 };
    p.byte(b'{')?;
    loop {
        let field = keys.take(&mut p)?;
        p.byte(b':')?;
        let value = p.string()?;
        if seen & 1 << field != 0 {
            return None;
        }
        seen |= 1 << field;
        *spans.get_mut(field)? = value;
        match p.next()? {
            b',' => {}
            b'}' => break,
            _ => return None,
        }
    }
    (seen & keys.required == keys.required).then_some(Fields {
        len: p.at,
        spans,
        seen,
    })
}

/// A contribution's field names.
const CONTRIBUTION_KEYS: Keys<{ CONTRIBUTION_KNOWN.len() }> =
    Keys::new(CONTRIBUTION_KNOWN, &CONTRIBUTION_REQUIRED);

/// A repayment's field names.
const REPAYMENT_KEYS: Keys<{ REPAYMENT_KNOWN.len() }> =
    Keys::new(REPAYMENT_KNOWN, &REPAYMENT_REQUIRED);

/// The field names an object may have, with which name each first byte
/// starts (when only one does): a key is most often taken by comparing it
/// with that one name, rather than by finding its end and then its name.
struct Keys<const N: usize> {
    names: [&'static str; N],
    first: [u8; 256],
    /// The names that must be given, a bit each by place: `type` (first)
    /// and the required fields.
    required: u32,
}

impl<const N: usize> Keys<N> {
    /// No name, or more than one, starts with this byte.
    const NONE: u8 = u8::MAX;

    // Indexing in a constant: out of range fails to compile, never panics;
    // `j < N < 255`, asserted, so `j as u8` keeps it.
    #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
    const fn new(names: [&'static str; N], required: &[&str]) -> Keys<N> {
        assert!(N < 32 && N < Self::NONE as usize, "a few names");
        assert!(matches!(names[0].as_bytes(), b"type"), "`type` first");
        let mut first = [Self::NONE; 256];
        let mut shared = [false; 256];
        let mut j = 0;
        while j < N {
            let b = names[j].as_bytes()[0] as usize;
            if first[b] != Self::NONE {
                shared[b] = true;
            }
            first[b] = j as u8;
            j += 1;
        }
        let mut b = 0;
        while b < 256 {
            if shared[b] {
                first[b] = Self::NONE;
            }
            b += 1;
        }
        // `type`, and each required name at its place (a name not among
        // `names` fails to compile).
        let mut bits = 1u32;
        let mut r = 0;
        while r < required.len() {
            let mut j = 0;
            while !same_name(names[j].as_bytes(), required[r].as_bytes()) {
                j += 1;
            }
            bits |= 1 << j;
            r += 1;
        }
        Keys {
            names,
            first,
            required: bits,
        }
    }

    /// Takes the key at `p` (a string, after whitespace); its name's place,
    /// or `None` when it is not a plain string naming one of them.
    #[inline]
    fn take(&self, p: &mut Cursor<'_>) -> Option<usize> {
        p.byte(b'"')?;
        let from = p.at;
        let s = p.s;
        let guess = usize::from(*self.first.get(usize::from(*s.get(from)?))?);
        if let Some(name) = self.names.get(guess) {
            let end = from + name.len();
            if s.get(end) == Some(&b'"')
                && s.get(from..end)
                    .is_some_and(|k| same_bytes(k, name.as_bytes()))
            {
                p.at = end + 1;
                return Some(guess);
            }
        }
        // Another key (or a shared first byte): found whole, then named.
        let to = from + plain_run(s.get(from..)?);
        if s.get(to) != Some(&b'"') {
            return None;
        }
        p.at = to + 1;
        let key = s.get(from..to)?;
        self.names
            .iter()
            .position(|name| same_bytes(name.as_bytes(), key))
    }
}

/// [`same_bytes`] at compile time.
// Indexing in a constant: out of range fails to compile, never panics.
#[allow(clippy::indexing_slicing)]
const fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A position in the bytes of an entry.
struct Cursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// The next byte after JSON whitespace, taken.
    #[inline]
    fn next(&mut self) -> Option<u8> {
        loop {
            let b = *self.s.get(self.at)?;
            self.at += 1;
            // Most bytes are above the space: one comparison.
            if b > b' ' || !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
        }
    }

    /// Takes `want` (after whitespace).
    #[inline]
    fn byte(&mut self, want: u8) -> Option<()> {
        // Most often `want` is right there, with no whitespace before it.
        if self.s.get(self.at) == Some(&want) {
            self.at += 1;
            return Some(());
        }
        (self.next()? == want).then_some(())
    }

    /// A string without escapes or control characters (after whitespace):
    /// where its bytes between the quotes start and end. Inlined: its
    /// result returned through memory stalled the caller's next load.
    #[inline]
    fn string(&mut self) -> Option<(usize, usize)> {
        self.byte(b'"')?;
        let from = self.at;
        let to = from + plain_run(self.s.get(from..)?);
        if self.s.get(to) != Some(&b'"') {
            return None;
        }
        self.at = to + 1;
        Some((from, to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::json::Tape;
    use crate::document::read::{entry, At};
    use std::fmt::Write as _;

    /// The general reader's entry, or `None` on any error.
    fn general(text: &str) -> Option<Entry> {
        let tape = Tape::parse(text).ok()?;
        entry(tape.root(), &At::root("")).ok()
    }

    #[test]
    fn a_flat_contribution_reads_as_the_general_reader_reads_it() {
        let mut into = Entry::empty_contribution();
        for text in [
            r#"{"type":"contribution","id":"c1","member":"ana","date":"2024-02-29","kind":"labor","hours":"60","rate":"56.95"}"#,
            r#"{ "id" : "c2" ,"member":"bé","date":"2024-01-01","kind":"cash","value":"3195.4","type":"contribution", "note": "ok", "paid": "0"}"#,
            "{\n\t\"type\": \"contribution\",\r\n \"id\": \"c3\", \"member\": \"x\", \"date\": \"2020-01-01\", \"kind\": \"k\"\n}",
        ] {
            // The same entry, whatever entry the buffer held before.
            for before in [Entry::empty_contribution(), general(r#"{"type":"void","id":"v","target":"c"}"#).unwrap()] {
                into = before;
                let len = contribution(text.as_bytes(), None, &mut into);
                assert_eq!(len, Some(text.len()), "{text}");
                assert_eq!(Some(&into), general(text).as_ref(), "{text}");
            }
            // Reused after an entry with every optional field.
            let full = r#"{"type":"contribution","id":"f","member":"m","date":"2020-01-01","kind":"k","value":"1","hours":"2","rate":"3","paid":"4","note":"n"}"#;
            assert!(contribution(full.as_bytes(), None, &mut into).is_some());
            assert!(contribution(text.as_bytes(), None, &mut into).is_some());
            assert_eq!(Some(&into), general(text).as_ref(), "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_general_reader() {
        let base = r#""id":"c1","member":"ana","date":"2024-02-01","kind":"labor""#;
        for text in [
            // Other entry types, and no type.
            r#"{"type":"repayment","id":"r","loan":"c","date":"2024-01-01","amount":"1"}"#.to_string(),
            format!("{{{base}}}"),
            format!(r#"{{"type":"Contribution",{base}}}"#),
            // Escapes, numbers, other values, control characters.
            format!(r#"{{"type":"contribution",{base},"note":"a\"b"}}"#),
            format!(r#"{{"type":"contribution",{base},"value":12}}"#),
            format!(r#"{{"type":"contribution",{base},"note":null}}"#),
            format!("{{\"type\":\"contribution\",{base},\"note\":\"a\tb\"}}"),
            format!(r#"{{"typ\u0065":"contribution",{base}}}"#),
            // Repeated, unknown and missing fields.
            format!(r#"{{"type":"contribution",{base},"id":"c2"}}"#),
            format!(r#"{{"type":"contribution","type":"contribution",{base}}}"#),
            format!(r#"{{"type":"contribution",{base},"extra":"1"}}"#),
            r#"{"type":"contribution","id":"c1","member":"ana","date":"2024-02-01"}"#.to_string(),
            // Values that do not read.
            format!(r#"{{"type":"contribution",{base},"value":"1e3"}}"#),
            r#"{"type":"contribution","id":"c1","member":"ana","date":"2023-02-29","kind":"labor"}"#.to_string(),
            // Malformed or cut short.
            format!(r#"{{"type":"contribution",{base},}}"#),
            format!(r#"{{"type":"contribution",{base}"#),
            format!(r#"{{"type":"contribution" {base}}}"#),
            "{}".to_string(),
            "[]".to_string(),
            String::new(),
        ] {
            let mut into = Entry::empty_contribution();
            assert_eq!(contribution(text.as_bytes(), None, &mut into), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Whatever fields, values, order and spacing an entry has, the
        /// fast path either leaves it or reads what the general reader
        /// reads; and it reads every entry whose fields are plain and right.
        #[test]
        fn what_it_reads_the_general_reader_reads_the_same(
            extras in proptest::collection::vec((0usize..12, 0usize..8), 0..5),
            order in proptest::collection::vec(proptest::num::u32::ANY, 12),
            spaces in proptest::collection::vec(0usize..4, 36),
        ) {
            const KEYS: [&str; 12] = ["type", "id", "member", "date", "kind", "value",
                "hours", "rate", "paid", "note", "loan", "ty\\u0070e"];
            const VALUES: [&str; 8] = ["\"contribution\"", "\"2024-02-29\"", "\"2023-02-29\"",
                "\"12.50\"", "\"ana\"", "7", "\"a\\nb\"", "\"-1e2\""];
            const SPACES: [&str; 4] = ["", " ", "\n\t", "\r\n  "];
            // The required fields, right, then the extras, in a random order.
            let mut fields: Vec<(&str, &str)> = vec![("type", "\"contribution\""), ("id", "\"c1\""),
                ("member", "\"ana\""), ("date", "\"2024-02-29\""), ("kind", "\"labor\"")];
            fields.extend(extras.iter().map(|&(k, v)| (KEYS[k], VALUES[v])));
            let mut keyed: Vec<_> = fields.into_iter().zip(&order).collect();
            keyed.sort_by_key(|(_, &o)| o);
            let mut text = String::from("{");
            for (n, ((key, value), _)) in keyed.iter().enumerate() {
                let space = |j: usize| SPACES[spaces[(3 * n + j) % spaces.len()]];
                if n > 0 {
                    text.push(',');
                }
                let _ = write!(text, "{}\"{key}\"{}:{}{value}", space(0), space(1), space(2));
            }
            text.push('}');
            let number = keyed.iter().any(|((_, v), _)| *v == "7");
            reads_as_the_general_reader(contribution, &text, number)?;
        }
    }

    /// A fast path (`flat`) on `text` either reads what the general reader
    /// reads, the same whether the text is given as already checked or
    /// not, or leaves it with a reason: an error, an escape, or a JSON
    /// `number`.
    fn reads_as_the_general_reader(
        flat: fn(&[u8], Option<&str>, &mut Entry) -> Option<usize>,
        text: &str,
        number: bool,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let read = general(text);
        let (mut into, mut known) = (Entry::empty_contribution(), Entry::empty_contribution());
        let read_known = flat(text.as_bytes(), Some(text), &mut known);
        proptest::prop_assert_eq!(read_known, flat(text.as_bytes(), None, &mut into));
        if let Some(len) = read_known {
            proptest::prop_assert_eq!(&known, &into);
            proptest::prop_assert_eq!(len, text.len());
            proptest::prop_assert_eq!(Some(&into), read.as_ref(), "{}", text);
        } else {
            proptest::prop_assert!(read.is_none() || text.contains('\\') || number, "{}", text);
        }
        Ok(())
    }

    #[test]
    fn a_flat_repayment_reads_as_the_general_reader_reads_it() {
        let mut into = Entry::empty_contribution();
        for text in [
            r#"{"type":"repayment","id":"r1","loan":"c1","date":"2024-02-29","amount":"12.50"}"#,
            r#"{ "amount" : "3" , "note":"é","loan":"c2","date":"2020-01-01","id":"r2","type":"repayment"}"#,
        ] {
            // Whatever the buffer held before: a contribution, a repayment.
            for _ in 0..2 {
                assert_eq!(
                    repayment(text.as_bytes(), None, &mut into),
                    Some(text.len()),
                    "{text}"
                );
                assert_eq!(Some(&into), general(text).as_ref(), "{text}");
            }
        }
        for text in [
            // Not a repayment, or not flat: escapes, numbers, unknown,
            // repeated or missing fields, values that do not read.
            r#"{"type":"contribution","id":"r1","loan":"c1","date":"2024-02-29","amount":"1"}"#,
            r#"{"type":"repayment","id":"r\u0031","loan":"c1","date":"2024-02-29","amount":"1"}"#,
            r#"{"type":"repayment","id":"r1","loan":"c1","date":"2024-02-29","amount":1}"#,
            r#"{"type":"repayment","id":"r1","loan":"c1","date":"2024-02-29","amount":"1","member":"m"}"#,
            r#"{"type":"repayment","id":"r1","id":"r2","loan":"c1","date":"2024-02-29","amount":"1"}"#,
            r#"{"type":"repayment","id":"r1","date":"2024-02-29","amount":"1"}"#,
            r#"{"type":"repayment","id":"r1","loan":"c1","date":"2023-02-29","amount":"1"}"#,
            r#"{"type":"repayment","id":"r1","loan":"c1","date":"2024-02-29","amount":"1e2"}"#,
            r#"{"id":"r1","loan":"c1","date":"2024-02-29","amount":"1"}"#,
        ] {
            assert_eq!(repayment(text.as_bytes(), None, &mut into), None, "{text}");
        }
    }

    proptest::proptest! {
        /// [`what_it_reads_the_general_reader_reads_the_same`] for repayments.
        #[test]
        fn a_repayment_it_reads_the_general_reader_reads_the_same(
            extras in proptest::collection::vec((0usize..8, 0usize..7), 0..4),
            order in proptest::collection::vec(proptest::num::u32::ANY, 9),
            space in 0usize..3,
        ) {
            const KEYS: [&str; 8] = ["type", "id", "loan", "date", "amount", "note", "member", "ty\\u0070e"];
            const VALUES: [&str; 7] = ["\"repayment\"", "\"2024-02-29\"", "\"2023-02-29\"",
                "\"12.50\"", "\"c1\"", "7", "\"a\\nb\""];
            let mut fields: Vec<(&str, &str)> = vec![("type", "\"repayment\""), ("id", "\"r1\""),
                ("loan", "\"c1\""), ("date", "\"2024-02-29\""), ("amount", "\"3.25\"")];
            fields.extend(extras.iter().map(|&(k, v)| (KEYS[k], VALUES[v])));
            let mut keyed: Vec<_> = fields.into_iter().zip(&order).collect();
            keyed.sort_by_key(|(_, &o)| o);
            let sep = [",", " , ", ",\n  "][space];
            let body: Vec<String> = keyed.iter().map(|((k, v), _)| format!("\"{k}\":{v}")).collect();
            let text = format!("{{{}}}", body.join(sep));
            let number = keyed.iter().any(|((_, v), _)| *v == "7");
            reads_as_the_general_reader(repayment, &text, number)?;
        }
    }

    #[test]
    fn it_stops_at_the_end_of_the_entry() {
        let text =
            r#"{"type":"contribution","id":"c1","member":"a","date":"2024-02-01","kind":"k"} ,{"#;
        let mut into = Entry::empty_contribution();
        assert_eq!(
            contribution(text.as_bytes(), None, &mut into),
            text.find('}').map(|i| i + 1)
        );
    }
}
