use super::*;

#[test]
fn quartiles_interpolate_between_ranks_as_numpy_does() {
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) -> 1.75, 2.5, 3.25
    let d = Distribution::of(vec![4.0, 1.0, 3.0, 2.0]).unwrap();
    assert_eq!((d.n, d.min, d.q1, d.median, d.q3, d.max), (4, 1.0, 1.75, 2.5, 3.25, 4.0));
    // numpy.percentile([10, 20, 40, 80, 160], [25, 50, 75]) -> 20, 40, 80
    let d = Distribution::of(vec![160.0, 10.0, 40.0, 20.0, 80.0]).unwrap();
    assert_eq!((d.q1, d.median, d.q3), (20.0, 40.0, 80.0));
    let one = Distribution::of(vec![7.0]).unwrap();
    assert_eq!((one.n, one.q1, one.median, one.q3), (1, 7.0, 7.0, 7.0));
    assert_eq!(Distribution::of(Vec::new()), None);
}

#[test]
fn an_engagement_is_placed_only_among_enough_others() {
    let four = [10.0, 20.0, 30.0, 40.0];
    assert_eq!(place(35.0, &four, MIN_ENGAGEMENTS), None);
    let nine = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0];
    assert_eq!(place(75.0, &nine, MIN_ENGAGEMENTS), Some(Placement { higher_than: 7, of: 9 }));
    assert_eq!(place(35.0, &four, 4), Some(Placement { higher_than: 3, of: 4 }));
}

#[test]
fn norms_over_engagements_count_each_once_and_name_no_one_unless_asked() {
    let catalog = Catalog::embedded().unwrap();
    let demo = crate::testing::demo();
    let mut other = demo.clone();
    other.organisation = "Other Client Ltd".into();
    for a in other.interviews.iter_mut().flat_map(|i| i.answers.values_mut()) {
        if let Some(crate::session::AnswerValue::Scale { value }) = a.value.as_mut() {
            *value = (*value + 1).min(4);
        }
    }
    let figures = vec![figures(&demo, &catalog), figures(&other, &catalog)];
    let n = norms(&figures, false);
    assert_eq!(n.engagements, 2);
    assert_eq!(n.organisations, None);
    let gap = n.gap_index.unwrap();
    assert_eq!(gap.n, 2);
    assert!(gap.min < gap.max, "{gap:?}");
    assert!(n.cells.iter().any(|c| c.level.is_some_and(|l| l.n == 2)));
    assert!(n.readings.iter().all(|r| r.n == 2 && r.verdicts.iter().map(|v| v.1).sum::<usize>() == 2));
    assert!(!n.pillars.is_empty());
    let json = serde_json::to_string(&n).unwrap();
    assert!(!json.contains("Corvane") && !json.contains("Other Client") && !json.contains("Marcus"), "{json}");
    assert_eq!(norms(&figures, true).organisations.unwrap(), vec!["Corvane Analytics (demo)", "Other Client Ltd"]);
}
