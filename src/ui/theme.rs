//! Colour themes: `dark` (the default) and `light`, and no colour at all under `NO_COLOR`.
//!
//! Colour only ever repeats what a symbol already says (▲▲ ▲ = ▼ ✓ ✗ ? on the divergence matrix,
//! ✓ / … / ✗ on the saved indicator), so a theme changes legibility, never meaning. Titles, dim
//! text and the selection are carried by modifiers (bold, dim, reverse), which read the same on
//! any background and are not colours, so they are the same in every theme. No theme paints a
//! background: the terminal's own stays.

use ratatui::style::{Color, Modifier, Style};

use super::save_state::SaveState;
use crate::config::ThemeName;
use crate::divergence::Verdict;

/// Headings and titles, in every theme.
pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
/// Secondary text, in every theme.
pub const DIM: Style = Style::new().add_modifier(Modifier::DIM);
/// The selected row or item, in every theme.
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Words one side used and the other never did (also bracketed «like this»).
pub const MARKED: Style = Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));

/// Every style the screens take from the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// "dark", "light", or "no colour" under NO_COLOR.
    pub name: &'static str,
    pub title: Style,
    pub dim: Style,
    pub selected: Style,
    pub marked: Style,
    /// ▲▲: what was communicated is 2+ points above what was received.
    pub over_major: Style,
    /// ▲: 1+ point above.
    pub over_minor: Style,
    /// ▼▼ / ▼: below.
    pub under: Style,
    /// = and ✓.
    pub aligned: Style,
    /// ✗: both sides low.
    pub weakness: Style,
    /// ?: not compared.
    pub unknown: Style,
    /// "✓ saved".
    pub saved: Style,
    /// "… saving" (notes waiting for their pause).
    pub saving: Style,
    /// "✗ NOT SAVED" and the message line that says why.
    pub not_saved: Style,
    /// "read-only".
    pub read_only: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

impl Theme {
    /// For dark backgrounds: the bright colours.
    pub const fn dark() -> Theme {
        Theme {
            name: "dark",
            title: TITLE,
            dim: DIM,
            selected: SELECTED,
            marked: MARKED,
            over_major: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            over_minor: Style::new().fg(Color::LightRed),
            under: Style::new().fg(Color::Cyan),
            aligned: Style::new().fg(Color::Green),
            weakness: Style::new().fg(Color::Yellow),
            unknown: DIM,
            saved: Style::new().fg(Color::Green),
            saving: Style::new().fg(Color::Yellow),
            not_saved: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            read_only: Style::new().fg(Color::Cyan),
        }
    }

    /// For light backgrounds: no yellow, cyan or light red, which fade on white.
    pub const fn light() -> Theme {
        // A dark orange (256-colour palette) where a dark theme would use yellow.
        const AMBER: Color = Color::Indexed(130);
        Theme {
            name: "light",
            title: TITLE,
            dim: DIM,
            selected: SELECTED,
            marked: MARKED,
            over_major: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            over_minor: Style::new().fg(Color::Magenta),
            under: Style::new().fg(Color::Blue),
            aligned: Style::new().fg(Color::Green),
            weakness: Style::new().fg(AMBER),
            unknown: DIM,
            saved: Style::new().fg(Color::Green),
            saving: Style::new().fg(AMBER),
            not_saved: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            read_only: Style::new().fg(Color::Blue),
        }
    }

    /// Under NO_COLOR: the same modifiers, not one colour.
    pub fn no_colour() -> Theme {
        Theme { name: "no colour", ..Theme::dark().without_colour() }
    }

    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
        }
    }

    /// The theme `name`, or none at all when `no_colour` (NO_COLOR) says so.
    pub fn new(name: ThemeName, no_colour: bool) -> Theme {
        if no_colour { Theme::no_colour() } else { Theme::named(name) }
    }

    /// The theme `name`, honouring `NO_COLOR` from the environment.
    pub fn from_env(name: ThemeName) -> Theme {
        Theme::new(name, no_color_requested())
    }

    /// True when the theme has any colour at all.
    pub fn has_colour(&self) -> bool {
        self.styles().iter().any(|s| s.fg.is_some() || s.bg.is_some() || s.underline_color.is_some())
    }

    /// The colour of a divergence verdict; its symbol carries the meaning without it.
    pub fn verdict(&self, verdict: Verdict) -> Style {
        match verdict {
            Verdict::OverStated { major: true } => self.over_major,
            Verdict::OverStated { major: false } => self.over_minor,
            Verdict::UnderStated { .. } => self.under,
            // A disagreement on a fact is no one's over-statement: the milder colour.
            Verdict::Disagree { .. } => self.over_minor,
            Verdict::Aligned | Verdict::AlignedStrong => self.aligned,
            Verdict::AgreedWeakness => self.weakness,
            Verdict::Unknown { .. } => self.unknown,
        }
    }

    /// The style of the saved indicator; its text (✓ saved, … saving, ✗ NOT SAVED) says it too.
    pub fn save(&self, state: &SaveState) -> Style {
        match state {
            SaveState::Saved => self.saved,
            SaveState::Pending => self.saving,
            SaveState::Failed(_) => self.not_saved,
            SaveState::ReadOnly => self.read_only,
        }
    }

    fn styles(&self) -> [Style; 14] {
        [
            self.title,
            self.dim,
            self.selected,
            self.marked,
            self.over_major,
            self.over_minor,
            self.under,
            self.aligned,
            self.weakness,
            self.unknown,
            self.saved,
            self.saving,
            self.not_saved,
            self.read_only,
        ]
    }

    fn without_colour(self) -> Theme {
        let strip = |mut s: Style| {
            s.fg = None;
            s.bg = None;
            s.underline_color = None;
            s
        };
        Theme {
            name: self.name,
            title: strip(self.title),
            dim: strip(self.dim),
            selected: strip(self.selected),
            marked: strip(self.marked),
            over_major: strip(self.over_major),
            over_minor: strip(self.over_minor),
            under: strip(self.under),
            aligned: strip(self.aligned),
            weakness: strip(self.weakness),
            unknown: strip(self.unknown),
            saved: strip(self.saved),
            saving: strip(self.saving),
            not_saved: strip(self.not_saved),
            read_only: strip(self.read_only),
        }
    }
}

/// `NO_COLOR` set to anything but the empty string (<https://no-color.org>).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_colour_has_none_and_the_themes_differ() {
        assert!(Theme::dark().has_colour() && Theme::light().has_colour());
        assert_ne!(Theme::dark(), Theme::light());
        let none = Theme::new(ThemeName::Light, true);
        assert!(!none.has_colour());
        assert_eq!(none.over_major, Style::new().add_modifier(Modifier::BOLD), "modifiers stay");
        assert_eq!(Theme::new(ThemeName::Light, false), Theme::light());
    }

    #[test]
    fn every_verdict_differs_from_plain_text_in_a_colour_theme() {
        let verdicts = [
            Verdict::OverStated { major: true },
            Verdict::OverStated { major: false },
            Verdict::UnderStated { major: true },
            Verdict::Aligned,
            Verdict::AgreedWeakness,
            Verdict::Disagree { major: true },
            Verdict::Unknown { communicated_missing: true },
        ];
        for theme in [Theme::dark(), Theme::light()] {
            for v in verdicts {
                assert_ne!(theme.verdict(v), Style::new(), "{} {v:?}", theme.name);
            }
        }
    }
}
