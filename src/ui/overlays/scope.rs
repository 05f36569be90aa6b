//! The engagement's scope: the pillars it covers, typed as the command line takes them ("all",
//! or pillars separated by commas). A pillar that holds answers cannot be dropped: they would
//! vanish from every screen.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::bank::{Pillar, Scope};
use crate::ui::command::{Command, Component, Edit};
use crate::ui::env::Ctx;
use crate::ui::hits::Hits;
use crate::ui::keymap::{Action, Context};
use crate::ui::widgets::text_field::{Field, Fields, Popup};

pub struct ScopeForm {
    pub form: Fields<1>,
    /// The scope when the form opened: the pillars a change would drop.
    was: Scope,
}

impl ScopeForm {
    pub fn new(scope: &Scope) -> ScopeForm {
        ScopeForm { form: Fields::new([Field::with_text("Scope", &typed(scope))]), was: scope.clone() }
    }

    /// `scope`, or why not: a pillar of the current scope that holds answers stays in it.
    fn check(&self, scope: Scope, ctx: &Ctx) -> Result<Scope, String> {
        let Some(session) = ctx.session else { return Ok(scope) };
        let answers = session.answers_by_pillar(&ctx.env.catalog);
        let held: Vec<String> = self
            .was
            .pillars()
            .filter(|p| !scope.contains(*p))
            .filter_map(|p| answers.get(&p).map(|&n| format!("{} ({n} {})", p.name(), plural(n, "answer"))))
            .collect();
        if held.is_empty() { Ok(scope) } else { Err(format!("{} would be hidden: keep it in scope.", held.join(", "))) }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_string() } else { format!("{word}s") }
}

/// As typed on the command line: "all", or ids ("coordination, operations").
fn typed(scope: &Scope) -> String {
    if scope.is_all() { "all".into() } else { scope.pillars().map(Pillar::id).collect::<Vec<_>>().join(", ") }
}

impl Component for ScopeForm {
    fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Command> {
        match action {
            Action::Cancel => return vec![Command::Close],
            Action::Confirm => {
                let [text] = self.form.values();
                match Scope::parse(&text).and_then(|s| self.check(s, ctx)) {
                    Ok(scope) if scope == self.was => return vec![Command::Close],
                    Ok(scope) => return vec![Command::Close, Command::Edit(Edit::SetScope(scope))],
                    Err(e) => self.form.refuse(0, e),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    crate::ui::widgets::text_field::typed_into_form!();

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, _hits: &mut Hits) {
        let about = "The pillars this engagement covers: interviews ask only theirs.";
        let note = format!("all, or any of: {}", Pillar::ALL.map(Pillar::id).join(", "));
        let popup = Popup { title: "Scope", about: Some(about), note: Some(&note), verb: "keep" };
        self.form.popup(frame, area, ctx, popup);
    }
}
