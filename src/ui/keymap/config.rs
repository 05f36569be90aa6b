//! The key map's names and the user's overrides: how the config file names contexts, actions
//! and keys, and how its entries are applied (all or nothing, every problem with its place).

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Action, Binding, Context, Key, KeyMap, moot_in};
use crate::config::KeyEntry;
use crate::problem::Position;

impl Context {
    /// Every context, in the order the help lists them.
    pub const ALL: [Context; 16] = [
        Context::Global,
        Context::Sessions,
        Context::Session,
        Context::Interview,
        Context::Divergence,
        Context::Diagnosis,
        Context::Editor,
        Context::NumberEntry,
        Context::Palette,
        Context::FollowUps,
        Context::Conflicts,
        Context::Claims,
        Context::Check,
        Context::Form,
        Context::Confirm,
        Context::Help,
    ];

    /// The context's part of an action name in the config file, e.g. `interview` in `interview.skip`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Sessions => "sessions",
            Context::Session => "session",
            Context::Interview => "interview",
            Context::Divergence => "divergence",
            Context::Diagnosis => "diagnosis",
            Context::Editor => "editor",
            Context::NumberEntry => "number-entry",
            Context::Palette => "palette",
            Context::FollowUps => "follow-ups",
            Context::Conflicts => "conflicts",
            Context::Claims => "claims",
            Context::Check => "verify",
            Context::Form => "form",
            Context::Confirm => "confirm",
            Context::Help => "help",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl Action {
    /// The action's part of its name in the config file, e.g. `skip` in `interview.skip`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "back",
            Action::Help => "help",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Open => "open",
            Action::NewSession => "new-session",
            Action::DeleteSession => "delete-session",
            Action::RenameSession => "rename-session",
            Action::FilterSessions => "filter",
            Action::ExportSession => "export",
            Action::AddInterview => "add-interview",
            Action::SecondCapture => "second-capture",
            Action::OpenDivergence => "divergence",
            Action::OpenDiagnosis => "diagnosis",
            Action::ToggleHints => "hints",
            Action::Digit(_) => "answer",
            Action::Previous => "previous",
            Action::Next => "next",
            Action::ToggleOption => "tick",
            Action::EditNotes => "notes",
            Action::LeaveEditor => "leave",
            Action::Skip => "skip",
            Action::DontKnow => "dont-know",
            Action::FlagFollowUp => "flag",
            Action::NextUnanswered => "next-open",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::NextField => "next-field",
            Action::OpenPalette => "palette",
            Action::ToggleQuote => "quote",
            Action::FollowUpList => "follow-ups",
            Action::ExternalEditor => "external-editor",
            Action::CycleSource => "source",
            Action::ImportFile => "import",
            Action::MergeFile => "merge",
            Action::ResolveConflict => "resolve-conflict",
            Action::Claims => "claims",
            Action::CheckClaims => "verify-claims",
            Action::NewClaim => "new-claim",
            Action::WithdrawClaim => "withdraw-claim",
            Action::CheckNotes => "notes",
            Action::NameLaunch => "launch",
            Action::EditScope => "scope",
            Action::EditFollows => "follows",
            Action::CycleInvolvement => "involvement",
            Action::CycleRoom => "room",
            Action::CycleConsent => "consent",
            Action::Recommend => "recommend",
            Action::NextRow => "next-row",
            Action::PreviousRow => "previous-row",
            Action::RetiredAnswers => "retired",
            Action::Select(_) => "click",
            Action::ScrollNotes { .. } => "scroll",
        }
    }
}

impl Binding {
    /// `<context>.<action>`: how the config file names this binding.
    pub fn name(&self) -> String {
        format!("{}.{}", self.context.name(), self.action.name())
    }
}

/// How keys are written in the config file, for the error messages.
const KEY_SPEC_HELP: &str = "keys are written like \"x\", \"X\", \"?\", \"ctrl-p\", \"alt-x\", \"enter\", \"esc\", \
                             \"tab\", \"shift-tab\", \"space\", \"backspace\", \"delete\", \"insert\", \"home\", \
                             \"end\", \"up\", \"down\", \"left\", \"right\", \"pgup\", \"pgdn\", \"f1\"…\"f12\"";

