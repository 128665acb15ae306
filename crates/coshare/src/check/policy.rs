//! Checking the parts of a ledger that stand alone (docs/format.md, "Errors", checking:
//! money amounts, policies, curves and distributions. Entries are checked
//! by [`crate::LedgerBuilder`].

use crate::check::limits::{too_long, MAX_BUCKETS, MAX_STEP_POINTS};
use crate::document::{Curve, Distribution, Policy, Shape};
use crate::error::{ErrorCode as C, PathStep};
use crate::ledger::{KindSet, ResolvedBucket, ResolvedDistribution};
use crate::values::number::Dec;
use std::collections::BTreeSet;

pub use crate::check::limits::{MONEY_LIMIT, UNITS_LIMIT};

/// A money value in minor units: a multiple of `10^-scale` (`invalid_amount`)
/// within the money limit (`overflow`). The sign is the caller's to check.
pub(crate) fn money(x: Dec, scale: u32) -> Result<i128, C> {
    if !x.has_at_most_decimals(scale) {
        return Err(C::InvalidAmount);
    }
    let minor = x.scaled(scale);
    if minor.abs() > MONEY_LIMIT {
        return Err(C::Overflow);
    }
    Ok(minor)
}

/// A policy's first error: its code, its location inside the policy and
/// its message.
type Problem = (C, Vec<PathStep>, String);

fn problem<S: Into<PathStep>>(
    code: C,
    location: impl IntoIterator<Item = S>,
    message: impl Into<String>,
) -> Problem {
    (
        code,
        location.into_iter().map(Into::into).collect(),
        message.into(),
    )
}

pub(crate) fn check_policy(
    p: &Policy,
    defined: &BTreeSet<&str>,
    scale: u32,
) -> Result<(), Problem> {
    if let Some(price) = p.unit_price {
        if !price.is_positive() {
            return Err(problem(
                C::InvalidPolicy,
                ["unit_price"],
                format!("the unit price must be above zero, not {price}"),
            ));
        }
    }
    for (name, kind) in &p.kinds {
        let at = |field: &str| -> Vec<PathStep> {
            let mut at = vec!["kinds".into(), name.as_str().into()];
            at.extend((!field.is_empty()).then(|| field.into()));
            at
        };
        if name.is_empty() || name == "default" || name == "*" || too_long(name) {
            return Err(problem(
                C::InvalidPolicy,
                at(""),
                format!("{name:?} cannot name a kind"),
            ));
        }
        if kind.multiplier.is_negative() {
            return Err(problem(
                C::InvalidPolicy,
                at("multiplier"),
                "a multiplier must not be negative",
            ));
        }
        check_curve(&kind.curve).map_err(|m| problem(C::InvalidCurve, at("curve"), m))?;
        if kind.repayable && kind.capital {
            return Err(problem(
                C::InvalidPolicy,
                at("capital"),
                "a kind cannot be both repayable (a loan) and capital (paid-in)",
            ));
        }
    }
    for (reason, factors) in p.departures.iter().flatten() {
        let at = |kind: &str| -> [PathStep; 3] {
            ["departures".into(), reason.as_str().into(), kind.into()]
        };
        if reason.is_empty() || too_long(reason) {
            return Err(problem(
                C::InvalidPolicy,
                ["departures"],
                format!(
                    "a departure reason must be 1 to {} bytes long",
                    crate::check::limits::MAX_ID_BYTES
                ),
            ));
        }
        for (key, _) in factors {
            if key != "default" && !defined.contains(key.as_str()) {
                return Err(problem(
                    C::InvalidPolicy,
                    at(key),
                    format!("{key:?} is neither \"default\" nor a defined kind"),
                ));
            }
        }
        for (key, f) in factors {
            if f.is_negative() || *f > Dec::ONE {
                return Err(problem(
                    C::InvalidPolicy,
                    at(key),
                    format!("a retention factor must be between 0 and 1, not {f}"),
                ));
            }
        }
    }
    if let Some(d) = &p.distribution {
        check_distribution(d, defined, scale)?;
    }
    if let Some(month) = p.capital.as_ref().and_then(|c| c.tax_year_end) {
        if !(1..=12).contains(&month) {
            return Err(problem(
                C::InvalidPolicy,
                ["capital", "tax_year_end"],
                format!("tax_year_end is a month from 1 to 12, not {month}"),
            ));
        }
    }
    Ok(())
}

