//! The journal (docs/format.md, "journal"): one balanced transaction per
//! allocation, payment, redemption, adjustment and paid-in contribution,
//! for the accountant's books, as JSON, CSV or beancount.

use crate::error::Result;
use crate::ledger::Ledger;
use crate::values::amount::Fixed;
use crate::values::date::{check_period, Date};
use std::fmt::Write as _;

/// The account of each role (docs/format.md, "journal"); `{name}` and
/// `{member}` stand for a reserve's name and a member's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalAccounts {
    /// Where an allocation's amount comes from.
    pub surplus: String,
    /// Money owed to members below the minimum payout.
    pub carried: String,
    /// Each reserve (`{name}`).
    pub reserve: String,
    /// The pools' unallocated money.
    pub unallocated: String,
    /// Cash allocated, not yet paid.
    pub payable: String,
    /// Each member's capital account (`{member}`).
    pub capital: String,
    /// Money paid and received.
    pub cash: String,
    /// The other side of adjustments.
    pub adjustments: String,
    /// The other side of the carried amounts owed before the books began.
    pub opening: String,
    /// The account receiving paid-in capital of a kind, instead of `cash`.
    pub kinds: Vec<(String, String)>,
}

impl JournalAccounts {
    /// Every account is named (`invalid_request` for an empty name), and
    /// `kinds` names kinds the ledger defines.
    fn check(&self, kinds: &[String]) -> Result<()> {
        let invalid =
            |m: String| crate::error::Error::new(crate::error::ErrorCode::InvalidRequest, m);
        let roles = [
            ("surplus", &self.surplus),
            ("carried", &self.carried),
            ("reserve", &self.reserve),
            ("unallocated", &self.unallocated),
            ("payable", &self.payable),
            ("capital", &self.capital),
            ("cash", &self.cash),
            ("adjustments", &self.adjustments),
            ("opening", &self.opening),
        ];
        if let Some((role, _)) = roles.iter().find(|(_, name)| name.trim().is_empty()) {
            return Err(invalid(format!("the account of {role} has no name")));
        }
        for (kind, account) in &self.kinds {
            if !kinds.iter().any(|k| k == kind) {
                return Err(invalid(format!(
                    "accounts.kinds names {kind:?}, which is not a kind of the ledger"
                )));
            }
            if account.trim().is_empty() {
                return Err(invalid(format!(
                    "the account of the kind {kind:?} has no name"
                )));
            }
        }
        Ok(())
    }
}

impl Default for JournalAccounts {
    fn default() -> JournalAccounts {
        JournalAccounts {
            surplus: "Equity:Surplus".into(),
            carried: "Liabilities:Carried forward".into(),
            reserve: "Equity:Reserves:{name}".into(),
            unallocated: "Equity:Unallocated".into(),
            payable: "Liabilities:Patronage payable".into(),
            capital: "Equity:Capital:{member}".into(),
            cash: "Assets:Cash".into(),
            adjustments: "Equity:Adjustments".into(),
            opening: "Equity:Opening balances".into(),
            kinds: Vec::new(),
        }
    }
}

/// What a journal transaction records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TransactionKind {
    /// A contribution of a capital kind.
    PaidIn,
    /// The carried amounts owed before the books began (just before the
    /// first allocation).
    Opening,
    /// A posted allocation.
    Allocation,
    /// An adjustment of a capital account.
    Adjustment,
    /// Capital paid back.
    Redemption,
    /// Cash of an allocation paid.
    Payment,
}

impl TransactionKind {
    /// The name written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionKind::PaidIn => "paid_in",
            TransactionKind::Opening => "opening",
            TransactionKind::Allocation => "allocation",
            TransactionKind::Adjustment => "adjustment",
            TransactionKind::Redemption => "redemption",
            TransactionKind::Payment => "payment",
        }
    }
}

/// A line of a transaction: positive for a debit, negative for a credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    /// The account.
    pub account: String,
    /// The amount.
    pub amount: Fixed,
}

/// A balanced transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Its date.
    pub date: Date,
    /// The entry it comes from.
    pub entry: String,
    /// What it records.
    pub kind: TransactionKind,
    /// Its lines, summing to zero, none of them zero.
    pub lines: Vec<JournalLine>,
}

/// The journal over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// The first day.
    pub start: Date,
    /// The last day.
    pub end: Date,
    /// The transactions, by date, then kind, then entry id.
    pub transactions: Vec<Transaction>,
}

/// A transaction before its zero lines are left out.
type Draft = (Date, TransactionKind, String, Vec<(String, i128)>);

