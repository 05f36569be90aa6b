//! The interface driven as a user would, through keys on an `App` value: update logic checked
//! against what lands on disk, and every screen drawn into ratatui's `TestBackend` for `insta`.

use chrono::Duration;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

use crosscheck::bank::Kind;
use crosscheck::session::{AnswerState, AnswerValue};
use crosscheck::ui::Screen;
use crosscheck::ui::theme::Theme;

use crate::common;

use common::{Harness, answer_on_disk, t0};

#[test]
fn creating_a_session_and_an_interview_writes_them() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim");
    assert_eq!(h.app.screen(), Screen::Session);
    let disk = h.on_disk();
    assert_eq!((disk.organisation.as_str(), disk.interviewer.as_deref()), ("Acme Ltd", Some("Kim")));
    h.add_interview("sales", "Dana Ortiz", "Head of Sales");
    assert_eq!(h.app.screen(), Screen::Interview);
    let disk = h.on_disk();
    assert_eq!(disk.interviews.len(), 1);
    assert_eq!(disk.interviews[0].function, "sales");
    assert_eq!(disk.interviews[0].who(), "Dana Ortiz, Head of Sales");
}

#[test]
fn a_session_has_the_language_its_notes_are_in() {
    let mut h = Harness::new();
    // An unknown code is refused in the form, which says which can be used.
    h.ch('n').typed("Acme").key(KeyCode::Tab).key(KeyCode::Tab);
    h.key(KeyCode::Backspace).key(KeyCode::Backspace).typed("xx").key(KeyCode::Enter);
    assert!(h.app.open.is_none());
    insta::assert_snapshot!("new_session_unknown_language_80x24", h.draw(80, 24).backend());
    h.key(KeyCode::Backspace).key(KeyCode::Backspace).typed("fr").key(KeyCode::Enter);
    assert_eq!(h.on_disk().language, "fr");
    // The default is English.
    let mut h = Harness::new();
    h.new_session("Globex", "");
    assert_eq!(h.on_disk().language, "en");
}

#[test]
fn the_organisation_is_required() {
    let mut h = Harness::new();
    h.ch('n').key(KeyCode::Enter);
    assert!(h.app.open.is_none());
    assert!(h.app.store.list(&h.app.env.catalog).unwrap().is_empty());
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("The organisation is required"), "{screen}");
}

#[test]
fn every_answer_kind_is_on_disk_the_moment_it_is_set() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");

    let scale = h.goto_kind(Kind::Scale);
    h.ch('3');
    assert_eq!(answer_on_disk(&h, &scale).unwrap().value, Some(AnswerValue::Scale { value: 3 }));
    h.key(KeyCode::Left);
    assert_eq!(answer_on_disk(&h, &scale).unwrap().value, Some(AnswerValue::Scale { value: 2 }));
    h.ch('7'); // out of range: nothing changes, the user is told
    assert_eq!(answer_on_disk(&h, &scale).unwrap().value, Some(AnswerValue::Scale { value: 2 }));
    assert!(h.app.status_text().unwrap().contains("0–4"));

    let choice = h.goto_kind(Kind::Choice);
    let options = h.app.env.catalog.question(&choice).unwrap().1.options.clone();
    h.key(KeyCode::Right);
    assert_eq!(
        answer_on_disk(&h, &choice).unwrap().value,
        Some(AnswerValue::Choice { option: options[0].label.clone() })
    );
    h.key(KeyCode::Right);
    assert_eq!(
        answer_on_disk(&h, &choice).unwrap().value,
        Some(AnswerValue::Choice { option: options[1].label.clone() })
    );
    h.ch('3');
    assert_eq!(
        answer_on_disk(&h, &choice).unwrap().value,
        Some(AnswerValue::Choice { option: options[2].label.clone() })
    );

    let multi = h.goto_kind(Kind::Multi);
    let options = h.app.env.catalog.question(&multi).unwrap().1.options.clone();
    h.ch('2').key(KeyCode::Left).ch(' ');
    let expect = vec![options[0].label.clone(), options[1].label.clone()];
    assert_eq!(answer_on_disk(&h, &multi).unwrap().value, Some(AnswerValue::Multi { options: expect }));
    h.ch('2');
    let expect = vec![options[0].label.clone()];
    assert_eq!(answer_on_disk(&h, &multi).unwrap().value, Some(AnswerValue::Multi { options: expect }));

    let number = h.goto_kind(Kind::Number);
    h.ch('1').ch('2').typed("x.5").key(KeyCode::Enter);
    assert_eq!(answer_on_disk(&h, &number).unwrap().value, Some(AnswerValue::Number { value: 12.5 }));
    h.ch('9').key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &number).unwrap().value, Some(AnswerValue::Number { value: 12.5 }), "Esc cancels");
}

