//! Reading the files a command names (`-` is standard input, read once),
//! and the two ways a command fails.

use coshare::{Error, ErrorCode};
use std::cell::Cell;
use std::io::Read as _;
use std::path::Path;

/// Why a command failed.
pub enum Failure {
    /// Invalid input: exit status 2, with the error's code.
    Input(Error),
    /// Anything else (an unreadable file): exit status 1.
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Input(e)
    }
}

/// A usage error (`invalid_request`, exit status 2).
pub fn usage_error(message: impl Into<String>) -> Failure {
    Failure::Input(Error::new(ErrorCode::InvalidRequest, message))
}

/// Reads files, standard input at most once.
#[derive(Default)]
pub struct Files {
    stdin_taken: Cell<bool>,
}

impl Files {
    /// The text of `path` (`-`: standard input), which must be UTF-8.
    pub fn read(&self, path: &Path) -> Result<String, Failure> {
        let shown = path.display();
        let bytes = if path.as_os_str() == "-" {
            if self.stdin_taken.replace(true) {
                return Err(usage_error(
                    "standard input (`-`) can be read by only one argument",
                ));
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Other(format!("cannot read standard input: {e}")))?;
            bytes
        } else {
            std::fs::read(path).map_err(|e| Failure::Other(format!("cannot read {shown}: {e}")))?
        };
        String::from_utf8(bytes).map_err(|_| {
            Failure::Input(Error::new(
                ErrorCode::InvalidJson,
                format!("{shown} is not valid UTF-8 text"),
            ))
        })
    }
}
