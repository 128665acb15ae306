//! Exact decimal numbers: the format's number fields, parsed without floats.
//!
//! A [`Dec`] is a signed fixed-point value with 18 decimals held in an
//! `i128`: it holds every number field (at most 15 integer and 18 fraction
//! digits) exactly. Computed quantities use fixed scales of their own
//! (money in minor units, units at 4 decimals, weights at 9) in plain
//! integers; [`fmt_fixed`] and [`fmt_plain`] write them back as text.

use std::fmt;
use std::str::FromStr;

/// The number of decimals of a [`Dec`].
pub const DEC_SCALE: u32 = 18;

/// `10^k` for `k <= 18`, looked up (a power computed per call showed in profiles).
const POW10: [i128; 19] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

/// `10^k` for `k <= 38`, as `u128`.
// Evaluated at compile time: an index out of range would not compile.
#[allow(clippy::indexing_slicing)]
const POW10_WIDE: [u128; 39] = {
    let mut table = [1u128; 39];
    let mut k = 1;
    while k < 39 {
        table[k] = table[k - 1] * 10;
        k += 1;
    }
    table
};

fn pow10(k: u32) -> i128 {
    POW10.get(k as usize).copied().unwrap_or(1)
}

/// For `k <= 18`: `5^k`'s inverse modulo 2^128 and `⌊(2^128 − 1) / 5^k⌋`.
/// `n` is a multiple of `5^k` exactly when `n × inverse` (modulo 2^128)
/// is at most that bound, and the product is then `n / 5^k`: a test and
/// an exact division by multiplication, where `%` and `/` on 128 bits are
/// calls of a few dozen instructions (checking every decimal read).
// Evaluated at compile time: an index out of range would not compile.
#[allow(clippy::indexing_slicing)]
const FIVES: [(u128, u128); 19] = {
    let mut table = [(1u128, u128::MAX); 19];
    let mut k = 1;
    let mut five = 1u128;
    while k < 19 {
        five *= 5;
        // Newton's iteration doubles the correct low bits: 3 (an odd
        // number is its own inverse modulo 8), 6, 12, ..., 192.
        let mut inverse = five;
        let mut i = 0;
        while i < 6 {
            inverse = inverse.wrapping_mul(2u128.wrapping_sub(five.wrapping_mul(inverse)));
            i += 1;
        }
        table[k] = (inverse, u128::MAX / five);
        k += 1;
    }
    table
};

/// `|raw| / 10^k` when `|raw|` is a multiple of `10^k` (`k <= 18`).
fn exact_tenths(raw: i128, k: u32) -> Option<u128> {
    let n = raw.unsigned_abs();
    let &(inverse, bound) = FIVES.get(k as usize)?;
    // A multiple of 2^k (its low k bits clear), then of 5^k.
    if n.trailing_zeros() < k {
        return None;
    }
    let q = (n >> k).wrapping_mul(inverse);
    (q <= bound).then_some(q)
}
const ONE_RAW: i128 = 1_000_000_000_000_000_000;

/// An exact decimal number with up to 18 decimals, as read from a number field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(i128);

/// Why a text is not a valid number field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberSyntaxError;

impl Dec {
    /// Zero.
    pub const ZERO: Dec = Dec(0);
    /// One.
    pub const ONE: Dec = Dec(ONE_RAW);

    /// The value times 10^18.
    pub const fn raw(self) -> i128 {
        self.0
    }

    /// The number whose value times 10^18 is `raw`.
    pub const fn from_raw(raw: i128) -> Dec {
        Dec(raw)
    }

