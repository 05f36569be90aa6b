//! DORA performance bands for the delivery-performance answers of an engineering interview.
//!
//! The thresholds are the software delivery performance clusters of DORA's *Accelerate State of
//! DevOps Report 2024* ([`SOURCE`]), kept as data in [`METRICS`] so the report can print them.
//!
//! **The rule.** An answer's band is the best cluster (Elite > High > Medium > Low) whose typical
//! value the answer meets or beats; an answer that meets none is [`Band::BelowLow`]. A metric
//! DORA published no cluster values for gets [`Band::NoPublishedBand`] whatever the answer.
//!
//! - Percentages (change fail rate) compare as numbers: an answer meets a cluster when it is at
//!   or below the cluster's rate. The 2024 clusters are not monotonic (Medium 10% is better than
//!   High 20%), so by the rule 8% is High, not Medium: High is the best cluster it meets.
//! - The time-based metrics are ordinal `choice` questions in DORA's six-option quick-check form.
//!   Each option is matched by its position in the bank (index 0 the worst option, 5 the best),
//!   never by its label, so rewording an option does not move a band; a question that no longer
//!   has six options gets no band. Each option and each cluster's typical value is read at its
//!   slow end, in hours: one hour 1, one day 24, one week 168, one month 730, six months 4380,
//!   more than six months ∞. For deployment frequency that is the longest wait between two
//!   deployments, and "on demand (several deploys a day)" counts as at most 12 hours. An answer
//!   meets a cluster when its slow end is no slower than the cluster's: "between one hour and one
//!   day" meets a lead time of "less than one day" (Elite) but not a recovery time of "less than
//!   one hour" (so High); "between once an hour and once a day" beats High's "between once a day
//!   and once a week" but does not reach "several deploys a day", so it is High.

use serde::Serialize;

use crate::bank::{Catalog, Question};
use crate::session::{Answer, AnswerState, AnswerValue, Session};

/// The report whose clusters the bands use.
pub const SOURCE: &str = "Accelerate State of DevOps Report 2024 (DORA)";

/// A performance band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    Elite,
    High,
    Medium,
    Low,
    /// Meets none of the clusters' typical values.
    BelowLow,
    /// DORA published no cluster values for the metric.
    NoPublishedBand,
}

impl Band {
    /// The four clusters, best first.
    pub const CLUSTERS: [Band; 4] = [Band::Elite, Band::High, Band::Medium, Band::Low];

    pub fn name(self) -> &'static str {
        match self {
            Band::Elite => "Elite",
            Band::High => "High",
            Band::Medium => "Medium",
            Band::Low => "Low",
            Band::BelowLow => "below Low",
            Band::NoPublishedBand => "no published band",
        }
    }
}

/// How a metric's answers are compared with the clusters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "measure")]
pub enum Measure {
    /// A `choice` question: the slow end, in hours, of each option by its index, worst first.
    Ordinal { slow_end_hours: [f64; 6] },
    /// A `number` question in %.
    Percent,
}

/// One cluster's typical value for one metric: as DORA words it, and as compared.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Threshold {
    pub text: &'static str,
    /// Hours (slow end) for an ordinal metric, % for a percentage; lower is better.
    pub limit: f64,
}

/// One of DORA's delivery metrics, tied to the bank question that asks it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metric {
    /// The display name.
    pub name: &'static str,
    pub question_id: &'static str,
    pub measure: Measure,
    /// The typical values of Elite, High, Medium and Low, in that order; None when DORA
    /// published none.
    pub clusters: Option<[Threshold; 4]>,
}

const HOUR: f64 = 1.0;
const SEVERAL_A_DAY: f64 = 12.0;
const DAY: f64 = 24.0;
const WEEK: f64 = 7.0 * DAY;
const MONTH: f64 = 730.0;
const SIX_MONTHS: f64 = 6.0 * MONTH;
const NEVER: f64 = f64::INFINITY;

/// The slow ends of the six duration options (lead time, recovery time), worst first:
/// more than six months · one to six months · one week to one month · one day to one week ·
/// one hour to one day · less than one hour.
const DURATION_OPTIONS: [f64; 6] = [NEVER, SIX_MONTHS, MONTH, WEEK, DAY, HOUR];

const fn t(text: &'static str, limit: f64) -> Threshold {
    Threshold { text, limit }
}

