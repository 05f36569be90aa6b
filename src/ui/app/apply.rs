//! [`App::apply`]: the one place that carries out what components ask for — changes the
//! session (through [`OpenSession::edit_interview`] and its siblings), saves, navigates,
//! opens and closes overlays, sets the status line.

use super::{App, Effect, Route};
use crate::session::{AnswerState, Versioned};
use crate::ui::command::{AnswerChange, Command, Edit, ReadOnly, Status};
use crate::ui::keymap::Action;
use crate::ui::save_state::SaveState;
use crate::ui::screens::divergence::DivergenceView;
use crate::ui::screens::interview::{self, InterviewState};

impl App {
    /// Carries out commands in order, and returns the follow-up one asked for, if any (the
    /// caller's loop hands it to what is on top). A refused change ends the batch: what
    /// follows it assumed it was made.
    pub fn apply(&mut self, commands: Vec<Command>) -> Option<Action> {
        let mut then = None;
        for command in commands {
            match command {
                Command::Then(action) => then = Some(action),
                command => {
                    if self.apply_one(command).is_err() {
                        return None;
                    }
                }
            }
        }
        then
    }

    fn apply_one(&mut self, command: Command) -> Result<(), ReadOnly> {
        match command {
            Command::Edit(edit) => return self.apply_edit(edit),
            Command::Save => self.save(),
            Command::SaveNow => self.save_now(),
            Command::Status(status) => self.say(status),
            Command::SetHints(shown) => self.env.hints = shown,
            // Taken out by `apply`.
            Command::Then(_) => {}
            Command::OpenSession(id) => {
                if let Err(e) = self.open_session(&id) {
                    self.say(Status::error(e.to_string()));
                }
            }
            Command::OpenReadOnly(id) => {
                if let Err(e) = self.open_read_only(&id) {
                    self.say(Status::error(e.to_string()));
                }
            }
            Command::CloseSession => self.close_session(),
            Command::OpenInterview(index) => self.open_interview(index),
            Command::LeaveInterview => self.leave_interview(),
            Command::GoToQuestion { interview, question } => self.go_to(interview, question),
            Command::OpenDivergence { topic } => self.open_divergence(topic.as_deref()),
            Command::OpenDiagnosis => {
                if let Some(open) = self.open.as_mut() {
                    let view = crate::ui::screens::diagnosis::DiagnosisView::new(open.session(), &self.env.catalog);
                    open.route = Route::Diagnosis(Box::new(view));
                }
            }
            Command::ShowSession => {
                if let Some(open) = self.open.as_mut() {
                    open.route = Route::Session;
                }
            }
            Command::Show(overlay) => self.overlays.push(overlay),
            Command::Close => {
                self.overlays.pop();
            }
            Command::CreateSession { organisation, interviewer, language, scope } => {
                self.create_session(organisation, interviewer, language, scope)
            }
            Command::RenameSession { id, organisation } => self.rename_session(&id, &organisation),
            Command::DeleteSession(id) => self.delete_session(&id),
            Command::ExportSession { id, path } => self.export_session(id, path),
            Command::ImportFile(path) => self.import_file(&path),
            Command::MergeFile { id, path } => self.merge_file(&id, &path),
            Command::FilterSessions(filter) => self.sessions.set_filter(filter),
            Command::EditExternally { text, interview, question } => {
                self.effect = Some(Effect::EditExternally { text, interview, question });
            }
            Command::Quit => self.shutdown(),
        }
        Ok(())
    }

