//! Live units and basis (SPEC 3.4 and 4): a contribution's effective units
//! over time, its live units on a day, and its unit-days over a period.
//!
//! Everything that does not depend on the query (the curve's key days, the
//! effective units after each repayment and departure) is computed once
//! when the ledger is checked, so a query does integer sums only.

use crate::curve::{Compiled, LinearTables};
use crate::date::Date;
use crate::document::Curve;
use crate::number::Dec;
use crate::wide::{mul3_div, Round};

/// A valued contribution, compiled for queries.
#[derive(Debug, Clone)]
pub(crate) struct Valued {
    pub member: u32,
    pub kind: u32,
    /// Index of its (member, kind) in [`crate::Ledger`]'s pairs.
    pub pair: u32,
    pub date: Date,
    /// Money, in minor units.
    pub value: i64,
    pub at_risk: i64,
    /// Issued units, scaled by 10^4.
    pub units: i64,
    pub curve: Compiled,
    /// `u_eff` from `date` on (scaled by 10^4).
    pub first_units: i64,
    /// Later changes of `u_eff`: (first day, new `u_eff`), ascending.
    pub changes: Changes,
}

/// Later changes of a contribution's `u_eff`, behind one thin pointer:
/// most contributions have none.
#[derive(Debug, Clone, Default)]
#[allow(clippy::box_collection)] // the Box makes the pointer thin
pub(crate) struct Changes(Option<Box<Vec<(Date, i64)>>>);

impl std::ops::Deref for Changes {
    type Target = [(Date, i64)];

    fn deref(&self) -> &[(Date, i64)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// What a valued contribution is built from.
pub(crate) struct Parts<'a> {
    pub member: usize,
    pub kind: usize,
    pub date: Date,
    pub value: i128,
    pub at_risk: i128,
    pub units: i128,
    pub curve: &'a Curve,
}

/// What changes a contribution's effective units after its date.
pub(crate) struct Later<'a> {
    pub repayable: bool,
    /// The departure date and this contribution's retention factor.
    pub departure: Option<(Date, Dec)>,
    /// Repayments (date, amount in minor units), in any order.
    pub repayments: &'a [(Date, i128)],
}

impl Valued {
    /// Compiles a checked contribution (values within the SPEC limits), its
    /// effective units those it was issued until [`Valued::settle`] says otherwise.
    /// Without `tables` the curve is not compiled (for validation only).
    pub(crate) fn new(p: &Parts<'_>, tables: Option<&mut LinearTables>) -> Valued {
        let narrow = |x: i128| i64::try_from(x).unwrap_or(i64::MAX);
        Valued {
            member: u32::try_from(p.member).unwrap_or(u32::MAX),
            kind: u32::try_from(p.kind).unwrap_or(u32::MAX),
            pair: 0,
            date: p.date,
            value: narrow(p.value),
            at_risk: narrow(p.at_risk),
            units: narrow(p.units),
            curve: match tables {
                Some(tables) => Compiled::new(p.curve, p.date, Some(tables)),
                None => Compiled::unset(),
            },
            first_units: narrow(p.units),
            changes: Changes::default(),
        }
    }

    /// `u_eff = round_4(u × retention × outstanding / at_risk)` on day `t`,
    /// given the sum of the repayments dated on or before `t`.
    fn effective_units(&self, later: &Later<'_>, t: Date, repaid: i128) -> i64 {
        let retention = match later.departure {
            Some((left, factor)) if t > left => factor,
            _ => Dec::ONE,
        };
        if retention == Dec::ONE && (!later.repayable || later.repayments.is_empty()) {
            return self.units;
        }
        let at_risk = i128::from(self.at_risk);
        let (num, den) = if later.repayable && at_risk > 0 {
            (at_risk - repaid, at_risk)
        } else {
            (1, 1)
        };
        let den = den.saturating_mul(Dec::ONE.raw());
        let units = i128::from(self.units);
        let u = mul3_div(units, retention.raw(), num, den, Round::HalfEven).unwrap_or(0);
        i64::try_from(u).unwrap_or(0)
    }

