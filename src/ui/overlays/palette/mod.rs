//! The palette (`Ctrl-P` or `/`): fuzzy search over every bank's questions, the
//! topics and the commands. Scores are computed when the query changes, never per frame.
//!
//! Matching uses nucleo-matcher rather than fuzzy-matcher: over 10,000 questions fuzzy-matcher
//! took 14–19 ms a keystroke, past the 5 ms budget (see `benches/palette.rs`, which measures
//! both side by side).

mod go;
mod search;
#[cfg(test)]
mod tests;
mod view;

use std::rc::Rc;

use crossterm::event::KeyEvent;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::bank::Catalog;
use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::text_field::Field;
use go::go;

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
    /// The tag where room is short: the function's short name ("CS").
    pub short_tag: String,
    /// Other names the entry's own id goes by: with the function's short name for its own
    /// ("cs.training" for `customer-success.training`). Found, not shown.
    aliases: Vec<String>,
}

impl Entry {
    fn new(tag: &str, ids: Vec<String>, text: &str, target: Target) -> Entry {
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().into_boxed_str())
            .collect();
        let (short_tag, aliases) = (tag.to_string(), Vec::new());
        Entry { text: text.to_string(), tag: tag.to_string(), ids, words, target, short_tag, aliases }
    }

    fn has_word(&self, query: &str) -> bool {
        self.words.iter().any(|w| &**w == query)
    }
}

/// How many matches on each side of the selection are kept ranked and highlighted: more than
/// the palette has rows.
const AHEAD: usize = 100;

/// More texts to score one by one than this, and a keystroke scores this many and shows what
/// it has; the rest are scored between frames (see [`Palette::work`]), so a query that starts
/// no word of 10,000 questions does not hold up typing. About 2 ms of scoring on two cores.
const SCORED_PER_FRAME: usize = 1_500;

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
                // Found by the words read aloud, the case as a session without one reads it.
                let text = crate::bank::fill(&q.text, &crate::bank::Case::default());
                let mut entry = Entry::new(&bank.title, ids, &text, target);
                entry.short_tag = bank.short_name().to_string();
                let short = bank.short_name().to_lowercase();
                if let Some(rest) = q.id.strip_prefix(&format!("{}.", bank.function)).filter(|_| short != bank.function)
                {
                    entry.aliases.push(format!("{short}.{rest}"));
                }
                entries.push(entry);
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
                let aliases = if own { e.aliases.as_slice() } else { &[] };
                for id in ids.unwrap_or_default().iter().chain(aliases) {
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
    /// The texts still to score for that query, between frames; `best` and `scored` what is
    /// ranked of it so far (`matches` is their union, in order).
    pending: Vec<usize>,
    best: Vec<(usize, i64)>,
    scored: Vec<(usize, i64)>,
    /// Whether every pending text is known to match (a plain query's letters in order).
    pending_match: bool,
    search: search::Search,
    /// The function of the interview on screen: its questions rank first (see [`home_first`]).
    home: Option<String>,
}

