//! Curve weights (docs/format.md, "Curves"): the weight of a contribution on a day, and the
//! sum of its daily weights over a range of days without walking the days.
//!
//! Weights are integers scaled by 10^9. A range sum costs O(log) for
//! `none`, `term` and `linear` (closed form through [`floor_sum`]) and one
//! step per weight change inside the range for `geometric` and `steps`.

use crate::document::{Curve, Shape};
use crate::values::date::{Date, Duration};
use crate::values::number::Dec;

/// Weight 1, scaled by 10^9.
pub(crate) const WEIGHT_ONE: i128 = 1_000_000_000;

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
///
/// Starts from an estimate by the mean length of a step (a Gregorian month
/// is 146097/4800 days on average) and walks to the answer, usually after
/// two calendar additions.
pub(crate) fn steps_passed(start: Date, every: Duration, t: Date) -> i64 {
    let span = i128::from(start.days_until(t));
    // Mean step length, in 4800ths of a day.
    let step = i128::from(every.month_count()) * 146_097 + i128::from(every.day_count()) * 4800;
    let mut j = i64::try_from(span * 4800 / step.max(1)).unwrap_or(i64::MAX / 4);
    while j > 0 && every.add_times(start, j) > t {
        j -= 1;
    }
    while every.add_times(start, j + 1) <= t {
        j += 1;
    }
    j
}

/// One geometric step: `floor_9(g × (1 − rate))`, for a checked rate
/// (`0 < rate <= 1`).
pub(crate) fn geometric_next(g: i128, rate: Dec) -> i128 {
    debug_assert!(
        rate.is_positive() && rate <= Dec::ONE,
        "rate {rate} is checked"
    );
    let keep = Dec::ONE.raw() - rate.raw();
    // g <= 10^9 and 0 <= keep < 10^18: the product fits an i128.
    (g * keep).div_euclid(Dec::ONE.raw())
}

/// `g_k` of a geometric curve: `k` steps from 1, without walking them.
///
/// For an integer `g` (scaled by 10^9), `floor(g·(1 − rate)) = g − c` with
/// `c = ceil(g·rate)`, and `c` stays the same while `g` is above
/// `floor((c − 1)/rate)`: the steps of one value of `c` are taken at once.
/// A rate of 10^-9 daily over 9,999 years is then one jump, not 3.6 million
/// steps; a rate of 0.5 reaches 0 in about 30.
pub(crate) fn geometric_weight(rate: Dec, k: i64) -> i128 {
    let (r, one) = (rate.raw(), Dec::ONE.raw());
    let mut g = WEIGHT_ONE;
    let mut left = i128::from(k.max(0));
    while g > 0 && left > 0 && r > 0 {
        // g <= 10^9 and r <= 10^18: the products fit an i128.
        let c = (g * r + one - 1) / one;
        let stays_above = (c - 1) * one / r;
        let steps = ((g - stays_above + c - 1) / c).min(left);
        g -= steps * c;
        left -= steps;
    }
    g
}

/// The dates and weights of a `steps` curve from date `d`, ascending, one per
/// date (the later-listed point wins on equal dates).
fn step_points(d: Date, points: &[(Duration, Dec)]) -> Vec<(i64, i64)> {
    let mut dated: Vec<(i64, usize, i64)> = points
        .iter()
        .enumerate()
        .map(|(i, (dur, w))| {
            (
                dur.add_to(d).day_number(),
                i,
                i64::try_from(w.scaled(9)).unwrap_or(0),
            )
        })
        .collect();
    dated.sort_unstable_by_key(|&(date, i, _)| (date, i));
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(dated.len());
    for (date, _, w) in dated {
        match out.last_mut() {
            Some(last) if last.0 == date => last.1 = w,
            _ => out.push((date, w)),
        }
    }
    out
}

/// What compiled curves refer to by index, kept once per ledger rather than
/// in each contribution: linear fades' prefix tables and geometric steps
/// (shared by every contribution with the same), and `steps` curves' dated
/// points (end to end).
#[derive(Debug, Default, Clone)]
pub(crate) struct CurveTables {
    /// `fades[i][k] = Σ_{j=1}^{k} round_9(j / F)` for the fade of `F` days
    /// that `fade_index` gives `i`.
    fades: Vec<Vec<i64>>,
    fade_index: crate::values::Map<i64, u32>,
    cells: usize,
    steps: Vec<Step>,
    step_index: crate::values::Map<(Duration, i64), u32>,
    /// `step_weights[weights_of[i]][k] = g_k` of step `i`, as far as it is
    /// kept (see [`CurveTables::step_weight`]): one table per rate, since
    /// the weights do not depend on the step's length.
    step_weights: Vec<StepWeights>,
    weights_of: Vec<u32>,
    weights_index: crate::values::Map<i64, u32>,
    /// Cells of `step_weights`, counted apart from the fades' `cells`: many
    /// slow rates must not leave the fades without tables.
    step_cells: usize,
    /// Dated points (day, weight scaled by 10^9) of `steps` curves.
    points: Vec<(i64, i64)>,
}

