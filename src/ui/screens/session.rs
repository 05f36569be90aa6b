//! Screen 2: one session — its interviews; add one, open one. A component: it sees only the
//! session, the catalog and its own selection, and returns commands.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use crate::session::Session;
use crate::ui::command::Component;
use crate::ui::command::{Command, ReadOnly, Status};
use crate::ui::env::{Ctx, Env};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context};
use crate::ui::overlays::forms::AddInterviewForm;
use crate::ui::save_state::SaveState;
use crate::ui::widgets;

/// The session screen's own state: the highlighted interview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionView {
    pub selected: usize,
}

/// What the session screen reads: the open session (never the app).
struct Shown<'a> {
    env: &'a Env,
    session: &'a Session,
    save: &'a SaveState,
    /// Whether changes can be made (false read-only); the app refuses them in any case.
    writable: bool,
}

impl<'a> Shown<'a> {
    fn of(ctx: &Ctx<'a>) -> Option<Shown<'a>> {
        Some(Shown { env: ctx.env, session: ctx.session?, save: ctx.save?, writable: ctx.writable })
    }
}

impl Component for SessionView {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Session
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        let Some(shown) = Shown::of(ctx) else { return Vec::new() };
        update(action, &mut self.selected, &shown)
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, hits: &mut Hits) {
        if let Some(shown) = Shown::of(ctx) {
            render(frame, area, self.selected, &shown, hits);
        }
    }
}

/// One key on the session screen; `selected` is the highlighted interview.
fn update(action: Action, selected: &mut usize, ctx: &Shown) -> Vec<Command> {
    let count = ctx.session.interviews.len();
    match action {
        Action::Select(Hit::Interview(i)) => *selected = i.min(count.saturating_sub(1)),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
        Action::Open if count == 0 => {
            return vec![Command::Status(Status::info("No interviews yet: press a to add one."))];
        }
        Action::Open => return vec![Command::OpenInterview(*selected)],
        Action::OpenDivergence => return vec![Command::OpenDivergence { topic: None }],
        Action::OpenDiagnosis => return vec![Command::OpenDiagnosis],
        Action::AddInterview if !ctx.writable => return vec![Command::Status(Status::warning(ReadOnly.to_string()))],
        Action::AddInterview => {
            let done = |f: &str| ctx.session.interviews.iter().filter(|i| i.function == f).count();
            let functions: Vec<(String, String, usize)> = ctx
                .env
                .catalog
                .banks
                .iter()
                .map(|b| (b.function.clone(), b.title.clone(), done(&b.function)))
                .collect();
            let form = AddInterviewForm::new(functions);
            return vec![Command::show(form)];
        }
        Action::SecondCapture if !ctx.writable || count == 0 => {
            return vec![Command::Status(Status::warning(ReadOnly.to_string()))];
        }
        Action::SecondCapture => return second_capture(*selected, ctx),
        Action::Back => return vec![Command::CloseSession],
        _ => {}
    }
    Vec::new()
}

/// How far the session's second captures agree with their first, for the list's title: "" when
/// no interview is marked as one.
fn agreement(ctx: &Shown) -> String {
    if ctx.session.interviews.iter().all(|i| i.second_capture_of.is_none()) {
        return String::new();
    }
    let a = crate::agreement::compute(ctx.session, &ctx.env.catalog);
    let pairs = a.pairs.len();
    let measured = match a.alpha {
        Some(alpha) if !matches!(a.level, crate::agreement::Level::TooFew) => {
            format!("α {alpha:.2}, {}", a.level.name())
        }
        _ => a.level.name().to_string(),
    };
    let unpaired =
        if a.unpaired.is_empty() { String::new() } else { format!(", {} mark(s) pair with nothing", a.unpaired.len()) };
    format!(" · captured twice (=): {pairs}, agreement {measured}{unpaired}")
}