#[test]
fn numbers_outside_the_range_are_refused() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("engineering", "", "");
    let number = h.goto_kind(Kind::Number);
    let max = h.app.env.catalog.question(&number).unwrap().1.max.expect("a percentage has a max");
    h.typed(&format!("{}", max as i64 + 1)).key(KeyCode::Enter);
    assert!(answer_on_disk(&h, &number).is_none());
    assert!(h.app.status_text().unwrap().contains("outside"), "{:?}", h.app.status);
}

#[test]
fn skip_dont_know_and_flag_toggle_and_save() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("product", "", "");
    let q = h.current_question().to_string();
    h.ch('s');
    assert_eq!(answer_on_disk(&h, &q).unwrap().state, AnswerState::Skipped);
    h.ch('d');
    assert_eq!(answer_on_disk(&h, &q).unwrap().state, AnswerState::DontKnow);
    h.ch('d');
    assert_eq!(answer_on_disk(&h, &q).unwrap().state, AnswerState::NotAsked);
    h.ch('f').typed("ask for the deck").key(KeyCode::Enter);
    let flags = answer_on_disk(&h, &q).unwrap().flags;
    assert!(flags.follow_up);
    assert_eq!(flags.follow_up_reason.as_deref(), Some("ask for the deck"));
    h.ch('f');
    let flags = answer_on_disk(&h, &q).unwrap().flags;
    assert!(!flags.follow_up && flags.follow_up_reason.is_none(), "f again clears flag and reason");
    h.ch('f').key(KeyCode::Esc);
    assert!(!answer_on_disk(&h, &q).unwrap().flags.follow_up, "Esc leaves it unflagged");
    h.ch('f').key(KeyCode::Enter);
    let flags = answer_on_disk(&h, &q).unwrap().flags;
    assert!(flags.follow_up && flags.follow_up_reason.is_none(), "the reason is optional");
}

#[test]
fn next_unanswered_skips_what_is_covered() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let first = h.current_question().to_string();
    h.ch('s').key(KeyCode::Down).ch('s').key(KeyCode::Up).key(KeyCode::Up);
    assert_eq!(h.current_question(), first);
    h.ch('n');
    let bank = h.app.env.catalog.bank("sales").unwrap();
    assert_eq!(h.current_question(), bank.questions[2].id);
}

#[test]
fn notes_are_saved_a_second_after_the_last_keystroke_and_on_leaving() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("customer-success", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter).typed("We heard on launch day.");
    assert_eq!(h.session().interviews[0].answers[&q].notes, "We heard on launch day.");
    assert!(answer_on_disk(&h, &q).is_none_or(|a| a.notes.is_empty()), "not yet written");
    h.app.env.now = t0() + Duration::milliseconds(400);
    h.app.tick();
    assert!(answer_on_disk(&h, &q).is_none_or(|a| a.notes.is_empty()), "still within the second");
    h.app.env.now = t0() + Duration::milliseconds(1000);
    h.app.tick();
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "We heard on launch day.");
    h.key(KeyCode::Enter).typed("Second line");
    h.key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "We heard on launch day.\nSecond line");
}

#[test]
fn keys_in_the_editor_type_instead_of_acting() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter).typed("q?sdfn 3");
    assert_eq!(h.app.screen(), Screen::Interview);
    assert!(h.app.overlay().is_none());
    assert_eq!(h.session().interviews[0].answers[&q].notes, "q?sdfn 3");
    assert_eq!(
        h.session().interviews[0].answers[&q].state,
        AnswerState::Answered,
        "a text question is answered by notes"
    );
}

#[test]
fn a_paste_is_one_edit_and_one_save() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter);
    let text = "line one\r\nline two — 日本語 👩‍💻\n".repeat(50);
    h.app.handle_event(Event::Paste(text.clone()));
    h.key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, text.replace("\r\n", "\n"));
}

#[test]
fn ctrl_c_in_the_editor_saves_and_quits() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter).typed("last words");
    h.app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.exit.quit);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "last words");
}

#[test]
fn key_releases_do_not_act() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let scale = h.goto_kind(Kind::Scale);
    let mut release = KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    h.app.handle_event(Event::Key(release));
    assert!(answer_on_disk(&h, &scale).is_none());
}