/// No fade table (a fade too long for one: the closed form is used).
const NO_TABLE: u32 = u32::MAX;

impl CurveTables {
    /// The longest fade given a table (longer fades use the closed form).
    const MAX_DAYS: i64 = 20_000;
    /// The most fade table cells a ledger may build (8 MB).
    const MAX_CELLS: usize = 1 << 20;
    /// The most step weights a ledger may keep (2 MB).
    const MAX_STEP_CELLS: usize = 1 << 18;

    /// Whether nothing is kept (no contribution compiled into them).
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.fades.is_empty() && self.steps.is_empty() && self.points.is_empty()
    }

    /// The index of the prefix table of a fade of `f` days, or [`NO_TABLE`].
    fn fade(&mut self, f: i64) -> u32 {
        if let Some(&i) = self.fade_index.get(&f) {
            return i;
        }
        let Ok(i) = u32::try_from(self.fades.len()) else {
            return NO_TABLE;
        };
        let Some(len) = usize::try_from(f).ok().and_then(|f| f.checked_add(1)) else {
            return NO_TABLE;
        };
        if i == NO_TABLE || f > Self::MAX_DAYS || self.cells + len > Self::MAX_CELLS {
            return NO_TABLE;
        }
        let mut table = Vec::with_capacity(len);
        let mut sum = 0i64;
        table.push(0);
        for k in 1..=f {
            sum += i64::try_from(linear_weight_sum(
                i128::from(k),
                i128::from(k),
                i128::from(f),
            ))
            .unwrap_or(0);
            table.push(sum);
        }
        self.cells += len;
        self.fades.push(table);
        self.fade_index.insert(f, i);
        i
    }

    /// The index of the step (`every`, `rate`): one per distinct step of
    /// the policies' kinds, far fewer than 2^32.
    fn step(&mut self, every: Duration, rate: i64) -> u32 {
        if let Some(&i) = self.step_index.get(&(every, rate)) {
            return i;
        }
        let i = u32::try_from(self.steps.len()).unwrap_or(u32::MAX);
        let weights = if let Some(&w) = self.weights_index.get(&rate) {
            w
        } else {
            let w = u32::try_from(self.step_weights.len()).unwrap_or(u32::MAX);
            self.step_weights
                .push(StepWeights::new(rate, &mut self.step_cells));
            self.weights_index.insert(rate, w);
            w
        };
        self.steps.push(Step { every, rate });
        self.weights_of.push(weights);
        self.step_index.insert((every, rate), i);
        i
    }

    /// `g_k` of step `step`, from its table: `None` when the table does
    /// not reach `k` (the caller computes it). A split asks each
    /// geometric contribution for a few of these; computing them costs
    /// 128-bit divisions each.
    pub(crate) fn step_weight(&self, step: u32, k: i64) -> Option<i128> {
        let weights = self
            .step_weights
            .get(*self.weights_of.get(step as usize)? as usize)?;
        let k = usize::try_from(k).ok()?;
        match weights.g.get(k) {
            Some(&g) => Some(i128::from(g)),
            None if weights.to_zero => Some(0),
            None => None,
        }
    }

    /// The prefix table `table`, if there is one.
    pub(crate) fn fade_table(&self, table: u32) -> Option<&[i64]> {
        self.fades.get(table as usize).map(Vec::as_slice)
    }

    /// The step `step`.
    pub(crate) fn step_at(&self, step: u32) -> Step {
        self.steps.get(step as usize).copied().unwrap_or(Step {
            every: Duration::default(),
            rate: 0,
        })
    }

    fn points_at(&self, first: u32, high: u16, len: u16) -> &[(i64, i64)] {
        let at = (u64::from(high) << 32) | u64::from(first);
        let Ok(at) = usize::try_from(at) else {
            return &[];
        };
        self.points
            .get(at..at.saturating_add(usize::from(len)))
            .unwrap_or_default()
    }
}

