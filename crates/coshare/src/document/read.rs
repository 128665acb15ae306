//! Reading (docs/format.md, "Errors", reading: a JSON value into a [`Document`] or [`Request`].
//!
//! The document is read in document order, each object's fields in the order
//! they appear (a curve's or entry's `type` first), its missing fields at
//! its end; the first reading error wins.

use crate::check::builder::LedgerBuilder;
use crate::document::fields::{
    CONTRIBUTION_KNOWN, CONTRIBUTION_REQUIRED, REPAYMENT_KNOWN, REPAYMENT_REQUIRED,
};
use crate::document::json::{Node, Tape};
use crate::document::stream::Window;
use crate::document::{
    Allocation, Bucket, CapitalRules, Contribution, Currency, Curve, Distribution, Document, Entry,
    EntryBody, Figure, Figures, Kind, Member, Policy, Request, Shape,
};
use crate::error::{Error, ErrorCode, PathStep, Result};
use crate::ledger::Ledger;
use crate::values::date::{Date, Duration};
use crate::values::number::Dec;
use std::borrow::Cow;
use std::fmt::Write as _;

/// One step of a document path.
#[derive(Clone, Copy)]
enum Step<'a> {
    Root(&'a str),
    Field(&'a str),
    Index(usize),
}

/// Where the reader is: a document path, kept as a chain of steps and
/// written out only when an error needs it, and, inside an entry, its id.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
    entry: Option<&'a str>,
}

impl<'a> At<'a> {
    /// The top of a document; `label` names it in paths (`""` for none).
    pub(crate) fn root(label: &'a str) -> At<'a> {
        At {
            parent: None,
            step: Step::Root(label),
            entry: None,
        }
    }

    fn field<'b>(&'b self, name: &'b str) -> At<'b> {
        At {
            parent: Some(self),
            step: Step::Field(name),
            entry: self.entry,
        }
    }

    fn index(&self, i: usize) -> At<'_> {
        At {
            parent: Some(self),
            step: Step::Index(i),
            entry: self.entry,
        }
    }

    fn in_entry(mut self, id: Option<&'a str>) -> At<'a> {
        self.entry = id;
        self
    }

    /// The location, such as `["policies", 0, "kinds", "labor", "multiplier"]`.
    fn location(&self) -> Vec<PathStep> {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(here) = at {
            match here.step {
                Step::Root("") => {}
                Step::Root(name) | Step::Field(name) => steps.push(PathStep::from(name)),
                Step::Index(i) => steps.push(PathStep::Index(i)),
            }
            at = here.parent;
        }
        steps.reverse();
        steps
    }

    pub(crate) fn error(&self, code: ErrorCode, message: impl Into<String>) -> Error {
        let mut e = Error::at(code, self.location(), message.into());
        if let Some(id) = self.entry {
            e = e.with_entry(id);
        }
        e
    }

    fn wrong_type<'n>(&self, want: &str, got: impl Node<'n>) -> Error {
        self.error(
            ErrorCode::InvalidJson,
            format!("expected {want}, found {}", got.type_name()),
        )
    }
}

fn object<'a, N: Node<'a>>(v: N, at: &At) -> Result<impl Iterator<Item = (Cow<'a, str>, N)>> {
    v.fields().ok_or_else(|| at.wrong_type("an object", v))
}

fn array<'a, N: Node<'a>>(v: N, at: &At) -> Result<impl Iterator<Item = N> + use<'a, N>> {
    v.items().ok_or_else(|| at.wrong_type("an array", v))
}

/// A string field, borrowed from the document where it can be.
fn text<'a>(v: impl Node<'a>, at: &At) -> Result<Cow<'a, str>> {
    v.as_str().ok_or_else(|| at.wrong_type("a string", v))
}

fn string<'a>(v: impl Node<'a>, at: &At) -> Result<String> {
    text(v, at).map(Cow::into_owned)
}

fn boolean<'a>(v: impl Node<'a>, at: &At) -> Result<bool> {
    v.as_bool().ok_or_else(|| at.wrong_type("true or false", v))
}

/// Reads a number field: a decimal string or a JSON integer of at most 15 digits.
pub(crate) fn number<'a>(v: impl Node<'a>, at: &At) -> Result<Dec> {
    let bad = |text: &str| {
        at.error(
            ErrorCode::InvalidNumber,
            format!("{text} is not a number coshare accepts (a decimal string such as \"12.50\", at most 15 digits before the point and 18 after)"),
        )
    };
    if let Some(s) = v.as_str() {
        return Dec::parse(&s).map_err(|_| bad(&format!("{s:?}")));
    }
    let Some(n) = v.as_number() else {
        return Err(at.wrong_type("a number", v));
    };
    if n.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Err(bad(&format!(
            "the JSON number {n} (write fractions as strings)"
        )));
    }
    Dec::parse(n).map_err(|_| bad(&format!("the JSON number {n}")))
}

pub(crate) fn date<'a>(v: impl Node<'a>, at: &At) -> Result<Date> {
    let s = text(v, at)?;
    Date::parse(&s).map_err(|_| {
        at.error(
            ErrorCode::InvalidDate,
            format!("{s:?} {}", Date::why_not(&s).unwrap_or_default()),
        )
    })
}

pub(crate) fn duration<'a>(v: impl Node<'a>, at: &At) -> Result<Duration> {
    let s = text(v, at)?;
    Duration::parse(&s).map_err(|_| {
        at.error(
            ErrorCode::InvalidDuration,
            format!("{s:?} is not a duration such as \"P1Y6M\" (counts at most 100000)"),
        )
    })
}

/// Visits an object's fields in document order, refusing unknown ones and
/// reporting the first missing required field at the end.
fn fields<'a, N: Node<'a>>(
    v: N,
    at: &At,
    known: &[&str],
    required: &[&str],
    visit: impl FnMut(&str, N, &At) -> Result<()>,
) -> Result<()> {
    fields_of(object(v, at)?, at, known, required, visit)
}

