//! The README's picture of the interview screen is the screen as it is drawn: the scenario it
//! describes, drawn at 80×24, must match the block under "What it looks like" line for line.
//! When the interface changes, this test fails with the screen to paste there.

use chrono::Duration;
use crossterm::event::KeyCode;

use crate::common::{Harness, t0};
use crosscheck::bank::Kind;

const README: &str = include_str!("../../README.md");

/// A Sales interview on its third question, five minutes in: the launch in view named, the
/// question answered 1 and flagged for follow-up, sent by Product Marketing, the interviewee
/// involved in the launch and no one from Product in the room.
fn the_readme_scenario() -> Harness {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim");
    h.ch('L').typed("Flex pricing").key(KeyCode::Tab).typed("2026-10-06").key(KeyCode::Enter);
    h.add_interview("sales", "Dana Ortiz", "Head of Sales");
    h.app.env.now = t0() + Duration::seconds(312);
    h.goto_kind(Kind::Scale);
    h.ch('1').ch('f').key(KeyCode::Enter);
    h.ch('m').ch('m');
    h.ch('I').ch('P');
    h
}

#[test]
fn the_readme_shows_the_interview_screen_as_it_is_drawn() {
    let h = the_readme_scenario();
    let drawn: Vec<String> =
        h.draw(80, 24).backend().to_string().lines().map(|l| l.trim_matches('"').trim_end().to_string()).collect();
    let at = README.find("## What it looks like").expect("the section");
    let start = at + README[at..].find("```text\n").expect("its picture") + "```text\n".len();
    let shown: Vec<String> =
        README[start..start + README[start..].find("```").unwrap()].lines().map(|l| l.trim_end().to_string()).collect();
    assert_eq!(shown, drawn, "paste this screen into the README:\n{}", drawn.join("\n"));
}
