//! The client report: one small engagement built through the library that touches every section,
//! checked line by line and as a whole (`insta` snapshot).

use chrono::{DateTime, Duration, TimeZone, Utc};
use crosscheck::bank::Catalog;
use crosscheck::report;
use crosscheck::session::{AnswerState, AnswerValue, Check, Claim, Session, Verdict};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 17, 9, 0, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    start() + Duration::minutes(minutes)
}

fn catalog() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

enum A<'a> {
    Scale(u8),
    Choice(&'a str),
    /// The option at this position of the question's list.
    Option(usize),
    Number(f64),
    Skip,
    DontKnow,
}

struct Given<'a> {
    question: &'a str,
    answer: A<'a>,
    notes: &'a str,
    quote: bool,
    follow_up: bool,
}

fn a<'a>(question: &'a str, answer: A<'a>) -> Given<'a> {
    Given { question, answer, notes: "", quote: false, follow_up: false }
}

impl<'a> Given<'a> {
    fn notes(mut self, notes: &'a str) -> Self {
        self.notes = notes;
        self
    }
    fn quote(mut self) -> Self {
        self.quote = true;
        self
    }
    fn follow_up(mut self) -> Self {
        self.follow_up = true;
        self
    }
}

fn interview(s: &mut Session, catalog: &Catalog, function: &str, who: (&str, &str), minutes: u64, answers: Vec<Given>) {
    let clock = at(60 * s.interviews.len() as i64);
    let i = s.add_interview(function, "1.0.0", clock);
    let interview = &mut s.interviews[i];
    interview.interviewee = Some(who.0.into());
    interview.role = Some(who.1.into());
    interview.elapsed_seconds = minutes * 60;
    for (n, g) in answers.into_iter().enumerate() {
        let when = clock + Duration::minutes(n as i64 + 1);
        let (_, q) = catalog.question(g.question).unwrap_or_else(|| panic!("no question {}", g.question));
        let answer = interview.answer_mut(g.question);
        match g.answer {
            A::Scale(v) => answer.set_value(AnswerValue::Scale { value: v }, when),
            A::Choice(o) => answer.set_value(AnswerValue::Choice { option: o.into() }, when),
            A::Option(k) => answer.set_value(AnswerValue::Choice { option: q.options[k].label.clone() }, when),
            A::Number(v) => answer.set_value(AnswerValue::Number { value: v }, when),
            A::Skip => answer.toggle_state(AnswerState::Skipped, when),
            A::DontKnow => answer.toggle_state(AnswerState::DontKnow, when),
        }
        answer.set_notes(g.notes.into(), q.kind, when);
        answer.flags.quote = g.quote;
        if g.follow_up {
            answer.toggle_follow_up(when);
        }
    }
}

