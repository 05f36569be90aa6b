//! Who is at the keyboard: the name an edit and a captured interview are attributed to, so a
//! merge of several interviewers' copies can tell their values apart.
//!
//! It belongs to the machine, not the session: a session imported from a colleague still names
//! the colleague as its interviewer, while the edits made here are this user's.

/// Names the interviewer at this machine, overriding the login name.
pub const INTERVIEWER_ENV: &str = "CROSSCHECK_INTERVIEWER";

/// `CROSSCHECK_INTERVIEWER`, else the login name (`USER`, `USERNAME`), else nobody.
pub fn current() -> Option<String> {
    from(|name| std::env::var(name).ok())
}

/// [`current`] over any environment, for tests.
pub fn from(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    [INTERVIEWER_ENV, "USER", "USERNAME"]
        .into_iter()
        .filter_map(var)
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .map(|v| v.chars().filter(|c| !c.is_control()).take(80).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_interviewer_comes_before_the_login_name() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(from(env(&[("USER", "kim"), (INTERVIEWER_ENV, "Kim Lee")])).as_deref(), Some("Kim Lee"));
        assert_eq!(from(env(&[("USER", "kim"), (INTERVIEWER_ENV, "  ")])).as_deref(), Some("kim"));
        assert_eq!(from(env(&[("USERNAME", "dana\u{1b}[2J")])).as_deref(), Some("dana[2J"));
        assert_eq!(from(env(&[])), None);
    }
}
