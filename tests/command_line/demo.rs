//! The built-in example engagement (`crosscheck --demo`) must show what the tool is for: every
//! divergence category appears in its matrix, every answer is valid for its question, and the
//! interviews read like real ones (notes, quotes, follow-ups, skips). Run with `--nocapture` to
//! read the matrix.

use std::path::Path;

use chrono::{DateTime, Datelike, Duration, Utc};
use crosscheck::bank::{Catalog, Kind, SCALE_MAX};
use crosscheck::divergence::{self, Divergence, Unknown, Verdict, signed_points};
use crosscheck::session::{AnswerState, AnswerValue, Session};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo-session.json");

fn demo() -> (Session, Catalog) {
    let text = std::fs::read_to_string(DEMO).expect("assets/demo-session.json is readable");
    let session = crosscheck::storage::parse_session(Path::new(DEMO), &text).expect("the demo session parses");
    // The banks as the demo's scope asks them, as every command reads them.
    let catalog = Catalog::embedded().expect("the embedded banks load").in_scope(&session.scope).into_owned();
    (session, catalog)
}

/// The matrix as a human reads it: one block per topic, most severe first.
fn print_matrix(d: &Divergence) {
    eprintln!(
        "gap index {} over {} compared cells; receivers: {}",
        d.gap_index.map_or("—".into(), |g| format!("{g:.0}")),
        d.cells_compared,
        d.receivers.join(", ")
    );
    for t in &d.topics {
        let communicated = match (t.communicated.score, t.communicated.unknown) {
            (Some(s), _) => divergence::points(s),
            (None, Some(u)) => format!("? {}", u.text()),
            (None, None) => "?".into(),
        };
        let consistency = t.consistency.as_ref().map_or(String::new(), |c| {
            format!("  AD {:.2}{}", c.ad_points, if c.inconsistent { " ≠ inconsistent story" } else { "" })
        });
        eprintln!("\n{} ({}) — {} claims {}{}", t.title, t.topic, t.communicated.function, communicated, consistency);
        for c in &t.cells {
            let spread = c.received.spread_points.map_or(String::new(), |s| {
                format!(" (mean of {}, spread {s:.1})", c.received.voices.iter().filter(|v| v.score.is_some()).count())
            });
            let gap = c.gap.map_or("—".into(), signed_points);
            eprintln!(
                "  {:<17} received {:<12}{spread}  gap {gap:>5}  {:<10} {}",
                c.received.function,
                c.received.label(),
                c.label(),
                c.verdict.name()
            );
            if !c.heard_not_said.is_empty() {
                eprintln!("  {:<17}   heard, not said: {}", "", c.heard_not_said.join(" · "));
            }
        }
        if !t.said_not_heard.is_empty() {
            eprintln!("  said, not heard: {}", t.said_not_heard.join(" · "));
        }
    }
}

/// Where each verdict occurs, as "topic/function", for the failure messages.
fn cells_where(d: &Divergence, wanted: impl Fn(Verdict) -> bool) -> Vec<String> {
    d.topics
        .iter()
        .flat_map(|t| t.cells.iter().map(move |c| (t, c)))
        .filter(|(_, c)| wanted(c.verdict))
        .map(|(t, c)| format!("{}/{}", t.topic, c.received.function))
        .collect()
}

/// Whether a verdict belongs to a category.
type IsVerdict = fn(Verdict) -> bool;

