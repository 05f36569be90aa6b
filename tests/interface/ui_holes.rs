//! The interface cases of the issue "Several interviewers, and still not a word lost": the
//! palette never switches interviews silently, the comparison line follows every change of
//! the answer, and the import and merge dialogs refuse what is not a regular file.

use crate::common;

use common::Harness;
use crosscheck::session::AnswerValue;
use crosscheck::ui::overlays::confirm::Confirm;
use crosscheck::ui::overlays::line_form::LineForm;
use crossterm::event::KeyCode;

/// The function of the interview on screen.
fn showing(h: &Harness) -> String {
    let open = h.app.open.as_ref().unwrap();
    open.session().interviews[open.interview().expect("an interview is open").index].function.clone()
}

/// A session with the PM (Priya Raman, who gave 4 on the Sales briefing) and, on screen, a
/// Sales interview with Dana. Gives the PM's question id.
fn pm_then_sales(h: &mut Harness) -> String {
    h.new_session("Acme Ltd", "Kim").add_interview("product", "Priya Raman", "PM");
    let product = h.app.env.catalog.bank("product").unwrap();
    let q = product.questions.iter().position(|q| q.id == "product.sales-briefed").unwrap();
    for _ in 0..q {
        h.key(KeyCode::Down);
    }
    assert_eq!(h.current_question(), "product.sales-briefed");
    h.ch('4').ch('q');
    h.add_interview("sales", "Dana", "AE");
    assert_eq!(showing(h), "sales");
    "product.sales-briefed".to_string()
}

fn pm_value(h: &Harness, q: &str) -> Option<AnswerValue> {
    h.on_disk().interviews[0].answers.get(q).and_then(|a| a.value.clone())
}

/// Case 15: in a Sales interview, `/brief⏎` stays with the person in front of you, and the
/// digit typed next answers Sales, never the PM.
#[test]
fn case_15_the_palette_ranks_this_interviews_questions_first() {
    let mut h = Harness::new();
    let pm = pm_then_sales(&mut h);
    h.ch('/').typed("brief");
    let palette = h.draw(80, 24);
    h.key(KeyCode::Enter);
    assert_eq!(showing(&h), "sales", "the Sales interview is still on screen");
    assert!(h.current_question().starts_with("sales."), "{}", h.current_question());
    h.ch('1');
    assert_eq!(pm_value(&h, &pm), Some(AnswerValue::Scale { value: 4 }), "the PM's 4 is untouched");
    insta::assert_snapshot!("palette_in_a_sales_interview_80x24", palette.backend());
}

/// Case 15: a match in another interview asks before leaving; a digit typed by reflex lands
/// nowhere, Esc stays, `y` goes and the header says where you now are until the next key.
#[test]
fn case_15_leaving_the_interview_from_the_palette_asks_and_says_where_you_are() {
    let mut h = Harness::new();
    let pm = pm_then_sales(&mut h);
    let here = h.current_question().to_string();
    let asked = &h.app.env.catalog.bank("product").unwrap().questions.iter().find(|q| q.id == pm).unwrap().text;
    let text = crosscheck::bank::fill(asked, &crosscheck::bank::Case::default()).into_owned();
    h.ch('/').typed(&text);
    let screen = h.draw(100, 30).backend().to_string();
    assert!(screen.contains("→ Product (PM)"), "a match elsewhere is marked:\n{screen}");
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.overlay_as::<Confirm>(), Some(Confirm::Switch { .. })), "asked first");
    insta::assert_snapshot!("palette_leave_for_another_interview_80x24", h.draw(80, 24).backend());
    h.ch('1').key(KeyCode::Enter);
    assert_eq!((showing(&h), h.current_question()), ("sales".to_string(), here.as_str()), "nothing moved");
    assert_eq!(pm_value(&h, &pm), Some(AnswerValue::Scale { value: 4 }), "the digit landed nowhere");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay().is_none());
    assert_eq!((showing(&h), h.current_question()), ("sales".to_string(), here.as_str()), "Esc stays");
    h.ch('/').typed(&text).key(KeyCode::Enter).ch('y');
    assert_eq!((showing(&h), h.current_question()), ("product".to_string(), pm.as_str()));
    insta::assert_snapshot!("interview_now_in_after_a_jump_80x24", h.draw(80, 24).backend());
    let header = h.draw(80, 24).backend().to_string();
    assert!(header.lines().next().unwrap().contains("Now in: Product #1 — Priya Raman, PM"), "{header}");
    h.key(KeyCode::Down);
    let header = h.draw(80, 24).backend().to_string();
    let first = header.lines().next().unwrap();
    assert!(first.contains("· PM #1") && !first.contains("Now in"), "until the next key:\n{header}");
}

