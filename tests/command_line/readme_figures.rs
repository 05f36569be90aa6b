//! The README's figures are the binary's: the demo's matrix as printed, each bank's counts, the
//! number of topics and of shipped questions. A bank or demo change that leaves the README
//! behind fails here, with the line to write.

use crate::common::cli::{Env, run, stdout};

const README: &str = include_str!("../../README.md");

fn crosscheck(args: &[&str]) -> String {
    let out = run(Env::new().cmd().args(args));
    assert!(out.status.success(), "crosscheck {args:?} failed");
    stdout(&out)
}

/// The first fenced block after `marker`.
fn block_after(marker: &str) -> &'static str {
    let at = README.find(marker).unwrap_or_else(|| panic!("the README says {marker:?}"));
    let start = README[at..].find("```text\n").map(|i| at + i + "```text\n".len()).unwrap();
    &README[start..start + README[start..].find("```").unwrap()]
}

#[test]
fn the_demo_matrix_in_the_readme_is_the_one_the_binary_prints() {
    let printed = crosscheck(&["--demo", "divergence", "demo-corvane-analytics"]);
    let shown = block_after("`crosscheck --demo divergence demo-corvane-analytics` prints");
    assert_eq!(shown, printed, "paste the binary's output into the README");
}

/// `banks list`'s rows: function, questions (rows), sections, must-ask questions (rows). Its
/// columns are apart by two spaces or more; a title holds single spaces.
fn listed() -> Vec<(String, String, String, String)> {
    let out = crosscheck(&["banks", "list"]);
    let cells =
        |l: &str| -> Vec<String> { l.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect() };
    out.lines()
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let c = cells(l);
            (c[0].clone(), c[3].clone(), c[4].clone(), c[5].clone())
        })
        .collect()
}

#[test]
fn the_readme_bank_table_counts_what_banks_list_counts() {
    let table = README.split("\n## Question banks\n").nth(1).unwrap();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| bank") && !l.starts_with("| ---"))
        .take_while(|l| l.starts_with("| "))
        .map(|l| l.split(" | ").map(|c| c.trim_matches(['|', ' '])).collect())
        .collect();
    let listed = listed();
    assert_eq!(rows.len(), listed.len(), "one README row per bank");
    for (row, (function, questions, sections, must)) in rows.iter().zip(&listed) {
        assert_eq!(row[0], function);
        assert_eq!(row[1], questions, "{function}: questions asked (rows)");
        assert_eq!(row[2], sections, "{function}: sections");
        let must = must.split(' ').next().unwrap();
        assert_eq!(row[3].split(' ').next().unwrap(), must, "{function}: must-ask questions");
    }
}

#[test]
fn the_readme_counts_the_topics_and_shipped_questions_the_banks_hold() {
    let out = crosscheck(&["banks", "list"]);
    let topics = out.lines().find_map(|l| l.strip_prefix("Topics (")).unwrap().split(')').next().unwrap();
    assert!(README.contains(&format!("\n{topics} topics link them")), "the README says {topics} topics link them");
    // "60 (76)": the rows are the last number.
    let rows: usize = listed()
        .iter()
        .map(|(_, q, _, _)| q.trim_end_matches(')').rsplit([' ', '(']).next().unwrap().parse::<usize>().unwrap())
        .sum();
    let said = format!("The shipped banks have {rows} questions (rows)");
    assert!(README.contains(&said), "the README says: {said}");
}