/// The first weights of a geometric step.
#[derive(Debug, Clone)]
struct StepWeights {
    /// `g_0 = 1, g_1, …` (scaled by 10^9), up to the first 0 or at most
    /// [`StepWeights::MAX`] of them.
    g: Vec<i64>,
    /// Whether `g` ends with the first 0: every later weight is 0 too.
    to_zero: bool,
}

impl StepWeights {
    /// The most weights kept per step: a rate of 0.5 reaches 0 in 31
    /// steps, 0.01 in about 2,000; slower rates keep their first 4,096.
    const MAX: usize = 4096;

    /// The weights of a step of `rate` (raw); their cells are counted in
    /// `cells`, and none are kept beyond the tables' limit. A rate outside
    /// `(0, 1]` keeps none: its policy is `invalid_curve` (the builder
    /// compiles nothing from a refused policy; this guards the tables all
    /// the same, since a rate above 1 would grow `g` without bound).
    fn new(rate: i64, cells: &mut usize) -> StepWeights {
        let rate = Dec::from_raw(i128::from(rate));
        if !rate.is_positive() || rate > Dec::ONE {
            return StepWeights {
                g: Vec::new(),
                to_zero: false,
            };
        }
        let room = CurveTables::MAX_STEP_CELLS
            .saturating_sub(*cells)
            .min(Self::MAX);
        let mut g = Vec::new();
        let mut w = WEIGHT_ONE;
        let mut to_zero = false;
        while g.len() < room {
            // 0 <= w <= 10^9.
            g.push(i64::try_from(w).unwrap_or(0));
            if w == 0 {
                to_zero = true;
                break;
            }
            w = geometric_next(w, rate);
        }
        *cells += g.len();
        g.shrink_to_fit();
        StepWeights { g, to_zero }
    }
}

/// The step of a geometric curve: its length and rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub every: Duration,
    /// The rate's raw value (`Dec` scaled by 10^18; at most 10^18 once
    /// checked, so it fits 64 bits).
    pub rate: i64,
}

/// A day number in 32 bits. Every day a compiled curve keeps fits: a
/// ledger date (year 9999 at most) plus two durations of at most 100,000
/// of each unit is below 10^8 days. Days beyond are clamped, which only
/// `end` can reach (a curve without an end: never reached by a query).
fn day32(day: i64) -> i32 {
    i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX })
}

/// A curve fixed to one contribution's date: day numbers instead of
/// durations, so a range sum needs no calendar arithmetic (but for
/// geometric step boundaries inside the range). What is shared or longer
/// is in the ledger's [`CurveTables`], by index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Schedule {
    /// Weight 1 on days before `end` (`none` and `term`).
    Flat,
    /// 1 before `f0`, then `round_9((f1 − t)/F)` until `f1`, then 0;
    /// `table` is its prefix table's index, or [`NO_TABLE`].
    Linear { f0: i32, f1: i32, table: u32 },
    /// 1 before `f0`, then `g_k` after `k` steps from `f0`.
    Geometric { f0: i32, step: u32 },
    /// Piecewise constant from each point's day on; 0 before the first.
    /// Its points are `len` (at most 100) from index `high·2^32 + first`
    /// in the tables: 48 bits, beyond any ledger's points.
    Steps { first: u32, high: u16, len: u16 },
}

/// A compiled curve: its [`Schedule`] and the first day its weight is 0 for
/// good (`expire`, or the end of a `term`); `i32::MAX` for none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compiled {
    end: i32,
    pub schedule: Schedule,
}

impl Compiled {
    /// The first day its weight is 0 for good (`i64::MAX` for none: a
    /// query may be dated past any i32 day through the Rust API).
    pub(crate) fn end(&self) -> i64 {
        if self.end == i32::MAX {
            i64::MAX
        } else {
            i64::from(self.end)
        }
    }

    /// A placeholder, for a contribution checked but never queried.
    pub(crate) fn unset() -> Compiled {
        Compiled {
            end: i32::MAX,
            schedule: Schedule::Flat,
        }
    }

