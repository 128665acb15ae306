//! Invariants of the books (docs/format.md, "The books") over random
//! ledgers closed year after year: every journal transaction sums to zero,
//! the books balance on every day, close then validate finds nothing, due
//! stays within the balance, and the order of entries changes nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::pedantic,
    missing_docs
)]

use coshare::document::{
    Bucket, CapitalRules, Contribution, Currency, Distribution, Entry, EntryBody, Kind, Member,
    Policy,
};
use coshare::{Date, Dec, Document, Duration, JournalAccounts, Ledger, Request, Validation};
use proptest::prelude::*;

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn money(minor: i64) -> Dec {
    Dec::from_scaled(i128::from(minor), 2).unwrap()
}

/// A co-op of `n` members working each year, with a capital buy-in, a
/// reserve and a minimum payout, and capital revolving after two years.
fn base(n: usize, contributions: &[(usize, u16, u32)], buyins: &[(usize, u32)]) -> Document {
    let policy = Policy {
        effective: date("2020-01-01"),
        unit_price: None,
        kinds: vec![
            (
                "labor".into(),
                Kind {
                    multiplier: Dec::ONE,
                    curve: Default::default(),
                    repayable: false,
                    capital: false,
                },
            ),
            (
                "buyin".into(),
                Kind {
                    multiplier: Dec::ZERO,
                    curve: Default::default(),
                    repayable: false,
                    capital: true,
                },
            ),
        ],
        departures: None,
        distribution: Some(Distribution {
            buckets: Some(vec![
                Bucket {
                    name: "reserve".into(),
                    share: Dec::parse("0.3").unwrap(),
                    kinds: None,
                },
                Bucket {
                    name: "members".into(),
                    share: Dec::parse("0.7").unwrap(),
                    kinds: Some(vec!["labor".into()]),
                },
            ]),
            cash_fraction: Some(Dec::parse("0.2").unwrap()),
            minimum_payout: Some(money(2500)),
        }),
        capital: Some(CapitalRules {
            revolve: Some(Duration::parse("P2Y").unwrap()),
            departure: Some(Duration::parse("P6M").unwrap()),
            tax_year_end: None,
        }),
        note: None,
    };
    let members = (0..n)
        .map(|i| Member {
            id: format!("m{i}"),
            name: None,
            note: None,
        })
        .collect();
    let mut entries = Vec::new();
    for (k, &(m, day, value)) in contributions.iter().enumerate() {
        entries.push(Entry {
            id: format!("c{k:03}"),
            body: EntryBody::Contribution(Contribution {
                member: format!("m{}", m % n),
                date: date("2020-01-01").plus_days(i64::from(day % 1460)),
                kind: "labor".into(),
                value: Some(money(i64::from(value % 500_000) + 100)),
                hours: None,
                rate: None,
                paid: None,
            }),
            note: None,
        });
    }
    for (k, &(m, value)) in buyins.iter().enumerate() {
        entries.push(Entry {
            id: format!("b{k:03}"),
            body: EntryBody::Contribution(Contribution {
                member: format!("m{}", m % n),
                date: date("2020-01-01"),
                kind: "buyin".into(),
                value: Some(money(i64::from(value % 100_000))),
                hours: None,
                rate: None,
                paid: None,
            }),
            note: None,
        });
    }
    Document {
        currency: Currency {
            code: "EUR".into(),
            scale: 2,
        },
        policies: vec![policy],
        members,
        entries,
    }
}

/// Closes the years 2020.. with `amounts` (negative: a loss), each
/// followed by payments of part of the cash, a redemption of part of
/// what is due and an adjustment; every step keeps the ledger valid.
fn closed_books(mut doc: Document, amounts: &[i64], pay: u8, redeem: u8) -> Document {
    for (y, &amount) in amounts.iter().enumerate() {
        let year = 2020 + y as i64;
        let start = Date::from_ymd(year, 1, 1).unwrap();
        let end = Date::from_ymd(year, 12, 31).unwrap();
        let declared = Date::from_ymd(year + 1, 3, 15).unwrap();
        let ledger = Ledger::from_document(&doc).unwrap();
        let request = Request::new(start, end, money(amount));
        let closed = ledger
            .close(&request, &format!("fy{year}"), declared)
            .unwrap();
        doc.entries.push(closed.to_entry());
        // Pay part of each member's cash, twice.
        for (m, f) in &closed.members {
            let cash = f.cash.value();
            let part = cash * i128::from(pay % 101) / 100;
            for (k, share) in [(0, part / 2), (1, part - part / 2)] {
                if share > 0 {
                    doc.entries.push(Entry {
                        id: format!("p{year}-{m}-{k}"),
                        body: EntryBody::Payment {
                            allocation: format!("fy{year}"),
                            member: m.clone(),
                            date: declared.plus_days(30 * (k + 1)),
                            amount: Dec::from_scaled(share, 2).unwrap(),
                        },
                        note: None,
                    });
                }
            }
        }
        // Redeem part of what is due on the declaration day, and correct one account.
        let ledger = Ledger::from_document(&doc).unwrap();
        let accounts = ledger.accounts(declared.plus_days(1));
        for a in &accounts.members {
            let part = a.due.value() * i128::from(redeem % 101) / 100;
            if part > 0 {
                doc.entries.push(Entry {
                    id: format!("r{year}-{}", a.member),
                    body: EntryBody::Redemption {
                        member: a.member.clone(),
                        date: declared.plus_days(1),
                        amount: Dec::from_scaled(part, 2).unwrap(),
                    },
                    note: None,
                });
            }
        }
        if let Some(first) = closed.members.first() {
            doc.entries.push(Entry {
                id: format!("adj{year}"),
                body: EntryBody::Adjustment {
                    member: first.0.clone(),
                    date: declared.plus_days(2),
                    amount: money(100),
                    allocation: Some(format!("fy{year}")),
                },
                note: None,
            });
        }
        let check = Validation::of_document(&doc);
        assert!(check.errors.is_empty(), "year {year}: {:?}", check.errors);
    }
    doc
}

