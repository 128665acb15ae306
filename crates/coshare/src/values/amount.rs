//! [`Fixed`]: an exact result figure, an integer with a fixed number of decimals.

use crate::values::number::{fmt_fixed, fmt_plain, Dec};
use std::fmt;

/// An exact figure of a result: `value × 10^-scale`.
///
/// Money has the currency's scale, units 4 decimals, weights and shares 9,
/// live units and unit-days 13. `Display` writes exactly `scale` decimals;
/// [`Fixed::to_plain_string`] drops trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fmt_fixed(self.value, self.scale))
    }
}
