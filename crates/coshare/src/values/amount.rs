//! [`Fixed`]: an exact result figure, an integer with a fixed number of decimals.

use crate::values::number::{fmt_fixed, fmt_plain, Dec};
use std::fmt;

/// An exact figure of a result: `value × 10^-scale`.
///
/// Money has the currency's scale, units 4 decimals, weights and shares 9,
/// live units and unit-days 13. `Display` writes exactly `scale` decimals;
/// [`Fixed::to_plain_string`] drops trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fixed {
    value: i128,
    scale: u32,
}

impl Fixed {
    /// The figure `value × 10^-scale`.
    pub const fn new(value: i128, scale: u32) -> Fixed {
        Fixed { value, scale }
    }

    /// The integer value in units of `10^-scale` (for money: minor units).
    pub const fn value(self) -> i128 {
        self.value
    }

    /// The number of decimals.
    pub const fn scale(self) -> u32 {
        self.scale
    }

    /// Whether the figure is zero.
    pub const fn is_zero(self) -> bool {
        self.value == 0
    }

    /// The plain decimal without trailing zeros (`"7.5"`, `"0"`).
    pub fn to_plain_string(self) -> String {
        fmt_plain(self.value, self.scale)
    }

    /// Converts to a `rust_decimal::Decimal`, if it fits (28 digits).
    #[cfg(feature = "rust_decimal")]
    pub fn to_decimal(self) -> Option<rust_decimal::Decimal> {
        rust_decimal::Decimal::try_from_i128_with_scale(self.value, self.scale).ok()
    }

    /// Converts to a [`Dec`], if it fits (at most 18 decimals and 15 integer digits).
    pub fn to_dec(self) -> Option<Dec> {
        (self.scale <= 18)
            .then(|| Dec::from_scaled(self.value, self.scale))
            .flatten()
    }
}

impl Ord for Fixed {
    /// By value (`5 > 1.00`), then by scale (`5 < 5.00`), so that figures
    /// equal in value but written with other decimals still differ, as `==`
    /// says.
    fn cmp(&self, other: &Fixed) -> std::cmp::Ordering {
        let ten = ethnum::I256::from(10);
        let lhs = ethnum::I256::from(self.value) * ten.pow(other.scale);
        let rhs = ethnum::I256::from(other.value) * ten.pow(self.scale);
        lhs.cmp(&rhs).then(self.scale.cmp(&other.scale))
    }
}

impl PartialOrd for Fixed {
    fn partial_cmp(&self, other: &Fixed) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_fixed(self.value, self.scale))
    }
}

#[cfg(test)]
mod tests {
    use super::Fixed;

    #[test]
    fn orders_by_value_across_scales() {
        // The derived order compared the value before the scale: 5 < 1.00.
        assert!(Fixed::new(5, 0) > Fixed::new(100, 2));
        assert!(Fixed::new(-5, 0) < Fixed::new(-100, 2));
        assert!(Fixed::new(1, 1) < Fixed::new(11, 2));
        // Equal values of other scales are unequal (as `==` says), ordered by scale.
        assert!(Fixed::new(5, 0) < Fixed::new(500, 2));
        assert_ne!(Fixed::new(5, 0), Fixed::new(500, 2));
        assert_eq!(
            Fixed::new(7, 3).cmp(&Fixed::new(7, 3)),
            std::cmp::Ordering::Equal
        );
        let mut v = vec![
            Fixed::new(5, 0),
            Fixed::new(100, 2),
            Fixed::new(-1, 4),
            Fixed::new(i128::MAX, 0),
        ];
        v.sort();
        assert_eq!(
            v,
            [
                Fixed::new(-1, 4),
                Fixed::new(100, 2),
                Fixed::new(5, 0),
                Fixed::new(i128::MAX, 0)
            ]
        );
    }
}