/// The five metrics, in DORA's order, with the 2024 clusters.
pub const METRICS: [Metric; 5] = [
    Metric {
        name: "Deployment frequency",
        question_id: "engineering.deployment-frequency",
        // fewer than once every six months · once a month to once every six months · once a week
        // to once a month · once a day to once a week · once an hour to once a day · on demand
        measure: Measure::Ordinal { slow_end_hours: [NEVER, SIX_MONTHS, MONTH, WEEK, DAY, SEVERAL_A_DAY] },
        clusters: Some([
            t("On demand (several deploys a day)", SEVERAL_A_DAY),
            t("Between once a day and once a week", WEEK),
            t("Between once a week and once a month", MONTH),
            t("Between once a month and once every six months", SIX_MONTHS),
        ]),
    },
    Metric {
        name: "Change lead time",
        question_id: "engineering.change-lead-time",
        measure: Measure::Ordinal { slow_end_hours: DURATION_OPTIONS },
        clusters: Some([
            t("Less than one day", DAY),
            t("Between one day and one week", WEEK),
            t("Between one week and one month", MONTH),
            t("Between one month and six months", SIX_MONTHS),
        ]),
    },
    Metric {
        name: "Change fail rate",
        question_id: "engineering.change-fail-rate",
        measure: Measure::Percent,
        clusters: Some([t("5%", 5.0), t("20%", 20.0), t("10%", 10.0), t("40%", 40.0)]),
    },
    Metric {
        name: "Failed deployment recovery time",
        question_id: "engineering.failed-deployment-recovery-time",
        measure: Measure::Ordinal { slow_end_hours: DURATION_OPTIONS },
        clusters: Some([
            t("Less than one hour", HOUR),
            t("Less than one day", DAY),
            t("Less than one day", DAY),
            t("Between one week and one month", MONTH),
        ]),
    },
    Metric {
        name: "Deployment rework rate",
        question_id: "engineering.deployment-rework-rate",
        measure: Measure::Percent,
        // Introduced in the 2024 report, without cluster values.
        clusters: None,
    },
];

/// The metric asked by a question, if any.
pub fn metric(question_id: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.question_id == question_id)
}

impl Metric {
    /// The band of a value in the metric's comparison unit (hours or %); None for a value that
    /// cannot be placed (not a number, negative).
    pub fn band_of(&self, value: f64) -> Option<Band> {
        if value.is_nan() || value < 0.0 {
            return None;
        }
        let Some(clusters) = &self.clusters else { return Some(Band::NoPublishedBand) };
        let met = Band::CLUSTERS.iter().zip(clusters).find(|(_, t)| value <= t.limit).map(|(b, _)| *b);
        Some(met.unwrap_or(Band::BelowLow))
    }

    /// The band of an answer to the metric's question; None unless it is answered with a value
    /// the metric can place.
    pub fn band(&self, question: &Question, answer: &Answer) -> Option<Band> {
        if answer.state != AnswerState::Answered {
            return None;
        }
        match (self.measure, answer.value.as_ref()?) {
            (Measure::Ordinal { slow_end_hours }, AnswerValue::Choice { option }) => {
                if question.options.len() != slow_end_hours.len() {
                    return None;
                }
                self.band_of(slow_end_hours[question.option_index(option)?])
            }
            (Measure::Percent, AnswerValue::Number { value }) => self.band_of(*value),
            _ => None,
        }
    }
}

/// One metric as one engineering interview answered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricReading {
    /// The metric's display name.
    pub metric: &'static str,
    pub question_id: &'static str,
    /// The interview's id.
    pub interview: String,
    /// Who was interviewed, as one line.
    pub who: String,
    pub state: AnswerState,
    /// The answer as the interviewee gave it, when answered.
    pub answer: Option<String>,
    /// None when not answered (or answered with a value the bank no longer offers).
    pub band: Option<Band>,
    /// Where the figure came from, when the interviewer recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::session::Source>,
}

