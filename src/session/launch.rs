//! The launch in view: the one launch every interview of an engagement is about, named once
//! (when the session is created, or in the PM's interview) so that no two functions describe
//! two different events. Questions name it `{launch}` and the release that carried it
//! `{release}` (see [`crate::bank::Case`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bank::Case;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Launch {
    /// What launched, as the client calls it: "Flex pricing".
    pub name: String,
    /// When it went out (general availability).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub went_out: Option<NaiveDate>,
    /// The release that carried it, as Engineering and Operations know it: "2026.10".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
}

impl Launch {
    /// Read aloud in a question: "Flex pricing (out 6 Oct 2026)".
    pub fn label(&self) -> String {
        match self.went_out {
            Some(date) => format!("{} (out {})", self.name, date.format("%-d %b %Y")),
            None => self.name.clone(),
        }
    }

    /// "release 2026.10", or None when it is not named.
    pub fn release_label(&self) -> Option<String> {
        self.release.as_ref().map(|r| format!("release {r}"))
    }

    /// A launch as typed in a form: the name required, the date as YYYY-MM-DD if given.
    pub fn parse(name: &str, went_out: &str, release: &str) -> Result<Launch, LaunchError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(LaunchError::NoName);
        }
        let went_out = match went_out.trim() {
            "" => None,
            date => {
                Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| LaunchError::BadDate(date.to_string()))?)
            }
        };
        let release = Some(release.trim()).filter(|r| !r.is_empty()).map(str::to_string);
        Ok(Launch { name: name.to_string(), went_out, release })
    }
}

/// Why a launch as typed cannot be the launch in view.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchError {
    #[error("Name the launch, as the client calls it (e.g. Flex pricing).")]
    NoName,
    #[error("\"{0}\" is not a date: write it as YYYY-MM-DD (e.g. 2026-10-06), or leave it empty.")]
    BadDate(String),
}

/// The case the questions' placeholders are filled with: the launch's label and release.
pub struct CaseText {
    launch: Option<String>,
    release: Option<String>,
}

impl CaseText {
    pub fn of(launch: Option<&Launch>) -> CaseText {
        CaseText { launch: launch.map(Launch::label), release: launch.and_then(Launch::release_label) }
    }

    pub fn case(&self) -> Case<'_> {
        Case { launch: self.launch.as_deref(), release: self.release.as_deref() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_reads_aloud_with_its_date_and_release() {
        let l = Launch::parse(" Flex pricing ", "2026-10-06", "2026.10").unwrap();
        assert_eq!(l.label(), "Flex pricing (out 6 Oct 2026)");
        let text = CaseText::of(Some(&l));
        let filled = crate::bank::fill("Before {launch}, was {release} tested?", &text.case()).into_owned();
        assert_eq!(filled, "Before Flex pricing (out 6 Oct 2026), was release 2026.10 tested?");
        assert_eq!(Launch::parse("", "", ""), Err(LaunchError::NoName));
        assert_eq!(Launch::parse("X", "6 Oct", ""), Err(LaunchError::BadDate("6 Oct".into())));
        assert_eq!(Launch::parse("X", "", " ").unwrap(), Launch { name: "X".into(), went_out: None, release: None });
    }
}
