//! `coshare curve --format svg`: each pool's shares over time as a chart
//! that opens in any browser (docs/format.md, "The command line").
//!
//! Positions are computed in whole pixels with integer arithmetic from the
//! exact shares, so the drawing is the same on every machine.

use crate::commands::Names;
use crate::panels::panels;
use coshare::{Date, Fixed, Shares};
use std::fmt::Write as _;

const WIDTH: i128 = 900;
const PANEL: i128 = 320;
const LEFT: i128 = 64;
const RIGHT: i128 = WIDTH - 200;
const TOP: i128 = 40;
const PLOT: i128 = 240;

/// Colours of the members' lines, in turn (a palette that stays apart for
/// colour-blind readers).
const COLOURS: [&str; 10] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#999999", "#882255",
];

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A share's height in pixels above the axis: `share × PLOT`, rounded down.
fn height(share: Fixed) -> i128 {
    let one = 10i128.pow(share.scale());
    share.value().clamp(0, one) * PLOT / one
}

/// The chart of a curve: one panel per pool (or one of all live units for
/// a ledger without pools), a line per member, the dates after `present`
/// (the ledger's last entry) shaded as the future.
pub fn curve(points: &[Shares], names: &Names, present: Option<Date>) -> String {
    let panels = panels(points, false);
    let first = points.first().map_or(0, |p| i128::from(p.at.day_number()));
    let last = points.last().map_or(0, |p| i128::from(p.at.day_number()));
    let span = (last - first).max(1);
    let x = |day: i128| LEFT + (day - first).clamp(0, span) * (RIGHT - LEFT) / span;
    let total_height = PANEL * i128::try_from(panels.len()).unwrap_or(1) + 20;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{total_height}" viewBox="0 0 {WIDTH} {total_height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (k, panel) in panels.iter().enumerate() {
        let top = TOP + PANEL * i128::try_from(k).unwrap_or(0);
        let bottom = top + PLOT;
        let _ = writeln!(svg, r#"<g class="panel">"#);
        let _ = writeln!(
            svg,
            r#"<text x="{LEFT}" y="{}" font-size="14" font-weight="bold">{}</text>"#,
            top - 14,
            escaped(&panel.pool.as_ref().map_or_else(
                || "Share of all live units".to_string(),
                |pool| format!("Share of the pool {pool}")
            ))
        );
        if let Some(now) = present.map(|d| i128::from(d.day_number())) {
            if now < last {
                let from = x(now.max(first));
                let _ = writeln!(
                    svg,
                    r##"<rect class="future" x="{from}" y="{top}" width="{}" height="{PLOT}" fill="#eeeeee"/>"##,
                    RIGHT - from
                );
                let _ = writeln!(
                    svg,
                    r##"<text x="{}" y="{}" fill="#666666">after the last entry</text>"##,
                    from + 4,
                    top + 14
                );
            }
        }
        for pct in [0, 25, 50, 75, 100] {
            let y = bottom - PLOT * pct / 100;
            let _ = writeln!(
                svg,
                r##"<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" stroke="#dddddd"/><text x="{}" y="{}" text-anchor="end">{pct}%</text>"##,
                LEFT - 6,
                y + 4
            );
        }
        let labels = points.len().clamp(1, 6);
        let mut shown: Vec<usize> = (0..labels)
            .map(|i| i * points.len().saturating_sub(1) / labels.saturating_sub(1).max(1))
            .collect();
        shown.dedup();
        for i in shown {
            if let Some(p) = points.get(i) {
                let _ = writeln!(
                    svg,
                    r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    x(i128::from(p.at.day_number())),
                    bottom + 16,
                    p.at
                );
            }
        }
        for (j, (id, shares)) in panel.lines.iter().enumerate() {
            let colour = COLOURS.get(j % COLOURS.len()).copied().unwrap_or("#000000");
            let mut path = String::new();
            let mut pen_down = false;
            for (p, share) in points.iter().zip(shares) {
                match share {
                    Some(s) => {
                        let cmd = if pen_down { 'L' } else { 'M' };
                        let _ = write!(
                            path,
                            "{cmd}{} {} ",
                            x(i128::from(p.at.day_number())),
                            bottom - height(*s)
                        );
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            let label = match names.of_member(id) {
                name if name.is_empty() => id.clone(),
                name => format!("{name} ({id})"),
            };
            let _ = writeln!(
                svg,
                r#"<path class="member" d="{}" fill="none" stroke="{colour}" stroke-width="2"><title>{}</title></path>"#,
                path.trim_end(),
                escaped(&label)
            );
            let ly = top + 4 + 16 * i128::try_from(j).unwrap_or(0);
            let _ = writeln!(
                svg,
                r#"<rect x="{}" y="{}" width="12" height="3" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
                RIGHT + 16,
                ly,
                RIGHT + 34,
                ly + 5,
                escaped(&label)
            );
        }
        let _ = writeln!(svg, "</g>");
    }
    svg.push_str("</svg>\n");
    svg
}
