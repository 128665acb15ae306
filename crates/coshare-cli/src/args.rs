//! A small command-line parser: a subcommand, positional arguments and `--flag value` options.

use coshare::{Error, ErrorCode};
use std::collections::BTreeMap;

pub struct Args {
    pub command: String,
    pub positional: Vec<String>,
    options: BTreeMap<String, String>,
}

pub fn usage_error(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRequest, message)
}

impl Args {
    /// Splits `argv` (without the program name); `allowed` lists each command's options.
    pub fn parse(argv: Vec<String>, allowed: &[(&str, &[&str])]) -> Result<Args, Error> {
        let mut it = argv.into_iter();
        let command = it
            .next()
            .ok_or_else(|| usage_error("no command given; try `coshare --help`"))?;
        let options_of = allowed
            .iter()
            .find(|(c, _)| *c == command)
            .map(|(_, o)| *o)
            .ok_or_else(|| {
                usage_error(format!("unknown command {command:?}; try `coshare --help`"))
            })?;
        let mut positional = Vec::new();
        let mut options = BTreeMap::new();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (name.to_string(), None),
                };
                if !options_of.contains(&name.as_str()) {
                    return Err(usage_error(format!(
                        "`coshare {command}` has no option --{name}"
                    )));
                }
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .ok_or_else(|| usage_error(format!("--{name} needs a value")))?,
                };
                if options.insert(name.clone(), value).is_some() {
                    return Err(usage_error(format!("--{name} is given twice")));
                }
            } else {
                positional.push(arg);
            }
        }
        Ok(Args {
            command,
            positional,
            options,
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    pub fn require(&self, name: &str) -> Result<&str, Error> {
        self.get(name)
            .ok_or_else(|| usage_error(format!("`coshare {}` needs --{name}", self.command)))
    }

    pub fn has(&self, name: &str) -> bool {
        self.options.contains_key(name)
    }
}