/// Moves, by ↑/↓, to question `id` of the interview on screen.
fn go_to(h: &mut Harness, id: &str) {
    let open = h.app.open.as_ref().unwrap();
    let iv = open.interview().unwrap();
    let bank = h.app.env.catalog.bank(&open.session().interviews[iv.index].function).unwrap();
    let (from, to) = (iv.question, bank.questions.iter().position(|q| q.id == id).unwrap());
    for _ in to..from {
        h.key(KeyCode::Up);
    }
    for _ in from..to {
        h.key(KeyCode::Down);
    }
}

/// The line under the answer that compares it with what the PM says was communicated, with
/// the row it wraps onto.
fn comparison_line(h: &Harness) -> String {
    let screen = h.draw(160, 48).backend().to_string();
    let lines: Vec<&str> = screen.lines().collect();
    let at =
        lines.iter().position(|l| l.contains("claim: level ")).unwrap_or_else(|| panic!("no comparison:\n{screen}"));
    let detail = |l: &str| l.rsplit("││").next().unwrap_or(l).trim_matches(['│', '"', ' ']).to_string();
    format!("{} {}", detail(lines[at]), lines.get(at + 1).map_or(String::new(), |l| detail(l)))
}

/// Case 16: after choosing the value to keep, the comparison under the answer is of that value
/// at once, not of the one it replaced.
#[test]
fn case_16_the_comparison_follows_the_value_kept_in_a_conflict() {
    let mut h = Harness::new();
    h.app.interviewer = Some("Ana".into());
    h.new_session("Acme Ltd", "Ana").add_interview("product", "Priya Raman", "PM");
    go_to(&mut h, "product.sales-briefed");
    h.ch('4').ch('q').add_interview("sales", "Dana", "AE");
    go_to(&mut h, "sales.briefed");
    h.ch('1').ch('q').ch('q');
    // Ben's copy: the same Sales answer, later, as 3.
    let Some(crosscheck::storage::Listed::Session(chosen)) = h.app.sessions.chosen() else { panic!("a session") };
    let mut theirs = h.app.store.load(&chosen.id, &h.app.env.catalog).unwrap();
    let answer = theirs.interviews[1].answer_mut("sales.briefed");
    answer.set_value(AnswerValue::Scale { value: 3 }, common::t0() + chrono::Duration::minutes(30));
    answer.edited_by = Some("Ben".into());
    let file = h.dir.path().join("ben.json");
    let transcript = crosscheck::transcript::build(&theirs, &h.app.env.catalog, common::t0());
    std::fs::write(&file, crosscheck::transcript::to_json(&transcript)).unwrap();
    h.ch('m').typed(file.to_str().unwrap()).key(KeyCode::Enter);
    h.key(KeyCode::Enter).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(h.current_question(), "sales.briefed", "the interview opens on its conflict");
    let before = comparison_line(&h);
    assert!(before.contains("3.0 received"), "{before}");
    // Keep Ana's 1 over Ben's 3.
    h.ch('c');
    let screen = h.draw(160, 48).backend().to_string();
    let row = screen.lines().position(|l| l.contains("Ana")).unwrap_or_else(|| panic!("{screen}"));
    let ben = screen.lines().position(|l| l.contains("Ben")).unwrap_or_else(|| panic!("{screen}"));
    if row > ben {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.session().interviews[1].answers["sales.briefed"].value, Some(AnswerValue::Scale { value: 1 }));
    let after = comparison_line(&h);
    assert!(after.contains("1.0 received") && !after.contains("3.0 received"), "stale: {after}");
}

