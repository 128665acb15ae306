//! An `arbitrary` description of a small ledger and request, built into
//! coshare's document types: currency scale 0..=4, 1–3 policies with kinds
//! and curves of every type, departures and distributions, members,
//! contributions, repayments, departures and voids that mostly reference
//! what exists, so most inputs are valid and reach the split.

use arbitrary::Arbitrary;
use coshare::document::{
    Bucket, Contribution, Currency, Curve, Distribution, Document, Entry, EntryBody, Kind, Member,
    Policy, Shape,
};
use coshare::{Date, Dec, Duration, Request};

/// 2023-01-01 as a day number.
const BASE: i64 = 19_358;

const MEMBER_IDS: [&str; 6] = ["ann", "Ben", "bob", "é", "\u{1d538}", "\u{ff21}"];
const KIND_NAMES: [&str; 5] = ["labor", "cash", "loan", "Z", "\u{e9}"];
const REASONS: [&str; 3] = ["good", "bad", "death"];

/// A number of a chosen magnitude: `v mod 10^(mag mod limit)`.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Num {
    mag: u8,
    v: u64,
}

impl Num {
    fn int(self, max_digits: u32) -> i128 {
        let digits = u32::from(self.mag) % (max_digits + 1);
        i128::from(self.v % 10u64.pow(digits.min(19)))
    }

    /// A non-negative decimal with at most `decimals` decimals and `digits` digits.
    fn dec(self, digits: u32, decimals: u32) -> Dec {
        Dec::from_scaled(self.int(digits), decimals).unwrap_or(Dec::ZERO)
    }
}

/// A small duration, sometimes a large one.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Dur {
    y: u8,
    m: u8,
    w: u8,
    d: u8,
    big: Option<u32>,
}

impl Dur {
    /// The duration.
    pub fn get(self) -> Duration {
        let mut d = Duration {
            years: u32::from(self.y % 4),
            months: u32::from(self.m % 14),
            weeks: u32::from(self.w % 3),
            days: u32::from(self.d % 40),
        };
        if let Some(big) = self.big {
            let n = big % (coshare::date::MAX_DURATION_COUNT + 1);
            match big >> 30 {
                0 => d.years = n,
                1 => d.months = n,
                2 => d.weeks = n,
                _ => d.days = n,
            }
        }
        d
    }
}

impl Dur {
    /// The duration, one day when all its counts are zero.
    pub fn nonzero(self) -> Duration {
        let d = self.get();
        if d.is_zero() {
            Duration { days: 1, ..d }
        } else {
            d
        }
    }
}

/// Weights with 9 decimals in [0, 1].
fn weight(x: u32) -> Dec {
    let raw = if x & 1 == 0 {
        i128::from((x >> 1) % 11) * 100_000_000 // tenths
    } else {
        i128::from((x >> 1) % 1_000_000_001)
    };
    Dec::from_scaled(raw, 9).unwrap_or(Dec::ZERO)
}

