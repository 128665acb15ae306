//! Written notices of allocation (docs/format.md, "Written notices").

use crate::error::{Error, ErrorCode as C, Result};
use crate::ledger::Ledger;
use crate::values::amount::Fixed;
use crate::values::date::Date;

/// A member's written notice of one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The member's id.
    pub member: String,
    /// `cash + retained`.
    pub paid: Fixed,
    /// The part to be paid in money.
    pub cash: Fixed,
    /// The part retained in the capital account.
    pub retained: Fixed,
    /// `P`: the member's payments of the allocation dated on or before `pay_by`.
    pub cash_paid: Fixed,
    /// Whether the notice passes the money test of a qualified notice
    /// (the member's consent is assumed, not recorded).
    pub qualified: bool,
}

/// The written notices of an allocation (docs/format.md, "notices").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notices {
    /// The allocation's id.
    pub allocation: String,
    /// The day it was declared.
    pub date: Date,
    /// Its period's first day.
    pub start: Date,
    /// Its period's last day.
    pub end: Date,
    /// The 15th day of the 9th month after the tax year holding `end`.
    pub pay_by: Date,
    /// One notice per member with `paid > 0`, by id.
    pub notices: Vec<Notice>,
}

/// The last day of the payment period: the 15th day of the 9th month after
/// the end of the tax year (ending in month `tax_year_end`) holding `end`.
pub(crate) fn pay_by(end: Date, tax_year_end: u32) -> Date {
    let (year, month, _) = end.ymd();
    let year_end = if month <= tax_year_end {
        year
    } else {
        year + 1
    };
    let months = year_end * 12 + i64::from(tax_year_end) - 1 + 9;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let m = u32::try_from(m).unwrap_or(1);
    Date::from_ymd(y, m, 15).unwrap_or(end)
}

impl Ledger {
    /// The written notices of the allocation `id` (docs/format.md,
    /// "notices"); `unknown_target` when it is not a non-voided allocation.
    pub fn notices(&self, id: &str) -> Result<Notices> {
        let books = &self.books;
        let k = books.allocation(id).ok_or_else(|| {
            Error::new(
                C::UnknownTarget,
                format!("{id:?} is not a (non-voided) allocation"),
            )
            .with_entry(id)
        })?;
        let Some(a) = books.allocations.get(k) else {
            return Err(Error::new(
                C::UnknownTarget,
                format!("{id:?} is not an allocation"),
            ));
        };
        let due_by = pay_by(a.end, books.rules_at(a.date).tax_year_end);
        let money = |x: i128| Fixed::new(x, self.scale);
        let notices = a
            .members
            .iter()
            .filter(|(_, f)| f.cash + f.retained > 0)
            .map(|(m, f)| {
                let paid_money: i128 = books
                    .payments
                    .iter()
                    .filter(|p| p.allocation == Some(k) && p.member == *m && p.date <= due_by)
                    .map(|p| p.amount)
                    .sum();
                let qualified =
                    a.date <= due_by && paid_money > 0 && 5 * paid_money >= paid_money + f.retained;
                Notice {
                    member: self.members.get(*m).cloned().unwrap_or_default(),
                    paid: money(f.cash + f.retained),
                    cash: money(f.cash),
                    retained: money(f.retained),
                    cash_paid: money(paid_money),
                    qualified,
                }
            })
            .collect();
        Ok(Notices {
            allocation: a.id.clone(),
            date: a.date,
            start: a.start,
            end: a.end,
            pay_by: due_by,
            notices,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::pay_by;
    use crate::values::date::Date;

    #[test]
    fn pay_by_is_the_15th_of_the_9th_month_after_the_tax_year() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(pay_by(d("2025-12-31"), 12), d("2026-09-15"));
        assert_eq!(pay_by(d("2025-03-31"), 12), d("2026-09-15"));
        assert_eq!(pay_by(d("2024-03-31"), 3), d("2024-12-15"));
        assert_eq!(pay_by(d("2024-04-01"), 3), d("2025-12-15"));
        assert_eq!(pay_by(d("9999-12-31"), 12).to_string(), "10000-09-15");
    }
}
