//! Krippendorff's alpha for ordinal data (Krippendorff, "Computing Krippendorff's
//! Alpha-Reliability", 2011). Chosen over weighted kappa because it takes any number of units
//! with values missing, compares captures on the 0–4 scale by rank rather than by distance
//! (a scale point is not an interval the interviewee agreed to), and corrects for the agreement
//! the values' own distribution would give by chance.

/// A unit (one question of one conversation) and the values each capture gave it. Units with
/// fewer than two values cannot be paired and are left out, as the method says.
pub type Unit = Vec<f64>;

/// Alpha over `units`, ordinal; None when there are no pairable values or every value is the
/// same (no variation to agree on: the expected disagreement is zero).
pub fn ordinal(units: &[Unit]) -> Option<f64> {
    let mut categories: Vec<f64> = units.iter().filter(|u| u.len() >= 2).flatten().copied().collect();
    categories.sort_by(f64::total_cmp);
    categories.dedup();
    let k = categories.len();
    if k < 2 {
        return None;
    }
    let index = |v: f64| categories.partition_point(|c| c.total_cmp(&v).is_lt());
    // The coincidence matrix: each ordered pair of values within a unit, weighted 1 / (m - 1).
    let mut coincidences = vec![0.0; k * k];
    for unit in units.iter().filter(|u| u.len() >= 2) {
        let weight = 1.0 / (unit.len() - 1) as f64;
        for (a, &x) in unit.iter().enumerate() {
            for (b, &y) in unit.iter().enumerate() {
                if a != b {
                    coincidences[index(x) * k + index(y)] += weight;
                }
            }
        }
    }
    let marginals: Vec<f64> = (0..k).map(|c| (0..k).map(|d| coincidences[c * k + d]).sum()).collect();
    let n: f64 = marginals.iter().sum();
    // The ordinal metric: how many values lie between two categories, halving the ends'.
    let cumulative: Vec<f64> = marginals
        .iter()
        .scan(0.0, |sum, m| {
            *sum += m;
            Some(*sum)
        })
        .collect();
    let delta = |c: usize, d: usize| {
        let (lo, hi) = (c.min(d), c.max(d));
        let between = cumulative[hi] - if lo == 0 { 0.0 } else { cumulative[lo - 1] };
        let distance = between - (marginals[lo] + marginals[hi]) / 2.0;
        distance * distance
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..k {
        for d in 0..k {
            let metric = delta(c, d);
            observed += coincidences[c * k + d] * metric;
            expected += marginals[c] * marginals[d] * metric;
        }
    }
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff's own worked example (2011, section C): four observers, twelve units, some
    /// values missing; ordinal alpha 0.815.
    #[test]
    fn the_worked_example_gives_the_published_value() {
        let units: Vec<Unit> = vec![
            vec![1.0, 1.0, 1.0],
            vec![2.0, 2.0, 3.0, 2.0],
            vec![3.0, 3.0, 3.0, 3.0],
            vec![3.0, 3.0, 3.0, 3.0],
            vec![2.0, 2.0, 2.0, 2.0],
            vec![1.0, 2.0, 3.0, 4.0],
            vec![4.0, 4.0, 4.0, 4.0],
            vec![1.0, 1.0, 2.0, 1.0],
            vec![2.0, 2.0, 2.0, 2.0],
            vec![5.0, 5.0, 5.0],
            vec![1.0, 1.0],
            vec![3.0],
        ];
        let alpha = ordinal(&units).unwrap();
        assert!((alpha - 0.815).abs() < 0.0005, "{alpha}");
    }

    #[test]
    fn perfect_agreement_is_one_and_no_variation_is_unknown() {
        assert_eq!(ordinal(&[vec![1.0, 1.0], vec![3.0, 3.0], vec![4.0, 4.0]]), Some(1.0));
        assert_eq!(ordinal(&[vec![2.0, 2.0], vec![2.0, 2.0]]), None);
        assert_eq!(ordinal(&[vec![2.0], vec![3.0]]), None);
    }

    #[test]
    fn systematic_disagreement_is_below_zero() {
        let alpha = ordinal(&[vec![0.0, 4.0], vec![4.0, 0.0], vec![1.0, 3.0], vec![3.0, 1.0]]).unwrap();
        assert!(alpha < 0.0, "{alpha}");
    }
}