    /// Parses a number field's text: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, at most
    /// 15 digits before the point and 18 after. `"-0"` is zero.
    pub fn parse(text: &str) -> Result<Dec, NumberSyntaxError> {
        let bytes = text.as_bytes();
        let (negative, body) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        // Each part read in one pass into a machine word (at most 15 and
        // 18 digits: below 10^19), joined once in 128 bits.
        let digits = |s: &[u8]| {
            s.iter().try_fold(0u64, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
            })
        };
        let int_len = body.iter().take_while(|b| b.is_ascii_digit()).count();
        let (int, rest) = body.split_at(int_len);
        if int_len == 0 || int_len > 15 || (int_len > 1 && int.first() == Some(&b'0')) {
            return Err(NumberSyntaxError);
        }
        let mut raw = i128::from(digits(int).ok_or(NumberSyntaxError)?) * ONE_RAW;
        match rest.split_first() {
            None => {}
            Some((b'.', frac)) if !frac.is_empty() && frac.len() <= DEC_SCALE as usize => {
                let places = u32::try_from(frac.len()).unwrap_or(DEC_SCALE);
                let frac = digits(frac).ok_or(NumberSyntaxError)?;
                raw += i128::from(frac) * pow10(DEC_SCALE - places);
            }
            Some(_) => return Err(NumberSyntaxError),
        }
        Ok(Dec(if negative { -raw } else { raw }))
    }

    /// Whether the value is a multiple of `10^-decimals` (`decimals <= 18`).
    pub fn has_at_most_decimals(self, decimals: u32) -> bool {
        exact_tenths(self.0, DEC_SCALE - decimals.min(DEC_SCALE)).is_some()
    }

    /// The value times `10^decimals` if that is whole (the value has at
    /// most `decimals` decimals), else `None`.
    pub(crate) fn scaled_exact(self, decimals: u32) -> Option<i128> {
        let q = exact_tenths(self.0, DEC_SCALE - decimals.min(DEC_SCALE))?;
        match i128::try_from(q) {
            Ok(q) if self.0 < 0 => Some(-q),
            Ok(q) => Some(q),
            // Only |i128::MIN| (2^127) does not fit, scaled by 10^0: itself.
            Err(_) => Some(self.0),
        }
    }

    /// The value times `10^decimals`, truncated towards zero (exact when
    /// [`Dec::has_at_most_decimals`] holds).
    pub fn scaled(self, decimals: u32) -> i128 {
        self.scaled_exact(decimals)
            .unwrap_or_else(|| self.0 / pow10(DEC_SCALE - decimals.min(DEC_SCALE)))
    }

    /// The number `value × 10^-decimals`, or `None` beyond the range of a
    /// number field (more than 15 digits before the point, or more than
    /// 18 decimals: never rounded).
    pub fn from_scaled(value: i128, decimals: u32) -> Option<Dec> {
        if decimals > DEC_SCALE {
            return None;
        }
        // |value| < 10^(15 + decimals) exactly when the raw value is below
        // 10^33 (at most 15 digits before the point); the product then fits.
        let limit = POW10_WIDE.get((15 + decimals) as usize)?;
        (value.unsigned_abs() < *limit).then(|| Dec(value * pow10(DEC_SCALE - decimals)))
    }

    /// Whether the value is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Whether the value is above zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Converts to a `rust_decimal::Decimal` (exact: 18 decimals and 33 digits fit).
    #[cfg(feature = "rust_decimal")]
    pub fn to_decimal(self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from_i128_with_scale(self.0, DEC_SCALE).normalize()
    }
}

#[cfg(feature = "rust_decimal")]
impl TryFrom<rust_decimal::Decimal> for Dec {
    type Error = NumberSyntaxError;

    /// Converts a `rust_decimal::Decimal` exactly, refusing values a number field cannot hold.
    fn try_from(value: rust_decimal::Decimal) -> Result<Dec, NumberSyntaxError> {
        Dec::parse(&value.normalize().to_string())
    }
}

impl FromStr for Dec {
    type Err = NumberSyntaxError;
    fn from_str(text: &str) -> Result<Dec, NumberSyntaxError> {
        Dec::parse(text)
    }
}

impl fmt::Display for Dec {
    /// Writes the plain decimal without trailing zeros (`"7.5"`, `"0"`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_plain(self.0, DEC_SCALE))
    }
}

impl fmt::Display for NumberSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a plain decimal with at most 15 digits before the point and 18 after")
    }
}

impl std::error::Error for NumberSyntaxError {}

impl From<NumberSyntaxError> for crate::error::Error {
    /// `invalid_number`, so that `?` works in a function returning [`crate::Result`].
    fn from(e: NumberSyntaxError) -> Self {
        crate::error::Error::new(crate::error::ErrorCode::InvalidNumber, e.to_string())
    }
}

/// Writes `value × 10^-scale` with exactly `scale` decimals, never `-0`.
pub fn fmt_fixed(value: i128, scale: u32) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    if scale == 0 {
        return format!("{sign}{magnitude}");
    }
    let unit = 10u128.pow(scale);
    format!(
        "{sign}{}.{:0width$}",
        magnitude / unit,
        magnitude % unit,
        width = scale as usize
    )
}

