//! The palette (`Ctrl-P` or `/`): fuzzy search over every bank's questions, the
//! topics and the commands. Scores are computed when the query changes, never per frame.
//!
//! Matching uses nucleo-matcher rather than fuzzy-matcher: over 10,000 questions fuzzy-matcher
//! took 14–19 ms a keystroke, past the 5 ms budget (see `benches/palette.rs`, which measures
//! both side by side).

mod search;

use std::rc::Rc;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ctx;
use crate::bank::Catalog;
use crate::ui::command::{Command, Status};
use crate::ui::keymap::Action;
use crate::ui::widgets::{self, text_field::Field};

/// Where a palette entry leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Question {
        function: String,
        index: usize,
    },
    Topic(String),
    Command(Action),
    /// A claim of the open session: its topic's question in the interview it was made in.
    Claim {
        interview: usize,
        question: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Entry {
    /// What the query is matched against.
    pub text: String,
    /// Shown dimmed before the text, and matched before it: the function, "topic" or
    /// "command".
    pub tag: String,
    /// The question's id and its topic's, or the topic's id, lower case: shown after the text;
    /// a query naming one, or shaped like one and inside one, finds the entry first.
    pub ids: Vec<String>,
    /// The text's words in lower case, to rank a whole-word match first.
    words: Box<[Box<str>]>,
    pub target: Target,
}

impl Entry {
    fn new(tag: &str, ids: Vec<String>, text: &str, target: Target) -> Entry {
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().into_boxed_str())
            .collect();
        Entry { text: text.to_string(), tag: tag.to_string(), ids, words, target }
    }

    fn has_word(&self, query: &str) -> bool {
        self.words.iter().any(|w| &**w == query)
    }
}

/// How many matches on each side of the selection are kept ranked and highlighted: more than
/// the palette has rows.
const AHEAD: usize = 100;

/// Everything the palette searches: every bank's questions, the topics and the commands, with
/// their texts prepared for matching. Built once per catalog and shared by every opening.
pub struct Targets {
    pub entries: Vec<Entry>,
    index: search::Index,
    /// Entries by each of their ids and each id's last part (`sales-briefing` for
    /// `launch.sales-briefing`): those it is the own id of first, then those on that topic.
    named: std::collections::HashMap<String, Vec<usize>>,
}

impl Targets {
    pub fn new(catalog: &Catalog) -> Targets {
        Targets::with_claims(catalog, None)
    }

    /// As [`Targets::new`], with the claims of `session` (found by their text) when given.
    pub fn with_claims(catalog: &Catalog, session: Option<&crate::session::Session>) -> Targets {
        let mut entries: Vec<Entry> = COMMANDS
            .iter()
            .map(|(name, action)| Entry::new("command", Vec::new(), name, Target::Command(*action)))
            .collect();
        for bank in &catalog.banks {
            for (index, q) in bank.questions.iter().enumerate() {
                let ids = std::iter::once(&q.id).chain(q.topic.as_ref()).map(|id| id.to_lowercase()).collect();
                let target = Target::Question { function: bank.function.clone(), index };
                entries.push(Entry::new(&bank.title, ids, &q.text, target));
            }
        }
        for t in &catalog.topics {
            entries.push(Entry::new("topic", vec![t.id.to_lowercase()], &t.title, Target::Topic(t.id.clone())));
        }
        entries.extend(session.map(|s| claim_entries(s, catalog)).unwrap_or_default());
        let index = search::Index::new(entries.iter().map(|e| (e.text.as_str(), e.tag.as_str())));
        let mut named: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        // An entry's own id (its first) before the topic it is on.
        for own in [true, false] {
            for (i, e) in entries.iter().enumerate() {
                let ids = if own { e.ids.get(..1) } else { e.ids.get(1..) };
                for id in ids.unwrap_or_default() {
                    let last = id.rsplit('.').next().unwrap_or(id);
                    for name in if last == id { vec![id.as_str()] } else { vec![id.as_str(), last] } {
                        let list = named.entry(name.to_string()).or_default();
                        if !list.contains(&i) {
                            list.push(i);
                        }
                    }
                }
            }
        }
        Targets { entries, index, named }
    }
}

pub struct Palette {
    pub query: Field,
    pub targets: Rc<Targets>,
    /// (entry index, score, matched char positions), best first: at least the matches that can
    /// be shown from the selection on, with their positions found.
    pub matches: Vec<(usize, i64, Vec<usize>)>,
    /// The other matches, all ranking below `matches`: ranked when the selection nears them.
    unranked: Vec<usize>,
    pub selected: usize,
    /// The query the matches were computed for: a longer query only rescores those.
    scored_for: String,
    search: search::Search,
}