impl Ledger {
    /// The journal over `start..=end` (docs/format.md, "journal") with
    /// these account names; `invalid_period` for a bad period.
    pub fn journal(&self, start: Date, end: Date, accounts: &JournalAccounts) -> Result<Journal> {
        check_period(start, end)?;
        accounts.check(&self.kinds)?;
        let books = &self.books;
        let member = |m: usize| self.members.get(m).map_or("", String::as_str);
        let capital = |m: usize| accounts.capital.replace("{member}", member(m));
        let within = |d: Date| d >= start && d <= end;
        let money = |x: i128| Fixed::new(x, self.scale);
        let mut out: Vec<Draft> = Vec::new();
        for p in books.paid_in.iter().filter(|p| within(p.date)) {
            let kind = p.kind.as_deref().unwrap_or("");
            let account = accounts
                .kinds
                .iter()
                .find(|(k, _)| k == kind)
                .map_or_else(|| accounts.cash.clone(), |(_, a)| a.clone());
            out.push((
                p.date,
                TransactionKind::PaidIn,
                p.id.clone(),
                vec![(account, p.amount), (capital(p.member), -p.amount)],
            ));
        }
        for (n, a) in books
            .allocations
            .iter()
            .enumerate()
            .filter(|(_, a)| within(a.date))
        {
            let carry_in: i128 = if n == 0 {
                a.carry_in_field.iter().flatten().map(|(_, x)| x).sum()
            } else {
                a.members.iter().map(|(_, f)| f.carry_in).sum()
            };
            if n == 0 && a.carry_in_field.is_some() {
                let lines = vec![
                    (accounts.opening.clone(), carry_in),
                    (accounts.carried.clone(), -carry_in),
                ];
                out.push((a.date, TransactionKind::Opening, a.id.clone(), lines));
            }
            let carry_out: i128 = a.members.iter().map(|(_, f)| f.carry_out).sum();
            let cash: i128 = a.members.iter().map(|(_, f)| f.cash).sum();
            let mut lines = vec![
                (accounts.surplus.clone(), a.amount),
                (accounts.carried.clone(), carry_in - carry_out),
            ];
            for (name, x) in &a.reserves {
                lines.push((accounts.reserve.replace("{name}", name), -x));
            }
            lines.push((accounts.unallocated.clone(), -a.unallocated));
            lines.push((accounts.payable.clone(), -cash));
            for (m, f) in &a.members {
                lines.push((capital(*m), -f.retained));
            }
            out.push((a.date, TransactionKind::Allocation, a.id.clone(), lines));
        }
        for adj in books.adjustments.iter().filter(|x| within(x.date)) {
            let lines = vec![
                (capital(adj.member), -adj.amount),
                (accounts.adjustments.clone(), adj.amount),
            ];
            out.push((adj.date, TransactionKind::Adjustment, adj.id.clone(), lines));
        }
        for r in books.redemptions.iter().filter(|x| within(x.date)) {
            let lines = vec![
                (capital(r.member), r.amount),
                (accounts.cash.clone(), -r.amount),
            ];
            out.push((r.date, TransactionKind::Redemption, r.id.clone(), lines));
        }
        for p in books.payments.iter().filter(|x| within(x.date)) {
            let lines = vec![
                (accounts.payable.clone(), p.amount),
                (accounts.cash.clone(), -p.amount),
            ];
            out.push((p.date, TransactionKind::Payment, p.id.clone(), lines));
        }
        // By date, then paid-in, allocation (its opening just before it),
        // adjustment, redemption, payment, then id.
        let rank = |k: TransactionKind| match k {
            TransactionKind::PaidIn => 0,
            TransactionKind::Opening | TransactionKind::Allocation => 1,
            TransactionKind::Adjustment => 2,
            TransactionKind::Redemption => 3,
            TransactionKind::Payment => 4,
        };
        out.sort_by(|a, b| {
            (a.0, rank(a.1), a.2.as_bytes(), a.1).cmp(&(b.0, rank(b.1), b.2.as_bytes(), b.1))
        });
        let transactions = out
            .into_iter()
            .filter_map(|(date, kind, entry, lines)| {
                let lines: Vec<JournalLine> = lines
                    .into_iter()
                    .filter(|(_, x)| *x != 0)
                    .map(|(account, x)| JournalLine {
                        account,
                        amount: money(x),
                    })
                    .collect();
                (!lines.is_empty()).then_some(Transaction {
                    date,
                    entry,
                    kind,
                    lines,
                })
            })
            .collect();
        Ok(Journal {
            start,
            end,
            transactions,
        })
    }
}

