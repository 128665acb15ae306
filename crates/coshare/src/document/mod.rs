//! The ledger and request documents as plain data (docs/format.md, "Ledger document" and "Request and split result").
//!
//! These types hold what a document says, after reading (docs/format.md, "Errors", reading
//! and before checking. Build them from JSON with [`Document::from_json`]
//! or in code; [`crate::Ledger::new`] checks one and makes it queryable.

pub mod append;
pub mod csv;
pub mod fields;
pub(crate) mod flat;
pub mod json;
pub(crate) mod read;
pub(crate) mod stream;

use crate::values::date::{Date, Duration};
use crate::values::number::Dec;

/// A ledger document: currency, versioned policies, members and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The currency and its number of decimals.
    pub currency: Currency,
    /// The policies, in document order.
    pub policies: Vec<Policy>,
    /// The members, in document order.
    pub members: Vec<Member>,
    /// The entries, in document order.
    pub entries: Vec<Entry>,
}

/// A currency code and scale (decimals of its minor unit, 0 to 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// The code, such as `"EUR"`.
    pub code: String,
    /// The scale as written; checking refuses anything outside 0..=4.
    pub scale: i64,
}

/// A policy, in force from its `effective` date until the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The first day the policy is in force.
    pub effective: Date,
    /// The at-risk value of one unit (default 1).
    pub unit_price: Option<Dec>,
    /// Contribution kinds by name, in document order.
    pub kinds: Vec<(String, Kind)>,
    /// Retention factors by departure reason; `None` inherits the previous policy's.
    pub departures: Option<Departures>,
    /// Profit rules; `None` inherits the previous policy's.
    pub distribution: Option<Distribution>,
    /// Capital rules (revolving, departures, tax year); `None` inherits the
    /// previous policy's (docs/format.md, "Revolving").
    pub capital: Option<CapitalRules>,
    /// A free-text note.
    pub note: Option<String>,
}

/// Retention factors by departure reason, in document order.
pub type Departures = Vec<(String, Retention)>;

/// Retention factors of one departure reason: by kind name or `default`.
pub type Retention = Vec<(String, Dec)>;

/// A contribution kind: its multiplier, curve and whether it is a repayable loan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// Units per unit of value at risk (before the unit price).
    pub multiplier: Dec,
    /// How the kind's units fade or expire.
    pub curve: Curve,
    /// Whether repayments may reduce the contribution's units.
    pub repayable: bool,
    /// Whether the kind's contributions are paid-in capital (docs/format.md,
    /// "Capital accounts").
    pub capital: bool,
}

/// When retained capital is due (docs/format.md, "Revolving"): all optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CapitalRules {
    /// Retained patronage matures this long after its allocation's date.
    pub revolve: Option<Duration>,
    /// A departed member's capital matures this long after the departure.
    pub departure: Option<Duration>,
    /// The month (1 to 12) whose last day ends the tax year, as written
    /// (default 12; checking refuses anything outside 1..=12).
    pub tax_year_end: Option<i64>,
}

/// A curve and its optional expiry (docs/format.md, "Curves").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Curve {
    /// The shape of the weight over time.
    pub shape: Shape,
    /// When set, the weight is 0 from `date + expire` on.
    pub expire: Option<Duration>,
}

/// The shape of a curve (docs/format.md, "Curves").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Shape {
    /// Weight 1 forever.
    #[default]
    None,
    /// Weight 1 until `date + term`, then 0.
    Term {
        /// How long the units last.
        term: Duration,
    },
    /// Weight 1 during `hold`, then falling linearly to 0 over `fade`.
    Linear {
        /// The length of the fade.
        fade: Duration,
        /// How long the weight stays 1 first.
        hold: Duration,
    },
    /// Weight 1 during `hold`, then multiplied by `1 − rate` every `every`.
    Geometric {
        /// The fraction lost at each step, in (0, 1].
        rate: Dec,
        /// The step length.
        every: Duration,
        /// How long the weight stays 1 first.
        hold: Duration,
    },
    /// A piecewise-constant weight: `(offset, weight)` points.
    Steps {
        /// The points, in document order.
        points: Vec<(Duration, Dec)>,
    },
}