/// [`fields`] over an object's fields already at hand.
fn fields_of<'a, N: Node<'a>>(
    fields: impl Iterator<Item = (Cow<'a, str>, N)>,
    at: &At,
    known: &[&str],
    required: &[&str],
    mut visit: impl FnMut(&str, N, &At) -> Result<()>,
) -> Result<()> {
    // Which required fields were seen (there are at most four).
    let mut seen = 0u32;
    for (name, value) in fields {
        let Some(j) = known.iter().position(|k| same(k, &name)) else {
            return Err(at.error(
                ErrorCode::UnknownField,
                format!("unknown field {name:?} (allowed: {})", known.join(", ")),
            ));
        };
        if let Some(r) = required.iter().position(|r| same(r, &name)) {
            seen |= 1 << r;
        }
        // The known name, so that matching on it compares static texts.
        let name = known.get(j).copied().unwrap_or_default();
        visit(name, value, &at.field(name))?;
    }
    for (j, name) in required.iter().enumerate() {
        if seen & (1 << j) == 0 {
            return Err(at.error(
                ErrorCode::MissingField,
                format!("the required field {name:?} is missing"),
            ));
        }
    }
    Ok(())
}

use crate::values::same_text as same;

/// Reads the `type` of a curve or entry first.
fn type_field<'a>(v: impl Node<'a>, at: &At) -> Result<Cow<'a, str>> {
    match object(v, at)?.find(|(k, _)| k == "type") {
        Some((_, t)) => text(t, &at.field("type")),
        None => Err(at.error(
            ErrorCode::MissingField,
            "the required field \"type\" is missing",
        )),
    }
}

/// A document's currency, policies and members.
struct Header {
    currency: Currency,
    policies: Vec<Policy>,
    members: Vec<Member>,
}

/// Reads a document's fields in their order: its header, with the
/// `entries` value handed to `entries` where it comes.
fn header<'a, N: Node<'a>>(
    v: N,
    at: &At,
    entries: impl FnMut(N, &At) -> Result<()>,
) -> Result<Header> {
    header_recovering(v, at, None, entries)
}

/// [`header`], recovering inside the `members` list when `recovered` is
/// given: a member that fails to read is listed there and skipped.
fn header_recovering<'a, N: Node<'a>>(
    v: N,
    at: &At,
    mut recovered: Option<&mut Vec<Error>>,
    mut entries: impl FnMut(N, &At) -> Result<()>,
) -> Result<Header> {
    let mut currency = None;
    let mut policies = Vec::new();
    let mut members = Vec::new();
    fields(
        v,
        at,
        &["currency", "policies", "members", "entries"],
        &["currency", "policies"],
        |name, v, at| match name {
            "currency" => {
                currency = Some(read_currency(v, at)?);
                Ok(())
            }
            "policies" => read_list(v, at, &mut policies, read_policy),
            "members" => match recovered.as_deref_mut() {
                Some(list) => {
                    for (i, m) in array(v, at)?.enumerate() {
                        match read_member(m, &at.index(i)) {
                            Ok(member) => members.push(member),
                            Err(e) => list.push(e),
                        }
                    }
                    Ok(())
                }
                None => read_list(v, at, &mut members, read_member),
            },
            _ => entries(v, at),
        },
    )?;
    let currency = currency.unwrap_or(Currency {
        code: String::new(),
        scale: 0,
    });
    Ok(Header {
        currency,
        policies,
        members,
    })
}

/// Reads a ledger document.
pub(crate) fn document<'a>(v: impl Node<'a>) -> Result<Document> {
    let mut entries = Vec::new();
    let Header {
        currency,
        policies,
        members,
    } = header(v, &At::root(""), |v, at| {
        let mut scratch = Vec::new();
        entries.reserve(array(v, at)?.count());
        for (i, e) in array(v, at)?.enumerate() {
            entries.push(entry_with(e, &at.index(i), &mut scratch)?);
        }
        Ok(())
    })?;
    Ok(Document {
        currency,
        policies,
        members,
        entries,
    })
}

/// Reads a ledger document for `validate` (docs/format.md, "Errors"): every reading error,
/// recovering inside the `members` and `entries` lists (an element that
/// fails to read is listed and skipped); a reading error anywhere else is
/// listed last and stops reading. Empty when the document reads cleanly.
pub(crate) fn reading_errors<'a>(v: impl Node<'a>) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut entry_errors = Vec::new();
    let read = header_recovering(v, &At::root(""), Some(&mut errors), |v, at| {
        let mut scratch = Vec::new();
        for (i, e) in array(v, at)?.enumerate() {
            if let Err(e) = entry_with(e, &at.index(i), &mut scratch) {
                entry_errors.push((i, e));
            }
        }
        Ok(())
    });
    // Member errors and entry errors interleave as the lists come in the
    // document; both lists were read in document order.
    let mut all = merge_in_order(v, errors, entry_errors);
    if let Err(e) = read {
        all.push(e);
    }
    all
}

/// The recovered errors of `members` and `entries` in document order (the
/// list written first comes first).
fn merge_in_order<'a>(
    v: impl Node<'a>,
    members: Vec<Error>,
    entries: Vec<(usize, Error)>,
) -> Vec<Error> {
    let members_first = v
        .fields()
        .map(|mut f| f.find(|(k, _)| k == "members" || k == "entries"))
        .and_then(|f| f.map(|(k, _)| k == "members"))
        .unwrap_or(true);
    let entries = entries.into_iter().map(|(_, e)| e);
    if members_first {
        members.into_iter().chain(entries).collect()
    } else {
        entries.chain(members).collect()
    }
}

