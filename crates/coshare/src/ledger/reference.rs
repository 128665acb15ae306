//! The slow day-by-day reference of docs/format.md, "Curves" and "Entries", and property tests that the
//! fast range sums agree with it.

use crate::document::{Curve, Shape};
use crate::ledger::basis::{Later, Parts, Valued};
use crate::ledger::curve::{weight_sum, WEIGHT_ONE};
use crate::values::date::{Date, Duration};
use crate::values::number::Dec;
use proptest::prelude::*;

/// `w(t)` straight from the format's table, one date at a time.
fn naive_weight(curve: &Curve, d: Date, t: Date) -> i128 {
    if let Some(e) = curve.expire {
        if t >= e.add_to(d) {
            return 0;
        }
    }
    match &curve.shape {
        Shape::None => WEIGHT_ONE,
        Shape::Term { term } => {
            if t < term.add_to(d) {
                WEIGHT_ONE
            } else {
                0
            }
        }
        Shape::Linear { fade, hold } => {
            let f0 = hold.add_to(d);
            let f1 = fade.add_to(f0);
            if t < f0 {
                return WEIGHT_ONE;
            }
            if t >= f1 {
                return 0;
            }
            let (num, den) = (
                i128::from(t.days_until(f1)) * WEIGHT_ONE,
                i128::from(f0.days_until(f1)),
            );
            let (q, r) = (num / den, num % den);
            if 2 * r > den || (2 * r == den && q % 2 == 1) {
                q + 1
            } else {
                q
            }
        }
        Shape::Geometric { rate, every, hold } => {
            let f0 = hold.add_to(d);
            if t < f0 {
                return WEIGHT_ONE;
            }
            let mut g = WEIGHT_ONE;
            let mut j = 1;
            while every.add_times(f0, j) <= t {
                g = (g * (Dec::ONE.raw() - rate.raw())).div_euclid(Dec::ONE.raw());
                j += 1;
            }
            g
        }
        Shape::Steps { points } => {
            let mut best: Option<(Date, i128)> = None;
            for (dur, w) in points {
                let at = dur.add_to(d);
                if at <= t && best.is_none_or(|(b, _)| at >= b) {
                    best = Some((at, w.scaled(9)));
                }
            }
            best.map_or(0, |(_, w)| w)
        }
    }
}

fn day(n: i64) -> Date {
    Date::from_day_number(n)
}

fn duration() -> impl Strategy<Value = Duration> {
    (0u32..3, 0u32..14, 0u32..3, 0u32..40).prop_map(|(years, months, weeks, days)| Duration {
        years,
        months,
        weeks,
        days,
    })
}

fn nonzero_duration() -> impl Strategy<Value = Duration> {
    duration().prop_map(|d| {
        if d.is_zero() {
            Duration { days: 1, ..d }
        } else {
            d
        }
    })
}

fn curve() -> impl Strategy<Value = Curve> {
    let rate = (1i128..=1_000_000).prop_map(|r| Dec::from_raw(r * 1_000_000_000_000));
    let weight = (0i128..=1_000_000_000).prop_map(|w| Dec::from_raw(w * 1_000_000_000));
    let shape =
        prop_oneof![
            Just(Shape::None),
            duration().prop_map(|term| Shape::Term { term }),
            (nonzero_duration(), duration()).prop_map(|(fade, hold)| Shape::Linear { fade, hold }),
            (rate, nonzero_duration(), duration())
                .prop_map(|(rate, every, hold)| Shape::Geometric { rate, every, hold }),
            prop::collection::vec((duration(), weight), 1..5)
                .prop_map(|points| Shape::Steps { points }),
        ];
    (shape, prop::option::of(duration())).prop_map(|(shape, expire)| Curve { shape, expire })
}

proptest! {
    #[test]
    fn fast_weight_sums_equal_the_day_by_day_reference(
        curve in curve(),
        d in 18_000i64..20_000,
        offset in 0i64..1500,
        len in 0i64..1200,
    ) {
        let (d, lo) = (day(d), day(d + offset));
        let hi = day(d.day_number() + offset + len);
        let naive: i128 = (lo.day_number()..=hi.day_number()).map(|t| naive_weight(&curve, d, day(t))).sum();
        prop_assert_eq!(weight_sum(&curve, d, lo, hi), naive);
    }

    #[test]
    fn fast_unit_days_equal_the_day_by_day_reference(
        curve in curve(),
        units in 0i128..10_000_000_000,
        at_risk in 0i128..1_000_000,
        repayable in any::<bool>(),
        repaid in prop::collection::vec((0i64..900, 1i128..300_000), 0..4),
        departure in prop::option::of((0i64..900, 0i128..=1_000_000_000_000_000_000)),
        start in -100i64..900,
        len in 0i64..900,
    ) {
        let d = day(19_000);
        let repayments: Vec<(Date, i128)> = repaid.iter().map(|&(o, a)| (day(19_000 + o), a)).collect();
        let departure = departure.map(|(o, f)| (day(19_000 + o), Dec::from_raw(f)));
        let parts = Parts { pair: 0, date: d, value: at_risk, at_risk, units, curve: &curve };
        let mut tables = crate::ledger::basis::Tables::default();
        let mut c = Valued::new(&parts, Some(&mut tables.curves));
        c.settle(&Later { repayable, departure, repayments: &repayments }, &mut tables.changes);
        // u_eff straight from docs/format.md, "Entries", day by day.
        let u_eff = |t: Date| -> i128 {
            let retention = match departure { Some((left, f)) if t > left => f.raw(), _ => Dec::ONE.raw() };
            let outstanding = at_risk - repayments.iter().filter(|r| r.0 <= t).map(|r| r.1).sum::<i128>();
            let (num, den) = if repayable && at_risk > 0 { (outstanding, at_risk) } else { (1, 1) };
            let exact = ethnum::I256::from(units) * ethnum::I256::from(retention) * ethnum::I256::from(num);
            i128::try_from(crate::values::wide::div_round(exact, ethnum::I256::from(den) * ethnum::I256::from(Dec::ONE.raw()), crate::values::wide::Round::HalfEven)).unwrap()
        };
        let (a, b) = (day(19_000 + start), day(19_000 + start + len));
        let naive: i128 = (a.day_number()..=b.day_number())
            .map(day)
            .filter(|&t| t >= d)
            .map(|t| u_eff(t) * naive_weight(&curve, d, t))
            .sum();
        prop_assert_eq!(c.unit_days(&tables, a, b), naive);
        prop_assert_eq!(c.live_units(&tables, b), if b >= d { u_eff(b) * naive_weight(&curve, d, b) } else { 0 });
    }

    #[test]
    fn steps_passed_equals_counting_step_by_step(
        start in -700_000i64..2_900_000,
        every in nonzero_duration(),
        span in 0i64..40_000,
    ) {
        let (start, t) = (day(start), day(start + span));
        let mut naive = 0;
        while every.add_times(start, naive + 1) <= t {
            naive += 1;
        }
        prop_assert_eq!(crate::ledger::curve::steps_passed(start, every, t), naive);
    }
}
