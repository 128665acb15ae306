//! Curve weights (SPEC 3.2): the weight of a contribution on a day, and the
//! sum of its daily weights over a range of days without walking the days.
//!
//! Weights are integers scaled by 10^9. A range sum costs O(log) for
//! `none`, `term` and `linear` (closed form through [`floor_sum`]) and one
//! step per weight change inside the range for `geometric` and `steps`.

use crate::date::{Date, Duration};
use crate::document::{Curve, Shape};
use crate::number::Dec;

/// Weight 1, scaled by 10^9.
pub(crate) const WEIGHT_ONE: i128 = 1_000_000_000;

/// Days in `a..=b` (0 when `b < a`).
fn days(a: Date, b: Date) -> i128 {
    i128::from(a.days_until(b) + 1).max(0)
}

/// `Σ_{i=0}^{n-1} floor((a·i + b) / m)` for `n, a, b >= 0`, `m > 0`, in O(log m).
pub(crate) fn floor_sum(n: i128, m: i128, mut a: i128, mut b: i128) -> i128 {
    let (mut n, mut m) = (n, m);
    let mut sum = 0;
    loop {
        if a >= m {
            sum += n * (n - 1) / 2 * (a / m);
            a %= m;
        }
        if b >= m {
            sum += n * (b / m);
            b %= m;
        }
        let y_max = a * n + b;
        if y_max < m {
            return sum;
        }
        n = y_max / m;
        b = y_max % m;
        std::mem::swap(&mut m, &mut a);
    }
}

/// `Σ_{k=k1}^{k2} round_half_even(k·10^9 / f)` for `1 <= k1 <= k2`, `f > 0`.
///
/// Half-up rounding is `floor((2x + f) / 2f)` with `x = k·10^9`; it differs
/// from half-to-even exactly on ties whose half-up result is odd, that is
/// when `2x ≡ f (mod 4f)`. Those are counted with the indicator
/// `[m | y] = floor(y/m) − floor((y−1)/m)`, again through [`floor_sum`].
pub(crate) fn linear_weight_sum(k1: i128, k2: i128, f: i128) -> i128 {
    if k2 < k1 {
        return 0;
    }
    let n = k2 - k1 + 1;
    let a = 2 * WEIGHT_ONE;
    let half_up = floor_sum(n, 2 * f, a, a * k1 + f);
    let odd_ties =
        floor_sum(n, 4 * f, a, a * k1 + 3 * f) - floor_sum(n, 4 * f, a, a * k1 + 3 * f - 1);
    half_up - odd_ties
}