#[test]
fn q_goes_back_one_screen_and_quits_from_sessions() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    h.app.env.now = t0() + Duration::seconds(95);
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Session);
    assert_eq!(h.on_disk().interviews[0].elapsed_seconds, 95, "time on the interview screen is kept");
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Sessions);
    assert!(!h.app.exit.quit);
    h.ch('q');
    assert!(h.app.exit.quit);
}

#[test]
fn delete_asks_first() {
    let mut h = Harness::new();
    h.new_session("Acme", "").ch('q');
    h.ch('D').ch('n');
    assert_eq!(h.app.store.list(&h.app.env.catalog).unwrap().len(), 1);
    h.ch('D').ch('y');
    assert!(h.app.store.list(&h.app.env.catalog).unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Snapshots of every screen, at 80×24 and 160×48.

fn snap(h: &Harness, name: &str) {
    for (w, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("{name}_{w}x{height}"), h.draw(w, height).backend());
    }
}

#[test]
fn screen_sessions() {
    let mut h = Harness::new();
    snap(&h, "sessions_empty");
    h.ch('n').typed("Acme Ltd");
    snap(&h, "sessions_new_form");
    h.key(KeyCode::Tab).typed("Kim").key(KeyCode::Enter);
    h.add_interview("product", "Priya Shah", "Product Manager").ch('3').ch('q').ch('q');
    h.new_session("Globex", "").ch('q');
    snap(&h, "sessions_list");
    h.ch('D');
    snap(&h, "sessions_confirm_delete");
}

#[test]
fn screen_session() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim");
    snap(&h, "session_empty");
    h.ch('a');
    snap(&h, "session_add_interview");
    h.key(KeyCode::Esc);
    h.add_interview("product", "Priya Shah", "Product Manager").ch('2').key(KeyCode::Down).ch('s');
    h.app.env.now = t0() + Duration::seconds(754);
    h.ch('q');
    h.add_interview("sales", "", "").ch('q');
    snap(&h, "session_interviews");
}

#[test]
fn screen_interview() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana Ortiz", "Head of Sales");
    h.app.env.now = t0() + Duration::seconds(312);
    h.key(KeyCode::Enter).typed("The March pricing launch — we heard on the day, from a customer.").key(KeyCode::Esc);
    h.goto_kind(Kind::Scale);
    h.ch('1').ch('f').key(KeyCode::Enter);
    snap(&h, "interview_scale");
    h.goto_kind(Kind::Choice);
    h.key(KeyCode::Right).key(KeyCode::Right);
    snap(&h, "interview_choice");
    h.goto_kind(Kind::Multi);
    h.ch('1').ch('3');
    snap(&h, "interview_multi");
    h.goto_kind(Kind::Number);
    h.ch('1').ch('4');
    snap(&h, "interview_number_entry");
    h.key(KeyCode::Enter).key(KeyCode::Enter).typed("Two weeks; the deck came later.");
    snap(&h, "interview_notes_editor");
    h.key(KeyCode::Esc).ch('?');
    snap(&h, "interview_help");
}

/// At 80×24 every key's help in an interview is whole somewhere as the help scrolls: none is
/// cut at a column's edge.
#[test]
fn the_help_at_80x24_shows_every_key_whole() {
    use crosscheck::ui::keymap::Context;
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana", "AE");
    h.ch('?');
    let mut seen = String::new();
    for _ in 0..60 {
        seen.push_str(&h.draw(80, 24).backend().to_string().replace("\"\n\"", " ").replace('│', " "));
        h.key(KeyCode::Down);
    }
    let seen: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for b in h.app.env.keymap.in_context(Context::Interview) {
        assert!(seen.contains(b.help), "«{}» is never shown whole", b.help);
    }
}

/// At 200×50 the session screen shows each interview's whole name; at 80 its short one, so
/// who was interviewed keeps its room.
#[test]
fn the_session_screen_shares_its_columns_by_what_they_hold() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("customer-success", "Hannah Okafor", "CS Lead").ch('q');
    let wide = h.draw(200, 50).backend().to_string();
    assert!(wide.contains("Customer Success & Support #1 Hannah Okafor, CS Lead"), "{wide}");
    let narrow = h.draw(80, 24).backend().to_string();
    assert!(narrow.contains("CS #1") && narrow.contains("Hannah Okafor, CS Lead"), "{narrow}");
}