const COMMANDS: [(&str, Action); 10] = [
    ("Launch in view: name or change it", Action::NameLaunch),
    ("Scope: the pillars this engagement covers", Action::EditScope),
    ("Follow-up of an earlier engagement: say which", Action::EditFollows),
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
            pending: Vec::new(),
            best: Vec::new(),
            scored: Vec::new(),
            pending_match: true,
            search: search::Search::default(),
            home: None,
        };
        palette.rescore();
        palette
    }

    /// The same palette opened in an interview of `function`: that interview's questions rank
    /// before other functions' of a similar score, and the others are marked as elsewhere.
    pub fn at_home(mut self, function: Option<&str>) -> Palette {
        self.home = function.map(str::to_string);
        self.scored_for.clear();
        self.rescore();
        self
    }

    /// Whether entry `i` is a question of the interview on screen's function.
    pub fn is_home(&self, i: usize) -> bool {
        is_home(&self.targets.entries[i], self.home.as_deref())
    }

    /// Whether entry `i` leads to a question of another function than the interview on screen's.
    pub fn is_elsewhere(&self, i: usize) -> bool {
        self.home.is_some() && matches!(self.targets.entries[i].target, Target::Question { .. }) && !self.is_home(i)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.targets.entries
    }

    pub fn type_key(&mut self, key: KeyEvent) {
        self.query.input(key);
        self.rescore();
    }

    pub fn paste_text(&mut self, text: &str) {
        self.query.paste(text);
        self.rescore();
    }

    /// Recomputes the matches for the query; a query that extends the last one only rescores
    /// what matched before (or was still to score), since nothing else can match it.
    pub fn rescore(&mut self) {
        let query = self.query.value();
        let unranked = std::mem::take(&mut self.unranked);
        let pending = std::mem::take(&mut self.pending);
        self.scored.clear();
        if query.is_empty() {
            self.best.clear();
            self.matches = (0..self.entries().len()).map(|i| (i, 0, Vec::new())).collect();
        } else {
            let candidates: Vec<usize> = if !self.scored_for.is_empty() && query.starts_with(&self.scored_for) {
                self.matches.iter().map(|m| m.0).chain(unranked).chain(pending).collect()
            } else {
                (0..self.entries().len()).collect()
            };
            let split = self.search.split(&self.targets.index, &query, &candidates);
            self.best = split.best;
            if split.matching && self.best.len() >= AHEAD {
                // What shows scores the most a match can: the rest is ranked when scrolled to.
                self.unranked = split.rest;
            } else {
                self.pending = split.rest;
                self.pending_match = split.matching;
            }
            self.scored_for = query;
            self.score_some();
        }
        if self.scored_for != self.query.value() {
            self.scored_for.clear(); // the empty query
        }
        self.selected = 0;
        self.highlight();
    }

    /// Scores the next pending texts (all, when few are left) and ranks what is scored so far.
    fn score_some(&mut self) {
        let take = if self.pending.len() > 2 * SCORED_PER_FRAME { SCORED_PER_FRAME } else { self.pending.len() };
        let chunk: Vec<usize> = self.pending.drain(..take).collect();
        let scored = self.search.score(&self.targets.index, &self.scored_for, &chunk);
        self.scored.extend(scored);
        self.scored.sort_unstable_by_key(|&(i, score)| (std::cmp::Reverse(score), i));
        let ranked: Vec<(usize, i64)> = self.best.iter().chain(&self.scored).copied().collect();
        let query = self.scored_for.clone();
        let ranked = self.home_first(ranked, &query);
        self.matches = ranked.into_iter().map(|(i, s)| (i, s, Vec::new())).collect();
        self.exact_first(&query);
    }

    /// Whether texts are still to be scored for the query (the list shown may still change).
    pub fn ranking(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Scores the next texts still to score between frames; true while more are left.
    pub fn work(&mut self) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let chosen = self.chosen().map(|e| e.target.clone());
        self.score_some();
        // The selection stays on what it was on, if that is still shown.
        let keep = chosen.and_then(|t| self.matches.iter().position(|m| self.targets.entries[m.0].target == t));
        self.selected = keep.unwrap_or(0);
        self.highlight();
        self.ranking()
    }

    /// Scores everything still to score (tests, benches).
    pub fn settle(&mut self) {
        while self.work() {}
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
            let names = |i: usize| entries[i].ids.iter().chain(&entries[i].aliases);
            let inside = (0..entries.len()).filter(|&i| names(i).any(|id| id.contains(&query)));
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
        // Among equal scores, whole words before word starts: the matches are best first, so a
        // stable sort by score then "not a whole word" partitions each run of ties, in one pass
        // (moving each run out and back cost a pass per distinct score over 10,000 matches).
        let from = self.matches.iter().take_while(|m| m.1 > top).count();
        self.matches[from..].sort_by_cached_key(|m| (std::cmp::Reverse(m.1), !entries[m.0].has_word(&query)));
    }

    /// The ranked matches with the interview on screen's questions first among similar scores:
    /// its questions still unranked are scored now (a bank's worth) and join those ranked when
    /// they reach them, so that everything left unranked still ranks below.
    fn home_first(&mut self, mut ranked: Vec<(usize, i64)>, query: &str) -> Vec<(usize, i64)> {
        let Some(home) = self.home.as_deref() else { return ranked };
        let entries = &self.targets.entries;
        if !self.unranked.is_empty() {
            let (own, rest): (Vec<usize>, Vec<usize>) =
                self.unranked.iter().partition(|&&i| is_home(&entries[i], Some(home)));
            let scored = self.search.rank_rest(&self.targets.index, query, &own);
            let lowest = ranked.last().map_or(i64::MIN, |r| r.1);
            let (join, stay): (Vec<_>, Vec<_>) = scored.into_iter().partition(|&(_, s)| s + s / 4 >= lowest);
            ranked.extend(join);
            self.unranked = rest.into_iter().chain(stay.into_iter().map(|s| s.0)).collect();
        }
        home_bonus(ranked, entries, Some(home))
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

    /// How many entries match the query (so far, while texts that may not match are still to
    /// score).
    pub fn match_count(&self) -> usize {
        self.matches.len() + self.unranked.len() + if self.pending_match { self.pending.len() } else { 0 }
    }

    /// Moves the selection, ranking the rest of the matches first when it comes near them.
    fn select(&mut self, selected: usize) {
        self.selected = selected.min(self.match_count().saturating_sub(1));
        if self.selected + AHEAD > self.matches.len() && !self.unranked.is_empty() {
            let rest = self.search.rank_rest(&self.targets.index, &self.scored_for, &self.unranked);
            let rest = home_bonus(rest, &self.targets.entries, self.home.as_deref());
            self.unranked.clear();
            self.matches.extend(rest.into_iter().map(|(i, s)| (i, s, Vec::new())));
        }
        self.highlight();
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.matches.get(self.selected).map(|m| &self.entries()[m.0])
    }
}

