//! The interviewer's flow: palette, follow-ups with reasons, quotes and their list, the time
//! budget and pace, clock marks on notes, the external editor, the mouse.

use crate::common;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use common::{Harness, answer_on_disk, t0};
use crosscheck::ui::Screen;
use crosscheck::ui::overlays::follow_ups::FollowUpList;
use crosscheck::ui::overlays::forms::AddInterviewForm;
use crosscheck::ui::overlays::line_form::{LineForm, Purpose};
use crosscheck::ui::overlays::palette::Palette;

fn ctrl(h: &mut Harness, c: char) {
    h.app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn palette_query(h: &Harness) -> String {
    h.app.overlay_as::<Palette>().expect("the palette is not open").query.value()
}

#[test]
fn palette_types_every_character_and_esc_returns_exactly() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    h.key(KeyCode::Down).key(KeyCode::Down);
    let before = h.current_question().to_string();
    h.ch('/').typed("q?/sdfnj k");
    assert_eq!(palette_query(&h), "q?/sdfnj k", "keys that act elsewhere type here");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay().is_none());
    assert_eq!(h.app.screen(), Screen::Interview);
    assert_eq!(h.current_question(), before);
    assert!(answer_on_disk(&h, &before).is_none(), "nothing was answered or skipped");
    ctrl(&mut h, 'p');
    assert!(h.app.overlay_as::<Palette>().is_some(), "Ctrl-P opens it too");
}

/// A question as read aloud in a session with no launch in view (as the palette finds it).
fn aloud(text: &str) -> String {
    crosscheck::bank::fill(text, &crosscheck::bank::Case::default()).into_owned()
}

#[test]
fn palette_jumps_within_the_interview_and_to_another_function() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("product", "Priya", "").ch('q').add_interview("sales", "Dana", "");
    let bank = h.app.env.catalog.bank("sales").unwrap().clone();
    let target = bank.questions.iter().rposition(|q| q.topic.as_deref() == Some("launch.retrospectives")).unwrap();
    // Typed as read aloud: the session has no launch in view.
    let text = aloud(&bank.questions[target].text);
    h.ch('/').typed(&text);
    h.key(KeyCode::Enter);
    assert_eq!(h.current_question(), bank.questions[target].id, "jumped within the Sales interview");

    // A Product question: after asking, the Product interview opens at it.
    let product = h.app.env.catalog.bank("product").unwrap();
    let q = &product.questions[product.questions.len() - 1];
    let (id, text) = (q.id.clone(), aloud(&q.text));
    h.ch('/').typed(&text).key(KeyCode::Enter).ch('y');
    assert_eq!(h.current_question(), id);
    let open = h.app.open.as_ref().unwrap();
    assert_eq!(open.session().interviews[open.interview().unwrap().index].function, "product");

    // Engineering was not interviewed: the user is told how to add it.
    let eng = aloud(&h.app.env.catalog.bank("engineering").unwrap().questions[0].text);
    h.ch('/').typed(&eng).key(KeyCode::Enter);
    assert!(h.app.status_text().unwrap().contains("No Engineering interview"), "{:?}", h.app.status);
}

#[test]
fn palette_topics_and_commands() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("product", "", "");
    h.ch('/').typed("Launch retrospectives").key(KeyCode::Enter);
    assert_eq!(h.app.screen(), Screen::Divergence, "a topic opens its row of the matrix");
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.lines().any(|l| l.contains('›') && l.contains("Launch retrospectives")), "{screen}");
    // The row's evidence is there: the PM's interview, not yet asked.
    assert!(screen.contains("Product #1: not asked"), "{screen}");
    h.ch('/').typed("Follow-ups and quotes").key(KeyCode::Enter);
    assert!(h.app.overlay_as::<FollowUpList>().is_some());
}

