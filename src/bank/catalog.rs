//! The catalog: every bank and topic in force for a run, from the binary or a folder, with the
//! topic plan found once when it loads.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::model::{Bank, Question, Section, Topic};
use super::pillar::Scope;
use super::plan::{Plan, QuestionAt, TopicPlan};
use super::read::read_topics;
use super::validate::{BankErrors, FileCheck, check_across};
use crate::problem::Problem;

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
    /// Which question states what was communicated on each topic and which functions receive it,
    /// found once from the banks above, which therefore do not change once loaded.
    plan: Plan,
}

const TOPICS_FILE: &str = "topics.json";

/// The banks shipped inside the binary. Leadership comes first: it states the claim on direction
/// and stands where a claim would on the shared facts it is asked (see [`Plan`]).
const EMBEDDED: [(&str, &str); 7] = [
    (TOPICS_FILE, include_str!("../../question-banks/topics.json")),
    ("leadership.json", include_str!("../../question-banks/leadership.json")),
    ("product.json", include_str!("../../question-banks/product.json")),
    ("sales.json", include_str!("../../question-banks/sales.json")),
    ("customer-success.json", include_str!("../../question-banks/customer-success.json")),
    ("engineering.json", include_str!("../../question-banks/engineering.json")),
    ("operations.json", include_str!("../../question-banks/operations.json")),
];

/// The built-in bank files as shipped (name, text), for `crosscheck banks init`.
pub fn embedded_files() -> Vec<(&'static str, &'static str)> {
    EMBEDDED.to_vec()
}

impl Catalog {
    pub fn embedded() -> Result<Catalog, BankErrors> {
        let files = EMBEDDED.iter().map(|(n, t)| ((*n).to_string(), (*t).to_string())).collect();
        Self::from_files(files, BankSource::Embedded)
    }

    /// Loads `topics.json` and every other `*.json` in `dir`.
    pub fn load_dir(dir: &Path) -> Result<Catalog, BankErrors> {
        let problem = |message: String| BankErrors(vec![Problem::in_file(dir, message)]);
        let entries = std::fs::read_dir(dir).map_err(|e| problem(format!("cannot read the bank folder: {e}")))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        // The shipped banks' files in their shipped order, others after by name: which bank
        // stands first on a shared fact must not depend on the alphabet.
        let shipped = |p: &PathBuf| EMBEDDED.iter().position(|(n, _)| p.file_name().is_some_and(|f| f == *n));
        paths.sort_by_key(|p| (shipped(p).unwrap_or(usize::MAX), p.clone()));
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            // A FIFO would wait for a writer before crosscheck starts: refused unopened.
            if let Err(e) = crate::input::regular_file(&path) {
                let message = format!(
                    "{}, not a regular file, so it is not read (a pipe would keep crosscheck from starting); a bank folder holds regular JSON files only: move this one out of the folder",
                    e.what
                );
                problems.push(Problem::in_file(&path, message));
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((path.display().to_string(), text)),
                Err(e) => problems.push(Problem::in_file(&path, format!("cannot read the file: {e}"))),
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
                problems.push(Problem::in_file(
                    source_name(&source),
                    format!("no {TOPICS_FILE}: every bank folder needs one"),
                ));
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
            problems.push(Problem::in_file(source_name(&source), "no bank files: add one JSON file per function"));
        }
        check_across(&banks, &origins, &mut problems);
        if problems.is_empty() {
            let plan = Plan::new(&topics, &banks);
            Ok(Catalog { source, topics_version, topics, banks, plan })
        } else {
            Err(BankErrors(problems))
        }
    }

