//! `serde` support (feature `serde`; docs/format.md, "Rust API: serde").
//!
//! - Values (`Dec`, `Fixed`, `Date`, `Duration`, `Basis`, `ErrorCode`)
//!   serialize as the strings documents hold, and deserialize from them.
//! - Results serialize as their canonical documents: `serde_json::to_string`
//!   of a [`Split`] gives exactly [`Split::to_json`]'s bytes. They are
//!   written by the canonical writer and handed to the serializer as a tree
//!   of JSON values, so the field list of each document is written once.
//! - The documents ([`Document`], [`Request`]) deserialize through a tree of
//!   JSON values read by the same reader as [`Document::from_json`], so an
//!   error has the same code; the order of errors of docs/format.md, "Errors" ("the whole
//!   text is parsed first") is only kept by [`Document::from_json`], since
//!   a serde deserializer reads as it goes. Numbers reach it as serde gives
//!   them: a float becomes `invalid_number` (as a fraction or exponent in
//!   the text), and an integer beyond 64 bits too.

use crate::books::accounts::{Accounts, Statement};
use crate::books::close::Closed;
use crate::books::journal::Journal;
use crate::books::notices::Notices;
use crate::document::json::{parse, Value, MAX_DEPTH};
use crate::document::{Basis, Document, Request};
use crate::error::{Error, ErrorCode};
use crate::query::shares::{Explanation, Shares};
use crate::query::split::Split;
use crate::query::validate::Validation;
use crate::values::amount::Fixed;
use crate::values::date::{Date, Duration};
use crate::values::number::Dec;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match (n.parse::<u64>(), n.parse::<i64>()) {
                (Ok(u), _) => s.serialize_u64(u),
                (_, Ok(i)) => s.serialize_i64(i),
                // Result documents hold no other JSON number.
                _ => s.serialize_str(n),
            },
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Serializes a canonical document written by the crate's writer.
fn canonical<S: Serializer>(json: &str, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    parse(json).map_err(S::Error::custom)?.serialize(s)
}

macro_rules! serialize_as_document {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            /// Its canonical JSON document (docs/format.md).
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                canonical(&self.to_json(), s)
            }
        }
    )*};
}

serialize_as_document!(
    Split,
    Shares,
    Explanation,
    Validation,
    Closed,
    Accounts,
    Statement,
    Notices,
    Journal,
    Document,
    Request
);

macro_rules! as_text {
    ($($t:ty => $parse:expr),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                let parse: fn(&str) -> Result<$t, Error> = $parse;
                parse(&text).map_err(de::Error::custom)
            }
        }
    )*};
}

as_text!(
    Dec => |t| Ok(Dec::parse(t)?),
    Date => |t| Ok(Date::parse(t)?),
    Duration => |t| Ok(Duration::parse(t)?),
    Basis => |t| t.parse::<Basis>(),
    ErrorCode => |t| t.parse::<ErrorCode>().map_err(|_| {
        Error::new(ErrorCode::InvalidRequest, format!("{t:?} is not a coshare error code"))
    })
);

impl Serialize for Fixed {
    /// The figure with exactly its scale's decimals, as documents write money.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Error {
    /// `{"code","message","entry","path"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 4)?;
        st.serialize_field("code", &self.code())?;
        st.serialize_field("message", self.message())?;
        st.serialize_field("entry", &self.entry())?;
        st.serialize_field("path", &self.path())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Error {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Default)]
        struct Fields {
            code: Option<ErrorCode>,
            message: Option<String>,
            entry: Option<String>,
            path: Option<String>,
        }
        struct ErrorVisitor;
        impl<'de> Visitor<'de> for ErrorVisitor {
            type Value = Error;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error {\"code\", \"message\", \"entry\", \"path\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Error, A::Error> {
                let mut f = Fields::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "code" => f.code = Some(map.next_value()?),
                        "message" => f.message = Some(map.next_value()?),
                        "entry" => f.entry = map.next_value()?,
                        "path" => f.path = map.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["code", "message", "entry", "path"],
                            ))
                        }
                    }
                }
                let code = f.code.ok_or_else(|| de::Error::missing_field("code"))?;
                let mut e = Error::new(code, f.message.unwrap_or_default());
                if let Some(entry) = f.entry {
                    e = e.with_entry(entry);
                }
                if let Some(path) = f.path {
                    e = e.with_path(path);
                }
                Ok(e)
            }
        }
        d.deserialize_map(ErrorVisitor)
    }
}

/// Reads a JSON value of any depth up to [`MAX_DEPTH`], keeping object
/// fields in order, refusing repeated keys and keeping number text.
struct Tree {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Tree {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Tree {
    fn deeper<E: de::Error>(&self) -> Result<Tree, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(Error::new(
                ErrorCode::InvalidJson,
                format!("the document is nested deeper than {MAX_DEPTH} levels"),
            )));
        }
        Ok(Tree {
            depth: self.depth + 1,
        })
    }
}

impl<'de> Visitor<'de> for Tree {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // serde gives a float for a fraction, an exponent, or an integer
        // beyond 64 bits. A whole value beyond 64 bits is taken for such an
        // integer (written out, so that a field refuses it with its own
        // code, as the text's integer); anything else is written with `.`
        // or `e`, which the reader refuses as `invalid_number`.
        if n.fract() == 0.0 && n.abs() >= 9.2e18 {
            return Ok(Value::Number(format!("{n:.0}")));
        }
        Ok(Value::Number(format!("{n:?}")))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.deeper()?)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(Error::new(
                    ErrorCode::InvalidJson,
                    format!("the field {key:?} is repeated"),
                )));
            }
            let value = map.next_value_seed(self.deeper()?)?;
            fields.push((key, value));
        }
        Ok(Value::Object(fields))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        Tree { depth: 1 }.deserialize(d)
    }
}

impl<'de> Deserialize<'de> for Document {
    /// Through a tree of JSON values and the document reader: the same
    /// document, or an error with the same code (in its message, written
    /// `... (code)`), as [`Document::from_json`].
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Document, D::Error> {
        let value = Value::deserialize(d)?;
        Document::from_value(&value).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Request {
    /// Through a tree of JSON values and the request reader (see [`Document`]'s).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Request, D::Error> {
        let value = Value::deserialize(d)?;
        Request::from_value(&value).map_err(de::Error::custom)
    }
}
