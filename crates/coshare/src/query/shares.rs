//! The other queries (docs/format.md, "Other queries"): shares at a date, the explanation of a
//! member's basis, and shares over a series of dates.

use crate::error::{Error, ErrorCode as C, Result};
use crate::ledger::Ledger;
use crate::query::split::check_period;
use crate::values::amount::Fixed;
use crate::values::date::{Date, Duration};
use crate::values::wide::{mul_div, Round};
use crate::write::writer::Writer;

pub use crate::check::limits::MAX_CURVE_DATES;

/// Live units per member and kind on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Shares {
    /// The date.
    pub at: Date,
    /// All live units (scale 13).
    pub total: Fixed,
    /// Members with live units, by id.
    pub members: Vec<MemberShares>,
    /// Each pool of the distribution in force on the date, in bucket
    /// order (none before the first policy): what each member would get
    /// of that pool's money on that day.
    pub pools: Vec<PoolShares>,
}

/// The members' live units over one pool's kinds on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolShares {
    /// The pool's name.
    pub pool: String,
    /// The live units over the pool's kinds (scale 13).
    pub total: Fixed,
    /// Members with live units in the pool, by id.
    pub members: Vec<PoolMemberShare>,
}

/// One member's part of a pool on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolMemberShare {
    /// The member's id.
    pub member: String,
    /// Live units over the pool's kinds (scale 13).
    pub units: Fixed,
    /// `round_9(units / pool total)`.
    pub share: Fixed,
}

/// One member's live units on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemberShares {
    /// The member's id.
    pub member: String,
    /// Live units per kind with non-zero units, by kind name (scale 13).
    pub kinds: Vec<(String, Fixed)>,
    /// The member's live units (scale 13).
    pub units: Fixed,
    /// `round_9(units / total)`; 0 when there are none.
    pub share: Fixed,
}

/// Why a member has the basis they have over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The member's id.
    pub member: String,
    /// The period's first day.
    pub start: Date,
    /// The period's last day.
    pub end: Date,
    /// The member's contributions of the kinds asked, by date, then id.
    pub contributions: Vec<ContributionBasis>,
    /// Each pool of the distribution in force on the period's last day (in
    /// bucket order): the member's unit-days over the pool's kinds (every
    /// contribution of them, whatever kinds were asked), the pool's total,
    /// and the member's share of it: what a time-weighted split of the
    /// period pays the member of the pool's money.
    pub pools: Vec<PoolBasis>,
    /// The member's unit-days over the period: the sum of the contributions' (scale 13).
    pub basis: Fixed,
    /// `round_4(basis / days)`.
    pub average_units: Fixed,
}

/// A member's part of one pool's basis over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolBasis {
    /// The pool's name.
    pub pool: String,
    /// The kinds the pool counts, by name (every kind for a pool of `"*"`).
    pub kinds: Vec<String>,
    /// The member's unit-days over the pool's kinds (scale 13).
    pub basis: Fixed,
    /// Every member's unit-days over the pool's kinds (scale 13).
    pub basis_total: Fixed,
    /// `round_9(basis / basis_total)`; 0 when the total is 0.
    pub share: Fixed,
}

/// One contribution's part of a member's basis.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContributionBasis {
    /// The entry id.
    pub entry: String,
    /// The contribution's date.
    pub date: Date,
    /// Its kind.
    pub kind: String,
    /// Its value (money).
    pub value: Fixed,
    /// `value − paid` (money).
    pub at_risk: Fixed,
    /// Units issued (scale 4).
    pub units: Fixed,
    /// Live units on the period's first day, or its date if later (scale 13).
    pub live_at_start: Fixed,
    /// Live units on the period's last day (scale 13).
    pub live_at_end: Fixed,
    /// Changes of effective units inside the period: the day and the new units (scale 4).
    pub changes: Vec<(Date, Fixed)>,
    /// Unit-days in the period (scale 13).
    pub unit_days: Fixed,
}

impl Ledger {
    /// Live units per member and kind on `at`, and each member's share.
    pub fn shares(&self, at: Date) -> Shares {
        let per_pair = self.pair_basis(at, at, crate::document::Basis::Snapshot);
        let total: i128 = per_pair.iter().sum();
        // Pairs are sorted by member, then kind: one run per member.
        let mut members: Vec<MemberShares> = Vec::new();
        let mut current: Option<u32> = None;
        for (&(m, k), &u) in self.pairs.iter().zip(&per_pair) {
            if u == 0 {
                continue;
            }
            if current != Some(m) {
                current = Some(m);
                members.push(MemberShares {
                    member: self.members.get(m as usize).cloned().unwrap_or_default(),
                    kinds: Vec::new(),
                    units: Fixed::new(0, 13),
                    share: Fixed::new(0, 9),
                });
            }
            if let Some(last) = members.last_mut() {
                let kind = self.kinds.get(k as usize).cloned().unwrap_or_default();
                last.kinds.push((kind, Fixed::new(u, 13)));
            }
        }
        for m in &mut members {
            let units: i128 = m.kinds.iter().map(|(_, u)| u.value()).sum();
            m.units = Fixed::new(units, 13);
            let share = mul_div(units, 1_000_000_000, total, Round::HalfEven).unwrap_or(0);
            m.share = Fixed::new(share, 9);
        }
        let pools = self.pool_shares(at, &per_pair);
        Shares {
            at,
            total: Fixed::new(total, 13),
            members,
            pools,
        }
    }