/// Case 9: `x` on the sessions screen onto one of the session's own files is refused with what
/// to do, the form stays for another path, and the file is as it was.
#[test]
fn case_09_the_export_dialog_refuses_the_data_folder() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana", "AE");
    h.ch('1').ch('q');
    let id = h.session().id.clone();
    let meta = h.app.store.location(&id).unwrap().folder.join("session.json");
    let before = std::fs::read(&meta).unwrap();
    h.ch('q').ch('x');
    for _ in 0..80 {
        h.key(KeyCode::Backspace);
    }
    h.typed(&meta.display().to_string()).key(KeyCode::Enter);
    let status = h.app.status_text().unwrap_or_default().to_string();
    assert!(status.contains("inside crosscheck's data folder") && status.contains("outside"), "{status}");
    assert!(h.app.overlay_as::<LineForm>().is_some(), "the form is offered again");
    assert_eq!(std::fs::read(&meta).unwrap(), before, "the session's file is untouched");
}

/// Case 13: a FIFO typed in the import or the merge dialog is refused before it is opened
/// (opening it would wait for a writer forever), with what to do; the form stays.
#[cfg(unix)]
#[test]
fn case_13_a_fifo_in_the_import_and_merge_dialogs_is_refused() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").ch('q');
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // Were it opened, this test would block here: a writer keeps it from hanging forever.
    let guard = fifo.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(10));
        let _ = std::fs::write(guard, "{}");
    });
    for key in ['i', 'm'] {
        let started = std::time::Instant::now();
        h.ch(key).typed(fifo.to_str().unwrap()).key(KeyCode::Enter);
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{key}: the dialog waited on the FIFO");
        let status = h.app.status_text().unwrap_or_default().to_string();
        assert!(status.contains("a FIFO (named pipe)") && status.contains("regular file"), "{key}: {status}");
        assert!(status.contains(fifo.to_str().unwrap()), "{status}");
        assert!(h.app.overlay_as::<LineForm>().is_some(), "the form is offered again");
        h.key(KeyCode::Esc);
    }
}

/// Case 17: the notes editor on a huge note holds only its end (laid out on every key), and
/// typing, deleting and the external editor still work on the whole note.
#[test]
fn case_17_a_huge_note_is_edited_by_its_end_and_nothing_else_changes() {
    let mut h = Harness::new();
    h.new_session("Acme Ltd", "Kim").add_interview("sales", "Dana", "AE");
    let q = h.current_question().to_string();
    let note = "The deck reached the leads on Friday; the reps heard it from a customer.\n".repeat(30_000);
    let i = h.app.open.as_ref().unwrap().interview().unwrap().index;
    h.app.open.as_mut().unwrap().edit_interview(i).unwrap().unwrap().answer_mut(&q).notes = note.clone();
    h.ch('e');
    let editor =
        |h: &Harness| h.app.open.as_ref().unwrap().interview().unwrap().editor.as_ref().unwrap().lines().join("\n");
    let held = editor(&h);
    assert!(held.len() <= crosscheck::ui::screens::interview::EDIT_WINDOW, "{} bytes in the editor", held.len());
    assert!(note.ends_with(&held), "its end");
    let screen = h.draw(100, 30).backend().to_string();
    assert!(screen.contains("first 2123 KB kept"), "{screen}");
    h.typed("ok").key(KeyCode::Backspace).key(KeyCode::Backspace).key(KeyCode::Backspace);
    let notes = |h: &Harness| h.session().interviews[i].answers[&q].notes.clone();
    assert_eq!(notes(&h), note[..note.len() - 1], "the typed letters gone, the last newline deleted");
    h.typed("!\n");
    h.app.update(crosscheck::ui::keymap::Action::ExternalEditor);
    let Some(crosscheck::ui::Effect::EditExternally { text, .. }) = h.app.effect.take() else { panic!("the editor") };
    assert_eq!(text, format!("{}!\n", &note[..note.len() - 1]), "the external editor gets all of it");
    h.app.finish_external_edit(Ok("short now".into()));
    assert_eq!(notes(&h), "short now");
    assert_eq!(editor(&h), "short now");
}