    /// The banks as an engagement of `scope` asks them: the questions of sections outside it
    /// left out, and a bank left with none dropped. Sessions are read and written with the
    /// whole catalog, so an answer outside the scope is kept, exported and merged.
    pub fn in_scope(&self, scope: &Scope) -> Cow<'_, Catalog> {
        let out = |s: &Section| !scope.contains(s.pillar);
        if !self.banks.iter().flat_map(|b| &b.sections).any(out) {
            return Cow::Borrowed(self);
        }
        let banks: Vec<Bank> = self
            .banks
            .iter()
            .filter_map(|b| {
                let mut b = b.clone();
                let mut kept: HashSet<String> = b.sections.iter().filter(|s| !out(s)).map(|s| s.id.clone()).collect();
                // The anchor names the launch every answer is about, whichever pillars are asked.
                let anchor = b.anchor().map(|q| q.id.clone());
                let is_anchor = |q: &Question| anchor.as_ref() == Some(&q.id);
                if !b.questions.iter().any(|q| kept.contains(&q.section) && !is_anchor(q)) {
                    return None;
                }
                b.questions.retain(|q| kept.contains(&q.section) || is_anchor(q));
                kept.extend(b.questions.iter().map(|q| q.section.clone()));
                b.sections.retain(|s| kept.contains(&s.id));
                b.index_sections();
                Some(b)
            })
            .collect();
        // Topics nothing in scope asks leave the palette and the matrix too.
        let asked: HashSet<&str> = banks.iter().flat_map(|b| &b.questions).filter_map(|q| q.topic.as_deref()).collect();
        let topics: Vec<Topic> = self.topics.iter().filter(|t| asked.contains(t.id.as_str())).cloned().collect();
        let plan = Plan::new(&topics, &banks);
        Cow::Owned(Catalog { banks, plan, topics, ..self.clone_head() })
    }

    /// The catalog without its banks and topics, to build another from the same source.
    fn clone_head(&self) -> Catalog {
        Catalog {
            source: self.source.clone(),
            topics_version: self.topics_version.clone(),
            topics: Vec::new(),
            banks: Vec::new(),
            plan: Plan::default(),
        }
    }

    /// The bank whose claim on `topic` what `receiver` says arrived is compared with: the one
    /// addressed to it, else the topic's.
    pub fn claimant(&self, receiver: &str, topic: &str) -> Option<&Bank> {
        let plan = self.plan(topic)?;
        let bank = self.banks.iter().position(|b| b.function == receiver)?;
        let at = plan.receiver(bank).and_then(|r| r.communicated).or(plan.communicated)?;
        Some(&self.banks[at.bank])
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

    /// What a question asked about, in a client's words rather than its id: for a question
    /// compared on a topic, the topic's title ("Launch process, for Sales" for a row of a
    /// question asked for several functions); else its id's words ("change fail rate"), which
    /// tell apart the questions that share a topic; a topic's title for a topic's id.
    pub fn about(&self, id: &str) -> String {
        let words = |id: &str| id.rsplit('.').next().unwrap_or(id).replace('-', " ");
        if let Some((_, q)) = self.question(id) {
            let topic = q.topic.as_deref().filter(|_| q.stance.is_some_and(|s| s.is_compared()));
            let on = topic.and_then(|t| self.topic(t)).map_or_else(|| words(&q.id), |t| t.title.clone());
            let name = |f: &String| self.bank(f).map_or_else(|| f.clone(), |b| b.title.clone());
            let row = q.group.as_ref().and(q.to.first()).map(|f| format!(", for {}", name(f))).unwrap_or_default();
            return format!("{on}{row}");
        }
        self.topic(id).map_or_else(|| words(id), |t| t.title.clone())
    }

    /// A question some bank retired, with that bank: its answers are shown under its old text.
    pub fn retired(&self, id: &str) -> Option<(&Bank, &crate::bank::Retired)> {
        self.banks.iter().find_map(|b| b.retired(id).map(|r| (b, r)))
    }

    /// Every topic's plan, in the catalog's topic order (one per topic, communicated or not).
    pub fn plans(&self) -> &[TopicPlan] {
        &self.plan.topics
    }

    /// One topic's plan: who says they communicated it, and who receives it.
    pub fn plan(&self, topic_id: &str) -> Option<&TopicPlan> {
        self.plan.by_id.get(topic_id).map(|&t| &self.plan.topics[t])
    }

    /// The index of `bank`'s anchor question in the bank.
    pub fn anchor_index(&self, bank: usize) -> Option<usize> {
        *self.plan.anchors.get(bank)?
    }

    /// The question at a place a plan names.
    pub fn at(&self, at: QuestionAt) -> &Question {
        &self.banks[at.bank].questions[at.question]
    }

    /// The banks that receive any topic, in bank order: the divergence matrix's columns.
    pub fn receiving(&self) -> impl Iterator<Item = &Bank> {
        self.plan.receivers.iter().map(|&b| &self.banks[b])
    }
}

fn source_name(source: &BankSource) -> String {
    match source {
        BankSource::Embedded => "(embedded banks)".into(),
        BankSource::Dir(d) => d.display().to_string(),
    }
}