/// A curve of any type.
#[derive(Arbitrary, Debug, Clone)]
pub enum ShapeIn {
    None,
    Term(Dur),
    Linear(Dur, Dur),
    Geometric(u32, Dur, Dur),
    Steps(Vec<(Dur, u32)>),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct KindIn {
    name: u8,
    multiplier: Num,
    mult_decimals: u8,
    shape: ShapeIn,
    expire: Option<Dur>,
    repayable: bool,
    capital: bool,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct BucketIn {
    weight: u16,
    /// None: a reserve; Some(empty): `["*"]`; else kind indices.
    kinds: Option<Vec<u8>>,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct DistributionIn {
    buckets: Option<Vec<BucketIn>>,
    cash_fraction: Option<u32>,
    minimum_payout: Option<Num>,
}

/// A departure reason (index) and its retention factors (kind index, weight).
pub type ReasonIn = (u8, Vec<(u8, u32)>);

#[derive(Arbitrary, Debug, Clone)]
pub struct PolicyIn {
    effective: u16,
    unit_price: Option<(Num, u8)>,
    kinds: Vec<KindIn>,
    departures: Option<Vec<ReasonIn>>,
    distribution: Option<DistributionIn>,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum ValueIn {
    Value(Num),
    HoursRate(Num, Num),
}

#[derive(Arbitrary, Debug, Clone)]
pub enum EntryIn {
    Contribution {
        member: u8,
        date: u16,
        kind: u8,
        value: ValueIn,
        paid: Option<u8>,
    },
    Repayment {
        loan: u8,
        date: u16,
        amount: Num,
    },
    Departure {
        member: u8,
        date: u16,
        reason: u8,
    },
    Void {
        target: u8,
    },
    /// An allocation posted from a split of the request's amount by
    /// `percent`, or with figures of its own (which rarely balance).
    Allocation {
        date: u16,
        start: u16,
        days: u16,
        amount: Num,
        members: Vec<(u8, Num, Num, Num)>,
        reserve: Option<Num>,
    },
    Redemption {
        member: u8,
        date: u16,
        amount: Num,
    },
    Adjustment {
        member: u8,
        date: u16,
        amount: Num,
        negative: bool,
        allocation: Option<u8>,
    },
    Payment {
        allocation: u8,
        member: u8,
        date: u16,
        amount: Num,
    },
}

#[derive(Arbitrary, Debug, Clone)]
pub struct RequestIn {
    start: i16,
    days: u16,
    amount: Num,
    negative: bool,
    snapshot: bool,
    carry_in: Vec<(u8, Num)>,
}

/// A whole structured input.
#[derive(Arbitrary, Debug, Clone)]
pub struct Input {
    scale: u8,
    policies: Vec<PolicyIn>,
    members: u8,
    entries: Vec<EntryIn>,
    request: RequestIn,
    /// The curve query's step.
    pub curve_every: Dur,
    /// The curve query's length in days.
    pub curve_days: u16,
}

fn pick<T: Copy>(items: &[T], i: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(i) % items.len()])
}

fn date(offset: u16, span: u16) -> Date {
    Date::from_day_number(BASE + i64::from(offset % span))
}

fn push_unique<T>(list: &mut Vec<(String, T)>, name: &str, value: T) {
    if !list.iter().any(|(n, _)| n == name) {
        list.push((name.to_string(), value));
    }
}

impl Input {
    /// The document and request this input describes.
    pub fn build(&self) -> (Document, Request) {
        let scale = u32::from(self.scale % 5);
        let money =
            |n: Num, digits: u32| Dec::from_scaled(n.int(digits), scale).unwrap_or(Dec::ZERO);
        let members: Vec<&str> =
            MEMBER_IDS[..usize::from(self.members) % (MEMBER_IDS.len() + 1)].to_vec();
        let mut policies = Vec::new();
        let mut defined: Vec<&str> = Vec::new();
        for p in self.policies.iter().take(3) {
            for k in p.kinds.iter().take(4) {
                let name = KIND_NAMES[usize::from(k.name) % KIND_NAMES.len()];
                if !defined.contains(&name) {
                    defined.push(name);
                }
            }
        }
        let some_kind = |k: u8| pick(&defined, k).unwrap_or("labor");
        for p in self.policies.iter().take(3) {
            let mut kinds = Vec::new();
            for k in p.kinds.iter().take(4) {
                let name = KIND_NAMES[usize::from(k.name) % KIND_NAMES.len()];
                let shape = match &k.shape {
                    ShapeIn::None => Shape::None,
                    ShapeIn::Term(t) => Shape::Term { term: t.get() },
                    ShapeIn::Linear(f, h) => Shape::Linear {
                        fade: f.nonzero(),
                        hold: h.get(),
                    },
                    ShapeIn::Geometric(r, e, h) => Shape::Geometric {
                        rate: Some(weight(*r))
                            .filter(|x| x.is_positive())
                            .unwrap_or(Dec::ONE),
                        every: e.nonzero(),
                        hold: h.get(),
                    },
                    ShapeIn::Steps(points) if points.is_empty() => Shape::Steps {
                        points: vec![(Duration::default(), Dec::ONE)],
                    },
                    ShapeIn::Steps(points) => Shape::Steps {
                        points: points
                            .iter()
                            .take(5)
                            .map(|(d, x)| (d.get(), weight(*x)))
                            .collect(),
                    },
                };
                let kind = Kind {
                    multiplier: k.multiplier.dec(2, u32::from(k.mult_decimals % 3)),
                    curve: Curve {
                        shape,
                        expire: k.expire.map(Dur::get),
                    },
                    repayable: k.repayable,
                    capital: k.capital,
                };
                push_unique(&mut kinds, name, kind);
            }
            let departures = p.departures.as_ref().map(|reasons| {
                let mut out = Vec::new();
                for (r, factors) in reasons.iter().take(3) {
                    let mut f = Vec::new();
                    for (k, x) in factors.iter().take(3) {
                        let key = if k % 4 == 0 {
                            "default"
                        } else {
                            some_kind(k / 4)
                        };
                        push_unique(&mut f, key, weight(*x));
                    }
                    push_unique(&mut out, REASONS[usize::from(*r) % REASONS.len()], f);
                }
                out
            });
            let distribution = p.distribution.as_ref().map(|d| Distribution {
                buckets: d.buckets.as_ref().filter(|bs| !bs.is_empty()).map(|bs| {
                    let bs: Vec<&BucketIn> = bs.iter().take(3).collect();
                    let total: u64 = bs.iter().map(|b| u64::from(b.weight) + 1).sum();
                    let mut left = 1_000_000_000i128;
                    bs.iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let share = if i + 1 == bs.len() {
                                left
                            } else {
                                i128::from((u64::from(b.weight) + 1) * 1_000_000_000 / total)
                            };
                            left -= share;
                            Bucket {
                                name: format!("b{i}"),
                                share: Dec::from_scaled(share, 9).unwrap_or(Dec::ZERO),
                                kinds: b.kinds.as_ref().map(|ks| {
                                    if ks.is_empty() {
                                        return vec!["*".to_string()];
                                    }
                                    let mut names: Vec<String> = Vec::new();
                                    for k in ks.iter().take(3) {
                                        let n = some_kind(*k);
                                        if !names.iter().any(|x| x == n) {
                                            names.push(n.into());
                                        }
                                    }
                                    names
                                }),
                            }
                        })
                        .collect()
                }),
                cash_fraction: d
                    .cash_fraction
                    .map(|x| Dec::from_scaled(i128::from(x % 1_000_001), 6).unwrap_or(Dec::ZERO)),
                minimum_payout: d.minimum_payout.map(|n| money(n, 6)),
            });
            policies.push(Policy {
                effective: date(p.effective, 1500),
                unit_price: p.unit_price.map(|(n, d)| {
                    let x = n.dec(3, u32::from(d % 3));
                    if x.is_positive() {
                        x
                    } else {
                        Dec::ONE
                    }
                }),
                kinds,
                departures,
                distribution,
                capital: None,
                note: None,
            });
        }
        if policies.is_empty() {
            policies.push(Policy {
                effective: Date::from_day_number(BASE),
                unit_price: None,
                kinds: vec![(
                    "labor".into(),
                    Kind {
                        multiplier: Dec::ONE,
                        curve: Curve::default(),
                        repayable: true,
                        capital: false,
                    },
                )],
                departures: None,
                distribution: None,
                capital: None,
                note: None,
            });
            defined.push("labor");
        }
        let member_of = |i: u8| pick(&members, i).unwrap_or("ghost").to_string();
        // Entries are dated from the first policy on, so most are valued.
        let first = policies
            .iter()
            .map(|p| p.effective.day_number() - BASE)
            .min()
            .unwrap_or(0);
        let date = |offset: u16, span: u16| date(offset, span).plus_days(first);
        let mut entries: Vec<Entry> = Vec::new();
        let taken: Vec<&EntryIn> = self.entries.iter().take(12).collect();
        let loans: Vec<usize> = taken
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e, EntryIn::Contribution { .. }))
            .map(|(i, _)| i)
            .collect();
        let voidable: Vec<usize> = taken
            .iter()
            .enumerate()
            .filter(|(_, e)| !matches!(e, EntryIn::Void { .. }))
            .map(|(i, _)| i)
            .collect();
        let mut reasons: Vec<&str> = Vec::new();
        for p in &policies {
            for (r, _) in p.departures.iter().flatten() {
                if !reasons.contains(&r.as_str()) {
                    reasons.push(r);
                }
            }
        }
        for (i, e) in taken.iter().enumerate() {
            let id = format!("e{i:02}");
            let body = match e {
                EntryIn::Contribution {
                    member,
                    date: d,
                    kind,
                    value,
                    paid,
                } => {
                    let (value, hours, rate) = match value {
                        ValueIn::Value(n) => (Some(money(*n, 9)), None, None),
                        ValueIn::HoursRate(h, r) => (
                            None,
                            Some(h.dec(7, 4)),
                            Some(Dec::from_scaled(r.int(6), scale + 2).unwrap_or(Dec::ZERO)),
                        ),
                    };
                    // paid: a fraction of the value in percent, when given.
                    let paid = paid.and_then(|pc| {
                        let v = value?;
                        let minor = v.scaled(scale) * i128::from(pc % 101) / 100;
                        Dec::from_scaled(minor, scale)
                    });
                    EntryBody::Contribution(Contribution {
                        member: member_of(*member),
                        date: date(*d, 2000),
                        kind: pick(&defined, *kind).unwrap_or("nokind").to_string(),
                        value,
                        hours,
                        rate,
                        paid,
                    })
                }
                EntryIn::Repayment {
                    loan,
                    date: d,
                    amount,
                } => EntryBody::Repayment {
                    loan: format!("e{:02}", pick(&loans, *loan).unwrap_or(99)),
                    date: date(*d, 2500),
                    amount: money(*amount, 8),
                },
                EntryIn::Departure {
                    member,
                    date: d,
                    reason,
                } => EntryBody::Departure {
                    member: member_of(*member),
                    date: date(*d, 2500),
                    reason: pick(&reasons, *reason).unwrap_or("good").to_string(),
                },
                EntryIn::Void { target } => EntryBody::Void {
                    target: format!("e{:02}", pick(&voidable, *target).unwrap_or(i)),
                },
                EntryIn::Allocation {
                    date: d,
                    start,
                    days,
                    amount,
                    members: figures,
                    reserve,
                } => {
                    let start = date(*start, 2500);
                    let end = start.plus_days(i64::from(*days % 800));
                    // A JSON object's keys are distinct: one figure per member.
                    let mut members = Vec::new();
                    for (m, a, c, r) in figures.iter().take(4) {
                        let figures = coshare::document::Figures {
                            allocated: money(*a, 8),
                            cash: money(*c, 8),
                            retained: money(*r, 8),
                            carry_out: None,
                            written: Vec::new(),
                        };
                        push_unique(&mut members, &member_of(*m), figures);
                    }
                    EntryBody::Allocation(coshare::document::Allocation {
                        date: end.plus_days(i64::from(*d % 200)),
                        start,
                        end,
                        amount: money(*amount, 9),
                        basis: None,
                        carry_in: None,
                        reserves: reserve
                            .iter()
                            .map(|x| ("reserve".to_string(), money(*x, 8)))
                            .collect(),
                        unallocated: None,
                        members,
                    })
                }
                EntryIn::Redemption {
                    member,
                    date: d,
                    amount,
                } => EntryBody::Redemption {
                    member: member_of(*member),
                    date: date(*d, 3000),
                    amount: money(*amount, 7),
                },
                EntryIn::Adjustment {
                    member,
                    date: d,
                    amount,
                    negative,
                    allocation,
                } => {
                    let x = money(*amount, 7);
                    EntryBody::Adjustment {
                        member: member_of(*member),
                        date: date(*d, 3000),
                        amount: if *negative {
                            Dec::from_raw(-x.raw())
                        } else {
                            x
                        },
                        allocation: allocation.map(|a| format!("e{:02}", usize::from(a) % 12)),
                    }
                }
                EntryIn::Payment {
                    allocation,
                    member,
                    date: d,
                    amount,
                } => EntryBody::Payment {
                    allocation: format!("e{:02}", usize::from(*allocation) % 12),
                    member: member_of(*member),
                    date: date(*d, 3000),
                    amount: money(*amount, 7),
                },
            };
            entries.push(Entry {
                id,
                body,
                note: None,
            });
        }
        let doc = Document {
            currency: Currency {
                code: "XTS".into(),
                scale: i64::from(scale),
            },
            policies,
            members: members
                .iter()
                .map(|id| Member {
                    id: (*id).to_string(),
                    name: None,
                    note: None,
                })
                .collect(),
            entries,
        };
        let r = &self.request;
        let start = Date::from_day_number(BASE + first + i64::from(r.start) / 16);
        let end = start.plus_days(i64::from(r.days % 12_000));
        let mut amount = r.amount.int(15);
        if r.negative {
            amount = -amount;
        }
        let mut request = Request::new(
            start,
            end,
            Dec::from_scaled(amount, scale).unwrap_or(Dec::ZERO),
        );
        if r.snapshot {
            request = request.with_basis(coshare::Basis::Snapshot);
        }
        for (m, x) in r.carry_in.iter().take(3) {
            push_unique(
                request.carry_in.get_or_insert_with(Vec::new),
                &member_of(*m),
                money(*x, 8),
            );
        }
        (doc, request)
    }
}

