//! Norms: how the headline figures spread over the consultant's own engagements, always with
//! how many there are. Each engagement is read once into its [`Figures`] (only numbers and
//! verdicts are kept, so two hundred engagements fit in little memory); the norms are their
//! distributions. No organisation or interviewee is named unless asked for.

mod among;

use std::path::PathBuf;

use serde::Serialize;

pub use among::{Among, Placed};

use crate::bank::Catalog;
use crate::session::Session;
use crate::storage::{Listed, StorageError, Store};

/// Below this many engagements, an engagement is not placed among the others (the norms are
/// still shown, with their n).
pub const MIN_ENGAGEMENTS: usize = 5;

/// What one engagement contributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub engagement: String,
    pub organisation: String,
    pub gap_index: Option<f64>,
    pub readiness: Option<f64>,
    /// Per topic and receiving function: the received level and the gap, in scale points.
    pub cells: Vec<CellFigure>,
    /// Per DORA metric: the band of its first reading with one.
    pub dora: Vec<(String, String)>,
    /// Per reading (by title): its verdict.
    pub readings: Vec<(String, String)>,
    /// Per pillar in scope: its level.
    pub pillars: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellFigure {
    pub topic: String,
    pub title: String,
    pub function: String,
    pub level: Option<f64>,
    pub gap: Option<f64>,
}

/// One engagement's figures.
pub fn figures(session: &Session, catalog: &Catalog) -> Figures {
    let matrix = crate::divergence::matrix(session, catalog);
    let diagnosis = crate::diagnosis::diagnose(session, &catalog.in_scope(&session.scope));
    let cells = matrix
        .topics
        .iter()
        .flat_map(|t| {
            t.cells.iter().map(|c| CellFigure {
                topic: t.topic.clone(),
                title: t.title.clone(),
                function: c.received.function.clone(),
                level: c.received.score_points,
                gap: c.gap_points,
            })
        })
        .collect();
    let mut dora: Vec<(String, String)> = Vec::new();
    for r in crate::dora::readings(session, catalog) {
        if let Some(band) = r.band.filter(|_| !dora.iter().any(|(m, _)| m == r.metric)) {
            dora.push((r.metric.to_string(), band.name().to_string()));
        }
    }
    Figures {
        engagement: session.engagement_id().to_string(),
        organisation: session.organisation.clone(),
        gap_index: matrix.gap_index,
        readiness: matrix.readiness,
        cells,
        dora,
        readings: diagnosis.readings.iter().map(|r| (r.title.to_string(), r.verdict.clone())).collect(),
        pillars: diagnosis
            .pillars
            .iter()
            .filter(|p| p.in_scope)
            .map(|p| (p.pillar.name().to_string(), p.level_words().to_string()))
            .collect(),
    }
}

/// The figures of every session of `store`, read on every core, and the files that could not
/// be read; one figure per engagement, in the order of their ids.
pub fn of_store(store: &Store, catalog: &Catalog) -> Result<(Vec<Figures>, Vec<PathBuf>), StorageError> {
    let read = store.read_all(catalog, |listed| match listed {
        Listed::Session(s) => Ok(figures(&s, catalog)),
        Listed::Unreadable { file, .. } => Err(file),
    })?;
    let (mut figures, mut unread): (Vec<Figures>, Vec<PathBuf>) = (Vec::new(), Vec::new());
    for r in read {
        match r {
            Ok(f) => figures.push(f),
            Err(file) => unread.push(file),
        }
    }
    unread.sort();
    one_each(&mut figures);
    Ok((figures, unread))
}

/// In a stable order, whatever order a folder lists its entries in; one engagement once,
/// whichever copy comes first (a transcript of a session already here).
pub fn one_each(figures: &mut Vec<Figures>) {
    figures.sort_by(|a, b| a.engagement.cmp(&b.engagement));
    figures.dedup_by(|a, b| a.engagement == b.engagement);
}

/// How a figure spreads over the engagements that have it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Distribution {
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

