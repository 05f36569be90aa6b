//! The forms of several fields: a new session (on the sessions screen), a new interview (on
//! the session screen). Each is a component: a key returns what the app must do.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use crate::ui::command::Component;
use crate::ui::command::{Command, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{self, Field, Fields, Popup};

pub struct NewSessionForm {
    /// Organisation, interviewer, language, scope.
    pub form: Fields<4>,
}

impl Default for NewSessionForm {
    fn default() -> Self {
        NewSessionForm {
            form: Fields::new([
                Field::new("Organisation", "required, e.g. Acme Ltd"),
                Field::new("Interviewer", "optional, your name"),
                Field::with_text("Language", crate::divergence::language::DEFAULT),
                Field::with_text("Scope", crate::bank::Pillar::Operations.id()),
            ]),
        }
    }
}

/// Adding an interview: choose the function, optionally name who is interviewed.
#[derive(Debug)]
pub struct AddInterviewForm {
    pub functions: Vec<(String, String)>,
    /// How many interviews each function has already: shown beside it, so that where the
    /// list starts (the first function not interviewed yet) is explained on screen.
    pub interviewed: Vec<usize>,
    pub chosen: usize,
    /// 0 = function list, 1 = interviewee, 2 = role.
    pub focus: usize,
    pub interviewee: Field,
    pub role: Field,
    /// The time slot, in minutes.
    pub budget: Field,
    pub error: Option<String>,
}

/// The time slot an interview gets unless the interviewer says otherwise.
pub const DEFAULT_BUDGET_MINUTES: u32 = 45;

impl AddInterviewForm {
    /// `functions` are (function id, bank title, interviews it has already), in the banks'
    /// order; the list starts on the first with none (else the first).
    pub fn new(functions: Vec<(String, String, usize)>) -> AddInterviewForm {
        let chosen = functions.iter().position(|(_, _, n)| *n == 0).unwrap_or(0);
        let interviewed = functions.iter().map(|(_, _, n)| *n).collect();
        AddInterviewForm {
            chosen,
            functions: functions.into_iter().map(|(f, t, _)| (f, t)).collect(),
            interviewed,
            focus: 0,
            interviewee: Field::new("Interviewee", "optional name"),
            role: Field::new("Role", "optional, e.g. Head of Sales"),
            budget: Field::with_text("Minutes", &DEFAULT_BUDGET_MINUTES.to_string()),
            error: None,
        }
    }

    fn field(&mut self) -> Option<&mut Field> {
        match self.focus {
            1 => Some(&mut self.interviewee),
            2 => Some(&mut self.role),
            3 => Some(&mut self.budget),
            _ => None,
        }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % 4;
    }

    /// The budget in minutes: 1–600, or why not.
    pub fn budget_minutes(&self) -> Result<u32, String> {
        let text = self.budget.value();
        match text.parse::<u32>() {
            Ok(m) if (1..=600).contains(&m) => Ok(m),
            _ => Err(format!("\"{text}\" is not a time slot: give the minutes, 1–600.")),
        }
    }

    pub fn up(&mut self) {
        self.chosen = self.chosen.checked_sub(1).unwrap_or(self.functions.len().saturating_sub(1));
    }

    pub fn down(&mut self) {
        self.chosen = if self.chosen + 1 >= self.functions.len() { 0 } else { self.chosen + 1 };
    }
}

/// A key in the new-session form: the next field, create, or close.
impl Component for NewSessionForm {
    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        let form = &mut self.form;
        match action {
            Action::NextField | Action::Down | Action::Up => form.step(true),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [organisation, interviewer, language, scope] = form.values();
                let language = crate::divergence::language::parse(&language);
                match (organisation.is_empty(), language, crate::bank::Scope::parse(&scope)) {
                    (true, _, _) => form.refuse(0, "The organisation is required.".into()),
                    (false, Err(e), _) => form.refuse(2, e),
                    (false, _, Err(e)) => form.refuse(3, e),
                    (false, Ok(language), Ok(scope)) => {
                        let interviewer = Some(interviewer).filter(|s| !s.is_empty());
                        let language = language.code.to_string();
                        let create = Command::CreateSession { organisation, interviewer, language, scope };
                        return vec![Command::Close, create];
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    crate::ui::widgets::text_field::typed_into_form!();

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        // The error wraps onto as many lines as it needs (the languages known are listed).
        let note = "Scope: all, or pillars: identity-direction, intelligence-adaptation, control-optimisation, coordination, operations";
        let popup = Popup { title: "New session", about: None, note: Some(note), verb: "create" };
        self.form.popup(frame, area, ctx, popup);
    }
}

/// A key in the add-interview form: the function, the fields, start, or close.
impl Component for AddInterviewForm {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Form
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        let form = self;
        match action {
            Action::NextField => form.next_field(),
            Action::Up => form.up(),
            Action::Down => form.down(),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let (Some((function, _)), Some(session)) = (form.functions.get(form.chosen).cloned(), ctx.session)
                else {
                    return vec![Command::Close];
                };
                let budget_minutes = match form.budget_minutes() {
                    Ok(m) => m,
                    Err(e) => {
                        form.error = Some(e);
                        form.focus = 3;
                        return Vec::new();
                    }
                };
                let version = ctx.env.catalog.bank(&function).map(|b| b.version.clone()).unwrap_or_default();
                let edit = Edit::AddInterview {
                    function,
                    version,
                    interviewee: Some(form.interviewee.value()).filter(|s| !s.is_empty()),
                    role: Some(form.role.value()).filter(|s| !s.is_empty()),
                    budget_minutes,
                };
                // The new interview comes last: open it.
                return vec![Command::Close, Command::Edit(edit), Command::OpenInterview(session.interviews.len())];
            }
            _ => {}
        }
        Vec::new()
    }

    fn input(&mut self, key: KeyEvent, _ctx: &Ctx) -> Vec<Command> {
        self.error = None;
        if let Some(f) = self.field() {
            f.input(key);
            return Vec::new();
        }
        // On the function list, j/k move as they do in every other list.
        match key.code {
            crossterm::event::KeyCode::Char('j') => self.down(),
            crossterm::event::KeyCode::Char('k') => self.up(),
            _ => {}
        }
        Vec::new()
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Vec<Command> {
        if let Some(f) = self.field() {
            f.paste(text);
        }
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let (form, keymap) = (self, &ctx.env.keymap);
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
        let why =
            if form.interviewed.iter().any(|&n| n > 0) { " · starts on the first not interviewed yet" } else { "" };
        let heading = Line::from(vec![
            Span::styled(format!("{marker}Function (↑/↓)"), widgets::title_style()),
            Span::styled(why, widgets::dim()),
        ]);
        frame.render_widget(heading, label);
        let items = form.functions.iter().enumerate().map(|(i, (id, title))| {
            let mark = if i == form.chosen { "(•)" } else { "( )" };
            let done = match form.interviewed.get(i).copied().unwrap_or(0) {
                0 => String::new(),
                n => format!(" · {n} interviewed"),
            };
            let item = ListItem::new(Line::from(vec![
                Span::raw(format!("    {mark} {title}  [{id}]")),
                Span::styled(done, widgets::dim()),
            ]));
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
}
