//! Capital accounts (docs/format.md, "Capital accounts" and "Revolving"):
//! each member's movements, balance and due, the co-op's other accounts on
//! a day, and a member's statement over a period.

use crate::books::{Books, Posted};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::values::amount::Fixed;
use crate::values::date::{check_period, Date};

/// What a movement of a capital account records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MovementKind {
    /// A contribution of a `capital` kind: `+at_risk`.
    PaidIn,
    /// The retained part of an allocation: `+retained` (negative for a loss).
    Retained,
    /// An adjustment entry: `+amount`.
    Adjustment,
    /// A redemption entry: `−amount`.
    Redemption,
}

impl MovementKind {
    /// The name written in documents: `paid_in`, `retained`, `adjustment`, `redemption`.
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::PaidIn => "paid_in",
            MovementKind::Retained => "retained",
            MovementKind::Adjustment => "adjustment",
            MovementKind::Redemption => "redemption",
        }
    }
}

/// A movement of one member's capital account, in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Movement<'a> {
    pub date: Date,
    pub kind: MovementKind,
    pub entry: &'a str,
    pub amount: i128,
    /// The day it matures (docs/format.md, "Revolving"); `None`: never
    /// (redemptions, and capital that matures only by a departure that
    /// has not happened).
    pub matures: Option<Date>,
}

impl Books {
    /// Each member's movements, in the order of docs/format.md (date,
    /// then paid-in, retained, adjustment, redemption, then entry id).
    pub(crate) fn movements(&self, members: usize) -> Vec<Vec<Movement<'_>>> {
        self.collect(members, None)
    }

    /// One member's movements (see [`Books::movements`]), without building
    /// the other members'.
    pub(crate) fn movements_of(&self, member: usize) -> Vec<Movement<'_>> {
        self.collect(1, Some(member)).pop().unwrap_or_default()
    }

    /// The movements of every member (`only` `None`: `lists` lists, by
    /// member index), or of member `only` (one list).
    fn collect<'a>(&'a self, lists: usize, only: Option<usize>) -> Vec<Vec<Movement<'a>>> {
        let mut out: Vec<Vec<Movement<'a>>> = vec![Vec::new(); lists];
        let revolve_of = |a: &Posted| self.rules_at(a.date).revolve.map(|r| r.add_to(a.date));
        let mut push = |m: usize, mv: Movement<'a>| {
            let list = match only {
                Some(o) if o == m => out.get_mut(0),
                Some(_) => None,
                None => out.get_mut(m),
            };
            if let Some(list) = list {
                list.push(mv);
            }
        };
        for p in &self.paid_in {
            push(
                p.member,
                Movement {
                    date: p.date,
                    kind: MovementKind::PaidIn,
                    entry: &p.id,
                    amount: p.amount,
                    matures: None,
                },
            );
        }
        for a in &self.allocations {
            let matures = revolve_of(a);
            let retained = |f: &crate::books::Figures| Movement {
                date: a.date,
                kind: MovementKind::Retained,
                entry: &a.id,
                amount: f.retained,
                matures,
            };
            match only {
                // One member: its figures found by id, not every member's walked.
                Some(o) => {
                    if let Some(f) = a.figures(o) {
                        push(o, retained(f));
                    }
                }
                None => {
                    for (m, f) in &a.members {
                        push(*m, retained(f));
                    }
                }
            }
        }
        for adj in &self.adjustments {
            let matures = match adj.allocation.and_then(|k| self.allocations.get(k)) {
                Some(a) => revolve_of(a),
                None if adj.amount < 0 => Some(adj.date),
                None => None,
            };
            push(
                adj.member,
                Movement {
                    date: adj.date,
                    kind: MovementKind::Adjustment,
                    entry: &adj.id,
                    amount: adj.amount,
                    matures,
                },
            );
        }
        for r in &self.redemptions {
            push(
                r.member,
                Movement {
                    date: r.date,
                    kind: MovementKind::Redemption,
                    entry: &r.id,
                    amount: -r.amount,
                    matures: None,
                },
            );
        }
        for (i, list) in out.iter_mut().enumerate() {
            let m = only.unwrap_or(i);
            list.sort_by(|a, b| {
                (a.date, a.kind, a.entry.as_bytes()).cmp(&(b.date, b.kind, b.entry.as_bytes()))
            });
            // A departure matures everything at the latest on
            // max(date, departure day + the rules' departure delay).
            if let Some(dd) = self.departures.get(m).copied().flatten() {
                let delay = self.rules_at(dd).departure.map_or(dd, |d| d.add_to(dd));
                for mv in list
                    .iter_mut()
                    .filter(|mv| mv.kind != MovementKind::Redemption)
                {
                    let cap = mv.date.max(delay);
                    mv.matures = Some(mv.matures.map_or(cap, |t| t.min(cap)));
                }
            }
        }
        out
    }
}