    /// Each pool's shares on `at` (docs/format.md, "Other queries"): the members' live units over
    /// the pool's kinds, from the per-pair live units.
    fn pool_shares(&self, at: Date, per_pair: &[i128]) -> Vec<PoolShares> {
        let Some(policy) = self.policy_at(at) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for b in &policy.distribution.buckets {
            let Some(kinds) = &b.pool else { continue };
            // Pairs are sorted by member: one run per member.
            let mut members: Vec<(u32, i128)> = Vec::new();
            for (&(m, k), &u) in self.pairs.iter().zip(per_pair) {
                if u == 0 || !kinds.contains(k as usize) {
                    continue;
                }
                match members.last_mut() {
                    Some((last, sum)) if *last == m => *sum += u,
                    _ => members.push((m, u)),
                }
            }
            let total: i128 = members.iter().map(|(_, u)| u).sum();
            out.push(PoolShares {
                pool: b.name.clone(),
                total: Fixed::new(total, 13),
                members: members
                    .into_iter()
                    .map(|(m, u)| PoolMemberShare {
                        member: self.members.get(m as usize).cloned().unwrap_or_default(),
                        units: Fixed::new(u, 13),
                        share: Fixed::new(
                            mul_div(u, 1_000_000_000, total, Round::HalfEven).unwrap_or(0),
                            9,
                        ),
                    })
                    .collect(),
            });
        }
        out
    }

    /// Explains a member's time-weighted basis over `start..=end` for the
    /// given kinds (`None` or `["*"]`: all kinds), contribution by contribution.
    pub fn explain(
        &self,
        member: &str,
        start: Date,
        end: Date,
        kinds: Option<&[String]>,
    ) -> Result<Explanation> {
        check_period(start, end)?;
        let m = self.listed_member(member)?;
        let all = kinds.is_none_or(|k| matches!(k, [only] if only == "*"));
        let mut wanted = vec![all; self.kinds.len()];
        if !all {
            for k in kinds.unwrap_or_default() {
                let i = self.kind_index(k).ok_or_else(|| {
                    let names = || self.kinds.iter().map(String::as_str);
                    let near = crate::check::hint::did_you_mean(k, names());
                    let all = crate::check::hint::defined("kind", names());
                    Error::new(
                        C::InvalidRequest,
                        format!("the kind {k:?} is not defined{near}{all}"),
                    )
                })?;
                if let Some(w) = wanted.get_mut(i) {
                    *w = true;
                }
            }
        }
        let mut contributions = Vec::new();
        let mut basis = 0;
        let tables = &self.tables;
        for (i, c) in self.contributions.iter().enumerate() {
            let (owner, kind) = self.pairs.get(c.pair()).copied().unwrap_or_default();
            let date = c.date();
            if owner as usize != m || wanted.get(kind as usize) != Some(&true) || date > end {
                continue;
            }
            let unit_days = c.unit_days(tables, start, end);
            basis += unit_days;
            let changes = c
                .changes(tables)
                .iter()
                .filter(|(from, _)| *from > start && *from <= end)
                .map(|&(from, units)| (from, Fixed::new(i128::from(units), 4)))
                .collect();
            contributions.push(ContributionBasis {
                entry: self.ids.get(i).to_string(),
                date,
                kind: self.kinds.get(kind as usize).cloned().unwrap_or_default(),
                value: self.money(i128::from(c.value)),
                at_risk: self.money(i128::from(c.at_risk)),
                units: Fixed::new(i128::from(c.units), 4),
                live_at_start: Fixed::new(c.live_units(tables, start.max(date)), 13),
                live_at_end: Fixed::new(c.live_units(tables, end), 13),
                changes,
                unit_days: Fixed::new(unit_days, 13),
            });
        }
        contributions.sort_unstable_by(|a, b| {
            (a.date, a.entry.as_bytes()).cmp(&(b.date, b.entry.as_bytes()))
        });
        let pools = self.pool_bases(m, start, end);
        let days = i128::from(start.days_until(end) + 1);
        let average = mul_div(basis, 1, days * 1_000_000_000, Round::HalfEven).unwrap_or(0);
        Ok(Explanation {
            member: member.to_string(),
            start,
            end,
            contributions,
            pools,
            basis: Fixed::new(basis, 13),
            average_units: Fixed::new(average, 4),
        })
    }

    /// Shares at `from`, `from + every`, `from + 2·every`, … up to and including `to`.
    pub fn curve(&self, from: Date, to: Date, every: Duration) -> Result<Vec<Shares>> {
        if to < from || every.is_zero() {
            return Err(Error::new(
                C::InvalidRequest,
                "a curve needs `to` on or after `from` and a non-zero step",
            ));
        }
        let mut out = Vec::new();
        for j in 0.. {
            let t = every.add_times(from, j);
            if t > to {
                break;
            }
            if out.len() == MAX_CURVE_DATES {
                return Err(Error::new(
                    C::InvalidRequest,
                    format!("a curve may have at most {MAX_CURVE_DATES} dates"),
                ));
            }
            out.push(self.shares(t));
        }
        Ok(out)
    }
}

