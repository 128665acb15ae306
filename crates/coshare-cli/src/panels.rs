//! The curve's shares arranged for drawing or tabulating: a panel per pool
//! (and of all live units), a line of shares per member.

use coshare::{Fixed, Shares};

/// One panel: its title, and each member's share on each date (None where
/// the pool is not in force on that date).
pub struct Panel {
    /// The pool; `None` for all live units.
    pub pool: Option<String>,
    pub lines: Vec<(String, Vec<Option<Fixed>>)>,
}

/// A panel per pool (in order of first appearance over the dates), or
/// one of all live units when no date has a pool (`all_units`: always
/// add it, last).
pub fn panels(points: &[Shares], all_units: bool) -> Vec<Panel> {
    let mut pools: Vec<String> = Vec::new();
    for p in points {
        for pool in &p.pools {
            if !pools.contains(&pool.pool) {
                pools.push(pool.pool.clone());
            }
        }
    }
    let mut out: Vec<Panel> = pools
        .iter()
        .map(|name| {
            panel(Some(name.clone()), points, |p| {
                let pool = p.pools.iter().find(|x| &x.pool == name)?;
                Some(
                    pool.members
                        .iter()
                        .map(|m| (m.member.as_str(), m.share))
                        .collect(),
                )
            })
        })
        .collect();
    if out.is_empty() || all_units {
        out.push(panel(None, points, |p| {
            Some(
                p.members
                    .iter()
                    .map(|m| (m.member.as_str(), m.share))
                    .collect(),
            )
        }));
    }
    out
}

/// A panel of the members' shares on each date: `of` gives a date's
/// `(member, share)` list, or `None` where the panel's pool is not in force.
/// A member without a share on a date where the pool is in force is at 0.
fn panel<'p>(
    pool: Option<String>,
    points: &'p [Shares],
    of: impl Fn(&'p Shares) -> Option<Vec<(&'p str, Fixed)>>,
) -> Panel {
    let each: Vec<Option<Vec<(&str, Fixed)>>> = points.iter().map(of).collect();
    let mut ids: Vec<&str> = each.iter().flatten().flatten().map(|(m, _)| *m).collect();
    ids.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    ids.dedup();
    let zero = Fixed::new(0, 9);
    let lines = ids
        .into_iter()
        .map(|id| {
            let shares = each
                .iter()
                .map(|date| {
                    let found = date.as_ref()?.iter().find(|(m, _)| *m == id);
                    Some(found.map_or(zero, |(_, s)| *s))
                })
                .collect();
            (id.to_string(), shares)
        })
        .collect();
    Panel { pool, lines }
}
