//! Reading and validating banks: every problem is collected, each with file, line and column.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::locate::{Step, locate};
use super::model::{Bank, ChoiceOption, Kind, Priority, Question, SCALE_MAX, Section, Stance, Topic};

/// One problem found in a bank file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankProblem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for BankProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Every problem found while loading a set of banks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct BankErrors(pub Vec<BankProblem>);

impl fmt::Display for BankErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} problem{} in the question banks:", if n == 1 { "" } else { "s" })?;
        for p in &self.0 {
            writeln!(f, "  {p}")?;
        }
        write!(f, "Fix the files above (format: question-banks/FORMAT.md) and run again.")
    }
}

/// Where a catalog came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankSource {
    Embedded,
    Dir(PathBuf),
}

/// All banks and topics in force for a run.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub source: BankSource,
    pub topics_version: String,
    pub topics: Vec<Topic>,
    pub banks: Vec<Bank>,
}

const TOPICS_FILE: &str = "topics.json";

/// The banks shipped inside the binary.
const EMBEDDED: [(&str, &str); 6] = [
    (TOPICS_FILE, include_str!("../../question-banks/topics.json")),
    ("product.json", include_str!("../../question-banks/product.json")),
    ("sales.json", include_str!("../../question-banks/sales.json")),
    ("customer-success.json", include_str!("../../question-banks/customer-success.json")),
    ("engineering.json", include_str!("../../question-banks/engineering.json")),
    ("operations.json", include_str!("../../question-banks/operations.json")),
];

impl Catalog {
    pub fn embedded() -> Result<Catalog, BankErrors> {
        let files = EMBEDDED.iter().map(|(n, t)| ((*n).to_string(), (*t).to_string())).collect();
        Self::from_files(files, BankSource::Embedded)
    }

    /// Loads `topics.json` and every other `*.json` in `dir`.
    pub fn load_dir(dir: &Path) -> Result<Catalog, BankErrors> {
        let shown = dir.display().to_string();
        let problem =
            |message: String| BankErrors(vec![BankProblem { file: shown.clone(), line: 1, column: 1, message }]);
        let entries = std::fs::read_dir(dir).map_err(|e| problem(format!("cannot read the bank folder: {e}")))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((path.display().to_string(), text)),
                Err(e) => problems.push(BankProblem {
                    file: path.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read the file: {e}"),
                }),
            }
        }
        match Self::from_files(files, BankSource::Dir(dir.to_path_buf())) {
            Ok(c) if problems.is_empty() => Ok(c),
            Ok(_) => Err(BankErrors(problems)),
            Err(BankErrors(mut more)) => {
                problems.append(&mut more);
                Err(BankErrors(problems))
            }
        }
    }

    /// Validates a set of named files; the one whose name ends in `topics.json` holds the topics.
    pub fn from_files(files: Vec<(String, String)>, source: BankSource) -> Result<Catalog, BankErrors> {
        let mut problems = Vec::new();
        let (topic_files, bank_files): (Vec<_>, Vec<_>) =
            files.iter().partition(|(name, _)| Path::new(name).file_name().is_some_and(|f| f == TOPICS_FILE));
        let (topics_version, topics) = match topic_files.first() {
            Some((name, text)) => read_topics(name, text, &mut problems),
            None => {
                problems.push(BankProblem {
                    file: source_name(&source),
                    line: 1,
                    column: 1,
                    message: format!("no {TOPICS_FILE}: every bank folder needs one"),
                });
                (String::new(), Vec::new())
            }
        };
        let topic_ids: HashSet<&str> = topics.iter().map(|t| t.id.as_str()).collect();
        let mut banks = Vec::new();
        let mut origins = Vec::new();
        for (name, text) in &bank_files {
            let mut file = FileCheck::new(name, text, &mut problems);
            if let Some(bank) = file.read_bank(&topic_ids) {
                origins.push((name.as_str(), text.as_str()));
                banks.push(bank);
            }
        }
        if bank_files.is_empty() {
            problems.push(BankProblem {
                file: source_name(&source),
                line: 1,
                column: 1,
                message: "no bank files: add one JSON file per function".into(),
            });
        }
        check_across(&banks, &origins, &mut problems);
        if problems.is_empty() {
            Ok(Catalog { source, topics_version, topics, banks })
        } else {
            Err(BankErrors(problems))
        }
    }

    pub fn bank(&self, function: &str) -> Option<&Bank> {
        self.banks.iter().find(|b| b.function == function)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.banks.iter().map(|b| b.function.as_str())
    }

    /// The question and the bank that holds it.
    pub fn question(&self, id: &str) -> Option<(&Bank, &Question)> {
        self.banks.iter().find_map(|b| b.question(id).map(|q| (b, q)))
    }
}

