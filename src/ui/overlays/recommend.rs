//! Writing what to change on a finding: what, who owns it, and what should be true at 30, 60
//! and 90 days. Opened on the Diagnosis screen (a reading or a pillar) and on the divergence
//! matrix (a topic), with the recommendation already written there, else the intervention the
//! method implies as a draft to rewrite. Emptying "What to change" withdraws it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::diagnosis::intervention::Draft;
use crate::session::{Finding, Recommendation, Session};
use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets;
use crate::ui::widgets::text_field::{Field, Fields, Popup};

pub struct RecommendForm {
    pub finding: Finding,
    /// What it answers, in words, for the popup's first line.
    pub about: String,
    /// The recommendation edited; None for a new one.
    pub id: Option<String>,
    /// What to change, owner, 30, 60 and 90 days.
    pub form: Fields<5>,
}

impl RecommendForm {
    /// The form on `existing`, else on the method's `draft`.
    pub fn new(finding: Finding, about: String, existing: Option<&Recommendation>, draft: Draft) -> RecommendForm {
        let (id, change, owner, checkpoints) = match existing {
            Some(r) => (Some(r.id.clone()), r.change.clone(), r.owner.clone(), r.checkpoints.clone()),
            None => (None, draft.change, draft.owner, draft.checkpoints),
        };
        let [d30, d60, d90] = checkpoints;
        RecommendForm {
            finding,
            about,
            id,
            form: Fields::new([
                from_start("Change", &change),
                from_start("Owner", &owner),
                from_start("By 30 days", &d30),
                from_start("By 60 days", &d60),
                from_start("By 90 days", &d90),
            ]),
        }
    }
}

/// A field holding `text`, shown from its start: a draft is read before it is rewritten.
fn from_start(label: &'static str, text: &str) -> Field {
    let mut field = Field::with_text(label, text);
    field.input.move_cursor(ratatui_textarea::CursorMove::Head);
    field
}

impl Component for RecommendForm {
    fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::NextField | Action::Down | Action::Up => self.form.step(action != Action::Up),
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [change, owner, d30, d60, d90] = self.form.values();
                if change.is_empty() && self.id.is_none() {
                    self.form.refuse(0, "Say what to change (or Esc to leave without writing it).".into());
                    return Vec::new();
                }
                let edit = Edit::Recommend {
                    finding: self.finding.clone(),
                    id: self.id.clone(),
                    change,
                    owner,
                    checkpoints: [d30, d60, d90],
                };
                return vec![Command::Close, Command::Edit(edit)];
            }
            _ => {}
        }
        Vec::new()
    }

    crate::ui::widgets::text_field::typed_into_form!();

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let note = "A draft from the method until you rewrite it. Empty Change to withdraw it.";
        let popup = Popup { title: "What to change", about: Some(&self.about), note: Some(note), verb: "keep" };
        self.form.popup(frame, area, ctx, popup);
    }
}

/// What to change on `finding`, as written (w writes or rewrites it), and the versions a
/// merge kept beside it; nothing when none is written.
pub fn recommendation_lines(session: &Session, finding: &crate::session::Finding) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for r in session.recommendations_on(finding) {
        lines.push(Line::from(vec![
            Span::styled("What to change: ", widgets::title_style()),
            Span::raw(r.change.clone()),
        ]));
        let owner = if r.owner.is_empty() { "no owner yet".to_string() } else { format!("owner {}", r.owner) };
        lines.push(Line::styled(format!("  {owner}"), widgets::dim()));
        for (days, c) in crate::session::CHECKPOINT_DAYS.iter().zip(&r.checkpoints).filter(|(_, c)| !c.is_empty()) {
            lines.push(Line::styled(format!("  by {days} days: {c}"), widgets::dim()));
        }
        for other in session.recommendation_conflicts.iter().filter(|d| d.open() && d.version.id == r.id) {
            lines.push(Line::from(format!("⚠ another version (c to choose): {}", other.version.change)));
        }
        lines.push(Line::default());
    }
    lines
}
