//! What every reading reads — the session, its banks, its divergence matrix — with what they
//! all need worked out once: each interview's label and where it sits. A large session's
//! readings name thousands of answers; labelling each answer anew cost a third of the diagnosis.

use std::collections::HashMap;
use std::sync::Arc;

use crate::bank::{Bank, Catalog, Question};
use crate::divergence::Divergence;
use crate::session::Session;

pub struct Sources<'a> {
    pub session: &'a Session,
    pub catalog: &'a Catalog,
    pub matrix: Divergence,
    /// Every DORA figure, banded.
    pub dora: Vec<crate::dora::MetricReading>,
    /// Each interview's label ("Engineering #1 — Ravi, Head of Platform"), by index.
    labels: Vec<Arc<str>>,
    /// The interviews of each function, in session order.
    by_function: HashMap<&'a str, Vec<usize>>,
    /// Where each interview id sits.
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Sources<'a> {
    pub fn new(session: &'a Session, catalog: &'a Catalog) -> Sources<'a> {
        let mut by_function: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, interview) in session.interviews.iter().enumerate() {
            by_function.entry(interview.function.as_str()).or_default().push(index);
        }
        let title_of = |f: &str| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone());
        let labels = session.labels(title_of).into_iter().map(Arc::from).collect();
        let by_id = session.interviews.iter().enumerate().map(|(n, i)| (i.id.as_str(), n)).collect();
        let (matrix, dora) = (crate::divergence::matrix(session, catalog), crate::dora::readings(session, catalog));
        Sources { session, catalog, matrix, dora, labels, by_function, by_id }
    }

    /// The interviews of `bank`'s function, each with its label.
    pub fn labelled(&self, bank: &Bank) -> impl Iterator<Item = (usize, Arc<str>)> + '_ {
        let of = self.by_function.get(bank.function.as_str()).map_or(&[][..], Vec::as_slice);
        of.iter().map(|&index| (index, self.labels[index].clone()))
    }

    /// Interview `index`'s label.
    pub fn label(&self, index: usize) -> Arc<str> {
        self.labels[index].clone()
    }

    /// Where the interview with this id sits.
    pub fn index_of(&self, interview: &str) -> Option<usize> {
        self.by_id.get(interview).copied()
    }

    /// `question` as asked in this engagement (its launch named), and what it asked about.
    pub fn asked(&self, question: &Question) -> Asked {
        Asked {
            text: Arc::from(crate::bank::fill(&question.text, &self.session.case_text().case())),
            about: Arc::from(self.catalog.about(&question.id)),
        }
    }
}

/// A question as asked, shared by every interview's answer to it.
#[derive(Debug, Clone)]
pub struct Asked {
    pub text: Arc<str>,
    /// What it asked about in a client's words ("Launch process, for Sales"), for naming an
    /// answer in a sentence without the question's id.
    pub about: Arc<str>,
}