#[test]
fn palette_scores_narrow_as_the_query_grows() {
    let h = Harness::new();
    let mut p = crosscheck::ui::overlays::palette::Palette::new(&h.app.env.catalog);
    let mut before = p.match_count();
    for (i, c) in "deploy".chars().enumerate() {
        p.type_key(KeyEvent::from(KeyCode::Char(c)));
        assert!(p.match_count() <= before, "step {i}");
        before = p.match_count();
    }
    let best = &p.entries()[p.matches[0].0];
    assert!(best.text.to_lowercase().contains("deploy"), "{}", best.text);
    assert!(!p.matches[0].2.is_empty(), "the matched characters are known for highlighting");
}

#[test]
fn the_palette_finds_question_and_topic_ids_and_shows_them() {
    use crosscheck::ui::overlays::palette::{Palette, Target};
    let h = Harness::new();
    let query = |q: &str| {
        let mut p = Palette::new(&h.app.env.catalog);
        for c in q.chars() {
            p.type_key(KeyEvent::from(KeyCode::Char(c)));
        }
        p
    };
    // A topic's id (its last part) finds the topic and every question on it, ahead of the rest.
    let p = query("sales-briefing");
    assert!(p.match_count() > 0, "ids are searched");
    let firsts: Vec<&crosscheck::ui::overlays::palette::Entry> =
        p.matches.iter().take(3).map(|m| &p.entries()[m.0]).collect();
    assert!(firsts.iter().all(|e| e.ids.iter().any(|id| id.ends_with("sales-briefing"))), "{firsts:?}");
    assert!(firsts.iter().any(|e| matches!(e.target, Target::Topic(_))));
    // The functions' short names stand for them in an id: "cs.trained" finds CS's question.
    let p = query("cs.trained");
    assert_eq!(p.entries()[p.matches[0].0].ids[0], "customer-success.trained");
    let p = query("cs.train");
    assert!(p.matches.iter().take(3).any(|m| p.entries()[m.0].ids[0] == "customer-success.trained"));
    // A question's own id finds that question first.
    let p = query("sales.briefed");
    let best = &p.entries()[p.matches[0].0];
    assert_eq!(best.ids[0], "sales.briefed", "{best:?}");
    // Each row shows the function, the text and, after it, the topic and the id.
    let mut h = Harness::new();
    h.ch('/').typed("sales.briefed");
    let screen = h.draw(160, 40).backend().to_string();
    let row =
        screen.lines().find(|l| l.contains("sales.briefed") && !l.contains("› ")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("Sales") && row.contains("launch.sales-briefing · sales.briefed"), "{row}");
}

#[test]
fn the_add_interview_form_starts_on_the_next_function_and_j_k_move_in_it() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("product", "", "").ch('q');
    h.ch('a');
    let chosen = |h: &Harness| {
        let form = h.app.overlay_as::<AddInterviewForm>().expect("no form");
        form.functions[form.chosen].0.clone()
    };
    assert_eq!(chosen(&h), "sales", "Product is done: the form starts on Sales");
    // Where it starts, and why, is on screen.
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("starts on the first not interviewed yet"), "{screen}");
    assert!(screen.contains("Product (PM)  [product] · 1 interviewed"), "{screen}");
    h.ch('j');
    assert_eq!(chosen(&h), "customer-success");
    h.ch('k').ch('k');
    assert_eq!(chosen(&h), "product");
    // The footer offers only keys that act here: '/' types a slash in a form.
    let screen = h.draw(80, 24).backend().to_string();
    let footer = screen.lines().last().unwrap();
    assert!(footer.contains("Ctrl-P palette") && !footer.contains("/ palette"), "{footer}");
    // A typed value stands apart from its label.
    h.key(KeyCode::Esc).ch('q').ch('n').typed("Northwind Traders");
    let screen = h.draw(80, 24).backend().to_string();
    assert!(screen.contains("Organisation  Northwind Traders"), "{screen}");
}