const COMMANDS: [(&str, Action); 7] = [
    ("Divergence view", Action::OpenDivergence),
    ("Diagnosis: the evidence read together", Action::OpenDiagnosis),
    ("Follow-ups and quotes", Action::FollowUpList),
    ("Add an interview", Action::AddInterview),
    ("Comparison with the claim on/off", Action::ToggleHints),
    ("Help: every key", Action::Help),
    ("Quit", Action::Quit),
];

impl Palette {
    /// A palette over the catalog, its targets built afresh.
    pub fn new(catalog: &Catalog) -> Palette {
        Palette::over(Rc::new(Targets::new(catalog)))
    }

    pub fn over(targets: Rc<Targets>) -> Palette {
        let mut palette = Palette {
            query: Field::new("›", "type to search questions, topics and commands"),
            targets,
            matches: Vec::new(),
            unranked: Vec::new(),
            selected: 0,
            scored_for: String::new(),
            search: search::Search::default(),
        };
        palette.rescore();
        palette
    }

    pub fn entries(&self) -> &[Entry] {
        &self.targets.entries
    }

    pub fn input(&mut self, key: KeyEvent) {
        self.query.input(key);
        self.rescore();
    }

    pub fn paste(&mut self, text: &str) {
        self.query.paste(text);
        self.rescore();
    }

    /// Recomputes the matches for the query; a query that extends the last one only rescores
    /// what matched before, since nothing else can match it.
    pub fn rescore(&mut self) {
        let query = self.query.value();
        let unranked = std::mem::take(&mut self.unranked);
        if query.is_empty() {
            self.matches = (0..self.entries().len()).map(|i| (i, 0, Vec::new())).collect();
        } else {
            let candidates: Vec<usize> = if !self.scored_for.is_empty() && query.starts_with(&self.scored_for) {
                self.matches.iter().map(|m| m.0).chain(unranked).collect()
            } else {
                (0..self.entries().len()).collect()
            };
            let ranking = self.search.rank(&self.targets.index, &query, &candidates, AHEAD);
            self.matches = ranking.ranked.into_iter().map(|(i, s)| (i, s, Vec::new())).collect();
            self.unranked = ranking.unranked;
            self.exact_first(&query);
        }
        self.scored_for = query;
        self.selected = 0;
        self.highlight();
    }

    /// What the query names exactly comes first: entries it finds by id (those it names, then
    /// those whose id holds it), then, among the best scored, texts holding it as a whole word
    /// (a coincidental match of its letters elsewhere scores as high).
    fn exact_first(&mut self, query: &str) {
        let query = query.trim().to_lowercase();
        if query.chars().count() < 2 {
            return;
        }
        let (entries, named) = (&self.targets.entries, &self.targets.named);
        let top = self.matches.first().map_or(0, |m| m.1);
        let mut by_id: Vec<(i64, usize)> = named.get(&query).into_iter().flatten().map(|&i| (top + 2, i)).collect();
        // A query shaped like an id (with '.' or '-') also finds the ids holding it.
        if query.contains(['.', '-']) {
            let inside = (0..entries.len()).filter(|&i| entries[i].ids.iter().any(|id| id.contains(&query)));
            by_id.extend(
                inside.filter(|i| !by_id.iter().any(|(_, j)| j == i)).map(|i| (top + 1, i)).collect::<Vec<_>>(),
            );
        }
        if !by_id.is_empty() {
            let found: std::collections::HashSet<usize> = by_id.iter().map(|(_, i)| *i).collect();
            self.matches.retain(|m| !found.contains(&m.0));
            self.unranked.retain(|i| !found.contains(i));
            self.matches.splice(0..0, by_id.into_iter().map(|(score, i)| (i, score, Vec::new())));
        }
        // Among the best scored, whole words before word starts (a stable partition of ties).
        let from = self.matches.iter().take_while(|m| m.1 > top).count();
        let to = from + self.matches[from..].iter().take_while(|m| m.1 >= top).count();
        let (whole, start): (Vec<_>, Vec<_>) =
            self.matches.drain(from..to).partition(|m| entries[m.0].has_word(&query));
        self.matches.splice(from..from, whole.into_iter().chain(start));
    }