/// Reads a ledger document straight into a [`LedgerBuilder`], one entry
/// at a time, without holding its entries: the same first reading error as
/// [`document`], else the builder (`validating`: without compiling curves).
pub(crate) fn builder<'a, N: Node<'a>>(v: N, validating: bool) -> Result<LedgerBuilder> {
    let root = At::root("");
    let mut entries = None;
    let read = header(v, &root, |v, _| {
        entries = Some(v);
        Ok(())
    });
    let Header {
        currency,
        policies,
        members,
    } = match read {
        Ok(header) => header,
        Err(e) => {
            // The entries were skipped: reading the whole document finds
            // whichever error comes first in it.
            document(v)?;
            return Err(e);
        }
    };
    let mut builder = if validating {
        LedgerBuilder::validating(currency, policies, members)
    } else {
        LedgerBuilder::new(currency, policies, members)
    };
    if let Some(list) = entries {
        let at = root.field("entries");
        builder.reserve(array(list, &at)?.count());
        let mut scratch = Vec::new();
        for (i, e) in array(list, &at)?.enumerate() {
            builder.push(&entry_with(e, &at.index(i), &mut scratch)?);
        }
    }
    Ok(builder)
}

/// [`builder`] from a byte source read piece by piece
/// ([`crate::document::stream`]), never holding its whole text: the header
/// fields, then each entry, checked and read on their own and pushed. `None`
/// where this pass cannot go on — any JSON or reading error, a header field
/// after `entries`, a field name with an escape, a read error — for the
/// caller to read the whole text, which reports the same error as always.
/// `size`, the source's length if known, tells how many entries to make
/// room for.
pub(crate) fn builder_streamed<R: std::io::Read>(
    source: R,
    validating: bool,
    size: Option<u64>,
) -> Option<LedgerBuilder> {
    builder_of_window(Window::new(source), validating, size)
}

/// The bytes from `source`'s position to its end; the position is kept.
pub(crate) fn remaining<S: std::io::Seek>(source: &mut S) -> std::io::Result<u64> {
    let at = source.stream_position()?;
    let end = source.seek(std::io::SeekFrom::End(0))?;
    source.seek(std::io::SeekFrom::Start(at))?;
    Ok(end.saturating_sub(at))
}

/// [`builder_streamed`] of a text already in memory, read in place.
pub(crate) fn builder_of_text(text: &str, validating: bool) -> Option<LedgerBuilder> {
    builder_of_window(Window::whole(text), validating, None)
}

fn builder_of_window<R: std::io::Read>(
    mut w: Window<'_, R>,
    validating: bool,
    size: Option<u64>,
) -> Option<LedgerBuilder> {
    if !w.eat(b'{') {
        return None;
    }
    let mut header_text = String::from("{");
    let mut keys: Vec<String> = Vec::new();
    let mut built: Option<LedgerBuilder> = None;
    while !w.eat(b'}') {
        if !keys.is_empty() && !w.eat(b',') {
            return None;
        }
        let key = w.value()?;
        let name = key.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
        if name.contains(&b'\\') || name.contains(&b'"') {
            return None;
        }
        let name = std::str::from_utf8(name).ok()?.to_string();
        if keys.contains(&name) || built.is_some() || !w.eat(b':') {
            return None;
        }
        keys.push(name.clone());
        if name != "entries" {
            let value = std::str::from_utf8(w.value()?).ok()?;
            if header_text.len() > 1 {
                header_text.push(',');
            }
            let _ = write!(header_text, "\"{name}\":{value}");
            continue;
        }
        let mut builder = header_builder(&header_text, validating)?;
        if !w.eat(b'[') {
            return None;
        }
        // A text in memory (or a file's size) tells how many entries to
        // make room for: one per 128 bytes, as a ledger's entries about
        // are (room not used is never touched, so it takes no memory).
        let size = w
            .rest_text()
            .map(str::len)
            .or_else(|| size.and_then(|s| usize::try_from(s).ok()));
        if let Some(size) = size {
            builder.reserve(size / 128);
        }
        let builder = push_entries(&mut w, builder)?;
        built = Some(builder);
    }
    if !w.at_end() {
        return None;
    }
    match built {
        Some(builder) => Some(builder),
        // A ledger without entries.
        None => header_builder(&header_text, validating),
    }
}

/// Reads the next entry of a list (after its `[`) into `into`:
/// `Some(false)` at the list's end, `None` on anything the piece-by-piece
/// pass does not take. `i` counts the entries read.
#[inline]
fn read_entry<R: std::io::Read>(
    w: &mut Window<'_, R>,
    into: &mut Entry,
    i: &mut usize,
) -> Option<bool> {
    if w.eat(b']') {
        return Some(false);
    }
    if *i > 0 && !w.eat(b',') {
        return None;
    }
    w.peek()?;
    let (rest, text) = (w.rest(), w.rest_text());
    if let Some(len) = crate::document::flat::entry(rest, text, into) {
        w.advance(len);
    } else {
        let text = std::str::from_utf8(w.value()?).ok()?;
        // An entry is two levels deep: in the document, in `entries`.
        let tape = Tape::parse_nested(text, 2).ok()?;
        let root = At::root("");
        let at = root.field("entries");
        *into = entry_with(tape.root(), &at.index(*i), &mut Vec::new()).ok()?;
    }
    *i += 1;
    Some(true)
}

/// Reads a list of entries (after its `[`) and pushes each into `builder`,
/// reading and checking side by side where threads can be had
/// ([`LedgerBuilder::push_from`]).
fn push_entries<R: std::io::Read>(
    w: &mut Window<'_, R>,
    builder: LedgerBuilder,
) -> Option<LedgerBuilder> {
    let (mut builder, mut i) = (builder, 0);
    builder
        .push_from(|into| read_entry(w, into, &mut i))
        .then_some(builder)
}

/// The builder of a document's header fields, given as the text of an
/// object without its closing brace (`None` on any error).
fn header_builder(fields: &str, validating: bool) -> Option<LedgerBuilder> {
    let text = format!("{fields}}}");
    let tape = Tape::parse(&text).ok()?;
    let header = header(tape.root(), &At::root(""), |_, _| Ok(())).ok()?;
    let (currency, policies, members) = (header.currency, header.policies, header.members);
    Some(if validating {
        LedgerBuilder::validating(currency, policies, members)
    } else {
        LedgerBuilder::new(currency, policies, members)
    })
}

/// Reads an array, each item with `read`, onto `out`.
fn read_list<'a, N: Node<'a>, T>(
    v: N,
    at: &At,
    out: &mut Vec<T>,
    read: impl Fn(N, &At) -> Result<T>,
) -> Result<()> {
    out.reserve(array(v, at)?.count());
    for (i, item) in array(v, at)?.enumerate() {
        out.push(read(item, &at.index(i))?);
    }
    Ok(())
}