#[test]
fn the_sessions_screen_renames_filters_and_exports() {
    let mut h = Harness::new();
    h.new_session("Acme", "").ch('q');
    h.app.env.now += chrono::Duration::seconds(1);
    h.new_session("Globex", "").ch('q');
    h.app.env.now += chrono::Duration::seconds(1);
    h.new_session("Initech", "").ch('q');
    assert_eq!(h.app.sessions.visible().len(), 3);
    // Filter: applied as it is typed; Enter keeps it, Esc clears it.
    h.ch('f').typed("glo");
    assert_eq!(h.app.sessions.visible().len(), 1);
    h.key(KeyCode::Enter);
    let screen = h.draw(100, 24).backend().to_string();
    assert!(screen.contains("Globex") && !screen.contains("Initech") && screen.contains("1 of 3 matching"), "{screen}");
    // Rename the one shown.
    h.ch('r');
    for _ in 0..6 {
        h.key(KeyCode::Backspace);
    }
    h.typed("Globex Corporation").key(KeyCode::Enter);
    assert!(h.app.status_text().unwrap().contains("Renamed to Globex Corporation"), "{:?}", h.app.status);
    let renamed = h.app.sessions.chosen().map(|l| match l {
        crosscheck::storage::Listed::Session(s) => s.organisation.clone(),
        _ => String::new(),
    });
    assert_eq!(renamed.as_deref(), Some("Globex Corporation"), "renamed on disk and listed so");
    // Export it: the report for a .md file, the transcript otherwise; files 0600 (outside the
    // data folder, which is the harness's temporary folder).
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_path_buf();
    for (name, marker) in
        [("globex.md", "# Delivery diagnostic: Globex Corporation"), ("globex.json", "crosscheck-transcript")]
    {
        h.ch('x');
        for _ in 0..40 {
            h.key(KeyCode::Backspace);
        }
        let path = dir.join(name);
        h.typed(&path.display().to_string()).key(KeyCode::Enter);
        assert!(h.app.status_text().unwrap().starts_with("Wrote the"), "{:?}", h.app.status);
        assert!(std::fs::read_to_string(&path).unwrap().contains(marker), "{name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
    // Onto a device: refused, the form stays for another path.
    h.ch('x');
    for _ in 0..80 {
        h.key(KeyCode::Backspace);
    }
    h.typed("/dev/null").key(KeyCode::Enter);
    assert!(h.app.status_text().unwrap().contains("not a regular file"), "{:?}", h.app.status);
    assert!(h.app.overlay_as::<LineForm>().is_some_and(|l| matches!(l.purpose, Purpose::Export { .. })));
    h.key(KeyCode::Esc);
    h.ch('f').key(KeyCode::Esc);
    assert_eq!(h.app.sessions.visible().len(), 3, "Esc in the filter shows all again");
}

#[test]
fn follow_up_reasons_quotes_and_the_list() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "Dana", "");
    let first = h.current_question().to_string();
    h.ch('f').typed("ask for the deck").key(KeyCode::Enter);
    h.key(KeyCode::Down).key(KeyCode::Enter).typed("“We heard it from a customer.”").key(KeyCode::Esc).ch('Q');
    let second = h.current_question().to_string();
    assert!(answer_on_disk(&h, &second).unwrap().flags.quote);
    h.ch('Q');
    assert!(!answer_on_disk(&h, &second).unwrap().flags.quote, "Q again clears");
    h.ch('Q');
    h.key(KeyCode::Down).key(KeyCode::Down).ch('F');
    let Some(list) = h.app.overlay_as::<FollowUpList>() else { panic!("no list") };
    assert_eq!(list.items.len(), 2);
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("ask for the deck") && screen.contains("⚑") && screen.contains("“"), "{screen}");
    // The opening question is on no topic: its section places it.
    assert!(screen.contains("How launches reach Sales: This conversation") && !screen.contains("—: "), "{screen}");
    // Listed by function, then topic; Enter goes to each.
    let order: Vec<usize> = list.items.iter().map(|i| i.question).collect();
    let bank = h.app.env.catalog.bank("sales").unwrap().clone();
    let ids: Vec<String> = order.iter().map(|&q| bank.questions[q].id.clone()).collect();
    assert!(ids.contains(&first) && ids.contains(&second), "{ids:?}");
    h.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(h.current_question(), ids[1], "Enter goes to the item");
    h.ch('F').key(KeyCode::Enter);
    assert_eq!(h.current_question(), ids[0]);
}

