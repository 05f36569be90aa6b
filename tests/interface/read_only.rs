//! A session open read-only (another crosscheck holds it) can be looked at but never changed:
//! every binding of every screen is pressed — then Enter, to confirm whatever it opened — and
//! the session in memory and the file on disk must be as they were. Read-only comes from the
//! session's one guarded entry point for changes, not from a list of refused keys.

use crate::common;

use crossterm::event::{KeyCode, KeyEvent};

use common::Harness;
use crosscheck::bank::Kind;
use crosscheck::ui::keymap::{Context, KeyMap};

/// The first crosscheck: a session with an interview of every function, some answered.
fn holder() -> Harness {
    let mut h = Harness::new();
    h.new_session("Acme", "Kim");
    let functions: Vec<String> = h.app.env.catalog.banks.iter().map(|b| b.function.clone()).collect();
    for f in &functions {
        h.add_interview(f, "Dana", "Lead");
        h.goto_kind(Kind::Scale);
        h.ch('2');
        h.ch('q');
    }
    h
}

/// Where a key is pressed: a screen of the read-only copy, set up fresh each time.
#[derive(Debug, Clone, Copy)]
enum Place {
    Session,
    Interview(Kind),
    Divergence,
}

fn read_only_at(first: &Harness, place: Place) -> Harness {
    let mut second = Harness::new();
    second.app.store = first.app.store.clone();
    second.app.reload_sessions();
    second.app.open_session(&first.session().id).unwrap();
    second.ch('y');
    assert!(second.app.open.as_ref().unwrap().read_only());
    match place {
        Place::Session => {}
        Place::Interview(kind) => {
            second.key(KeyCode::Enter);
            second.goto_kind(kind);
        }
        Place::Divergence => {
            second.ch('v');
        }
    }
    second.app.status = None;
    second
}

fn contexts(place: Place) -> [Context; 2] {
    match place {
        Place::Session => [Context::Session, Context::Global],
        Place::Interview(_) => [Context::Interview, Context::Global],
        Place::Divergence => [Context::Divergence, Context::Global],
    }
}

#[test]
fn every_binding_of_every_screen_changes_nothing_in_a_read_only_session() {
    let first = holder();
    let on_disk = common::files_of(&first.app.store, &first.session().id);
    let in_memory = first.on_disk();
    let keymap = KeyMap::default();
    let places = [
        Place::Session,
        Place::Interview(Kind::Scale),
        Place::Interview(Kind::Choice),
        Place::Interview(Kind::Multi),
        Place::Interview(Kind::Number),
        Place::Interview(Kind::Text),
        Place::Divergence,
    ];
    let mut pressed = 0;
    for place in places {
        for context in contexts(place) {
            for binding in keymap.in_context(context) {
                for key in &binding.keys {
                    let mut second = read_only_at(&first, place);
                    let event = KeyEvent::new(key.code, key.modifiers);
                    second.app.on_key(event);
                    // Confirm whatever opened (a form, the reason prompt, the palette's first
                    // match), and type into it, as a user pressing on would.
                    second.ch('3').key(KeyCode::Enter).ch('x').key(KeyCode::Enter);
                    pressed += 1;
                    let what = format!("{place:?}: {} ({:?})", binding.keys_text(), binding.action);
                    if let Some(open) = second.app.open.as_ref() {
                        assert_eq!(open.session(), &in_memory, "{what}: the session in memory changed");
                    }
                    assert_eq!(
                        common::files_of(&first.app.store, &first.session().id),
                        on_disk,
                        "{what}: a file changed"
                    );
                }
            }
        }
    }
    assert!(pressed > 100, "{pressed} keys pressed");
}

/// The guard itself, below the screens: every change sent straight to the app is refused.
#[test]
fn every_change_is_refused_by_the_one_entry_point() {
    use crosscheck::session::{AnswerState, AnswerValue};
    use crosscheck::ui::command::{AnswerChange, Command, Edit};
    let first = holder();
    let in_memory = first.on_disk();
    let mut second = read_only_at(&first, Place::Session);
    let question = first.app.env.catalog.banks[0].questions[0].id.clone();
    let changes = [
        AnswerChange::Value(AnswerValue::Scale { value: 4 }),
        AnswerChange::ToggleState(AnswerState::Skipped),
        AnswerChange::ToggleFollowUp,
        AnswerChange::FlagFollowUp("why".into()),
        AnswerChange::ToggleQuote,
        AnswerChange::Notes { text: "typed".into(), keep: 0, kind: Kind::Text, mark: Some(3) },
    ];
    for change in changes {
        let edit = Edit::Answer { interview: 0, question: question.clone(), change: change.clone() };
        second.app.apply(vec![Command::Edit(edit), Command::Status(crosscheck::ui::command::Status::info("after"))]);
        assert_eq!(second.session(), &in_memory, "{change:?}");
        let message = second.app.status_text().map(str::to_string).unwrap_or_default();
        assert!(message.starts_with("Read-only"), "{change:?}: {message}; what followed the refusal is not applied");
    }
}
