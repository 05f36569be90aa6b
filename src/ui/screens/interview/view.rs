//! Drawing the interview screen: questions by section, the current question, its answer and notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::bank::{Bank, Question};
use crate::session::{Answer, AnswerState, Interview};
use crate::ui::hits::{Hit, Hits};
use crate::ui::keymap::{Action, Context, KeyMap};
use crate::ui::widgets;

use super::answer_widget::answer_widget;
use super::{Ctx, InterviewState, Pace};

/// Glyph for a question's state in the list, readable without colour.
pub fn state_glyph(state: AnswerState) -> &'static str {
    match state {
        AnswerState::Answered => "✓",
        AnswerState::Skipped => "»",
        AnswerState::DontKnow => "?",
        AnswerState::NotAsked => "·",
    }
}

pub(super) fn render(frame: &mut Frame, area: Rect, state: &InterviewState, ctx: &Ctx, hits: &mut Hits) {
    let (interview, bank) = (ctx.interview, ctx.bank);
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);

    let elapsed = state.elapsed(interview.elapsed_seconds, ctx.env.now);
    let covered = interview.covered();
    let total = bank.questions.len();
    // How many open questions fit, where it leaves the organisation and the interview room.
    let (time, fit) = match Pace::of(interview, bank, state, ctx.env.now) {
        Some(p) if p.left >= 0 => (
            format!(
                "{} in · {} left",
                widgets::minutes(elapsed),
                // Rounded up, so that it turns with the clock: 12:00 to 11:01 left is "12 min left".
                widgets::minutes((p.left as u64).div_ceil(60) * 60),
            ),
            format!(" · ~{} of {} open fit", p.fit, p.open),
        ),
        Some(p) => (
            format!("{} in · {} over", widgets::minutes(elapsed), widgets::minutes(p.left.unsigned_abs())),
            String::new(),
        ),
        None => (format!("{} in", widgets::minutes(elapsed)), String::new()),
    };
    // The bar only where there is room for it beside the names.
    let bar = if area.width >= 110 { format!(" {}", widgets::bar(covered, total)) } else { String::new() };
    // Just after a jump, where you now are takes the room of the clock.
    let right = |time: &str| {
        if state.arrived {
            format!("{covered}/{total} · {}", ctx.save.text())
        } else {
            format!("{covered}/{total}{bar} · {time} · {}", ctx.save.text())
        }
    };
    // How many open questions fit, unless it would push out "Organisation · CS #1".
    let number = ctx.session.number_of(state.index);
    let needed = ctx.session.organisation.chars().count()
        + 3
        + crate::session::Interview::number_label(bank.short_name(), number).chars().count();
    let with_fit = right(&format!("{time}{fit}"));
    let right = if usize::from(area.width) > needed + with_fit.chars().count() { with_fit } else { right(&time) };
    let room = usize::from(area.width).saturating_sub(right.chars().count() + 1);
    let [l, _, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(head);
    frame.render_widget(header_left(state, ctx, room), l);
    frame.render_widget(Span::raw(right), r);

    let list = list_area(area);
    let [_, detail] = Layout::horizontal([Constraint::Length(list.width), Constraint::Min(1)]).areas(body);
    render_list(frame, list, ctx, state.question, hits);
    render_detail(frame, detail, state, ctx);
}

/// The header's left: the organisation and the interview. Just after a jump from another
/// interview, "Now in: Product #1 — Priya Raman" instead, reversed, until the next key.
fn header_left(state: &InterviewState, ctx: &Ctx, room: usize) -> Span<'static> {
    // The interview's number stays in view: who comes after it, the organisation gives way first.
    let label = ctx.session.label_of(state.index, &ctx.bank.title);
    if state.arrived {
        let style = widgets::title_style().add_modifier(Modifier::REVERSED);
        return Span::styled(format!(" Now in: {label} "), style);
    }
    let organisation = &ctx.session.organisation;
    // Where the whole does not fit: the person gives way, then the function's short name
    // ("CS #1") stands for its title, and only then is the organisation shortened.
    let number = ctx.session.number_of(state.index);
    let titled = crate::session::Interview::number_label(&ctx.bank.title, number);
    let short = crate::session::Interview::number_label(ctx.bank.short_name(), number);
    let fits = |who: &str| organisation.chars().count() + who.chars().count() + 3 <= room;
    let left = match [label.as_str(), &titled, &short].into_iter().find(|who| fits(who)) {
        Some(who) => format!("{organisation} · {who}"),
        None => {
            let keep = room.saturating_sub(short.chars().count() + 4);
            format!("{}… · {short}", organisation.chars().take(keep).collect::<String>())
        }
    };
    Span::styled(left, widgets::title_style())
}

