//! The one key map: it turns key presses into [`Action`]s and also renders the help overlay and
//! the footer hints, so what the screen says is always what the keys do.

mod config;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can ask the program to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NewSession,
    DeleteSession,
    RenameSession,
    FilterSessions,
    ExportSession,
    AddInterview,
    /// Mark the selected interview as a second capture of another of its function (cycles).
    SecondCapture,
    OpenDivergence,
    OpenDiagnosis,
    ToggleHints,
    /// A digit: a scale point, a choice by number, or the start of a number answer.
    Digit(u8),
    Previous,
    Next,
    ToggleOption,
    EditNotes,
    LeaveEditor,
    Skip,
    DontKnow,
    FlagFollowUp,
    NextUnanswered,
    Confirm,
    Cancel,
    NextField,
    OpenPalette,
    ToggleQuote,
    FollowUpList,
    ExternalEditor,
    /// Where the figure came from: measured, estimated, guessed, unknown, none.
    CycleSource,
    /// Bring a transcript or session file into the data folder.
    ImportFile,
    /// Merge a colleague's copy of the engagement into the chosen session.
    MergeFile,
    /// Choose between the values a merge kept on the answer on screen.
    ResolveConflict,
    /// The claims made in this interview on the question's topic: record, edit, withdraw.
    Claims,
    /// Put the other interviews' claims on this topic to the interviewee.
    CheckClaims,
    NewClaim,
    WithdrawClaim,
    /// Notes on what the interviewee said to a claim.
    CheckNotes,
    /// Name (or rename) the launch in view: the one launch every interview is about.
    NameLaunch,
    /// The pillars the open session covers.
    EditScope,
    /// The earlier engagement at the same client the open session follows up.
    EditFollows,
    /// Record how involved the interviewee was in the launch in view (the next value).
    CycleInvolvement,
    /// Record whether anyone from Product was in the room (the next value).
    CycleRoom,
    /// Record whether the interviewee may be quoted in the client's read-out (the next value).
    CycleConsent,
    /// Write what to change on the selected finding (a reading, a pillar, a topic).
    Recommend,
    /// The next row of a question asked for several functions (then the next question).
    NextRow,
    /// The previous row (then the previous question).
    PreviousRow,
    /// The interview's answers to questions its bank no longer asks.
    RetiredAnswers,
    /// The mouse: a click on what the last frame drew there (never bound to a key).
    Select(crate::ui::hits::Hit),
    /// The mouse wheel over the notes editor (never bound to a key).
    ScrollNotes {
        up: bool,
    },
}

/// Where the key is pressed: each screen, overlay and editor has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Sessions,
    Session,
    Interview,
    Divergence,
    Diagnosis,
    Editor,
    NumberEntry,
    Palette,
    FollowUps,
    /// Choosing between the values of a conflict.
    Conflicts,
    /// The claims made on a topic in the interview on screen.
    Claims,
    /// Putting claims to the interviewee.
    Check,
    Form,
    Confirm,
    Help,
}

impl Context {
    /// Contexts where plain characters type text rather than act.
    pub fn types_text(self) -> bool {
        matches!(self, Context::Editor | Context::NumberEntry | Context::Form | Context::Palette)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Sessions => "Sessions",
            Context::Session => "Session",
            Context::Interview => "Interview",
            Context::Divergence => "Divergence",
            Context::Diagnosis => "Diagnosis",
            Context::Editor => "Notes editor",
            Context::NumberEntry => "Number entry",
            Context::Palette => "Palette",
            Context::FollowUps => "Follow-ups and quotes",
            Context::Conflicts => "Conflicts (after a merge)",
            Context::Claims => "Claims on the topic",
            Context::Check => "Claims to verify",
            Context::Form => "Forms",
            Context::Confirm => "Confirmation",
            Context::Help => "Help",
        }
    }
}