    /// A change to the session, through [`crate::ui::OpenSession::edit_interview`] and
    /// [`crate::ui::OpenSession::add_interview`] (which record the one interview's file to
    /// write): refused read-only. Answers are saved at once; notes after their pause.
    fn apply_edit(&mut self, edit: Edit) -> Result<(), ReadOnly> {
        let now = self.env.now;
        let Some(open) = self.open.as_mut() else { return Ok(()) };
        let (interview, question, change) = match edit {
            Edit::Answer { interview, question, change } => (interview, question, change),
            Edit::Resolve { interview, question, chosen } => {
                match open.edit_interview(interview) {
                    Ok(Some(i)) => i.resolve(&question, &chosen, self.interviewer.as_deref(), now),
                    Ok(None) => return Ok(()),
                    Err(refused) => return self.refuse(refused),
                }
                self.say(Status::info("Conflict settled: that value is kept, and every value stays in the session."));
                self.save();
                return Ok(());
            }
            Edit::Recommend { .. } => {
                let by = self.interviewer.clone();
                let said = match open.edit() {
                    Ok(session) => crate::ui::app::claims::recommend(session, edit, by, now),
                    Err(refused) => return self.refuse(refused),
                };
                self.say(Status::info(said));
                self.save();
                return Ok(());
            }
            Edit::ResolveVersion { chosen, .. }
                if matches!(*chosen, crate::ui::command::Version::Recommendation(_)) =>
            {
                let crate::ui::command::Version::Recommendation(chosen) = *chosen else { return Ok(()) };
                match open.edit() {
                    Ok(session) => {
                        session.resolve_recommendation(&chosen.id.clone(), &chosen, now, self.interviewer.as_deref())
                    }
                    Err(refused) => return self.refuse(refused),
                }
                self.say(Status::info(
                    "Conflict settled: that version is kept, and every version stays in the session.",
                ));
                self.save();
                return Ok(());
            }
            Edit::PutClaim { .. } | Edit::WithdrawClaim { .. } | Edit::Check { .. } | Edit::ResolveVersion { .. } => {
                let i = crate::ui::app::claims::interview_of(&edit);
                let by = self.interviewer.clone();
                let settles = matches!(edit, Edit::ResolveVersion { .. });
                match open.edit_interview(i) {
                    Ok(Some(interview)) => crate::ui::app::claims::apply(interview, edit, by, now),
                    Ok(None) => return Ok(()),
                    Err(refused) => return self.refuse(refused),
                }
                if settles {
                    self.say(Status::info(
                        "Conflict settled: that version is kept, and every version stays in the session.",
                    ));
                }
                self.save();
                return Ok(());
            }
            Edit::Conditions { interview, involvement, product_in_room, quote_consent } => {
                match open.edit_interview(interview) {
                    Ok(Some(i)) => {
                        (i.involvement, i.product_in_room, i.quote_consent) =
                            (involvement, product_in_room, quote_consent);
                    }
                    Ok(None) => return Ok(()),
                    Err(refused) => return self.refuse(refused),
                }
                self.save();
                return Ok(());
            }
            Edit::SecondCapture { interview, of } => {
                match open.edit_interview(interview) {
                    Ok(Some(i)) => i.second_capture_of = of,
                    Ok(None) => return Ok(()),
                    Err(refused) => return self.refuse(refused),
                }
                self.save();
                return Ok(());
            }
            Edit::SetLaunch(launch) => {
                match open.edit() {
                    Ok(session) => {
                        session.launch = Some(launch);
                        session.updated_at = now;
                    }
                    Err(refused) => return self.refuse(refused),
                }
                self.say(Status::info("Launch in view named: every interview's questions about the case now name it."));
                self.save();
                return Ok(());
            }
            Edit::SetScope(scope) => {
                match open.edit() {
                    Ok(session) => {
                        session.scope = scope;
                        session.updated_at = now;
                    }
                    Err(refused) => return self.refuse(refused),
                }
                self.say(Status::info("Scope changed: interviews now ask the questions of the pillars in it."));
                self.save();
                return Ok(());
            }
            Edit::SetFollows(follows) => {
                let said = match &follows {
                    Some(earlier) => format!("Follows up {earlier}: the divergence screen shows what moved since."),
                    None => "Follows up no earlier engagement.".to_string(),
                };
                match open.edit() {
                    Ok(session) => {
                        session.follows = follows;
                        session.updated_at = now;
                    }
                    Err(refused) => return self.refuse(refused),
                }
                self.say(Status::info(said));
                self.save();
                return Ok(());
            }
            Edit::AddInterview { function, version, interviewee, role, budget_minutes } => {
                let (i, added) = match open.add_interview(&function, &version, now) {
                    Ok(added) => added,
                    Err(refused) => return self.refuse(refused),
                };
                added.interviewer.clone_from(&self.interviewer);
                added.interviewee = interviewee;
                added.role = role;
                added.budget_minutes = Some(budget_minutes);
                open.session_view.selected = i;
                self.save();
                return Ok(());
            }
        };
        let Some(answer) = (match open.edit_interview(interview) {
            Ok(found) => found.map(|i| i.answer_mut(&question)),
            Err(refused) => return self.refuse(refused),
        }) else {
            return Ok(());
        };
        let notes = matches!(change, AnswerChange::Notes { .. });
        let replaced = answer.legacy_hash();
        match change {
            AnswerChange::Value(value) => answer.set_value(value, now),
            AnswerChange::ToggleState(state) => answer.toggle_state(state, now),
            AnswerChange::ToggleFollowUp => answer.toggle_follow_up(now),
            AnswerChange::FlagFollowUp(reason) => answer.flag_follow_up(&reason, now),
            AnswerChange::ToggleQuote => answer.toggle_quote(now),
            AnswerChange::CycleSource => answer.cycle_source(now),
            AnswerChange::CycleSender { offered } => answer.cycle_sender(&offered, now),
            AnswerChange::Notes { text, keep, kind, mark } => {
                if let Some(mark) = mark.filter(|_| answer.notes.get(keep..) != Some(text.as_str())) {
                    answer.notes_marks.push(mark);
                }
                answer.set_notes_tail(keep, &text, kind, now);
            }
        }
        if answer.edited_at == Some(now) {
            answer.edited_by.clone_from(&self.interviewer);
            answer.revision.advance(replaced);
        }
        if !notes {
            self.save();
            return Ok(());
        }
        // Notes are written once typing pauses (see `App::tick`).
        if let Some(iv) = open.interview_mut() {
            iv.notes_dirty_since = Some(now);
        }
        if !matches!(open.save, SaveState::Failed(_)) {
            open.save = SaveState::Pending;
        }
        Ok(())
    }