/// A field holding a JSON integer of any length (docs/format.md, "Ledger document", `*`): a fraction or
/// exponent is `invalid_number`, another JSON type `invalid_json`; a value
/// out of range is left to checking (`i64::MAX` stands for any beyond it).
fn json_integer<'a>(v: impl Node<'a>, at: &At, what: &str) -> Result<i64> {
    let Some(n) = v.as_number() else {
        return Err(at.wrong_type("a JSON integer", v));
    };
    if n.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Err(at.error(
            ErrorCode::InvalidNumber,
            format!("the {what} {n} is not a whole number"),
        ));
    }
    Ok(n.parse::<i64>().unwrap_or(if n.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    }))
}

fn read_capital<'a>(v: impl Node<'a>, at: &At) -> Result<CapitalRules> {
    let mut c = CapitalRules::default();
    fields(
        v,
        at,
        &["revolve", "departure", "tax_year_end"],
        &[],
        |name, v, at| {
            match name {
                "revolve" => c.revolve = Some(duration(v, at)?),
                "departure" => c.departure = Some(duration(v, at)?),
                _ => c.tax_year_end = Some(json_integer(v, at, "tax_year_end")?),
            }
            Ok(())
        },
    )?;
    Ok(c)
}

fn read_currency<'a>(v: impl Node<'a>, at: &At) -> Result<Currency> {
    let mut code = String::new();
    let mut scale = 0;
    fields(
        v,
        at,
        &["code", "scale"],
        &["code", "scale"],
        |name, v, at| {
            if name == "code" {
                code = string(v, at)?;
            } else {
                // An integer out of 0..=4 is refused when checking
                // (invalid_currency), however many digits it has.
                scale = json_integer(v, at, "scale")?;
            }
            Ok(())
        },
    )?;
    Ok(Currency { code, scale })
}

fn read_member<'a>(v: impl Node<'a>, at: &At) -> Result<Member> {
    let mut m = Member {
        id: String::new(),
        name: None,
        note: None,
    };
    fields(v, at, &["id", "name", "note"], &["id"], |name, v, at| {
        match name {
            "id" => m.id = string(v, at)?,
            "name" => m.name = Some(string(v, at)?),
            _ => m.note = Some(string(v, at)?),
        }
        Ok(())
    })?;
    Ok(m)
}

fn read_policy<'a>(v: impl Node<'a>, at: &At) -> Result<Policy> {
    let mut effective = None;
    let mut p = Policy {
        effective: Date::from_day_number(0),
        unit_price: None,
        kinds: Vec::new(),
        departures: None,
        distribution: None,
        capital: None,
        note: None,
    };
    let known = [
        "effective",
        "unit_price",
        "kinds",
        "departures",
        "distribution",
        "capital",
        "note",
    ];
    fields(v, at, &known, &["effective", "kinds"], |name, v, at| {
        match name {
            "effective" => effective = Some(date(v, at)?),
            "unit_price" => p.unit_price = Some(number(v, at)?),
            "kinds" => {
                for (kind, k) in object(v, at)? {
                    let read = read_kind(k, &at.field(&kind))?;
                    p.kinds.push((kind.into_owned(), read));
                }
            }
            "departures" => {
                let mut reasons = Vec::new();
                for (reason, factors) in object(v, at)? {
                    let at = at.field(&reason);
                    let mut list = Vec::new();
                    for (key, f) in object(factors, &at)? {
                        let factor = number(f, &at.field(&key))?;
                        list.push((key.into_owned(), factor));
                    }
                    reasons.push((reason.to_string(), list));
                }
                p.departures = Some(reasons);
            }
            "distribution" => p.distribution = Some(read_distribution(v, at)?),
            "capital" => p.capital = Some(read_capital(v, at)?),
            _ => p.note = Some(string(v, at)?),
        }
        Ok(())
    })?;
    p.effective = effective.unwrap_or(p.effective);
    Ok(p)
}

fn read_kind<'a>(v: impl Node<'a>, at: &At) -> Result<Kind> {
    let mut k = Kind {
        multiplier: Dec::ZERO,
        curve: Curve::default(),
        repayable: false,
        capital: false,
    };
    fields(
        v,
        at,
        &["multiplier", "curve", "repayable", "capital"],
        &["multiplier"],
        |name, v, at| {
            match name {
                "multiplier" => k.multiplier = number(v, at)?,
                "curve" => k.curve = read_curve(v, at)?,
                "repayable" => k.repayable = boolean(v, at)?,
                _ => k.capital = boolean(v, at)?,
            }
            Ok(())
        },
    )?;
    Ok(k)
}

fn read_curve<'a>(v: impl Node<'a>, at: &At) -> Result<Curve> {
    let kind = type_field(v, at)?;
    let (known, required): (&[&str], &[&str]) = match kind.as_ref() {
        "none" => (&["type", "expire"], &[]),
        "term" => (&["type", "term", "expire"], &["term"]),
        "linear" => (&["type", "fade", "hold", "expire"], &["fade"]),
        "geometric" => (
            &["type", "rate", "every", "hold", "expire"],
            &["rate", "every"],
        ),
        "steps" => (&["type", "points", "expire"], &["points"]),
        other => {
            return Err(at.field("type").error(
                ErrorCode::InvalidCurve,
                format!("unknown curve type {other:?} (none, term, linear, geometric or steps)"),
            ))
        }
    };
    let mut expire = None;
    let (mut term, mut fade, mut hold, mut every) = (None, None, None, None);
    let mut rate = None;
    let mut points = Vec::new();
    fields(v, at, known, required, |name, v, at| {
        match name {
            "type" => {}
            "expire" => expire = Some(duration(v, at)?),
            "term" => term = Some(duration(v, at)?),
            "fade" => fade = Some(duration(v, at)?),
            "hold" => hold = Some(duration(v, at)?),
            "every" => every = Some(duration(v, at)?),
            "rate" => rate = Some(number(v, at)?),
            _ => {
                for (i, point) in array(v, at)?.enumerate() {
                    let at = at.index(i);
                    let pair: Vec<_> = array(point, &at)?.take(3).collect();
                    match pair.as_slice() {
                        &[d, w] => {
                            points.push((duration(d, &at.index(0))?, number(w, &at.index(1))?));
                        }
                        _ => {
                            return Err(at.error(
                                ErrorCode::InvalidJson,
                                "a step point must be a two-element array [DURATION, WEIGHT]",
                            ))
                        }
                    }
                }
            }
        }
        Ok(())
    })?;
    let hold = hold.unwrap_or_default();
    let shape = match kind.as_ref() {
        "none" => Shape::None,
        "term" => Shape::Term {
            term: term.unwrap_or_default(),
        },
        "linear" => Shape::Linear {
            fade: fade.unwrap_or_default(),
            hold,
        },
        "geometric" => Shape::Geometric {
            rate: rate.unwrap_or_default(),
            every: every.unwrap_or_default(),
            hold,
        },
        _ => Shape::Steps { points },
    };
    Ok(Curve { shape, expire })
}