/// The question list's rows: a heading before each section, then its questions. Rows are
/// found from the section starts, so a frame costs the visible rows, not the bank.
pub struct QuestionRows<'a> {
    bank: &'a Bank,
}

impl<'a> QuestionRows<'a> {
    pub fn new(bank: &'a Bank) -> Self {
        QuestionRows { bank }
    }

    pub fn len(&self) -> usize {
        self.bank.questions.len() + self.bank.section_starts.len()
    }

    /// The row of question `q`: its index plus the headings at or before it.
    pub fn row_of(&self, q: usize) -> usize {
        q + self.bank.section_starts.partition_point(|&s| s <= q)
    }

    /// The question on `row`, or None for a section heading (or past the end).
    pub fn question_at(&self, row: usize) -> Option<usize> {
        let starts = &self.bank.section_starts;
        // Section k's heading sits at row starts[k] + k.
        let k = starts.iter().enumerate().rposition(|(k, &s)| s + k <= row)?;
        if row == starts[k] + k {
            return None;
        }
        let q = row - k - 1;
        (q < self.bank.questions.len()).then_some(q)
    }

    /// First visible row: keeps `current` in view, centred when the list is long.
    pub fn offset(&self, current: usize, height: usize) -> usize {
        self.row_of(current).saturating_sub(height / 2).min(self.len().saturating_sub(height))
    }
}

