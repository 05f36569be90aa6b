//! The interview guide, the banks to customise, shell completions and the man page, through
//! the built binary.

use std::process::{Command as Std, Stdio};

use assert_cmd::Command;

fn crosscheck() -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_guide_lists_every_question_with_its_probes_and_what_a_strong_answer_shows() {
    let catalog = crosscheck::bank::Catalog::embedded().unwrap();
    let bank = catalog.bank("sales").unwrap();
    for (format, heading) in [("text", "SALES"), ("md", "# Sales")] {
        let text = stdout(crosscheck().args(["banks", "show", "sales", "--format", format]));
        assert!(text.contains(heading), "{format}: {}", &text[..200.min(text.len())]);
        // How long it takes, must-ask and whole, in the guide's opening lines.
        let (must, whole) = bank.lengths();
        let length = format!("the must-ask set, {} questions, about {} min", must.questions, must.minutes());
        assert!(text.contains(&length) && text.contains(&format!("the whole bank, {} questions", whole.questions)));
        // What an Operations engagement asks of it, said first: the default scope.
        let operations = catalog.in_scope(&crosscheck::bank::Scope::default());
        let (ops_must, _) = operations.bank("sales").unwrap().lengths();
        let ops = format!("in an Operations engagement: the must-ask set, {} questions", ops_must.questions);
        assert!(text.contains(&ops) && ops_must.questions < must.questions, "{ops}");
        for q in &bank.questions {
            // Read as before a launch is named: the guide has no engagement.
            let plain = crosscheck::bank::fill(&q.text, &crosscheck::bank::Case::default()).into_owned();
            let shown = if format == "md" { crosscheck::report::markdown::text(&plain) } else { plain };
            assert!(text.contains(&shown), "{format}: {} missing", q.id);
            for p in &q.probes {
                assert!(
                    text.contains("Probe:") && text.contains(p.split(' ').next().unwrap()),
                    "{format}: probe of {}",
                    q.id
                );
            }
        }
        assert!(
            text.matches("A strong answer:").count()
                >= bank.questions.iter().filter(|q| !q.evidence.is_empty()).count()
        );
        // Reverse-scored questions say which way is better (review C-7), and only they do.
        let reversed = bank.questions.iter().filter(|q| q.lower_is_better).count();
        assert!(reversed >= 2, "sales has reverse-scored questions");
        assert_eq!(text.matches("(lower is better)").count(), reversed, "{format}");
    }
    let out = crosscheck().args(["banks", "show", "finance"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the banks in force: leadership, product, sales"));
}

#[test]
fn init_writes_banks_that_validate_and_load_unchanged_and_never_replaces_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("banks");
    crosscheck().args(["banks", "init"]).arg(&dir).assert().success();
    let validated = stdout(crosscheck().args(["banks", "validate"]).arg(&dir));
    assert!(validated.contains("no problems"), "{validated}");
    let ours = crosscheck::bank::Catalog::load_dir(&dir).unwrap();
    let built_in = crosscheck::bank::Catalog::embedded().unwrap();
    // In the same order, so the same bank stands first on every shared fact.
    assert!(ours.banks == built_in.banks, "the same banks as the built-in ones, in their order");
    assert!(ours.topics == built_in.topics, "and the same topics");
    assert!(ours.plans() == built_in.plans(), "and the same pairs");
    let listed = stdout(crosscheck().arg("--banks").arg(&dir).args(["banks", "list"]));
    assert!(listed.contains("Customer Success"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("sales.json")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    std::fs::write(dir.join("sales.json"), "{ my edits }").unwrap();
    let out = crosscheck().args(["banks", "init"]).arg(&dir).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("never replaces"));
    assert_eq!(std::fs::read_to_string(dir.join("sales.json")).unwrap(), "{ my edits }");
}

#[test]
fn completions_and_the_man_page_come_from_the_commands() {
    for (shell, marker) in [
        ("bash", "_crosscheck()"),
        ("zsh", "#compdef crosscheck"),
        ("fish", "complete -c crosscheck"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let text = stdout(crosscheck().args(["completions", shell]));
        assert!(text.contains(marker), "{shell}");
        assert!(text.contains("merge-driver") && text.contains("divergence"), "{shell} completes the commands");
    }
    let man = stdout(crosscheck().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH crosscheck 1"), "{}", &man[..100]);
    for command in ["IMPORT", "MERGE", "MERGE-DRIVER", "BANKS"] {
        assert!(man.contains(&format!("CROSSCHECK {command}")), "{command}");
    }
    // Read by a man reader that is not ours, where there is one.
    if Std::new("man").arg("--version").output().is_ok() {
        let mut child = Std::new("man")
            .args(["-l", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), man.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("NAME"));
    }
}

#[test]
fn a_reader_that_stops_early_is_not_a_failure() {
    for args in [
        vec!["banks", "list"],
        vec!["banks", "show", "product"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["--demo", "report", "demo-corvane-analytics"],
    ] {
        let mut child = Std::new(assert_cmd::cargo::cargo_bin("crosscheck"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe at once, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
    }
}