/// Every metric for every interview of the function whose bank asks it, interviews in session
/// order and metrics in DORA's order. Metrics the catalog does not ask are left out.
pub fn readings(session: &Session, catalog: &Catalog) -> Vec<MetricReading> {
    let session = &*session.accounts();
    let asked: Vec<_> = METRICS
        .iter()
        .filter_map(|m| catalog.question(m.question_id).map(|(bank, q)| (m, bank.function.as_str(), q)))
        .collect();
    let mut out = Vec::new();
    let labels = session.labels(|f| catalog.bank(f).map_or_else(|| f.to_string(), |b| b.title.clone()));
    for (interview, who) in session.interviews.iter().zip(labels) {
        for (metric, _, question) in asked.iter().filter(|(_, function, _)| *function == interview.function) {
            let answer = interview.answer(metric.question_id);
            let state = answer.map(|a| a.state).unwrap_or_default();
            out.push(MetricReading {
                metric: metric.name,
                question_id: metric.question_id,
                interview: interview.id.clone(),
                who: who.clone(),
                state,
                answer: answer.filter(|a| a.state == AnswerState::Answered).and_then(|a| a.value_text(question)),
                band: answer.and_then(|a| metric.band(question, a)),
                source: answer.and_then(|a| a.source),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    const FREQUENCY: &str = "engineering.deployment-frequency";
    const LEAD_TIME: &str = "engineering.change-lead-time";
    const FAIL_RATE: &str = "engineering.change-fail-rate";
    const RECOVERY: &str = "engineering.failed-deployment-recovery-time";
    const REWORK: &str = "engineering.deployment-rework-rate";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
    }

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
    }

    fn question<'a>(catalog: &'a Catalog, id: &str) -> &'a Question {
        catalog.question(id).map(|(_, q)| q).unwrap_or_else(|| panic!("{id} is not in the embedded banks"))
    }

    /// The band of the option at `index` of an embedded choice question.
    fn choice_band(catalog: &Catalog, id: &str, index: usize) -> Option<Band> {
        let q = question(catalog, id);
        let mut a = Answer::default();
        a.set_value(AnswerValue::Choice { option: q.options[index].label.clone() }, now());
        metric(id).unwrap().band(q, &a)
    }

    fn number_band(catalog: &Catalog, id: &str, value: f64) -> Option<Band> {
        let mut a = Answer::default();
        a.set_value(AnswerValue::Number { value }, now());
        metric(id).unwrap().band(question(catalog, id), &a)
    }

    #[test]
    fn every_metric_is_asked_by_the_embedded_engineering_bank() {
        let c = catalog();
        for m in &METRICS {
            let (bank, q) = c.question(m.question_id).unwrap_or_else(|| panic!("{} missing", m.question_id));
            assert_eq!(bank.function, "engineering");
            match m.measure {
                Measure::Ordinal { .. } => assert_eq!(q.options.len(), 6, "{}", m.question_id),
                Measure::Percent => assert_eq!(q.unit.as_deref(), Some("%"), "{}", m.question_id),
            }
        }
    }

    #[test]
    fn ordinal_options_map_by_index() {
        use Band::*;
        let c = catalog();
        // Index 0 is the worst option, 5 the best.
        let table: [(&str, [Band; 6]); 3] = [
            (FREQUENCY, [BelowLow, Low, Medium, High, High, Elite]),
            (LEAD_TIME, [BelowLow, Low, Medium, High, Elite, Elite]),
            (RECOVERY, [BelowLow, BelowLow, Low, Low, High, Elite]),
        ];
        for (id, bands) in table {
            for (index, band) in bands.into_iter().enumerate() {
                assert_eq!(choice_band(&c, id, index), Some(band), "{id} option {index}");
            }
        }
    }

    #[test]
    fn bands_follow_the_option_position_not_its_wording() {
        let mut c = catalog();
        let q = c.banks.iter_mut().flat_map(|b| &mut b.questions).find(|q| q.id == LEAD_TIME).unwrap();
        q.options[4].label = "Same day".into();
        assert_eq!(choice_band(&c, LEAD_TIME, 4), Some(Band::Elite));
    }

    #[test]
    fn a_choice_question_without_six_options_gets_no_band() {
        let mut c = catalog();
        let q = c.banks.iter_mut().flat_map(|b| &mut b.questions).find(|q| q.id == FREQUENCY).unwrap();
        q.options.pop();
        assert_eq!(choice_band(&c, FREQUENCY, 4), None);
    }

    #[test]
    fn percentages_take_the_best_cluster_they_meet() {
        use Band::*;
        let c = catalog();
        let table: &[(&str, f64, Option<Band>)] = &[
            (FAIL_RATE, 0.0, Some(Elite)),
            (FAIL_RATE, 5.0, Some(Elite)),
            (FAIL_RATE, 5.5, Some(High)),
            (FAIL_RATE, 8.0, Some(High)),
            // Meets Medium (10%) but also High (20%), the better cluster.
            (FAIL_RATE, 10.0, Some(High)),
            (FAIL_RATE, 15.0, Some(High)),
            (FAIL_RATE, 20.0, Some(High)),
            (FAIL_RATE, 20.5, Some(Low)),
            (FAIL_RATE, 40.0, Some(Low)),
            (FAIL_RATE, 40.1, Some(BelowLow)),
            (FAIL_RATE, 100.0, Some(BelowLow)),
            (FAIL_RATE, -1.0, None),
            (FAIL_RATE, f64::NAN, None),
            (REWORK, 0.0, Some(NoPublishedBand)),
            (REWORK, 12.0, Some(NoPublishedBand)),
            (REWORK, 90.0, Some(NoPublishedBand)),
        ];
        for (id, value, band) in table {
            assert_eq!(number_band(&c, id, *value), *band, "{id} at {value}");
        }
    }

    #[test]
    fn medium_is_never_reached_where_it_is_no_stricter_than_high() {
        // A property of the 2024 clusters, not of the code: kept visible so nobody "fixes" it.
        for id in [FAIL_RATE, RECOVERY] {
            let m = metric(id).unwrap();
            let [_, high, medium, _] = m.clusters.unwrap();
            assert!(medium.limit <= high.limit, "{id}");
        }
    }

    #[test]
    fn unanswered_skipped_and_mismatched_answers_have_no_band() {
        let c = catalog();
        let q = question(&c, FREQUENCY);
        let m = metric(FREQUENCY).unwrap();
        assert_eq!(m.band(q, &Answer::default()), None, "not asked");
        let mut a = Answer::default();
        a.set_value(AnswerValue::Choice { option: q.options[5].label.clone() }, now());
        a.toggle_state(AnswerState::Skipped, now());
        assert_eq!(m.band(q, &a), None, "skipped keeps its value but has no band");
        let mut dk = Answer::default();
        dk.toggle_state(AnswerState::DontKnow, now());
        assert_eq!(m.band(q, &dk), None, "don't know");
        let mut gone = Answer::default();
        gone.set_value(AnswerValue::Choice { option: "An option the bank dropped".into() }, now());
        assert_eq!(m.band(q, &gone), None, "unknown label");
        let mut wrong = Answer::default();
        wrong.set_value(AnswerValue::Number { value: 3.0 }, now());
        assert_eq!(m.band(q, &wrong), None, "number for a choice");
    }

    #[test]
    fn readings_cover_every_engineering_interview() {
        let c = catalog();
        let mut s = Session::new("s".into(), "Org".into(), None, now());
        let sales = s.add_interview("sales", "1.0.0", now());
        s.interviews[sales].answer_mut(FAIL_RATE).set_value(AnswerValue::Number { value: 1.0 }, now());
        let first = s.add_interview("engineering", "1.0.0", now());
        let second = s.add_interview("engineering", "1.0.0", now());
        s.interviews[first].id = "engineering-1".into();
        s.interviews[second].id = "engineering-2".into();
        s.interviews[first].interviewee = Some("Sam Chen".into());
        let frequency = question(&c, FREQUENCY).options[3].label.clone();
        let e = &mut s.interviews[first];
        e.answer_mut(FREQUENCY).set_value(AnswerValue::Choice { option: frequency.clone() }, now());
        e.answer_mut(FAIL_RATE).set_value(AnswerValue::Number { value: 8.0 }, now());
        e.answer_mut(RECOVERY).toggle_state(AnswerState::Skipped, now());
        e.answer_mut(REWORK).set_value(AnswerValue::Number { value: 12.5 }, now());
        s.interviews[second].answer_mut(FAIL_RATE).set_value(AnswerValue::Number { value: 45.0 }, now());

        let r = readings(&s, &c);
        assert_eq!(r.len(), 10, "five metrics for each of the two engineering interviews, none for sales");
        let got: Vec<(&str, &str, Option<&str>, Option<Band>)> =
            r.iter().map(|r| (r.interview.as_str(), r.metric, r.answer.as_deref(), r.band)).collect();
        assert_eq!(
            got,
            [
                ("engineering-1", "Deployment frequency", Some(frequency.as_str()), Some(Band::High)),
                ("engineering-1", "Change lead time", None, None),
                ("engineering-1", "Change fail rate", Some("8 %"), Some(Band::High)),
                ("engineering-1", "Failed deployment recovery time", None, None),
                ("engineering-1", "Deployment rework rate", Some("12.5 %"), Some(Band::NoPublishedBand)),
                ("engineering-2", "Deployment frequency", None, None),
                ("engineering-2", "Change lead time", None, None),
                ("engineering-2", "Change fail rate", Some("45 %"), Some(Band::BelowLow)),
                ("engineering-2", "Failed deployment recovery time", None, None),
                ("engineering-2", "Deployment rework rate", None, None),
            ]
        );
        assert_eq!(r[0].who, "Engineering #1 — Sam Chen");
        assert_eq!(r[3].state, AnswerState::Skipped);
        assert_eq!(r[1].state, AnswerState::NotAsked);
    }

    #[test]
    fn no_engineering_interview_no_readings() {
        let c = catalog();
        let mut s = Session::new("s".into(), "Org".into(), None, now());
        s.add_interview("product", "1.0.0", now());
        assert!(readings(&s, &c).is_empty());
    }

    #[test]
    fn bands_serialise_in_kebab_case() {
        assert_eq!(serde_json::to_string(&Band::BelowLow).unwrap(), r#""below-low""#);
        assert_eq!(serde_json::to_string(&Band::NoPublishedBand).unwrap(), r#""no-published-band""#);
    }
}
