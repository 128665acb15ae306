//! Live units and basis (docs/format.md, "Entries"): a contribution's effective units
//! over time, its live units on a day, and its unit-days over a period.
//!
//! Everything that does not depend on the query (the curve's key days, the
//! effective units after each repayment and departure) is computed once
//! when the ledger is checked, so a query does integer sums only.

use crate::document::Curve;
use crate::ledger::curve::{Compiled, CurveTables};
use crate::values::date::Date;
use crate::values::number::Dec;
use crate::values::wide::{mul3_div, Round};

/// A valued contribution, compiled for queries: 64 bytes, what is shared
/// or longer kept in the ledger's [`Tables`] by index.
#[derive(Debug, Clone)]
pub(crate) struct Valued {
    /// Money, in minor units.
    pub value: i64,
    pub at_risk: i64,
    /// Issued units, scaled by 10^4.
    pub units: i64,
    /// `u_eff` from `date` on (scaled by 10^4).
    pub first_units: i64,
    pub curve: Compiled,
    /// Its (member, kind): in a [`crate::Ledger`], the index in its
    /// sorted `pairs`; while building, the builder's own numbering.
    pub pair: u32,
    /// The date's day number.
    day: i32,
    /// Its later changes of `u_eff` in [`UnitChanges`], or [`NO_CHANGES`].
    changes: u32,
}

/// A contribution whose `u_eff` never changes after its date.
const NO_CHANGES: u32 = u32::MAX;

/// What compiled contributions refer to by index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    pub curves: CurveTables,
    pub changes: UnitChanges,
}

/// Later changes of contributions' `u_eff`, end to end: (first day, new
/// `u_eff`), ascending for each contribution. Most contributions have none.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitChanges {
    /// Where each list starts in `points`; one more, the end of the last.
    starts: Vec<usize>,
    points: Vec<(Date, i64)>,
}

impl UnitChanges {
    /// Adds a list; its index, or [`NO_CHANGES`] when it is empty.
    fn push(&mut self, list: impl IntoIterator<Item = (Date, i64)>) -> u32 {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let before = self.points.len();
        self.points.extend(list);
        // At most one list per contribution, and a ledger holds at most
        // 10^8 entries (`limits::MAX_ENTRIES`): `k` stays below NO_CHANGES.
        match u32::try_from(self.starts.len() - 1) {
            Ok(k) if self.points.len() > before => {
                self.starts.push(self.points.len());
                k
            }
            _ => {
                self.points.truncate(before);
                NO_CHANGES
            }
        }
    }

    /// List `k` (empty for [`NO_CHANGES`]).
    fn get(&self, k: u32) -> &[(Date, i64)] {
        let k = k as usize;
        let (Some(&a), Some(&b)) = (self.starts.get(k), self.starts.get(k + 1)) else {
            return &[];
        };
        self.points.get(a..b).unwrap_or_default()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.points.shrink_to_fit();
    }

    /// Adds `other`'s lists after these; the number of lists before them,
    /// which `other`'s indices are to be shifted by
    /// ([`Valued::shift_changes`]).
    pub(crate) fn append(&mut self, other: UnitChanges) -> u32 {
        let lists = self.starts.len().saturating_sub(1);
        let base = self.points.len();
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let starts = other.starts.iter().skip(1).map(|&s| base + s);
        self.starts.extend(starts);
        self.points.extend(other.points);
        u32::try_from(lists).unwrap_or(NO_CHANGES)
    }
}

