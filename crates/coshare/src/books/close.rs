//! Close (docs/format.md, "Close"): the allocation entry that posts a
//! period's split into the books.

use crate::books::accounts::{overdrawn, Movement, MovementKind};
use crate::books::Figures;
use crate::document::{Allocation, Basis, Entry, EntryBody, Request};
use crate::error::{Error, ErrorCode as C, Result};
use crate::ledger::Ledger;
use crate::query::split::Split;
use crate::values::amount::Fixed;
use crate::values::date::Date;
use crate::values::number::Dec;

/// A member's figures in a closed allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedFigures {
    /// The member's share of the pools.
    pub allocated: Fixed,
    /// Paid in cash.
    pub cash: Fixed,
    /// Retained in the capital account.
    pub retained: Fixed,
    /// Carried to the next allocation.
    pub carry_out: Fixed,
}

/// The allocation entry `close` writes (docs/format.md, "Close").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// The new entry's id.
    pub id: String,
    /// The day the allocation is declared.
    pub date: Date,
    /// The period's first day.
    pub start: Date,
    /// The period's last day.
    pub end: Date,
    /// The amount split.
    pub amount: Fixed,
    /// The basis of the split.
    pub basis: Basis,
    /// The request's carry-in, by member id, when it gave one.
    pub carry_in: Option<Vec<(String, Fixed)>>,
    /// Every reserve bucket of the split, in bucket order.
    pub reserves: Vec<(String, Fixed)>,
    /// The sum of the pools' unallocated amounts.
    pub unallocated: Fixed,
    /// The split's members, by id.
    pub members: Vec<(String, ClosedFigures)>,
}

/// The figures a split posts (shared with `validate`'s `allocation_differs`).
pub(crate) struct SplitFigures {
    pub reserves: Vec<(String, i128)>,
    pub unallocated: i128,
    pub members: Vec<(String, Figures)>,
}

impl SplitFigures {
    pub(crate) fn of(split: &Split) -> SplitFigures {
        SplitFigures {
            reserves: split
                .buckets
                .iter()
                .filter(|b| b.pool.is_none())
                .map(|b| (b.name.clone(), b.amount.value()))
                .collect(),
            unallocated: split
                .buckets
                .iter()
                .filter_map(|b| b.pool.as_ref())
                .map(|p| p.unallocated.value())
                .sum(),
            members: split
                .members
                .iter()
                .map(|m| {
                    let f = Figures {
                        allocated: m.allocated.value(),
                        cash: m.cash.value(),
                        retained: m.retained.value(),
                        carry_out: m.carry_out.value(),
                        carry_in: m.carry_in.value(),
                    };
                    (m.member.clone(), f)
                })
                .collect(),
        }
    }
}

fn dec(x: Fixed) -> Dec {
    x.to_dec().unwrap_or(Dec::ZERO)
}

impl Closed {
    /// The entry as a ledger document holds it, ready to append.
    pub fn to_entry(&self) -> Entry {
        let figures = |f: &ClosedFigures| crate::document::Figures {
            allocated: dec(f.allocated),
            cash: dec(f.cash),
            retained: dec(f.retained),
            carry_out: Some(dec(f.carry_out)),
            written: Vec::new(),
        };
        Entry {
            id: self.id.clone(),
            note: None,
            body: EntryBody::Allocation(Allocation {
                date: self.date,
                start: self.start,
                end: self.end,
                amount: dec(self.amount),
                basis: Some(self.basis.as_str().to_string()),
                carry_in: self
                    .carry_in
                    .as_ref()
                    .map(|c| c.iter().map(|(m, x)| (m.clone(), dec(*x))).collect()),
                reserves: self
                    .reserves
                    .iter()
                    .map(|(n, x)| (n.clone(), dec(*x)))
                    .collect(),
                unallocated: Some(dec(self.unallocated)),
                members: self
                    .members
                    .iter()
                    .map(|(m, f)| (m.clone(), figures(f)))
                    .collect(),
            }),
        }
    }
}