impl Component for Palette {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Palette
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
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

    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.type_key(key);
        Vec::new()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        self.paste_text(text);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _ctx: &Ctx, _hits: &mut Hits) {
        view::render(frame, area, self);
    }

    fn busy(&self) -> bool {
        self.ranking()
    }

    fn work(&mut self) {
        Palette::work(self);
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

/// The targets kept between openings: built from the catalog when the palette first opens,
/// and again only when the session's claims change (the palette finds them by their text).
#[derive(Default)]
pub struct Cache {
    targets: Option<Rc<Targets>>,
    /// The claims' ids and last edits the targets were built with.
    claims: Vec<(String, chrono::DateTime<chrono::Utc>)>,
}

impl Cache {
    /// A palette over `catalog` and the claims of `session`, opened in an interview of `home`
    /// if one is on screen.
    pub fn open(
        &mut self,
        catalog: &Catalog,
        session: Option<&crate::session::Session>,
        home: Option<&str>,
    ) -> Palette {
        let claims: Vec<_> = session
            .map(|s| s.interviews.iter().flat_map(|i| i.claims.iter().map(|c| (c.id.clone(), c.edited_at))).collect())
            .unwrap_or_default();
        if claims != self.claims {
            self.targets = None;
            self.claims = claims;
        }
        let targets = self.targets.get_or_insert_with(|| Rc::new(Targets::with_claims(catalog, session)));
        Palette::over(Rc::clone(targets)).at_home(home)
    }
}

/// Whether `entry` is a question of `home`, the function of the interview on screen.
fn is_home(entry: &Entry, home: Option<&str>) -> bool {
    matches!((&entry.target, home), (Target::Question { function, .. }, Some(home)) if function == home)
}

/// Scores with the interview on screen's questions counted a quarter higher, best first (ties
/// in the order given): the person in front of you comes before a similar match elsewhere.
fn home_bonus(mut scored: Vec<(usize, i64)>, entries: &[Entry], home: Option<&str>) -> Vec<(usize, i64)> {
    if home.is_none() {
        return scored;
    }
    for (i, score) in &mut scored {
        if is_home(&entries[*i], home) {
            *score += *score / 4;
        }
    }
    scored.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    scored
}