impl Key {
    /// Reads a key as the config file writes it: a character (`x`, `X`, `?`), a named key
    /// (`enter`, `esc`, `tab`, `shift-tab`, `space`, `up`, `pgdn`, `f1`…), either after any of
    /// `ctrl-`, `alt-`, `shift-`. Letters are case-sensitive (`X` is Shift-x) except after `ctrl-`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let unknown = || format!("unknown key \"{spec}\" ({KEY_SPEC_HELP})");
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec;
        while rest.chars().count() > 1 {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if modifiers.contains(modifier) {
                return Err(format!("\"{spec}\" names the same modifier twice"));
            }
            modifiers |= modifier;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(unknown()),
            (Some(c), None) if c.is_control() => return Err(unknown()),
            (Some(c), None) if modifiers.contains(KeyModifiers::SHIFT) => {
                if !c.is_alphabetic() {
                    return Err(format!(
                        "\"{spec}\": write the character the key types instead, e.g. \"!\" for Shift-1"
                    ));
                }
                if modifiers.contains(KeyModifiers::CONTROL) {
                    return Err(format!(
                        "\"{spec}\": terminals send Ctrl-Shift-{0} as Ctrl-{0}, so it cannot be told apart; use \"ctrl-{1}\"",
                        c.to_uppercase(),
                        c.to_lowercase()
                    ));
                }
                let mut upper = c.to_uppercase();
                match (upper.next(), upper.next()) {
                    (Some(u), None) => KeyCode::Char(u),
                    _ => return Err(unknown()),
                }
            }
            // Terminals send Ctrl-P and Ctrl-p alike.
            (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase(), modifiers).ok_or_else(unknown)?,
        };
        // Shift is carried by a character's case and by BackTab itself (see `matches`).
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers -= KeyModifiers::SHIFT;
        }
        Ok(Key { code, modifiers })
    }
}

/// The keys one config entry gives a binding, each where it is written; whether all were
/// usable (none empty, typing text where text is typed, or listed twice). Problems go to
/// `problems`.
fn entry_keys(
    entry: &KeyEntry,
    binding: &Binding,
    problems: &mut Vec<(Position, String)>,
) -> (Vec<Key>, Vec<Position>, bool) {
    let mut keys = Vec::new();
    let mut positions = Vec::new();
    let mut ok = !entry.keys.is_empty();
    for (spec, at) in &entry.keys {
        match Key::parse(spec) {
            Err(message) => {
                problems.push((*at, message));
                ok = false;
            }
            Ok(key) if binding.context.types_text() && key.is_typed() => {
                problems.push((
                    *at,
                    format!(
                        "\"{spec}\" would type text in {} ({}): use a Ctrl- or Alt- key or a named key such as \"f2\"",
                        binding.context.name(),
                        binding.context.title().to_lowercase()
                    ),
                ));
                ok = false;
            }
            Ok(key) if keys.contains(&key) => {
                problems.push((*at, format!("\"{spec}\" is listed twice for \"{}\"", entry.action)));
                ok = false;
            }
            Ok(key) => {
                keys.push(key);
                positions.push(*at);
            }
        }
    }
    (keys, positions, ok)
}

/// A key named by a word ("enter", "pgdn", "f5"), lower-cased; None for a name not known.
fn named_key(name: &str, modifiers: KeyModifiers) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        f => match f.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            Some(n @ 1..=24) => KeyCode::F(n),
            _ => return None,
        },
    })
}

impl KeyMap {
    /// The keys in force for `action` in `context`, as the footer writes them (e.g. "q/Esc"), for
    /// hints written into a screen; None if it has no binding there.
    pub fn keys_of(&self, context: Context, action: Action) -> Option<String> {
        let same = |a: Action| std::mem::discriminant(&a) == std::mem::discriminant(&action);
        self.in_context(context).find(|b| same(b.action)).map(Binding::keys_text)
    }

    /// The binding called `name` (`<context>.<action>`).
    pub fn find(&self, name: &str) -> Option<usize> {
        self.bindings.iter().position(|b| b.name() == name)
    }

