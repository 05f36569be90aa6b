//! The sources of a REFI-QDA project and their codings: each interview's text, a selection on
//! each answer, claim and check that carries a code or a note, and the notes themselves (the
//! follow-up reasons, linked to their selection).

use std::io;

use quick_xml::events::BytesText;

use super::codes::State;
use super::project::{Ctx, Xml, attrs};
use super::source::{Part, Segment, plain};
use crate::transcript::{AnswerRecord, InterviewRecord, rfc3339};

/// One selection: what it is called, the codes and note on it, who made it and when.
struct Coded<'a> {
    key: String,
    name: String,
    codes: Vec<String>,
    note: Option<String>,
    /// Why the answer is flagged for a follow-up: the selection's description, which QualCoder
    /// reads as the memo of each of its codings (it ignores a selection's note reference).
    reason: Option<&'a str>,
    user: Option<&'a str>,
    at: Option<String>,
}

impl<'a> Coded<'a> {
    /// A part coded without a note or a follow-up reason (a claim, a check).
    fn plain(key: String, name: String, codes: Vec<String>, user: Option<&'a str>, at: Option<String>) -> Self {
        Coded { key, name, codes, note: None, reason: None, user, at }
    }
}

pub(super) fn sources(w: &mut Xml, ctx: &Ctx, spans: &[Vec<Segment>]) -> io::Result<()> {
    if ctx.t.interviews.is_empty() {
        return Ok(());
    }
    w.create_element("Sources").write_inner_content(|w| {
        for (interview, segments) in ctx.t.interviews.iter().zip(spans) {
            let guid = ctx.source_guid(interview);
            let who = interview.interviewee.as_deref().unwrap_or("(no name)");
            let pairs = [
                ("guid", Some(guid.clone())),
                ("name", Some(super::attribute(&format!("{who} ({})", interview.function)).into_owned())),
                ("plainTextPath", Some(format!("internal://{guid}.txt"))),
                ("creatingUser", ctx.interviewer_of(interview).map(|u| ctx.user(u))),
                ("creationDateTime", Some(interview.started_at.clone())),
            ];
            w.create_element("TextSource").with_attributes(attrs(&pairs)).write_inner_content(|w| {
                for seg in segments {
                    if let Some(coded) = coded(ctx, interview, seg.part) {
                        selection(w, ctx, interview, seg, &coded)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn selection(w: &mut Xml, ctx: &Ctx, interview: &InterviewRecord, seg: &Segment, c: &Coded) -> io::Result<()> {
    let guid = ctx.selection(&interview.id, &c.key);
    let user = c.user.map(|u| ctx.user(u));
    let pairs = [
        ("guid", Some(guid)),
        ("name", Some(super::attribute(&c.name).into_owned())),
        ("startPosition", Some(seg.start.to_string())),
        ("endPosition", Some(seg.end.to_string())),
        ("creatingUser", user.clone()),
        ("creationDateTime", c.at.clone()),
    ];
    w.create_element("PlainTextSelection").with_attributes(attrs(&pairs)).write_inner_content(|w| {
        if let Some(reason) = c.reason {
            w.create_element("Description").write_text_content(BytesText::new(&plain(reason)))?;
        }
        for code in &c.codes {
            let guid = ctx.guids.of("coding", &[&interview.id, &c.key, code]);
            let pairs = [("guid", Some(guid)), ("creatingUser", user.clone()), ("creationDateTime", c.at.clone())];
            w.create_element("Coding").with_attributes(attrs(&pairs)).write_inner_content(|w| {
                w.create_element("CodeRef").with_attribute(("targetGUID", code.as_str())).write_empty()?;
                Ok(())
            })?;
        }
        if let Some(note) = &c.note {
            w.create_element("NoteRef").with_attribute(("targetGUID", note.as_str())).write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The codes and note of a part of `interview`'s text; none when it carries neither.
fn coded<'a>(ctx: &Ctx<'a>, interview: &'a InterviewRecord, part: Part) -> Option<Coded<'a>> {
    let mut states = Vec::new();
    let coded = match part {
        Part::Answer(i) => {
            let a = interview.answers.get(i)?;
            let key = (interview.id.clone(), a.question_id.clone());
            states.extend(ctx.marks.over_stated.contains(&key).then_some(State::OverStated));
            states.extend(ctx.marks.refuted_answers.contains(&key).then_some(State::Refuted));
            states.extend(a.given.flags.follow_up.then_some(State::FollowUp));
            states.extend(a.given.flags.quote.then_some(State::Quote));
            Coded {
                key: format!("answer\u{1f}{}", a.question_id),
                name: a.question_id.clone(),
                codes: a.topic.iter().map(|t| ctx.topic(t)).collect(),
                note: follow_up_reason(a).map(|_| ctx.note(interview, a)),
                reason: follow_up_reason(a),
                user: a.given.edited_by.as_deref().or(ctx.interviewer_of(interview)),
                at: a.given.edited_at.clone().or_else(|| a.given.answered_at.clone()),
            }
        }
        Part::Claim(i) => {
            let c = interview.claims.get(i)?;
            states.extend(c.quote.then_some(State::Quote));
            let (key, name) = (format!("claim\u{1f}{}", c.id), format!("claim: {}", c.text));
            let user = c.made_by.as_deref();
            Coded::plain(key, name, vec![ctx.topic(&c.topic)], user, Some(rfc3339(c.made_at)))
        }
        Part::Conflict(k) => {
            let c = interview.conflicts.get(k)?;
            states.push(State::Conflict);
            let topic =
                interview.answers.iter().find(|a| a.question_id == c.question_id).and_then(|a| a.topic.as_ref());
            Coded {
                key: format!("conflict\u{1f}{}\u{1f}{k}", c.question_id),
                name: format!("other value: {}", c.question_id),
                codes: topic.iter().map(|t| ctx.topic(t)).collect(),
                note: None,
                reason: None,
                user: c.given.edited_by.as_deref(),
                at: c.given.edited_at.clone(),
            }
        }
        Part::Check(i) => {
            let k = interview.checks.get(i)?;
            let claim = ctx.claims.get(k.claim.as_str())?;
            states.extend(k.verdict.refutes().then_some(State::Refuted));
            let (key, name) = (format!("check\u{1f}{}", k.claim), format!("check: {}", claim.text));
            let user = k.by.as_deref();
            Coded::plain(key, name, vec![ctx.topic(&claim.topic)], user, Some(rfc3339(k.at)))
        }
    };
    let mut coded = coded;
    coded.codes.extend(states.into_iter().map(|s| ctx.state(s)));
    (!coded.codes.is_empty() || coded.note.is_some()).then_some(coded)
}

/// Why the answer is flagged for a follow-up, when it is and the interviewer said.
fn follow_up_reason(a: &AnswerRecord) -> Option<&str> {
    let flags = &a.given.flags;
    flags.follow_up.then_some(flags.follow_up_reason.as_deref()?).filter(|r| !r.trim().is_empty())
}

/// The follow-up reasons, each a note its answer's selection refers to.
pub(super) fn notes(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    let reasons = || {
        ctx.t.interviews.iter().flat_map(|i| {
            i.answers.iter().filter(|a| super::source::said(a)).filter_map(move |a| Some((i, a, follow_up_reason(a)?)))
        })
    };
    if reasons().next().is_none() {
        return Ok(());
    }
    w.create_element("Notes").write_inner_content(|w| {
        for (interview, a, reason) in reasons() {
            let user = a.given.edited_by.as_deref().or(ctx.interviewer_of(interview));
            // Never without a time: QualCoder's import fails on a note that has none.
            let at = a.given.edited_at.clone().or_else(|| a.given.answered_at.clone());
            let at = at.unwrap_or_else(|| interview.started_at.clone());
            let pairs = [
                ("guid", Some(ctx.note(interview, a))),
                ("name", Some(super::attribute(&format!("Follow-up: {}", a.question_id)).into_owned())),
                ("creatingUser", user.map(|u| ctx.user(u))),
                ("creationDateTime", Some(at)),
            ];
            w.create_element("Note").with_attributes(attrs(&pairs)).write_inner_content(|w| {
                w.create_element("PlainTextContent").write_text_content(BytesText::new(&plain(reason)))?;
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