#[test]
fn screen_too_small() {
    let h = Harness::new();
    insta::assert_snapshot!("too_small_79x23", h.draw(79, 23).backend());
    for (w, height) in [(1, 1), (10, 3), (80, 23), (79, 24)] {
        let screen = h.draw(w, height).backend().to_string();
        assert!(w < 20 || screen.contains("too small"), "{w}x{height}: {screen}");
    }
}

// ---------------------------------------------------------------------------------------------
// Divergence

/// A session with a PM, a Sales lead and a CS lead whose answers disagree, opened on screen.
fn seeded_divergence() -> Harness {
    use crosscheck::session::Session as S;
    let mut h = Harness::new();
    let now = t0();
    let mut s = S::new("20261124-acme".into(), "Acme Ltd".into(), Some("Kim".into()), now);
    let pm = s.add_interview("product", "1.0.0", now);
    let sales = s.add_interview("sales", "1.0.0", now);
    let cs = s.add_interview("customer-success", "1.0.0", now);
    let set = |s: &mut S, i: usize, topic: &str, value: u8, notes: &str| {
        let function = s.interviews[i].function.clone();
        let bank = h.app.env.catalog.bank(&function).unwrap();
        let q = bank
            .questions
            .iter()
            .find(|q| {
                q.topic.as_deref() == Some(topic) && q.stance.is_some_and(|st| st != crosscheck::bank::Stance::Practice)
            })
            .unwrap();
        let answer = s.interviews[i].answer_mut(&q.id);
        match q.kind {
            Kind::Scale => answer.set_value(AnswerValue::Scale { value }, now),
            _ => {
                let option = q.options.iter().find(|o| o.score == Some(f64::from(value))).unwrap().label.clone();
                answer.set_value(AnswerValue::Choice { option }, now)
            }
        }
        answer.notes = notes.into();
    };
    s.interviews[pm].interviewee = Some("Priya".into());
    s.interviews[sales].interviewee = Some("Dana".into());
    set(&mut s, pm, "launch.sales-briefing", 4, "Sales got the battlecard and an enablement webinar two weeks early.");
    set(&mut s, sales, "launch.sales-briefing", 1, "We found out from a customer; no deck.");
    set(&mut s, pm, "launch.customer-docs", 1, "Docs were thin.");
    set(&mut s, sales, "launch.customer-docs", 3, "The help centre was fine.");
    set(&mut s, cs, "launch.customer-docs", 0, "Nothing was written down.");
    set(&mut s, pm, "adoption.tracking", 0, "");
    set(&mut s, cs, "adoption.tracking", 1, "");
    h.app.store.save(&s).unwrap();
    h.app.reload_sessions();
    h.app.open_session(&s.id).unwrap();
    h.ch('v');
    h
}

#[test]
fn divergence_matrix_opens_on_the_worst_gap() {
    let h = seeded_divergence();
    assert_eq!(h.app.screen(), Screen::Divergence);
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("gap index"), "{screen}");
    let first_row = screen.lines().find(|l| l.contains('›')).unwrap();
    assert!(first_row.contains("Sales briefing") && first_row.contains("▲▲ +3.0"), "{first_row}");
    assert!(screen.contains("«battlecard»"), "the contrasting terms are marked:\n{screen}");
    assert!(screen.lines().any(|l| l.contains("Customer documentation") && l.contains('≠')), "{screen}");
}

#[test]
fn divergence_moves_between_cells_and_back() {
    let mut h = seeded_divergence();
    h.key(KeyCode::Down);
    let screen = h.draw(160, 48).backend().to_string();
    assert!(screen.contains("Customer documentation · Product (PM) says vs Sales says"), "{screen}");
    // The evidence of a row is worked out when the row is first selected: both sides' voices.
    // ("help" is a stop word, and CS said "thin" too: neither is marked.)
    assert!(screen.contains("«Docs» were thin.") && screen.contains("The help «centre» was fine."), "{screen}");
    h.key(KeyCode::Right);
    let screen = h.draw(160, 48).backend().to_string();
    assert!(
        screen.contains("Customer documentation · Product (PM) says vs Customer Success & Support says"),
        "{screen}"
    );
    // At 80×24 the notes go on below the detail pane: it says so, and PgDn shows the rest.
    h.key(KeyCode::Up);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("↓ more: PgDn") && !screen.contains("demo with the deck"), "{screen}");
    h.key(KeyCode::PageDown);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(!screen.contains("↓ more") && screen.contains("PgUp back to the top"), "{screen}");
    h.key(KeyCode::Down);
    assert_eq!(h.app.screen(), Screen::Divergence);
    assert!(h.draw(80, 24).backend().to_string().contains("│Product (PM) says"), "another cell starts at its top");
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Session);
}