/// The selected interview marked as a second capture of the next other interview of its
/// function, in session order (then none): one conversation captured by two interviewers.
fn second_capture(selected: usize, ctx: &Shown) -> Vec<Command> {
    let s = ctx.session;
    let Some(this) = s.interviews.get(selected) else { return Vec::new() };
    let title = ctx.env.catalog.bank(&this.function).map_or(this.function.as_str(), |b| b.title.as_str());
    let label = |i: usize| crate::session::Interview::number_label(title, s.number_of(i));
    let others: Vec<usize> =
        (0..s.interviews.len()).filter(|&i| i != selected && s.interviews[i].function == this.function).collect();
    if others.is_empty() {
        let text = format!(
            "{} is the only one of its function: add the second interviewer's capture of the same conversation \
             (a), or merge their copy, then mark it.",
            label(selected)
        );
        return vec![Command::Status(Status::info(text))];
    }
    let now = others.iter().position(|&i| this.second_capture_of.as_deref() == Some(s.interviews[i].id.as_str()));
    let next = match now {
        None => Some(others[0]),
        Some(k) => others.get(k + 1).copied(),
    };
    let said = match next {
        Some(of) => format!(
            "{} is a second capture of {}: compared with it (agreement), and counted once in the divergence.",
            label(selected),
            label(of)
        ),
        None => format!("{} is no longer a second capture: it counts as an account of its own.", label(selected)),
    };
    let of = next.map(|i| s.interviews[i].id.clone());
    vec![
        Command::Edit(crate::ui::command::Edit::SecondCapture { interview: selected, of }),
        Command::Status(Status::info(said)),
    ]
}

