//! Screen 4: the divergence matrix — topics × receiving functions, most severe first — with the
//! answers behind the selected cell side by side.

mod detail;
mod draw;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::bank::Catalog;
use crate::divergence::{Cell, Divergence, TopicDivergence};
use crate::session::Session;
use crate::ui::command::Command;
use crate::ui::command::Component;
use crate::ui::env::{Ctx, Env};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context};
use crate::ui::theme::Theme;

/// The matrix as computed when the screen opened, the selected cell, and the evidence behind
/// each topic selected so far.
pub struct DivergenceView {
    /// The matrix alone: cheap to compute for any session, so opening the screen is.
    pub data: Divergence,
    /// By topic id: the topic whole (voices and contrasting terms), computed the first time its
    /// row is selected; the cost is one topic's answers, not the session's.
    details: HashMap<String, TopicDivergence>,
    /// The session's notes split once (terms are weighed against every topic's), when the
    /// first row's evidence is loaded: the session does not change while the screen shows.
    notes: Option<crate::divergence::Notes>,
    pub row: usize,
    /// Index into `data.receivers`.
    pub column: usize,
    /// The claim ledger, as the screen opened: cells mark refuted claims and claims to verify.
    pub claims: Vec<crate::claims::Entry>,
    /// How far the selected cell's detail is scrolled (PgDn/PgUp), in lines.
    pub detail_scroll: u16,
    /// On a follow-up engagement whose earlier one is in the data folder: what moved since.
    pub since: Option<Since>,
    /// Where the engagement's gap index stands among the other engagements of the data folder.
    pub among: Option<crate::norms::Among>,
}

/// The cells of the earlier engagement a follow-up is compared with.
pub struct Since {
    /// The earlier engagement's session id.
    pub earlier: String,
    pub cells: Vec<crate::compare::CellChange>,
}

impl DivergenceView {
    pub fn new(session: &Session, catalog: &Catalog) -> DivergenceView {
        let data = crate::divergence::matrix(session, catalog);
        let claims = crate::claims::ledger(session, catalog);
        let mut view = DivergenceView {
            data,
            details: HashMap::new(),
            notes: None,
            row: 0,
            column: 0,
            claims,
            detail_scroll: 0,
            since: None,
            among: None,
        };
        view.column = view.first_cell_column(0).unwrap_or(0);
        view.load_selected(session, catalog);
        view
    }

    /// The matrix on `topic`'s row (from the palette), or on the most severe.
    pub fn open_at(session: &Session, catalog: &Catalog, topic: Option<&str>) -> DivergenceView {
        let mut view = DivergenceView::new(session, catalog);
        if let Some(topic) = topic {
            view.select_topic(topic);
            view.load_selected(session, catalog);
        }
        view
    }

    /// The movement of each cell since `earlier`, the engagement this one follows up.
    pub fn since(mut self, earlier: &Session, catalog: &Catalog) -> DivergenceView {
        let before = crate::divergence::matrix(earlier, catalog);
        let cells = crate::compare::cells(&before, &self.data, catalog).0;
        self.since = Some(Since { earlier: earlier.id.clone(), cells });
        self
    }

    /// How the cell of `topic` and `function` moved since the earlier engagement, when it did.
    pub fn moved(&self, topic: &str, function: &str) -> Option<&crate::compare::CellChange> {
        self.since.as_ref()?.cells.iter().find(|c| c.topic == topic && c.function == function)
    }

    /// Selects a row, and the cell in `column` if it has one there, else the row's first
    /// (a click on a topic or a cell).
    pub fn select(&mut self, row: usize, column: Option<usize>, session: &Session, catalog: &Catalog) {
        let Some(topic) = self.data.topics.get(row) else { return };
        self.row = row;
        match column {
            Some(c) if self.data.receivers.get(c).is_some_and(|f| topic.cell(f).is_some()) => self.column = c,
            _ => self.column = self.first_cell_column(row).unwrap_or(self.column),
        }
        self.load_selected(session, catalog);
    }