/// Writes `value × 10^-scale` as a plain decimal without trailing zeros.
pub fn fmt_plain(value: i128, scale: u32) -> String {
    let text = fmt_fixed(value, scale);
    if scale == 0 {
        return text;
    }
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_scaled_is_the_number_its_text_parses_to() {
        for decimals in 0..=DEC_SCALE {
            let limit = 10i128.pow(15 + decimals);
            for value in [
                0,
                1,
                -1,
                7,
                limit - 1,
                -(limit - 1),
                limit,
                -limit,
                limit * 10,
            ] {
                let text = fmt_fixed(value, decimals);
                assert_eq!(
                    Dec::from_scaled(value, decimals),
                    Dec::parse(&text).ok(),
                    "{text}"
                );
            }
        }
        assert_eq!(Dec::from_scaled(i128::MIN, 0), None);
        assert_eq!(Dec::from_scaled(i128::MAX, 18), None);
        assert_eq!(Dec::from_scaled(5, 19), None, "not rounded to 18 decimals");
        assert_eq!(Dec::from_scaled(0, 38), None);
    }

    proptest::proptest! {
        #[test]
        fn from_scaled_parses_like_its_text(value in proptest::num::i128::ANY, decimals in 0u32..=24, shift in 0u32..128) {
            let value = value >> shift;
            let text = fmt_fixed(value, decimals);
            proptest::prop_assert_eq!(Dec::from_scaled(value, decimals), Dec::parse(&text).ok());
        }
    }

    proptest::proptest! {
        /// The decimals test and the scaling by multiplication agree with
        /// `%` and `/` on 128 bits, for any value and for multiples of any
        /// power of ten.
        #[test]
        fn decimals_and_scaling_agree_with_division(
            any in proptest::num::i128::ANY,
            small in proptest::num::i64::ANY,
            power in 0u32..=36,
            decimals in 0u32..=20,
        ) {
            let multiple = i128::from(small).saturating_mul(pow10(power.min(18)) * pow10(power.saturating_sub(18)));
            for raw in [any, multiple, i128::MIN, i128::MAX, 0, -1, 1] {
                let k = DEC_SCALE - decimals.min(DEC_SCALE);
                let d = Dec(raw);
                proptest::prop_assert_eq!(d.has_at_most_decimals(decimals), raw % pow10(k) == 0, "{} {}", raw, decimals);
                proptest::prop_assert_eq!(d.scaled(decimals), raw / pow10(k), "{} {}", raw, decimals);
                proptest::prop_assert_eq!(d.scaled_exact(decimals), (raw % pow10(k) == 0).then(|| raw / pow10(k)), "{} {}", raw, decimals);
            }
        }

        /// Any short text of digits, points, signs and others parses as
        /// the grammar `-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,18})?` says, to the
        /// value its digits spell.
        #[test]
        fn parse_follows_the_grammar(text in "-?[0-9.x+-]{0,36}") {
            let body = text.strip_prefix('-').unwrap_or(&text);
            let (int, frac) = match body.split_once('.') {
                Some((int, frac)) => (int, Some(frac)),
                None => (body, None),
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let valid = digits(int)
                && int.len() <= 15
                && (int.len() == 1 || !int.starts_with('0'))
                && frac.is_none_or(|f| digits(f) && f.len() <= 18);
            let expected = valid.then(|| {
                let frac = frac.unwrap_or("");
                let scaled = format!("{int}{frac}{}", "0".repeat(18 - frac.len()));
                let raw: i128 = scaled.parse().unwrap();
                if text.starts_with('-') { -raw } else { raw }
            });
            proptest::prop_assert_eq!(Dec::parse(&text).ok().map(Dec::raw), expected, "{}", text);
        }
    }

    #[test]
    fn parse_accepts_the_grammar_and_limits() {
        assert_eq!(Dec::parse("1.5").unwrap().raw(), 15 * 10i128.pow(17));
        assert_eq!(Dec::parse("-0").unwrap(), Dec::ZERO);
        assert!(Dec::parse("999999999999999.999999999999999999").is_ok());
        for bad in [
            "",
            "-",
            "1e3",
            ".5",
            "+1",
            " 1",
            "01",
            "1.",
            "1.2.3",
            "1000000000000000",
            "0.0000000000000000001",
            "--1",
            "٣",
        ] {
            assert!(Dec::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn formats_fixed_and_plain_without_negative_zero() {
        assert_eq!(fmt_fixed(-5, 2), "-0.05");
        assert_eq!(fmt_fixed(0, 2), "0.00");
        assert_eq!(fmt_fixed(1234, 0), "1234");
        assert_eq!(fmt_plain(75_000, 4), "7.5");
        assert_eq!(fmt_plain(600_000_000, 4), "60000");
        assert_eq!(fmt_plain(0, 13), "0");
    }

    #[test]
    fn decimal_limits_are_on_the_value_not_the_text() {
        let d = Dec::parse("1.500").unwrap();
        assert!(d.has_at_most_decimals(2));
        assert!(!Dec::parse("1.505").unwrap().has_at_most_decimals(2));
        assert_eq!(d.scaled(2), 150);
    }
}
