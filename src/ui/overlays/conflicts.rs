//! Choosing between the values a merge kept on one answer, claim or check: the value kept and
//! each other, with whose it was and when. The choice becomes the answer (the claim, the
//! check); every value stays in the session, marked settled.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::bank::Question;
use crate::session::{Answer, Check, Claim, Interview, Recommendation, Versioned};
use crate::ui::command::Component;
use crate::ui::command::{Command, Edit, Version};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;

/// One value to choose.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Answer(Answer),
    Version(Version),
}

pub struct ConflictChoice {
    pub interview: usize,
    /// What is chosen on: the question, "claim …" or "check of claim …".
    pub question: String,
    /// The value kept first, then each open conflict's.
    pub values: Vec<Choice>,
    /// Whose each value is and when, and how it reads, prepared once: the question's labels
    /// are not at hand on render.
    pub heads: Vec<String>,
    pub texts: Vec<String>,
    pub selected: usize,
}

impl ConflictChoice {
    /// The choice on `question` of `interview` (index `index`); None when it has no open
    /// conflict.
    pub fn new(index: usize, interview: &Interview, question: &Question) -> Option<ConflictChoice> {
        let others: Vec<Answer> = interview.conflicts_on(&question.id).map(|c| c.answer.clone()).collect();
        if others.is_empty() {
            return None;
        }
        let kept = interview.answer(&question.id).cloned().unwrap_or_default();
        let values: Vec<Answer> = std::iter::once(kept).chain(others).collect();
        let heads = values.iter().map(|a| whose(a.edited_by.as_deref(), a.edited_at)).collect();
        let texts = values.iter().map(|a| describe(a, question)).collect();
        let values = values.into_iter().map(Choice::Answer).collect();
        Some(ConflictChoice { interview: index, question: question.id.clone(), values, heads, texts, selected: 0 })
    }

    /// The choice between the versions of the first claim of `interview` with open other
    /// versions, else of its first such check; None when there is none.
    pub fn versions(index: usize, interview: &Interview) -> Option<ConflictChoice> {
        let open_claim = interview.claim_conflicts.iter().find(|d| {
            d.open()
                && interview.claims.iter().find(|c| c.id == d.version.id).is_some_and(|c| !c.same_content(&d.version))
        });
        if let Some(d) = open_claim {
            let id = d.version.id.clone();
            let kept = interview.claims.iter().find(|c| c.id == id).cloned()?;
            let others = interview.claim_conflicts.iter().filter(|d| d.open() && d.version.id == id);
            let values: Vec<Claim> = std::iter::once(kept).chain(others.map(|d| d.version.clone())).collect();
            let heads = values.iter().map(|c| whose(c.made_by.as_deref(), Some(c.edited_at))).collect();
            let texts = values.iter().map(claim_text).collect();
            let values = values.into_iter().map(|c| Choice::Version(Version::Claim(c))).collect();
            return Some(ConflictChoice {
                interview: index,
                question: "a claim".into(),
                values,
                heads,
                texts,
                selected: 0,
            });
        }
        let d = interview
            .check_conflicts
            .iter()
            .find(|d| d.open() && interview.check_of(&d.version.claim).is_some_and(|c| !c.same_content(&d.version)))?;
        let claim = d.version.claim.clone();
        let kept = interview.check_of(&claim).cloned()?;
        let others = interview.check_conflicts.iter().filter(|d| d.open() && d.version.claim == claim);
        let values: Vec<Check> = std::iter::once(kept).chain(others.map(|d| d.version.clone())).collect();
        let heads = values.iter().map(|c| whose(c.by.as_deref(), Some(c.at))).collect();
        let texts = values.iter().map(check_text).collect();
        let values = values.into_iter().map(|c| Choice::Version(Version::Check(c))).collect();
        Some(ConflictChoice { interview: index, question: "a check".into(), values, heads, texts, selected: 0 })
    }

    /// The choice between the versions a merge kept of the recommendation on `finding`; None
    /// when it has none open.
    pub fn recommendation(
        session: &crate::session::Session,
        finding: &crate::session::Finding,
    ) -> Option<ConflictChoice> {
        let open = |id: &str| -> Vec<Recommendation> {
            let versions = session.recommendation_conflicts.iter().filter(|d| d.open() && d.version.id == id);
            versions.map(|d| d.version.clone()).collect()
        };
        let kept = session.recommendations.iter().find(|r| &r.answers == finding && !open(&r.id).is_empty())?;
        let values: Vec<Recommendation> = std::iter::once(kept.clone()).chain(open(&kept.id)).collect();
        let heads = values.iter().map(|r| whose(r.written_by.as_deref(), Some(r.edited_at))).collect();
        let texts = values.iter().map(recommendation_text).collect();
        let values = values.into_iter().map(|r| Choice::Version(Version::Recommendation(r))).collect();
        let question = "a recommendation".into();
        Some(ConflictChoice { interview: 0, question, values, heads, texts, selected: 0 })
    }

    /// What `c` does on a finding: the choice between its recommendation's versions, or why
    /// there is none to make.
    pub fn on_recommendation(
        session: &crate::session::Session,
        finding: &crate::session::Finding,
        writable: bool,
    ) -> Vec<Command> {
        use crate::ui::command::{ReadOnly, Status};
        match ConflictChoice::recommendation(session, finding) {
            None => vec![Command::Status(Status::info(
                "No conflict here: two versions of a recommendation come from merging a colleague's copy.",
            ))],
            Some(_) if !writable => vec![Command::Status(Status::warning(ReadOnly.to_string()))],
            Some(choice) => vec![Command::show(choice)],
        }
    }