/// One key, as pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, modifiers: KeyModifiers::NONE }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
    }

    /// A key that would type a character in a text field.
    fn is_typed(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && (self.modifiers - KeyModifiers::SHIFT).is_empty()
    }

    /// Matches a pressed key; Shift is ignored for characters, whose case already carries it,
    /// and for BackTab, which terminals report as Shift+BackTab.
    fn matches(&self, event: &KeyEvent) -> bool {
        let mods = match event.code {
            KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
            _ => event.modifiers,
        };
        self.code == event.code && self.modifiers == mods
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            label.push_str("Shift-");
        }
        // Ctrl-P, as terminals and manuals write it; a lone character keeps its case otherwise.
        let single = base.chars().count() == 1;
        if single && self.modifiers.contains(KeyModifiers::CONTROL) {
            label + &base.to_uppercase()
        } else {
            label + &base
        }
    }
}

/// A group of keys doing one thing in one context, with the words the help and footer show.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    /// How the keys are shown when listing each one would be noise (e.g. "0–4").
    pub keys_label: Option<&'static str>,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the footer of its context.
    pub footer: Option<&'static str>,
}

impl Binding {
    pub fn keys_text(&self) -> String {
        match self.keys_label {
            Some(l) => l.to_string(),
            None => {
                let labels: Vec<String> = self.keys.iter().map(Key::label).collect();
                // "Ctrl-K or /" rather than the puzzling "Ctrl-K//".
                let sep = if labels.iter().any(|l| l == "/") { " or " } else { "/" };
                labels.join(sep)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        use Action as A;
        use Context as C;
        use KeyCode as K;
        let b = |context, keys: Vec<Key>, action, help, footer| Binding {
            context,
            keys,
            keys_label: None,
            action,
            help,
            footer,
        };
        let mut bindings = vec![
            b(C::Global, vec![Key::ctrl('c')], A::Quit, "quit, saving everything", None),
            b(C::Global, vec![Key::ch('?')], A::Help, "show or hide this help", Some("help")),
            Binding {
                context: C::Global,
                keys: vec![Key::ctrl('p'), Key::ch('/')],
                keys_label: Some("Ctrl-P or /"),
                action: A::OpenPalette,
                help: "palette: go to any question or command",
                footer: Some("palette"),
            },
            // Sessions
            b(C::Sessions, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous session", None),
            b(C::Sessions, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next session", None),
            b(C::Sessions, vec![Key::plain(K::Enter)], A::Open, "open the session", Some("open")),
            b(C::Sessions, vec![Key::ch('n')], A::NewSession, "new session", Some("new")),
            b(
                C::Sessions,
                vec![Key::ch('D'), Key::plain(K::Delete)],
                A::DeleteSession,
                "delete (asks first)",
                Some("delete"),
            ),
            b(C::Sessions, vec![Key::ch('r')], A::RenameSession, "rename (the organisation)", Some("rename")),
            b(C::Sessions, vec![Key::ch('f')], A::FilterSessions, "filter by organisation", Some("filter")),
            b(
                C::Sessions,
                vec![Key::ch('x')],
                A::ExportSession,
                "export: transcript (.json) or report (.md)",
                Some("export"),
            ),
            b(C::Sessions, vec![Key::ch('i')], A::ImportFile, "import a transcript or session file", Some("import")),
            b(
                C::Sessions,
                vec![Key::ch('m')],
                A::MergeFile,
                "merge a colleague's copy into this session",
                Some("merge"),
            ),
            b(C::Sessions, vec![Key::ch('q')], A::Back, "quit", Some("quit")),
            // Session
            b(C::Session, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous interview", None),
            b(C::Session, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next interview", None),
            b(C::Session, vec![Key::plain(K::Enter)], A::Open, "open the interview", Some("open")),
            b(C::Session, vec![Key::ch('a')], A::AddInterview, "add an interview", Some("add interview")),
            b(
                C::Session,
                vec![Key::ch('c')],
                A::SecondCapture,
                "second capture of another interview (again: the next, then none)",
                None,
            ),
            b(
                C::Session,
                vec![Key::ch('v')],
                A::OpenDivergence,
                "divergence: what was said vs received",
                Some("divergence"),
            ),
            b(
                C::Session,
                vec![Key::ch('g')],
                A::OpenDiagnosis,
                "diagnosis: the evidence read together",
                Some("diagnosis"),
            ),
            b(
                C::Session,
                vec![Key::ch('F')],
                A::FollowUpList,
                "follow-ups and quotes of the session",
                Some("follow-ups"),
            ),
            b(C::Session, vec![Key::ch('L')], A::NameLaunch, "name the launch in view", Some("launch")),
            b(C::Session, vec![Key::ch('P')], A::EditScope, "the pillars in scope", None),
            b(C::Session, vec![Key::ch('E')], A::EditFollows, "the earlier engagement it follows up", None),
            b(C::Session, vec![Key::ch('q'), Key::plain(K::Esc)], A::Back, "back to the sessions", Some("back")),
            // Interview
            b(C::Interview, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous question", None),
            b(C::Interview, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next question", Some("move")),
            // Tab walks the rows of a question asked for several functions, and on past them.
            b(C::Interview, vec![Key::plain(K::Tab)], A::NextRow, "next row or question", None),
            b(C::Interview, vec![Key::plain(K::BackTab)], A::PreviousRow, "previous row or question", None),
            b(C::Interview, vec![Key::plain(K::PageUp)], A::PageUp, "previous section", None),
            b(C::Interview, vec![Key::plain(K::PageDown)], A::PageDown, "next section", None),
        ];
        bindings.push(Binding {
            context: C::Interview,
            keys: (0..=9).map(|d| Key::ch(char::from(b'0' + d))).collect(),
            keys_label: Some("0–9"),
            action: A::Digit(0),
            help: "scale 0–4, option 1–9, number",
            footer: Some("answer"),
        });
        bindings.extend([
            b(C::Interview, vec![Key::plain(K::Left)], A::Previous, "previous value (multi: option)", None),
            b(C::Interview, vec![Key::plain(K::Right)], A::Next, "next value (multi: option)", None),
            b(C::Interview, vec![Key::ch(' ')], A::ToggleOption, "multi: tick or untick", None),
            b(C::Interview, vec![Key::plain(K::Enter), Key::ch('e')], A::EditNotes, "edit the notes", Some("notes")),
            b(C::Interview, vec![Key::ch('s')], A::Skip, "skip (again to undo)", Some("skip")),
            b(C::Interview, vec![Key::ch('d')], A::DontKnow, "don't know (again to undo)", Some("don't know")),
            b(C::Interview, vec![Key::ch('f')], A::FlagFollowUp, "flag follow-up (again clears)", Some("flag")),
            b(C::Interview, vec![Key::ch('n')], A::NextUnanswered, "next unanswered question", Some("next open")),
            b(C::Interview, vec![Key::ch('q')], A::Back, "back to the session", Some("back")),
            b(C::Interview, vec![Key::ch('Q')], A::ToggleQuote, "notes are a verbatim quote (again clears)", None),
            b(
                C::Interview,
                vec![Key::ch('m')],
                A::CycleSource,
                "where it came from: a figure measured, estimated, guessed; what arrived, who sent it",
                None,
            ),
            b(C::Interview, vec![Key::ch('F')], A::FollowUpList, "follow-ups and quotes of the session", None),
            b(C::Interview, vec![Key::ch('L')], A::NameLaunch, "name the launch in view", None),
            b(C::Interview, vec![Key::ch('I')], A::CycleInvolvement, "their involvement in the launch (next)", None),
            b(C::Interview, vec![Key::ch('P')], A::CycleRoom, "was anyone from Product in the room (next)", None),
            b(
                C::Interview,
                vec![Key::ch('O')],
                A::CycleConsent,
                "may they be quoted in the client's read-out (next)",
                None,
            ),
            b(C::Interview, vec![Key::ch('R')], A::RetiredAnswers, "answers to questions no longer asked", None),
            b(C::Interview, vec![Key::ch('h')], A::ToggleHints, "claim comparison on/off", None),
            b(
                C::Interview,
                vec![Key::ch('c')],
                A::ResolveConflict,
                "conflict after a merge: choose the value to keep",
                None,
            ),
            b(
                C::Interview,
                vec![Key::ch('C')],
                A::Claims,
                "claims on this topic: record, edit, withdraw",
                Some("claim"),
            ),
            b(
                C::Interview,
                vec![Key::ch('V')],
                A::CheckClaims,
                "put other interviews' claims to the interviewee",
                None,
            ),
            // Divergence
            b(C::Divergence, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous topic", None),
            b(C::Divergence, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next topic", Some("topic")),
            b(C::Divergence, vec![Key::plain(K::Left), Key::ch('h')], A::Previous, "previous function", None),
            b(C::Divergence, vec![Key::plain(K::Right), Key::ch('l')], A::Next, "next function", Some("function")),
            b(C::Divergence, vec![Key::plain(K::PageDown)], A::PageDown, "the cell's detail further down", None),
            b(C::Divergence, vec![Key::plain(K::PageUp)], A::PageUp, "the cell's detail further up", None),
            b(C::Divergence, vec![Key::ch('w')], A::Recommend, "write what to change on the topic", None),
            b(
                C::Divergence,
                vec![Key::ch('c')],
                A::ResolveConflict,
                "two versions of its recommendation after a merge: choose the one to keep",
                None,
            ),
            b(C::Divergence, vec![Key::ch('q'), Key::plain(K::Esc)], A::Back, "back to the session", Some("back")),
            // Diagnosis
            b(C::Diagnosis, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous reading", None),
            b(C::Diagnosis, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next reading", Some("reading")),
            b(C::Diagnosis, vec![Key::plain(K::Left), Key::ch('h')], A::Previous, "previous pillar", None),
            b(C::Diagnosis, vec![Key::plain(K::Right), Key::ch('l')], A::Next, "next pillar", Some("pillar")),
            b(
                C::Diagnosis,
                vec![Key::plain(K::PageDown)],
                A::PageDown,
                "the reading's text further down",
                Some("scroll"),
            ),
            b(C::Diagnosis, vec![Key::plain(K::PageUp)], A::PageUp, "the reading's text further up", None),
            b(C::Diagnosis, vec![Key::ch('w')], A::Recommend, "write what to change on it", Some("what to change")),
            b(
                C::Diagnosis,
                vec![Key::ch('c')],
                A::ResolveConflict,
                "two versions of its recommendation after a merge: choose the one to keep",
                None,
            ),
            b(C::Diagnosis, vec![Key::ch('q'), Key::plain(K::Esc)], A::Back, "back to the session", Some("back")),
            // Notes editor: every other key types.
            b(C::Editor, vec![Key::plain(K::Esc)], A::LeaveEditor, "leave the editor (saved)", Some("done")),
            b(C::Editor, vec![Key::ctrl('e')], A::ExternalEditor, "edit in $VISUAL / $EDITOR", Some("external editor")),
            // Palette: every other key types the query.
            b(C::Palette, vec![Key::plain(K::Up), Key::ctrl('k')], A::Up, "previous match", None),
            b(C::Palette, vec![Key::plain(K::Down), Key::ctrl('j')], A::Down, "next match", None),
            b(C::Palette, vec![Key::plain(K::Enter)], A::Confirm, "go to the match", Some("go")),
            b(C::Palette, vec![Key::plain(K::Esc)], A::Cancel, "back to where you were", Some("close")),
            // Follow-ups and quotes
            b(C::FollowUps, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous item", None),
            b(C::FollowUps, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next item", None),
            b(C::FollowUps, vec![Key::plain(K::Enter)], A::Confirm, "go to the question", Some("go")),
            b(C::FollowUps, vec![Key::ch('q'), Key::plain(K::Esc)], A::Cancel, "close the list", Some("close")),
            // Conflicts
            b(C::Conflicts, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous value", None),
            b(C::Conflicts, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next value", None),
            b(C::Conflicts, vec![Key::plain(K::Enter)], A::Confirm, "keep this value", Some("keep")),
            b(
                C::Conflicts,
                vec![Key::ch('q'), Key::plain(K::Esc)],
                A::Cancel,
                "close, choosing nothing",
                Some("close"),
            ),
            // Claims on a topic
            b(C::Claims, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous claim", None),
            b(C::Claims, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next claim", None),
            b(C::Claims, vec![Key::ch('n')], A::NewClaim, "record a new claim", Some("new")),
            b(C::Claims, vec![Key::plain(K::Enter)], A::Confirm, "edit the claim", Some("edit")),
            b(
                C::Claims,
                vec![Key::ch('w')],
                A::WithdrawClaim,
                "withdraw the claim (kept as withdrawn)",
                Some("withdraw"),
            ),
            b(C::Claims, vec![Key::ch('q'), Key::plain(K::Esc)], A::Cancel, "close", Some("close")),
            // Claims to verify
            b(C::Check, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "previous claim", None),
            b(C::Check, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "next claim", None),
            Binding {
                context: C::Check,
                keys: (1..=5).map(|d| Key::ch(char::from(b'0' + d))).collect(),
                keys_label: Some("1–5"),
                action: A::Digit(0),
                help: "confirmed, partly, not received, unaware, not asked",
                footer: Some("verdict"),
            },
            b(
                C::Check,
                vec![Key::ch('e'), Key::plain(K::Enter)],
                A::CheckNotes,
                "notes on what they said",
                Some("notes"),
            ),
            b(C::Check, vec![Key::ch('q'), Key::plain(K::Esc)], A::Cancel, "close", Some("close")),
            // Number entry: digits, '.', '-' and Backspace type.
            b(C::NumberEntry, vec![Key::plain(K::Enter)], A::Confirm, "record the number", Some("record")),
            b(C::NumberEntry, vec![Key::plain(K::Esc)], A::Cancel, "cancel", Some("cancel")),
            // Forms
            b(
                C::Form,
                vec![Key::plain(K::Tab), Key::plain(K::BackTab)],
                A::NextField,
                "next field",
                Some("next field"),
            ),
            b(C::Form, vec![Key::plain(K::Up)], A::Up, "previous choice", None),
            b(C::Form, vec![Key::plain(K::Down)], A::Down, "next choice", None),
            b(C::Form, vec![Key::plain(K::Enter)], A::Confirm, "confirm", Some("confirm")),
            b(C::Form, vec![Key::plain(K::Esc)], A::Cancel, "cancel", Some("cancel")),
            // Confirmation
            b(C::Confirm, vec![Key::ch('y')], A::Confirm, "yes", Some("yes")),
            b(C::Confirm, vec![Key::ch('n'), Key::plain(K::Esc)], A::Cancel, "no", Some("no")),
            // Help
            b(C::Help, vec![Key::plain(K::Esc), Key::ch('q')], A::Cancel, "close the help", Some("close")),
            b(C::Help, vec![Key::plain(K::Down), Key::ch('j')], A::Down, "scroll down, when it does not fit", None),
            b(C::Help, vec![Key::plain(K::Up), Key::ch('k')], A::Up, "scroll up", None),
            b(C::Help, vec![Key::plain(K::PageDown)], A::PageDown, "scroll a page down", None),
            b(C::Help, vec![Key::plain(K::PageUp)], A::PageUp, "scroll a page up", None),
        ]);
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The action for a key in `context`, falling back to the global bindings.
    pub fn action(&self, context: Context, event: &KeyEvent) -> Option<Action> {
        let find = |ctx: Context| {
            self.bindings.iter().filter(|b| b.context == ctx).find_map(|b| {
                let i = b.keys.iter().position(|k| k.matches(event))?;
                Some(match b.action {
                    Action::Digit(_) => Action::Digit(i as u8),
                    a => a,
                })
            })
        };
        let typed = matches!(event.code, KeyCode::Char(_)) && (event.modifiers - KeyModifiers::SHIFT).is_empty();
        find(context).or_else(|| if context.types_text() && typed { None } else { find(Context::Global) })
    }

    pub fn in_context(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// Footer hints for a context: help first, so the narrowest footer still shows it, then the
    /// context's own, then the other global ones. In contexts that type text, global keys that
    /// are plain characters are not in force and not shown.
    pub fn footer(&self, context: Context) -> Vec<(String, &'static str)> {
        self.footer_actions(context).into_iter().map(|(_, keys, what)| (keys, what)).collect()
    }

    /// As [`KeyMap::footer`], with each hint's action, for a screen that words one itself.
    pub fn footer_actions(&self, context: Context) -> Vec<(Action, String, &'static str)> {
        let globals =
            self.in_context(Context::Global).filter(|b| !(context.types_text() && b.keys.iter().all(Key::is_typed)));
        let (help, other): (Vec<&Binding>, Vec<&Binding>) = globals.partition(|b| b.action == Action::Help);
        // The way out comes right after help, so a narrow footer never cuts it off.
        let (back, rest): (Vec<&Binding>, Vec<&Binding>) =
            self.in_context(context).partition(|b| b.action == Action::Back);
        help.into_iter()
            .chain(back)
            .chain(rest)
            .chain(other)
            .filter_map(|b| {
                let footer = b.footer?;
                // Where characters type text, a global key that is one does not act: not offered.
                if context.types_text() && b.context == Context::Global {
                    let keys: Vec<String> = b.keys.iter().filter(|k| !k.is_typed()).map(Key::label).collect();
                    return (!keys.is_empty()).then(|| (b.action, keys.join("/"), footer));
                }
                Some((b.action, b.keys_text(), footer))
            })
            .collect()
    }
}

/// A global action that means nothing in `context` (opening the palette from the palette), so a
/// key of the context may shadow it there: `"global.palette": ["ctrl-k"]` leaves Ctrl-K "previous
/// match" in the palette.
fn moot_in(action: Action, context: Context) -> bool {
    matches!((action, context), (Action::OpenPalette, Context::Palette) | (Action::Help, Context::Help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn context_first_then_global() {
        let map = KeyMap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Interview, &q), Some(Action::Back));
        assert_eq!(map.action(Context::Editor, &q), None, "q types in the editor");
        let help = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::Form, &help), None, "? types in a form");
        assert_eq!(map.action(Context::Interview, &help), Some(Action::Help));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Context::Editor, &ctrl_c), Some(Action::Quit));
        let d7 = press(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Interview, &d7), Some(Action::Digit(7)));
        let shift_d = press(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::Sessions, &shift_d), Some(Action::DeleteSession));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let map = KeyMap::default();
        for (i, a) in map.bindings.iter().enumerate() {
            for b in &map.bindings[i + 1..] {
                if a.context == b.context {
                    assert!(a.keys.iter().all(|k| !b.keys.contains(k)), "{:?} twice in {:?}", a.keys, a.context);
                }
            }
        }
    }

    #[test]
    fn footer_comes_from_the_bindings() {
        let map = KeyMap::default();
        let footer = map.footer(Context::Sessions);
        assert!(footer.contains(&("n".to_string(), "new")));
        assert!(footer.contains(&("?".to_string(), "help")));
        assert!(!map.footer(Context::Editor).iter().any(|(k, _)| k == "?"), "? types in the editor");
    }
}