#[test]
fn screen_divergence() {
    let mut h = seeded_divergence();
    snap(&h, "divergence");
    // Under NO_COLOR the same screen carries its meaning in symbols, with no colour at all.
    h.app.env.theme = Theme::no_colour();
    let terminal = h.draw(80, 24);
    insta::assert_snapshot!("divergence_no_color_80x24", terminal.backend());
    let coloured = |t: &Terminal<TestBackend>| {
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset)
    };
    assert!(!coloured(&terminal), "NO_COLOR leaves every cell uncoloured");
    h.app.env.theme = Theme::dark();
    assert!(coloured(&h.draw(80, 24)), "with colour, the verdicts are coloured too");
}

#[test]
fn a_received_answer_shows_how_it_compares_with_what_was_communicated() {
    let mut h = seeded_divergence();
    h.ch('q'); // back to the session; open the Sales interview
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let bank = h.app.env.catalog.bank("sales").unwrap();
    let target = bank.questions.iter().position(|q| q.id == "sales.briefed").unwrap();
    let from = h.app.open.as_ref().unwrap().interview().unwrap().question;
    for _ in target..from {
        h.key(KeyCode::Up);
    }
    for _ in from..target {
        h.key(KeyCode::Down);
    }
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("▲▲ major over-statement vs Product (PM)'s claim"), "{screen}");
    h.ch('h');
    assert!(!h.draw(120, 40).backend().to_string().contains("over-statement vs"), "h hides it");
    h.ch('h');
    // Before an answer there is no hint, so what was communicated cannot lead the interview.
    h.key(KeyCode::Down);
    let q = h.current_question().to_string();
    assert!(answer_on_disk(&h, &q).is_none_or(|a| a.value.is_none()));
    assert!(!h.draw(120, 40).backend().to_string().contains("'s claim"));
}

#[test]
fn the_comparison_says_it_is_this_interview_and_the_footer_what_digits_do() {
    let mut h = seeded_divergence();
    h.ch('q');
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let goto = |h: &mut Harness, id: &str| {
        let bank = h.app.env.catalog.bank("sales").unwrap();
        let target = bank.questions.iter().position(|q| q.id == id).unwrap();
        let from = h.app.open.as_ref().unwrap().interview().unwrap().question;
        for _ in target..from {
            h.key(KeyCode::Up);
        }
        for _ in from..target {
            h.key(KeyCode::Down);
        }
    };
    goto(&mut h, "sales.briefed");
    let screen = h.draw(160, 40).backend().to_string();
    assert!(screen.contains("received here"), "{screen}");
    assert!(screen.lines().last().unwrap().contains("0–4 score"), "a scale: digits score");
    // A second Sales interview answering the same question: the function's mean so far is shown.
    h.ch('q');
    h.add_interview("sales", "", "");
    goto(&mut h, "sales.briefed");
    h.ch('3');
    let screen = h.draw(160, 40).backend().to_string();
    assert!(screen.contains("Sales so far:") && screen.contains("from 2 interviews"), "{screen}");
    let choice = h.goto_kind(crosscheck::bank::Kind::Choice);
    let n = h.app.env.catalog.bank("sales").unwrap().question(&choice).unwrap().options.len();
    let footer = h.draw(160, 40).backend().to_string().lines().last().unwrap().to_string();
    assert!(footer.contains(&format!("1–{n} pick")), "a choice: digits pick: {footer}");
}

// ---------------------------------------------------------------------------------------------
// Themes and the config file

/// The colours of every cell, for comparing themes.
fn colours(t: &Terminal<TestBackend>) -> Vec<(ratatui::style::Color, ratatui::style::Color)> {
    t.backend().buffer().content().iter().map(|c| (c.fg, c.bg)).collect()
}

#[test]
fn screen_divergence_in_each_theme() {
    use ratatui::style::Color;
    let mut h = seeded_divergence();
    let mut drawn = Vec::new();
    for (name, theme) in [("dark", Theme::dark()), ("light", Theme::light()), ("no_color", Theme::no_colour())] {
        h.app.env.theme = theme;
        let terminal = h.draw(80, 24);
        // The buffer's Debug form lists each change of colour and modifier along with the text.
        insta::assert_debug_snapshot!(format!("divergence_theme_{name}_80x24"), terminal.backend().buffer());
        drawn.push(terminal);
    }
    let [dark, light, none] = [&drawn[0], &drawn[1], &drawn[2]];
    let text = |t: &Terminal<TestBackend>| t.backend().to_string();
    assert_eq!(text(dark), text(light), "a theme changes colours, never what the screen says");
    assert_eq!(text(dark), text(none), "without colour the symbols say it all");
    assert_ne!(colours(dark), colours(light), "the two themes differ in colour");
    let coloured =
        |t: &Terminal<TestBackend>| colours(t).iter().any(|&(fg, bg)| fg != Color::Reset || bg != Color::Reset);
    assert!(coloured(dark) && coloured(light));
    assert!(!coloured(none), "NO_COLOR: not one coloured cell");
    // Light backgrounds get no yellow, light red or cyan, which fade on white.
    assert!(colours(light).iter().all(|(fg, _)| !matches!(fg, Color::Yellow | Color::LightRed | Color::Cyan)));
}