fn render_list(frame: &mut Frame, area: Rect, ctx: &Ctx, current: usize, hits: &mut Hits) {
    let (bank, interview, case) = (ctx.bank, ctx.interview, &ctx.session.case_text());
    let rows = QuestionRows::new(bank);
    let height = usize::from(area.height.saturating_sub(2));
    let offset = rows.offset(current, height);
    let below = rows.len().saturating_sub(offset + height);
    // Where the list stands, and that more lies above or below what is shown.
    // The position ("3 of 29") is in the question's own title beside the list.
    let title = " Questions ";
    let more = match (offset, below) {
        (0, 0) => String::new(),
        (0, b) => format!(" ↓ {b} more "),
        (a, 0) => format!(" ↑ {a} more "),
        (a, b) => format!(" ↑ {a} · ↓ {b} more "),
    };
    // Answers to questions the bank no longer asks are kept: said, with the key that shows them.
    let retired = interview.answers.keys().filter(|id| bank.question(id).is_none()).count();
    let retired = if retired > 0 {
        let key = widgets::keys(&ctx.env.keymap, Context::Interview, Action::RetiredAnswers);
        Line::styled(format!(" {key}: {retired} retired "), widgets::dim())
    } else {
        Line::default()
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(title)
        .title_bottom(retired)
        .title_bottom(Line::from(more).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    for row in offset..rows.len().min(offset + height) {
        if let Some(q) = rows.question_at(row) {
            hits.record(Rect::new(inner.x, inner.y + (row - offset) as u16, inner.width, 1), Hit::Question(q));
        }
    }
    let visible: Vec<Line> = (offset..rows.len().min(offset + height))
        .map(|row| match rows.question_at(row) {
            None => {
                let q = &bank.questions[rows.question_at(row + 1).unwrap_or(0)];
                let title = bank.section(&q.section).map_or(q.section.as_str(), |s| s.title.as_str());
                Line::from(Span::styled(title.to_uppercase(), widgets::dim().add_modifier(Modifier::BOLD)))
            }
            Some(i) => {
                let q = &bank.questions[i];
                let answer = interview.answer(&q.id);
                let glyph = state_glyph(answer.map(|a| a.state).unwrap_or_default());
                // A conflict to review comes first: the answer shown may not be the one to keep.
                let flag = if interview.conflicts_on(&q.id).next().is_some() {
                    "⚠"
                } else if answer.is_some_and(|a| a.flags.follow_up) {
                    "⚑"
                } else {
                    " "
                };
                let must = if q.is_must() { "!" } else { " " };
                let mut text = crate::bank::fill(&q.text, &case.case());
                // A row of a question asked for several functions, or a claim addressed to one
                // function: which function it is for, since the texts start alike.
                if q.group.is_some() || q.to.len() == 1 {
                    text = format!("{}: {text}", super::rows::receiver(ctx, q)).into();
                }
                let line = question_row(&format!("{glyph}{flag}{must}"), q, &text, width);
                if i == current { line.style(widgets::selected()) } else { line }
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// One question's row: its marks, its text and, where the list is wide enough, a short label
/// at the end (the last part of its topic, else of its id), since many questions start alike.
fn question_row<'a>(marks: &str, q: &Question, text: &str, width: usize) -> Line<'a> {
    let label = q.topic.as_deref().unwrap_or(&q.id);
    let label = label.rsplit('.').next().unwrap_or(label);
    let text_room = width.saturating_sub(3);
    if width < 44 || label.chars().count() + 14 > text_room {
        return Line::from(format!("{marks}{text}"));
    }
    let room = text_room - label.chars().count() - 1;
    let text: String = if text.chars().count() > room {
        text.chars().take(room.saturating_sub(1)).chain(['…']).collect()
    } else {
        format!("{text:<room$}")
    };
    Line::from(vec![Span::raw(format!("{marks}{text} ")), Span::styled(label.to_string(), widgets::dim())])
}

/// Where the interview screen puts its question list.
fn list_area(area: Rect) -> Rect {
    let [_, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    // A third of a usual terminal; on a wide one, two fifths, and on a very wide one half (up
    // to 100): the list's texts are as long as the question's, which wraps in what is left.
    let list_width = match body.width {
        w if w >= 160 => (w / 2).min(100),
        w if w >= 120 => (w * 2 / 5).min(80),
        w => (w / 3).clamp(28, 48),
    };
    let [list, _] = Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(body);
    list
}

fn render_detail(frame: &mut Frame, area: Rect, state: &InterviewState, ctx: &Ctx) {
    let (bank, interview, keymap) = (ctx.bank, ctx.interview, &ctx.env.keymap);
    let q = &bank.questions[state.question];
    let answer = interview.answer(&q.id);
    let inner_width = area.width.saturating_sub(2);
    // Asked for several functions: their rows first, then the answer of the row being answered.
    let mut answer_lines = super::rows::lines(state, ctx);
    // The line to keep in view when the answer does not fit: the option picked, or the cursor.
    let focus = answer_lines.len() + focus_line(q, answer, state);
    answer_lines.extend(answer_widget(q, answer, state, inner_width, keymap));
    if let Some(claimant) = claimant(ctx, q) {
        answer_lines.push(super::answer_widget::sender_line(claimant, answer, keymap));
    }
    // Computed from the session as it is now, so that it follows every change of the answer,
    // what was communicated or the other interviews, however it came (a key, a chosen conflict, a merge).
    if let Some(hint) = ctx.env.hints.then(|| super::comparison(state, ctx)).flatten() {
        answer_lines.push(Line::from(hint).italic());
    }
    answer_lines.extend(conflict_lines(interview, q, keymap));
    answer_lines.extend(super::claim_lines(state, ctx));
    let rows = rows_of(&Paragraph::new(answer_lines.clone()).wrap(Wrap { trim: false }), inner_width);
    // The question is read aloud: its text always shows whole, counted as it will wrap (probes
    // may be cut, with a sign); the answer gets what it needs of the rest, leaving the notes
    // four rows, and scrolls to its focus with a sign when it gets less.
    let asked = Paragraph::new(crate::bank::fill(&q.text, &ctx.session.case_text().case()).into_owned())
        .wrap(Wrap { trim: false });
    let question_height = (rows_of(&asked, inner_width) + 2).max(4);
    let answer_height = (rows + 2).min(area.height.saturating_sub(question_height + 4));
    let [question_area, answer_area, notes_area] =
        Layout::vertical([Constraint::Min(question_height), Constraint::Length(answer_height), Constraint::Min(4)])
            .areas(area);

    render_question(frame, question_area, q, state, ctx);
    render_answer(frame, answer_area, q, (answer, answer_lines, focus));
    render_notes(frame, notes_area, (answer, conditions_title(ctx), consent_title(ctx)), state, keymap);
}

/// Rows a paragraph takes at `width`, as ratatui will wrap it.
fn rows_of(paragraph: &Paragraph, width: u16) -> u16 {
    u16::try_from(paragraph.line_count(width.max(1))).unwrap_or(u16::MAX)
}

/// The line of the answer widget to keep in view: the option picked or under the cursor, the
/// point on the scale chosen; the first otherwise.
fn focus_line(q: &Question, answer: Option<&Answer>, state: &InterviewState) -> usize {
    use crate::session::AnswerValue;
    match (q.kind, answer.and_then(|a| a.value.as_ref())) {
        (crate::bank::Kind::Multi, _) => state.option_cursor,
        (_, Some(AnswerValue::Choice { option })) => q.options.iter().position(|o| &o.label == option).unwrap_or(0),
        _ => 0,
    }
}

/// On a received question, the function whose claim it is compared with ("Product").
fn claimant<'a>(ctx: &Ctx<'a>, q: &Question) -> Option<&'a str> {
    if q.stance != Some(crate::bank::Stance::Received) {
        return None;
    }
    Some(ctx.env.catalog.claimant(&ctx.bank.function, q.topic.as_deref()?)?.short_name())
}

/// The values a merge kept beside the answer, each with whose it was: never hidden, since the
/// answer shown may not be the one to keep.
fn conflict_lines(interview: &Interview, q: &Question, keymap: &KeyMap) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = interview
        .conflicts_on(&q.id)
        .map(|c| {
            let who = c.answer.edited_by.as_deref().unwrap_or("unnamed").to_string();
            let text = crate::ui::overlays::conflicts::describe(&c.answer, q);
            Line::from(vec![Span::raw("⚠ ").bold(), Span::raw(format!("{who} also said: ")).bold(), Span::raw(text)])
        })
        .collect();
    if !lines.is_empty() {
        let key =
            widgets::keys(keymap, crate::ui::keymap::Context::Interview, crate::ui::keymap::Action::ResolveConflict);
        lines.push(Line::styled(
            format!("{key} to choose the value to keep (every value stays in the session)"),
            widgets::dim(),
        ));
    }
    lines
}

/// The question, its probes and what a strong answer shows.
fn render_question(frame: &mut Frame, area: Rect, q: &Question, state: &InterviewState, ctx: &Ctx) {
    let bank = ctx.bank;
    let section = bank.section(&q.section).map_or(q.section.as_str(), |s| s.title.as_str());
    let case = ctx.session.case_text();
    let mut lines = vec![Line::from(crate::bank::fill(&q.text, &case.case()).into_owned()).bold(), Line::default()];
    let mut meta =
        vec![Span::styled(format!(" {} of {} · {section}", state.question + 1, bank.questions.len()), widgets::dim())];
    if let (Some(topic), Some(stance)) = (&q.topic, q.stance) {
        let title = ctx.env.catalog.topic(topic).map_or(topic.as_str(), |t| t.title.as_str());
        meta.push(Span::styled(format!(" · {title} ({})", stance.name()), widgets::dim()));
    }
    if q.group.is_some() {
        meta.push(Span::raw(format!(" · for each function, now {}", super::rows::receiver(ctx, q))).bold());
    }
    if q.is_must() {
        meta.push(Span::raw(" · ! must ask"));
    }
    // An observation is the interviewer's own answer, never read aloud.
    if q.observation {
        meta.push(Span::raw(" · ◉ observe, do not ask").bold());
    }
    meta.push(Span::raw(" "));
    for p in &q.probes {
        let probe = crate::bank::fill(p, &case.case()).into_owned();
        lines.push(Line::from(vec![Span::styled("Probe  ", widgets::dim()), Span::raw(probe)]));
    }
    for e in &q.evidence {
        lines.push(Line::from(vec![Span::styled("Strong ", widgets::dim()), Span::raw(e.clone()).italic()]));
    }
    let block = Block::bordered().border_type(BorderType::Rounded).title(Line::from(meta));
    let paragraph = Paragraph::new(Text::from(lines)).wrap(Wrap { trim: false });
    // The question itself always fits (see `render_detail`); probes that do not say so, before
    // the launch in view (one title: two on one border overwrite each other).
    let cut = rows_of(&paragraph, area.width.saturating_sub(2)).saturating_sub(block.inner(area).height);
    let mut bottom = launch_title(ctx);
    if cut > 0 {
        let sign = format!("↓ {cut} more row{} ·", if cut == 1 { "" } else { "s" });
        // Both where they fit on the border; else the sign alone, never cut.
        if sign.chars().count() + bottom.width() + 2 <= usize::from(area.width) {
            bottom.spans.insert(0, Span::raw(sign));
        } else {
            let sign = sign.trim_end_matches(" ·").to_string();
            bottom = Line::from(format!(" {sign} ")).right_aligned();
        }
    }
    frame.render_widget(paragraph.block(block.title_bottom(bottom)), area);
}

/// How the account is being given, under the notes: the interviewee's
/// involvement and who is in the room; not recorded yet, the keys that record them.
fn conditions_title(ctx: &Ctx) -> Line<'static> {
    let iv = ctx.interview;
    // Only an account of what was received is read with how it was given: a bank that receives
    // nothing (Leadership's) has no use for them.
    let receives = ctx.bank.questions.iter().any(|q| q.stance == Some(crate::bank::Stance::Received));
    if !receives && iv.involvement.is_none() && iv.product_in_room.is_none() {
        return Line::default();
    }
    let said: Vec<&str> =
        [iv.involvement.map(crate::session::Involvement::name), crate::session::room(iv.product_in_room)]
            .into_iter()
            .flatten()
            .collect();
    if said.is_empty() {
        let keys = |a| widgets::keys(&ctx.env.keymap, Context::Interview, a);
        let hint =
            format!(" {} involved? {} who is in the room? ", keys(Action::CycleInvolvement), keys(Action::CycleRoom));
        return Line::styled(hint, widgets::dim());
    }
    Line::from(format!(" {} ", said.join(" · ")))
}

/// Whether the interviewee may be quoted in the client's read-out, over the notes: not asked
/// yet, the key that records it.
fn consent_title(ctx: &Ctx) -> Line<'static> {
    match crate::session::consent(ctx.interview.quote_consent) {
        Some(said) => Line::from(format!(" {said} ")),
        None => {
            let key = widgets::keys(&ctx.env.keymap, Context::Interview, Action::CycleConsent);
            Line::styled(format!(" {key} may we quote? "), widgets::dim())
        }
    }
}

/// The launch in view under the question's frame, right: every interview is about it. Not
/// named yet, the key that names it.
fn launch_title(ctx: &Ctx) -> Line<'static> {
    let line = match &ctx.session.launch {
        Some(launch) => Line::from(format!(" ⟶ {} ", launch.label())),
        None => {
            let key = widgets::keys(&ctx.env.keymap, Context::Interview, Action::NameLaunch);
            Line::styled(format!(" no launch in view yet: {key} names it "), widgets::dim())
        }
    };
    line.right_aligned()
}

fn render_answer(
    frame: &mut Frame,
    area: Rect,
    q: &Question,
    (answer, lines, focus): (Option<&Answer>, Vec<Line>, usize),
) {
    let mut title = vec![Span::raw(format!(" Answer · {} ", q.kind.name()))];
    if let Some(a) = answer {
        match a.state {
            AnswerState::Skipped => title.push(Span::raw("· » skipped ").bold()),
            AnswerState::DontKnow => title.push(Span::raw("· ? don't know ").bold()),
            _ => {}
        }
        if a.flags.follow_up {
            title.push(Span::raw("· ⚑ follow-up ").bold());
        }
    }
    // The id it is stored under, for jumping to it (the palette) and reading it in an export,
    // where the title leaves room.
    let id = Line::styled(format!(" {} ", q.id), widgets::dim()).right_aligned();
    let room = usize::from(area.width.saturating_sub(2));
    let fits = Line::from(title.clone()).width() + id.width() < room;
    let mut block = Block::bordered().border_type(BorderType::Rounded).title(Line::from(title));
    if fits {
        block = block.title(id);
    }
    // Too little room: scrolled so the focus shows, and a sign of what is above and below.
    let (inner, width) = (block.inner(area), area.width.saturating_sub(2));
    let wrapped = |lines: &[Line]| rows_of(&Paragraph::new(lines.to_vec()).wrap(Wrap { trim: false }), width);
    let total = wrapped(&lines);
    // The focus line's last row at the pane's bottom at most.
    let through_focus = wrapped(&lines[..(focus + 1).min(lines.len())]);
    let top =
        if total > inner.height { through_focus.saturating_sub(inner.height).min(total - inner.height) } else { 0 };
    let below = total.saturating_sub(top + inner.height);
    let sign = match (top, below) {
        (0, 0) => String::new(),
        (0, b) => format!(" ↓ {b} more row{} ", if b == 1 { "" } else { "s" }),
        (t, 0) => format!(" ↑ {t} above "),
        (t, b) => format!(" ↑ {t} above · ↓ {b} more "),
    };
    if !sign.is_empty() {
        block = block.title_bottom(Line::from(sign).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((top, 0)).block(block), area);
}

fn render_notes(
    frame: &mut Frame,
    area: Rect,
    (answer, conditions, consent): (Option<&Answer>, Line<'static>, Line<'static>),
    state: &InterviewState,
    keymap: &KeyMap,
) {
    let editing = state.editor.as_ref();
    let marks = answer
        .filter(|a| !a.notes_marks.is_empty())
        // In the header's words: one time format on screen ("12 min in").
        .map(|a| {
            format!("· at {} in ", a.notes_marks.iter().map(|m| widgets::minutes(*m)).collect::<Vec<_>>().join(", "))
        })
        .unwrap_or_default();
    let quote = if answer.is_some_and(|a| a.flags.quote) { "· “verbatim quote” " } else { "" };
    // A huge note is edited by its end; the title says what stays as it is.
    let kept = match state.editor_keeps {
        0 => String::new(),
        n => format!("the end (first {} KB kept) ", n.div_ceil(1024)),
    };
    let title = if editing.is_some() {
        format!(
            " Notes — typing {kept}· {} when done · {} editor {quote}{marks}",
            widgets::keys(keymap, Context::Editor, Action::LeaveEditor),
            widgets::keys(keymap, Context::Editor, Action::ExternalEditor)
        )
    } else {
        format!(" Notes · {} to write {quote}{marks}", widgets::keys(keymap, Context::Interview, Action::EditNotes))
    };
    let room = usize::from(area.width.saturating_sub(2));
    let fits = editing.is_none() && title.chars().count() + 1 + consent.width() <= room;
    let block = Block::bordered()
        .border_type(if editing.is_some() { BorderType::Double } else { BorderType::Rounded })
        .title(title)
        // While typing, or where the two would meet, the left title has the frame's top alone.
        .title(if fits { consent.right_aligned() } else { Line::default() })
        .title_bottom(conditions);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match editing {
        Some(editor) => frame.render_widget(editor, inner),
        None => {
            let notes = answer.map(|a| a.notes.as_str()).unwrap_or("");
            // Only what can show is laid out: a frame costs the pane, not the note.
            let shown = super::notes::visible_start(notes, inner.width, inner.height);
            let text = if notes.is_empty() { Text::styled("(no notes)", widgets::dim()) } else { Text::raw(shown) };
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        }
    }
}

/// The one-line prompt for a follow-up's reason.
#[cfg(test)]
mod tests {
    use super::QuestionRows;
    use crate::bank::Catalog;

    #[test]
    fn rows_and_questions_map_both_ways() {
        let catalog = Catalog::embedded().unwrap();
        for bank in &catalog.banks {
            let rows = QuestionRows::new(bank);
            assert_eq!(rows.len(), bank.questions.len() + bank.sections.len());
            let mut seen = 0;
            for row in 0..rows.len() + 2 {
                if let Some(q) = rows.question_at(row) {
                    assert_eq!(q, seen, "{}: row {row}", bank.function);
                    assert_eq!(rows.row_of(q), row);
                    seen += 1;
                }
            }
            assert_eq!(seen, bank.questions.len());
            assert_eq!(rows.question_at(0), None, "the first row is a heading");
        }
    }
}