/// The weights (scaled by 10^9) of `curve` for a contribution dated `d`
/// on each day of `from..=to` (`from >= d`), straight from docs/format.md, "Curves": a
/// reference model walking day by day, for short ranges only.
pub fn model_weights(curve: &Curve, d: Date, from: Date, to: Date) -> Vec<i128> {
    const ONE: i128 = 1_000_000_000;
    let expire = curve.expire.map(|e| e.add_to(d));
    let mut out = Vec::new();
    // Geometric state: k steps passed and g_k.
    let (mut k, mut g) = (0i64, ONE);
    let mut t = from;
    while t <= to {
        let w = match &curve.shape {
            Shape::None => ONE,
            Shape::Term { term } => {
                if t < term.add_to(d) {
                    ONE
                } else {
                    0
                }
            }
            Shape::Linear { fade, hold } => {
                let f0 = hold.add_to(d);
                let f1 = fade.add_to(f0);
                if t < f0 {
                    ONE
                } else if t < f1 {
                    let f = i128::from(f0.days_until(f1));
                    let num = i128::from(t.days_until(f1)) * ONE;
                    let (q, r) = (num / f, num % f);
                    q + i128::from(2 * r > f || (2 * r == f && q % 2 == 1))
                } else {
                    0
                }
            }
            Shape::Geometric { rate, every, hold } => {
                let f0 = hold.add_to(d);
                if t < f0 {
                    ONE
                } else {
                    while every.add_times(f0, k + 1) <= t {
                        k += 1;
                        g = g * (Dec::ONE.raw() - rate.raw()) / Dec::ONE.raw();
                    }
                    g
                }
            }
            Shape::Steps { points } => {
                let mut best: Option<(Date, i128)> = None;
                for (dur, x) in points {
                    let at = dur.add_to(d);
                    if at <= t && best.is_none_or(|(b, _)| at >= b) {
                        best = Some((at, x.scaled(9)));
                    }
                }
                best.map_or(0, |(_, x)| x)
            }
        };
        out.push(if expire.is_some_and(|e| t >= e) { 0 } else { w });
        t = t.succ();
    }
    out
}

/// A one-contribution ledger (value 1 at scale 0, multiplier 1: 1 unit)
/// of `curve`, so its live units are the weight.
pub fn single_curve_ledger(curve: &Curve, d: Date) -> Document {
    Document {
        currency: Currency {
            code: "X".into(),
            scale: 0,
        },
        policies: vec![Policy {
            effective: d,
            unit_price: None,
            kinds: vec![(
                "k".into(),
                Kind {
                    multiplier: Dec::ONE,
                    curve: curve.clone(),
                    repayable: false,
                    capital: false,
                },
            )],
            departures: None,
            distribution: None,
            capital: None,
            note: None,
        }],
        members: vec![Member {
            id: "m".into(),
            name: None,
            note: None,
        }],
        entries: vec![Entry {
            id: "c".into(),
            body: EntryBody::Contribution(Contribution {
                member: "m".into(),
                date: d,
                kind: "k".into(),
                value: Some(Dec::ONE),
                hours: None,
                rate: None,
                paid: None,
            }),
            note: None,
        }],
    }
}
