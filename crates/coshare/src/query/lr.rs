//! Largest remainder (docs/format.md, "Request and split result"): split whole minor units pro rata, exactly.

use ethnum::I256;

/// Splits `n >= 0` units by `weights` (>= 0, positive sum): each part gets
/// `floor(n·w/W)`, and the units left over go one each to the largest
/// fractional parts, ties to the smaller index (the caller orders weights
/// by key). Exact for any `i128` inputs: products are taken in 256 bits.
pub(crate) fn largest_remainder(n: i128, weights: &[i128]) -> Vec<i128> {
    if n <= 0 {
        return vec![0; weights.len()];
    }
    // Within the format's limits the products usually fit 128 bits; the
    // 256-bit path keeps the rare rest exact.
    let fast = weights
        .iter()
        .try_fold(0i128, |total, &w| total.checked_add(w))
        .and_then(|total| {
            let quotas = weights.iter().map(|&w| {
                n.checked_mul(w)
                    .map(|p| (p / total.max(1), p % total.max(1)))
            });
            quotas
                .collect::<Option<Vec<(i128, i128)>>>()
                .map(|q| (total, q))
        });
    match fast {
        Some((total, _)) if total <= 0 => vec![0; weights.len()],
        Some((_, quotas)) => hand_out(n, weights, &quotas),
        None => {
            let total: I256 = weights.iter().map(|&w| I256::from(w)).sum();
            if total <= I256::ZERO {
                return vec![0; weights.len()];
            }
            let quotas = weights.iter().map(|&w| {
                let product = I256::from(n) * I256::from(w);
                // 0 <= product / total <= n, so the quotient fits an i128.
                (
                    i128::try_from(product / total).unwrap_or(0),
                    product % total,
                )
            });
            hand_out(n, weights, &quotas.collect::<Vec<_>>())
        }
    }
}

/// Gives each part its floor, then one unit each to the largest remainders
/// (all over the same total), ties to the smaller index.
fn hand_out<R: Ord + Copy>(n: i128, weights: &[i128], quotas: &[(i128, R)]) -> Vec<i128> {
    let given: i128 = quotas.iter().map(|q| q.0).sum();
    let left = usize::try_from(n - given).unwrap_or(0);
    let mut parts: Vec<i128> = quotas.iter().map(|q| q.0).collect();
    if left > 0 {
        let mut order: Vec<usize> = (0..weights.len())
            .filter(|&i| weights.get(i).is_some_and(|&w| w > 0))
            .collect();
        let key = |i: usize| quotas.get(i).map(|q| q.1);
        if left < order.len() {
            order.select_nth_unstable_by(left - 1, |&a, &b| key(b).cmp(&key(a)).then(a.cmp(&b)));
        }
        for &i in order.iter().take(left) {
            if let Some(part) = parts.get_mut(i) {
                *part += 1;
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_goes_to_largest_fraction_then_smaller_key() {
        assert_eq!(
            largest_remainder(1_000_000, &[60_000, 20_000, 10_000]),
            vec![666_667, 222_222, 111_111]
        );
        assert_eq!(largest_remainder(1, &[1, 1]), vec![1, 0]);
        assert_eq!(largest_remainder(5, &[0, 3, 0]), vec![0, 5, 0]);
        assert_eq!(largest_remainder(0, &[1, 2]), vec![0, 0]);
    }

    #[test]
    fn exact_beyond_128_bits() {
        let big = 370_000_000_000_000_000_000_000_000_000i128;
        let parts = largest_remainder(1_000_000_000_000_000, &[big, big - 1, 3]);
        assert_eq!(parts.iter().sum::<i128>(), 1_000_000_000_000_000);
    }

    proptest::proptest! {
        #[test]
        fn parts_sum_to_n_and_stay_within_one_unit_of_the_quota(
            n in 0i128..1_000_000_000_000_000,
            weights in proptest::collection::vec(0i128..i128::MAX / 64, 1..12),
        ) {
            let parts = largest_remainder(n, &weights);
            let total: I256 = weights.iter().map(|&w| I256::from(w)).sum();
            if total > I256::ZERO {
                proptest::prop_assert_eq!(parts.iter().sum::<i128>(), n);
                for (&p, &w) in parts.iter().zip(&weights) {
                    let diff = I256::from(p) * total - I256::from(n) * I256::from(w);
                    proptest::prop_assert!(diff.abs() < total);
                }
            }
        }
    }
}