fn check_curve(curve: &Curve) -> Result<(), String> {
    match &curve.shape {
        Shape::Linear { fade, .. } if fade.is_zero() => {
            Err("a linear fade must not be zero".into())
        }
        Shape::Geometric { rate, .. } if !rate.is_positive() || *rate > Dec::ONE => Err(format!(
            "a geometric rate must be above 0 and at most 1, not {rate}"
        )),
        Shape::Geometric { every, .. } if every.is_zero() => {
            Err("a geometric step (\"every\") must not be zero".into())
        }
        Shape::Steps { points } if points.is_empty() || points.len() > MAX_STEP_POINTS => {
            Err(format!(
                "a steps curve needs 1 to {MAX_STEP_POINTS} points, not {}",
                points.len()
            ))
        }
        Shape::Steps { points } => match points
            .iter()
            .find(|(_, w)| w.is_negative() || *w > Dec::ONE || !w.has_at_most_decimals(9))
        {
            Some((_, w)) => Err(format!(
                "a step weight must be between 0 and 1 with at most 9 decimals, not {w}"
            )),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_distribution(
    d: &Distribution,
    defined: &BTreeSet<&str>,
    scale: u32,
) -> Result<(), Problem> {
    if let Some(buckets) = &d.buckets {
        if buckets.is_empty() || buckets.len() > MAX_BUCKETS {
            return Err(problem(
                C::InvalidShares,
                ["distribution", "buckets"],
                format!(
                    "a distribution needs 1 to {MAX_BUCKETS} buckets, not {}",
                    buckets.len()
                ),
            ));
        }
        let mut names = BTreeSet::new();
        let mut total = 0i128;
        for (i, b) in buckets.iter().enumerate() {
            let at = |field: &str| -> [PathStep; 4] {
                [
                    "distribution".into(),
                    "buckets".into(),
                    i.into(),
                    field.into(),
                ]
            };
            if b.name.is_empty() || too_long(&b.name) || !names.insert(b.name.as_str()) {
                return Err(problem(
                    C::InvalidShares,
                    at("name"),
                    format!(
                        "bucket names must be unique and 1 to {} bytes long ({:?})",
                        crate::check::limits::MAX_ID_BYTES,
                        b.name
                    ),
                ));
            }
            if !b.share.is_positive() || b.share > Dec::ONE {
                return Err(problem(
                    C::InvalidShares,
                    at("share"),
                    format!(
                        "a bucket's share must be above 0 and at most 1, not {}",
                        b.share
                    ),
                ));
            }
            if let Some(kinds) = &b.kinds {
                let all = matches!(kinds.as_slice(), [only] if only == "*");
                let distinct: BTreeSet<&str> = kinds.iter().map(String::as_str).collect();
                let ok = all
                    || (!kinds.is_empty()
                        && distinct.len() == kinds.len()
                        && kinds.iter().all(|k| defined.contains(k.as_str())));
                if !ok {
                    return Err(problem(
                        C::InvalidPolicy,
                        at("kinds"),
                        "a pool's kinds must be [\"*\"] or distinct defined kinds",
                    ));
                }
            }
            total += b.share.raw();
        }
        if total != Dec::ONE.raw() {
            return Err(problem(
                C::InvalidShares,
                ["distribution", "buckets"],
                format!("bucket shares sum to {}, not 1", Dec::from_raw(total)),
            ));
        }
    }
    if let Some(f) = d.cash_fraction {
        if f.is_negative() || f > Dec::ONE {
            return Err(problem(
                C::InvalidPolicy,
                ["distribution", "cash_fraction"],
                format!("the cash fraction must be between 0 and 1, not {f}"),
            ));
        }
    }
    if let Some(m) = d.minimum_payout {
        let at = ["distribution", "minimum_payout"];
        match money(m, scale) {
            Err(C::Overflow) if m.is_negative() => {
                return Err(problem(
                    C::InvalidPolicy,
                    at,
                    "the minimum payout must not be negative",
                ))
            }
            Err(code) => {
                return Err(problem(
                    code,
                    at,
                    format!("{m} is not a money amount of this currency"),
                ))
            }
            Ok(v) if v < 0 => {
                return Err(problem(
                    C::InvalidPolicy,
                    at,
                    "the minimum payout must not be negative",
                ))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// A distribution with its defaults applied and kinds as indices.
pub(crate) fn resolve_distribution(
    d: Option<&Distribution>,
    kinds: &[String],
    scale: u32,
) -> ResolvedDistribution {
    let default_pool = || {
        vec![ResolvedBucket {
            name: "all".into(),
            share: Dec::ONE,
            pool: Some(KindSet::All),
        }]
    };
    let buckets = match d.and_then(|d| d.buckets.as_ref()) {
        None => default_pool(),
        Some(list) => list
            .iter()
            .map(|b| ResolvedBucket {
                name: b.name.clone(),
                share: b.share,
                pool: b.kinds.as_ref().map(|ks| match ks.as_slice() {
                    [all] if all == "*" => KindSet::All,
                    _ => {
                        let mut set: Vec<u32> = ks
                            .iter()
                            .filter_map(|k| {
                                let i = kinds.binary_search_by(|x| x.as_bytes().cmp(k.as_bytes()));
                                i.ok().and_then(|i| u32::try_from(i).ok())
                            })
                            .collect();
                        set.sort_unstable();
                        KindSet::Some(set)
                    }
                }),
            })
            .collect(),
    };
    ResolvedDistribution {
        buckets,
        cash_fraction: d.and_then(|d| d.cash_fraction).unwrap_or(Dec::ONE),
        minimum_payout: d
            .and_then(|d| d.minimum_payout)
            .map_or(0, |m| m.scaled(scale)),
    }
}
