//! The books (docs/format.md, "The books"): posted allocations, capital
//! accounts, revolving, written notices and the journal.
//!
//! A checked ledger keeps its book entries here, in minor units, ready for
//! the queries: [`crate::Ledger::close`], [`crate::Ledger::accounts`],
//! [`crate::Ledger::statement`], [`crate::Ledger::notices`] and
//! [`crate::Ledger::journal`]. Checking them is `check.rs`.

pub mod accounts;
pub(crate) mod check;
pub mod close;
pub mod journal;
pub mod notices;

use crate::document::Basis;
use crate::values::date::{Date, Duration};

/// A posted allocation of a valid ledger, in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Posted {
    pub id: String,
    pub date: Date,
    pub start: Date,
    pub end: Date,
    pub amount: i128,
    pub basis: Basis,
    /// The `carry_in` field as written (only the first of the chain has
    /// one), by member index.
    pub carry_in_field: Option<Vec<(usize, i128)>>,
    /// Reserves by name (raw UTF-8 bytes).
    pub reserves: Vec<(String, i128)>,
    pub unallocated: i128,
    /// Members by index (so by id), with their figures.
    pub members: Vec<(usize, Figures)>,
}

/// A member's figures in a posted allocation, with the chain's carry-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Figures {
    pub allocated: i128,
    pub cash: i128,
    pub retained: i128,
    pub carry_out: i128,
    /// The member's carry-in along the chain (docs/format.md, "The chain").
    pub carry_in: i128,
}

impl Posted {
    /// The figures of member `m`, if listed.
    pub(crate) fn figures(&self, m: usize) -> Option<&Figures> {
        self.members
            .binary_search_by_key(&m, |(k, _)| *k)
            .ok()
            .and_then(|i| self.members.get(i))
            .map(|(_, f)| f)
    }
}

/// A movement of money of one member on one day (a payment, redemption,
/// adjustment or paid-in capital).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moved {
    pub id: String,
    pub member: usize,
    pub date: Date,
    pub amount: i128,
    /// A payment's allocation, an adjustment's optional allocation (an
    /// index into [`Books::allocations`]); a paid-in contribution's kind is
    /// in `kind`.
    pub allocation: Option<usize>,
    /// The kind of a paid-in contribution.
    pub kind: Option<String>,
}

/// The capital rules in force from a date (docs/format.md, "Revolving").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CapitalView {
    pub effective: Date,
    pub revolve: Option<Duration>,
    pub departure: Option<Duration>,
    pub tax_year_end: u32,
}

/// The book entries of a valid ledger.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Books {
    /// Non-voided allocations, the chain, in (period start, id) order.
    pub allocations: Vec<Posted>,
    pub payments: Vec<Moved>,
    pub redemptions: Vec<Moved>,
    pub adjustments: Vec<Moved>,
    pub paid_in: Vec<Moved>,
    /// The capital rules of each policy in date order.
    pub capital: Vec<CapitalView>,
    /// Each member's standing departure (its last day), by member index.
    pub departures: Vec<Option<Date>>,
    /// The ids of every entry but the contributions the ledger keeps
    /// (voided ones included), sorted: ids `close` may not take.
    pub other_ids: crate::check::ids::Ids,
}

impl Books {
    /// The capital rules in force on `t` (none before the first policy:
    /// no revolve, departure `P0D`, tax year ending in December).
    pub(crate) fn rules_at(&self, t: Date) -> CapitalView {
        let n = self.capital.partition_point(|v| v.effective <= t);
        n.checked_sub(1)
            .and_then(|i| self.capital.get(i))
            .copied()
            .unwrap_or(CapitalView {
                effective: t,
                revolve: None,
                departure: None,
                tax_year_end: 12,
            })
    }

    /// The index of the allocation `id`.
    pub(crate) fn allocation(&self, id: &str) -> Option<usize> {
        self.allocations.iter().position(|a| a.id == id)
    }
}