    /// Finds the matched characters of the matches that can be shown from the selection on.
    fn highlight(&mut self) {
        if self.scored_for.is_empty() {
            return;
        }
        let rows = self.selected.saturating_sub(AHEAD)..(self.selected + AHEAD).min(self.matches.len());
        let missing: Vec<usize> = rows.filter(|&r| self.matches[r].2.is_empty()).collect();
        let found =
            self.search.indices(&self.targets.index, &self.scored_for, missing.iter().map(|&r| self.matches[r].0));
        for (r, positions) in missing.into_iter().zip(found) {
            self.matches[r].2 = positions;
        }
    }

    /// How many entries match the query.
    pub fn match_count(&self) -> usize {
        self.matches.len() + self.unranked.len()
    }

    /// Moves the selection, ranking the rest of the matches first when it comes near them.
    fn select(&mut self, selected: usize) {
        self.selected = selected.min(self.match_count().saturating_sub(1));
        if self.selected + AHEAD > self.matches.len() && !self.unranked.is_empty() {
            let rest = self.search.rank_rest(&self.targets.index, &self.scored_for, &self.unranked);
            self.unranked.clear();
            self.matches.extend(rest.into_iter().map(|(i, s)| (i, s, Vec::new())));
        }
        self.highlight();
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.matches.get(self.selected).map(|m| &self.entries()[m.0])
    }
}

impl Palette {
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select(self.selected + 1),
            // Closing restores nothing because nothing underneath moved.
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let mut out = vec![Command::Close];
                if let Some(entry) = self.chosen() {
                    out.extend(go(&entry.target, ctx));
                }
                return out;
            }
            _ => {}
        }
        Vec::new()
    }
}

/// The session's claims that stand, each leading to its topic's question in its interview.
fn claim_entries(session: &crate::session::Session, catalog: &Catalog) -> Vec<Entry> {
    let mut out = Vec::new();
    for (k, interview) in session.interviews.iter().enumerate() {
        let bank = catalog.bank(&interview.function);
        for c in interview.claims.iter().filter(|c| c.withdrawn_at.is_none()) {
            let question = bank
                .and_then(|b| b.questions.iter().position(|q| q.topic.as_deref() == Some(c.topic.as_str())))
                .unwrap_or(0);
            out.push(Entry::new(
                "claim",
                vec![c.topic.to_lowercase()],
                &c.text,
                Target::Claim { interview: k, question },
            ));
        }
    }
    out
}

/// What the palette's claims were built from: the claims' ids and last edits, to build again
/// only when they change.
pub fn claims_key(session: Option<&crate::session::Session>) -> Vec<(String, chrono::DateTime<chrono::Utc>)> {
    session
        .map(|s| s.interviews.iter().flat_map(|i| i.claims.iter().map(|c| (c.id.clone(), c.edited_at))).collect())
        .unwrap_or_default()
}

/// What the chosen entry leads to.
fn go(target: &Target, ctx: &Ctx) -> Vec<Command> {
    let status = |text: &str| vec![Command::Status(Status::info(text))];
    match target {
        Target::Command(
            Action::OpenDivergence | Action::OpenDiagnosis | Action::AddInterview | Action::FollowUpList,
        ) if ctx.session.is_none() => status("Open a session first (Enter on the sessions screen)."),
        Target::Command(Action::OpenDivergence) => {
            vec![Command::LeaveInterview, Command::OpenDivergence { topic: None }]
        }
        Target::Command(Action::OpenDiagnosis) => vec![Command::LeaveInterview, Command::OpenDiagnosis],
        // The session screen asks for the interview's function.
        Target::Command(Action::AddInterview) => vec![Command::LeaveInterview, Command::Run(Action::AddInterview)],
        Target::Command(Action::ToggleHints) => vec![Command::SetHints(!ctx.env.hints)],
        Target::Command(action) => vec![Command::Run(*action)],
        Target::Topic(_) if ctx.session.is_none() => {
            status("Open a session first: topics lead to its divergence view.")
        }
        Target::Topic(topic) => vec![Command::LeaveInterview, Command::OpenDivergence { topic: Some(topic.clone()) }],
        Target::Question { function, index } => question(function, *index, ctx),
        Target::Claim { interview, question } => {
            vec![Command::GoToQuestion { interview: *interview, question: *question }]
        }
    }
}