/// Profit rules: buckets, cash fraction and minimum payout.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Distribution {
    /// The buckets; `None` is one pool `all` of share 1 over every kind.
    pub buckets: Option<Vec<Bucket>>,
    /// The part of a payout paid in cash (default 1).
    pub cash_fraction: Option<Dec>,
    /// Payouts below this are carried over (default 0).
    pub minimum_payout: Option<Dec>,
}

/// A reserve (no `kinds`) or a pool shared by members pro rata to the basis over `kinds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The bucket's name.
    pub name: String,
    /// Its share of the amount, in (0, 1].
    pub share: Dec,
    /// The kinds whose units count in the pool (`["*"]` for all); `None` for a reserve.
    pub kinds: Option<Vec<String>>,
}

/// A member of the co-op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's id.
    pub id: String,
    /// A display name.
    pub name: Option<String>,
    /// A free-text note.
    pub note: Option<String>,
}

/// An entry of the ledger: an id, an optional note and what it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's id, unique across entries.
    pub id: String,
    /// What the entry records.
    pub body: EntryBody,
    /// A free-text note.
    pub note: Option<String>,
}

/// What an entry records (docs/format.md, "Entries").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryBody {
    /// Money or labour put in by a member.
    Contribution(Contribution),
    /// A repayment of part of a loan.
    Repayment {
        /// The id of the loan contribution.
        loan: String,
        /// The day the repayment takes effect.
        date: Date,
        /// The amount repaid.
        amount: Dec,
    },
    /// A member's last day.
    Departure {
        /// The member leaving.
        member: String,
        /// The last day.
        date: Date,
        /// The departure reason, naming a set of retention factors.
        reason: String,
    },
    /// The cancellation of another entry.
    Void {
        /// The id of the entry voided.
        target: String,
    },
    /// A closed period, posted with its figures (docs/format.md, "Allocations").
    Allocation(Allocation),
    /// Capital paid back to a member.
    Redemption {
        /// The member paid.
        member: String,
        /// The day of the payment.
        date: Date,
        /// The amount paid back (> 0).
        amount: Dec,
    },
    /// A correction of a member's capital account (non-zero, may be negative).
    Adjustment {
        /// The member whose account is corrected.
        member: String,
        /// The day of the correction.
        date: Date,
        /// The amount added (negative: taken away).
        amount: Dec,
        /// The allocation it corrects, if any.
        allocation: Option<String>,
    },
    /// Cash of an allocation actually paid to a member.
    Payment {
        /// The allocation whose cash is paid.
        allocation: String,
        /// The member paid.
        member: String,
        /// The day of the payment.
        date: Date,
        /// The amount paid (> 0).
        amount: Dec,
    },
}

impl EntryBody {
    /// The entry's date: the day it takes effect (a contribution's,
    /// repayment's, departure's, redemption's, adjustment's or payment's
    /// date; an allocation's declaration date); `None` for a void.
    pub fn date(&self) -> Option<Date> {
        match self {
            EntryBody::Contribution(c) => Some(c.date),
            EntryBody::Repayment { date, .. }
            | EntryBody::Departure { date, .. }
            | EntryBody::Redemption { date, .. }
            | EntryBody::Adjustment { date, .. }
            | EntryBody::Payment { date, .. } => Some(*date),
            EntryBody::Allocation(a) => Some(a.date),
            EntryBody::Void { .. } => None,
        }
    }
}