impl Shares {
    /// The shares as compact JSON: `{"at","total","members":[{"member",
    /// "kinds":{kind: units},"units","share"}],"pools":[{"pool","total",
    /// "members":[{"member","units","share"}]}]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        self.write(&mut w);
        w.finish()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.begin_object();
        w.field_str("at", &self.at.to_string());
        w.field_str("total", &self.total.to_plain_string());
        w.key("members");
        w.begin_array();
        for m in &self.members {
            w.begin_object();
            w.field_str("member", &m.member);
            w.key("kinds");
            w.begin_object();
            for (k, u) in &m.kinds {
                w.field_str(k, &u.to_plain_string());
            }
            w.end_object();
            w.field_str("units", &m.units.to_plain_string());
            w.field_str("share", &m.share.to_string());
            w.end_object();
        }
        w.end_array();
        w.key("pools");
        w.begin_array();
        for p in &self.pools {
            w.begin_object();
            w.field_str("pool", &p.pool);
            w.field_str("total", &p.total.to_plain_string());
            w.key("members");
            w.begin_array();
            for m in &p.members {
                w.begin_object();
                w.field_str("member", &m.member);
                w.field_str("units", &m.units.to_plain_string());
                w.field_str("share", &m.share.to_string());
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
}

/// Writes a curve as `{"points":[SHARES, ...]}`.
pub fn curve_to_json(points: &[Shares]) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.key("points");
    w.begin_array();
    for p in points {
        p.write(&mut w);
    }
    w.end_array();
    w.end_object();
    w.finish()
}

impl Ledger {
    /// Member `m`'s part of each pool's time-weighted basis over the period
    /// (the distribution in force on `end`).
    fn pool_bases(&self, m: usize, start: Date, end: Date) -> Vec<PoolBasis> {
        let Some(policy) = self.policy_at(end) else {
            return Vec::new();
        };
        let per_pair = self.pair_basis(start, end, crate::document::Basis::TimeWeighted);
        policy
            .distribution
            .buckets
            .iter()
            .filter_map(|b| {
                let kinds = b.pool.as_ref()?;
                let (mut own, mut total) = (0i128, 0i128);
                for (&(owner, k), &x) in self.pairs.iter().zip(&per_pair) {
                    if kinds.contains(k as usize) {
                        total += x;
                        if owner as usize == m {
                            own += x;
                        }
                    }
                }
                let share = if total == 0 {
                    0
                } else {
                    mul_div(own, 1_000_000_000, total, Round::HalfEven).unwrap_or(0)
                };
                let names = self.kinds.iter().enumerate();
                Some(PoolBasis {
                    pool: b.name.clone(),
                    kinds: names
                        .filter(|(k, _)| kinds.contains(*k))
                        .map(|(_, n)| n.clone())
                        .collect(),
                    basis: Fixed::new(own, 13),
                    basis_total: Fixed::new(total, 13),
                    share: Fixed::new(share, 9),
                })
            })
            .collect()
    }
}

impl Explanation {
    /// The explanation as compact JSON:
    /// `{"member","period","basis","average_units","pools":[…],"contributions":[…]}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.field_str("member", &self.member);
        w.key("period");
        w.begin_object();
        w.field_str("start", &self.start.to_string());
        w.field_str("end", &self.end.to_string());
        w.end_object();
        w.field_str("basis", &self.basis.to_plain_string());
        w.field_str("average_units", &self.average_units.to_string());
        w.key("pools");
        w.begin_array();
        for p in &self.pools {
            w.begin_object();
            w.field_str("pool", &p.pool);
            w.key("kinds");
            w.begin_array();
            for k in &p.kinds {
                w.str(k);
            }
            w.end_array();
            w.field_str("basis", &p.basis.to_plain_string());
            w.field_str("basis_total", &p.basis_total.to_plain_string());
            w.field_str("share", &p.share.to_string());
            w.end_object();
        }
        w.end_array();
        w.key("contributions");
        w.begin_array();
        for c in &self.contributions {
            w.begin_object();
            w.field_str("entry", &c.entry);
            w.field_str("date", &c.date.to_string());
            w.field_str("kind", &c.kind);
            w.field_str("value", &c.value.to_string());
            w.field_str("at_risk", &c.at_risk.to_string());
            w.field_str("units", &c.units.to_string());
            w.field_str("live_at_start", &c.live_at_start.to_plain_string());
            w.field_str("live_at_end", &c.live_at_end.to_plain_string());
            w.key("changes");
            w.begin_array();
            for (d, u) in &c.changes {
                w.begin_object();
                w.field_str("date", &d.to_string());
                w.field_str("units", &u.to_string());
                w.end_object();
            }
            w.end_array();
            w.field_str("unit_days", &c.unit_days.to_plain_string());
            w.end_object();
        }
        w.end_array();
        w.end_object();
        w.finish()
    }
}