    /// How the claims on `topic` stand with `function`, when the cell is to be marked: a
    /// refuted claim (⊘) or one still to verify (◌).
    pub fn claim_mark(&self, topic: &str, function: &str) -> Option<&'static str> {
        crate::claims::cell_standing(&self.claims, topic, function).and_then(crate::claims::Standing::symbol)
    }

    /// Selects the row of `topic`.
    fn select_topic(&mut self, topic: &str) {
        if let Some(row) = self.data.topics.iter().position(|t| t.topic == topic) {
            self.row = row;
            self.column = self.first_cell_column(row).unwrap_or(0);
        }
    }

    /// Computes the selected topic's evidence, the first time it is selected. Called after
    /// every change of row, so that drawing only reads.
    fn load_selected(&mut self, session: &Session, catalog: &Catalog) {
        let Some(id) = self.data.topics.get(self.row).map(|t| t.topic.as_str()) else { return };
        if self.details.contains_key(id) {
            return;
        }
        let notes = self.notes.get_or_insert_with(|| crate::divergence::Notes::of(session, catalog));
        if let Some(whole) = notes.topic(catalog, id) {
            self.details.insert(id.to_string(), whole);
        }
    }

    /// The selected topic, whole when its evidence is loaded.
    pub(super) fn topic(&self) -> Option<&TopicDivergence> {
        let t = self.data.topics.get(self.row)?;
        Some(self.details.get(&t.topic).unwrap_or(t))
    }

    pub(super) fn cell(&self) -> Option<&Cell> {
        self.topic()?.cell(self.data.receivers.get(self.column)?)
    }

    pub(super) fn first_cell_column(&self, row: usize) -> Option<usize> {
        let t = self.data.topics.get(row)?;
        self.data.receivers.iter().position(|f| t.cell(f).is_some())
    }

    /// Moves to the next column of this row that has a cell.
    fn step_column(&mut self, forward: bool) {
        let Some(t) = self.topic() else { return };
        let n = self.data.receivers.len();
        let mut c = self.column;
        for _ in 0..n {
            c = if forward { (c + 1).min(n - 1) } else { c.saturating_sub(1) };
            if t.cell(&self.data.receivers[c]).is_some() {
                self.column = c;
                return;
            }
        }
    }

    fn step_row(&mut self, forward: bool) {
        let n = self.data.topics.len();
        self.row = if forward { (self.row + 1).min(n.saturating_sub(1)) } else { self.row.saturating_sub(1) };
        // Stay in the column if this row has a cell there, else take its first cell.
        if self.cell().is_none() {
            self.column = self.first_cell_column(self.row).unwrap_or(self.column);
        }
    }
}

impl Component for DivergenceView {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Divergence
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        let Some(session) = ctx.session else { return Vec::new() };
        if action == Action::Recommend {
            return recommend(self, session, ctx);
        }
        if let (Action::ResolveConflict, Some(t)) = (action, self.topic()) {
            let topic = crate::session::Finding::Topic(t.topic.clone());
            return crate::ui::overlays::conflicts::ConflictChoice::on_recommendation(session, &topic, ctx.writable);
        }
        update(action, self, session, &ctx.env.catalog)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits) {
        if let Some(session) = ctx.session {
            draw::render(frame, area, self, session, ctx.env, hits);
        }
    }
}

/// One key on the divergence screen: a component of its own view, reading the session and
/// the catalog; what it cannot do itself (leave) it returns.
fn update(action: Action, view: &mut DivergenceView, session: &Session, catalog: &Catalog) -> Vec<Command> {
    // Another cell's detail starts at its top.
    if matches!(action, Action::Select(_) | Action::Up | Action::Down | Action::Previous | Action::Next) {
        view.detail_scroll = 0;
    }
    match action {
        Action::PageDown => view.detail_scroll = view.detail_scroll.saturating_add(5),
        Action::PageUp => view.detail_scroll = view.detail_scroll.saturating_sub(5),
        Action::Select(Hit::Topic { row, column }) => view.select(row, column, session, catalog),
        Action::Up => view.step_row(false),
        Action::Down => view.step_row(true),
        Action::Previous => view.step_column(false),
        Action::Next => view.step_column(true),
        Action::Back => return vec![Command::ShowSession],
        _ => {}
    }
    view.load_selected(session, catalog);
    Vec::new()
}

/// The form for what to change on the selected topic.
fn recommend(view: &DivergenceView, session: &Session, ctx: &Ctx) -> Vec<Command> {
    use crate::ui::command::{ReadOnly, Status};
    if !ctx.writable {
        return vec![Command::Status(Status::warning(ReadOnly.to_string()))];
    }
    let Some(t) = view.topic() else { return Vec::new() };
    let finding = crate::session::Finding::Topic(t.topic.clone());
    let draft = crate::diagnosis::intervention::on_topic(t, &ctx.env.catalog);
    let existing = session.recommendations_on(&finding).last();
    let about = format!("The topic {}", t.title);
    vec![Command::show(crate::ui::overlays::recommend::RecommendForm::new(finding.clone(), about, existing, draft))]
}

/// The style of a verdict's cell, shared by the matrix and the detail pane (both draw from
/// here, never from each other).
fn verdict_style(verdict: crate::divergence::Verdict, theme: &Theme) -> ratatui::style::Style {
    theme.verdict(verdict)
}

fn function_title<'a>(env: &'a Env, function: &'a str) -> &'a str {
    env.catalog.bank(function).map_or(function, |b| b.title.as_str())
}