#[test]
fn a_rebound_key_is_what_the_footer_and_help_show_and_the_old_key_is_dead() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.json");
    std::fs::write(&file, r#"{"theme": "light", "keys": {"interview.skip": ["x"], "interview.flag": ["ctrl-f"]}}"#)
        .unwrap();
    let settings = crosscheck::cli::load_settings(Some(&file));
    assert!(settings.found && settings.problems.is_empty(), "{:?}", settings.problems);
    assert_eq!(settings.theme, crosscheck::config::ThemeName::Light);

    let mut h = Harness::new();
    h.app.env.keymap = settings.keymap;
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();

    let footer = |h: &Harness| h.draw(160, 48).backend().to_string().lines().nth(47).unwrap().to_string();
    let line = footer(&h);
    assert!(line.contains("x skip") && !line.contains("s skip"), "{line}");
    assert!(line.contains("Ctrl-F flag") && !line.contains("f flag"), "{line}");

    h.ch('?');
    let help = h.draw(160, 48).backend().to_string();
    let row =
        |what: &str| help.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("{what}:\n{help}")).to_string();
    assert!(row("skip (again to undo)").contains(" x "), "{help}");
    assert!(row("flag follow-up").contains("Ctrl-F"), "{help}");
    h.key(KeyCode::Esc);

    h.ch('s').ch('f');
    assert!(
        answer_on_disk(&h, &q).is_none_or(|a| a.state == AnswerState::NotAsked && !a.flags.follow_up),
        "s and f are dead"
    );
    assert!(h.app.overlay().is_none(), "f opened nothing");
    h.ch('x');
    assert_eq!(answer_on_disk(&h, &q).unwrap().state, AnswerState::Skipped);
}

#[test]
fn a_bad_config_leaves_the_defaults_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.json");
    std::fs::write(&file, "{\"theme\": \"light\",\n \"keys\": {\"interview.skip\": [\"q\"]}}").unwrap();
    let settings = crosscheck::cli::load_settings(Some(&file));
    let problems: Vec<String> = settings.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "{}:2:30: q for \"interview.skip\" is already bound to \"interview.back\" (a key can do one thing per screen)",
            file.display()
        )]
    );
    assert_eq!(settings.theme, crosscheck::config::ThemeName::Dark, "the theme is not half-applied either");
    let default = crosscheck::ui::keymap::KeyMap::default();
    assert_eq!(format!("{:?}", settings.keymap.bindings), format!("{:?}", default.bindings));

    // The first problem is on the message line when the interface opens.
    let mut h = Harness::new();
    crosscheck::cli::apply_settings(&mut h.app, settings);
    let screen = h.draw(160, 48).backend().to_string();
    assert!(
        screen.contains("Config ignored, defaults in force: config.json:2:30: q for \"interview.skip\" is already"),
        "{screen}"
    );
    assert!(h.app.env.theme == Theme::from_env(crosscheck::config::ThemeName::Dark));
    h.ch('n');
    assert!(h.app.overlay().is_some(), "the default keys work");
}

#[test]
fn m_records_where_a_figure_came_from() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("engineering", "", "");
    while h.current_question() != "engineering.deployment-frequency" {
        h.key(KeyCode::Down);
    }
    h.ch('1').ch('m').ch('m');
    let source = answer_on_disk(&h, "engineering.deployment-frequency").and_then(|a| a.source);
    assert_eq!(source, Some(crosscheck::session::Source::Estimated), "m twice: measured, then estimated");
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("Source: estimated"), "{screen}");
    // A question that does not ask says so and changes nothing.
    while h.current_question() != "engineering.ci-every-commit" {
        h.key(KeyCode::Down);
    }
    h.ch('m');
    assert!(
        h.app
            .status_text()
            .unwrap_or("")
            .contains("records neither where a figure came from nor who sent what arrived")
    );
    assert_eq!(answer_on_disk(&h, "engineering.ci-every-commit").and_then(|a| a.source), None);
}