impl Distribution {
    /// Quartiles by linear interpolation between the closest ranks (numpy's default, and
    /// Hyndman and Fan's type 7); None without values.
    pub fn of(mut values: Vec<f64>) -> Option<Distribution> {
        values.retain(|v| v.is_finite());
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let at = |p: f64| {
            let h = (n - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            values[lo] + (h - lo as f64) * (values[hi] - values[lo])
        };
        (n > 0).then(|| Distribution {
            n,
            min: values[0],
            q1: at(0.25),
            median: at(0.5),
            q3: at(0.75),
            max: values[n - 1],
        })
    }
}

/// Where one value stands among the engagements' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// How many of the others are lower, and how many there are.
    pub higher_than: usize,
    pub of: usize,
}

/// `value` among `others`, when there are at least `min` of them.
pub fn place(value: f64, others: &[f64], min: usize) -> Option<Placement> {
    (others.len() >= min)
        .then(|| Placement { higher_than: others.iter().filter(|&&o| o < value).count(), of: others.len() })
}

/// How often each verdict was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    pub about: String,
    pub n: usize,
    /// Each verdict and how many engagements reached it, most frequent first.
    pub verdicts: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellNorm {
    pub topic: String,
    pub title: String,
    pub function: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Distribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<Distribution>,
}

/// The norms over a set of engagements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Norms {
    pub engagements: usize,
    /// The organisations, only when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisations: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_index: Option<Distribution>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness: Option<Distribution>,
    pub cells: Vec<CellNorm>,
    pub dora: Vec<Counts>,
    pub readings: Vec<Counts>,
    pub pillars: Vec<Counts>,
}

/// The norms of `figures`, one per engagement; `names`: list the organisations.
pub fn norms(figures: &[Figures], names: bool) -> Norms {
    let mut cells: Vec<CellNorm> = Vec::new();
    let mut keys: Vec<(&str, &str, &str)> = Vec::new();
    for c in figures.iter().flat_map(|f| &f.cells) {
        if !keys.contains(&(c.topic.as_str(), c.function.as_str(), c.title.as_str())) {
            keys.push((&c.topic, &c.function, &c.title));
        }
    }
    for (topic, function, title) in keys {
        let of = |get: fn(&CellFigure) -> Option<f64>| {
            let values = figures.iter().flat_map(|f| &f.cells).filter(|c| c.topic == topic && c.function == function);
            Distribution::of(values.filter_map(get).collect())
        };
        cells.push(CellNorm {
            topic: topic.to_string(),
            title: title.to_string(),
            function: function.to_string(),
            level: of(|c| c.level),
            gap: of(|c| c.gap),
        });
    }
    Norms {
        engagements: figures.len(),
        organisations: names.then(|| figures.iter().map(|f| f.organisation.clone()).collect()),
        gap_index: Distribution::of(figures.iter().filter_map(|f| f.gap_index).collect()),
        readiness: Distribution::of(figures.iter().filter_map(|f| f.readiness).collect()),
        cells,
        dora: counts(figures, |f| &f.dora),
        readings: counts(figures, |f| &f.readings),
        pillars: counts(figures, |f| &f.pillars),
    }
}

/// For each thing `of` names, how many engagements reached each verdict on it.
fn counts(figures: &[Figures], of: fn(&Figures) -> &Vec<(String, String)>) -> Vec<Counts> {
    let mut out: Vec<Counts> = Vec::new();
    for (about, verdict) in figures.iter().flat_map(of) {
        let i = match out.iter().position(|c| &c.about == about) {
            Some(i) => i,
            None => {
                out.push(Counts { about: about.clone(), n: 0, verdicts: Vec::new() });
                out.len() - 1
            }
        };
        let c = &mut out[i];
        c.n += 1;
        match c.verdicts.iter_mut().find(|(v, _)| v == verdict) {
            Some((_, k)) => *k += 1,
            None => c.verdicts.push((verdict.clone(), 1)),
        }
    }
    for c in &mut out {
        c.verdicts.sort_by_key(|v| std::cmp::Reverse(v.1));
    }
    out
}

#[cfg(test)]
mod tests;