    /// Applies a departure and repayments: the effective units from the
    /// contribution's date on, and each later change.
    pub(crate) fn settle(&mut self, later: &Later<'_>) {
        let mut repayments = later.repayments.to_vec();
        repayments.sort_unstable_by_key(|r| r.0);
        // Repaid so far, walked once alongside the (ascending) change days.
        let mut repaid = 0i128;
        let mut pending = repayments.iter().peekable();
        let mut repaid_by = |t: Date| {
            while let Some(r) = pending.next_if(|r| r.0 <= t) {
                repaid += r.1;
            }
            repaid
        };
        let mut days: Vec<Date> = later.repayments.iter().map(|r| r.0).collect();
        if let Some((left, _)) = later.departure {
            days.push(left.succ());
        }
        days.retain(|&c| c > self.date);
        days.sort_unstable();
        days.dedup();
        self.first_units = self.effective_units(later, self.date, repaid_by(self.date));
        let changes: Vec<(Date, i64)> = days
            .into_iter()
            .map(|t| (t, self.effective_units(later, t, repaid_by(t))))
            .collect();
        self.changes = Changes((!changes.is_empty()).then(|| Box::new(changes)));
    }

    pub(crate) fn member(&self) -> usize {
        self.member as usize
    }

    pub(crate) fn kind(&self) -> usize {
        self.kind as usize
    }

    pub(crate) fn pair(&self) -> usize {
        self.pair as usize
    }

    /// `u_eff` on day `t >= date`.
    pub(crate) fn units_on(&self, t: Date) -> i64 {
        let n = self.changes.partition_point(|c| c.0 <= t);
        n.checked_sub(1)
            .and_then(|i| self.changes.get(i))
            .map_or(self.first_units, |c| c.1)
    }

    /// The stretches of constant `u_eff`: (first day, last day or `None`, units).
    pub(crate) fn stretches(&self) -> impl Iterator<Item = (Date, Option<Date>, i64)> + '_ {
        let starts =
            std::iter::once((self.date, self.first_units)).chain(self.changes.iter().copied());
        let ends = self
            .changes
            .iter()
            .map(|c| Some(Date::from_day_number(c.0.day_number() - 1)))
            .chain([None]);
        starts
            .zip(ends)
            .map(|((from, units), to)| (from, to, units))
    }

    /// Live units `L(t) = u_eff(t) × w(t)`, scaled by 10^13 (0 before the contribution).
    pub(crate) fn live_units(&self, t: Date) -> i128 {
        if t < self.date {
            return 0;
        }
        let day = t.day_number();
        i128::from(self.units_on(t)) * self.curve.sum(day, day)
    }

    /// Unit-days `Σ_{t=start}^{end} L(t)`, scaled by 10^13.
    pub(crate) fn unit_days(&self, start: Date, end: Date) -> i128 {
        let start = start.max(self.date);
        if start > end {
            return 0;
        }
        if self.changes.is_empty() {
            return i128::from(self.first_units)
                * self.curve.sum(start.day_number(), end.day_number());
        }
        self.stretches()
            .map(|(from, to, units)| {
                let (a, b) = (start.max(from), to.map_or(end, |to| end.min(to)));
                if a > b || units == 0 {
                    0
                } else {
                    i128::from(units) * self.curve.sum(a.day_number(), b.day_number())
                }
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    /// The compiled form of a contribution stays small: a ledger holds a
    /// million of them (see `BENCHMARKS.md`, memory).
    #[test]
    fn a_valued_contribution_fits_in_104_bytes() {
        assert!(
            std::mem::size_of::<super::Valued>() <= 104,
            "{}",
            std::mem::size_of::<super::Valued>()
        );
    }
}