fn source_name(source: &BankSource) -> String {
    match source {
        BankSource::Embedded => "(embedded banks)".into(),
        BankSource::Dir(d) => d.display().to_string(),
    }
}

fn parse_json(name: &str, text: &str, problems: &mut Vec<BankProblem>) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = e.to_string();
            // serde_json appends " at line L column C"; we report those as the position.
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            problems.push(BankProblem {
                file: name.to_string(),
                line: e.line().max(1),
                column: e.column().max(1),
                message: format!("malformed JSON: {message}"),
            });
            None
        }
    }
}

fn read_topics(name: &str, text: &str, problems: &mut Vec<BankProblem>) -> (String, Vec<Topic>) {
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
        let Some(obj) = file.object(item, &path) else { continue };
        file.known_keys(obj, &path, &["id", "title", "dimension", "description"]);
        let (Some(id), Some(title)) = (file.string(obj, &path, "id", true), file.string(obj, &path, "title", true))
        else {
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

fn at(path: &[Step], key: &str) -> Vec<Step> {
    let mut p = path.to_vec();
    p.push(Step::Key(key.into()));
    p
}

/// Validation of one file: reads fields leniently and reports each problem where it is.
struct FileCheck<'a> {
    name: &'a str,
    text: &'a str,
    problems: &'a mut Vec<BankProblem>,
}

const QUESTION_KEYS: [&str; 14] = [
    "id", "section", "text", "probes", "evidence", "kind", "labels", "options", "unit", "min", "max", "topic",
    "stance", "priority",
];

impl<'a> FileCheck<'a> {
    fn new(name: &'a str, text: &'a str, problems: &'a mut Vec<BankProblem>) -> Self {
        FileCheck { name, text, problems }
    }

    fn report(&mut self, path: &[Step], message: String) {
        self.report_at(path, false, message);
    }

    fn report_at(&mut self, path: &[Step], key: bool, message: String) {
        let pos = locate(self.text, path, key);
        self.problems.push(BankProblem { file: self.name.to_string(), line: pos.line, column: pos.column, message });
    }

    fn object<'v>(&mut self, value: &'v Value, path: &[Step]) -> Option<&'v Map<String, Value>> {
        let obj = value.as_object();
        if obj.is_none() {
            self.report(path, "expected an object { … }".into());
        }
        obj
    }

    fn known_keys(&mut self, obj: &Map<String, Value>, path: &[Step], allowed: &[&str]) {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                self.report_at(
                    &at(path, key),
                    true,
                    format!("unknown field \"{key}\" (allowed: {})", allowed.join(", ")),
                );
            }
        }
    }

    fn string(&mut self, obj: &Map<String, Value>, path: &[Step], key: &str, required: bool) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.report(&at(path, key), format!("\"{key}\" is empty"));
                None
            }
            Some(_) => {
                self.report(&at(path, key), format!("\"{key}\" must be a string"));
                None
            }
            None if required => {
                self.report(path, format!("missing \"{key}\""));
                None
            }
            None => None,
        }
    }

    fn number(&mut self, obj: &Map<String, Value>, path: &[Step], key: &str) -> Option<f64> {
        match obj.get(key) {
            None => None,
            Some(v) => {
                let n = v.as_f64();
                if n.is_none() {
                    self.report(&at(path, key), format!("\"{key}\" must be a number"));
                }
                n
            }
        }
    }

    fn array<'v>(&mut self, obj: &'v Map<String, Value>, path: &[Step], key: &str) -> &'v [Value] {
        match obj.get(key) {
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.report(&at(path, key), format!("\"{key}\" must be a list [ … ]"));
                &[]
            }
            None => {
                self.report(path, format!("missing \"{key}\""));
                &[]
            }
        }
    }

    fn strings(&mut self, obj: &Map<String, Value>, path: &[Step], key: &str) -> Vec<String> {
        if !obj.contains_key(key) {
            return Vec::new();
        }
        let items = self.array(obj, path, key);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => out.push(s.to_string()),
                _ => self.report(
                    &[at(path, key), vec![Step::Index(i)]].concat(),
                    format!("each of \"{key}\" must be a non-empty string"),
                ),
            }
        }
        out
    }

    fn read_bank(&mut self, topic_ids: &HashSet<&str>) -> Option<Bank> {
        let value = parse_json(self.name, self.text, self.problems)?;
        let root = self.object(&value, &[])?;
        self.known_keys(root, &[], &["function", "title", "short", "version", "sections", "questions"]);
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
        let mut sections: Vec<Section> = Vec::new();
        for (i, item) in self.array(root, &[], "sections").iter().enumerate() {
            let path = vec![Step::Key("sections".into()), Step::Index(i)];
            let Some(obj) = self.object(item, &path) else { continue };
            self.known_keys(obj, &path, &["id", "title", "pillar", "dimension"]);
            let (Some(id), Some(title)) = (self.string(obj, &path, "id", true), self.string(obj, &path, "title", true))
            else {
                continue;
            };
            if sections.iter().any(|s| s.id == id) {
                self.report(&at(&path, "id"), format!("duplicate section id \"{id}\""));
                continue;
            }
            let pillar = self.string(obj, &path, "pillar", false);
            let dimension = self.string(obj, &path, "dimension", false);
            sections.push(Section { id, title, pillar, dimension });
        }
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
            if let Some(q) = self.read_question(item, &path, &sections, topic_ids) {
                questions.push(q);
            }
        }
        // Interview order is section order; within a section, file order.
        questions.sort_by_key(|q| sections.iter().position(|s| s.id == q.section));
        let mut bank = Bank {
            function: function?,
            title: title?,
            short,
            version: version?,
            sections,
            questions,
            section_starts: Vec::new(),
        };
        bank.index_sections();
        Some(bank)
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
        let evidence = self.strings(obj, path, "evidence");
        let kind = match self.string(obj, path, "kind", true) {
            Some(k) => match Kind::parse(&k) {
                Some(kind) => Some(kind),
                None => {
                    self.report(
                        &at(path, "kind"),
                        format!("unknown kind \"{k}\" (use scale, choice, multi, number or text)"),
                    );
                    None
                }
            },
            None => None,
        };
        let labels = if obj.contains_key("labels") { Some(self.strings(obj, path, "labels")) } else { None };
        if let Some(l) = &labels {
            if kind != Some(Kind::Scale) {
                self.report(&at(path, "labels"), "\"labels\" belong to scale questions only".into());
            } else if l.len() != 5 {
                self.report(
                    &at(path, "labels"),
                    format!("a scale needs exactly 5 labels (points 0–4), found {}", l.len()),
                );
            }
        }
        let options = self.read_options(obj, path, kind);
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
        let topic = self.string(obj, path, "topic", false);
        if let Some(t) = &topic
            && !topic_ids.contains(t.as_str())
        {
            self.report(&at(path, "topic"), format!("unknown topic \"{t}\" (not in topics.json)"));
        }
        let stance = match self.string(obj, path, "stance", false) {
            Some(s) => {
                let st = Stance::parse(&s);
                if st.is_none() {
                    self.report(
                        &at(path, "stance"),
                        format!("unknown stance \"{s}\" (use communicated, received or practice)"),
                    );
                }
                st
            }
            None => None,
        };
        match (&topic, stance) {
            (Some(_), None) if !obj.contains_key("stance") => {
                self.report(&at(path, "topic"), "a question with a \"topic\" needs a \"stance\"".into());
            }
            (None, Some(_)) => self.report(&at(path, "stance"), "a \"stance\" needs a \"topic\"".into()),
            _ => {}
        }
        if matches!(stance, Some(Stance::Communicated | Stance::Received)) {
            let comparable = match kind {
                Some(Kind::Scale) => true,
                Some(Kind::Choice) => !options.is_empty() && options.iter().all(|o| o.score.is_some()),
                _ => false,
            };
            if kind.is_some() && !comparable {
                self.report(&at(path, "kind"), "a communicated or received question must be a scale or a choice with a score on every option, so it can be compared".into());
            }
        }
        let priority = match self.string(obj, path, "priority", false) {
            Some(p) if p == "must" => Some(Priority::Must),
            Some(p) => {
                self.report(&at(path, "priority"), format!("unknown priority \"{p}\" (the only one is \"must\")"));
                None
            }
            None => None,
        };
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
        })
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