fn render(frame: &mut Frame, area: Rect, selected: usize, ctx: &Shown, hits: &mut Hits) {
    let s = ctx.session;
    let [head, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let mut title = vec![Span::styled(s.organisation.clone(), widgets::title_style())];
    if let Some(who) = &s.interviewer {
        title.push(Span::raw(format!(" · interviewer {who}")));
    }
    let saved = ctx.save.text();
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(saved.chars().count() as u16)]).areas(head);
    let launch = match &s.launch {
        Some(l) => format!("Launch in view: {}", l.label()),
        None => {
            let key = widgets::keys(&ctx.env.keymap, Context::Session, Action::NameLaunch);
            format!("No launch in view yet: {key} names it")
        }
    };
    let scope_key = widgets::keys(&ctx.env.keymap, Context::Session, Action::EditScope);
    let id = Line::styled(
        // The id starts with the day it was created.
        // What it follows up last: narrow, the scope and its key matter more (the divergence
        // screen's legend names the earlier engagement too).
        format!(
            "session {} · scope: {} ({scope_key}){}",
            s.id,
            s.scope.short(),
            s.follows.as_deref().map(|e| format!(" · follows up {e}")).unwrap_or_default()
        ),
        widgets::dim(),
    );
    frame.render_widget(Paragraph::new(vec![Line::from(title), id, Line::from(launch)]), left);
    frame.render_widget(Span::raw(saved), right);
    if s.interviews.is_empty() {
        // The functions the scope asks: Leadership only when an upstream pillar is in it.
        let functions: Vec<&str> = ctx.env.catalog.banks.iter().map(|b| b.title.as_str()).collect();
        let add = widgets::keys(&ctx.env.keymap, Context::Session, Action::AddInterview);
        let text = format!(
            "No interviews yet.\n\nPress {add} to add one: choose the function ({}) and, if you like, who you are \
             talking to.",
            functions.join(", ")
        );
        let paragraph = Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(paragraph.block(Block::bordered().title(" Interviews ")), body);
        return;
    }
    // "By" (who captured it) and "⚠" (conflicts from a merge to review) only when some
    // interview has them: one interviewer's session keeps its room for names.
    let by = s.interviews.iter().any(|i| i.interviewer.is_some());
    let review = s.interviews.iter().any(|i| i.to_review() > 0);
    // Columns by what they hold: the interviews' names whole (their short names where the
    // screen is narrow), who was interviewed as wide as the longest, the rest to who captured it.
    let fixed = 16 + 8 + 16 + 6 + 2;
    let firsts = s.first_captures();
    let label_of = |i: usize, short: bool| {
        let bank = ctx.env.catalog.bank(&s.interviews[i].function);
        let title =
            bank.map_or(s.interviews[i].function.as_str(), |b| if short { b.short_name() } else { b.title.as_str() });
        let label = crate::session::Interview::number_label(title, s.number_of(i));
        // A second capture is the same conversation as its first: "Sales #2 = #1".
        match &firsts[i] {
            Ok(Some(f)) => format!("{label} = #{}", s.number_of(*f)),
            _ => label,
        }
    };
    let longest = |short: bool| (0..s.interviews.len()).map(|i| label_of(i, short).chars().count()).max().unwrap_or(9);
    let who = |i: usize| {
        let iv = &s.interviews[i];
        if iv.interviewee.is_none() && iv.role.is_none() { String::new() } else { iv.who() }
    };
    let who_width = (0..s.interviews.len()).map(|i| who(i).chars().count()).max().unwrap_or(0).max(11);
    // Who captured each interview, and its conflicts, when the column shows: as wide as they are.
    let by_width = if by || review {
        let widest = s.interviews.iter().map(|iv| {
            let n = iv.to_review();
            let conflicts = if n > 0 { format!("⚠{n} ") } else { String::new() };
            conflicts.chars().count() + iv.interviewer.as_deref().map_or(0, |i| i.chars().count())
        });
        widest.max().unwrap_or(0).max(2) + 1
    } else {
        0
    };
    let room = usize::from(body.width).saturating_sub(fixed + by_width);
    // Short names when the whole ones would leave who was interviewed less than 16 columns.
    let short = longest(false) + who_width.min(16) > room;
    let label = longest(short).max(9) as u16;
    let rows = s.interviews.iter().enumerate().map(|(i, iv)| {
        let bank = ctx.env.catalog.bank(&iv.function);
        let total = bank.map_or(0, |b| b.questions.len());
        let mut cells = vec![Cell::from(label_of(i, short)), Cell::from(who(i))];
        if by || review {
            let n = iv.to_review();
            // The count first: a long name may be cut, the conflicts never.
            let conflicts = if n > 0 { format!("⚠{n} ") } else { String::new() };
            cells.push(Cell::from(format!("{conflicts}{}", iv.interviewer.as_deref().unwrap_or(""))));
        }
        cells.extend([
            Cell::from(format!("{} {}/{}", widgets::bar(iv.covered(), total), iv.covered(), total)),
            Cell::from(widgets::minutes(iv.elapsed_seconds)),
            Cell::from(iv.started_at.format("%Y-%m-%d %H:%M").to_string()),
        ]);
        let row = Row::new(cells);
        if i == selected { row.style(widgets::selected()) } else { row }
    });
    let who_width = who_width.min(room.saturating_sub(usize::from(label))) as u16;
    let mut widths = vec![Constraint::Length(label), Constraint::Min(who_width)];
    let mut titles = vec!["Interview", "Interviewee"];
    if by || review {
        widths.push(Constraint::Length(by_width as u16));
        titles.push(if review { "By · ⚠ to review" } else { "By" });
    }
    widths.extend([Constraint::Length(16), Constraint::Length(8), Constraint::Length(16)]);
    titles.extend(["Progress", "Time", "Started (UTC)"]);
    let header = Row::new(titles).style(widgets::title_style());
    let table = Table::new(rows, widths).header(header).block(Block::bordered().title(format!(
        " Interviews ({}){} ",
        s.interviews.len(),
        agreement(ctx)
    )));
    let rows = widgets::TableRows::in_body(area);
    let offset = rows.offset(selected);
    frame.render_stateful_widget(table, body, &mut ratatui::widgets::TableState::new().with_offset(offset));
    rows.record(hits, body, offset, s.interviews.len(), Hit::Interview);
}