/// The demo, opened on its session screen.
fn open_demo(h: &mut Harness) {
    h.open_demo_with(|_| {});
}

/// A choice with more options than the pane holds at 80×24 (here a bank's nine, some long): the option
/// picked is scrolled into view and marked, and the pane says what is above or below.
#[test]
fn every_option_of_a_long_choice_is_reachable_and_shown_picked() {
    let mut catalog = crosscheck::bank::Catalog::embedded().unwrap();
    let product = catalog.banks.iter_mut().find(|b| b.function == "product").unwrap();
    let q = product.questions.iter_mut().find(|q| q.id == "product.launch-owner").unwrap();
    for n in q.options.len()..9 {
        q.options.push(crosscheck::bank::ChoiceOption {
            label: format!("Another role, number {n}, named for the part it played in the launch"),
            score: None,
        });
    }
    let q = q.clone();
    let mut h = Harness::with(catalog);
    h.new_session("Acme Ltd", "Kim").add_interview("product", "Priya Raman", "PM");
    assert_eq!(h.goto_question("product.launch-owner"), "product.launch-owner");
    h.ch('9');
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("9 (•) Another role, number 8"), "the last option, picked, shows:\n{screen}");
    assert!(screen.contains(" above "), "a sign that options are above:\n{screen}");
    insta::assert_snapshot!("long_choice_picked_80x24", h.draw(80, 24).backend());
    // The first again: scrolled back, with a sign of what is below.
    h.ch('1');
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains(" more row"), "{screen}");
    let first: String = q.options[0].label.chars().take(20).collect();
    assert!(screen.contains(&format!("1 (•) {first}")), "{screen}");
}

/// With `advance_after_answer` in the config, a scale or choice key answers and moves to the
/// next open question; without it (the default) the interviewer stays to write the notes.
#[test]
fn an_answer_key_moves_on_only_when_the_config_asks() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana", "AE");
    let scale = h.goto_kind(crosscheck::bank::Kind::Scale);
    h.ch('3');
    assert_eq!(h.current_question(), scale, "stays by default");
    h.app.env.advance_after_answer = true;
    h.ch('2');
    let next = h.current_question().to_string();
    assert_ne!(next, scale, "moved on");
    assert_eq!(h.session().interviews[0].state_of(&next), crosscheck::session::AnswerState::NotAsked, "to an open one");
    let saved = h.session().interviews[0].answer(&scale).and_then(|a| a.value.clone());
    assert_eq!(saved, Some(crosscheck::session::AnswerValue::Scale { value: 2 }), "the answer kept first");
}

/// On a compared choice a digit picks an option; each option shows the level it records, the
/// level the comparison then reads.
#[test]
fn a_compared_choice_shows_the_level_each_digit_records() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana", "AE");
    let bank = h.app.env.catalog.bank("sales").unwrap();
    let q = bank
        .questions
        .iter()
        .find(|q| q.kind == crosscheck::bank::Kind::Choice && q.stance == Some(crosscheck::bank::Stance::Received))
        .expect("a received choice")
        .clone();
    h.goto_question(&q.id);
    let screen = h.draw(120, 40).backend().to_string();
    for (i, o) in q.options.iter().enumerate() {
        let level = crosscheck::divergence::points(o.score.unwrap() / crosscheck::bank::SCALE_MAX);
        assert!(screen.contains(&format!("{} ( ) {} · level {level}", i + 1, o.label)), "{screen}");
    }
}

/// The demo's heading wraps at 80 columns (its organisation and both indices): the legend below
/// it is still whole, to its last mark.
#[test]
fn the_matrix_legend_is_whole_under_a_wrapped_heading() {
    let mut h = Harness::new();
    open_demo(&mut h);
    h.ch('v');
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("readiness 30/100") && screen.contains("◌ a claim to verify"), "{screen}");
    insta::assert_snapshot!("divergence_demo_80x24", h.draw(80, 24).backend());
}