/// The balance of movements dated on or before `t`.
pub(crate) fn balance(list: &[Movement<'_>], t: Date) -> i128 {
    list.iter()
        .take_while(|m| m.date <= t)
        .map(|m| m.amount)
        .sum()
}

/// Due on `t`: `max(0, min(balance, M − R))` (docs/format.md, "Revolving").
pub(crate) fn due(list: &[Movement<'_>], t: Date) -> i128 {
    let mut matured = 0i128;
    let mut redeemed = 0i128;
    for m in list.iter().take_while(|m| m.date <= t) {
        if m.kind == MovementKind::Redemption {
            redeemed -= m.amount;
        } else if m.matures.is_some_and(|d| d <= t) {
            matured += m.amount;
        }
    }
    balance(list, t).min(matured - redeemed).max(0)
}

/// The first redemption that takes a capital account below zero, with
/// the balance after it (docs/format.md, `over_redemption`).
pub(crate) fn overdrawn<'a>(list: &[Movement<'a>]) -> Option<(&'a str, i128)> {
    let mut balance = 0i128;
    for m in list {
        balance += m.amount;
        if m.kind == MovementKind::Redemption && balance < 0 {
            return Some((m.entry, balance));
        }
    }
    None
}

/// A member's balance and due on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberAccount {
    /// The member's id.
    pub member: String,
    /// The sum of the movements dated on or before the day.
    pub balance: Fixed,
    /// What may be paid back on the day.
    pub due: Fixed,
}

/// The co-op's accounts on a day (docs/format.md, "accounts").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accounts {
    /// The day.
    pub at: Date,
    /// Members with a movement on or before the day, by id.
    pub members: Vec<MemberAccount>,
    /// Each reserve named in an allocation dated on or before the day, by name.
    pub reserves: Vec<(String, Fixed)>,
    /// The pools' unallocated money.
    pub unallocated: Fixed,
    /// Cash allocated and not yet paid.
    pub payable: Fixed,
    /// Money owed to members below the minimum payout.
    pub carried: Fixed,
}

/// One line of a statement: a movement and the balance after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The movement's date.
    pub date: Date,
    /// What it records.
    pub kind: MovementKind,
    /// The entry (or allocation) id.
    pub entry: String,
    /// The signed amount (a redemption is negative).
    pub amount: Fixed,
    /// The running balance after it.
    pub balance: Fixed,
}

/// A member's figures in one allocation, as a statement shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationFigures {
    /// The allocation's id.
    pub allocation: String,
    /// The day it was declared.
    pub date: Date,
    /// The member's share of the pools.
    pub allocated: Fixed,
    /// Carried in from the allocation before it.
    pub carry_in: Fixed,
    /// `cash + retained`.
    pub paid: Fixed,
    /// Paid in cash.
    pub cash: Fixed,
    /// Retained in the capital account.
    pub retained: Fixed,
    /// Carried to the next allocation.
    pub carry_out: Fixed,
}

/// A payment of an allocation's cash to a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLine {
    /// The payment entry's id.
    pub payment: String,
    /// The allocation paid.
    pub allocation: String,
    /// The day paid.
    pub date: Date,
    /// The amount.
    pub amount: Fixed,
}

/// A member's statement over a period (docs/format.md, "statement").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The member's id.
    pub member: String,
    /// The first day.
    pub start: Date,
    /// The last day.
    pub end: Date,
    /// The balance on the day before `start`.
    pub opening: Fixed,
    /// Every movement dated in the period, with the running balance.
    pub movements: Vec<StatementLine>,
    /// The balance on `end`.
    pub closing: Fixed,
    /// Due on `end`.
    pub due: Fixed,
    /// The figures of every allocation dated in the period that lists the member.
    pub allocations: Vec<AllocationFigures>,
    /// The member's payments dated in the period, by (date, id).
    pub payments: Vec<PaymentLine>,
}

