//! Largest remainder (SPEC 5.1): split whole minor units pro rata, exactly.

use ethnum::I256;

/// Splits `n >= 0` units by `weights` (>= 0, positive sum): each part gets
/// `floor(n·w/W)`, and the units left over go one each to the largest
/// fractional parts, ties to the smaller index (the caller orders weights
/// by key). Exact for any `i128` inputs: products are taken in 256 bits.
pub(crate) fn largest_remainder(n: i128, weights: &[i128]) -> Vec<i128> {
    let total: I256 = weights.iter().map(|&w| I256::from(w)).sum();
    if total <= I256::ZERO || n <= 0 {
        return vec![0; weights.len()];
    }
    let n256 = I256::from(n);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = 0i128;
    for &w in weights {
        let product = n256 * I256::from(w);
        // 0 <= product / total <= n, so the quotient fits an i128.
        let floor = i128::try_from(product / total).unwrap_or(0);
        given += floor;
        parts.push(floor);
        remainders.push(product % total);
    }
    let left = usize::try_from(n - given).unwrap_or(0);
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    for &i in order.iter().take(left) {
        parts[i] += 1;
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
}