impl Ledger {
    /// Closes a period (docs/format.md, "Close"): the allocation entry
    /// `id`, declared on `date`, that posts the split of `request` with the
    /// carry-ins of the chain.
    pub fn close(&self, request: &Request, id: &str, date: Date) -> Result<Closed> {
        self.close_at(request, id, Ok(date))
    }

    /// [`Ledger::close`] with the date as text, checked where
    /// docs/format.md puts it (after the request, its `carry_in` and the
    /// id), as the command line and the bindings take it.
    pub fn close_on(&self, request: &Request, id: &str, date: &str) -> Result<Closed> {
        let parsed = Date::parse(date).map_err(|_| {
            Error::new(
                C::InvalidDate,
                format!(
                    "the date {date:?} {}",
                    Date::why_not(date).unwrap_or_default()
                ),
            )
            .with_path("date")
        });
        self.close_at(request, id, parsed)
    }

    fn close_at(&self, request: &Request, id: &str, date: Result<Date>) -> Result<Closed> {
        let books = &self.books;
        let (amount, carry_in) = self.check_request_own(request)?;
        let invalid = |m: String| Error::new(C::InvalidRequest, m);
        if request.carry_in.is_some() && !books.allocations.is_empty() {
            return Err(invalid(
                "a carry_in is given only to the first allocation: the books carry the rest".into(),
            )
            .with_path("carry_in"));
        }
        if id.is_empty() || crate::check::limits::too_long(id) {
            return Err(Error::new(
                C::InvalidEntry,
                format!(
                    "an entry id must be 1 to {} bytes long",
                    crate::check::limits::MAX_ID_BYTES
                ),
            ));
        }
        if self.id_taken(id) {
            return Err(
                Error::new(C::DuplicateId, format!("the entry id {id:?} is taken")).with_entry(id),
            );
        }
        let date = date?;
        if date < request.end {
            return Err(invalid(format!(
                "an allocation is declared on or after its period's end ({}), not {date}",
                request.end
            ))
            .with_path("date"));
        }
        if let Some(last) = books.allocations.last() {
            if date < last.date {
                return Err(invalid(format!(
                    "the allocation {:?} was declared on {}, after {date}",
                    last.id, last.date
                ))
                .with_path("date"));
            }
        }
        if let Some(a) = books.allocations.iter().find(|a| request.start <= a.end) {
            return Err(invalid(format!(
                "the period starts on or before the end of the allocation {:?} ({}..{})",
                a.id, a.start, a.end
            ))
            .with_path("period"));
        }
        let carried: Vec<(String, Dec)> = match books.allocations.last() {
            Some(last) => last
                .members
                .iter()
                .filter(|(_, f)| f.carry_out != 0)
                .filter_map(|(m, f)| {
                    let x = Dec::from_scaled(f.carry_out, self.scale)?;
                    Some((self.members.get(*m)?.clone(), x))
                })
                .collect(),
            None => request.carry_in.clone().unwrap_or_default(),
        };
        let mut split_request = request.clone();
        split_request.carry_in = Some(carried);
        let split = self.split(&split_request)?;
        let figures = SplitFigures::of(&split);
        let money = |x: i128| Fixed::new(x, self.scale);
        let closed = Closed {
            id: id.to_string(),
            date,
            start: request.start,
            end: request.end,
            amount: money(amount),
            basis: request.basis,
            carry_in: request.carry_in.as_ref().map(|_| {
                let mut list: Vec<(String, Fixed)> = carry_in
                    .iter()
                    .filter_map(|(m, x)| Some((self.members.get(*m)?.clone(), money(*x))))
                    .collect();
                list.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                list
            }),
            reserves: figures
                .reserves
                .iter()
                .map(|(n, x)| (n.clone(), money(*x)))
                .collect(),
            unallocated: money(figures.unallocated),
            members: figures
                .members
                .iter()
                .map(|(m, f)| {
                    let c = ClosedFigures {
                        allocated: money(f.allocated),
                        cash: money(f.cash),
                        retained: money(f.retained),
                        carry_out: money(f.carry_out),
                    };
                    (m.clone(), c)
                })
                .collect(),
        };
        self.check_posted(&closed, &figures)?;
        Ok(closed)
    }

