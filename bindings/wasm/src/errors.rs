//! The one place where a [`coshare::Error`] becomes a JavaScript error.
//!
//! Every exported function returns `Result<_, Thrown>`; wasm-bindgen throws
//! the `Err` side, which arrives in JavaScript as an `Error` named
//! `CoshareError` carrying the SPEC's `code`, and the `entry` and `path` it
//! concerns (`null` when none applies). The fields are gathered by
//! [`ErrorFields::of`], plain Rust that the host tests check; only
//! [`Thrown`]'s conversion touches JavaScript.

use coshare::{Error, ErrorCode};
use wasm_bindgen::JsValue;

/// The `name` of every error this binding throws.
pub const ERROR_NAME: &str = "CoshareError";

/// What a thrown `CoshareError` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorFields {
    /// The plain-language message, without the code.
    pub message: String,
    /// The SPEC code, e.g. `"invalid_number"`.
    pub code: &'static str,
    /// The entry (or member) id concerned, if any.
    pub entry: Option<String>,
    /// The document path concerned, if any.
    pub path: Option<String>,
}

impl ErrorFields {
    /// The fields of a core error, unchanged.
    pub fn of(error: &Error) -> ErrorFields {
        ErrorFields {
            message: error.message().to_string(),
            code: error.code().as_str(),
            entry: error.entry().map(str::to_string),
            path: error.path().map(str::to_string),
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
        let error = js_sys::Error::new(&fields.message);
        error.set_name(ERROR_NAME);
        let text = |v: Option<String>| v.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
        for (key, value) in [
            ("code", JsValue::from_str(fields.code)),
            ("entry", text(fields.entry)),
            ("path", text(fields.path)),
        ] {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
        }
        error.into()
    }
}

/// An error raised by the binding itself (a bad argument), with a SPEC code.
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
    fn argument_errors_carry_their_code() {
        let Thrown(error) = argument(ErrorCode::InvalidDate, "bad");
        assert_eq!(error.code(), ErrorCode::InvalidDate);
    }
}
