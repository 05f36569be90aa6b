//! The method's five pillars. Every bank section names one; a session's scope is the pillars it
//! covers. Upstream first: direction sets what is built, intelligence informs it, control
//! governs what enters the system, coordination lets teams build it together, and Operations
//! produces and delivers it, where the other four's weaknesses become visible.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Pillar {
    #[serde(rename = "Identity & Direction")]
    IdentityDirection,
    #[serde(rename = "Intelligence & Adaptation")]
    IntelligenceAdaptation,
    #[serde(rename = "Control & Optimisation")]
    ControlOptimisation,
    #[serde(rename = "Coordination")]
    Coordination,
    #[serde(rename = "Operations")]
    Operations,
}

impl Pillar {
    /// Upstream first, as the article lists them.
    pub const ALL: [Pillar; 5] = [
        Pillar::IdentityDirection,
        Pillar::IntelligenceAdaptation,
        Pillar::ControlOptimisation,
        Pillar::Coordination,
        Pillar::Operations,
    ];

    /// As banks, files and screens write it: "Identity & Direction".
    pub fn name(self) -> &'static str {
        match self {
            Pillar::IdentityDirection => "Identity & Direction",
            Pillar::IntelligenceAdaptation => "Intelligence & Adaptation",
            Pillar::ControlOptimisation => "Control & Optimisation",
            Pillar::Coordination => "Coordination",
            Pillar::Operations => "Operations",
        }
    }

    /// For a command line: "identity-direction".
    pub fn id(self) -> &'static str {
        match self {
            Pillar::IdentityDirection => "identity-direction",
            Pillar::IntelligenceAdaptation => "intelligence-adaptation",
            Pillar::ControlOptimisation => "control-optimisation",
            Pillar::Coordination => "coordination",
            Pillar::Operations => "operations",
        }
    }

    /// Where room is short: "Identity".
    pub fn short(self) -> &'static str {
        self.name().split(' ').next().unwrap_or("")
    }

    /// Its name or id, in any case ("Operations", "control-optimisation").
    pub fn parse(text: &str) -> Option<Pillar> {
        let text = text.trim();
        Self::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(text) || p.id().eq_ignore_ascii_case(text))
    }

    /// "Identity & Direction, Intelligence & Adaptation, …", for messages.
    pub fn names() -> String {
        Self::ALL.map(Pillar::name).join(", ")
    }
}

/// The pillars a session covers; Operations alone unless chosen otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope(BTreeSet<Pillar>);

impl Default for Scope {
    fn default() -> Scope {
        Scope(BTreeSet::from([Pillar::Operations]))
    }
}

impl Scope {
    pub fn all() -> Scope {
        Scope(Pillar::ALL.into_iter().collect())
    }

    /// A scope of `pillars`; None when there are none.
    pub fn of(pillars: impl IntoIterator<Item = Pillar>) -> Option<Scope> {
        let set: BTreeSet<Pillar> = pillars.into_iter().collect();
        (!set.is_empty()).then_some(Scope(set))
    }

    /// "all", or pillars by name or id separated by commas.
    pub fn parse(text: &str) -> Result<Scope, String> {
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(Scope::all());
        }
        let mut set = BTreeSet::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let pillar = Pillar::parse(part).ok_or_else(|| {
                format!(
                    "unknown pillar \"{}\": use \"all\" or pillars separated by commas ({})",
                    part.trim(),
                    Pillar::ALL.map(Pillar::id).join(", ")
                )
            })?;
            set.insert(pillar);
        }
        Scope::of(set).ok_or_else(|| "a scope names at least one pillar".to_string())
    }

    pub fn contains(&self, pillar: Pillar) -> bool {
        self.0.contains(&pillar)
    }

    pub fn is_default(&self) -> bool {
        *self == Scope::default()
    }

    pub fn is_all(&self) -> bool {
        self.0.len() == Pillar::ALL.len()
    }

    /// Upstream first.
    pub fn pillars(&self) -> impl Iterator<Item = Pillar> + '_ {
        self.0.iter().copied()
    }

    /// Both scopes' pillars: what a merge of two copies covers.
    pub fn union(&self, other: &Scope) -> Scope {
        Scope(self.0.union(&other.0).copied().collect())
    }

    /// "all five pillars", or the names: "Coordination, Operations".
    pub fn describe(&self) -> String {
        if self.is_all() {
            "all five pillars".into()
        } else {
            self.pillars().map(Pillar::name).collect::<Vec<_>>().join(", ")
        }
    }

    /// Where room is short: "Operations", "Identity, Operations" (two by their first word),
    /// "3 of 5 pillars", "all five pillars".
    pub fn short(&self) -> String {
        match self.0.len() {
            5 => "all five pillars".into(),
            1 => self.describe(),
            2 => self.pillars().map(Pillar::short).collect::<Vec<_>>().join(", "),
            n => format!("{n} of 5 pillars"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_parse_and_a_scope_is_never_empty() {
        for p in Pillar::ALL {
            assert_eq!(Pillar::parse(p.name()), Some(p));
            assert_eq!(Pillar::parse(&p.id().to_uppercase()), Some(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{}\"", p.name()));
        }
        assert_eq!(Scope::parse("all").unwrap(), Scope::all());
        let two = Scope::parse("coordination, Operations").unwrap();
        assert_eq!(two.pillars().collect::<Vec<_>>(), [Pillar::Coordination, Pillar::Operations]);
        assert!(Scope::parse("finance").unwrap_err().contains("unknown pillar \"finance\""));
        assert!(Scope::parse(" , ").is_err());
        assert!(Scope::default().is_default() && !Scope::all().is_default());
        assert_eq!(two.describe(), "Coordination, Operations");
        assert_eq!(Scope::parse("identity-direction,operations").unwrap().short(), "Identity, Operations");
        assert_eq!(Scope::default().union(&Scope::parse("coordination").unwrap()), two);
        assert_eq!(Scope::parse("coordination,operations,control-optimisation").unwrap().short(), "3 of 5 pillars");
        assert_eq!(Scope::all().describe(), "all five pillars");
    }
}
