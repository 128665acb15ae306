//! A ledger's policies seen in date order (docs/format.md, "Policy"), with inherited parts
//! resolved and names turned into indices once, so that checking an entry
//! looks its kind and departure reason up without copying any text.

use crate::document::{Departures, Kind, Policy};
use crate::values::date::Date;
use crate::values::number::Dec;
use crate::values::same_text;
use std::sync::Arc;

/// Sorted names, looked up by binary search (or inline among a few); on a
/// repeated name (possible in a document built in code, never in JSON) the
/// first listed wins.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names<T>(Vec<(String, T)>);

impl<T> Names<T> {
    pub(crate) fn new(mut items: Vec<(String, T)>) -> Self {
        // Stable: among equal names the first listed stays first.
        items.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        Names(items)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        if self.0.len() <= 8 {
            let found = self.0.iter().find(|(k, _)| same_text(k, name));
            return found.map(|(_, v)| v);
        }
        let i = self
            .0
            .partition_point(|(k, _)| k.as_bytes() < name.as_bytes());
        self.0.get(i).filter(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// A departure reason's retention factors, by kind or `default`.
pub(crate) type Factors = Names<Dec>;

/// A policy's departure reasons.
type Reasons = Names<Factors>;

fn reasons(departures: &Departures) -> Reasons {
    Names::new(
        departures
            .iter()
            .map(|(r, f)| {
                let factors = Names::new(f.iter().map(|(k, x)| (k.clone(), *x)).collect());
                (r.clone(), factors)
            })
            .collect(),
    )
}

/// The retention factor of `kind` (or `default`, or 1).
pub(crate) fn retention(factors: &Factors, kind: &str) -> Dec {
    factors
        .get(kind)
        .or_else(|| factors.get("default"))
        .copied()
        .unwrap_or(Dec::ONE)
}

/// A policy in date order, with inherited departures and distribution
/// resolved (shared, not copied: many policies inheriting a large part cost
/// nothing).
#[derive(Debug, Clone)]
pub(crate) struct View {
    pub effective: Date,
    /// Index of the policy in the document's order.
    pub policy: usize,
    /// Its kinds by name: the index in the policy's `kinds`.
    kinds: Names<usize>,
    departures: Option<Arc<Reasons>>,
    /// Index of the policy whose distribution applies, if any.
    pub distribution: Option<usize>,
    /// Index of the policy whose capital rules apply, if any.
    pub capital: Option<usize>,
}

/// The policies of a ledger, in date order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    pub policies: Vec<Policy>,
    pub views: Vec<View>,
}

impl Rules {
    pub(crate) fn new(policies: Vec<Policy>) -> Rules {
        let mut order: Vec<usize> = (0..policies.len()).collect();
        order.sort_by_key(|&i| policies.get(i).map(|p| p.effective));
        let mut views: Vec<View> = Vec::with_capacity(order.len());
        for i in order {
            let Some(p) = policies.get(i) else { continue };
            let prev = views.last();
            let departures = match &p.departures {
                Some(d) => Some(Arc::new(reasons(d))),
                None => prev.and_then(|v| v.departures.clone()),
            };
            let distribution = if p.distribution.is_some() {
                Some(i)
            } else {
                prev.and_then(|v| v.distribution)
            };
            let capital = if p.capital.is_some() {
                Some(i)
            } else {
                prev.and_then(|v| v.capital)
            };
            let kinds = p.kinds.iter().enumerate();
            views.push(View {
                effective: p.effective,
                policy: i,
                kinds: Names::new(kinds.map(|(j, (k, _))| (k.clone(), j)).collect()),
                departures,
                distribution,
                capital,
            });
        }
        Rules { policies, views }
    }

    /// The index of the view in force on `t`.
    pub(crate) fn in_force(&self, t: Date) -> Option<usize> {
        let n = self.views.partition_point(|v| v.effective <= t);
        n.checked_sub(1)
    }

    /// The kind `name` of view `v`, with its index in the view's policy.
    pub(crate) fn kind(&self, v: usize, name: &str) -> Option<(usize, &Kind)> {
        let view = self.views.get(v)?;
        let j = *view.kinds.get(name)?;
        let policy = self.policies.get(view.policy)?;
        policy.kinds.get(j).map(|(_, k)| (j, k))
    }

    /// The names of the kinds of view `v`'s policy, sorted.
    pub(crate) fn kind_names(&self, v: usize) -> impl Iterator<Item = &str> {
        let names = self.views.get(v).map(|view| view.kinds.0.as_slice());
        names.unwrap_or_default().iter().map(|(k, _)| k.as_str())
    }

    /// For each view, and each kind of its policy by index: the units
    /// (scaled by 10^4) per minor unit at risk, as a reduced fraction
    /// `multiplier × 10^4 / (unit_price × 10^scale)`. `None` where the
    /// price is not positive or a term overflows; a contribution's units
    /// are then computed from the multiplier and price themselves.
    pub(crate) fn unit_ratios(&self, scale: u32) -> Vec<Vec<Option<(i128, i128)>>> {
        self.views
            .iter()
            .map(|view| {
                let price = self.unit_price_of(view);
                let policy = self.policies.get(view.policy);
                let kinds = policy.map_or(&[][..], |p| p.kinds.as_slice());
                kinds
                    .iter()
                    .map(|(_, kind)| {
                        let num = kind.multiplier.raw().checked_mul(10_000)?;
                        let den = price.raw().checked_mul(10i128.checked_pow(scale)?)?;
                        (num >= 0 && den > 0).then(|| reduced(num, den))
                    })
                    .collect()
            })
            .collect()
    }

    /// The unit price of view `v` (default 1).
    pub(crate) fn unit_price(&self, v: usize) -> Dec {
        self.views
            .get(v)
            .map_or(Dec::ONE, |view| self.unit_price_of(view))
    }

    fn unit_price_of(&self, view: &View) -> Dec {
        let policy = self.policies.get(view.policy);
        policy.and_then(|p| p.unit_price).unwrap_or(Dec::ONE)
    }

    /// The retention factors of departure reason `name` under view `v`.
    pub(crate) fn reason(&self, v: usize, name: &str) -> Option<&Factors> {
        self.views.get(v)?.departures.as_deref()?.get(name)
    }
}

/// `num / den` in lowest terms (`num >= 0`, `den > 0`).
fn reduced(num: i128, den: i128) -> (i128, i128) {
    let (mut a, mut b) = (num.unsigned_abs(), den.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // a = gcd(num, den) >= 1, since den > 0.
    let g = i128::try_from(a).unwrap_or(1).max(1);
    (num / g, den / g)
}

#[cfg(test)]
mod tests {
    use crate::values::wide::{mul3_div, mul_div, Round};

    proptest::proptest! {
        /// Units from the reduced fraction are those from the multiplier
        /// and the price themselves.
        #[test]
        fn the_reduced_ratio_gives_the_same_units(
            multiplier in 0i128..10i128.pow(24),
            price in 1i128..10i128.pow(24),
            scale in 0u32..=4,
            at_risk in 0i128..=10i128.pow(15),
        ) {
            let (num, den) = super::reduced(multiplier * 10_000, price * 10i128.pow(scale));
            proptest::prop_assert_eq!(
                mul_div(at_risk, num, den, Round::HalfEven),
                mul3_div(at_risk, multiplier, 10_000, price * 10i128.pow(scale), Round::HalfEven)
            );
        }
    }

    #[test]
    fn a_fraction_is_reduced_to_lowest_terms() {
        assert_eq!(super::reduced(4 * 10i128.pow(22), 10i128.pow(20)), (400, 1));
        assert_eq!(super::reduced(15, 10), (3, 2));
        assert_eq!(super::reduced(0, 7), (0, 1));
    }
}