#[test]
fn notes_record_the_interview_clock() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.app.env.now = t0() + Duration::seconds(125);
    h.key(KeyCode::Enter).typed("first").key(KeyCode::Esc);
    h.app.env.now = t0() + Duration::seconds(400);
    h.key(KeyCode::Enter).key(KeyCode::Esc); // a visit without a change records nothing
    h.key(KeyCode::Enter).typed(" more").key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes_marks, vec![125, 400]);
    assert!(h.draw(120, 40).backend().to_string().contains("at 2 min, 6 min in"), "in the header's words");
}

#[test]
fn the_budget_shows_time_left_and_puts_must_ask_questions_first_when_short() {
    let mut h = Harness::new();
    h.new_session("Acme", "").ch('a').key(KeyCode::Down).key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab);
    for _ in 0..2 {
        h.key(KeyCode::Backspace);
    }
    h.typed("10").key(KeyCode::Enter);
    assert_eq!(h.session().interviews[0].budget_minutes, Some(10));
    assert!(h.draw(120, 30).backend().to_string().contains("10 min left"));
    // Two answers in eight minutes: 4 min a question, 2 minutes left, far from every open one.
    h.ch('s').key(KeyCode::Down).ch('s');
    h.app.env.now = t0() + Duration::minutes(8);
    let bank = h.app.env.catalog.bank("sales").unwrap().clone();
    let from = bank.questions.iter().position(|q| q.id == h.current_question()).unwrap();
    h.ch('n');
    let next = bank.questions.iter().position(|q| q.id == h.current_question()).unwrap();
    assert!(bank.questions[next].is_must(), "a must-ask question first");
    assert!(next > from);
    assert!(h.app.status_text().unwrap().contains("Time is short"));
    assert!(h.draw(120, 30).backend().to_string().contains("8 min in · 2 min left"));
    // The clock shows whole minutes, so the program sleeps until the next one turns; the time
    // left rounds up and turns with it.
    h.app.env.now = t0() + Duration::milliseconds(8 * 60_000 + 12_500);
    assert_eq!(h.app.wait_ms(), Some(47_500));
    assert!(h.draw(120, 30).backend().to_string().contains("8 min in · 2 min left"));
    h.app.env.now = t0() + Duration::minutes(9);
    assert!(h.draw(120, 30).backend().to_string().contains("9 min in · 1 min left"));
    h.app.env.now = t0() + Duration::seconds(10 * 60 + 30);
    assert!(h.draw(120, 30).backend().to_string().contains("10 min in · <1 min over"));
}

#[test]
fn a_bad_budget_is_refused_in_the_form() {
    let mut h = Harness::new();
    h.new_session("Acme", "").ch('a').key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Tab);
    h.key(KeyCode::Backspace).key(KeyCode::Backspace).typed("lots").key(KeyCode::Enter);
    assert!(h.session().interviews.is_empty());
    assert!(h.draw(80, 24).backend().to_string().contains("not a time slot"));
}

#[test]
fn the_external_editor_replaces_the_notes_or_keeps_them() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter).typed("typed here");
    ctrl(&mut h, 'e');
    assert!(
        matches!(&h.app.effect, Some(crosscheck::ui::Effect::EditExternally { text, .. }) if text == "typed here"),
        "{:?}",
        h.app.effect
    );
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "typed here", "saved before the editor opens");
    h.app.effect = None;
    h.app.finish_external_edit(Err(crosscheck::ui::EditorError::Failed {
        editor: "vi".into(),
        status: "exit status: 1".into(),
    }));
    assert!(h.app.status_text().unwrap().contains("the notes are as they were"));
    assert_eq!(h.session().interviews[0].answers[&q].notes, "typed here");
    h.app.finish_external_edit(Ok("typed here\nand written in the editor".into()));
    h.key(KeyCode::Esc);
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "typed here\nand written in the editor");
}