    /// Applies the config file's key entries: each named binding gets exactly the keys given.
    /// All or nothing: on any problem the map is left as it was and every problem is returned
    /// with where it is in the file, in file order.
    pub fn apply(&mut self, entries: &[KeyEntry]) -> Result<(), Vec<(Position, String)>> {
        let mut map = self.clone();
        let mut problems = Vec::new();
        // For each binding the user rebound: where each of its keys is written.
        let mut given: Vec<Option<Vec<Position>>> = vec![None; map.bindings.len()];
        for entry in entries {
            let Some(index) = map.find(&entry.action) else {
                problems.push((entry.at, map.unknown_action(&entry.action)));
                continue;
            };
            let binding = &map.bindings[index];
            if matches!(binding.action, Action::Digit(_)) {
                problems.push((
                    entry.at,
                    format!(
                        "\"{}\" is the digit keys 0–9, which answer by their number; it cannot be rebound",
                        entry.action
                    ),
                ));
                continue;
            }
            let (keys, positions, ok) = entry_keys(entry, binding, &mut problems);
            if ok {
                let binding = &mut map.bindings[index];
                binding.keys = keys;
                // A label written for the default keys would now be wrong.
                binding.keys_label = None;
                given[index] = Some(positions);
            }
        }
        problems.extend(map.clashes(&given));
        if problems.is_empty() {
            *self = map;
            Ok(())
        } else {
            problems.sort_by_key(|(at, _)| (at.line, at.column));
            Err(problems)
        }
    }

    /// The keys that would do two things in one context, each blamed on a key the user gave.
    /// A global binding counts in every context where it acts (not for typed keys in text fields).
    fn clashes(&self, given: &[Option<Vec<Position>>]) -> Vec<(Position, String)> {
        // (binding, key index) blamed → the names of the bindings it clashes with.
        let mut found: Vec<((usize, usize), Vec<String>)> = Vec::new();
        for context in Context::ALL {
            let mut seen: Vec<(Key, usize, usize)> = Vec::new();
            for (b, binding) in self.bindings.iter().enumerate() {
                let acts_here = binding.context == context
                    || (binding.context == Context::Global
                        && context != Context::Global
                        && !moot_in(binding.action, context));
                if !acts_here {
                    continue;
                }
                for (k, key) in binding.keys.iter().enumerate() {
                    if binding.context == Context::Global && context.types_text() && key.is_typed() {
                        continue;
                    }
                    for &(other_key, ob, ok) in &seen {
                        if other_key != *key || ob == b {
                            continue;
                        }
                        let at = |b: usize, k: usize| given[b].as_ref().and_then(|p| p.get(k).copied());
                        // Blame the one written later in the file; a default never clashes with a default.
                        let blamed = match (at(b, k), at(ob, ok)) {
                            (Some(x), Some(y)) if (x.line, x.column) < (y.line, y.column) => ((ob, ok), b),
                            (Some(_), _) => ((b, k), ob),
                            (None, Some(_)) => ((ob, ok), b),
                            (None, None) => continue,
                        };
                        let other = self.bindings[blamed.1].name();
                        match found.iter_mut().find(|(key, _)| *key == blamed.0) {
                            Some((_, names)) if !names.contains(&other) => names.push(other),
                            Some(_) => {}
                            None => found.push((blamed.0, vec![other])),
                        }
                    }
                    seen.push((*key, b, k));
                }
            }
        }
        found
            .into_iter()
            .filter_map(|((b, k), others)| {
                let at = given[b].as_ref()?.get(k).copied()?;
                let binding = &self.bindings[b];
                Some((
                    at,
                    format!(
                        "{} for \"{}\" is already bound to {} (a key can do one thing per screen)",
                        binding.keys[k].label(),
                        binding.name(),
                        others.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ")
                    ),
                ))
            })
            .collect()
    }