fn read_distribution<'a>(v: impl Node<'a>, at: &At) -> Result<Distribution> {
    let mut d = Distribution::default();
    fields(
        v,
        at,
        &["buckets", "cash_fraction", "minimum_payout"],
        &[],
        |name, v, at| {
            match name {
                "buckets" => {
                    let mut buckets = Vec::new();
                    for (i, b) in array(v, at)?.enumerate() {
                        buckets.push(read_bucket(b, &at.index(i))?);
                    }
                    d.buckets = Some(buckets);
                }
                "cash_fraction" => d.cash_fraction = Some(number(v, at)?),
                _ => d.minimum_payout = Some(number(v, at)?),
            }
            Ok(())
        },
    )?;
    Ok(d)
}

fn read_bucket<'a>(v: impl Node<'a>, at: &At) -> Result<Bucket> {
    let mut b = Bucket {
        name: String::new(),
        share: Dec::ZERO,
        kinds: None,
    };
    fields(
        v,
        at,
        &["name", "share", "kinds"],
        &["name", "share"],
        |name, v, at| {
            match name {
                "name" => b.name = string(v, at)?,
                "share" => b.share = number(v, at)?,
                _ => {
                    let mut kinds = Vec::new();
                    for (i, k) in array(v, at)?.enumerate() {
                        kinds.push(string(k, &at.index(i))?);
                    }
                    b.kinds = Some(kinds);
                }
            }
            Ok(())
        },
    )?;
    Ok(b)
}

/// An entry's fields but `type`. Entries are most of a document: their
/// fields are told apart by an inline comparison with these, not a string
/// `match` (a `memcmp` call per arm).
const ENTRY_FIELDS: [&str; 13] = [
    "id", "note", "member", "kind", "reason", "target", "loan", "date", "value", "hours", "rate",
    "paid", "amount",
];

/// Reads entries given on their own (rows of a table, records): `list` is
/// an array of entry objects, the first of which is entry `first` of the
/// whole list, as errors name it (`entries[first + i]`).
pub fn read_entries(list: &crate::document::json::Value, first: usize) -> Result<Vec<Entry>> {
    let at = At::root("entries");
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    for (i, e) in array(list, &at)?.enumerate() {
        out.push(entry_with(e, &at.index(first + i), &mut scratch)?);
    }
    Ok(out)
}

/// Reads one entry (also used for the rows of a contributions CSV).
pub(crate) fn entry<'a>(v: impl Node<'a>, at: &At) -> Result<Entry> {
    entry_with(v, at, &mut Vec::new())
}