/// Product, two Sales interviews, Customer Success and Engineering; Operations not yet.
fn engagement(catalog: &Catalog) -> Session {
    let mut s =
        Session::new("20261117-northwind".into(), "Northwind Logistics".into(), Some("Alex Morgan".into()), start());
    interview(
        &mut s,
        catalog,
        "product",
        ("Priya Shah", "Head of Product"),
        48,
        vec![
            a("product.launch-process-shared-sales", A::Scale(3))
                .notes("Mostly defined: a launch checklist in the wiki and a go/no-go meeting.")
                .follow_up(),
            a("product.launch-process-shared-customer-success", A::Scale(3)),
            a("product.first-told-sales", A::Choice("One to three months before")),
            a("product.first-told-customer-success", A::Choice("One to three months before")),
            a("product.positioning-sales", A::Scale(1)).notes("Positioning is still a weak spot; we write it late."),
            a("product.positioning-customer-success", A::Scale(1)),
            a("product.sales-briefed", A::Scale(4))
                .notes("We ran a full briefing with a battlecard and the pricing sheet two weeks before launch.")
                .quote(),
            a("product.cs-trained", A::Scale(3)),
            a("product.customer-questions-sales", A::Scale(3)),
            a("product.customer-questions-customer-success", A::Scale(3)),
            a("product.customer-help", A::Skip),
        ],
    );
    interview(
        &mut s,
        catalog,
        "sales",
        ("Dana Ortiz", "Account Executive"),
        35,
        vec![
            a("sales.launch-process-shared", A::Scale(1)).notes("Every launch is different; we find out as we go."),
            a("sales.first-heard-notice", A::Choice("On or after launch day")),
            a("sales.positioning-given", A::Scale(1)),
            a("sales.briefed", A::Scale(1))
                .notes("We heard about the new pricing from a customer.\nNo battlecard that I saw.")
                .quote()
                .follow_up(),
            a("sales.customer-help", A::Scale(2)),
            a("sales.likely-questions", A::DontKnow),
        ],
    );
    interview(
        &mut s,
        catalog,
        "sales",
        ("Jordan Lee", "Sales Manager"),
        30,
        vec![
            a("sales.briefed", A::Scale(2)).notes("A short call the week before; the demo environment was not ready."),
        ],
    );
    interview(
        &mut s,
        catalog,
        "customer-success",
        ("Lee Wong", "Support Lead"),
        40,
        vec![
            a("customer-success.launch-process-shared", A::Scale(4)),
            a("customer-success.first-heard-notice", A::Choice("Two to four weeks before")),
            a("customer-success.positioning-given", A::Skip),
            a("customer-success.trained", A::Scale(3)),
            a("customer-success.tiers-matched", A::Scale(2)),
        ],
    );
    interview(
        &mut s,
        catalog,
        "engineering",
        ("Sam Chen", "Engineering Manager"),
        52,
        vec![
            a("engineering.deployment-frequency", A::Option(3)),
            a("engineering.change-lead-time", A::Option(4)),
            a("engineering.change-fail-rate", A::Number(8.0))
                .notes("From memory; the incident log would say.")
                .follow_up(),
            a("engineering.failed-deployment-recovery-time", A::Option(3)),
            a("engineering.deployment-rework-rate", A::Number(12.5)),
            a("engineering.environments-shared", A::Scale(4)),
        ],
    );
    claims(&mut s);
    s
}

fn claim(id: &str, topic: &str, text: &str, concerns: &[&str], minutes: i64) -> Claim {
    Claim {
        id: id.into(),
        topic: topic.into(),
        text: text.into(),
        concerns: concerns.iter().map(|c| c.to_string()).collect(),
        notes: String::new(),
        quote: false,
        made_at: at(minutes),
        made_by: Some("Alex Morgan".into()),
        edited_at: at(minutes),
        withdrawn_at: None,
        revision: Default::default(),
    }
}

/// The PM's claims: one refuted by the first Sales interview and not yet put to the second, one
/// still to verify with CS, and one withdrawn (absent from the report).
fn claims(s: &mut Session) {
    let battlecard = Claim {
        quote: true,
        notes: "Said twice, | with *emphasis*.".into(),
        ..claim("c-battlecard", "launch.sales-briefing", "Every rep got the battlecard by the 1st.", &["sales"], 6)
    };
    s.interviews[0].put_claim(battlecard);
    s.interviews[0].put_claim(claim(
        "c-training",
        "launch.cs-training",
        "Support leads were trained two weeks before launch.",
        &["customer-success"],
        7,
    ));
    s.interviews[0].put_claim(claim(
        "c-gone",
        "launch.positioning",
        "Positioning was signed off in June.",
        &["sales"],
        8,
    ));
    s.interviews[0].withdraw_claim("c-gone", at(9));
    let check = Check {
        claim: "c-battlecard".into(),
        verdict: Verdict::NotReceived,
        notes: "No battlecard | none at all.".into(),
        at: at(70),
        by: None,
        revision: Default::default(),
    };
    s.interviews[1].record_check(check);
}

fn report() -> String {
    let c = catalog();
    report::markdown(&engagement(&c), &c, now(), &crosscheck::report::ReadOut::team())
}

fn line_starting<'a>(report: &'a str, start: &str) -> &'a str {
    report
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?} in\n{report}"))
}

#[test]
fn title_and_interviews() {
    let r = report();
    assert!(r.starts_with("# Delivery diagnostic: Northwind Logistics\n"), "{r}");
    assert!(r.contains("Read-out of 24 November 2026. Interviews by Alex Morgan."), "{r}");
    let questions = catalog().bank("sales").unwrap().questions_in(&crosscheck::bank::Scope::default());
    assert_eq!(
        line_starting(&r, "| Sales #1 — Dana Ortiz"),
        format!("| Sales #1 — Dana Ortiz, Account Executive | 35 min | 6 of {questions} |")
    );
}