fn mouse(h: &mut Harness, kind: MouseEventKind, column: u16, row: u16) {
    h.draw_for_mouse(120, 40);
    h.app.handle_event(crossterm::event::Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

#[test]
fn the_mouse_clicks_and_scrolls() {
    let mut h = Harness::new();
    h.new_session("Acme", "").ch('q').new_session("Globex", "").ch('q');
    // Sessions: the table's rows start under a two-row heading, a border and a header row.
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), 10, 5);
    assert_eq!(h.app.sessions.selected, 1);
    mouse(&mut h, MouseEventKind::ScrollUp, 10, 10);
    assert_eq!(h.app.sessions.selected, 0);
    h.key(KeyCode::Enter).add_interview("sales", "", "");
    // The question list: row 1 of the body is the border, then a section heading, then questions.
    let screen = h.draw(120, 40).backend().to_string();
    // Sales' briefing is the second question of "Briefing and materials", after positioning.
    let heading = screen.lines().position(|l| l.contains("BRIEFING AND MATERIALS")).unwrap();
    let row = (heading + 2) as u16;
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), 5, row);
    assert_eq!(h.current_question(), "sales.briefed");
    mouse(&mut h, MouseEventKind::ScrollDown, 5, row);
    assert_ne!(h.current_question(), "sales.briefed", "the wheel moves through the questions");
    // The matrix: a click on a cell selects it.
    h.ch('q').ch('v');
    let screen = h.draw(120, 40).backend().to_string();
    let row = screen.lines().position(|l| l.contains("Customer documentation")).unwrap() as u16;
    let column = screen.lines().nth(row as usize).unwrap().chars().position(|c| c == '?').unwrap() as u16;
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), column, row);
    let after = h.draw(120, 40).backend().to_string();
    assert!(after.lines().nth(row as usize).unwrap().contains('›'), "the clicked row is selected:\n{after}");
}

#[test]
fn esc_read_together_with_the_next_key_is_two_keys() {
    let mut h = Harness::new();
    h.new_session("Acme", "").add_interview("sales", "", "");
    h.key(KeyCode::Enter).typed("said");
    // What a terminal sends for Esc then q typed fast: ESC q, read as Alt+q.
    h.app.on_key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
    assert_eq!(h.app.screen(), Screen::Session, "the editor closed, then q went back");
}

#[test]
fn notes_are_written_off_the_input_path_and_saved_shows_only_when_true() {
    let mut h = Harness::new();
    h.app.writer = Some(crosscheck::storage::BackgroundWriter::start());
    h.new_session("Acme", "").add_interview("sales", "", "");
    let q = h.current_question().to_string();
    h.key(KeyCode::Enter).typed("typed while they talk");
    h.app.env.now = t0() + Duration::milliseconds(crosscheck::ui::NOTES_SAVE_DELAY_MS);
    h.app.tick();
    // Handed to the writer: the key path did not wait, and the indicator does not claim "saved".
    assert_ne!(h.open_save(), crosscheck::ui::SaveState::Saved);
    let start = std::time::Instant::now();
    while h.open_save() != crosscheck::ui::SaveState::Saved {
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "the write never reported back");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.app.collect_writes();
    }
    assert_eq!(answer_on_disk(&h, &q).unwrap().notes, "typed while they talk");
    // An answer is handed to the writer at its key too: the key does not wait for the disk.
    h.key(KeyCode::Esc).key(KeyCode::Down);
    let scale = h.goto_kind(crosscheck::bank::Kind::Scale);
    h.ch('2');
    assert_eq!(h.open_save(), crosscheck::ui::SaveState::Pending);
    // Leaving the interview and closing the session wait for every write before the lock goes.
    let id = h.session().id.clone();
    h.ch('q').ch('q');
    assert_eq!(h.app.screen(), Screen::Sessions);
    let on_disk = h.app.store.load(&id, &h.app.env.catalog).unwrap();
    let value = on_disk.interviews[0].answers.get(&scale).and_then(|a| a.value.clone());
    assert_eq!(value, Some(crosscheck::session::AnswerValue::Scale { value: 2 }));
}

