//! Exact rounding division on 256-bit integers, for products beyond `i128`.

use ethnum::I256;

/// How a division rounds to an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Round {
    /// Half to even (the format's `round_k`).
    HalfEven,
    /// Towards −∞ (`floor_k`).
    #[cfg_attr(not(test), allow(dead_code))]
    Floor,
    /// Towards +∞ (`ceil_k`).
    Ceil,
}

/// `num / den` rounded by `mode`; `den` must be positive.
pub(crate) fn div_round(num: I256, den: I256, mode: Round) -> I256 {
    debug_assert!(den > I256::ZERO);
    let mut q = num / den;
    let mut r = num % den;
    // Normalise to floor division: 0 <= r < den.
    if r < I256::ZERO {
        q -= I256::ONE;
        r += den;
    }
    match mode {
        Round::Floor => q,
        Round::Ceil => {
            if r == I256::ZERO {
                q
            } else {
                q + I256::ONE
            }
        }
        Round::HalfEven => {
            let twice = r * I256::new(2);
            if twice > den || (twice == den && q % I256::new(2) != I256::ZERO) {
                q + I256::ONE
            } else {
                q
            }
        }
    }
}

/// `num / den` rounded by `mode`, in `i128`; `den` must be positive.
fn div_round_128(num: i128, den: i128, mode: Round) -> i128 {
    if den == 1 {
        return num;
    }
    // One division: in 64 bits where both fit (a hardware division), else
    // the remainder from the quotient (i128 `%` is a second call).
    let (mut q, mut r) = if let (Ok(n), Ok(d)) = (i64::try_from(num), i64::try_from(den)) {
        (i128::from(n / d), i128::from(n % d))
    } else {
        let q = num / den;
        (q, num - q * den)
    };
    if r < 0 {
        q -= 1;
        r += den;
    }
    match mode {
        Round::Floor => q,
        Round::Ceil => q + i128::from(r != 0),
        Round::HalfEven => {
            // r < den, so den − r does not overflow; compare r with den − r.
            let rest = den - r;
            if r > rest || (r == rest && q % 2 != 0) {
                q + 1
            } else {
                q
            }
        }
    }
}

/// `a × b / c` rounded by `mode`, exact for any `i128` operands.
/// Returns `None` when `c <= 0` or the result does not fit an `i128`.
pub(crate) fn mul_div(a: i128, b: i128, c: i128, mode: Round) -> Option<i128> {
    if c <= 0 {
        return None;
    }
    // Factors within 64 bits (the most common) cannot overflow 128: one
    // widening multiplication, no overflow check.
    if let (Ok(a), Ok(b)) = (i64::try_from(a), i64::try_from(b)) {
        return Some(div_round_128(i128::from(a) * i128::from(b), c, mode));
    }
    if let Some(product) = a.checked_mul(b) {
        return Some(div_round_128(product, c, mode));
    }
    let q = div_round(I256::from(a) * I256::from(b), I256::from(c), mode);
    i128::try_from(q).ok()
}

/// `a × b × c / d` rounded by `mode`. `None` when `d <= 0` or the product or result overflows.
pub(crate) fn mul3_div(a: i128, b: i128, c: i128, d: i128, mode: Round) -> Option<i128> {
    if d <= 0 {
        return None;
    }
    if let Some(abc) = a.checked_mul(b).and_then(|ab| ab.checked_mul(c)) {
        return Some(div_round_128(abc, d, mode));
    }
    let ab = I256::from(a) * I256::from(b);
    let abc = ab.checked_mul(I256::from(c))?;
    i128::try_from(div_round(abc, I256::from(d), mode)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_modes_follow_the_spec() {
        let r = |n: i128, d: i128, m| {
            i128::try_from(div_round(I256::from(n), I256::from(d), m)).unwrap()
        };
        assert_eq!(r(5, 2, Round::HalfEven), 2);
        assert_eq!(r(7, 2, Round::HalfEven), 4);
        assert_eq!(r(-5, 2, Round::HalfEven), -2);
        assert_eq!(r(-7, 2, Round::Floor), -4);
        assert_eq!(r(-7, 2, Round::Ceil), -3);
        assert_eq!(r(7, 2, Round::Ceil), 4);
        assert_eq!(r(6, 2, Round::Ceil), 3);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #[test]
        fn the_128_bit_path_rounds_like_the_256_bit_one(num in proptest::num::i128::ANY, den in 1i128..=i128::MAX, mode in 0u8..3) {
            let mode = [Round::HalfEven, Round::Floor, Round::Ceil][usize::from(mode)];
            let wide = div_round(I256::from(num), I256::from(den), mode);
            proptest::prop_assert_eq!(I256::from(div_round_128(num, den, mode)), wide);
        }

        #[test]
        fn the_64_bit_path_rounds_like_the_256_bit_one(num in proptest::num::i64::ANY, den in 1i64..=i64::MAX, mode in 0u8..3) {
            let mode = [Round::HalfEven, Round::Floor, Round::Ceil][usize::from(mode)];
            let wide = div_round(I256::from(num), I256::from(den), mode);
            proptest::prop_assert_eq!(I256::from(div_round_128(i128::from(num), i128::from(den), mode)), wide);
        }

        /// Whichever path its factors take (64, 128 or 256 bits).
        #[test]
        fn mul_div_is_the_256_bit_quotient(
            a in proptest::prop_oneof![proptest::num::i64::ANY.prop_map(i128::from), proptest::num::i128::ANY],
            b in proptest::prop_oneof![proptest::num::i64::ANY.prop_map(i128::from), proptest::num::i128::ANY],
            c in 1i128..=i128::MAX,
            mode in 0u8..3,
        ) {
            let mode = [Round::HalfEven, Round::Floor, Round::Ceil][usize::from(mode)];
            let wide = div_round(I256::from(a) * I256::from(b), I256::from(c), mode);
            proptest::prop_assert_eq!(mul_div(a, b, c, mode).map(I256::from), i128::try_from(wide).ok().map(I256::from));
        }

        #[test]
        fn mul3_div_is_the_256_bit_quotient(a in -(1i128 << 70)..(1i128 << 70), b in -(1i128 << 62)..(1i128 << 62), c in 0i128..(1i128 << 40), d in 1i128..(1i128 << 100), mode in 0u8..3) {
            let mode = [Round::HalfEven, Round::Floor, Round::Ceil][usize::from(mode)];
            let wide = div_round(I256::from(a) * I256::from(b) * I256::from(c), I256::from(d), mode);
            proptest::prop_assert_eq!(mul3_div(a, b, c, d, mode).map(I256::from), i128::try_from(wide).ok().map(I256::from));
        }
    }
}
