//! The conditions an account was given in, recorded with the interview: how involved the
//! interviewee was in the launch in view, and whether anyone from Product was in the room. The
//! method interviews Sales and CS without the PM present, so they can speak freely; an account
//! given otherwise, or by someone not involved, is read as such.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Involvement {
    Involved,
    HeardOfIt,
    NotInvolved,
}

impl Involvement {
    pub fn name(self) -> &'static str {
        match self {
            Involvement::Involved => "involved",
            Involvement::HeardOfIt => "heard of it",
            Involvement::NotInvolved => "not involved",
        }
    }

    /// The next value a key press records: not recorded → involved → heard of it → not involved
    /// → not recorded.
    pub fn after(current: Option<Involvement>) -> Option<Involvement> {
        match current {
            None => Some(Involvement::Involved),
            Some(Involvement::Involved) => Some(Involvement::HeardOfIt),
            Some(Involvement::HeardOfIt) => Some(Involvement::NotInvolved),
            Some(Involvement::NotInvolved) => None,
        }
    }
}

/// How the room is described: "no one from Product in the room".
pub fn room(product_in_room: Option<bool>) -> Option<&'static str> {
    product_in_room.map(|present| if present { "Product in the room" } else { "no one from Product in the room" })
}

/// The next value a key press records: not recorded → no one from Product → Product present →
/// not recorded.
pub fn room_after(current: Option<bool>) -> Option<bool> {
    match current {
        None => Some(false),
        Some(false) => Some(true),
        Some(true) => None,
    }
}

/// How consent to quote is described: "may be quoted".
pub fn consent(quote_consent: Option<bool>) -> Option<&'static str> {
    quote_consent.map(|yes| if yes { "may be quoted" } else { "not to be quoted" })
}

/// The next value a key press records: not asked → may be quoted → not to be quoted → not asked.
pub fn consent_after(current: Option<bool>) -> Option<bool> {
    match current {
        None => Some(true),
        Some(true) => Some(false),
        Some(false) => None,
    }
}

/// Two copies' consent as one: a "no" recorded on either stands (consent withdrawn on one
/// laptop is withdrawn), then a "yes", then not asked.
pub fn consent_merged(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), _) | (_, Some(true)) => Some(true),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_press_records_the_next_condition_and_comes_back_to_none() {
        let mut seen = vec![];
        let mut at = None;
        for _ in 0..4 {
            at = Involvement::after(at);
            seen.push(at.map(Involvement::name));
        }
        assert_eq!(seen, [Some("involved"), Some("heard of it"), Some("not involved"), None]);
        assert_eq!(room_after(room_after(room_after(None))), None);
        assert_eq!(room(room_after(None)), Some("no one from Product in the room"));
        assert_eq!(consent_after(consent_after(consent_after(None))), None);
        assert_eq!(consent(consent_after(None)), Some("may be quoted"));
    }

    #[test]
    fn a_no_to_quoting_on_either_copy_stands() {
        for (a, b, merged) in [
            (Some(true), Some(false), Some(false)),
            (Some(false), None, Some(false)),
            (None, Some(true), Some(true)),
            (Some(true), Some(true), Some(true)),
            (None, None, None),
        ] {
            assert_eq!(consent_merged(a, b), merged, "{a:?} + {b:?}");
            assert_eq!(consent_merged(b, a), merged, "in either order");
        }
    }
}