/// What a valued contribution is built from.
pub(crate) struct Parts<'a> {
    pub pair: u32,
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
    /// Compiles a checked contribution (values within the format (docs/format.md) limits), its
    /// effective units those it was issued until [`Valued::settle`] says otherwise.
    /// Without `tables` the curve is not compiled (for validation only).
    pub(crate) fn new(p: &Parts<'_>, tables: Option<&mut CurveTables>) -> Valued {
        let curve = match tables {
            Some(tables) => Compiled::new(p.curve, p.date, tables),
            None => Compiled::unset(),
        };
        Valued::with_curve(p, curve)
    }

    /// [`Valued::new`] with its curve already compiled (`p.curve` for `p.date`).
    pub(crate) fn with_curve(p: &Parts<'_>, curve: Compiled) -> Valued {
        let narrow = |x: i128| i64::try_from(x).unwrap_or(i64::MAX);
        Valued {
            value: narrow(p.value),
            at_risk: narrow(p.at_risk),
            units: narrow(p.units),
            first_units: narrow(p.units),
            curve,
            pair: p.pair,
            // Ledger dates have 4-digit years: their day numbers fit.
            day: i32::try_from(p.date.day_number()).unwrap_or(i32::MAX),
            changes: NO_CHANGES,
        }
    }

    /// Its date.
    pub(crate) fn date(&self) -> Date {
        Date::from_day_number(i64::from(self.day))
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
    pub(crate) fn settle(&mut self, later: &Later<'_>, store: &mut UnitChanges) {
        // Most often given in date order (a ledger's are): not copied then.
        let repayments: std::borrow::Cow<'_, [(Date, i128)]> =
            if later.repayments.is_sorted_by_key(|r| r.0) {
                std::borrow::Cow::Borrowed(later.repayments)
            } else {
                let mut sorted = later.repayments.to_vec();
                sorted.sort_unstable_by_key(|r| r.0);
                std::borrow::Cow::Owned(sorted)
            };
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
        let date = self.date();
        days.retain(|&c| c > date);
        days.sort_unstable();
        days.dedup();
        self.first_units = self.effective_units(later, date, repaid_by(date));
        let changes = days
            .into_iter()
            .map(|t| (t, self.effective_units(later, t, repaid_by(t))));
        self.changes = store.push(changes);
    }

    /// Moves its list of changes `by` places, its store having been
    /// appended to another ([`UnitChanges::append`]).
    pub(crate) fn shift_changes(&mut self, by: u32) {
        if self.changes != NO_CHANGES {
            self.changes = self.changes.saturating_add(by);
        }
    }

    pub(crate) fn pair(&self) -> usize {
        self.pair as usize
    }

    /// Its later changes of `u_eff`: (first day, new `u_eff`), ascending.
    pub(crate) fn changes<'a>(&self, tables: &'a Tables) -> &'a [(Date, i64)] {
        tables.changes.get(self.changes)
    }

    /// `u_eff` on day `t >= date`.
    fn units_on(&self, changes: &[(Date, i64)], t: Date) -> i64 {
        let n = changes.partition_point(|c| c.0 <= t);
        n.checked_sub(1)
            .and_then(|i| changes.get(i))
            .map_or(self.first_units, |c| c.1)
    }

    /// The stretches of constant `u_eff`: (first day, last day or `None`, units).
    pub(crate) fn stretches<'a>(
        &self,
        tables: &'a Tables,
    ) -> impl Iterator<Item = (Date, Option<Date>, i64)> + 'a {
        let changes = self.changes(tables);
        let starts =
            std::iter::once((self.date(), self.first_units)).chain(changes.iter().copied());
        let ends = changes
            .iter()
            .map(|c| Some(Date::from_day_number(c.0.day_number() - 1)))
            .chain([None]);
        starts
            .zip(ends)
            .map(|((from, units), to)| (from, to, units))
    }

    /// Live units `L(t) = u_eff(t) × w(t)`, scaled by 10^13 (0 before the contribution).
    pub(crate) fn live_units(&self, tables: &Tables, t: Date) -> i128 {
        if t < self.date() {
            return 0;
        }
        let day = t.day_number();
        let units = self.units_on(self.changes(tables), t);
        i128::from(units) * self.curve.sum(&tables.curves, day, day)
    }

    /// Unit-days `Σ_{t=start}^{end} L(t)`, scaled by 10^13.
    pub(crate) fn unit_days(&self, tables: &Tables, start: Date, end: Date) -> i128 {
        let start = start.max(self.date());
        if start > end {
            return 0;
        }
        let curves = &tables.curves;
        if self.changes == NO_CHANGES {
            return i128::from(self.first_units)
                * self.curve.sum(curves, start.day_number(), end.day_number());
        }
        self.stretches(tables)
            .map(|(from, to, units)| {
                let (a, b) = (start.max(from), to.map_or(end, |to| end.min(to)));
                if a > b || units == 0 {
                    0
                } else {
                    i128::from(units) * self.curve.sum(curves, a.day_number(), b.day_number())
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
    fn a_valued_contribution_fits_in_64_bytes() {
        assert!(
            std::mem::size_of::<super::Valued>() <= 64,
            "{}",
            std::mem::size_of::<super::Valued>()
        );
    }

    /// Changes settled into two stores and joined read as if settled into
    /// one: the second store's lists come after, their indices shifted.
    #[test]
    fn appended_changes_keep_every_list() {
        use super::{UnitChanges, NO_CHANGES};
        use crate::values::date::Date;
        let day = Date::from_day_number;
        let (mut one, mut first, mut second) = (
            UnitChanges::default(),
            UnitChanges::default(),
            UnitChanges::default(),
        );
        let lists = [
            vec![(day(3), 5), (day(9), 0)],
            vec![],
            vec![(day(4), 7)],
            vec![(day(1), 2), (day(2), 1)],
        ];
        let whole: Vec<u32> = lists.iter().map(|l| one.push(l.clone())).collect();
        let mut parts: Vec<u32> = lists[..2].iter().map(|l| first.push(l.clone())).collect();
        let later: Vec<u32> = lists[2..].iter().map(|l| second.push(l.clone())).collect();
        let by = first.append(second);
        parts.extend(
            later
                .iter()
                .map(|&k| if k == NO_CHANGES { k } else { k + by }),
        );
        assert_eq!(parts, whole);
        for (k, list) in whole.iter().zip(&lists) {
            assert_eq!(first.get(*k), &list[..]);
        }
        // An empty store joined by another.
        let mut empty = UnitChanges::default();
        assert_eq!(empty.append(one), 0);
        assert_eq!(empty.get(whole[3]), &lists[3][..]);
    }
}