impl Ledger {
    /// Each member's balance and due, each reserve, unallocated, payable
    /// and carried on day `at` (docs/format.md, "accounts").
    pub fn accounts(&self, at: Date) -> Accounts {
        let books = &self.books;
        let movements = books.movements(self.members.len());
        let members = movements
            .iter()
            .enumerate()
            .filter(|(_, list)| list.first().is_some_and(|m| m.date <= at))
            .map(|(m, list)| MemberAccount {
                member: self.members.get(m).cloned().unwrap_or_default(),
                balance: self.money(balance(list, at)),
                due: self.money(due(list, at)),
            })
            .collect();
        let declared = || books.allocations.iter().filter(|a| a.date <= at);
        let mut reserves: Vec<(String, i128)> = Vec::new();
        for a in declared() {
            for (name, x) in &a.reserves {
                match reserves.binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes())) {
                    Ok(i) => {
                        if let Some((_, sum)) = reserves.get_mut(i) {
                            *sum += x;
                        }
                    }
                    Err(i) => reserves.insert(i, (name.clone(), *x)),
                }
            }
        }
        let unallocated = declared().map(|a| a.unallocated).sum();
        let cash: i128 = declared()
            .flat_map(|a| a.members.iter().map(|(_, f)| f.cash))
            .sum();
        let paid: i128 = books
            .payments
            .iter()
            .filter(|p| p.date <= at)
            .map(|p| p.amount)
            .sum();
        let carried = declared()
            .next_back()
            .map_or(0, |a| a.members.iter().map(|(_, f)| f.carry_out).sum());
        Accounts {
            at,
            members,
            reserves: reserves
                .into_iter()
                .map(|(n, x)| (n, self.money(x)))
                .collect(),
            unallocated: self.money(unallocated),
            payable: self.money(cash - paid),
            carried: self.money(carried),
        }
    }

    /// A member's statement over `start..=end` (docs/format.md,
    /// "statement"): `invalid_period`, then `unknown_member`.
    pub fn statement(&self, member: &str, start: Date, end: Date) -> Result<Statement> {
        check_period(start, end)?;
        let m = self.listed_member(member)?;
        let books = &self.books;
        let movements = books.movements_of(m);
        let list = movements.as_slice();
        let before = list
            .iter()
            .take_while(|mv| mv.date < start)
            .map(|mv| mv.amount)
            .sum::<i128>();
        let mut running = before;
        let lines = list
            .iter()
            .filter(|mv| mv.date >= start && mv.date <= end)
            .map(|mv| {
                running += mv.amount;
                StatementLine {
                    date: mv.date,
                    kind: mv.kind,
                    entry: mv.entry.to_string(),
                    amount: self.money(mv.amount),
                    balance: self.money(running),
                }
            })
            .collect();
        let mut allocations: Vec<&Posted> = books
            .allocations
            .iter()
            .filter(|a| a.date >= start && a.date <= end && a.figures(m).is_some())
            .collect();
        allocations.sort_by(|a, b| (a.date, a.id.as_bytes()).cmp(&(b.date, b.id.as_bytes())));
        let allocations = allocations
            .into_iter()
            .filter_map(|a| {
                let f = a.figures(m)?;
                Some(AllocationFigures {
                    allocation: a.id.clone(),
                    date: a.date,
                    allocated: self.money(f.allocated),
                    carry_in: self.money(f.carry_in),
                    paid: self.money(f.cash + f.retained),
                    cash: self.money(f.cash),
                    retained: self.money(f.retained),
                    carry_out: self.money(f.carry_out),
                })
            })
            .collect();
        let mut payments: Vec<_> = books
            .payments
            .iter()
            .filter(|p| p.member == m && p.date >= start && p.date <= end)
            .collect();
        payments.sort_by(|a, b| (a.date, a.id.as_bytes()).cmp(&(b.date, b.id.as_bytes())));
        let payments = payments
            .into_iter()
            .map(|p| PaymentLine {
                payment: p.id.clone(),
                allocation: p
                    .allocation
                    .and_then(|k| books.allocations.get(k))
                    .map_or_else(String::new, |a| a.id.clone()),
                date: p.date,
                amount: self.money(p.amount),
            })
            .collect();
        Ok(Statement {
            member: member.to_string(),
            start,
            end,
            opening: self.money(before),
            movements: lines,
            closing: self.money(balance(list, end)),
            due: self.money(due(list, end)),
            allocations,
            payments,
        })
    }
}