fn minor(x: coshare::Fixed) -> i128 {
    x.value()
}

/// Σ amount of the allocations + Σ paid-in + Σ adjustments − Σ redemptions
/// − Σ payments, over the entries dated on or before `day`, read from the
/// document itself (docs/format.md: "The books balance").
fn came_in(doc: &Document, day: Date) -> i128 {
    let m = |x: &Dec| x.scaled(2);
    doc.entries
        .iter()
        .map(|e| match &e.body {
            EntryBody::Allocation(a) if a.date <= day => m(&a.amount),
            EntryBody::Contribution(c) if c.kind == "buyin" && c.date <= day => {
                c.value.as_ref().map_or(0, m)
            }
            EntryBody::Adjustment { date, amount, .. } if *date <= day => m(amount),
            EntryBody::Redemption { date, amount, .. } if *date <= day => -m(amount),
            EntryBody::Payment { date, amount, .. } if *date <= day => -m(amount),
            _ => 0,
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn the_books_balance_and_every_transaction_sums_to_zero(
        n in 2usize..6,
        contributions in prop::collection::vec((0usize..6, any::<u16>(), any::<u32>()), 2..12),
        buyins in prop::collection::vec((0usize..6, any::<u32>()), 0..4),
        amounts in prop::collection::vec(-2_000_000i64..10_000_000, 1..4),
        pay in any::<u8>(),
        redeem in any::<u8>(),
    ) {
        let unposted = base(n, &contributions, &buyins);
        let doc = closed_books(unposted.clone(), &amounts, pay, redeem);
        let ledger = Ledger::from_document(&doc).unwrap();
        // close then validate: no error, none of the format's warnings, and
        // no warning the ledger did not have before (coshare's own, such as
        // a member without contributions, stay as they were).
        let v = Validation::of_document(&doc);
        prop_assert!(v.errors.is_empty() && v.warnings.iter().all(|w| !w.code.is_spec()), "{:?} {:?}", v.errors, v.warnings);
        prop_assert_eq!(&v.warnings, &Validation::of_document(&unposted).warnings);
        let journal = ledger.journal(date("2020-01-01"), date("2030-12-31"), &JournalAccounts::default()).unwrap();
        for t in &journal.transactions {
            prop_assert_eq!(t.lines.iter().map(|l| minor(l.amount)).sum::<i128>(), 0, "{:?}", t);
            prop_assert!(t.lines.iter().all(|l| minor(l.amount) != 0));
        }
        // The books balance on every day something happens (docs/format.md, "Capital accounts").
        let mut days: Vec<Date> = journal.transactions.iter().map(|t| t.date).collect();
        days.dedup();
        for day in days {
            let a = ledger.accounts(day);
            let held: i128 = a.members.iter().map(|m| minor(m.balance)).sum::<i128>()
                + a.reserves.iter().map(|(_, x)| minor(*x)).sum::<i128>()
                + minor(a.unallocated) + minor(a.payable) + minor(a.carried);
            let in_out = came_in(&doc, day);
            prop_assert_eq!(held, in_out, "on {}", day);
            for m in &a.members {
                prop_assert!(minor(m.due) >= 0 && minor(m.due) <= minor(m.balance).max(0), "{:?}", m);
            }
        }
        // The order of entries changes nothing.
        let mut reversed = doc.clone();
        reversed.entries.reverse();
        reversed.members.reverse();
        let other = Ledger::from_document(&reversed).unwrap();
        let end = date("2030-12-31");
        prop_assert_eq!(other.accounts(end), ledger.accounts(end));
        prop_assert_eq!(other.journal(date("2020-01-01"), end, &JournalAccounts::default()).unwrap(), journal);
        for m in ledger.members() {
            prop_assert_eq!(other.statement(m, date("2020-01-01"), end).unwrap(), ledger.statement(m, date("2020-01-01"), end).unwrap());
        }
    }
}