#[test]
fn gap_index_line() {
    let r = report();
    // Compared cells: launch process (Sales 1, CS 4 against 3), advance notice (Sales 0, CS 2
    // against 3), positioning (Sales 1 against 1), Sales briefing (Sales 1.5 against 4), CS
    // training (3 against 3): gaps 2, 1, 3, 1, 0, 2.5, 0 points → 9.5 / 7 / 4 = 34 %.
    assert_eq!(line_starting(&r, "**34 out of 100**"), "**34 out of 100**, from 7 comparisons.");
}

#[test]
fn matrix_rows_carry_levels_symbols_and_signed_points() {
    let r = report();
    assert!(r.contains("| Topic | Claim | Sales | Customer Success & Support | Engineering | Operations |"), "{r}");
    // Each cell: the level received, then the comparison with what was communicated.
    let briefing = line_starting(&r, "| Sales briefing |");
    assert_eq!(briefing, "| Sales briefing | Product (PM): 4.0 | 1.5 · ▲▲ +2.5 ⊘ | — | — | — |");
    let process = line_starting(&r, "| Launch process ≠ |");
    assert!(process.contains("| 1.0 · ▲▲ +2.0 (claim 3.0) | 4.0 · ▼ −1.0 (claim 3.0) |"), "{process}");
    assert!(line_starting(&r, "| Positioning").contains("= 0.0 *both weak*"), "{r}");
    assert!(line_starting(&r, "| CS and support training").contains("= 0.0 *both strong*"), "{r}");
    assert!(line_starting(&r, "| Customer documentation").contains("Product (PM): ? skipped"), "{r}");
}

#[test]
fn the_readiness_and_the_agreed_weaknesses_are_findings() {
    let r = report();
    // Every received level counts, with a communicated side to compare with or not; customer
    // documentation is a shared fact, not something received: eight of them, 45 % of the scale.
    assert!(line_starting(&r, "**Readiness 45 out of 100**").contains("averaged over 8 topics and functions"), "{r}");
    let weak = r.find("## Agreed weaknesses").expect("an agreed-weakness section");
    assert!(weak < r.find("## Top divergences").unwrap(), "listed above the top divergences");
    assert!(r.contains("- **Positioning and target customer**: Product (PM) 1.0 · Sales 1.0"), "{r}");
}

#[test]
fn top_divergences_quote_both_sides() {
    let r = report();
    assert!(r.contains("### 1. Advance notice: Sales ▲▲ +3.0"), "{r}");
    assert!(r.contains("### 2. Sales briefing: Sales ▲▲ +2.5"), "{r}");
    assert!(
        r.contains(
            "> *Verbatim:* “We ran a full briefing with a battlecard and the pricing sheet two weeks before launch.”"
        ),
        "{r}"
    );
    assert!(r.contains("> *Verbatim:* “We heard about the new pricing from a customer.\n> No battlecard that I saw.”"));
    assert!(r.contains("> *Interviewer's notes:* A short call the week before"), "{r}");
    assert!(r.contains("The score of Sales is the average of 2 interviews, which are 1.0 point apart."), "{r}");
    let said = line_starting(&r, "Said but not heard (");
    assert!(said.contains("**sheet**") || said.contains("**pricing sheet**"), "{said}");
    let heard = line_starting(&r, "Heard but not said (");
    assert!(heard.contains("**customer**"), "{heard}");
}

#[test]
fn inconsistent_stories_and_unknowns() {
    let r = report();
    assert!(
        r.contains(
            "- **Launch process**: Sales 1.0 · Customer Success & Support 4.0; on average 1.5 points from their mean \
             (Product (PM) claims 3.0)"
        ),
        "{r}"
    );
    assert!(r.contains("### Not interviewed yet\n\n- **Operations**: "), "{r}");
    assert!(
        r.contains(
            "- **Product (PM)**: Advance notice (for Operations: not asked yet), Customer documentation (skipped), "
        ),
        "{r}"
    );
    assert!(r.contains("### Answered \"don't know\"\n\n- **Sales**: Expected customer questions"), "{r}");
    assert!(r.contains("### Skipped in the interview\n\n- **Customer Success & Support**: Positioning"), "{r}");
    assert!(r.contains("### Not asked yet\n\n- **Customer Success & Support**: Customer documentation, "), "{r}");
}