    /// Says why a change was refused, and ends the batch.
    fn refuse(&mut self, refused: ReadOnly) -> Result<(), ReadOnly> {
        self.say(Status::warning(refused.to_string()));
        Err(refused)
    }

    /// Leaves the interview on screen for the session screen, saving: the one way out, whether
    /// by `q`, the palette or the follow-up list.
    pub fn leave_interview(&mut self) {
        if self.open.as_ref().and_then(|o| o.interview()).is_none() {
            return;
        }
        self.save();
        if let Some(open) = self.open.as_mut() {
            open.route = Route::Session;
        }
    }

    /// Shows interview `index`, at its first question not yet covered; says why not when its
    /// bank is missing or empty.
    pub fn open_interview(&mut self, index: usize) {
        let now = self.env.now;
        let Some(open) = self.open.as_mut() else { return };
        let Some(interview) = open.session().interviews.get(index) else { return };
        let bank = match self.env.catalog.bank(&interview.function) {
            Some(bank) if !bank.questions.is_empty() => bank,
            Some(bank) => {
                let text = format!(
                    "The {} bank has no questions, so there is nothing to ask: add questions to it and start crosscheck again. This interview's answers are kept (crosscheck export shows them).",
                    bank.title
                );
                self.status = Some(Status::warning(text));
                return;
            }
            None => {
                let text = format!(
                    "No bank for function \"{}\" among the loaded banks: start crosscheck with the --banks folder this session used.",
                    interview.function
                );
                self.status = Some(Status::warning(text));
                return;
            }
        };
        // After a merge, the first conflict to review; else the first question not yet covered.
        let conflicts = interview.to_review();
        let conflict = bank.questions.iter().position(|q| interview.conflicts_on(&q.id).next().is_some());
        let question =
            conflict.or_else(|| bank.questions.iter().position(|q| interview.state_of(&q.id) == AnswerState::NotAsked));
        open.route = Route::Interview(Box::new(InterviewState::new(index, question.unwrap_or(0), now)));
        open.session_view.selected = index;
        if conflicts > 0 {
            let s = if conflicts == 1 { "" } else { "s" };
            self.say(Status::info(format!(
                "{conflicts} conflict{s} from a merge to review (⚠ in the list): c chooses the value to keep."
            )));
        }
    }

    /// Shows question `question` of interview `interview`, leaving (and saving) another
    /// interview on screen first.
    fn go_to(&mut self, interview: usize, question: usize) {
        let showing = self.open.as_ref().and_then(|o| o.interview()).map(|iv| iv.index);
        if showing != Some(interview) {
            self.leave_interview();
            self.open_interview(interview);
        }
        self.go_to_question(question);
        if showing != Some(interview)
            && let Some(state) = self.open.as_mut().and_then(|o| o.interview_mut())
        {
            state.arrived = true;
        }
    }

    /// Goes to question `index` of the interview on screen.
    pub fn go_to_question(&mut self, index: usize) {
        let Some(open) = self.open.as_mut() else { return };
        let function = open.interview().and_then(|iv| open.session().interviews.get(iv.index)).map(|i| &i.function);
        let Some(bank) = function.and_then(|f| self.env.catalog.bank(f)) else { return };
        if let Some(state) = open.interview_mut() {
            interview::go_to(state, bank, index);
        }
    }

    /// Opens the matrix on `topic`'s row, or on the most severe.
    fn open_divergence(&mut self, topic: Option<&str>) {
        let Some(open) = self.open.as_mut() else { return };
        let mut view = DivergenceView::open_at(open.session(), &self.env.catalog, topic);
        // A follow-up shows what moved since the engagement it follows, when that is here.
        let earlier = open.session().follows.as_deref().and_then(|id| self.store.load(id, &self.env.catalog).ok());
        if let Some(earlier) = earlier {
            view = view.since(&earlier, &self.env.catalog);
        }
        // Among the other engagements of the data folder (read once: the others do not change
        // while this one is open).
        let engagements = self.engagements.get_or_insert_with(|| {
            crate::norms::of_store(&self.store, &self.banks).map(|(figures, _)| figures).unwrap_or_default()
        });
        view.among = Some(crate::norms::Among::of(
            open.session().engagement_id(),
            view.data.gap_index,
            view.data.readiness,
            engagements,
            self.env.norms_min_engagements,
        ));
        open.route = Route::Divergence(Box::new(view));
    }

    /// Closes the session for the sessions screen, once every write has landed; a session whose
    /// last write failed stays open.
    pub fn close_session(&mut self) {
        // A write under way lands (or fails) before the lock is let go.
        self.settle_writes();
        if self.unsaved() {
            self.say(Status::error(
                "Not saved yet, so the session stays open while crosscheck retries. Free disk space or fix the folder's permissions; Ctrl-C quits and writes an emergency copy.",
            ));
            return;
        }
        self.open = None;
        self.notice = None;
        self.fit_catalog();
        self.reload_sessions();
    }
}
