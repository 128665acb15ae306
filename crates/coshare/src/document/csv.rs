//! Contributions from a CSV file, as co-ops keep hours in spreadsheets.
//!
//! The header names the columns, any subset of
//! `id,member,date,kind,value,hours,rate,paid,note` in any order (`id`,
//! `member`, `date` and `kind` required). Fields may be quoted (`"a, b"`,
//! `""` for a quote). Each row becomes a contribution entry; an empty cell
//! is an absent field. A bad row is reported with its line number.

use crate::document::json::Tape;
use crate::document::json::Value;
use crate::document::read::{carry_in_map, entry, At};
use crate::document::{Document, Entry};
use crate::error::{Error, ErrorCode as C, Result};

use crate::document::fields::ContributionField;

fn columns() -> [&'static str; 9] {
    ContributionField::names()
}

/// Splits CSV text into records of fields, with the line each record starts on.
fn records(text: &str, what: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(Error::new(
                        C::InvalidJson,
                        format!("{what} CSV line {start_line}: a quoted field is not closed"),
                    ));
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push(c);
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.is_empty() && !was_quoted => {
                    quoted = true;
                    was_quoted = true;
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ if was_quoted => {
                    return Err(Error::new(
                        C::InvalidJson,
                        format!("{what} CSV line {start_line}: text after a closing quote"),
                    ));
                }
                _ => field.push(c),
            }
        }
        fields.push(field);
        if !matches!(fields.as_slice(), [only] if only.is_empty()) {
            out.push((start_line, fields));
        }
    }
    Ok(out)
}

/// Reads contribution entries from CSV text.
pub fn read_contributions(text: &str) -> Result<Vec<Entry>> {
    let (entries, mut errors) = read_rows(text, false)?;
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors.swap_remove(0))
    }
}

/// Reads contribution entries from CSV text, recovering per row (what
/// `validate` does, docs/format.md "validate"): every row that fails to
/// read is listed with its line and skipped. A header or quoting error
/// stops reading, and is the only error.
pub fn read_contributions_recovering(text: &str) -> (Vec<Entry>, Vec<Error>) {
    match read_rows(text, true) {
        Ok(read) => read,
        Err(e) => (Vec::new(), vec![e]),
    }
}

/// The rows of a contributions CSV as entries, and the errors of the rows
/// that fail to read (`recover`: every one; else reading stops at the first).
fn read_rows(text: &str, recover: bool) -> Result<(Vec<Entry>, Vec<Error>)> {
    let mut rows = records(text, "contributions")?.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(Error::new(
            C::MissingField,
            "the contributions CSV is empty: it needs a header line",
        ));
    };
    for (i, name) in header.iter().enumerate() {
        if !columns().contains(&name.trim()) {
            let separator = [';', '\t', '|'].into_iter().find(|&c| name.contains(c));
            let hint = match separator {
                Some(c) => format!(
                    "; the file looks separated by {c:?}, and coshare reads commas: \
                     export it as comma-separated CSV"
                ),
                None => crate::check::hint::did_you_mean(name.trim(), columns().iter().copied()),
            };
            return Err(Error::new(
                C::UnknownField,
                format!(
                    "contributions CSV line 1: unknown column {name:?} (allowed: {}){hint}",
                    columns().join(",")
                ),
            ));
        }
        if header.iter().take(i).any(|n| n.trim() == name.trim()) {
            return Err(Error::new(
                C::InvalidJson,
                format!("contributions CSV line 1: the column {name:?} is repeated"),
            ));
        }
    }
    if let Some(missing) = ContributionField::ALL
        .iter()
        .filter(|f| f.is_required())
        .map(|f| f.name())
        .find(|r| !header.iter().any(|h| h.trim() == *r))
    {
        return Err(Error::new(
            C::MissingField,
            format!("contributions CSV line 1: the column {missing:?} is required"),
        ));
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in rows {
        let read = if cells.len() == header.len() {
            let mut fields = vec![("type".to_string(), Value::String("contribution".into()))];
            for (name, cell) in header.iter().zip(cells) {
                if !cell.is_empty() {
                    fields.push((name.trim().to_string(), Value::String(cell)));
                }
            }
            let label = format!("contributions CSV line {line}");
            entry(&Value::Object(fields), &At::root(&label))
        } else {
            Err(Error::new(
                C::InvalidJson,
                format!(
                    "contributions CSV line {line}: {} cells where the header has {}",
                    cells.len(),
                    header.len()
                ),
            ))
        };
        match read {
            Ok(e) => entries.push(e),
            Err(e) => {
                errors.push(e);
                if !recover {
                    break;
                }
            }
        }
    }
    Ok((entries, errors))
}