#[test]
fn dora_bands_and_source() {
    let r = report();
    // Where each figure came from: this fixture's interviewer recorded none.
    assert_eq!(line_starting(&r, "| Change fail rate |"), "| Change fail rate | 8 % | not recorded | **High** |");
    assert_eq!(
        line_starting(&r, "| Change lead time |"),
        "| Change lead time | Between one hour and one day | not recorded | **Elite** |"
    );
    assert!(line_starting(&r, "| Failed deployment recovery time |").ends_with("| **Low** |"), "{r}");
    assert!(
        line_starting(&r, "| Deployment rework rate |").ends_with("| 12.5 % | not recorded | **no published band** |"),
        "{r}"
    );
    assert!(r.contains(crosscheck::dora::SOURCE));
    assert!(r.contains("| Elite | On demand (several deploys a day) | Less than one day | 5% | Less than one hour |"));
}

#[test]
fn claims_checked_give_each_verdict_and_whom_to_ask() {
    let r = report();
    let section = &r[r.find("## Claims checked").expect("a claims section")..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    assert!(section.contains("Of 2 claims, 1 did not hold"), "{section}");
    assert!(section.contains("> *Verbatim:* “Every rep got the battlecard by the 1st.”"), "{section}");
    assert!(section.contains("> *Interviewer's notes:* Said twice, | with \\*emphasis\\*."), "{section}");
    assert!(
        section.contains("| Sales | **refuted** | Sales #1 — Dana Ortiz, Account Executive: *not received* — No battlecard \\| none at all.<br>Sales #2 — Jordan Lee, Sales Manager: *not yet put to them* |"),
        "{section}"
    );
    assert!(section.contains("> *In our words:* Support leads were trained two weeks before launch."), "{section}");
    assert!(
        section.contains(
            "- **Customer Success & Support** (Customer Success & Support #1 — Lee Wong, Support Lead): claim 2,"
        ),
        "{section}"
    );
    assert!(!section.contains("Positioning was signed off"), "a withdrawn claim leaves the report:\n{section}");
    let before = r.find("## Top divergences").unwrap();
    assert!(before < r.find("## Claims checked").unwrap(), "claims come after the top divergences");
}

#[test]
fn follow_ups_list_every_flagged_answer() {
    let r = report();
    let section = &r[r.find("## Open follow-ups").unwrap()..];
    let items: Vec<&str> = section.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(items.len(), 3, "{section}");
    assert!(items[0].starts_with("- **Product #1 — Priya Shah, Head of Product**: *"), "{section}");
    assert!(items[1].starts_with("- **Sales #1 — Dana Ortiz, Account Executive**: *"), "{section}");
    assert!(items[2].ends_with("Answer: 8 %."), "{section}");
    assert!(section.contains("  > *Interviewer's notes:* From memory; the incident log would say."), "{section}");
}

#[test]
fn an_empty_session_says_so() {
    let c = catalog();
    let s = Session::new("x".into(), "Acme | EU".into(), None, start());
    let r = report::markdown(&s, &c, now(), &crosscheck::report::ReadOut::client());
    assert!(r.starts_with("# Delivery diagnostic: Acme | EU\n\nRead-out of 24 November 2026.\n"), "{r}");
    assert!(r.contains("No interviews yet."));
    assert!(r.contains("Not enough answers yet"));
    assert!(r.contains("Engineering has not been interviewed yet"));
    assert!(r.contains("No follow-ups were flagged."));
    assert!(
        r.contains("## Claims checked\n\nNo specific claims were recorded to check with the other functions.\n\n## ")
    );
}

#[test]
fn table_cells_are_escaped() {
    let c = catalog();
    let mut s = Session::new("x".into(), "Acme".into(), None, start());
    let i = s.add_interview("sales", "1.0.0", start());
    s.interviews[i].interviewee = Some("Dana | Ortiz\nEMEA".into());
    let r = report::markdown(&s, &c, now(), &crosscheck::report::ReadOut::team());
    let questions = c.bank("sales").unwrap().questions_in(&crosscheck::bank::Scope::default());
    assert!(r.contains(&format!("| Sales #1 — Dana \\| Ortiz<br>EMEA | — | 0 of {questions} |")), "{r}");
}

#[test]
fn the_same_session_gives_the_same_report() {
    assert_eq!(report(), report());
}

#[test]
fn whole_report() {
    insta::assert_snapshot!(report());
}

/// The client's copy: no one named, and the one Product interviewee's verbatim words left out
/// until they agree to be quoted; Sales, with two interviewees, is quoted.
#[test]
fn the_client_copy_quotes_a_lone_interviewee_only_with_consent() {
    let c = catalog();
    let mut s = engagement(&c);
    let client = report::markdown(&s, &c, now(), &report::ReadOut::client());
    for i in &s.interviews {
        assert!(!client.contains(i.interviewee.as_deref().unwrap()) && !client.contains(i.role.as_deref().unwrap()));
    }
    assert!(!client.contains("We ran a full briefing"), "{client}");
    assert!(client.contains("A verbatim quote, left out"), "{client}");
    assert!(client.contains("We heard about the new pricing from a customer."), "Sales is quoted");
    assert!(line_starting(&client, "Answers are attributed to functions").contains("Product (PM), Customer Success"));
    s.interviews[0].quote_consent = Some(true);
    let consented = report::markdown(&s, &c, now(), &report::ReadOut::client());
    assert!(consented.contains("We ran a full briefing") && !consented.contains("A verbatim quote, left out"));
    assert!(!consented.contains("Priya Shah"), "consent to quote is not consent to be named");
    let everyone = report::ReadOut { min_group: 1, ..report::ReadOut::client() };
    let one = report::markdown(&engagement(&c), &c, now(), &everyone);
    assert!(one.contains("We ran a full briefing"));
    assert!(line_starting(&one, "Answers are attributed").ends_with("never to the people interviewed."));
}

/// Unknowns name each missing claim for whom it is missing, and every receiver with no account,
/// even on a topic one of whose claims is missing.
#[test]
fn unknowns_keep_the_receivers_and_say_which_claim_is_missing() {
    let c = catalog();
    let mut s = Session::new("x".into(), "Acme".into(), None, start());
    let product = vec![
        a("product.readiness-checked-sales", A::Scale(3)),
        a("product.readiness-checked-customer-success", A::Scale(3)),
    ];
    interview(&mut s, &c, "product", ("P", "PM"), 30, product);
    interview(&mut s, &c, "sales", ("S", "AE"), 30, vec![a("sales.readiness-gate", A::Skip)]);
    let cs = vec![a("customer-success.readiness-gate", A::DontKnow)];
    interview(&mut s, &c, "customer-success", ("C", "CSM"), 30, cs);
    interview(&mut s, &c, "operations", ("O", "SRE"), 30, vec![a("operations.readiness-gate", A::Scale(1))]);
    let r = report::markdown(&s, &c, now(), &report::ReadOut::client());
    let section = &r[r.find("## Unknowns to follow up").unwrap()..r.find("## DORA").unwrap_or(r.len())];
    let title = &c.topic("launch.readiness-gates").unwrap().title;
    let skipped = &section[section.find("### Skipped").expect("a skipped answer")..];
    assert!(line_starting(skipped, "- **Sales**").contains(title.as_str()), "{section}");
    let dont_know = &section[section.find("### Answered \"don't know\"").expect("a don't know")..];
    assert!(line_starting(dont_know, "- **Customer Success").contains(title.as_str()), "{section}");
    let claims = &section[section.find("### No claim").expect("the missing claim")..];
    let line = line_starting(claims, "- **Product");
    assert!(line.contains(&format!("{title} (for Operations: not asked yet)")), "{line}");
    assert!(!line.contains(&format!("{title} (for Sales")), "{line}");
    // A topic whose claims are all missing is listed once.
    assert!(line.contains("Launch process (not asked yet)"), "{line}");
}
