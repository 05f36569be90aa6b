//! Screen 2: one session — its interviews; add one, open one. A component: its update sees
//! only the session, the catalog and its own selection, and returns commands.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, List, ListItem, Paragraph, Row, Table};

use super::app::{App, SaveState};
use super::command::{Command, Edit, ReadOnly, Status};
use super::form::AddInterviewForm;
use super::keymap::{Action, KeyMap};
use super::widgets::{self, text_field};
use crate::bank::Catalog;
use crate::session::Session;

/// What the session screen reads to decide what a key means; never the app.
pub struct Ctx<'a> {
    pub session: &'a Session,
    pub catalog: &'a Catalog,
    /// Whether changes can be made (false read-only); the app refuses them in any case.
    pub writable: bool,
}

/// One key on the session screen; `selected` is the highlighted interview.
pub fn update(action: Action, selected: &mut usize, ctx: &Ctx) -> Vec<Command> {
    let count = ctx.session.interviews.len();
    match action {
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Action::Open if count == 0 => {
            return vec![Command::Status(Status::info("No interviews yet: press a to add one."))];
        }
        Action::Open => return vec![Command::OpenInterview(*selected)],
        Action::OpenDivergence => return vec![Command::OpenDivergence],
        Action::AddInterview if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        Action::AddInterview => {
            let functions: Vec<(String, String)> =
                ctx.catalog.banks.iter().map(|b| (b.function.clone(), b.title.clone())).collect();
            // The first function not interviewed yet.
            let done = |f: &str| ctx.session.interviews.iter().any(|i| i.function == f);
            let next = functions.iter().position(|(f, _)| !done(f)).unwrap_or(0);
            let form = AddInterviewForm::new(functions, next);
            return vec![Command::Show(super::overlay::Overlay::AddInterview(Box::new(form)))];
        }
        Action::Back => return vec![Command::CloseSession],
        _ => {}
    }
    Vec::new()
}

/// A key in the add-interview form: None while it stays open, else what to do as it closes.
pub fn update_add_form(form: &mut AddInterviewForm, action: Action, ctx: &Ctx) -> Option<Vec<Command>> {
    match action {
        Action::NextField => form.next_field(),
        Action::Up => form.up(),
        Action::Down => form.down(),
        Action::Cancel => return Some(Vec::new()),
        Action::Confirm => {
            let (function, _) = form.functions.get(form.chosen).cloned()?;
            let budget_minutes = match form.budget_minutes() {
                Ok(m) => m,
                Err(e) => {
                    form.error = Some(e);
                    form.focus = 3;
                    return None;
                }
            };
            let version = ctx.catalog.bank(&function).map(|b| b.version.clone()).unwrap_or_default();
            let edit = Edit::AddInterview {
                function,
                version,
                interviewee: Some(form.interviewee.value()).filter(|s| !s.is_empty()),
                role: Some(form.role.value()).filter(|s| !s.is_empty()),
                budget_minutes,
            };
            // The new interview comes last: open it.
            return Some(vec![Command::Edit(edit), Command::OpenInterview(ctx.session.interviews.len())]);
        }
        _ => {}
    }
    None
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(open) = app.open.as_ref() else { return };
    let s = open.session();
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let mut title = vec![Span::styled(s.organisation.clone(), widgets::title_style())];
    if let Some(who) = &s.interviewer {
        title.push(Span::raw(format!(" · interviewer {who}")));
    }
    let saved = save_text(&open.save);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(saved.chars().count() as u16)]).areas(head);
    let id = Line::styled(format!("session {} · created {}", s.id, s.created_at.format("%Y-%m-%d")), widgets::dim());
    frame.render_widget(Paragraph::new(vec![Line::from(title), id]), left);
    frame.render_widget(Span::raw(saved), right);
    if s.interviews.is_empty() {
        let text = "No interviews yet.\n\nPress a to add one: choose the function (Product, Sales, Customer Success,\nEngineering, Operations) and, if you like, who you are talking to.";
        frame.render_widget(Paragraph::new(text).block(Block::bordered().title(" Interviews ")), body);
        return;
    }
    let rows = s.interviews.iter().enumerate().map(|(i, iv)| {
        let bank = app.catalog.bank(&iv.function);
        let total = bank.map_or(0, |b| b.questions.len());
        let title = bank.map_or(iv.function.as_str(), |b| b.title.as_str());
        let row = Row::new(vec![
            Cell::from(crate::session::Interview::number_label(title, s.number_of(i))),
            Cell::from(if iv.interviewee.is_none() && iv.role.is_none() { String::new() } else { iv.who() }),
            Cell::from(format!("{} {}/{}", widgets::bar(iv.covered(), total), iv.covered(), total)),
            Cell::from(widgets::minutes(iv.elapsed_seconds)),
            Cell::from(iv.started_at.format("%Y-%m-%d %H:%M").to_string()),
        ]);
        if i == open.selected { row.style(widgets::selected()) } else { row }
    });
    let widths = [
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Length(16),
        Constraint::Length(8),
        Constraint::Length(16),
    ];
    let header =
        Row::new(["Interview", "Interviewee", "Progress", "Time", "Started (UTC)"]).style(widgets::title_style());
    let table = Table::new(rows, widths)
        .header(header)
        .block(Block::bordered().title(format!(" Interviews ({}) ", s.interviews.len())));
    let offset = widgets::TableRows::in_body(area).offset(open.selected);
    frame.render_stateful_widget(table, body, &mut ratatui::widgets::TableState::new().with_offset(offset));
}

/// The interview listed on screen row `y` (for mouse clicks).
pub fn row_at(app: &App, body: Rect, y: u16) -> Option<usize> {
    let open = app.open.as_ref()?;
    widgets::TableRows::in_body(body).item_at(y, open.selected, open.session().interviews.len())
}

pub fn save_text(save: &SaveState) -> String {
    match save {
        SaveState::Saved => "✓ saved".into(),
        SaveState::Pending => "… saving".into(),
        SaveState::Failed(_) => "✗ NOT SAVED — retrying".into(),
        SaveState::ReadOnly => "read-only".into(),
    }
}

pub fn render_add_form(frame: &mut Frame, area: Rect, form: &AddInterviewForm, keymap: &KeyMap) {
    let height = form.functions.len() as u16 + 10;
    let inner = widgets::popup(frame, area, 64, height, "Add an interview");
    let [label, list, _, a, b, c, err, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(form.functions.len() as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let marker = if form.focus == 0 { "› " } else { "  " };
    frame.render_widget(Span::styled(format!("{marker}Function (↑/↓)"), widgets::title_style()), label);
    let items = form.functions.iter().enumerate().map(|(i, (id, title))| {
        let mark = if i == form.chosen { "(•)" } else { "( )" };
        let item = ListItem::new(format!("    {mark} {title}  [{id}]"));
        if i == form.chosen { item.style(widgets::selected()) } else { item }
    });
    frame.render_widget(List::new(items), list);
    text_field::render(frame, a, &form.interviewee, form.focus == 1);
    text_field::render(frame, b, &form.role, form.focus == 2);
    text_field::render(frame, c, &form.budget, form.focus == 3);
    if let Some(e) = &form.error {
        frame.render_widget(Paragraph::new(format!("⚠ {e}")), err);
    }
    frame.render_widget(Paragraph::new(widgets::form_hint(keymap, "start")).style(widgets::dim()), hint);
}
