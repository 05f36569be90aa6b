//! Where one engagement stands among the consultant's other engagements: its gap index and
//! readiness against theirs, placed only once enough of them have the figure, and always with
//! how many do.

use serde::Serialize;

use super::{Figures, Placement, place};

/// One headline figure of the engagement, among the other engagements' values of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Placed {
    pub value: f64,
    /// How many other engagements have the figure.
    pub n: usize,
    /// Where it stands; None while `n` is below the threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
}

impl Placed {
    /// "higher than 7 of 9 other engagements", or, below the threshold, "not placed: 3 other
    /// engagements, 5 needed".
    pub fn words(&self, min: usize) -> String {
        match self.placement {
            Some(p) => format!("higher than {} of {} other {}", p.higher_than, p.of, engagements(p.of)),
            None => format!("not placed: {} other {}, {min} needed", self.n, engagements(self.n)),
        }
    }
}

fn engagements(n: usize) -> &'static str {
    if n == 1 { "engagement" } else { "engagements" }
}

/// An engagement's headline figures among the other engagements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Among {
    /// How many other engagements there are.
    pub others: usize,
    /// The fewest with a figure before the engagement is placed on it.
    pub min: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_index: Option<Placed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness: Option<Placed>,
}

impl Among {
    /// The engagement `engagement` (its figures among `all`, which may hold it: it is left out
    /// of its own comparison), placed where at least `min` others have the figure.
    pub fn of(engagement: &str, gap_index: Option<f64>, readiness: Option<f64>, all: &[Figures], min: usize) -> Among {
        let others: Vec<&Figures> = all.iter().filter(|f| f.engagement != engagement).collect();
        let placed = |value: Option<f64>, of: fn(&Figures) -> Option<f64>| {
            let value = value?;
            let values: Vec<f64> = others.iter().filter_map(|f| of(f)).collect();
            Some(Placed { value, n: values.len(), placement: place(value, &values, min) })
        };
        Among {
            others: others.len(),
            min,
            gap_index: placed(gap_index, |f| f.gap_index),
            readiness: placed(readiness, |f| f.readiness),
        }
    }
}
