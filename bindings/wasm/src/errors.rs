//! The one place where a [`coshare::Error`] becomes a JavaScript error.
//!
//! Every exported function returns `Result<_, Thrown>`; wasm-bindgen throws
//! the `Err` side, which arrives in JavaScript as an instance of the class
//! `CoshareError` (a subclass of `Error`, defined in `src/coshare_error.js`
//! and exported by the package, so that `e instanceof CoshareError` works)
//! carrying the format's `code`, and the `entry` and `path` it concerns
//! (`null` when none applies) and the path's `location` (an array of
//! field names and indices). The fields are gathered by
//! [`ErrorFields::of`], plain Rust that the host tests check; only
//! [`Thrown`]'s conversion touches JavaScript.

use coshare::{Error, ErrorCode, PathStep};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/coshare_error.js")]
extern "C" {
    /// The JavaScript class `CoshareError` of `src/coshare_error.js`.
    #[wasm_bindgen(js_name = CoshareError)]
    type JsCoshareError;

    /// `new CoshareError(message, code, entry, path, location)`.
    #[wasm_bindgen(constructor, js_class = "CoshareError")]
    fn new(
        message: &str,
        code: &str,
        entry: JsValue,
        path: JsValue,
        location: js_sys::Array,
    ) -> JsCoshareError;
}

/// What a thrown `CoshareError` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorFields {
    /// The plain-language message, without the code.
    pub message: String,
    /// The stable code, e.g. `"invalid_number"`.
    pub code: &'static str,
    /// The entry (or member) id concerned, if any.
    pub entry: Option<String>,
    /// The document path concerned, if any.
    pub path: Option<String>,
    /// The same place as field names and indices (empty when not known).
    pub location: Vec<PathStep>,
}

impl ErrorFields {
    /// The fields of a core error; an empty entry or path (the document's
    /// root, say) is absent, `null` in JavaScript, never `""`.
    pub fn of(error: &Error) -> ErrorFields {
        let given = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
        ErrorFields {
            message: error.message().to_string(),
            code: error.code().as_str(),
            entry: given(error.entry()),
            path: given(error.path()),
            location: error.location().to_vec(),
        }
    }
}

/// A core error on its way to JavaScript, where it is thrown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thrown(pub Error);

impl From<Error> for Thrown {
    fn from(error: Error) -> Thrown {
        Thrown(error)
    }
}

impl From<Thrown> for JsValue {
    fn from(thrown: Thrown) -> JsValue {
        let fields = ErrorFields::of(&thrown.0);
        let text = |v: Option<String>| v.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
        let location: js_sys::Array = fields
            .location
            .iter()
            .map(|step| match step {
                PathStep::Field(name) => JsValue::from_str(name),
                // An index is below the entries limit, far below 2^32.
                PathStep::Index(i) => JsValue::from(u32::try_from(*i).unwrap_or(u32::MAX)),
            })
            .collect();
        JsCoshareError::new(
            &fields.message,
            fields.code,
            text(fields.entry),
            text(fields.path),
            location,
        )
        .into()
    }
}

/// An error raised by the binding itself (a bad argument), with a stable code.
pub fn argument(code: ErrorCode, message: impl Into<String>) -> Thrown {
    Thrown(Error::new(code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_the_code_entry_path_and_message_of_the_core_error() {
        let error = Error::new(ErrorCode::UnknownMember, "\"zoe\" is not a listed member")
            .with_entry("c7")
            .with_path("entries[3].member");
        assert_eq!(
            ErrorFields::of(&error),
            ErrorFields {
                message: "\"zoe\" is not a listed member".into(),
                code: "unknown_member",
                entry: Some("c7".into()),
                path: Some("entries[3].member".into()),
                location: vec!["entries".into(), 3.into(), "member".into()],
            }
        );
    }

    #[test]
    fn fields_without_entry_or_path_are_none() {
        let fields = ErrorFields::of(&Error::new(ErrorCode::InvalidJson, "not JSON"));
        assert_eq!(
            (fields.code, fields.entry, fields.path),
            ("invalid_json", None, None)
        );
    }

    #[test]
    fn an_empty_entry_or_path_is_absent_never_an_empty_string() {
        let error = Error::new(ErrorCode::InvalidJson, "expected an object")
            .with_entry("")
            .with_path("");
        let fields = ErrorFields::of(&error);
        assert_eq!((fields.entry, fields.path), (None, None));
    }

    #[test]
    fn argument_errors_carry_their_code() {
        let Thrown(error) = argument(ErrorCode::InvalidDate, "bad");
        assert_eq!(error.code(), ErrorCode::InvalidDate);
    }
}