    /// Each value as a head (whose, when), its text and a blank line; and the index of the
    /// selected value's head among them.
    fn lines(&self) -> (Vec<Line<'_>>, usize) {
        let mut lines = Vec::new();
        let mut selected_at = 0;
        for (i, (who, text)) in self.heads.iter().zip(&self.texts).enumerate() {
            let marker = if i == self.selected { "▶ " } else { "  " };
            let whose = if i == 0 { "kept now" } else { "also said" };
            let head = Line::from(vec![Span::raw(marker), Span::styled(format!("{whose} · {who}"), widgets::dim())]);
            let body = Line::from(format!("  {text}"));
            let (head, body) = if i == self.selected {
                selected_at = lines.len();
                (head.style(widgets::selected()), body.style(widgets::selected()))
            } else {
                (head, body)
            };
            lines.extend([head, body, Line::default()]);
        }
        (lines, selected_at)
    }
}

impl Component for ConflictChoice {
    fn context(&self, _ctx: &Ctx) -> Context {
        Context::Conflicts
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(self.values.len() - 1),
            Action::Confirm => {
                let edit = match self.values[self.selected].clone() {
                    Choice::Answer(a) => Edit::Resolve {
                        interview: self.interview,
                        question: self.question.clone(),
                        chosen: Box::new(a),
                    },
                    Choice::Version(v) => Edit::ResolveVersion { interview: self.interview, chosen: Box::new(v) },
                };
                return vec![Command::Close, Command::Edit(edit)];
            }
            Action::Cancel => return vec![Command::Close],
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let keymap = &ctx.env.keymap;
        const WIDTH: u16 = 76;
        let text_width = WIDTH.min(area.width).saturating_sub(2);
        let (lines, selected_at) = self.lines();
        let before = Paragraph::new(lines[..selected_at].to_vec()).wrap(Wrap { trim: false });
        let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
        // Long notes wrap: the popup grows to hold every value, as far as the screen allows.
        let wrapped = paragraph.line_count(text_width) as u16;
        let title = match self.values.first() {
            Some(Choice::Version(Version::Claim(_))) => "Conflict: which version of the claim to keep?",
            Some(Choice::Version(Version::Check(_))) => "Conflict: which version of the check to keep?",
            Some(Choice::Version(Version::Recommendation(_))) => {
                "Conflict: which version of the recommendation to keep?"
            }
            _ => "Conflict: which value to keep?",
        };
        let inner = widgets::popup(frame, area, WIDTH, wrapped + 3, title);
        let [list, keys] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        // Scrolled, when it does not fit, so the chosen value's head is in view.
        let top = (before.line_count(text_width) as u16).min(wrapped.saturating_sub(list.height));
        frame.render_widget(paragraph.scroll((top, 0)), list);
        let hint = format!(
            "{} keep · {} close without choosing · every value is kept either way",
            widgets::keys(keymap, Context::Conflicts, Action::Confirm),
            widgets::keys(keymap, Context::Conflicts, Action::Cancel)
        );
        frame.render_widget(Paragraph::new(hint).style(widgets::dim()), keys);
    }
}

/// "Ana · 2026-11-10 10:00": who gave a value and when.
fn whose(who: Option<&str>, when: Option<chrono::DateTime<chrono::Utc>>) -> String {
    let when = when.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    format!("{} · {when}", who.unwrap_or("unnamed"))
}

/// A claim version as one line: its statement, then its notes, and whether it was withdrawn.
fn claim_text(c: &Claim) -> String {
    let withdrawn = if c.withdrawn_at.is_some() { " (withdrawn)" } else { "" };
    let notes = c.notes.replace('\n', " ");
    let notes = if notes.trim().is_empty() { String::new() } else { format!(" — notes: {notes}") };
    format!("“{}”{withdrawn}{notes}", c.text)
}

/// A recommendation version as one line: what to change, its owner and checkpoints, and
/// whether it was withdrawn.
fn recommendation_text(r: &Recommendation) -> String {
    let withdrawn = if r.is_withdrawn() { " (withdrawn)" } else { "" };
    let owner = if r.owner.trim().is_empty() { String::new() } else { format!(" — owner: {}", r.owner) };
    let checkpoints: Vec<String> = crate::session::CHECKPOINT_DAYS
        .iter()
        .zip(&r.checkpoints)
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(days, c)| format!("by {days} days: {c}"))
        .collect();
    let checkpoints = if checkpoints.is_empty() { String::new() } else { format!(" — {}", checkpoints.join("; ")) };
    format!("“{}”{withdrawn}{owner}{checkpoints}", r.change.replace('\n', " "))
}

/// A check version as one line: the verdict, then the notes.
fn check_text(c: &Check) -> String {
    let notes = c.notes.replace('\n', " ");
    if notes.trim().is_empty() {
        c.verdict.name().to_string()
    } else {
        format!("{} — “{notes}”", c.verdict.name())
    }
}

/// A value as one line: what was answered, then the notes.
pub fn describe(a: &Answer, question: &Question) -> String {
    let value = a.value_text(question).unwrap_or_else(|| a.state.name().replace('-', " "));
    let notes = a.notes.replace('\n', " ");
    if notes.trim().is_empty() { value } else { format!("{value} — “{notes}”") }
}