    /// Compiles `curve` for a contribution dated `d`.
    pub(crate) fn new(curve: &Curve, d: Date, tables: &mut CurveTables) -> Compiled {
        let mut end = curve.expire.map_or(i64::MAX, |e| e.add_to(d).day_number());
        let schedule = match &curve.shape {
            Shape::None => Schedule::Flat,
            Shape::Term { term } => {
                end = end.min(term.add_to(d).day_number());
                Schedule::Flat
            }
            Shape::Linear { fade, hold } => {
                let f0 = hold.add_to(d);
                let f1 = fade.add_to(f0);
                Schedule::Linear {
                    f0: day32(f0.day_number()),
                    f1: day32(f1.day_number()),
                    table: tables.fade(f0.days_until(f1)),
                }
            }
            Shape::Geometric { rate, every, hold } => {
                let rate = i64::try_from(rate.raw()).unwrap_or(i64::MAX);
                Schedule::Geometric {
                    f0: day32(hold.add_to(d).day_number()),
                    step: tables.step(*every, rate),
                }
            }
            Shape::Steps { points } => {
                let points = step_points(d, points);
                // 2^48 points (4 PB) are beyond any memory: `high` fits.
                let at = u64::try_from(tables.points.len()).unwrap_or(u64::MAX);
                tables.points.extend_from_slice(&points);
                Schedule::Steps {
                    first: u32::try_from(at & u64::from(u32::MAX)).unwrap_or(0),
                    high: u16::try_from(at >> 32).unwrap_or(u16::MAX),
                    // At most MAX_STEP_POINTS (100), once checked.
                    len: u16::try_from(points.len()).unwrap_or(u16::MAX),
                }
            }
        };
        Compiled {
            end: day32(end),
            schedule,
        }
    }

    /// `Σ_{t=lo}^{hi} w(t)` (scaled by 10^9), for days `lo >= d`.
    pub(crate) fn sum(&self, tables: &CurveTables, lo: i64, hi: i64) -> i128 {
        let hi = hi.min(self.end().saturating_sub(1));
        if lo > hi {
            return 0;
        }
        let days = |a: i64, b: i64| i128::from((b - a + 1).max(0));
        match self.schedule {
            Schedule::Flat => WEIGHT_ONE * days(lo, hi),
            Schedule::Linear { f0, f1, table } => {
                let (f0, f1) = (i64::from(f0), i64::from(f1));
                let ones = WEIGHT_ONE * days(lo, hi.min(f0 - 1));
                let (a, b) = (lo.max(f0), hi.min(f1 - 1));
                if a > b {
                    return ones;
                }
                // k = f1 − t runs over f1 − b ..= f1 − a.
                let (k1, k2) = (f1 - b, f1 - a);
                // 1 <= k1 <= k2 <= F: inside the table when there is one.
                let table = tables.fade_table(table);
                let cell = |k: i64| table?.get(usize::try_from(k).ok()?).copied();
                let faded = match (cell(k2), cell(k1 - 1)) {
                    (Some(hi), Some(lo)) => i128::from(hi - lo),
                    _ => linear_weight_sum(i128::from(k1), i128::from(k2), i128::from(f1 - f0)),
                };
                ones + faded
            }
            Schedule::Geometric { f0, step } => {
                let Step { every, rate } = tables.step_at(step);
                let rate = Dec::from_raw(i128::from(rate));
                let (f0n, f0) = (i64::from(f0), Date::from_day_number(i64::from(f0)));
                let mut sum = WEIGHT_ONE * days(lo, hi.min(f0n - 1));
                let mut cur = lo.max(f0n);
                if cur > hi {
                    return sum;
                }
                let mut k = steps_passed(f0, every, Date::from_day_number(cur));
                let mut g = tables
                    .step_weight(step, k)
                    .unwrap_or_else(|| geometric_weight(rate, k));
                while g > 0 && cur <= hi {
                    let next = every.add_times(f0, k + 1).day_number();
                    sum += g * days(cur, hi.min(next - 1));
                    cur = next;
                    k += 1;
                    g = tables
                        .step_weight(step, k)
                        .unwrap_or_else(|| geometric_next(g, rate));
                }
                sum
            }
            Schedule::Steps { first, high, len } => {
                let points = tables.points_at(first, high, len);
                let mut sum = 0;
                for (i, &(from, w)) in points.iter().enumerate() {
                    let until = points.get(i + 1).map_or(hi, |next| hi.min(next.0 - 1));
                    sum += i128::from(w) * days(lo.max(from), until);
                }
                sum
            }
        }
    }

    /// The dated points of this curve, if it is a `steps` curve.
    pub(crate) fn points<'a>(&self, tables: &'a CurveTables) -> Option<&'a [(i64, i64)]> {
        match self.schedule {
            Schedule::Steps { first, high, len } => Some(tables.points_at(first, high, len)),
            _ => None,
        }
    }
}