    /// Whether an entry of the ledger (voided ones included) has this id.
    fn id_taken(&self, id: &str) -> bool {
        self.books.other_ids.sorted_contains(id)
            || (0..self.contributions.len()).any(|i| self.ids.get(i) == id)
    }

    /// The ledger with `closed` posted must stay valid, else its first
    /// error (by entry id) is reported. Its new ways to fail: a figure of
    /// the entry beyond the money limit (`overflow`: a carry-in near the
    /// limit plus the year's share), and a loss that takes a capital
    /// account below zero before a redemption already recorded
    /// (`over_redemption`). Only a loss lowers a balance, so only its
    /// members' accounts are walked again.
    fn check_posted(&self, closed: &Closed, figures: &SplitFigures) -> Result<()> {
        let beyond = |x: &Fixed| x.value().abs() > crate::check::limits::MONEY_LIMIT;
        let figures_in_order = std::iter::once(("amount".to_string(), closed.amount))
            .chain(
                closed
                    .carry_in
                    .iter()
                    .flatten()
                    .map(|(m, x)| (format!("the carry-in of {m:?}"), *x)),
            )
            .chain(
                closed
                    .reserves
                    .iter()
                    .map(|(n, x)| (format!("the reserve {n:?}"), *x)),
            )
            .chain(std::iter::once((
                "unallocated".to_string(),
                closed.unallocated,
            )))
            .chain(closed.members.iter().flat_map(|(m, f)| {
                [
                    (format!("allocated of {m:?}"), f.allocated),
                    (format!("cash of {m:?}"), f.cash),
                    (format!("retained of {m:?}"), f.retained),
                    (format!("carry_out of {m:?}"), f.carry_out),
                ]
            }));
        // Read first: a figure with more than 15 digits before the point
        // is no number field (at scale 0 the money limit itself has 16),
        // and the posted ledger's first error is that reading error.
        let unreadable = figures_in_order.clone().find(|(_, x)| x.to_dec().is_none());
        if let Some((what, x)) = unreadable {
            return Err(Error::new(
                C::InvalidNumber,
                format!(
                    "entry {:?}: {what} {x} has more than 15 digits before the point: the posted entry would not read",
                    closed.id
                ),
            )
            .with_entry(closed.id.clone()));
        }
        let too_big = figures_in_order.clone().find(|(_, x)| beyond(x));
        let overflow = too_big.map(|(what, x)| {
            Error::new(
                C::Overflow,
                format!(
                    "entry {:?}: {what} {x} is beyond the money limit of 10^15 minor units",
                    closed.id
                ),
            )
            .with_entry(closed.id.clone())
        });
        let mut first: Option<(String, usize, i128)> = None;
        for (id, f) in figures.members.iter().filter(|(_, f)| f.retained < 0) {
            let Some(m) = self.member_index(id) else {
                continue;
            };
            let mut list = self.books.movements_of(m);
            list.push(Movement {
                date: closed.date,
                kind: MovementKind::Retained,
                entry: &closed.id,
                amount: f.retained,
                matures: None,
            });
            list.sort_by(|a, b| {
                (a.date, a.kind, a.entry.as_bytes()).cmp(&(b.date, b.kind, b.entry.as_bytes()))
            });
            if let Some((entry, balance)) = overdrawn(&list) {
                if first
                    .as_ref()
                    .is_none_or(|(e, _, _)| entry.as_bytes() < e.as_bytes())
                {
                    first = Some((entry.to_string(), m, balance));
                }
            }
        }
        let redemption = first.map(|(entry, m, balance)| {
            let who = self.members.get(m).map_or("", String::as_str);
            Error::new(
                C::OverRedemption,
                format!(
                    "entry {entry:?}: with this allocation posted, it takes {who:?}'s capital account below zero ({})",
                    Fixed::new(balance, self.scale)
                ),
            )
            .with_entry(entry)
        });
        // The posted ledger's first error: entries' errors go by id.
        let id = |e: &Error| e.entry().unwrap_or_default().as_bytes().to_vec();
        match [overflow, redemption].into_iter().flatten().min_by_key(id) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