/// The largest `j >= 0` with `start + j·every <= t`, for `t >= start` and a non-zero `every`.
pub(crate) fn steps_passed(start: Date, every: Duration, t: Date) -> i64 {
    let mut lo = 0i64;
    let mut hi = start.days_until(t) / every.min_days().max(1) + 1;
    // Invariant: start + lo·every <= t < start + hi·every.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if every.add_times(start, mid) <= t {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// One geometric step: `floor_9(g × (1 − rate))`.
pub(crate) fn geometric_next(g: i128, rate: Dec) -> i128 {
    let keep = Dec::ONE.raw() - rate.raw();
    // g <= 10^9 and keep <= 10^18: the product fits an i128.
    (g * keep).div_euclid(Dec::ONE.raw())
}

/// `g_k` of a geometric curve: `k` steps from 1, stopping early at 0.
fn geometric_weight(rate: Dec, k: i64) -> i128 {
    let mut g = WEIGHT_ONE;
    for _ in 0..k {
        if g == 0 {
            break;
        }
        g = geometric_next(g, rate);
    }
    g
}

/// The dates and weights of a `steps` curve from date `d`, ascending, one per
/// date (the later-listed point wins on equal dates).
fn step_points(d: Date, points: &[(Duration, Dec)]) -> Vec<(Date, i128)> {
    let mut dated: Vec<(Date, usize, i128)> = points
        .iter()
        .enumerate()
        .map(|(i, (dur, w))| (dur.add_to(d), i, w.scaled(9)))
        .collect();
    dated.sort_by_key(|&(date, i, _)| (date, i));
    let mut out: Vec<(Date, i128)> = Vec::with_capacity(dated.len());
    for (date, _, w) in dated {
        match out.last_mut() {
            Some(last) if last.0 == date => last.1 = w,
            _ => out.push((date, w)),
        }
    }
    out
}

/// `Σ_{t=lo}^{hi} w(t)` (scaled by 10^9) for a contribution dated `d`, `lo >= d`.
pub(crate) fn weight_sum(curve: &Curve, d: Date, lo: Date, hi: Date) -> i128 {
    let mut hi = hi;
    if let Some(expire) = curve.expire {
        hi = hi.min(Date::from_day_number(expire.add_to(d).day_number() - 1));
    }
    if lo > hi {
        return 0;
    }
    let before = |end_exclusive: Date| Date::from_day_number(end_exclusive.day_number() - 1);
    match &curve.shape {
        Shape::None => WEIGHT_ONE * days(lo, hi),
        Shape::Term { term } => WEIGHT_ONE * days(lo, hi.min(before(term.add_to(d)))),
        Shape::Linear { fade, hold } => {
            let f0 = hold.add_to(d);
            let f1 = fade.add_to(f0);
            let f = i128::from(f0.days_until(f1));
            let ones = WEIGHT_ONE * days(lo, hi.min(before(f0)));
            let (a, b) = (lo.max(f0), hi.min(before(f1)));
            if a > b {
                return ones;
            }
            ones + linear_weight_sum(
                i128::from(b.days_until(f1)),
                i128::from(a.days_until(f1)),
                f,
            )
        }
        Shape::Geometric { rate, every, hold } => {
            let f0 = hold.add_to(d);
            let mut sum = WEIGHT_ONE * days(lo, hi.min(before(f0)));
            let mut cur = lo.max(f0);
            if cur > hi {
                return sum;
            }
            let mut k = steps_passed(f0, *every, cur);
            let mut g = geometric_weight(*rate, k);
            while g > 0 && cur <= hi {
                let next = every.add_times(f0, k + 1);
                sum += g * days(cur, hi.min(before(next)));
                cur = next;
                k += 1;
                g = geometric_next(g, *rate);
            }
            sum
        }
        Shape::Steps { points } => {
            let points = step_points(d, points);
            let mut sum = 0;
            for (i, &(from, w)) in points.iter().enumerate() {
                let until = points.get(i + 1).map_or(hi, |next| hi.min(before(next.0)));
                sum += w * days(lo.max(from), until);
            }
            sum
        }
    }
}

/// `w(t)` (scaled by 10^9) for a contribution dated `d`, `t >= d`.
pub(crate) fn weight_at(curve: &Curve, d: Date, t: Date) -> i128 {
    weight_sum(curve, d, t, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_floor_sum(n: i128, m: i128, a: i128, b: i128) -> i128 {
        (0..n).map(|i| (a * i + b).div_euclid(m)).sum()
    }

    fn round_half_even(x: i128, f: i128) -> i128 {
        let (q, r) = (x / f, x % f);
        if 2 * r > f || (2 * r == f && q % 2 == 1) {
            q + 1
        } else {
            q
        }
    }

    #[test]
    fn floor_sum_matches_the_naive_sum() {
        for n in 0..20 {
            for m in 1..12 {
                for a in 0..15 {
                    for b in 0..15 {
                        assert_eq!(
                            floor_sum(n, m, a, b),
                            naive_floor_sum(n, m, a, b),
                            "{n} {m} {a} {b}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn linear_sum_rounds_half_to_even_like_the_day_by_day_sum() {
        // F values with ties (divisors of 2·10^9 multiples) and without.
        for f in [
            1,
            2,
            3,
            7,
            8,
            16,
            64,
            128,
            256,
            365,
            366,
            512,
            1024,
            1461,
            2048,
            4096,
            1_000_000,
            2_000_000_000,
            4_000_000_000,
        ] {
            let limit = f.min(3000);
            for (k1, k2) in [
                (1, limit),
                (1, 1),
                (limit / 2 + 1, limit),
                (1, limit / 3 + 1),
            ] {
                let naive: i128 = (k1..=k2).map(|k| round_half_even(k * WEIGHT_ONE, f)).sum();
                assert_eq!(linear_weight_sum(k1, k2, f), naive, "f={f} k={k1}..{k2}");
            }
        }
    }

    #[test]
    fn steps_passed_counts_month_end_boundaries() {
        let start = Date::parse("2024-01-31").unwrap();
        let every = Duration::parse("P1M").unwrap();
        assert_eq!(
            steps_passed(start, every, Date::parse("2024-02-28").unwrap()),
            0
        );
        assert_eq!(
            steps_passed(start, every, Date::parse("2024-02-29").unwrap()),
            1
        );
        assert_eq!(
            steps_passed(start, every, Date::parse("2024-03-30").unwrap()),
            1
        );
        assert_eq!(
            steps_passed(start, every, Date::parse("2024-03-31").unwrap()),
            2
        );
    }

    #[test]
    fn geometric_reaches_zero() {
        let half = Dec::parse("0.5").unwrap();
        assert_eq!(geometric_weight(half, 1), 500_000_000);
        assert_eq!(geometric_weight(half, 30), 0);
        assert_eq!(geometric_weight(Dec::ONE, 1), 0);
    }
}