/// At 80×24 the selected reading's verdict is whole in the list; the others say they are cut.
#[test]
fn the_diagnosis_list_shows_the_selected_verdict_whole() {
    let mut h = Harness::new();
    open_demo(&mut h);
    h.ch('g');
    let verdicts: Vec<String> = crosscheck::diagnosis::diagnose(h.session(), &h.app.env.catalog)
        .readings
        .iter()
        .map(|r| r.verdict.clone())
        .collect();
    for verdict in verdicts {
        let screen = h.draw(80, 24).backend().to_string();
        // The list's column, its rows joined.
        let list: Vec<String> = screen.lines().map(|l| l.chars().skip(1).take(31).collect::<String>()).collect();
        let list = list.join(" ").replace('│', " ");
        let list: String = list.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(list.contains(&verdict), "«{verdict}» is cut:\n{screen}");
        h.key(KeyCode::Down);
    }
}

#[test]
fn the_diagnosis_screen_reads_the_demo() {
    let mut h = Harness::new();
    open_demo(&mut h);
    h.ch('g');
    assert_eq!(h.app.screen(), Screen::Diagnosis);
    for (w, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("diagnosis_{w}x{height}"), h.draw(w, height).backend());
    }
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("Strong metrics, weak practices") && screen.contains("rework-as-capacity"), "{screen}");
    // At 80 columns the evidence is further down: PgDn shows it.
    h.key(KeyCode::PageDown);
    let screen = h.draw(80, 24).backend().to_string();
    assert!(
        screen.contains("Evidence: 20 answers") && screen.contains("+ Engineering #1 · change-lead-time"),
        "{screen}"
    );
    h.key(KeyCode::Down);
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("Shipping and landing: The failure is in landing, not shipping"), "{screen}");
    assert!(
        screen.contains("accounts-using: 15 %"),
        "the evidence of the selected reading: use, not tickets: {screen}"
    );
    // → the first pillar: what it predicts downstream, seen or not, and where to start.
    h.key(KeyCode::Right);
    insta::assert_snapshot!("diagnosis_pillar_80x24", h.draw(80, 24).backend());
    let screen = h.draw(160, 48).backend().to_string();
    assert!(
        screen.contains("Identity & Direction: weak") && screen.contains("✓ observed: work arrives under-specified")
    );
    assert!(
        screen.contains("? not known (unanswered or guessed): rework after release")
            && screen.contains("★ Identity & Direction reads weak")
    );
    // ↓ back to the readings, where they were.
    h.key(KeyCode::Down);
    assert!(h.draw(120, 40).backend().to_string().contains("Shipping and landing: The failure is in landing"));
    h.ch('q');
    assert_eq!(h.app.screen(), Screen::Session);
    // The palette leads there too.
    h.ch('/').typed("diagnosis").key(KeyCode::Enter);
    assert_eq!(h.app.screen(), Screen::Diagnosis);
}

/// Over 10,000 questions, a query that starts no word ("ae") shows what one frame's scoring
/// ranked and says the rest is being ranked; the loop's ticks finish it between frames.
#[test]
fn the_palette_ranks_a_long_list_between_frames() {
    let mut h = Harness::with(crosscheck::testing::catalog(10_000, 1));
    h.new_session("Acme Ltd", "Kim").add_interview("product", "Priya Raman", "PM");
    h.app.on_key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL));
    h.typed("ae");
    assert!(h.app.overlay_busy());
    assert_eq!(h.app.wait_ms(), Some(1), "the loop comes back at once");
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("match so far · ranking the rest"), "{screen}");
    let mut ticks = 0;
    while h.app.overlay_busy() {
        h.app.tick();
        ticks += 1;
        assert!(ticks < 100, "the ranking ends");
    }
    let screen = h.draw(80, 24).backend().to_string();
    assert!(!screen.contains("ranking the rest") && screen.contains(" match"), "{screen}");
}

/// A session opened by id at once (`crosscheck open ID`, `--demo`) does not read the rest of the
/// data folder first; going back to the sessions lists them, and `E` finds them meanwhile.
#[test]
fn a_session_opened_by_id_is_opened_without_listing_the_others() {
    let h = Harness::new();
    let store = h.app.store.clone();
    store.save(&crosscheck::testing::demo_earlier()).unwrap();
    let mut demo = crosscheck::testing::demo();
    demo.follows = None;
    store.save(&demo).unwrap();
    let mut app = crosscheck::ui::App::unlisted(h.app.env.catalog.clone(), store, t0());
    app.open_session(&demo.id).unwrap();
    assert!(app.sessions.list.is_empty(), "nothing else read");
    app.on_key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::NONE));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| {
            crosscheck::ui::render(&app, f);
        })
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("Here: demo-corvane-analytics-spring (2026-05-04)."), "{screen}");
    app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    app.on_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE));
    assert!(app.open.is_none());
    assert_eq!(app.sessions.list.len(), 2, "listed on the way back");
}
