//! Reading the topics file and the bank files into topics and banks, through [`FileCheck`], so
//! that each field's problem is reported where it is.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::case::{PLACEHOLDERS, unknown as unknown_placeholders};
use super::model::{
    Bank, ChoiceOption, Kind, Priority, ProfileMember, Question, Retired, SCALE_MAX, Section, Stance, Topic,
};
use super::validate::{FileCheck, at, parse_json};
use crate::problem::{Problem, Step};

pub(super) fn read_topics(name: &str, text: &str, problems: &mut Vec<Problem>) -> (String, Vec<Topic>) {
    let Some(value) = parse_json(name, text, problems) else {
        return (String::new(), Vec::new());
    };
    let mut file = FileCheck::new(name, text, problems);
    let Some(root) = file.object(&value, &[]) else {
        return (String::new(), Vec::new());
    };
    file.known_keys(root, &[], &["version", "topics"]);
    let version = file.string(root, &[], "version", true).unwrap_or_default();
    let mut topics = Vec::new();
    let mut seen = HashMap::new();
    for (i, item) in file.array(root, &[], "topics").iter().enumerate() {
        let path = vec![Step::Key("topics".into()), Step::Index(i)];
        let Some((obj, id, title)) = file.titled(item, &path, &["id", "title", "dimension", "description"]) else {
            continue;
        };
        if seen.insert(id.clone(), i).is_some() {
            file.report(&at(&path, "id"), format!("duplicate topic id \"{id}\""));
            continue;
        }
        topics.push(Topic {
            id,
            title,
            dimension: file.string(obj, &path, "dimension", false),
            description: file.string(obj, &path, "description", false),
        });
    }
    (version, topics)
}

const QUESTION_KEYS: [&str; 21] = [
    "id",
    "section",
    "text",
    "probes",
    "evidence",
    "kind",
    "labels",
    "options",
    "unit",
    "min",
    "max",
    "topic",
    "stance",
    "priority",
    "to",
    "each",
    "better",
    "anchor",
    "source",
    "observation",
    "profile",
];