impl Journal {
    /// One row per line: `date,entry,type,account,amount` (RFC 4180 quoting).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("date,entry,type,account,amount\n");
        for t in &self.transactions {
            for l in &t.lines {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{}",
                    t.date,
                    csv_cell(&t.entry),
                    t.kind.as_str(),
                    csv_cell(&l.account),
                    l.amount
                );
            }
        }
        out
    }

    /// The journal as a beancount file (docs/format.md, "journal"): an
    /// `open` for every account on the first transaction's date, then one
    /// transaction per entry. Account names are made valid for beancount
    /// by [`beancount_account`]; `currency` by [`beancount_currency`].
    pub fn to_beancount(&self, currency: &str) -> String {
        let currency = beancount_currency(currency);
        let mut out = String::new();
        let _ = writeln!(out, "; coshare journal {}..{}", self.start, self.end);
        let _ = writeln!(out, "option \"operating_currency\" \"{currency}\"\n");
        let names = beancount_names(
            self.transactions
                .iter()
                .flat_map(|t| t.lines.iter().map(|l| l.account.as_str())),
        );
        for (account, written) in &names {
            if beancount_account(account) != *written {
                let _ = writeln!(
                    out,
                    "; account \"{}\" is written {written}",
                    beancount_text(account)
                );
            }
        }
        let mut accounts: Vec<&String> = names.iter().map(|(_, w)| w).collect();
        accounts.sort();
        if let Some(first) = self.transactions.first() {
            for a in &accounts {
                let _ = writeln!(out, "{} open {a} {currency}", first.date);
            }
            out.push('\n');
        }
        let written = |account: &str| {
            names
                .binary_search_by(|(a, _)| a.as_str().cmp(account))
                .ok()
                .and_then(|i| names.get(i))
                .map_or_else(|| beancount_account(account), |(_, w)| w.clone())
        };
        for t in &self.transactions {
            let _ = writeln!(
                out,
                "{} * \"coshare\" \"{} {}\"",
                t.date,
                t.kind.as_str(),
                beancount_text(&t.entry)
            );
            let _ = writeln!(out, "  entry: \"{}\"", beancount_text(&t.entry));
            for l in &t.lines {
                let _ = writeln!(out, "  {}  {} {currency}", written(&l.account), l.amount);
            }
            out.push('\n');
        }
        out
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn beancount_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Each account name (sorted) with the beancount name it is written as:
/// [`beancount_account`], and where two names would be written alike (`ana`
/// and `Ana`), the later one (by its raw bytes) with `-2`, `-3`, ...
/// appended, so that two accounts never merge.
fn beancount_names<'a>(accounts: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut names: Vec<&str> = accounts.collect();
    names.sort_unstable();
    names.dedup();
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let base = beancount_account(name);
        let mut written = base.clone();
        let mut n = 2;
        while !taken.insert(written.clone()) {
            written = format!("{base}-{n}");
            n += 1;
        }
        out.push((name.to_string(), written));
    }
    out
}

/// An account name beancount accepts: each `:`-separated part keeps ASCII
/// letters, digits and `-`; a space or `_` becomes `-`; any other character
/// is written `x` and its code point in hex (`é` → `xE9`); a part that does
/// not start with a capital letter or digit is capitalised (or prefixed
/// `X`); the first part must be one of beancount's five roots, else the
/// name is put under `Equity:`.
pub fn beancount_account(name: &str) -> String {
    const ROOTS: [&str; 5] = ["Assets", "Liabilities", "Equity", "Income", "Expenses"];
    let mut parts: Vec<String> = name.split(':').map(beancount_part).collect();
    if !parts.first().is_some_and(|p| ROOTS.contains(&p.as_str())) {
        parts.insert(0, "Equity".into());
    }
    parts.join(":")
}

fn beancount_part(part: &str) -> String {
    let mut out = String::new();
    for c in part.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' => out.push(c),
            ' ' | '_' => out.push('-'),
            c => {
                let _ = write!(out, "x{:X}", u32::from(c));
            }
        }
    }
    match out.chars().next() {
        Some(c) if c.is_ascii_uppercase() || c.is_ascii_digit() => out,
        Some(c) if c.is_ascii_lowercase() => {
            let mut s = c.to_ascii_uppercase().to_string();
            s.push_str(out.get(1..).unwrap_or(""));
            s
        }
        _ => format!("X{out}"),
    }
}

/// A currency beancount accepts: upper-case ASCII letters, digits and
/// `'._-`, starting with a letter (else `X` is put first); empty → `XXX`.
pub fn beancount_currency(code: &str) -> String {
    let mut out: String = code
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "'._-".contains(*c))
        .collect();
    if out.is_empty() {
        return "XXX".into();
    }
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert(0, 'X');
    }
    if !out.ends_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        out.push('X');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_made_valid_for_beancount() {
        assert_eq!(
            beancount_account("Liabilities:Carried forward"),
            "Liabilities:Carried-forward"
        );
        assert_eq!(
            beancount_account("Equity:Capital:ana"),
            "Equity:Capital:Ana"
        );
        assert_eq!(
            beancount_account("Equity:Capital:zoë"),
            "Equity:Capital:ZoxEB"
        );
        assert_eq!(
            beancount_account("Equity:Reserves:_x"),
            "Equity:Reserves:X-x"
        );
        assert_eq!(beancount_account("Bank"), "Equity:Bank");
        assert_eq!(beancount_currency("eur"), "EUR");
        assert_eq!(beancount_currency("1$"), "X1");
        let names = beancount_names(
            [
                "Equity:Capital:ana",
                "Equity:Capital:Ana",
                "Equity:Capital:a b",
                "Equity:Capital:a_b",
            ]
            .into_iter(),
        );
        let mut written: Vec<&str> = names.iter().map(|(_, w)| w.as_str()).collect();
        written.sort_unstable();
        written.dedup();
        assert_eq!(written.len(), 4, "{names:?}");
    }
}
