//! Core errors as `coshare.CoshareError`, the `ValueError` subclass defined
//! in `python/coshare/__init__.py`, and the binding's own `TypeError`s.

use coshare::{Error, ErrorCode, PathStep};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyInt, PyString, PyTuple, PyType};

static COSHARE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A `coshare.CoshareError` instance carrying the error's code, entry, path,
/// location and message.
pub fn error_object<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let location = e.location().iter().map(|step| match step {
        PathStep::Field(name) => PyString::new(py, name).into_any(),
        PathStep::Index(i) => PyInt::new(py, *i).into_any(),
    });
    let location = PyTuple::new(py, location)?;
    COSHARE_ERROR.import(py, "coshare", "CoshareError")?.call1((
        e.message(),
        e.code().as_str(),
        e.entry(),
        e.path(),
        location,
    ))
}

/// The core error as a raisable `coshare.CoshareError`.
pub fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    match error_object(py, e) {
        Ok(obj) => PyErr::from_value(obj),
        Err(failed) => failed,
    }
}

/// Turns a core result into a Python one.
pub fn core<T>(py: Python<'_>, result: coshare::Result<T>) -> PyResult<T> {
    result.map_err(|e| to_py_err(py, &e))
}

/// A `coshare.CoshareError` for a code and a message, raised by the binding
/// where the core reader would have given the same code.
pub fn coshare_err(py: Python<'_>, code: ErrorCode, message: impl Into<String>) -> PyErr {
    to_py_err(py, &Error::new(code, message))
}

/// A `TypeError` naming what was expected and the Python type received.
pub fn type_err(what: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let name = crate::convert::type_name(got);
    PyTypeError::new_err(format!("{what} must be {expected}, not {name}"))
}