/// Reads one entry, its fields gathered once in `scratch` (reused from
/// entry to entry): the id and `type` are needed before the other fields.
fn entry_with<'a, N: Node<'a>>(
    v: N,
    at: &At,
    scratch: &mut Vec<(Cow<'a, str>, N)>,
) -> Result<Entry> {
    scratch.clear();
    if let Some(fields) = v.fields() {
        scratch.extend(fields);
    }
    let field = |name: &str| {
        let found = scratch.iter().find(|(k, _)| same(k, name));
        found.map(|(_, v)| *v)
    };
    let id_hint = field("id").and_then(Node::as_str);
    let at = at.in_entry(id_hint.as_deref());
    let kind = match (v.fields().is_some(), field("type")) {
        (false, _) => return Err(at.wrong_type("an object", v)),
        (true, Some(t)) => text(t, &at.field("type"))?,
        (true, None) => {
            return Err(at.error(
                ErrorCode::MissingField,
                "the required field \"type\" is missing",
            ))
        }
    };
    let (known, required): (&[&str], &[&str]) = match kind.as_ref() {
        "contribution" => (&CONTRIBUTION_KNOWN, &CONTRIBUTION_REQUIRED),
        "repayment" => (&REPAYMENT_KNOWN, &REPAYMENT_REQUIRED),
        "departure" => (
            &["type", "id", "member", "date", "reason", "note"],
            &["id", "member", "date", "reason"],
        ),
        "void" => (&["type", "id", "target", "note"], &["id", "target"]),
        "allocation" | "redemption" | "adjustment" | "payment" => {
            let kind = kind.into_owned();
            return book_entry(&kind, scratch.drain(..), &at);
        }
        other => {
            return Err(at.field("type").error(
                ErrorCode::InvalidEntry,
                format!(
                    "unknown entry type {other:?} (contribution, repayment, departure, void, allocation, redemption, adjustment or payment)"
                ),
            ))
        }
    };
    let mut id = String::new();
    let mut note = None;
    let (mut member, mut kind_name, mut reason, mut target, mut loan) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    let mut day = Date::from_day_number(0);
    let (mut value, mut hours, mut rate, mut paid, mut amount) =
        (None, None, None, None, Dec::ZERO);
    fields_of(scratch.drain(..), &at, known, required, |name, v, at| {
        match ENTRY_FIELDS.iter().position(|f| same(f, name)) {
            Some(0) => id = string(v, at)?,
            Some(1) => note = Some(string(v, at)?),
            Some(2) => member = string(v, at)?,
            Some(3) => kind_name = string(v, at)?,
            Some(4) => reason = string(v, at)?,
            Some(5) => target = string(v, at)?,
            Some(6) => loan = string(v, at)?,
            Some(7) => day = date(v, at)?,
            Some(8) => value = Some(number(v, at)?),
            Some(9) => hours = Some(number(v, at)?),
            Some(10) => rate = Some(number(v, at)?),
            Some(11) => paid = Some(number(v, at)?),
            Some(_) => amount = number(v, at)?,
            None => {} // "type", read first
        }
        Ok(())
    })?;
    let body = match kind.as_ref() {
        "contribution" => EntryBody::Contribution(Contribution {
            member,
            date: day,
            kind: kind_name,
            value,
            hours,
            rate,
            paid,
        }),
        "repayment" => EntryBody::Repayment {
            loan,
            date: day,
            amount,
        },
        "departure" => EntryBody::Departure {
            member,
            date: day,
            reason,
        },
        _ => EntryBody::Void { target },
    };
    Ok(Entry { id, body, note })
}

/// Reads an entry of the books (docs/format.md, "Allocations" and "Capital
/// accounts"), its fields gathered by [`entry_with`].
fn book_entry<'a, N: Node<'a>>(
    kind: &str,
    items: impl Iterator<Item = (Cow<'a, str>, N)>,
    at: &At,
) -> Result<Entry> {
    let (known, required): (&[&str], &[&str]) = match kind {
        "allocation" => (
            &[
                "type",
                "id",
                "date",
                "period",
                "amount",
                "basis",
                "carry_in",
                "reserves",
                "unallocated",
                "members",
                "note",
            ],
            &["id", "date", "period", "amount", "members"],
        ),
        "redemption" => (
            &["type", "id", "member", "date", "amount", "note"],
            &["id", "member", "date", "amount"],
        ),
        "adjustment" => (
            &[
                "type",
                "id",
                "member",
                "date",
                "amount",
                "allocation",
                "note",
            ],
            &["id", "member", "date", "amount"],
        ),
        _ => (
            &[
                "type",
                "id",
                "allocation",
                "member",
                "date",
                "amount",
                "note",
            ],
            &["id", "allocation", "member", "date", "amount"],
        ),
    };
    let zero = Date::from_day_number(0);
    let (mut id, mut note, mut member, mut allocation) = (String::new(), None, String::new(), None);
    let (mut day, mut amount) = (zero, Dec::ZERO);
    let mut a = Allocation {
        date: zero,
        start: zero,
        end: zero,
        amount: Dec::ZERO,
        basis: None,
        carry_in: None,
        reserves: Vec::new(),
        unallocated: None,
        members: Vec::new(),
    };
    fields_of(items, at, known, required, |name, v, at| {
        match name {
            "type" => {}
            "id" => id = string(v, at)?,
            "note" => note = Some(string(v, at)?),
            "member" => member = string(v, at)?,
            "allocation" => allocation = Some(string(v, at)?),
            "date" => day = date(v, at)?,
            "amount" => amount = number(v, at)?,
            "period" => {
                let (mut start, mut end) = (zero, zero);
                fields(
                    v,
                    at,
                    &["start", "end"],
                    &["start", "end"],
                    |name, v, at| {
                        if name == "start" {
                            start = date(v, at)?;
                        } else {
                            end = date(v, at)?;
                        }
                        Ok(())
                    },
                )?;
                (a.start, a.end) = (start, end);
            }
            "basis" => a.basis = Some(string(v, at)?),
            "carry_in" => a.carry_in = Some(carry_in_map(v, at)?),
            "reserves" => {
                for (name, x) in object(v, at)? {
                    let value = number(x, &at.field(&name))?;
                    a.reserves.push((name.into_owned(), value));
                }
            }
            "unallocated" => a.unallocated = Some(number(v, at)?),
            _ => {
                for (who, f) in object(v, at)? {
                    let figures = read_figures(f, &at.field(&who))?;
                    a.members.push((who.into_owned(), figures));
                }
            }
        }
        Ok(())
    })?;
    let body = match kind {
        "allocation" => {
            a.date = day;
            a.amount = amount;
            EntryBody::Allocation(a)
        }
        "redemption" => EntryBody::Redemption {
            member,
            date: day,
            amount,
        },
        "adjustment" => EntryBody::Adjustment {
            member,
            date: day,
            amount,
            allocation,
        },
        _ => EntryBody::Payment {
            allocation: allocation.unwrap_or_default(),
            member,
            date: day,
            amount,
        },
    };
    Ok(Entry { id, body, note })
}

fn read_figures<'a>(v: impl Node<'a>, at: &At) -> Result<Figures> {
    let mut f = Figures {
        allocated: Dec::ZERO,
        cash: Dec::ZERO,
        retained: Dec::ZERO,
        carry_out: None,
        written: Vec::new(),
    };
    fields(
        v,
        at,
        &["allocated", "cash", "retained", "carry_out"],
        &["allocated", "cash", "retained"],
        |name, v, at| {
            let x = number(v, at)?;
            let figure = match name {
                "allocated" => {
                    f.allocated = x;
                    Figure::Allocated
                }
                "cash" => {
                    f.cash = x;
                    Figure::Cash
                }
                "retained" => {
                    f.retained = x;
                    Figure::Retained
                }
                _ => {
                    f.carry_out = Some(x);
                    Figure::CarryOut
                }
            };
            f.written.push(figure);
            Ok(())
        },
    )?;
    // The usual order is not recorded, so that equal figures compare equal.
    if f.written.is_sorted() {
        f.written.clear();
    }
    Ok(f)
}

/// Reads a carry-in object: member -> number field.
pub(crate) fn carry_in_map<'a>(v: impl Node<'a>, at: &At) -> Result<Vec<(String, Dec)>> {
    let mut out = Vec::new();
    for (member, x) in object(v, at)? {
        let amount = number(x, &at.field(&member))?;
        out.push((member.into_owned(), amount));
    }
    Ok(out)
}

