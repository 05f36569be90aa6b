//! Screen 1: every session in the data folder — open, create, delete, rename, filter, export.
//! A component of its own state (the list, its filter and selection).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use crate::session::Session;
use crate::storage::Listed;
use crate::ui::command::Component;
use crate::ui::command::{Command, Status};
use crate::ui::env::{Ctx, Env};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context};
use crate::ui::overlays::confirm::Confirm;
use crate::ui::overlays::line_form::{LineForm, Purpose};
use crate::ui::widgets::{self, text_field::Field};

#[derive(Default)]
pub struct SessionsState {
    pub list: Vec<Listed>,
    /// Index into [`SessionsState::visible`].
    pub selected: usize,
    /// Only sessions whose organisation holds this (any case) are shown; empty shows all.
    pub filter: String,
}

impl SessionsState {
    /// The listed items shown: those matching the filter (a file that cannot be read matches
    /// by its name).
    pub fn visible(&self) -> Vec<usize> {
        let filter = self.filter.to_lowercase();
        (0..self.list.len())
            .filter(|&i| {
                filter.is_empty()
                    || match &self.list[i] {
                        Listed::Session(s) => s.organisation.to_lowercase().contains(&filter),
                        Listed::Unreadable { file, .. } => file.to_string_lossy().to_lowercase().contains(&filter),
                    }
            })
            .collect()
    }

    /// The selected item, if any is shown.
    pub fn chosen(&self) -> Option<&Listed> {
        self.visible().get(self.selected).map(|&i| &self.list[i])
    }

    /// Shows only the sessions whose organisation holds `filter`, from the first.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = 0;
    }

    /// Replaces the list (after a change in the folder), keeping the selection in range.
    pub fn set_list(&mut self, list: Vec<Listed>) {
        self.list = list;
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    /// Selects the session with this id, if it is shown.
    pub fn select_id(&mut self, id: &str) {
        let visible = self.visible();
        if let Some(i) = visible.iter().position(|&i| matches!(&self.list[i], Listed::Session(s) if s.id == id)) {
            self.selected = i;
        }
    }
}

impl Component for SessionsState {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Sessions
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        update(action, self)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits) {
        render(frame, area, self, ctx.env, hits);
    }
}

/// One key on the sessions screen.
fn update(action: Action, state: &mut SessionsState) -> Vec<Command> {
    let count = state.visible().len();
    let status = |s: Status| vec![Command::Status(s)];
    match action {
        Action::Select(Hit::Session(i)) => state.selected = i.min(count.saturating_sub(1)),
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(count.saturating_sub(1)),
        Action::FilterSessions => {
            let form = LineForm::new(Purpose::Filter, Field::with_text("Organisation", &state.filter));
            return vec![Command::show(form)];
        }
        Action::ImportFile => {
            let form = LineForm::new(Purpose::Import, Field::new("File", "a path, e.g. ~/Downloads/acme-ana.json"));
            return vec![Command::show(form)];
        }
        Action::RenameSession | Action::ExportSession | Action::MergeFile => {
            return match LineForm::for_session(action, state.chosen()) {
                Ok(form) => vec![Command::show(form)],
                Err(why) => status(why),
            };
        }
        Action::Open => {
            return match state.chosen() {
                Some(Listed::Session(s)) => vec![Command::OpenSession(s.id.clone())],
                Some(Listed::Unreadable { error, .. }) => status(Status::error(format!("Cannot open: {error}"))),
                None => status(Status::info("No sessions yet: press n to start one.")),
            };
        }
        Action::NewSession => return vec![Command::show(crate::ui::overlays::forms::NewSessionForm::default())],
        Action::DeleteSession => {
            if let Some(Listed::Session(s)) = state.chosen() {
                let (id, organisation, interviews) = (s.id.clone(), s.organisation.clone(), s.interviews.len());
                return vec![Command::show(Confirm::Delete { id, organisation, interviews })];
            }
        }
        Action::Back => return vec![Command::Quit],
        _ => {}
    }
    Vec::new()
}

fn render(frame: &mut Frame, area: Rect, state: &SessionsState, env: &Env, hits: &mut Hits) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let title = Line::from(vec![
        ratatui::text::Span::styled("crosscheck", widgets::title_style()),
        ratatui::text::Span::raw(" · sessions"),
        ratatui::text::Span::styled("   notes stay on this machine, readable by you only", widgets::dim()),
    ]);
    frame.render_widget(Paragraph::new(title), head);
    if state.list.is_empty() {
        let text = "No sessions yet.\n\nPress n to start one: give the organisation's name (and yours), then add\nan interview for each function you talk to.";
        frame.render_widget(Paragraph::new(text).block(Block::bordered().title(" Sessions ")), body);
        return;
    }
    let visible = state.visible();
    let rows = visible.iter().map(|&k| &state.list[k]).enumerate().map(|(i, item)| {
        let row = match item {
            Listed::Session(s) => {
                let (covered, total) = progress(env, s);
                Row::new(vec![
                    Cell::from(s.organisation.clone()),
                    Cell::from(s.interviewer.clone().unwrap_or_default()),
                    Cell::from(s.created_at.format("%Y-%m-%d").to_string()),
                    Cell::from(s.interviews.len().to_string()),
                    Cell::from(format!("{} {covered}/{total}", widgets::bar(covered, total))),
                ])
            }
            Listed::Unreadable { file, error } => Row::new(vec![
                Cell::from(format!("⚠ {}", file.file_name().map(|f| f.to_string_lossy()).unwrap_or_default())),
                Cell::from(error.to_string()),
            ]),
        };
        if i == state.selected { row.style(widgets::selected()) } else { row }
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(20),
    ];
    let header =
        Row::new(["Organisation", "Interviewer", "Created", "Interviews", "Progress"]).style(widgets::title_style());
    let table =
        Table::new(rows, widths).header(header).block(Block::bordered().title(sessions_title(state, visible.len())));
    let rows = widgets::TableRows::in_body(area);
    let offset = rows.offset(state.selected);
    frame.render_stateful_widget(table, body, &mut ratatui::widgets::TableState::new().with_offset(offset));
    rows.record(hits, body, offset, visible.len(), Hit::Session);
}

/// " Sessions (3) ", or with a filter " Sessions · 2 of 3 matching “acme” ".
fn sessions_title(state: &SessionsState, shown: usize) -> String {
    let all = state.list.len();
    if state.filter.is_empty() {
        format!(" Sessions ({all}) ")
    } else {
        format!(" Sessions · {shown} of {all} matching “{}” (f to change) ", state.filter)
    }
}

/// Questions covered and questions in all of a session's interviews.
fn progress(env: &Env, s: &Session) -> (usize, usize) {
    s.interviews.iter().fold((0, 0), |(c, t), i| {
        let total = env.catalog.bank(&i.function).map_or(0, |b| b.questions_in(&s.scope));
        (c + i.covered(), t + total)
    })
}