/// Goes to a question: in the interview on screen, or in the session's interview of that
/// function (opening it), or says what is missing.
fn question(function: &str, index: usize, ctx: &Ctx) -> Vec<Command> {
    let Some(session) = ctx.session else {
        let text = "Open a session and an interview first; then the palette jumps to its questions.";
        return vec![Command::Status(Status::info(text))];
    };
    let in_current = ctx.showing.filter(|&i| session.interviews.get(i).is_some_and(|iv| iv.function == function));
    let target = in_current.or_else(|| session.interviews.iter().position(|i| i.function == function));
    let title = ctx.env.catalog.bank(function).map_or(function.to_string(), |b| b.title.clone());
    let Some(interview) = target else {
        let text = format!("No {title} interview in this session yet: press a on the session screen to add one.");
        return vec![Command::Status(Status::info(text))];
    };
    let mut out = vec![Command::GoToQuestion { interview, question: index }];
    if in_current.is_none() {
        out.push(Command::Status(Status::info(format!("Opened the {title} interview."))));
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, palette: &Palette) {
    let width = area.width.saturating_sub(4).min(110);
    let height = area.height.saturating_sub(2).min(24);
    let inner = widgets::popup(frame, area, width, height, "Go to — questions, topics, commands");
    let [query, count, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let [prompt, input] = Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(query);
    frame.render_widget(Span::styled("› ", widgets::title_style()), prompt);
    let mut textarea = palette.query.input.clone();
    textarea.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    frame.render_widget(&textarea, input);
    let shown = format!("{} of {} match", palette.match_count(), palette.entries().len());
    frame.render_widget(Paragraph::new(shown).style(widgets::dim()), count);
    let rows = usize::from(list.height);
    let offset = palette.selected.saturating_sub(rows.saturating_sub(1));
    let tag_width = 22;
    let lines: Vec<Line> = palette
        .matches
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(n, (i, _, positions))| {
            let e = &palette.entries()[*i];
            let tag: String = e.tag.chars().take(tag_width - 1).collect();
            let mut spans = vec![Span::styled(format!("{tag:<tag_width$}"), widgets::dim())];
            let mark = Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            // The topic first (what the question compares), then the question's own id, kept
            // whole at the end of the row: the text gives way to them.
            let ids: Vec<&str> = e.ids.iter().rev().map(String::as_str).collect();
            let ids = if ids.is_empty() { String::new() } else { format!("  · {}", ids.join(" · ")) };
            let room = usize::from(list.width).saturating_sub(tag_width + ids.chars().count());
            let long = e.text.chars().count() > room;
            // Matched characters are highlighted; runs of plain text stay in one span.
            let mut plain = String::new();
            for (k, c) in e.text.chars().take(if long { room.saturating_sub(1) } else { room }).enumerate() {
                if positions.contains(&k) {
                    spans.push(Span::raw(std::mem::take(&mut plain)));
                    spans.push(Span::styled(c.to_string(), mark));
                } else {
                    plain.push(c);
                }
            }
            if long {
                plain.push('…');
            }
            spans.push(Span::raw(plain));
            spans.push(Span::styled(ids, widgets::dim()));
            let line = Line::from(spans);
            if n == palette.selected { line.style(widgets::selected()) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    #[test]
    fn matches_below_the_fold_are_ranked_when_scrolled_to() {
        let catalog = crate::testing::catalog(2_500, 3);
        let mut palette = Palette::new(&catalog);
        for c in "la".chars() {
            palette.input(KeyEvent::from(KeyCode::Char(c)));
        }
        let count = palette.match_count();
        assert!(palette.matches.len() < count, "only what can be shown is ranked at first");
        let first: Vec<usize> = palette.matches.iter().map(|m| m.0).collect();
        for _ in 0..count + 5 {
            palette.select(palette.selected + 1);
            assert!(palette.matches.len() > palette.selected, "the selected match is ranked");
            let (i, _, positions) = &palette.matches[palette.selected];
            // Highlighted, unless only the tag with the text matches ("Sales" and an 'a').
            let text = palette.entries()[*i].text.to_lowercase();
            let text_matches = text.find('l').is_some_and(|l| text[l..].contains('a'));
            assert_eq!(!positions.is_empty(), text_matches, "{text}");
        }
        assert_eq!((palette.selected, palette.matches.len(), palette.match_count()), (count - 1, count, count));
        assert_eq!(palette.matches[..first.len()].iter().map(|m| m.0).collect::<Vec<_>>(), first);
        assert!(palette.matches.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
        // Narrowing from a partly ranked list keeps every match.
        let mut narrowed = Palette::new(&catalog);
        for c in "lat".chars() {
            narrowed.input(KeyEvent::from(KeyCode::Char(c)));
        }
        palette.input(KeyEvent::from(KeyCode::Char('t')));
        assert_eq!(palette.match_count(), narrowed.match_count());
    }
}