/// Reads a split request.
pub(crate) fn request<'a>(v: impl Node<'a>) -> Result<Request> {
    request_at(v, &At::root(""))
}

/// Reads a list of split requests (what `split_many` takes from a front
/// end), each as [`Request::from_value`] reads one; errors name the request
/// (`requests[i]...`).
pub fn read_requests(list: &crate::document::json::Value) -> Result<Vec<Request>> {
    let at = At::root("requests");
    let mut out = Vec::new();
    for (i, item) in array(list, &at)?.enumerate() {
        out.push(request_at(item, &at.index(i))?);
    }
    Ok(out)
}

/// A request's own error (`period`, `basis`) placed inside the list that
/// holds the request (`requests[2].period`); unchanged for a request alone.
fn within(at: &At, e: &Error) -> Error {
    let mut location = at.location();
    if location.is_empty() {
        return e.clone();
    }
    location.extend(e.location().iter().cloned());
    Error::at(e.code(), location, e.message())
}

fn request_at<'a>(v: impl Node<'a>, at: &At) -> Result<Request> {
    let at = *at;
    let mut period = None;
    let mut amount = Dec::ZERO;
    let mut basis_text = None;
    let mut carry_in = None;
    fields(
        v,
        &at,
        &["period", "amount", "basis", "carry_in"],
        &["period", "amount"],
        |name, v, at| {
            match name {
                "period" => {
                    let (mut start, mut end) = (None, None);
                    fields(
                        v,
                        at,
                        &["start", "end"],
                        &["start", "end"],
                        |name, v, at| {
                            if name == "start" {
                                start = Some(date(v, at)?);
                            } else {
                                end = Some(date(v, at)?);
                            }
                            Ok(())
                        },
                    )?;
                    period = start.zip(end);
                }
                "amount" => amount = number(v, at)?,
                "basis" => basis_text = Some(string(v, at)?),
                _ => carry_in = Some(carry_in_map(v, at)?),
            }
            Ok(())
        },
    )?;
    let (start, end) = period.unwrap_or((Date::from_day_number(0), Date::from_day_number(0)));
    // docs/format.md, "Errors", the request: after reading, the period, then the basis.
    crate::values::date::check_period(start, end).map_err(|e| within(&at, &e))?;
    let basis = match basis_text {
        Some(text) => text
            .parse::<crate::document::Basis>()
            .map_err(|e| within(&at, &e))?,
        None => crate::document::Basis::TimeWeighted,
    };
    Ok(Request {
        start,
        end,
        amount,
        basis,
        carry_in,
    })
}

impl Ledger {
    /// Reads and checks a ledger JSON document from a source that can go
    /// back to where it started (a file), without holding its whole text
    /// when it can: the header, then one entry at a time, go straight into
    /// the ledger (docs/format.md, "Reading large files"). The result is
    /// always [`Ledger::from_json`]'s on the same bytes: on any reading or
    /// JSON error (or an unusual layout, such as `entries` before
    /// `members`) the source is read again, whole, to report it the usual
    /// way. Bytes that are not UTF-8 are `invalid_json`. The outer result
    /// is the source's own I/O error.
    ///
    /// ```
    /// let file = std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/worked_example.json"))?;
    /// let ledger = coshare::Ledger::from_json_reader(std::io::BufReader::new(file))??;
    /// assert_eq!(ledger.members(), ["alice", "bob", "carol"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json_reader<R: std::io::Read + std::io::Seek>(
        mut source: R,
    ) -> std::io::Result<Result<Ledger>> {
        let start = source.stream_position()?;
        let size = remaining(&mut source)?;
        if let Some(builder) = builder_streamed(&mut source, false, Some(size)) {
            return Ok(builder.finish());
        }
        source.seek(std::io::SeekFrom::Start(start))?;
        let mut bytes = Vec::new();
        source.read_to_end(&mut bytes)?;
        Ok(crate::document::json::utf8(&bytes).and_then(Ledger::from_json))
    }

    /// Reads and checks a ledger JSON document; the first error wins (docs/format.md, "Errors").
    pub fn from_json(text: &str) -> Result<Ledger> {
        // Piece by piece, as a file is read (the fast path for flat
        // entries), else from the checked tape, entries straight into the
        // builder, which finds the first error.
        if let Some(builder) = builder_of_text(text, false) {
            return builder.finish();
        }
        let tape = crate::document::json::Tape::parse(text)?;
        builder(tape.root(), false)?.finish()
    }
}

impl Document {
    /// Reads a ledger JSON document (docs/format.md, "Errors", reading; no semantic checks.
    pub fn from_json(text: &str) -> Result<Document> {
        // The text is checked whole first (a JSON error anywhere wins), then
        // read in place, without building a tree of values.
        let tape = crate::document::json::Tape::parse(text)?;
        document(tape.root())
    }

    /// Reads a ledger from an already parsed JSON value (docs/format.md, "Errors", reading.
    pub fn from_value(value: &crate::document::json::Value) -> Result<Document> {
        document(value)
    }

    /// Reads a ledger JSON document from bytes, refusing invalid UTF-8.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Document> {
        let text = crate::document::json::utf8(bytes)?;
        Document::from_json(text)
    }

    /// Every error of the document in docs/format.md "Errors" order, at most one per entry;
    /// empty when it is valid.
    pub fn validate(&self) -> Vec<Error> {
        LedgerBuilder::of_document(self, true).errors()
    }
}

impl Request {
    /// Reads a request JSON document (docs/format.md, "Errors", the request.
    pub fn from_json(text: &str) -> Result<Request> {
        request(Tape::parse(text)?.root())
    }

    /// Reads a request from an already parsed JSON value.
    pub fn from_value(value: &crate::document::json::Value) -> Result<Request> {
        request(value)
    }
}