/// The text a terminal shows, row by row.
fn screen_text(h: &Harness, width: u16, height: u16) -> String {
    let terminal = h.draw(width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_launch_in_view_is_named_once_and_every_interview_asks_about_it() {
    let mut h = Harness::new();
    h.new_session("Acme", "Kim");
    assert!(screen_text(&h, 100, 30).contains("No launch in view yet: L names it"));
    h.ch('L');
    // A date that is not one is refused, saying how to write it; the form stays.
    h.typed("Flex pricing").key(KeyCode::Tab).typed("6 Oct").key(KeyCode::Enter);
    assert!(screen_text(&h, 100, 30).contains("is not a date: write it as YYYY-MM-DD"));
    assert!(h.session().launch.is_none());
    for _ in 0.."6 Oct".len() {
        h.key(KeyCode::Backspace);
    }
    h.typed("2026-10-06").key(KeyCode::Tab).typed("2026.10").key(KeyCode::Enter);
    let named = crosscheck::session::Launch::parse("Flex pricing", "2026-10-06", "2026.10").unwrap();
    assert_eq!(h.on_disk().launch, Some(named), "saved at once");
    assert!(screen_text(&h, 100, 30).contains("Launch in view: Flex pricing (out 6 Oct 2026)"));
    // In an interview, under the question; and `L` there opens it as named, to change.
    h.add_interview("sales", "Dana", "AE");
    assert!(screen_text(&h, 120, 40).contains("⟶ Flex pricing (out 6 Oct 2026)"));
    h.ch('L');
    let form = h.app.overlay_as::<crosscheck::ui::overlays::launch::LaunchForm>().expect("the form");
    assert_eq!(form.form.fields[2].value(), "2026.10");
    h.key(KeyCode::Esc);
    // How the account is given: heard of it, no one from Product in the room; in the report too.
    h.ch('I').ch('I').ch('P');
    let sales = &h.on_disk().interviews[0];
    assert_eq!(
        (sales.involvement, sales.product_in_room),
        (Some(crosscheck::session::Involvement::HeardOfIt), Some(false))
    );
    let screen = screen_text(&h, 120, 40);
    assert!(screen.contains("heard of it · no one from Product in the room"), "{screen}");
    let report =
        crosscheck::report::markdown(&h.on_disk(), &h.app.env.catalog, t0(), &crosscheck::report::ReadOut::team());
    assert!(report.contains("Sales #1 — Dana, AE: no one from Product in the room; heard of it"), "{report}");
    // Whether they may be quoted in the client's copy: asked over the notes, saved at once.
    assert!(screen.contains("O may we quote?"), "{screen}");
    h.ch('O');
    assert_eq!(h.on_disk().interviews[0].quote_consent, Some(true));
    assert!(screen_text(&h, 120, 40).contains("may be quoted"));
    h.ch('O');
    assert_eq!(h.on_disk().interviews[0].quote_consent, Some(false));
}

/// The interview's header at 80 columns: the person gives way first, then the function's short
/// name stands for its title; the organisation is the last thing shortened, and the number stays.
#[test]
fn the_header_keeps_the_organisation_and_the_interview_number() {
    let mut h = Harness::new();
    h.new_session("Northwind Logistics", "").add_interview("customer-success", "Hannah Okafor", "CS Lead");
    let screen = h.draw(80, 24).backend().to_string();
    let header = screen.lines().next().unwrap().trim_start_matches('"');
    assert!(header.starts_with("Northwind Logistics · CS #1"), "{header}");
    let screen = h.draw(200, 50).backend().to_string();
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("Northwind Logistics · Customer Success & Support #1 — Hannah Okafor, CS Lead"),
        "{header}"
    );
    // Notes marked during the interview say when in the header's words.
    h.key(KeyCode::Enter).typed("Late again").key(KeyCode::Esc);
    let screen = h.draw(120, 40).backend().to_string();
    assert!(screen.contains("· at <1 min in") || screen.contains("· at 0 min in"), "{screen}");
}
