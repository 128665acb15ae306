//! Live units and basis (SPEC 3.4 and 4): a contribution's effective units
//! over time, its live units on a day, and its unit-days over a period.

use crate::curve::{weight_at, weight_sum};
use crate::date::Date;
use crate::ledger::Valued;
use crate::number::Dec;
use crate::wide::{mul3_div, Round};

/// A stretch of days over which a contribution's effective units are constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stretch {
    /// The first day.
    pub from: Date,
    /// The last day, inclusive (`None`: open-ended).
    pub to: Option<Date>,
    /// `u_eff`, scaled by 10^4.
    pub units: i128,
}

impl Valued {
    /// `u_eff = round_4(u × retention × outstanding / at_risk)`.
    fn effective_units(&self, retention: Dec, outstanding: i128) -> i128 {
        let (num, den) = if self.repayable && self.at_risk > 0 {
            (outstanding, self.at_risk)
        } else {
            (1, 1)
        };
        let den = den.saturating_mul(Dec::ONE.raw());
        mul3_div(self.units, retention.raw(), num, den, Round::HalfEven).unwrap_or(0)
    }

    /// The effective units from the contribution's date on, as stretches
    /// split at each repayment and at the day after the departure.
    pub(crate) fn stretches(&self) -> Vec<Stretch> {
        let mut changes: Vec<Date> = self.repayments.iter().map(|r| r.0).collect();
        if let Some((left, _)) = self.departure {
            changes.push(left.succ());
        }
        changes.retain(|&c| c > self.date);
        changes.sort_unstable();
        changes.dedup();
        let mut out = Vec::with_capacity(changes.len() + 1);
        let mut from = self.date;
        for next in changes.into_iter().map(Some).chain([None]) {
            let units = self.units_on(from);
            out.push(Stretch {
                from,
                to: next.map(|n| Date::from_day_number(n.day_number() - 1)),
                units,
            });
            match next {
                Some(n) => from = n,
                None => break,
            }
        }
        out
    }

    /// `u_eff` on day `t >= date`.
    pub(crate) fn units_on(&self, t: Date) -> i128 {
        let retention = match self.departure {
            Some((left, factor)) if t > left => factor,
            _ => Dec::ONE,
        };
        let repaid: i128 = self
            .repayments
            .iter()
            .filter(|r| r.0 <= t)
            .map(|r| r.1)
            .sum();
        self.effective_units(retention, self.at_risk - repaid)
    }

    /// Live units `L(t) = u_eff(t) × w(t)`, scaled by 10^13 (0 before the contribution).
    pub(crate) fn live_units(&self, t: Date) -> i128 {
        if t < self.date {
            return 0;
        }
        self.units_on(t) * weight_at(&self.curve, self.date, t)
    }

    /// Unit-days `Σ_{t=start}^{end} L(t)`, scaled by 10^13.
    pub(crate) fn unit_days(&self, start: Date, end: Date) -> i128 {
        let start = start.max(self.date);
        if start > end {
            return 0;
        }
        self.stretches()
            .iter()
            .map(|s| {
                let (a, b) = (start.max(s.from), s.to.map_or(end, |to| end.min(to)));
                if a > b || s.units == 0 {
                    0
                } else {
                    s.units * weight_sum(&self.curve, self.date, a, b)
                }
            })
            .sum()
    }
}