/// Reads carried amounts (member -> money, docs/format.md, "Request and split result") from CSV text with the
/// header `member,amount`: one row per member, an amount a number field.
/// A request's own checks (a listed member, a money value) come later, when
/// the request is split.
pub fn read_carry_in_csv(text: &str) -> Result<Vec<(String, crate::values::number::Dec)>> {
    let mut rows = records(text, "carry-in")?.into_iter();
    let header = match rows.next() {
        Some((_, header)) => header,
        None => Vec::new(),
    };
    let names: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    if names != ["member", "amount"] {
        return Err(Error::new(
            C::InvalidJson,
            format!(
                "carry-in CSV line 1: the header must be `member,amount`, not {:?}",
                header.join(",")
            ),
        ));
    }
    let mut out: Vec<(String, crate::values::number::Dec)> = Vec::new();
    for (line, cells) in rows {
        let [member, amount] = cells.as_slice() else {
            return Err(Error::new(
                C::InvalidJson,
                format!(
                    "carry-in CSV line {line}: {} cells where the header has 2",
                    cells.len()
                ),
            ));
        };
        if out.iter().any(|(m, _)| m == member) {
            return Err(Error::new(
                C::InvalidJson,
                format!("carry-in CSV line {line}: the member {member:?} is listed twice"),
            ));
        }
        let amount = crate::values::number::Dec::parse(amount).map_err(|e| {
            Error::new(
                C::InvalidNumber,
                format!("carry-in CSV line {line}: the amount {amount:?} is {e}"),
            )
            .with_entry(member.clone())
        })?;
        out.push((member.clone(), amount));
    }
    Ok(out)
}

/// Reads carried amounts (member -> money, docs/format.md, "Request and split result") kept in a file of
/// their own: a JSON object such as `{"ana": "12.50"}` when the text starts
/// with `{`, else CSV with the header `member,amount`. Only reading is
/// done here; a request's own checks (a listed member, a money value) come
/// when the request is split.
pub fn read_carry_in(text: &str) -> Result<Vec<(String, crate::values::number::Dec)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        carry_in_map(Tape::parse(text)?.root(), &At::root("carry_in"))
    } else {
        read_carry_in_csv(text)
    }
}

impl Document {
    /// Appends the contributions of a CSV text to the entries (after the ledger's own).
    pub fn add_contributions_csv(&mut self, text: &str) -> Result<()> {
        let entries = read_contributions(text)?;
        self.entries.extend(entries);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_reads_every_row_and_lists_each_bad_one_with_its_line() {
        let text = "id,member,date,kind,value\nh1,ana,2025-02-30,labor,1\nh2,ana,2025-02-01,labor,1\nh3,ana,2025-13-01,labor,1\nh4,ana\n";
        let (entries, errors) = read_contributions_recovering(text);
        assert_eq!(entries.len(), 1);
        let found: Vec<(C, bool)> = errors
            .iter()
            .map(|e| (e.code(), e.message().contains("line ")))
            .collect();
        assert_eq!(
            found,
            [
                (C::InvalidDate, true),
                (C::InvalidDate, true),
                (C::InvalidJson, true)
            ]
        );
        assert!(
            errors[2].message().contains("line 5"),
            "{}",
            errors[2].message()
        );
        // The strict reader stops at the first, the same error.
        assert_eq!(read_contributions(text).unwrap_err(), errors[0]);
        // A header error stops reading.
        assert_eq!(read_contributions_recovering("id,who\n1,2\n").1.len(), 1);
    }

    #[test]
    fn reads_carry_in_rows_with_their_own_errors() {
        let ok = read_carry_in_csv("member,amount\r\nana,12.50\n\"b,n\",0\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(
            (ok[1].0.as_str(), ok[1].1.to_string()),
            ("b,n", "0".to_string())
        );
        let err = |t: &str| read_carry_in_csv(t).unwrap_err();
        assert_eq!(err("member;amount\nana;1\n").code(), C::InvalidJson);
        assert_eq!(err("").code(), C::InvalidJson);
        let bad = err("member,amount\nana,1\nben,1e3\n");
        assert_eq!(bad.code(), C::InvalidNumber);
        assert!(
            bad.message().starts_with("carry-in CSV line 3"),
            "{}",
            bad.message()
        );
        assert_eq!(err("member,amount\nana,1\nana,2\n").code(), C::InvalidJson);
        assert_eq!(err("member,amount\nana\n").code(), C::InvalidJson);
    }

    #[test]
    fn reads_quoted_fields_and_reports_line_numbers() {
        let text = "id,member,date,kind,value,hours,rate,paid,note\r\nh1,ann,2024-01-31,labor,,10,25.00,,\"night, shift \"\"A\"\"\"\nh2,ann,2024-02-30,labor,,1,1,,\n";
        let err = read_contributions(text).unwrap_err();
        assert_eq!(err.code(), C::InvalidDate);
        assert!(err.message().contains("line 3"), "{}", err.message());
        assert_eq!(err.entry(), Some("h2"));
        let ok = read_contributions(&text.replace("2024-02-30", "2024-02-29")).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].note.as_deref(), Some("night, shift \"A\""));
    }
}