/// An allocation entry: a closed period's split as posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// The day the allocation was declared (the notices' date).
    pub date: Date,
    /// The period's first day.
    pub start: Date,
    /// The period's last day (inclusive).
    pub end: Date,
    /// The amount split.
    pub amount: Dec,
    /// The basis, as written (checked against `time_weighted` and `snapshot`).
    pub basis: Option<String>,
    /// Carried amounts owed before the books began (first allocation only).
    pub carry_in: Option<Vec<(String, Dec)>>,
    /// Each reserve's amount, in document order.
    pub reserves: Vec<(String, Dec)>,
    /// The pools' unallocated money (default 0).
    pub unallocated: Option<Dec>,
    /// Each member's figures, in document order.
    pub members: Vec<(String, Figures)>,
}

/// A member's figures in an allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    /// The member's share of the pools.
    pub allocated: Dec,
    /// The part paid in cash.
    pub cash: Dec,
    /// The part retained in the member's capital account.
    pub retained: Dec,
    /// The amount carried to the next allocation (default 0).
    pub carry_out: Option<Dec>,
    /// The figures in the order they were written, which is the order
    /// they are checked in (docs/format.md, "Errors"), when it is not
    /// `allocated, cash, retained, carry_out` (empty then).
    pub written: Vec<Figure>,
}

/// The name of a member's figure in an allocation, in their usual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Figure {
    /// `allocated`.
    Allocated,
    /// `cash`.
    Cash,
    /// `retained`.
    Retained,
    /// `carry_out`.
    CarryOut,
}

/// A contribution: `value`, or `hours` × `rate`, minus what was `paid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    /// The contributing member.
    pub member: String,
    /// The day of the contribution.
    pub date: Date,
    /// The contribution's kind.
    pub kind: String,
    /// The fair value, when given directly.
    pub value: Option<Dec>,
    /// Hours worked, with `rate`.
    pub hours: Option<Dec>,
    /// The fair hourly rate, with `hours`.
    pub rate: Option<Dec>,
    /// What the member was paid for it (default 0).
    pub paid: Option<Dec>,
}

/// Which basis a split divides pools by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// Unit-days summed over the period (the default).
    #[default]
    TimeWeighted,
    /// Live units on the period's last day.
    Snapshot,
}

impl Basis {
    /// The format (docs/format.md) name: `"time_weighted"` or `"snapshot"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::TimeWeighted => "time_weighted",
            Basis::Snapshot => "snapshot",
        }
    }

    /// Parses a format name.
    pub fn parse(text: &str) -> Option<Basis> {
        match text {
            "time_weighted" => Some(Basis::TimeWeighted),
            "snapshot" => Some(Basis::Snapshot),
            _ => None,
        }
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Basis {
    type Err = crate::error::Error;

    /// Parses `"time_weighted"` or `"snapshot"`; anything else is `invalid_request`.
    fn from_str(text: &str) -> Result<Basis, Self::Err> {
        Basis::parse(text).ok_or_else(|| {
            crate::error::Error::new(
                crate::error::ErrorCode::InvalidRequest,
                format!("the basis {text:?} is neither \"time_weighted\" nor \"snapshot\""),
            )
            .with_path("basis")
        })
    }
}

/// A split request, as read (docs/format.md, "Ledger document", `request`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The first day of the period.
    pub start: Date,
    /// The last day of the period (inclusive).
    pub end: Date,
    /// The profit (or, negative, the loss) to split.
    pub amount: Dec,
    /// The basis (default `time_weighted`).
    pub basis: Basis,
    /// Money owed to members from earlier splits, by member id.
    /// (`None` when the request gives no `carry_in`, which `close` tells
    /// apart from `{}`).
    pub carry_in: Option<Vec<(String, Dec)>>,
}

impl Request {
    /// A time-weighted request for `amount` over `start..=end`.
    pub fn new(start: Date, end: Date, amount: Dec) -> Request {
        Request {
            start,
            end,
            amount,
            basis: Basis::TimeWeighted,
            carry_in: None,
        }
    }

    /// The same request with another basis.
    #[must_use]
    pub fn with_basis(mut self, basis: Basis) -> Request {
        self.basis = basis;
        self
    }
}
