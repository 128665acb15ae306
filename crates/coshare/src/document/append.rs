//! Appending an entry to a ledger file's text, keeping the rest of the text
//! as its author wrote it (what `coshare close --append` does).

use crate::document::json::{Lazy, Node, Tape};
use crate::error::{Error, ErrorCode as C, Result};

/// The ledger text with `entry` (the JSON text of one entry) added as the
/// last item of its `entries` list (a list is added when there is none).
/// Nothing else of the text changes: the new entry goes on a line of its
/// own, indented as the entry before it.
pub fn append_entry(ledger: &str, entry: &str) -> Result<String> {
    let tape = Tape::parse(ledger)?;
    let root = tape.root();
    let not_a_ledger = || Error::new(C::InvalidJson, "a ledger document is a JSON object");
    let mut fields = root.fields().ok_or_else(not_a_ledger)?;
    let (at, insert) = if let Some(list) = fields.find(|(k, _)| k == "entries").map(|(_, v)| v) {
        {
            let (_, end) = list
                .extent()
                .filter(|_| list.items().is_some())
                .ok_or_else(|| Error::new(C::InvalidJson, "the ledger's entries is not a list"))?;
            match list.items().and_then(Iterator::last) {
                Some(last) => {
                    let (start, last_end) = extent(last)?;
                    (
                        last_end,
                        format!(",{}{entry}", line_break_before(ledger, start)),
                    )
                }
                None => (end.saturating_sub(1), entry.to_string()),
            }
        }
    } else {
        {
            let (_, end) = root.extent().ok_or_else(not_a_ledger)?;
            let empty = root.fields().is_some_and(|mut f| f.next().is_none());
            let comma = if empty { "" } else { "," };
            (
                end.saturating_sub(1),
                format!("{comma}\"entries\":[{entry}]"),
            )
        }
    };
    let (head, tail) = (
        ledger.get(..at).unwrap_or(ledger),
        ledger.get(at..).unwrap_or(""),
    );
    Ok(format!("{head}{insert}{tail}"))
}

fn extent(item: Lazy<'_>) -> Result<(usize, usize)> {
    item.extent()
        .ok_or_else(|| Error::new(C::InvalidJson, "an entry of the ledger is not an object"))
}

/// The line break and indentation in front of the text at `at`, when it
/// starts a line; else nothing.
fn line_break_before(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or("");
    match before.rfind('\n') {
        Some(nl) => {
            let indent = before.get(nl + 1..).unwrap_or("");
            if indent.chars().all(|c| c == ' ' || c == '\t') {
                format!("\n{indent}")
            } else {
                String::new()
            }
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::append_entry;

    #[test]
    fn appends_after_the_last_entry_with_its_indentation() {
        let text =
            "{\n  \"entries\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\"}\n  ],\n  \"x\": 1\n}\n";
        let out = append_entry(text, "{\"id\":\"c\"}").unwrap();
        assert_eq!(out, "{\n  \"entries\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\"},\n    {\"id\":\"c\"}\n  ],\n  \"x\": 1\n}\n");
        assert_eq!(
            append_entry("{\"entries\":[]}", "{}").unwrap(),
            "{\"entries\":[{}]}"
        );
        assert_eq!(
            append_entry("{\"a\":1}", "{}").unwrap(),
            "{\"a\":1,\"entries\":[{}]}"
        );
        assert_eq!(append_entry("{}", "{}").unwrap(), "{\"entries\":[{}]}");
        assert!(append_entry("[]", "{}").is_err());
        assert!(append_entry("{\"entries\":{}}", "{}").is_err());
    }
}