#[test]
fn the_demo_shows_every_divergence_category() {
    let (session, catalog) = demo();
    let d = divergence::compute(&session, &catalog);
    print_matrix(&d);

    let categories: [(&str, IsVerdict); 9] = [
        ("major over-statement", |v| v == Verdict::OverStated { major: true }),
        ("minor over-statement", |v| v == Verdict::OverStated { major: false }),
        ("major under-statement", |v| v == Verdict::UnderStated { major: true }),
        ("minor under-statement", |v| v == Verdict::UnderStated { major: false }),
        ("aligned", |v| v == Verdict::Aligned),
        ("aligned-strong", |v| v == Verdict::AlignedStrong),
        ("agreed weakness", |v| v == Verdict::AgreedWeakness),
        ("unknown receiver", |v| v == Verdict::Unknown { communicated_missing: false }),
        ("unknown communicated", |v| v == Verdict::Unknown { communicated_missing: true }),
    ];
    for (name, wanted) in categories {
        assert!(!cells_where(&d, wanted).is_empty(), "the demo has no {name} cell");
    }
    // Over-statement is the story: several major ones, not a single accident.
    let major_over = cells_where(&d, |v| v == Verdict::OverStated { major: true });
    assert!(major_over.len() >= 3, "only {major_over:?}");
    // Pricing and packaging reaching Sales and CS late is the demo's central failure.
    for expected in [
        "launch.sales-briefing/sales",
        "launch.cs-training/customer-success",
        "launch.advance-notice/sales",
        "launch.pricing/sales",
        "launch.pricing/customer-success",
    ] {
        assert!(
            major_over.iter().any(|c| c == expected),
            "{expected} should be a major over-statement: {major_over:?}"
        );
    }

    // Sales and CS tell different stories about one topic.
    let score = |t: &divergence::TopicDivergence, f: &str| t.cell(f).and_then(|c| c.received.score);
    let split = d.topics.iter().find(|t| {
        t.inconsistent()
            && matches!((score(t, "sales"), score(t, "customer-success")), (Some(s), Some(c)) if (s - c).abs() * SCALE_MAX >= 2.0)
    });
    assert!(split.is_some(), "no topic where Sales and CS tell different stories");
    // Unknowns: a receiver who skipped or did not know, and a communicated question the PM
    // skipped.
    let gave_no_answer = |u: Option<Unknown>| matches!(u, Some(Unknown::Skipped | Unknown::DontKnow));
    let cells = d.topics.iter().flat_map(|t| &t.cells);
    assert!(cells.clone().any(|c| gave_no_answer(c.received.unknown)), "no receiver skipped or did not know");
    // What was communicated may be the topic's or addressed to a single receiver.
    let communicated_skipped =
        d.topics.iter().any(|t| t.cells.iter().any(|c| gave_no_answer(t.communicated_for(c).unknown)));
    assert!(communicated_skipped, "no communicated question skipped");

    // Said but not heard, both ways, with the words of the story.
    let said: Vec<&String> = d.topics.iter().flat_map(|t| &t.said_not_heard).collect();
    let heard: Vec<&String> = d.topics.iter().flat_map(|t| &t.cells).flat_map(|c| &c.heard_not_said).collect();
    assert!(!said.is_empty() && !heard.is_empty(), "said {said:?} / heard {heard:?}");
    let briefing = d.topics.iter().find(|t| t.topic == "launch.sales-briefing").expect("the sales-briefing topic");
    assert!(
        briefing.said_not_heard.iter().any(|w| w.contains("battlecard")),
        "the PM's battlecard should go unheard: {:?}",
        briefing.said_not_heard
    );
    // CS heard of the launch from a customer's ticket about the invoice preview ("customer"
    // itself is in most topics' notes, so it is not marked).
    assert!(heard.iter().any(|w| w.contains("invoice preview")), "no receiver heard it from a customer: {heard:?}");
    assert!(heard.iter().any(|w| w.contains("release notes")), "no receiver read the release notes: {heard:?}");

    // One function has two interviews: a mean and a spread.
    let spread = d.topics.iter().flat_map(|t| &t.cells).find(|c| c.received.spread_points.is_some_and(|s| s > 0.0));
    let spread = spread.expect("some cell shows a spread between two interviews of one function");
    assert_eq!(spread.received.function, "sales");

    assert!(d.gap_index.is_some() && d.cells_compared >= 20, "{:?} over {}", d.gap_index, d.cells_compared);
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("an RFC 3339 time").with_timezone(&Utc)
}