impl FileCheck<'_> {
    pub(super) fn read_bank(&mut self, topic_ids: &HashSet<&str>) -> Option<Bank> {
        let value = parse_json(self.name, self.text, self.problems)?;
        let root = self.object(&value, &[])?;
        self.known_keys(root, &[], &["function", "title", "short", "version", "sections", "questions", "retired"]);
        let function = self.string(root, &[], "function", true);
        let title = self.string(root, &[], "title", true);
        let short = self.string(root, &[], "short", false);
        let version = self.string(root, &[], "version", true);
        if let Some(f) = &function
            && !f.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.report(
                &[Step::Key("function".into())],
                format!("function \"{f}\" must be lower-case letters, digits and '-'"),
            );
        }
        let sections = self.read_sections(root);
        let mut questions = self.read_questions(root, &sections, topic_ids);
        let retired = self.read_retired(root, &questions);
        // Interview order is section order; within a section, file order.
        questions.sort_by_key(|q| sections.iter().position(|s| s.id == q.section));
        let mut bank = Bank {
            function: function?,
            title: title?,
            short,
            version: version?,
            sections,
            questions,
            retired,
            section_starts: Vec::new(),
            by_id: Default::default(),
        };
        bank.index_sections();
        Some(bank)
    }

    /// A list item with a required id and title (both reported when missing) and only the
    /// `allowed` keys.
    fn titled<'v>(
        &mut self,
        item: &'v Value,
        path: &[Step],
        allowed: &[&str],
    ) -> Option<(&'v Map<String, Value>, String, String)> {
        let obj = self.object(item, path)?;
        self.known_keys(obj, path, allowed);
        let (id, title) = (self.string(obj, path, "id", true), self.string(obj, path, "title", true));
        Some((obj, id?, title?))
    }

    /// The questions the bank no longer asks, each with the text it was asked in; an id cannot be
    /// both asked and retired.
    fn read_retired(&mut self, root: &Map<String, Value>, questions: &[Question]) -> Vec<Retired> {
        if !root.contains_key("retired") {
            return Vec::new();
        }
        let mut retired: Vec<Retired> = Vec::new();
        for (i, item) in self.array(root, &[], "retired").iter().enumerate() {
            let path = vec![Step::Key("retired".into()), Step::Index(i)];
            let Some(obj) = self.object(item, &path) else { continue };
            self.known_keys(obj, &path, &["id", "text"]);
            let (id, text) = (self.string(obj, &path, "id", true), self.string(obj, &path, "text", true));
            let (Some(id), Some(text)) = (id, text) else { continue };
            self.check_placeholders(&at(&path, "text"), &text);
            if questions.iter().any(|q| q.id == id) || retired.iter().any(|r| r.id == id) {
                let why = format!(
                    "\"{id}\" is retired and asked, or retired twice: a question with a new meaning needs a new id"
                );
                self.report(&at(&path, "id"), why);
                continue;
            }
            retired.push(Retired { id, text });
        }
        retired
    }

    fn read_sections(&mut self, root: &Map<String, Value>) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        for (i, item) in self.array(root, &[], "sections").iter().enumerate() {
            let path = vec![Step::Key("sections".into()), Step::Index(i)];
            let Some((obj, id, title)) = self.titled(item, &path, &["id", "title", "pillar", "dimension"]) else {
                continue;
            };
            if sections.iter().any(|s| s.id == id) {
                self.report(&at(&path, "id"), format!("duplicate section id \"{id}\""));
                continue;
            }
            let pillar = match self.string(obj, &path, "pillar", false) {
                None => super::Pillar::Operations,
                Some(name) => super::Pillar::parse(&name).unwrap_or_else(|| {
                    let why = format!("unknown pillar \"{name}\": use one of {}", super::Pillar::names());
                    self.report(&at(&path, "pillar"), why);
                    super::Pillar::Operations
                }),
            };
            let dimension = self.string(obj, &path, "dimension", false);
            sections.push(Section { id, title, pillar, dimension });
        }
        sections
    }

    fn read_questions(
        &mut self,
        root: &Map<String, Value>,
        sections: &[Section],
        topic_ids: &HashSet<&str>,
    ) -> Vec<Question> {
        let mut questions = Vec::new();
        let mut seen = HashSet::new();
        let items = self.array(root, &[], "questions");
        if items.is_empty() && root.get("questions").is_some_and(Value::is_array) {
            // An interview needs something to ask.
            self.report(
                &[Step::Key("questions".into())],
                "\"questions\" is empty: a bank needs at least one question".into(),
            );
        }
        for (i, item) in items.iter().enumerate() {
            let path = vec![Step::Key("questions".into()), Step::Index(i)];
            // Duplicates are found on the raw id, so a question with other problems still counts.
            if let Some(id) = item.get("id").and_then(Value::as_str)
                && !seen.insert(id.to_string())
            {
                self.report(&at(&path, "id"), format!("duplicate question id \"{id}\""));
                continue;
            }
            if let Some(q) = self.read_question(item, &path, sections, topic_ids) {
                if q.anchor && questions.iter().any(|other: &Question| other.anchor) {
                    self.report(&at(&path, "anchor"), "a bank has one anchor question: this is its second".into());
                }
                let each = item.as_object().map(|obj| self.read_each(obj, &path, &q)).unwrap_or_default();
                if each.is_empty() {
                    questions.push(q);
                }
                for row in each {
                    if !seen.insert(row.id.clone()) {
                        let message = format!("duplicate question id \"{}\" (a row of this \"each\")", row.id);
                        self.report(&at(&path, "each"), message);
                        continue;
                    }
                    questions.push(row);
                }
            }
        }
        questions
    }

    fn read_question(
        &mut self,
        item: &Value,
        path: &[Step],
        sections: &[Section],
        topic_ids: &HashSet<&str>,
    ) -> Option<Question> {
        let obj = self.object(item, path)?;
        self.known_keys(obj, path, &QUESTION_KEYS);
        let id = self.string(obj, path, "id", true);
        let section = self.string(obj, path, "section", true);
        let text = self.string(obj, path, "text", true);
        if let Some(s) = &section
            && !sections.iter().any(|x| &x.id == s)
        {
            self.report(&at(path, "section"), format!("unknown section \"{s}\" (not in this bank's \"sections\")"));
        }
        let probes = self.strings(obj, path, "probes");
        if let Some(text) = &text {
            self.check_placeholders(&at(path, "text"), text);
        }
        for (i, probe) in probes.iter().enumerate() {
            self.check_placeholders(&[at(path, "probes"), vec![Step::Index(i)]].concat(), probe);
        }
        let evidence = self.strings(obj, path, "evidence");
        let kind = self.read_kind(obj, path);
        let labels = self.read_labels(obj, path, kind);
        let options = self.read_options(obj, path, kind);
        let (unit, min, max) = self.read_range(obj, path, kind);
        let (topic, stance) = self.read_link(obj, path, topic_ids);
        if stance.is_some_and(Stance::is_compared) {
            self.check_comparable(path, kind, &options);
            // The default Not at all … Fully invites the sender to rate their effort and the
            // receiver their satisfaction: a compared scale says what happened.
            if kind == Some(Kind::Scale) && labels.is_none() {
                let message = "a compared scale question needs its own \"labels\": five descriptions of what happened, that both sides can observe (see FORMAT.md, \"Observable labels\")";
                self.report(&at(path, "kind"), message.into());
            }
        }
        let priority = self.read_priority(obj, path);
        let to = self.read_to(obj, path, stance);
        let lower_is_better = self.read_better(obj, path, kind, stance);
        let anchor = self.read_flag(
            obj,
            path,
            "anchor",
            kind,
            &[Kind::Text],
            "the anchor names a launch or a release: it must be a text question",
        );
        let source = self.read_flag(
            obj,
            path,
            "source",
            kind,
            &[Kind::Number, Kind::Choice],
            "where a figure came from is asked of number and choice questions",
        );
        let observation = self.read_flag(
            obj,
            path,
            "observation",
            kind,
            &[Kind::Scale, Kind::Choice],
            "an observation is answered on a scale or a choice",
        );
        let profile = self.read_profile(obj, path, kind);
        if let Some(ProfileMember { strong: Some(strong), weak: Some(weak), .. }) = &profile
            && (if lower_is_better { strong >= weak } else { strong <= weak })
        {
            let order = if lower_is_better { "below" } else { "above" };
            let message = format!("\"strong\" {strong} must be {order} \"weak\" {weak} (see \"better\")");
            self.report(&at(path, "profile"), message);
        }
        Some(Question {
            id: id?,
            section: section?,
            text: text?,
            probes,
            evidence,
            kind: kind?,
            labels,
            options,
            unit,
            min,
            max,
            topic,
            stance,
            priority,
            to,
            group: None,
            lower_is_better,
            anchor,
            source,
            observation,
            profile,
        })
    }

    /// A `{…}` in a question's text or probe that is not a placeholder would be read aloud as it
    /// is: each is reported at its string, with the placeholders it could have been.
    fn check_placeholders(&mut self, path: &[Step], text: &str) {
        for (_, word) in unknown_placeholders(text) {
            let known: Vec<&str> = PLACEHOLDERS.iter().map(|(p, _)| *p).collect();
            let message = format!(
                "unknown placeholder \"{word}\": name the case with {} (see FORMAT.md, \"Naming the case\"), or leave out the braces",
                known.join(" or ")
            );
            self.report(path, message);
        }
    }

    /// A profile a question counts towards: its id, and for a number where strong and weak
    /// begin (`{"id": "delivery-practice", "strong": 10, "weak": 30}`).
    fn read_profile(&mut self, obj: &Map<String, Value>, path: &[Step], kind: Option<Kind>) -> Option<ProfileMember> {
        let member = match obj.get("profile")? {
            Value::String(id) if !id.trim().is_empty() => ProfileMember { id: id.clone(), strong: None, weak: None },
            Value::Object(o) => {
                let p = at(path, "profile");
                self.known_keys(o, &p, &["id", "strong", "weak"]);
                let id = self.string(o, &p, "id", true)?;
                ProfileMember { id, strong: self.number(o, &p, "strong"), weak: self.number(o, &p, "weak") }
            }
            _ => {
                self.report(
                    &at(path, "profile"),
                    "\"profile\" is a profile's id, or {\"id\", \"strong\", \"weak\"}".into(),
                );
                return None;
            }
        };
        let thresholds = member.strong.is_some() && member.weak.is_some();
        match kind {
            Some(Kind::Number) if !thresholds => self.report(
                &at(path, "profile"),
                "a number in a profile needs \"strong\" and \"weak\": where each begins".into(),
            ),
            Some(Kind::Scale | Kind::Choice | Kind::Number) => {}
            Some(_) => self.report(&at(path, "profile"), "a profile reads scale, choice and number questions".into()),
            None => {}
        }
        Some(member)
    }

    /// A true-or-false attribute that only some kinds of question may have.
    fn read_flag(
        &mut self,
        obj: &Map<String, Value>,
        path: &[Step],
        key: &str,
        kind: Option<Kind>,
        kinds: &[Kind],
        wrong_kind: &str,
    ) -> bool {
        match obj.get(key) {
            None => false,
            Some(Value::Bool(on)) => {
                if *on && kind.is_some_and(|k| !kinds.contains(&k)) {
                    self.report(&at(path, key), wrong_kind.into());
                }
                *on
            }
            Some(_) => {
                self.report(&at(path, key), format!("\"{key}\" is true or false"));
                false
            }
        }
    }

    /// The receiving functions a communicated question is addressed to; only it has them.
    fn read_to(&mut self, obj: &Map<String, Value>, path: &[Step], stance: Option<Stance>) -> Vec<String> {
        if !obj.contains_key("to") {
            return Vec::new();
        }
        let to = self.strings(obj, path, "to");
        if stance != Some(Stance::Communicated) {
            self.report(
                &at(path, "to"),
                "\"to\" names who a claim is addressed to: only a communicated question has it".into(),
            );
        } else if to.is_empty() {
            self.report(
                &at(path, "to"),
                "\"to\" is empty: name the receiving functions, or leave it out for all".into(),
            );
        }
        to
    }

    /// A claim asked of several receivers at once: one row per function in `each`, each a
    /// question of its own (`<id>-<function>`, addressed `to` that function alone), so it is
    /// stored and compared per receiver.
    fn read_each(&mut self, obj: &Map<String, Value>, path: &[Step], q: &Question) -> Vec<Question> {
        if !obj.contains_key("each") {
            return Vec::new();
        }
        let each = self.strings(obj, path, "each");
        let problem = if q.stance != Some(Stance::Communicated) {
            Some("\"each\" asks a claim of several receivers at once: only a communicated question has it")
        } else if obj.contains_key("to") {
            Some("give \"each\" or \"to\", not both: \"each\" already addresses every row to one function")
        } else if each.len() < 2 {
            Some("\"each\" names two receiving functions or more (for one, use \"to\")")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.report(&at(path, "each"), problem.into());
            return Vec::new();
        }
        let mut rows: Vec<Question> = Vec::new();
        for (i, function) in each.iter().enumerate() {
            if rows.iter().any(|r| r.to[0] == *function) {
                let p = [at(path, "each"), vec![Step::Index(i)]].concat();
                self.report(&p, format!("\"{function}\" is named twice in \"each\""));
                continue;
            }
            let mut row = q.clone();
            row.id = format!("{}-{function}", q.id);
            row.to = vec![function.clone()];
            row.group = Some(q.id.clone());
            rows.push(row);
        }
        rows
    }

    /// `"better": "lower"` on a practice question where a low value is the good one.
    fn read_better(
        &mut self,
        obj: &Map<String, Value>,
        path: &[Step],
        kind: Option<Kind>,
        stance: Option<Stance>,
    ) -> bool {
        let Some(better) = self.string(obj, path, "better", false) else { return false };
        let lower = match better.as_str() {
            "lower" => true,
            "higher" => false,
            other => {
                self.report(
                    &at(path, "better"),
                    format!("unknown \"better\": \"{other}\" (use \"higher\" or \"lower\")"),
                );
                return false;
            }
        };
        if lower && stance.is_some_and(Stance::is_compared) {
            let why = "a compared question is scored so that higher is better on both sides: reword it, or reverse its labels or scores";
            self.report(&at(path, "better"), why.into());
        } else if lower && !matches!(kind, Some(Kind::Scale | Kind::Number | Kind::Choice)) {
            self.report(&at(path, "better"), "\"better\" belongs to scale, choice and number questions".into());
        }
        lower
    }

    fn read_kind(&mut self, obj: &Map<String, Value>, path: &[Step]) -> Option<Kind> {
        let k = self.string(obj, path, "kind", true)?;
        let kind = Kind::parse(&k);
        if kind.is_none() {
            self.report(&at(path, "kind"), format!("unknown kind \"{k}\" (use scale, choice, multi, number or text)"));
        }
        kind
    }

    fn read_labels(&mut self, obj: &Map<String, Value>, path: &[Step], kind: Option<Kind>) -> Option<Vec<String>> {
        if !obj.contains_key("labels") {
            return None;
        }
        let labels = self.strings(obj, path, "labels");
        if kind != Some(Kind::Scale) {
            self.report(&at(path, "labels"), "\"labels\" belong to scale questions only".into());
        } else if labels.len() != 5 {
            self.report(
                &at(path, "labels"),
                format!("a scale needs exactly 5 labels (points 0–4), found {}", labels.len()),
            );
        }
        Some(labels)
    }

    /// A number question's unit and bounds.
    fn read_range(
        &mut self,
        obj: &Map<String, Value>,
        path: &[Step],
        kind: Option<Kind>,
    ) -> (Option<String>, Option<f64>, Option<f64>) {
        let unit = self.string(obj, path, "unit", false);
        let min = self.number(obj, path, "min");
        let max = self.number(obj, path, "max");
        if kind == Some(Kind::Number) && unit.is_none() {
            self.report(path, "a number question needs a \"unit\" (e.g. \"%\", \"days\")".into());
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.report(&at(path, "min"), format!("min {lo} is above max {hi}"));
        }
        (unit, min, max)
    }

    /// The topic a question is linked to and its stance on it, which come together.
    fn read_link(
        &mut self,
        obj: &Map<String, Value>,
        path: &[Step],
        topic_ids: &HashSet<&str>,
    ) -> (Option<String>, Option<Stance>) {
        let topic = self.string(obj, path, "topic", false);
        if let Some(t) = &topic
            && !topic_ids.contains(t.as_str())
        {
            self.report(&at(path, "topic"), format!("unknown topic \"{t}\" (not in topics.json)"));
        }
        let stance = self.string(obj, path, "stance", false).and_then(|s| {
            let stance = Stance::parse(&s);
            if stance.is_none() {
                self.report(
                    &at(path, "stance"),
                    format!("unknown stance \"{s}\" (use communicated, received, shared or practice)"),
                );
            }
            stance
        });
        match (&topic, stance) {
            (Some(_), None) if !obj.contains_key("stance") => {
                self.report(&at(path, "topic"), "a question with a \"topic\" needs a \"stance\"".into());
            }
            (None, Some(_)) => self.report(&at(path, "stance"), "a \"stance\" needs a \"topic\"".into()),
            _ => {}
        }
        (topic, stance)
    }

    /// A communicated or received question is compared, so it needs a score on the 0–4 scale.
    fn check_comparable(&mut self, path: &[Step], kind: Option<Kind>, options: &[ChoiceOption]) {
        let comparable = match kind {
            Some(Kind::Scale) => true,
            Some(Kind::Choice) => !options.is_empty() && options.iter().all(|o| o.score.is_some()),
            // Compared item by item, and by the share of items ticked.
            Some(Kind::Multi) => options.iter().any(|o| o.score != Some(0.0)),
            _ => false,
        };
        if kind.is_some() && !comparable {
            self.report(&at(path, "kind"), "a communicated, received or shared question must be a scale, a choice with a score on every option, or a multi, so it can be compared".into());
        }
    }

    fn read_priority(&mut self, obj: &Map<String, Value>, path: &[Step]) -> Option<Priority> {
        let p = self.string(obj, path, "priority", false)?;
        if p == "must" {
            return Some(Priority::Must);
        }
        self.report(&at(path, "priority"), format!("unknown priority \"{p}\" (the only one is \"must\")"));
        None
    }

    fn read_options(&mut self, obj: &Map<String, Value>, path: &[Step], kind: Option<Kind>) -> Vec<ChoiceOption> {
        let wants = matches!(kind, Some(Kind::Choice | Kind::Multi));
        if !obj.contains_key("options") {
            if wants {
                self.report(path, "a choice or multi question needs \"options\"".into());
            }
            return Vec::new();
        }
        if !wants && kind.is_some() {
            self.report(&at(path, "options"), "\"options\" belong to choice and multi questions only".into());
        }
        let mut out: Vec<ChoiceOption> = Vec::new();
        let items = self.array(obj, path, "options");
        for (i, item) in items.iter().enumerate() {
            let opath = [at(path, "options"), vec![Step::Index(i)]].concat();
            let Some(o) = self.object(item, &opath) else { continue };
            self.known_keys(o, &opath, &["label", "score"]);
            let Some(label) = self.string(o, &opath, "label", true) else { continue };
            let score = self.number(o, &opath, "score");
            if let Some(s) = score
                && !(0.0..=SCALE_MAX).contains(&s)
            {
                self.report(&at(&opath, "score"), format!("score {s} is outside 0–4"));
            }
            if out.iter().any(|x| x.label == label) {
                self.report(&at(&opath, "label"), format!("duplicate option \"{label}\""));
                continue;
            }
            out.push(ChoiceOption { label, score });
        }
        if wants && items.len() < 2 {
            self.report(&at(path, "options"), "give at least two options".into());
        }
        out
    }
}
