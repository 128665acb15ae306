//! Plain-text tables and CSV for the terminal.

/// The widest a table is drawn: wider ones wrap their last text column or
/// go on in a second table (docs/format.md, "The command line").
pub const WIDTH: usize = 100;

/// A text column is wrapped rather than split off while it keeps this many
/// characters a line.
const NARROWEST_WRAP: usize = 24;

/// A table: a header and rows of cells; numeric-looking cells align right.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// How many leading columns name a row, repeated in each part of a
    /// table too wide for one.
    keys: usize,
}

fn numeric(cell: &str) -> bool {
    let body = cell.strip_prefix('-').unwrap_or(cell);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// `text` cut into lines of at most `width` characters, at spaces where
/// it can be (a longer word is cut).
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        loop {
            let room = if line.is_empty() {
                width
            } else {
                width.saturating_sub(chars(&line) + 1)
            };
            if chars(&word) <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if line.is_empty() {
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
            } else {
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    lines.push(line);
    lines
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            keys: 1,
        }
    }

    /// Repeats the first `keys` columns in each part of a table too wide
    /// for one (one by default).
    #[must_use]
    pub fn keys(mut self, keys: usize) -> Table {
        self.keys = keys.max(1);
        self
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn width(&self, i: usize) -> usize {
        std::iter::once(&self.header)
            .chain(&self.rows)
            .filter_map(|r| r.get(i))
            .map(|c| chars(c))
            .max()
            .unwrap_or(0)
    }

    fn numeric_column(&self, i: usize) -> bool {
        self.rows
            .iter()
            .any(|r| r.get(i).is_some_and(|c| numeric(c)))
    }

    /// Aligned columns separated by two spaces, a rule under the header,
    /// at most [`WIDTH`] characters wide: a wider table wraps its last
    /// column when it is text, or else goes on in further parts, each
    /// repeating the key columns.
    pub fn render(&self) -> String {
        let n = self.header.len();
        let widths: Vec<usize> = (0..n).map(|i| self.width(i)).collect();
        let total = |cols: &[usize]| {
            cols.iter()
                .map(|&i| widths.get(i).copied().unwrap_or(0))
                .sum::<usize>()
                + 2 * cols.len().saturating_sub(1)
        };
        let all: Vec<usize> = (0..n).collect();
        if total(&all) <= WIDTH {
            return self.render_columns(&all, None);
        }
        let last = n.saturating_sub(1);
        let others = total(all.get(..last).unwrap_or_default()) + 2;
        if n > 1 && !self.numeric_column(last) && others + NARROWEST_WRAP <= WIDTH {
            return self.render_columns(&all, Some(WIDTH - others));
        }
        let keys: Vec<usize> = (0..self.keys.min(n)).collect();
        let mut parts: Vec<Vec<usize>> = Vec::new();
        let mut part = keys.clone();
        for i in self.keys.min(n)..n {
            part.push(i);
            if total(&part) > WIDTH && part.len() > keys.len() + 1 {
                part.pop();
                parts.push(std::mem::replace(&mut part, keys.clone()));
                part.push(i);
            }
        }
        parts.push(part);
        let drawn: Vec<String> = parts.iter().map(|p| self.render_columns(p, None)).collect();
        drawn.join("\n")
    }

    /// The table of the columns `cols`; `wrap`: the last one's width, its
    /// cells wrapped onto further lines.
    fn render_columns(&self, cols: &[usize], wrap: Option<usize>) -> String {
        let mut widths: Vec<usize> = cols.iter().map(|&i| self.width(i)).collect();
        if let (Some(w), Some(last)) = (wrap, widths.last_mut()) {
            *last = w;
        }
        let pick = |r: &[String]| -> Vec<String> {
            cols.iter()
                .map(|&i| r.get(i).cloned().unwrap_or_default())
                .collect()
        };
        let right: Vec<bool> = cols.iter().map(|&i| self.numeric_column(i)).collect();
        let line = |cells: &[String], align: &dyn Fn(usize, &str) -> bool| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(j, (c, &w))| {
                    if align(j, c) {
                        format!("{c:>w$}")
                    } else {
                        format!("{c:<w$}")
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string() + "\n"
        };
        let mut out = line(&pick(&self.header), &|j, _| right.get(j) == Some(&true));
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        out.push_str(&"-".repeat(total));
        out.push('\n');
        for r in &self.rows {
            let mut cells = pick(r);
            let lines = match (wrap, cells.last()) {
                (Some(w), Some(text)) => wrapped(text, w),
                _ => Vec::new(),
            };
            if lines.len() > 1 {
                for (k, text) in lines.into_iter().enumerate() {
                    if k > 0 {
                        cells.iter_mut().for_each(String::clear);
                    }
                    if let Some(last) = cells.last_mut() {
                        *last = text;
                    }
                    out.push_str(&line(&cells, &|_, c| numeric(c)));
                }
            } else {
                out.push_str(&line(&cells, &|_, c| numeric(c)));
            }
        }
        out
    }

    /// RFC 4180 CSV, quoting cells that need it.
    pub fn csv(&self) -> String {
        let cell = |c: &String| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        };
        std::iter::once(&self.header)
            .chain(&self.rows)
            .map(|r| r.iter().map(cell).collect::<Vec<_>>().join(",") + "\n")
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(text: &str) -> usize {
        text.lines().map(chars).max().unwrap_or(0)
    }

    #[test]
    fn a_narrow_table_is_one_table() {
        let mut t = Table::new(["member", "amount"]);
        t.row(["ana", "10.00"]);
        assert_eq!(
            t.render(),
            "member  amount\n--------------\nana      10.00\n"
        );
    }

    #[test]
    fn a_long_text_column_wraps_within_the_width() {
        let mut t = Table::new(["code", "entry", "message"]);
        let message = "word ".repeat(60);
        t.row(["unknown_kind", "x1", message.trim()]);
        let drawn = t.render();
        assert!(widest(&drawn) <= WIDTH, "{drawn}");
        assert_eq!(drawn.matches("word").count(), 60);
        assert!(drawn.lines().count() > 3);
    }

    #[test]
    fn a_wide_numeric_table_goes_on_in_parts_repeating_its_keys() {
        let header: Vec<String> = std::iter::once("member".to_string())
            .chain((0..14).map(|i| format!("figure {i}")))
            .collect();
        let mut t = Table::new(header).keys(1);
        t.row(std::iter::once("ana".to_string()).chain((0..14).map(|i| format!("{i}000.00"))));
        let drawn = t.render();
        assert!(widest(&drawn) <= WIDTH, "{drawn}");
        assert_eq!(drawn.matches("member").count(), 2, "{drawn}");
        assert_eq!(drawn.matches("ana").count(), 2);
        for i in 0..14 {
            assert!(
                drawn.contains(&format!("figure {i} ")) || drawn.contains(&format!("figure {i}\n"))
            );
        }
    }
}
