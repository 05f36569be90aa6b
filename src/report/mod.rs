//! The Markdown report for the client read-out: who was interviewed, the gap index, the
//! divergence matrix, the widest gaps with what each side said, the claims checked with the
//! other functions, inconsistent stories, what is still unknown, DORA bands and the open
//! follow-ups.
//!
//! Written for the client, not for us: plain English, every symbol explained once, no figure
//! without the answers behind it. The output depends only on its inputs (no map iteration order,
//! no clock), so the same session always gives the same report.

mod captures;
mod changes;
mod chart;
mod claims;
mod confidential;
mod diagnosis;
mod html;
mod items;
mod levels;
pub mod markdown;
mod others;
mod since;
mod unknowns;

use chrono::{DateTime, Utc};

use crate::bank::{Catalog, SCALE_MAX};
use crate::divergence::{
    self, Cell, Divergence, Side, TopicDivergence, Unknown, Verdict, Voice, points, signed_points,
};
use crate::dora::{self, Band, METRICS, MetricReading};
use crate::session::{AnswerState, Session};
pub use confidential::{MIN_GROUP, ReadOut};
pub use html::{html, html_beside};
use markdown::{and_list, bold_list, cell, note_lines, text};
pub use others::Others;

/// How many cells "Top divergences" shows at most.
pub const TOP: usize = 5;

/// Where the client's copy leaves a verbatim quote out.
const WITHHELD: &str = "*A verbatim quote, left out: its function had too few interviewees to quote without consent.*";

/// What the report sets the engagement beside, where the caller has it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Beside<'a> {
    /// The earlier engagement this one follows up: "Since the last assessment".
    pub earlier: Option<&'a Session>,
    /// The consultant's engagements (this one may be among them: it is left out) and the
    /// fewest that must have a figure before the engagement is placed among them on it.
    pub engagements: Option<(&'a [crate::norms::Figures], usize)>,
}

/// The report of `session` for `read_out`'s readers, dated `now`.
pub fn markdown(session: &Session, catalog: &Catalog, now: DateTime<Utc>, read_out: &ReadOut) -> String {
    markdown_beside(session, catalog, now, read_out, Beside::default())
}

/// The report of `session`, set beside the earlier engagement and the others in `beside`.
pub fn markdown_beside(
    session: &Session,
    catalog: &Catalog,
    now: DateTime<Utc>,
    read_out: &ReadOut,
    beside: Beside,
) -> String {
    with_diagnosis(session, catalog, now, read_out, beside).0
}

/// The report and the diagnosis it was written from (the HTML page draws its pillars too).
fn with_diagnosis(
    session: &Session,
    catalog: &Catalog,
    now: DateTime<Utc>,
    read_out: &ReadOut,
    beside: Beside,
) -> (String, crate::diagnosis::Diagnosis) {
    // The read-out covers what the engagement set out to cover.
    let catalog = &*catalog.in_scope(&session.scope);
    // The client's copy is written from the session with the people taken out.
    let mut shown = (!read_out.names).then(|| confidential::for_client(session, read_out.min_group));
    let (session, withheld) = match shown.as_mut() {
        Some(shown) => (&shown.session, std::mem::take(&mut shown.withheld)),
        None => (session, Default::default()),
    };
    let divergence = divergence::compute(session, catalog);
    let diagnosis = crate::diagnosis::diagnose(session, catalog);
    let claims = crate::claims::ledger(session, catalog);
    // What moved: this engagement as just read, against the earlier one.
    let read = crate::compare::Read { session, matrix: &divergence, diagnosis: &diagnosis, ledger: &claims };
    let since = beside.earlier.map(|earlier| crate::compare::compare_read(earlier, read, catalog));
    let among = beside.engagements.map(|(all, min)| {
        let engagement = session.engagement_id();
        crate::norms::Among::of(engagement, divergence.gap_index, divergence.readiness, all, min)
    });
    let r = Report {
        session,
        catalog,
        divergence: &divergence,
        diagnosis: &diagnosis,
        read_out: *read_out,
        claims: &claims,
        withheld,
        since: since.as_ref(),
        among,
        out: String::new(),
    };
    // A note or a name may hold control characters: shown as `\u{1b}`, never written raw.
    let text = crate::sanitize::for_terminal(&r.render(now)).into_owned();
    (text, diagnosis)
}

