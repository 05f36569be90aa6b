//! Screen 2: one session — its interviews; add one, open one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, List, ListItem, Paragraph, Row, Table};

use super::app::{App, InterviewState, Overlay, SaveState, Screen};
use super::form::AddInterviewForm;
use super::keymap::{Action, KeyMap};
use super::widgets::{self, text_field};
use crate::ui::command::Status;

pub fn update(app: &mut App, action: Action) {
    let Some(open) = app.open.as_mut() else {
        app.screen = super::app::Screen::Sessions;
        return;
    };
    let count = open.session().interviews.len();
    match action {
        Action::Up => open.selected = open.selected.saturating_sub(1),
        Action::Down => open.selected = (open.selected + 1).min(count.saturating_sub(1)),
        Action::Open => {
            if count == 0 {
                app.say(Status::info("No interviews yet: press a to add one."));
            } else {
                let index = open.selected;
                open_interview(app, index);
            }
        }
        Action::OpenDivergence => super::divergence::open(app),
        Action::AddInterview if !open.writable() => {
            app.say(Status::warning(super::command::ReadOnly.to_string()));
        }
        Action::AddInterview => {
            let functions: Vec<(String, String)> =
                app.catalog.banks.iter().map(|b| (b.function.clone(), b.title.clone())).collect();
            // The first function not interviewed yet.
            let done = |f: &str| open.session().interviews.iter().any(|i| i.function == f);
            let next = functions.iter().position(|(f, _)| !done(f)).unwrap_or(0);
            app.overlay = Some(Overlay::AddInterview(Box::new(AddInterviewForm::new(functions, next))));
        }
        Action::Back => {
            // A write under way lands (or fails) before the lock is let go.
            app.settle_writes();
            if app.unsaved() {
                app.say(Status::error(
                    "Not saved yet, so the session stays open while crosscheck retries. Free disk space or fix the folder's permissions; Ctrl-C quits and writes an emergency copy.",
                ));
            } else {
                app.open = None;
                app.screen = Screen::Sessions;
                app.reload_sessions();
            }
        }
        _ => {}
    }
}

/// Shows the interview at `index`, at its first question not yet covered.
pub fn open_interview(app: &mut App, index: usize) {
    let Some(open) = app.open.as_mut() else { return };
    let Some(interview) = open.session().interviews.get(index) else { return };
    let Some(bank) = app.catalog.bank(&interview.function) else {
        let text = format!(
            "No bank for function \"{}\" among the loaded banks: start crosscheck with the --banks folder this session used.",
            interview.function
        );
        app.status = Some(Status::warning(text));
        return;
    };
    if bank.questions.is_empty() {
        let text = format!(
            "The {} bank has no questions, so there is nothing to ask: add questions to it and start crosscheck again. This interview's answers are kept (crosscheck export shows them).",
            bank.title
        );
        app.status = Some(Status::warning(text));
        return;
    }
    let question = bank
        .questions
        .iter()
        .position(|q| interview.state_of(&q.id) == crate::session::AnswerState::NotAsked)
        .unwrap_or(0);
    open.interview = Some(InterviewState {
        index,
        question,
        editor: None,
        number_input: None,
        option_cursor: 0,
        visit_started: app.now,
        notes_dirty_since: None,
        hint: None,
        notes_marked: false,
    });
    open.selected = index;
    app.screen = Screen::Interview;
    super::interview::refresh_hint(app);
}

pub fn update_add_form(app: &mut App, mut form: Box<AddInterviewForm>, action: Action) {
    match action {
        Action::NextField => form.next_field(),
        Action::Up => form.up(),
        Action::Down => form.down(),
        Action::Cancel => return,
        Action::Confirm => {
            let Some((function, _)) = form.functions.get(form.chosen).cloned() else { return };
            let budget = match form.budget_minutes() {
                Ok(m) => m,
                Err(e) => {
                    form.error = Some(e);
                    form.focus = 3;
                    app.overlay = Some(Overlay::AddInterview(form));
                    return;
                }
            };
            let version = app.catalog.bank(&function).map(|b| b.version.clone()).unwrap_or_default();
            let now = app.now;
            if let Some(open) = app.open.as_mut() {
                let session = match open.edit() {
                    Ok(session) => session,
                    Err(refused) => {
                        app.say(Status::warning(refused.to_string()));
                        return;
                    }
                };
                let i = session.add_interview(&function, &version, now);
                let interview = &mut session.interviews[i];
                interview.interviewee = Some(form.interviewee.value()).filter(|s| !s.is_empty());
                interview.role = Some(form.role.value()).filter(|s| !s.is_empty());
                interview.budget_minutes = Some(budget);
                open.selected = i;
                app.save();
                open_interview(app, i);
            }
            return;
        }
        _ => {}
    }
    app.overlay = Some(Overlay::AddInterview(form));
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