/// `Σ_{t=lo}^{hi} w(t)` (scaled by 10^9) for a contribution dated `d`, `lo >= d`.
#[cfg(test)]
pub(crate) fn weight_sum(curve: &Curve, d: Date, lo: Date, hi: Date) -> i128 {
    let (lo, hi) = (lo.day_number(), hi.day_number());
    let mut tables = CurveTables::default();
    let compiled = Compiled::new(curve, d, &mut tables);
    let tabled = compiled.sum(&tables, lo, hi);
    let mut closed = compiled;
    if let Schedule::Linear { table, .. } = &mut closed.schedule {
        *table = NO_TABLE;
    }
    let closed = closed.sum(&tables, lo, hi);
    assert_eq!(tabled, closed, "prefix table and closed form disagree");
    tabled
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prop_oneof;

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

    /// Slow geometric rates (each keeping its most weights) take their
    /// cells from a budget of their own: fades that come after them still
    /// get prefix tables.
    #[test]
    fn many_slow_rates_leave_the_fades_their_tables() {
        let mut tables = CurveTables::default();
        let year = Duration::parse("P1Y").unwrap();
        // 10^-9 apart: each keeps StepWeights::MAX weights, 300 of them
        // more than either budget.
        for k in 1..=300 {
            tables.step(year, 1_000_000_000 + k);
        }
        assert!(tables.step_cells <= CurveTables::MAX_STEP_CELLS);
        let fade = tables.fade(1461);
        assert_ne!(fade, NO_TABLE);
        assert_eq!(tables.fade_table(fade).map(<[i64]>::len), Some(1462));
    }

    /// Steps of one rate share their weights, whatever their length.
    #[test]
    fn steps_of_one_rate_share_their_weights() {
        let mut tables = CurveTables::default();
        let half = Dec::parse("0.5").unwrap().raw();
        let half = i64::try_from(half).unwrap();
        let a = tables.step(Duration::parse("P1Y").unwrap(), half);
        let b = tables.step(Duration::parse("P1M").unwrap(), half);
        assert_ne!(a, b);
        assert_eq!(tables.step_weights.len(), 1);
        assert_eq!(tables.step_at(b).every, Duration::parse("P1M").unwrap());
        for k in 0..40 {
            assert_eq!(tables.step_weight(a, k), tables.step_weight(b, k));
            assert_eq!(
                tables.step_weight(b, k),
                Some(geometric_weight(Dec::from_raw(i128::from(half)), k))
            );
        }
    }

    /// A compiled curve keeps days in 32 bits: the farthest a hold and a
    /// fade can reach from the last ledger date still fits.
    #[test]
    fn the_farthest_compiled_day_fits_32_bits() {
        let longest = Duration::parse("P100000Y100000M100000W100000D").unwrap();
        let last = Date::parse("9999-12-31").unwrap();
        let far = longest.add_to(longest.add_to(last)).day_number();
        assert_eq!(i64::from(day32(far)), far);
        let first = Date::parse("0001-01-01").unwrap();
        assert_eq!(i64::from(day32(first.day_number())), first.day_number());
    }

    /// A curve without an end keeps its weight on days past any i32 day
    /// number (a query dated that far is possible through the Rust API).
    #[test]
    fn a_curve_without_end_weighs_past_32_bit_days() {
        let d = Date::parse("2024-01-01").unwrap();
        let mut tables = CurveTables::default();
        let flat = Compiled::new(
            &Curve {
                shape: Shape::None,
                expire: None,
            },
            d,
            &mut tables,
        );
        let far = i64::from(i32::MAX) + 10;
        assert_eq!(flat.end(), i64::MAX);
        assert_eq!(flat.sum(&tables, far, far + 1), 2 * WEIGHT_ONE);
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

    proptest::proptest! {
        #[test]
        fn geometric_jumps_equal_the_step_by_step_sequence(
            rate in prop_oneof![1i128..1_000, 1i128..1_000_000_000_000, 1i128..=1_000_000_000_000_000_000],
            k in 0i64..3000,
        ) {
            let rate = Dec::from_raw(rate);
            let mut g = WEIGHT_ONE;
            for _ in 0..k {
                g = geometric_next(g, rate);
            }
            proptest::prop_assert_eq!(geometric_weight(rate, k), g);
        }

        #[test]
        fn step_tables_hold_the_geometric_weights(
            rate in prop_oneof![1i64..1_000, 1i64..1_000_000_000_000, 1i64..=1_000_000_000_000_000_000],
            k in 0i64..6000,
        ) {
            let mut tables = CurveTables::default();
            let step = tables.step(Duration::parse("P1M").unwrap(), rate);
            let expected = geometric_weight(Dec::from_raw(i128::from(rate)), k);
            if let Some(g) = tables.step_weight(step, k) {
                proptest::prop_assert_eq!(g, expected);
            } else {
                proptest::prop_assert!(k >= 4096);
            }
        }
    }
}