/// The communicated and the received questions of one topic, each with its bank's index.
type StancePair<'a> = (Vec<(usize, &'a Question)>, Vec<(usize, &'a Question)>);

/// Checks that need every bank: unique functions and ids, and topic stances that pair up.
fn check_across(banks: &[Bank], origins: &[(&str, &str)], problems: &mut Vec<BankProblem>) {
    let find = |b: usize, q: &str| -> Vec<Step> {
        let i = question_file_index(origins[b].1, q).unwrap_or(0);
        vec![Step::Key("questions".into()), Step::Index(i), Step::Key("id".into())]
    };
    let mut report = |b: usize, path: Vec<Step>, message: String| {
        let pos = locate(origins[b].1, &path, false);
        problems.push(BankProblem { file: origins[b].0.to_string(), line: pos.line, column: pos.column, message });
    };
    let mut functions: HashMap<&str, usize> = HashMap::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (b, bank) in banks.iter().enumerate() {
        if let Some(first) = functions.insert(&bank.function, b) {
            report(
                b,
                vec![Step::Key("function".into())],
                format!("function \"{}\" is also defined in {}", bank.function, origins[first].0),
            );
        }
        for q in &bank.questions {
            if let Some(first) = ids.insert(&q.id, b)
                && first != b
            {
                report(b, find(b, &q.id), format!("duplicate question id \"{}\" (also in {})", q.id, origins[first].0));
            }
        }
    }
    // topic -> (communicated questions, received questions), each as (bank index, question)
    let mut by_topic: BTreeMap<&str, StancePair> = BTreeMap::new();
    for (b, bank) in banks.iter().enumerate() {
        for q in &bank.questions {
            if let Some(t) = &q.topic {
                let entry = by_topic.entry(t).or_default();
                match q.stance {
                    Some(Stance::Communicated) => entry.0.push((b, q)),
                    Some(Stance::Received) => entry.1.push((b, q)),
                    _ => {}
                }
            }
        }
    }
    for (topic, (communicated, received)) in by_topic {
        if communicated.is_empty() {
            for (b, q) in &received {
                report(
                    *b,
                    find(*b, &q.id),
                    format!(
                        "\"{}\" is received on topic \"{topic}\", but no bank has a communicated question for it",
                        q.id
                    ),
                );
            }
        }
        for (b, q) in communicated.iter().skip(1) {
            report(
                *b,
                find(*b, &q.id),
                format!(
                    "topic \"{topic}\" already has a communicated question ({}); a topic has one",
                    communicated[0].1.id
                ),
            );
        }
    }
}

/// Index in the file's own "questions" list (the loaded bank is re-ordered by section).
fn question_file_index(text: &str, id: &str) -> Option<usize> {
    let v: Value = serde_json::from_str(text).ok()?;
    v.get("questions")?.as_array()?.iter().position(|q| q.get("id").and_then(Value::as_str) == Some(id))
}