#[test]
fn every_demo_answer_is_valid_for_its_question() {
    let (session, catalog) = demo();
    let mut problems = Vec::new();
    assert_eq!(session.interviewer.as_deref(), Some("Demo Consultant"));
    // The id names the session's file once the demo is saved: the store accepts a–z, 0–9 and '-'.
    assert!(
        session.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "the demo's id must be usable as a session file name: {}",
        session.id
    );
    let functions: Vec<&str> = session.interviews.iter().map(|i| i.function.as_str()).collect();
    for f in ["leadership", "product", "sales", "customer-success", "engineering", "operations"] {
        assert!(functions.contains(&f), "no {f} interview in {functions:?}");
    }
    assert_eq!(functions.iter().filter(|f| **f == "sales").count(), 2, "two sales interviews: {functions:?}");

    let earliest = parse_time("2026-11-01T00:00:00Z");
    for interview in &session.interviews {
        let at = &interview.id;
        let Some(bank) = catalog.bank(&interview.function) else {
            problems.push(format!("{at}: no bank for {}", interview.function));
            continue;
        };
        if interview.bank_version != bank.version {
            problems.push(format!("{at}: bank version {} ≠ {}", interview.bank_version, bank.version));
        }
        if interview.interviewee.is_none() || interview.role.is_none() {
            problems.push(format!("{at}: interviewee and role should be named"));
        }
        // Between 25 minutes and an hour: with all five pillars in scope, each function is asked
        // its upstream sections too (Product's ran to five minutes before her hard stop).
        if !(1500..=3600).contains(&interview.elapsed_seconds) {
            problems.push(format!("{at}: elapsed {} s", interview.elapsed_seconds));
        }
        let start = interview.started_at;
        let end = start + Duration::seconds(interview.elapsed_seconds as i64);
        if start < session.created_at || start < earliest || start.month() != 11 || start.year() != 2026 {
            problems.push(format!("{at}: started {start}, session created {}", session.created_at));
        }
        for (id, answer) in &interview.answers {
            let at = format!("{at}/{id}");
            let Some(q) = bank.question(id) else {
                problems.push(format!("{at}: no such question in the {} bank", bank.function));
                continue;
            };
            answer_problems(&at, q, answer, (start, end, session.updated_at), &mut problems);
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The spring assessment the demo follows up: the same client and people six months before,
/// fewer functions, and answers to questions asked then that today's banks have retired.
#[test]
fn the_demo_s_spring_engagement_is_valid_for_what_was_asked_then() {
    let (demo, catalog) = demo();
    let spring = crosscheck::testing::demo_earlier();
    assert_eq!(demo.follows.as_deref(), Some(spring.id.as_str()));
    assert_eq!(spring.id, crosscheck::cli::DEMO_EARLIER_ID);
    assert_eq!((spring.organisation.as_str(), spring.follows.as_deref()), (demo.organisation.as_str(), None));
    assert!(spring.created_at < demo.created_at - Duration::days(150), "{}", spring.created_at);
    let mut problems = Vec::new();
    let mut retired = 0;
    for interview in &spring.interviews {
        let bank = catalog.bank(&interview.function).expect("a bank for each function");
        let (start, end) =
            (interview.started_at, interview.started_at + Duration::seconds(interview.elapsed_seconds as i64));
        if start < spring.created_at || start > spring.updated_at {
            problems.push(format!("{}: started {start}", interview.id));
        }
        for (id, answer) in &interview.answers {
            let at = format!("{}/{id}", interview.id);
            match bank.question(id) {
                Some(q) => answer_problems(&at, q, answer, (start, end, spring.updated_at), &mut problems),
                None if bank.retired(id).is_some() => retired += 1,
                None => problems.push(format!("{at}: neither asked nor retired")),
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(retired >= 2, "answers to retired questions make `compare` say what it cannot compare");
}

/// What is wrong with `answer` to `q`, given when its interview ran and the session was last
/// updated.
fn answer_problems(
    at: &str,
    q: &crosscheck::bank::Question,
    answer: &crosscheck::session::Answer,
    (start, end, updated_at): (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>),
    problems: &mut Vec<String>,
) {
    match (&answer.value, q.kind) {
        (None, _) => {}
        (Some(AnswerValue::Scale { value }), Kind::Scale) => {
            if f64::from(*value) > SCALE_MAX {
                problems.push(format!("{at}: scale value {value}"));
            }
        }
        (Some(AnswerValue::Choice { option }), Kind::Choice) => {
            if q.option_index(option).is_none() {
                problems.push(format!("{at}: \"{option}\" is not an option"));
            }
        }
        (Some(AnswerValue::Multi { options }), Kind::Multi) => {
            for o in options {
                if q.option_index(o).is_none() {
                    problems.push(format!("{at}: \"{o}\" is not an option"));
                }
            }
            let mut unique = options.clone();
            unique.sort();
            unique.dedup();
            if unique.len() != options.len() {
                problems.push(format!("{at}: an option chosen twice"));
            }
        }
        (Some(AnswerValue::Number { value }), Kind::Number) => {
            let low = q.min.is_some_and(|m| *value < m);
            let high = q.max.is_some_and(|m| *value > m);
            if !value.is_finite() || low || high {
                problems.push(format!("{at}: {value} outside {:?}..{:?}", q.min, q.max));
            }
        }
        (Some(v), kind) => problems.push(format!("{at}: {v:?} for a {} question", kind.name())),
    }
    match answer.state {
        AnswerState::Answered if q.kind == Kind::Text && answer.notes.trim().is_empty() => {
            problems.push(format!("{at}: a text question answered without notes"))
        }
        AnswerState::Answered if q.kind != Kind::Text && answer.value.is_none() => {
            problems.push(format!("{at}: answered without a value"))
        }
        AnswerState::Answered if answer.answered_at.is_none() => {
            problems.push(format!("{at}: answered without answered_at"))
        }
        AnswerState::NotAsked => problems.push(format!("{at}: stored as not asked")),
        _ => {}
    }
    if let Some(t) = answer.answered_at
        && !(start < t && t <= end)
    {
        problems.push(format!("{at}: answered at {t}, outside {start}..{end}"));
    }
    match (answer.answered_at, answer.edited_at) {
        (_, None) => problems.push(format!("{at}: no edited_at")),
        (Some(a), Some(e)) if e < a => problems.push(format!("{at}: edited {e} before answered {a}")),
        (_, Some(e)) if e < start || e > end || e > updated_at => {
            problems.push(format!("{at}: edited at {e}, outside {start}..{end} or after the session's update"))
        }
        _ => {}
    }
}

#[test]
fn demo_interviews_read_like_real_ones() {
    let (session, catalog) = demo();
    let mut problems = Vec::new();
    for interview in &session.interviews {
        let bank = catalog.bank(&interview.function).expect("a bank for every interview");
        let answered: Vec<_> = interview.answers.values().filter(|a| a.state == AnswerState::Answered).collect();
        let with_notes = answered.iter().filter(|a| !a.notes.trim().is_empty()).count();
        if with_notes * 3 < answered.len() {
            problems.push(format!("{}: notes on {with_notes} of {} answers", interview.id, answered.len()));
        }
        // Most of the bank, but not all of it: a real interview runs out of time.
        let covered = interview.covered();
        if covered * 4 < bank.questions.len() * 3 || covered == bank.questions.len() {
            problems.push(format!("{}: {covered} of {} questions covered", interview.id, bank.questions.len()));
        }
    }
    let all: Vec<_> = session.interviews.iter().flat_map(|i| i.answers.values()).collect();
    let count = |f: &dyn Fn(&&crosscheck::session::Answer) -> bool| all.iter().filter(|a| f(a)).count();
    let quotes = count(&|a| a.flags.quote && !a.notes.is_empty());
    let follow_ups = count(&|a| a.flags.follow_up);
    let skipped = count(&|a| a.state == AnswerState::Skipped);
    let dont_know = count(&|a| a.state == AnswerState::DontKnow);
    if quotes < 5 || follow_ups < 5 || skipped < 2 || dont_know < 2 {
        problems.push(format!("{quotes} quotes, {follow_ups} follow-ups, {skipped} skipped, {dont_know} don't know"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The demo is a full Delivery 360: all five pillars in scope, an executive sponsor's interview
/// answering every must-ask question of the Leadership bank, and upstream answers in the other
/// six that tell one story: Leadership says it gave each function the outcomes with their
/// reasons while each received features; the top priority changed four to six times in six
/// months, as Leadership, Product and Engineering all count; Product handed work over with
/// acceptance criteria that Engineering never saw; what Sales and CS hear reaches Product as
/// mentions. The launch findings of the matrix stay as they were.
#[test]
fn the_demo_is_a_full_delivery_360() {
    let (session, catalog) = demo();
    assert!(session.scope.is_all(), "the demo covers all five pillars: {}", session.scope.describe());
    let leadership = session.interviews.iter().find(|i| i.function == "leadership").expect("a Leadership interview");
    assert_eq!(leadership.role.as_deref(), Some("Chief Product Officer"));
    assert!(leadership.budget_minutes.is_some_and(|b| u64::from(b) * 60 >= leadership.elapsed_seconds));
    let bank = catalog.bank("leadership").unwrap();
    let unanswered: Vec<&str> = bank
        .questions
        .iter()
        .filter(|q| q.is_must())
        .filter(|q| leadership.answer(&q.id).is_none_or(|a| a.state != AnswerState::Answered))
        .map(|q| q.id.as_str())
        .collect();
    assert!(unanswered.is_empty(), "Leadership's must-ask questions not answered: {unanswered:?}");

    let d = divergence::compute(&session, &catalog);
    let topic = |id: &str| d.topics.iter().find(|t| t.topic == id).unwrap_or_else(|| panic!("no topic {id}"));
    let verdict = |id: &str, f: &str| topic(id).cell(f).unwrap_or_else(|| panic!("no {id}/{f}")).verdict;
    // Outcomes: Leadership's claim is above what every function received.
    for f in ["product", "sales", "customer-success", "engineering", "operations"] {
        assert!(matches!(verdict("direction.outcomes", f), Verdict::OverStated { .. }), "direction.outcomes/{f}");
    }
    assert_eq!(verdict("control.work-ready", "engineering"), Verdict::OverStated { major: true });
    // How often the top priority changed is a fact the three sides agree on, and a weak one.
    assert!(topic("direction.priority-changes").shared_fact);
    for f in ["product", "engineering"] {
        assert_eq!(verdict("direction.priority-changes", f), Verdict::AgreedWeakness, "{f}");
    }
    let insight = |id: &str| topic(id).cell("product").and_then(|c| c.received.score).map(|s| s * SCALE_MAX);
    assert_eq!(insight("insight.from-sales"), Some(1.0), "mentions in conversation only");
    assert_eq!(insight("insight.from-customer-success"), Some(1.0), "mentions in conversation only");

    // The launch findings hold: Sales never briefed on pricing, and CS did not know of the FAQ.
    assert_eq!(verdict("launch.pricing", "sales"), Verdict::OverStated { major: true });
    assert_eq!(verdict("launch.pricing", "customer-success"), Verdict::OverStated { major: true });
    let cs = session.interviews.iter().find(|i| i.function == "customer-success").unwrap();
    assert!(
        cs.checks.iter().any(|c| c.verdict == crosscheck::session::Verdict::Unaware && c.notes.contains("pricing FAQ")),
        "{:?}",
        cs.checks
    );
}

#[test]
fn the_built_in_demo_id_is_the_file_s() {
    let (session, _) = demo();
    assert_eq!(session.id, crosscheck::cli::DEMO_ID);
}

/// The client report on the demo, as a golden file: read it as a client would before accepting
/// a change to it.
#[test]
fn report_on_the_demo() {
    let (session, catalog) = demo();
    let now = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z").unwrap().with_timezone(&Utc);
    insta::assert_snapshot!(
        "demo_report",
        crosscheck::report::markdown(&session, &catalog, now, &crosscheck::report::ReadOut::client())
    );
}

#[test]
fn demo_runs_commands_in_a_temporary_folder_it_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["--demo", "divergence", "demo-corvane-analytics"])
        .env("TMPDIR", tmp.path())
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env_remove("CROSSCHECK_DATA_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("Gap index") && table.contains("▲▲") && table.contains('≠'), "{table}");
    // Claims checked mark their cells, as on the screen and in the report.
    let sales_briefing = table.lines().find(|l| l.starts_with("Sales briefing")).expect("the row");
    assert!(sales_briefing.contains("▲▲ +2.5 ⊘"), "{sales_briefing}");
    assert!(table.contains('◌') && table.contains("⊘ a claim refuted"), "{table}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "the demo folder is removed");
    assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 0, "the user's data folder is untouched");
}

/// Only distinctive terms are marked: the things that were (or were not) sent, never numbers,
/// dates, filler or words every topic's notes use.
#[test]
fn the_marked_terms_are_the_things_sent() {
    let (session, catalog) = demo();
    let d = divergence::compute(&session, &catalog);
    let mut marked: Vec<String> = Vec::new();
    for t in &d.topics {
        marked.extend(t.said_not_heard.iter().cloned());
        for c in &t.cells {
            assert!(c.heard_not_said.len() <= 8, "{}: {:?}", t.topic, c.heard_not_said);
            marked.extend(c.heard_not_said.iter().cloned());
        }
    }
    let words: Vec<&str> = marked.iter().flat_map(|m| m.split(' ')).collect();
    for never in ["five", "two", "fact", "send", "sent", "time", "week", "weeks", "days", "september", "customer"] {
        assert!(!words.contains(&never), "«{never}» is marked: {marked:?}");
    }
    for wanted in ["battlecard", "enablement webinar", "pricing faq", "roadmap slide"] {
        assert!(marked.iter().any(|m| m.contains(wanted)), "«{wanted}» is not marked: {marked:?}");
    }
}

/// The demo's PM makes claims the others check: one confirmed by one function and refuted by
/// another, and one still to verify with a function interviewed without being asked; the
/// report's "Claims checked" shows each.
#[test]
fn the_demo_has_confirmed_refuted_and_to_verify_claims() {
    use crosscheck::claims::{Standing, ledger};
    let (session, catalog) = demo();
    let ledger = ledger(&session, &catalog);
    assert!(ledger.len() >= 2, "{ledger:#?}");
    let standings = |e: &crosscheck::claims::Entry| e.functions.iter().map(|f| f.standing).collect::<Vec<_>>();
    let mixed = ledger.iter().find(|e| {
        let s = standings(e);
        s.contains(&Standing::Confirmed) && s.contains(&Standing::Refuted)
    });
    let mixed = mixed.expect("a claim confirmed by one function and refuted by another");
    let open = ledger.iter().find(|e| standings(e).contains(&Standing::ToVerify)).expect("a claim still to verify");
    for e in &ledger {
        let topic = catalog.topic(&e.claim.topic).unwrap_or_else(|| panic!("no topic {}", e.claim.topic));
        let plan = catalog.plans().iter().find(|p| catalog.topics[p.topic].id == topic.id).unwrap();
        for f in &e.functions {
            assert!(
                plan.receivers.iter().any(|r| catalog.banks[r.bank].function == f.function),
                "{} does not receive {}",
                f.function,
                topic.id
            );
        }
    }

    let now = DateTime::parse_from_rfc3339("2026-11-09T09:00:00Z").unwrap().with_timezone(&Utc);
    let report = crosscheck::report::markdown(&session, &catalog, now, &crosscheck::report::ReadOut::team());
    let section = &report[report.find("## Claims checked").expect("a Claims checked section")..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    for e in [mixed, open] {
        assert!(section.contains(&e.claim.text), "{} is not in:\n{section}", e.claim.text);
    }
    assert!(section.contains("| **confirmed** |") && section.contains("| **refuted** |"), "{section}");
    let still = &section[section.find("### Still to verify").expect("a to-verify list")..];
    let with = open.functions.iter().find(|f| f.standing == Standing::ToVerify).unwrap();
    assert!(still.contains(&format!("**{}**", with.title)), "{still}");
}

/// The client's copy of the demo's report names functions, never the people interviewed; the
/// team's copy (`--names`) names them and says so at its top. Engineering's one interviewee did
/// not agree to be quoted: their verbatim words are left out of the client's copy only.
#[test]
fn the_client_report_names_no_one_and_the_team_copy_says_it_does() {
    let (session, _) = demo();
    let report = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["--demo", "report", "demo-corvane-analytics"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let client = report(&[]);
    let team = report(&["--names"]);
    for i in &session.interviews {
        for said in [i.interviewee.as_deref().unwrap(), i.role.as_deref().unwrap()] {
            assert!(!client.contains(said), "the client's copy names {said}");
            assert!(team.contains(said), "the team's copy names {said}");
        }
    }
    assert!(team.contains("Team copy") && !client.contains("Team copy"));
    let matrix_row = client.lines().find(|l| l.starts_with("| Sales briefing")).expect("the matrix row");
    assert!(matrix_row.contains("+2.5 ⊘"), "{matrix_row}");
    assert!(client.contains("Operations and Leadership had one interviewee each"), "{client}");
}

/// A reading's "rests on" line lists its whole basis, each function's answers under its name,
/// strong as well as weak: the launch story rests on Sales', CS's and the PM's accounts.
#[test]
fn a_reading_lists_its_whole_basis_by_function() {
    let (session, catalog) = demo();
    let now = DateTime::parse_from_rfc3339("2026-11-24T10:00:00Z").unwrap().with_timezone(&Utc);
    let report = crosscheck::report::markdown(&session, &catalog, now, &crosscheck::report::ReadOut::client());
    let story = &report[report.find("**One launch story or several:").expect("the reading")..];
    let rests = story.lines().find(|l| l.starts_with("- Rests on: ")).expect("its basis");
    for side in ["Sales: ", " · Customer Success & Support: ", " · Product (PM): "] {
        assert!(rests.contains(side), "{side} in {rests}");
    }
    assert!(rests.contains("3 – Walked through the steps (Launch process, for Sales)"), "the PM's claim: {rests}");
    assert!(!rests.contains("launch-process-shared"), "no question id in client prose: {rests}");
}

/// A marked term names a thing or a practice: the words a review found marked in the demo, which
/// say nothing about a topic, are marked nowhere in its matrix, and the ones that do still are.
#[test]
fn the_demo_marks_things_not_verbs() {
    let (session, catalog) = demo();
    let d = divergence::compute(&session, &catalog);
    let mut marked: Vec<&str> = Vec::new();
    for t in &d.topics {
        marked.extend(t.said_not_heard.iter().map(String::as_str));
        for c in &t.cells {
            marked.extend(c.heard_not_said.iter().chain(&c.said_not_heard).map(String::as_str));
        }
    }
    eprintln!("{marked:?}");
    let not_things = [
        "updated",
        "signed",
        "held",
        "posted",
        "changed",
        "learned",
        "reached",
        "watched",
        "silent",
        "sell",
        "drive",
        "stayed",
        "wrote",
        "slipped",
        "forwarded",
    ];
    for word in not_things {
        assert!(!marked.iter().any(|m| m.split(' ').any(|w| w == word)), "«{word}» is marked: {marked:?}");
    }
    for thing in ["battlecard", "deal desk", "pricing faq", "proration", "launch retro"] {
        assert!(marked.contains(&thing), "«{thing}» is not marked: {marked:?}");
    }
}