    fn unknown_action(&self, name: &str) -> String {
        let listed =
            |context: Context| self.in_context(context).map(|b| b.action.name()).collect::<Vec<_>>().join(", ");
        match name.split_once('.').and_then(|(c, _)| Context::from_name(c)) {
            Some(context) => {
                format!("unknown action \"{name}\" (the actions of {}: {})", context.name(), listed(context))
            }
            None => format!(
                "unknown action \"{name}\": actions are named <context>.<action>, e.g. \"interview.skip\"; the contexts: {}",
                Context::ALL.map(Context::name).join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    /// An entry as the config file would give it, the n-th key of entry `line` at column n+1.
    fn entry(line: usize, action: &str, keys: &[&str]) -> KeyEntry {
        KeyEntry {
            action: action.into(),
            at: Position { line, column: 1 },
            keys: keys.iter().enumerate().map(|(i, k)| (k.to_string(), Position { line, column: i + 2 })).collect(),
        }
    }

    fn problems(entries: &[KeyEntry]) -> Vec<String> {
        let mut map = KeyMap::default();
        let before = format!("{:?}", map.bindings);
        let out = map.apply(entries).unwrap_err();
        assert_eq!(format!("{:?}", map.bindings), before, "a bad config changes nothing");
        out.into_iter().map(|(at, m)| format!("{}:{}: {m}", at.line, at.column)).collect()
    }

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn every_binding_has_a_unique_name_and_context() {
        let map = KeyMap::default();
        let mut names: Vec<String> = map.bindings.iter().map(Binding::name).collect();
        for (i, b) in map.bindings.iter().enumerate() {
            assert_eq!(map.find(&b.name()), Some(i));
            assert!(Context::ALL.contains(&b.context));
            assert_eq!(Context::from_name(b.context.name()), Some(b.context));
        }
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "two bindings share a name");
        assert!(map.find("interview.skip").is_some() && map.find("global.palette").is_some());
        assert!(map.find("interview.answer").is_some());
    }

    #[test]
    fn the_defaults_pass_the_checks_a_config_must_pass() {
        assert_eq!(KeyMap::default().apply(&[]), Ok(()));
        // As if the user had written every default: no global key is shadowed on any screen either.
        let map = KeyMap::default();
        let given: Vec<Option<Vec<Position>>> = (0..map.bindings.len())
            .map(|i| Some(map.bindings[i].keys.iter().map(|_| Position { line: i + 1, column: 1 }).collect()))
            .collect();
        assert_eq!(map.clashes(&given), []);
    }

    #[test]
    fn key_specs() {
        let ok = |spec: &str| Key::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(ok("x"), Key::ch('x'));
        assert_eq!(ok("X"), Key::ch('X'));
        assert_eq!(ok("shift-x"), Key::ch('X'));
        assert_eq!(ok("?"), Key::ch('?'));
        assert_eq!(ok("-"), Key::ch('-'));
        assert_eq!(ok("ctrl-p"), Key::ctrl('p'));
        assert_eq!(ok("Ctrl-P"), Key::ctrl('p'));
        assert_eq!(ok("space"), Key::ch(' '));
        assert_eq!(ok("enter"), Key::plain(KeyCode::Enter));
        assert_eq!(ok("ESC"), Key::plain(KeyCode::Esc));
        assert_eq!(ok("tab"), Key::plain(KeyCode::Tab));
        assert_eq!(ok("shift-tab"), Key::plain(KeyCode::BackTab));
        assert_eq!(ok("pgup"), Key::plain(KeyCode::PageUp));
        assert_eq!(ok("pgdn"), Key::plain(KeyCode::PageDown));
        assert_eq!(ok("delete"), Key::plain(KeyCode::Delete));
        assert_eq!(ok("f1"), Key::plain(KeyCode::F(1)));
        assert_eq!(ok("alt-x"), Key { code: KeyCode::Char('x'), modifiers: KeyModifiers::ALT });
        assert_eq!(ok("shift-up"), Key { code: KeyCode::Up, modifiers: KeyModifiers::SHIFT });
        assert_eq!(ok("ctrl-up").label(), "Ctrl-↑");
        assert_eq!(ok("alt-x").label(), "Alt-x");
        assert_eq!(ok("shift-up").label(), "Shift-↑");
        assert_eq!(ok("f12").label(), "F12");
        assert_eq!(ok("ctrl-p").label(), "Ctrl-P");
        for bad in ["", "ctrl-", "hyper-x", "f0", "f25", "enterr", "\t", "ctrl-ctrl-x"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} parsed");
        }
        assert!(Key::parse("shift-1").unwrap_err().contains("\"!\""));
        assert!(Key::parse("ctrl-shift-k").unwrap_err().contains("\"ctrl-k\""));
        assert!(Key::parse("hyper-x").unwrap_err().contains("\"shift-tab\""), "the message lists the forms");
    }

    #[test]
    fn shift_tab_as_terminals_send_it_acts() {
        let map = KeyMap::default();
        let shift_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::Form, &shift_tab), Some(Action::NextField));
    }

    #[test]
    fn a_rebinding_moves_the_action_and_what_the_footer_says() {
        let mut map = KeyMap::default();
        map.apply(&[entry(1, "interview.skip", &["x"]), entry(2, "global.palette", &["ctrl-k", "/"])]).unwrap();
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Interview, &key('x')), Some(Action::Skip));
        assert_eq!(map.action(Context::Interview, &key('s')), None, "the old key no longer skips");
        assert!(map.footer(Context::Interview).contains(&("x".to_string(), "skip")));
        let ctrl_k = press(KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Context::Sessions, &ctrl_k), Some(Action::OpenPalette));
        let ctrl_p = press(KeyCode::Char('p'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Context::Sessions, &ctrl_p), None);
        // In the palette Ctrl-K is "previous match": the palette's own binding comes first.
        assert_eq!(map.action(Context::Palette, &ctrl_k), Some(Action::Up));
        assert!(map.footer(Context::Sessions).contains(&("Ctrl-K or /".to_string(), "palette")));
        map.apply(&[entry(1, "global.palette", &["f2"])]).unwrap();
        assert!(map.footer(Context::Sessions).contains(&("F2".to_string(), "palette")), "no stale label");
        assert_eq!(map.keys_of(Context::Interview, Action::Skip).as_deref(), Some("x"));
        assert_eq!(map.keys_of(Context::Help, Action::Cancel).as_deref(), Some("Esc/q"));
        assert_eq!(map.keys_of(Context::Interview, Action::Digit(3)).as_deref(), Some("0–9"));
        assert_eq!(map.keys_of(Context::Sessions, Action::Skip), None);
    }

    #[test]
    fn swapping_two_keys_is_fine_but_one_key_for_two_things_is_not() {
        let mut map = KeyMap::default();
        map.apply(&[entry(1, "interview.skip", &["d"]), entry(2, "interview.dont-know", &["s"])]).unwrap();
        assert_eq!(
            problems(&[entry(1, "interview.skip", &["x", "q"])]),
            [
                "1:3: q for \"interview.skip\" is already bound to \"interview.back\" (a key can do one thing per screen)"
            ]
        );
        // A global key clashes with every screen where it would act, in one message.
        assert_eq!(
            problems(&[entry(4, "global.help", &["q"])]),
            [
                "4:2: q for \"global.help\" is already bound to \"sessions.back\", \"session.back\", \"interview.back\", \
                 \"divergence.back\", \"diagnosis.back\", \"follow-ups.cancel\", \"conflicts.cancel\", \"claims.cancel\", \"verify.cancel\" (a key can do one thing per screen)"
            ]
        );
        // Two user entries: the later one is blamed.
        assert_eq!(
            problems(&[entry(1, "interview.skip", &["z"]), entry(2, "interview.flag", &["z"])]),
            [
                "2:2: z for \"interview.flag\" is already bound to \"interview.skip\" (a key can do one thing per screen)"
            ]
        );
        assert_eq!(
            problems(&[entry(3, "interview.skip", &["x", "x"])]),
            ["3:3: \"x\" is listed twice for \"interview.skip\""]
        );
    }

    #[test]
    fn names_keys_and_places_are_checked() {
        assert_eq!(
            problems(&[entry(1, "interview.skp", &["x"])]),
            [
                "1:1: unknown action \"interview.skp\" (the actions of interview: up, down, next-row, previous-row, page-up, page-down, answer, \
              previous, next, tick, notes, skip, dont-know, flag, next-open, back, quote, source, follow-ups, launch, involvement, room, consent, retired, hints, resolve-conflict, claims, verify-claims)"
            ]
        );
        assert!(problems(&[entry(1, "skip", &["x"])])[0].contains("<context>.<action>"));
        assert!(problems(&[entry(1, "sessions.skip", &["x"])])[0].contains("the actions of sessions: up, down"));
        assert!(
            problems(&[entry(2, "interview.answer", &["x"])])[0]
                .starts_with("2:1: \"interview.answer\" is the digit keys")
        );
        assert_eq!(
            problems(&[entry(5, "editor.leave", &["esc", "q"])]),
            [
                "5:3: \"q\" would type text in editor (notes editor): use a Ctrl- or Alt- key or a named key such as \"f2\""
            ]
        );
        let all = problems(&[entry(1, "interview.skip", &["ctrl-"]), entry(2, "nope.x", &["x"])]);
        assert_eq!(all.len(), 2, "every problem, in file order: {all:?}");
        assert!(all[0].starts_with("1:2: unknown key \"ctrl-\"") && all[1].starts_with("2:1: unknown action"));
    }
}