/// Every error of a ledger JSON document, in docs/format.md "Errors" order (at most one per
/// member or entry): its reading errors when it has any (recovering inside
/// the `members` and `entries` lists), else its checking errors. Empty when
/// valid. [`crate::Validation::of_json`] adds the warnings.
pub fn validate_json(ledger: &str) -> Vec<Error> {
    // Read without a reading error piece by piece, a ledger's errors are
    // its builder's (the same as below).
    if let Some(builder) = builder_of_text(ledger, true) {
        return builder.errors();
    }
    let tape = match Tape::parse(ledger) {
        Ok(tape) => tape,
        Err(e) => return vec![e],
    };
    match builder(tape.root(), true) {
        Ok(builder) => builder.errors(),
        // The fast path stops at the first reading error; list them all.
        Err(_) => reading_errors(tape.root()),
    }
}

impl crate::books::journal::JournalAccounts {
    /// Reads account names from a JSON object such as
    /// `{"cash": "Assets:Bank", "kinds": {"buyin": "Assets:Bank:Capital"}}`
    /// (docs/format.md, "journal"); every field is optional and defaults
    /// to the names of [`Default`].
    pub fn from_json(text: &str) -> Result<Self> {
        let tape = Tape::parse(text)?;
        let mut accounts = Self::default();
        let roles = [
            "surplus",
            "carried",
            "reserve",
            "unallocated",
            "payable",
            "capital",
            "cash",
            "adjustments",
            "opening",
            "kinds",
        ];
        fields(tape.root(), &At::root(""), &roles, &[], |name, v, at| {
            let slot = match name {
                "surplus" => &mut accounts.surplus,
                "carried" => &mut accounts.carried,
                "reserve" => &mut accounts.reserve,
                "unallocated" => &mut accounts.unallocated,
                "payable" => &mut accounts.payable,
                "capital" => &mut accounts.capital,
                "cash" => &mut accounts.cash,
                "adjustments" => &mut accounts.adjustments,
                "opening" => &mut accounts.opening,
                _ => {
                    for (kind, account) in object(v, at)? {
                        let account = string(account, &at.field(&kind))?;
                        accounts.kinds.push((kind.into_owned(), account));
                    }
                    return Ok(());
                }
            };
            *slot = string(v, at)?;
            Ok(())
        })?;
        Ok(accounts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger's entries list (without its `[`) across several batches:
    /// flat contributions, and entries the fast path leaves (an escape, a
    /// JSON number, a repayment, a departure), with `bad` at entry 7000.
    fn entries(bad: Option<&str>) -> String {
        let mut text = String::new();
        for i in 0..10_000 {
            if i > 0 {
                text.push_str(",\n");
            }
            let member = ["ana", "bo", "cy"][i % 3];
            let day = 1 + i % 28;
            let _ = match (i, i % 5) {
                (7000, _) if bad.is_some() => write!(text, "{}", bad.unwrap_or_default()),
                (_, 1) => write!(
                    text,
                    r#"{{"type":"contribution","id":"e{i}","member":"{member}","date":"2024-01-{day:02}","kind":"cash","value":"10","note":"say \"hi\""}}"#
                ),
                (_, 2) => write!(
                    text,
                    r#"{{"type":"contribution","id":"e{i}","member":"{member}","date":"2024-02-{day:02}","kind":"loan","hours":2,"rate":"7.5"}}"#
                ),
                (_, 3) => write!(
                    text,
                    r#"{{"type":"repayment","id":"e{i}","loan":"e{}","date":"2024-06-01","amount":"1"}}"#,
                    i - 1
                ),
                _ => write!(
                    text,
                    r#"{{"type":"contribution","id":"e{i}","member":"{member}","date":"2024-03-{day:02}","kind":"cash","value":"{i}.25"}}"#
                ),
            };
        }
        text.push_str(
            r#",{"type":"departure","id":"d","member":"cy","date":"2024-12-31","reason":"left"}]"#,
        );
        text
    }

    const HEADER: &str = r#"{"currency":{"code":"EUR","scale":2},"policies":[{"effective":"2020-01-01","kinds":{"cash":{"multiplier":"1"},"loan":{"multiplier":"2","repayable":true}},"departures":{"left":{"default":"1"}}}],"members":[{"id":"ana"},{"id":"bo"},{"id":"cy"}]"#;

    /// What a list of entries pushed gives: the ledger's shares, or its errors.
    fn pushed(list: &str, beside: bool) -> Option<std::result::Result<String, Vec<Error>>> {
        let mut builder = header_builder(HEADER, false)?;
        let mut i = 0;
        let pushed = if beside {
            let mut w = Window::new(list.as_bytes());
            let next = &mut |into: &mut Entry| read_entry(&mut w, into, &mut i);
            crate::check::feed::push_beside(&mut builder, next)?
        } else {
            // In place, as a text in memory is read.
            let mut w = Window::whole(list);
            let next = &mut |into: &mut Entry| read_entry(&mut w, into, &mut i);
            crate::check::feed::push_here(&mut builder, next)
        };
        let built = pushed.then_some(builder)?.build();
        let day = Date::parse("2024-12-31").ok()?;
        Some(built.map(|l| l.shares(day).to_json()))
    }

    #[test]
    fn entries_pushed_beside_give_what_entries_pushed_here_give() {
        let valid = pushed(&entries(None), false);
        assert!(matches!(valid, Some(Ok(_))), "{valid:?}");
        assert_eq!(pushed(&entries(None), true), valid);
        // A check error (an unknown member) is the builder's: both find it.
        let unknown = r#"{"type":"contribution","id":"x","member":"zed","date":"2024-01-01","kind":"cash","value":"1"}"#;
        let checked = pushed(&entries(Some(unknown)), false);
        assert!(
            matches!(&checked, Some(Err(e)) if e.len() == 1),
            "{checked:?}"
        );
        assert_eq!(pushed(&entries(Some(unknown)), true), checked);
        // A reading error ends both passes, for the whole text to report.
        for bad in [
            r#"{"type":"contribution","id":"x"}"#,
            r#"{"type":"contribution""#,
            "7",
        ] {
            assert_eq!(pushed(&entries(Some(bad)), false), None, "{bad}");
            assert_eq!(pushed(&entries(Some(bad)), true), None, "{bad}");
        }
    }
}