struct Report<'a> {
    session: &'a Session,
    catalog: &'a Catalog,
    divergence: &'a Divergence,
    diagnosis: &'a crate::diagnosis::Diagnosis,
    read_out: ReadOut,
    /// The claim ledger, for the matrix's marks and "Claims checked".
    claims: &'a [crate::claims::Entry],
    /// The verbatim quotes the client's copy leaves out (interview id, question id).
    withheld: std::collections::BTreeSet<(String, String)>,
    /// A follow-up against the engagement it follows.
    since: Option<&'a crate::compare::Comparison>,
    /// The engagement among the consultant's others.
    among: Option<crate::norms::Among>,
    out: String,
}

impl Report<'_> {
    fn line(&mut self, s: impl AsRef<str>) {
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A function's display name: its bank's title.
    fn name(&self, function: &str) -> String {
        self.catalog.bank(function).map_or_else(|| function.to_string(), |b| b.title.clone())
    }

    fn asked(&self, q: &crate::bank::Question) -> String {
        crate::bank::fill(&q.text, &self.session.case_text().case()).into_owned()
    }

    /// A question as it was asked: the launch in view filled in.
    fn question_text(&self, id: &str) -> Option<String> {
        let (_, q) = self.catalog.question(id)?;
        // A row of a question asked for several functions: the one it was answered for.
        let row = self.row_for(q).map(|f| format!(" — for {f}")).unwrap_or_default();
        Some(format!("{}{row}", self.asked(q)))
    }

    /// The function a row of a question asked for several functions was answered for.
    fn row_for(&self, q: &crate::bank::Question) -> Option<String> {
        q.group.as_ref().and(q.to.first()).map(|f| self.name(f))
    }

    fn render(mut self, now: DateTime<Utc>) -> String {
        self.title(now);
        self.what_the_evidence_says();
        self.what_to_change();
        self.interviews();
        self.gap_index();
        self.readiness();
        self.since_last_assessment();
        self.matrix();
        self.agreed_weaknesses();
        self.top_divergences();
        self.claims_checked();
        self.item_by_item();
        self.inconsistent_stories();
        self.unknowns();
        self.dora();
        self.follow_ups();
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    fn title(&mut self, now: DateTime<Utc>) {
        self.line(format!("# Delivery diagnostic: {}", text(&self.session.organisation)));
        self.blank();
        if self.read_out.names {
            self.line(
                "**Team copy: it names the people interviewed. Not for the client: their copy (`crosscheck report` \
                 without `--names`) attributes what was said to functions only.**",
            );
            self.blank();
        }
        let by =
            self.session.interviewer.as_deref().map(|i| format!(" Interviews by {}.", text(i))).unwrap_or_default();
        self.line(format!("Read-out of {}.{by}", now.format("%-d %B %Y")));
        self.blank();
        // Every interview was about this one launch: the reader needs it to read the answers.
        if let Some(launch) = &self.session.launch {
            let release = launch.release_label().map(|r| format!(", carried by {}", text(&r))).unwrap_or_default();
            self.line(format!("Every interview was about one launch: **{}**{release}.", text(&launch.label())));
            self.blank();
        }
        self.line(
            "We interviewed each function on its own. On each topic, we compared what the function responsible for \
             communicating it (usually Product) says it communicated, its *claim*, with what the other functions \
             say they received. This report shows where those accounts differ, what people said, and what is still \
             to be asked.",
        );
        self.blank();
    }

    fn interviews(&mut self) {
        self.line("## Who we interviewed");
        self.blank();
        if self.session.interviews.is_empty() {
            self.line("No interviews yet.");
            self.blank();
            return;
        }
        self.line("| Interview | Duration | Questions covered |");
        self.line("| --- | --- | --- |");
        for (index, i) in self.session.interviews.iter().enumerate() {
            let covered = match self.catalog.bank(&i.function) {
                Some(b) => {
                    let n = b.questions.iter().filter(|q| i.state_of(&q.id) != AnswerState::NotAsked).count();
                    format!("{n} of {}", b.questions.len())
                }
                None => i.covered().to_string(),
            };
            let label = self.session.label_of(index, &self.name(&i.function));
            let row = format!("| {} | {} | {covered} |", cell(&label), duration(i.elapsed_seconds));
            self.line(row);
        }
        self.blank();
        self.attributable();
        self.conditions();
        self.captures();
    }

    /// In the client's copy, the functions too small to hide among, said once.
    fn attributable(&mut self) {
        if self.read_out.names {
            return;
        }
        let small = confidential::small_groups(self.session, self.read_out.min_group);
        if small.is_empty() {
            self.line("Answers are attributed to functions, never to the people interviewed.");
            self.blank();
            return;
        }
        // "Product (PM) and Operations had one interviewee each; Sales had 2."
        let mut counts: Vec<usize> = small.iter().map(|(_, n)| *n).collect();
        counts.dedup();
        counts.sort_unstable();
        counts.dedup();
        let had: Vec<String> = counts
            .iter()
            .map(|&n| {
                let names: Vec<String> = small.iter().filter(|(_, k)| *k == n).map(|(f, _)| self.name(f)).collect();
                let who = if n == 1 { "one interviewee".to_string() } else { format!("{n} interviewees") };
                let each = if names.len() > 1 { " each" } else { "" };
                format!("{} had {who}{each}", and_list(&names))
            })
            .collect();
        self.line(format!(
            "Answers are attributed to functions, never to the people interviewed. Where a function had fewer than {} \
             interviewees, what it said is attributable to them: {}. Their words are quoted only where they agreed \
             to be quoted.",
            self.read_out.min_group,
            had.join("; ")
        ));
        self.blank();
    }

    /// How the interviews were held, where it was recorded: the method hears the receiving
    /// functions without Product in the room, and an account from someone not involved in the
    /// launch in view is read as such.
    fn conditions(&mut self) {
        let mut held = Vec::new();
        for (index, i) in self.session.interviews.iter().enumerate() {
            let said: Vec<&str> =
                [crate::session::room(i.product_in_room), i.involvement.map(crate::session::Involvement::name)]
                    .into_iter()
                    .flatten()
                    .collect();
            if !said.is_empty() {
                let label = self.session.label_of(index, &self.name(&i.function));
                held.push(format!("- {}: {}", text(&label), said.join("; ")));
            }
        }
        if held.is_empty() {
            return;
        }
        self.line("How the interviews were held (who was in the room; the interviewee's part in the launch):");
        self.blank();
        held.into_iter().for_each(|l| self.line(l));
        self.blank();
    }

    fn gap_index(&mut self) {
        self.line("## Gap index");
        self.blank();
        match self.divergence.gap_index {
            Some(index) => {
                let n = self.divergence.cells_compared;
                self.line(format!(
                    "**{index:.0} out of 100**, from {n} {}.",
                    if n == 1 { "comparison" } else { "comparisons" }
                ));
                self.blank();
                self.line(format!(
                    "A comparison sets what one function says it received on a topic against what was said to be \
                     communicated. On average the two accounts are {} apart on the 0–4 scale used in the \
                     interviews: 0 would mean every account matches its claim, 100 that every one is as far apart as \
                     the scale allows.",
                    plural_points(index / 100.0 * SCALE_MAX)
                ));
                if let Some(among) = self.among {
                    self.blank();
                    self.line(levels::among_line("gap index", among.gap_index, among.min, "lower is better"));
                }
            }
            None => self.line(
                "Not enough answers yet: no topic has both a claim of what was communicated and an account of what \
                 was received.",
            ),
        }
        self.blank();
    }

    fn matrix(&mut self) {
        self.line("## Divergence matrix");
        self.blank();
        if self.divergence.topics.is_empty() {
            self.line("The question banks link no topics between functions, so there is nothing to compare.");
            self.blank();
            return;
        }
        self.line(
            "Each row is a topic, the widest gaps first. *Claim* is how well the function responsible for the topic \
             says it communicated it, scored from 0 to 4; each other column gives one function's own score for what \
             it received, then compares it with that claim: a symbol, then the difference in points (claim minus \
             received). Answers chosen from a list, such as when a function first heard of a launch, are scored on \
             the same 0 to 4 scale.",
        );
        self.blank();
        let receivers: Vec<String> = self.divergence.receivers.iter().map(|f| cell(&self.name(f))).collect();
        // Claims checked with the functions mark their cells, as on the screen.
        let claims = self.claims;
        self.line(format!("| Topic | Claim | {} |", receivers.join(" | ")));
        self.line(format!("| --- | --- |{}", " --- |".repeat(receivers.len())));
        for t in &self.divergence.topics {
            let mark = match (t.inconsistent(), t.shared_fact) {
                (true, true) => " ≠ (a shared fact)",
                (true, false) => " ≠",
                (false, true) => " (a shared fact)",
                (false, false) => "",
            };
            let communicator = cell(&self.name(&t.communicated.function));
            // Where each receiver has a communicated side of its own, the cells say what it was.
            let communicated = if t.cells.iter().any(|c| c.addressed) {
                "one claim each".to_string()
            } else {
                side_score(&t.communicated)
            };
            let mut row = format!("| {}{mark} | {communicator}: {communicated} |", cell(&t.title));
            for f in &self.divergence.receivers {
                let claim = crate::claims::cell_standing(claims, &t.topic, f).and_then(crate::claims::Standing::symbol);
                let claim = claim.map_or_else(String::new, |m| format!(" {m}"));
                row.push_str(&format!(" {} |", t.cell(f).map_or_else(|| "—".to_string(), |c| matrix_cell(c) + &claim)));
            }
            self.line(row);
        }
        self.blank();
        self.line("How to read the symbols:");
        self.blank();
        for l in [
            "- **▲▲** the claim is 2 points or more above what the function says it received (a major over-statement)",
            "- **▲** the claim is 1 point or more above it, but less than 2 (a minor over-statement)",
            "- **▼▼** / **▼** the claim is 2 points or more / 1 to 2 points below what the function says it received \
             (an under-statement)",
            "- **=** the two accounts are less than a point apart; *both strong* when both are 3 or above, *both weak* \
             when both are 1 or below",
            "- **××** / **×** on a shared fact (a state both sides can see, not something sent): the two accounts \
             of it are 2 points or more / 1 to 2 points apart, a disagreement on what is so, not anyone's \
             over-statement; shared facts count in neither the gap index nor readiness",
            "- **≠** after a topic: the functions that received it tell different stories (see *Inconsistent stories*)",
            "- **\\*** after a cell: read it with how the accounts were given — someone from Product was in the room, \
             or an account from someone not involved in the launch was left out of the score (see *How the \
             interviews were held*)",
            "- **⊘** / **◌** after a cell: a specific claim on the topic that this function did not receive or know \
             of / that is still to put to someone in it (see *Claims checked*)",
            "- **?** no comparison yet, and why (see *Unknowns to follow up*)",
            "- **—** the function is not asked about this topic",
        ] {
            self.line(l);
        }
        self.blank();
    }

    fn top_divergences(&mut self) {
        self.line("## Top divergences");
        self.blank();
        let mut top: Vec<(&TopicDivergence, &Cell, f64)> = self
            .divergence
            .topics
            .iter()
            .flat_map(|t| t.cells.iter().map(move |c| (t, c)))
            .filter(|(_, c)| c.verdict.is_divergent())
            .filter_map(|(t, c)| c.gap.map(|g| (t, c, g)))
            .collect();
        // Stable: equal gaps keep the matrix's order.
        top.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
        top.truncate(TOP);
        if top.is_empty() {
            self.line("No topic shows a gap of a point or more between what was communicated and what was received.");
            self.blank();
            return;
        }
        self.line("The widest gaps between a claim and an account, with what each side said.");
        self.blank();
        for (n, (t, c, gap)) in top.into_iter().enumerate() {
            self.top_divergence(n, t, c, gap);
        }
    }

    /// One of the top divergences: the numbers, what each side said, the terms and items.
    fn top_divergence(&mut self, n: usize, t: &TopicDivergence, c: &Cell, gap: f64) {
        let communicated_side = t.communicated_for(c);
        let sender = self.name(&communicated_side.function);
        let receiver = self.name(&c.received.function);
        self.line(format!(
            "### {}. {}: {} {} {}",
            n + 1,
            text(&t.title),
            text(&receiver),
            c.verdict.symbol(),
            signed_points(gap)
        ));
        self.blank();
        let (Some(communicated), Some(received)) = (communicated_side.score, c.received.score) else { return };
        let direction = if gap > 0.0 { "above" } else { "below" };
        self.line(format!(
            "{} scores this {} out of 4 and {} {}: the claim is {} {direction} what {} says it received ({}).",
            text(&sender),
            points(communicated),
            text(&receiver),
            points(received),
            plural_points(gap.abs() * SCALE_MAX),
            text(&receiver),
            c.verdict.name()
        ));
        self.blank();
        self.side(&format!("What {sender} said"), communicated_side);
        self.side(&format!("What {receiver} said"), &c.received);
        let said_not_heard = t.said_not_heard_by(c);
        if !said_not_heard.is_empty() {
            let whom = if c.addressed { text(&receiver) } else { "the functions that received the topic".into() };
            self.line(format!(
                "Said but not heard (words in the notes from {}, in none from {whom}): {}.",
                text(&sender),
                bold_list(said_not_heard)
            ));
            self.blank();
        }
        if !c.heard_not_said.is_empty() {
            self.line(format!(
                "Heard but not said (words in the notes from {}, not in those from {}): {}.",
                text(&receiver),
                text(&sender),
                bold_list(&c.heard_not_said)
            ));
            self.blank();
        }
    }

    /// One side of a divergence: every interview's answer, with the question asked.
    fn side(&mut self, heading: &str, side: &Side) {
        let mut asked: Option<&str> = None;
        self.line(format!("**{}**", text(heading)));
        self.blank();
        for v in &side.voices {
            if asked != Some(v.question_id.as_str()) {
                asked = Some(v.question_id.as_str());
                if let Some(q) = self.question_text(&v.question_id) {
                    self.line(format!("Asked: *{}*", text(&q)));
                    self.blank();
                }
            }
            self.voice(v);
        }
        if let (Some(spread), n) = (side.spread_points, side.voices.iter().filter(|v| v.score.is_some()).count())
            && spread >= 0.05
        {
            self.line(format!(
                "The score of {} is the average of {n} interviews, which are {} apart.",
                text(&self.name(&side.function)),
                plural_points(spread)
            ));
            self.blank();
        }
    }

    fn voice(&mut self, v: &Voice) {
        let who = v.who.clone();
        let answer = match v.state {
            AnswerState::Answered => v.value_text.as_deref().map_or_else(|| "answered".to_string(), text),
            AnswerState::Skipped => "*skipped*".into(),
            AnswerState::DontKnow => "*don't know*".into(),
            AnswerState::NotAsked => "*not asked*".into(),
        };
        // What the interview answered for: both sides speak of the same launch or release.
        let case = v.case.as_deref().map_or(String::new(), |c| format!(" *(on {})*", text(c)));
        self.line(format!("> **{}:**{case} {answer}", text(&who)));
        if self.withheld.contains(&(v.interview.clone(), v.question_id.clone())) {
            self.line(">");
            self.line(format!("> {WITHHELD}"));
        } else if !v.notes.trim().is_empty() {
            self.line(">");
            for l in note_lines(&v.notes, v.quote) {
                self.line(format!("> {l}"));
            }
        }
        self.blank();
    }

    fn inconsistent_stories(&mut self) {
        self.line("## Inconsistent stories");
        self.blank();
        let topics: Vec<&TopicDivergence> = self.divergence.topics.iter().filter(|t| t.inconsistent()).collect();
        if topics.is_empty() {
            if self.divergence.topics.iter().any(|t| t.consistency.is_some()) {
                self.line("None: wherever two or more functions received a topic, they describe it alike.");
            } else {
                self.line("No topic has scores from two receiving functions yet.");
            }
            self.blank();
            return;
        }
        self.line(format!(
            "When several functions receive the same topic, we check that they describe it alike: how far, on \
             average, each function's score sits from the average of them all. More than {:.1} points (the usual \
             cut-off for a five-point question) means they are telling different stories. On these topics they are:",
            divergence::AD_CUTOFF_POINTS
        ));
        self.blank();
        for t in topics {
            let scores: Vec<String> = t
                .cells
                .iter()
                .map(|c| format!("{} {}", text(&self.name(&c.received.function)), side_score(&c.received)))
                .collect();
            let ad = t.consistency.as_ref().map_or(0.0, |c| c.ad_points);
            self.line(format!(
                "- **{}**: {}; on average {} from their mean ({} claims {})",
                text(&t.title),
                scores.join(" · "),
                plural_points(ad),
                text(&self.name(&t.communicated.function)),
                side_score(&t.communicated)
            ));
        }
        self.blank();
    }

    fn dora(&mut self) {
        self.line("## Delivery performance (DORA)");
        self.blank();
        let readings = dora::readings(self.session, self.catalog);
        if readings.is_empty() {
            match METRICS.iter().find_map(|m| self.catalog.question(m.question_id)) {
                Some((bank, _)) => self.line(format!(
                    "{} has not been interviewed yet, so there are no delivery figures to place.",
                    text(&bank.title)
                )),
                None => self.line("The question banks in use do not ask DORA's delivery metrics."),
            }
            self.blank();
            return;
        }
        self.line(format!(
            "The answers from {} to DORA's delivery metrics, placed in the software delivery performance \
             clusters of the {}. Each answer gets the best cluster whose typical value it meets or beats; an answer \
             that meets none is *below Low*.",
            text(&self.dora_function()),
            text(dora::SOURCE)
        ));
        self.blank();
        let mut interview: Option<&str> = None;
        for r in &readings {
            if interview != Some(r.interview.as_str()) {
                if interview.is_some() {
                    self.blank();
                }
                interview = Some(r.interview.as_str());
                let who = r.who.clone();
                self.line(format!("**{}**", text(&who)));
                self.blank();
                self.line("| Metric | Answer | Source | Band |");
                self.line("| --- | --- | --- | --- |");
            }
            // A guessed figure keeps its band, marked.
            let source = r.source.map_or("not recorded".to_string(), |s| s.name().to_string());
            let mark = if matches!(r.source, Some(crate::session::Source::Guessed)) { " (guessed)" } else { "" };
            self.line(format!(
                "| {} | {} | {source} | {}{mark} |",
                cell(r.metric),
                r.answer.as_deref().map_or_else(|| "—".to_string(), cell),
                band_text(r)
            ));
        }
        self.blank();
        self.dora_thresholds();
    }

    /// The DORA clusters' published thresholds, and what they leave unreachable.
    fn dora_thresholds(&mut self) {
        self.line(format!("The thresholds, as published in the {}:", text(dora::SOURCE)));
        self.blank();
        let banded: Vec<_> = METRICS.iter().filter_map(|m| m.clusters.map(|c| (m, c))).collect();
        let header: Vec<String> = banded.iter().map(|(m, _)| cell(m.name)).collect();
        self.line(format!("| Cluster | {} |", header.join(" | ")));
        self.line(format!("| --- |{}", " --- |".repeat(banded.len())));
        for (i, band) in Band::CLUSTERS.iter().enumerate() {
            let values: Vec<String> = banded.iter().map(|(_, c)| cell(c[i].text)).collect();
            self.line(format!("| {} | {} |", band.name(), values.join(" | ")));
        }
        self.blank();
        for m in METRICS.iter().filter(|m| m.clusters.is_none()) {
            self.line(format!(
                "{} was introduced in the 2024 report without cluster values, so it has no band.",
                text(m.name)
            ));
            self.blank();
        }
        // Where Medium's typical value is no stricter than High's, Medium cannot be reached.
        let unreachable: Vec<String> = banded
            .iter()
            .filter(|(_, c)| c[2].limit <= c[1].limit)
            .map(|(m, _)| text(&m.name.to_lowercase()))
            .collect();
        if !unreachable.is_empty() {
            self.line(format!(
                "For {}, Medium's typical value is no stricter than High's, so an answer that meets Medium also \
                 meets High and is shown as High.",
                and_list(&unreachable)
            ));
            self.blank();
        }
    }

    /// The display name of the function whose bank asks the DORA metrics.
    fn dora_function(&self) -> String {
        METRICS
            .iter()
            .find_map(|m| self.catalog.question(m.question_id))
            .map_or_else(|| "Engineering".to_string(), |(bank, _)| bank.title.clone())
    }

    fn follow_ups(&mut self) {
        self.line("## Open follow-ups");
        self.blank();
        let mut any = false;
        for (index, i) in self.session.interviews.iter().enumerate() {
            let bank = self.catalog.bank(&i.function);
            let label = self.session.label_of(index, &self.name(&i.function));
            let mut flagged: Vec<(usize, &String, &crate::session::Answer)> = i
                .answers
                .iter()
                .filter(|(_, a)| a.flags.follow_up)
                .map(|(id, a)| (bank.and_then(|b| b.question_index(id)).unwrap_or(usize::MAX), id, a))
                .collect();
            // Interview order; questions the bank no longer has come last, by id (the map's order).
            flagged.sort_by_key(|(index, _, _)| *index);
            for (_, id, a) in flagged {
                any = true;
                let question = bank.and_then(|b| b.question(id));
                let asked = question.map_or_else(|| text(id), |q| format!("*{}*", text(&self.asked(q))));
                let answer = match a.state {
                    AnswerState::Answered => question.and_then(|q| a.value_text(q)).map(|v| text(&v)),
                    AnswerState::Skipped => Some("skipped".into()),
                    AnswerState::DontKnow => Some("don't know".into()),
                    AnswerState::NotAsked => None,
                };
                let answer = answer.map(|v| format!(" Answer: {v}.")).unwrap_or_default();
                let reason = a
                    .flags
                    .follow_up_reason
                    .as_deref()
                    .map(|r| format!(" **To follow up:** {}.", text(r)))
                    .unwrap_or_default();
                self.line(format!("- **{}**: {asked}{answer}{reason}", text(&label)));
                if self.withheld.contains(&(i.id.clone(), id.clone())) {
                    self.blank();
                    self.line(format!("  > {WITHHELD}"));
                    self.blank();
                } else if !a.notes.trim().is_empty() {
                    self.blank();
                    for l in note_lines(&a.notes, a.flags.quote) {
                        self.line(format!("  > {l}"));
                    }
                    self.blank();
                }
            }
        }
        if !any {
            self.line("No follow-ups were flagged.");
        }
        self.blank();
    }
}

/// Time spent: "45 min", "1 h 05 min", "under a minute"; "—" when not timed.
fn duration(seconds: u64) -> String {
    let minutes = (seconds + 30) / 60;
    match (seconds, minutes) {
        (0, _) => "—".into(),
        (_, 0) => "under a minute".into(),
        (_, m) if m < 60 => format!("{m} min"),
        (_, m) => format!("{} h {:02} min", m / 60, m % 60),
    }
}

fn band_text(r: &MetricReading) -> String {
    match (r.band, r.state) {
        (Some(b), _) => format!("**{}**", b.name()),
        (None, AnswerState::Answered) => "no band: the answer is not one of the question's options".into(),
        (None, AnswerState::Skipped) => "skipped".into(),
        (None, AnswerState::DontKnow) => "don't know".into(),
        (None, AnswerState::NotAsked) => "not asked".into(),
    }
}

/// A matrix cell: symbol and gap, or why there is none.
/// The level received, then the comparison: "1.0 · ▲▲ +3.0"; with a communicated side of its
/// own, which.
fn matrix_cell(c: &Cell) -> String {
    let level = c.received.score.map(|s| format!("{} · ", points(s))).unwrap_or_default();
    let compared = match (c.verdict, c.gap) {
        (Verdict::Unknown { communicated_missing: true }, _) if c.received.score.is_some() => c.no_claim(),
        (Verdict::Unknown { .. }, _) | (_, None) => {
            format!("? {}", c.received.unknown.unwrap_or(Unknown::NotAsked).text())
        }
        (Verdict::AlignedStrong, Some(g)) => format!("= {} *both strong*", signed_points(g)),
        (Verdict::AgreedWeakness, Some(g)) => format!("= {} *both weak*", signed_points(g)),
        (v @ Verdict::Disagree { .. }, Some(g)) => v.with_gap(g),
        (v, Some(g)) => format!("{} {}", v.symbol(), signed_points(g)),
    };
    // The claim compared with, where it is this function's own and was given.
    let own = c
        .communicated
        .as_ref()
        .filter(|_| c.addressed && !matches!(c.verdict, Verdict::Unknown { communicated_missing: true }))
        .map_or(String::new(), |communicated| format!(" (claim {})", side_score(communicated)));
    format!("{level}{compared}{own}{}", c.received.conditions_mark().replace('*', "\\*"))
}

/// A side's score in points, or "?" and why.
fn side_score(s: &Side) -> String {
    match s.score {
        Some(v) => points(v),
        None => format!("? {}", s.unknown.unwrap_or(Unknown::NotAsked).text()),
    }
}

/// "1.0 point", "2.5 points".
fn plural_points(p: f64) -> String {
    let shown = format!("{p:.1}");
    if shown == "1.0" { "1.0 point".into() } else { format!("{shown} points") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_agree_in_number() {
        assert_eq!(plural_points(1.0), "1.0 point");
        assert_eq!(plural_points(0.96), "1.0 point");
        assert_eq!(plural_points(2.5), "2.5 points");
    }

    #[test]
    fn durations_read_as_time_spent() {
        assert_eq!(duration(0), "—");
        assert_eq!(duration(20), "under a minute");
        assert_eq!(duration(45 * 60 + 10), "45 min");
        assert_eq!(duration(65 * 60), "1 h 05 min");
    }
}
