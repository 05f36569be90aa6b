//! The five-pillar profile as an inline SVG chart for the HTML report. Written by hand rather
//! than through a plotting crate: five bars, their labels and the cascade's arrows are a few
//! dozen elements, and a plotting crate (plotters and the like) would add a dependency tree,
//! fonts and a layout engine to the build for them. Legible printed in black and white: the
//! level is the bar's height, its fill pattern and its label word; nothing rests on colour. No
//! text from a session reaches it, only the method's own words.

use std::fmt::Write as _;

use crate::diagnosis::Diagnosis;
use crate::diagnosis::Level;

const WIDTH: u32 = 5 * COLUMN + 4 * GAP + 10;
const HEIGHT: u32 = 230;
const COLUMN: u32 = 112;
const GAP: u32 = 25;
/// The bars stand on this line.
const BASE: u32 = 160;

/// The chart, or nothing when no pillar beyond Operations is in scope.
pub fn pillars_svg(d: &Diagnosis) -> String {
    if d.pillars.iter().all(|p| !p.in_scope || p.pillar == crate::bank::Pillar::Operations) {
        return String::new();
    }
    let mut svg = format!(
        "<svg class=\"pillars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"pillars-title\"><title id=\"pillars-title\">The five pillars: {}</title>{}",
        summary(d),
        PATTERNS
    );
    for (i, p) in d.pillars.iter().enumerate() {
        let x = i as u32 * (COLUMN + GAP) + 5;
        let level = if p.in_scope { p.level } else { Level::Unknown };
        let height = bar_height(level);
        let (fill, dash) = match (p.in_scope, level) {
            (false, _) => ("none", " stroke-dasharray=\"4 3\""),
            (true, Level::Strong) => ("#222", ""),
            (true, Level::Middling) => ("url(#hatch)", ""),
            (true, Level::Weak) => ("url(#dots)", ""),
            (true, Level::Unknown) => ("none", " stroke-dasharray=\"2 2\""),
        };
        let shown = height.max(6);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{COLUMN}\" height=\"{shown}\" fill=\"{fill}\" stroke=\"#000\"{dash}/>",
            BASE - shown
        );
        // Short enough for a column: "too few answers" for not enough evidence.
        let words = if p.in_scope && level == Level::Unknown { "too few answers" } else { p.level_words() };
        let _ = write!(svg, "<text x=\"{}\" y=\"{}\" class=\"level\">{words}</text>", x + COLUMN / 2, BASE + 18);
        for (k, part) in name_lines(p.pillar.name()).iter().enumerate() {
            let _ = write!(svg, "<text x=\"{}\" y=\"{}\">{part}</text>", x + COLUMN / 2, BASE + 36 + 15 * k as u32);
        }
        if d.cascade.leverage == Some(p.pillar) {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" class=\"start\">★ start here</text>",
                x + COLUMN / 2,
                BASE - shown - 8
            );
        }
        let flows = d.cascade.links.iter().any(|l| l.from == p.pillar && !l.observed().is_empty());
        if flows && i + 1 < d.pillars.len() {
            let _ = write!(svg, "<text x=\"{}\" y=\"{}\" class=\"arrow\">⇒</text>", x + COLUMN + GAP / 2, BASE - 20);
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Hatching for middling, dots for weak: told apart in black and white.
const PATTERNS: &str = "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
    patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/>\
    </pattern><pattern id=\"dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><circle cx=\"3\" \
    cy=\"3\" r=\"1\" fill=\"#000\"/></pattern></defs>";

fn bar_height(level: Level) -> u32 {
    match level {
        Level::Strong => 120,
        Level::Middling => 80,
        Level::Weak => 40,
        Level::Unknown => 0,
    }
}

/// "Identity & Direction" on two lines: "Identity &", "Direction" (the ampersand escaped).
fn name_lines(name: &str) -> Vec<String> {
    let escaped = name.replace('&', "&amp;");
    match escaped.split_once(" &amp; ") {
        Some((a, b)) => vec![format!("{a} &amp;"), b.to_string()],
        None => vec![escaped],
    }
}

/// For the chart's title: "Identity & Direction weak, …; start upstream: …".
fn summary(d: &Diagnosis) -> String {
    let levels: Vec<String> = d.pillars.iter().map(|p| format!("{} {}", p.pillar.name(), p.level_words())).collect();
    format!("{}; {}", levels.join(", "), d.cascade.verdict).replace('&', "&amp;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_and_escape() {
        assert_eq!(name_lines("Identity & Direction"), ["Identity &amp;", "Direction"]);
        assert_eq!(name_lines("Coordination"), ["Coordination"]);
    }
}
