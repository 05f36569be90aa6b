//! Every command-line path of the built binary, each with a temporary data dir. HOME and
//! XDG_DATA_HOME point into the temporary dir too, so a run that ignored `--data-dir` could
//! never touch the user's real sessions — and the tests check that nothing landed there.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const BANKS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/question-banks");
const FUNCTIONS: [&str; 6] = ["leadership", "product", "sales", "customer-success", "engineering", "operations"];

/// A temporary home for one test: `data` for sessions, `home` as the fallback that must stay empty.
struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { tmp: tempfile::tempdir().expect("a temporary dir") }
    }

    fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// The binary with no data dir given: only the fake home to fall back on.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
        cmd.env_remove("CROSSCHECK_DATA_DIR")
            .env("HOME", self.home())
            .env("XDG_DATA_HOME", self.home().join("xdg"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// The binary with `--data-dir`.
    fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--data-dir").arg(self.data());
        cmd
    }

    /// Creates a session and returns its id.
    fn new_session(&self, org: &str) -> String {
        let out = run(self.cmd().args(["new", "--org", org, "--no-open"]));
        assert_success(&out);
        stdout(&out).trim().to_string()
    }

    /// The file of a session's own fields (its interviews have a file each beside it).
    fn session_file(&self, id: &str) -> PathBuf {
        self.data().join("sessions").join(id).join("session.json")
    }

    fn assert_home_untouched(&self) {
        assert!(!self.home().exists(), "something was written to the fallback data dir {}", self.home().display());
    }
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_success(out: &Output) {
    assert!(out.status.success(), "failed ({}):\nstdout:\n{}\nstderr:\n{}", out.status, stdout(out), stderr(out));
}

fn assert_failure(out: &Output) {
    assert!(
        !out.status.success() && out.status.code().is_some(),
        "expected a non-zero exit (not a crash), got {}:\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "it panicked:\n{}", stderr(out));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

/// Session ids as the store makes them: lower-case letters, digits and '-'.
fn is_session_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[test]
fn new_prints_the_id_and_creates_private_files() {
    let env = Env::new();
    let out = run(env.cmd().args(["new", "--org", "Acme Ltd", "--interviewer", "Kim", "--no-open"]));
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    assert_eq!(stdout(&out), format!("{id}\n"), "stdout is the id alone, for scripts");
    assert!(is_session_id(&id) && id.contains("acme-ltd"), "id {id:?}");

    let file = env.session_file(&id);
    let text = std::fs::read_to_string(&file).expect("the session file exists");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the session file is JSON");
    assert_eq!(json["format"], "crosscheck-session-meta");
    assert_eq!(json["session"]["id"], id.as_str());
    assert_eq!(json["session"]["organisation"], "Acme Ltd");
    assert_eq!(json["session"]["interviewer"], "Kim");
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600, "session files hold confidential notes");
        assert_eq!(mode(&env.data()), 0o700);
        assert_eq!(mode(&env.data().join("sessions")), 0o700);
    }

    // A second session of the same organisation gets an id of its own.
    let again = env.new_session("Acme Ltd");
    assert_ne!(again, id);
    assert!(env.session_file(&again).exists());
    env.assert_home_untouched();
}

/// The scope is chosen when the session is made: kept in its file and its transcript, and
/// named wrong, refused with the pillars to choose from.
#[test]
fn new_takes_a_scope() {
    let env = Env::new();
    let out = run(env.cmd().args(["new", "--org", "Acme", "--scope", "coordination,Operations", "--no-open"]));
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    let text = std::fs::read_to_string(env.session_file(&id)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["session"]["scope"], serde_json::json!(["Coordination", "Operations"]));
    let exported = stdout(&run(env.cmd().args(["export", &id])));
    let transcript: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(transcript["session"]["scope"], serde_json::json!(["Coordination", "Operations"]));
    // The default, Operations alone, is not written: files read as before.
    let plain = env.new_session("Beta");
    assert!(!std::fs::read_to_string(env.session_file(&plain)).unwrap().contains("scope"));

    let out = run(env.cmd().args(["new", "--org", "Acme", "--scope", "finance", "--no-open"]));
    assert_failure(&out);
    let err = stderr(&out);
    assert!(err.contains("--scope: unknown pillar \"finance\"") && err.contains("control-optimisation"), "{err}");
}

#[test]
fn new_trims_the_organisation_and_drops_a_blank_interviewer() {
    let env = Env::new();
    let out = run(env.cmd().args(["new", "--org", "  Beta  ", "--interviewer", " ", "--no-open"]));
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.session_file(&id)).unwrap()).unwrap();
    assert_eq!(json["session"]["organisation"], "Beta");
    assert!(json["session"].get("interviewer").is_none_or(|v| v.is_null()), "{json}");
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let env = Env::new();
    let from_env = env.path("from-env");
    let out = run(env.bare().env("CROSSCHECK_DATA_DIR", &from_env).args(["new", "--org", "Env Org", "--no-open"]));
    assert_success(&out);
    let id = stdout(&out).trim().to_string();
    assert!(from_env.join("sessions").join(&id).join("session.json").exists());
    #[cfg(unix)]
    assert_eq!(mode(&from_env), 0o700);

    let out = run(env.bare().env("CROSSCHECK_DATA_DIR", &from_env).arg("list"));
    assert_success(&out);
    assert!(stdout(&out).contains(&id), "list reads the same dir:\n{}", stdout(&out));

    // --data-dir wins over the environment.
    let out = run(env.cmd().env("CROSSCHECK_DATA_DIR", &from_env).arg("list"));
    assert_success(&out);
    assert!(!stdout(&out).contains(&id), "--data-dir is used, not the env var:\n{}", stdout(&out));
    env.assert_home_untouched();
}

#[test]
fn new_with_an_empty_organisation_fails_clearly() {
    let env = Env::new();
    for org in ["", "   "] {
        let out = run(env.cmd().args(["new", "--org", org, "--no-open"]));
        assert_failure(&out);
        let err = stderr(&out);
        assert!(err.contains("--org is empty") && err.contains("--org \"Acme Ltd\""), "for {org:?}:\n{err}");
        assert!(stdout(&out).is_empty(), "no id is printed:\n{}", stdout(&out));
    }
    let sessions = env.data().join("sessions");
    assert!(!sessions.exists() || std::fs::read_dir(&sessions).unwrap().next().is_none(), "no session was created");

    let out = run(env.cmd().args(["new", "--no-open"]));
    assert_failure(&out);
    assert!(stderr(&out).contains("--org"), "a missing --org is named:\n{}", stderr(&out));
}

#[test]
fn list_says_when_empty_then_shows_sessions() {
    let env = Env::new();
    let out = run(env.cmd().arg("list"));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("No sessions in "), "{text}");
    assert!(text.contains("crosscheck new --org"), "it says how to start one:\n{text}");

    let acme = env.new_session("Acme Ltd");
    let beta = env.new_session("Beta Corp");
    let out = run(env.cmd().arg("list"));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.lines().next().is_some_and(|h| h.starts_with("ID") && h.contains("ORGANISATION")), "{text}");
    for (id, org) in [(&acme, "Acme Ltd"), (&beta, "Beta Corp")] {
        let line =
            text.lines().find(|l| l.starts_with(id.as_str())).unwrap_or_else(|| panic!("{id} not listed:\n{text}"));
        assert!(line.contains(org), "{line}");
        assert!(line.trim_end().ends_with("0/0"), "no interviews yet: {line}");
    }
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    env.assert_home_untouched();
}

#[test]
fn list_names_an_unreadable_file_and_still_lists_the_rest() {
    let env = Env::new();
    let good = env.new_session("Acme Ltd");
    let bad = env.data().join("sessions").join("20200101-broken-0001.json");
    std::fs::write(&bad, "{\n  \"format\": \"crosscheck-session\",\n  oops\n}\n").unwrap();
    let out = run(env.cmd().arg("list"));
    assert_success(&out);
    assert!(stdout(&out).contains(&good), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("warning: {}:3:3:", bad.display())),
        "the broken file is named with its position:\n{err}"
    );
}

#[test]
fn export_of_an_unknown_session_names_it_and_suggests_list() {
    let env = Env::new();
    env.new_session("Acme Ltd");
    let out = run(env.cmd().args(["export", "20990101-nobody-0000"]));
    assert_failure(&out);
    let err = stderr(&out);
    assert!(err.contains("\"20990101-nobody-0000\""), "the id is named:\n{err}");
    assert!(err.contains("crosscheck list"), "it suggests `crosscheck list`:\n{err}");
    assert!(stdout(&out).is_empty());

    // Not an id at all: told so, and nothing outside the store is read.
    let out = run(env.cmd().args(["export", "../../etc/passwd"]));
    assert_failure(&out);
    assert!(stderr(&out).contains("is not a session id"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let out = run(env.cmd().args(["open", "20990101-nobody-0000"]));
    assert_failure(&out);
    assert!(stderr(&out).contains("crosscheck list"), "open says the same:\n{}", stderr(&out));
}

#[test]
fn export_of_a_corrupt_session_file_gives_file_line_and_column() {
    let env = Env::new();
    let id = env.new_session("Acme Ltd");
    let file = env.session_file(&id);
    let bad_line = "  \"session\": {\"id\": @@@}";
    std::fs::write(&file, format!("{{\n  \"format\": \"crosscheck-session\",\n  \"version\": 1,\n{bad_line}\n}}\n"))
        .unwrap();
    let out = run(env.cmd().args(["export", &id]));
    assert_failure(&out);
    let err = stderr(&out);
    let column = bad_line.find('@').unwrap() + 1;
    let expected = format!("{}:4:{column}: not a readable session file", file.display());
    assert!(err.contains(&expected), "expected {expected:?}:\n{err}");
    assert!(stdout(&out).is_empty(), "nothing half-written to stdout");

    // Plain garbage, and a JSON file that is not a session.
    for (text, position) in [("@ this is not JSON", ":1:1: "), ("{\"format\": \"something-else\"}", ":1:1: ")] {
        std::fs::write(&file, text).unwrap();
        let out = run(env.cmd().args(["export", &id]));
        assert_failure(&out);
        let expected = format!("{}{position}", file.display());
        assert!(stderr(&out).contains(&expected), "expected {expected:?}:\n{}", stderr(&out));
    }
}

/// serde_json gives column 0 for an error found at the end of a line; editors and the bank
/// checker count columns from 1 (src/bank/load.rs clamps with `.max(1)`, src/storage.rs does not).
#[test]
fn corrupt_session_positions_count_columns_from_one() {
    let env = Env::new();
    let id = env.new_session("Acme Ltd");
    let file = env.session_file(&id);
    std::fs::write(
        &file,
        "{\n  \"format\": \"crosscheck-session\",\n  \"version\": 1,\n  \"session\": {\"id\": tru\n}\n",
    )
    .unwrap();
    let out = run(env.cmd().args(["export", &id]));
    assert_failure(&out);
    let err = stderr(&out);
    assert!(!err.contains(&format!("{}:5:0:", file.display())), "column 0:\n{err}");
}

#[test]
fn export_to_stdout_to_dash_and_to_a_private_file() {
    let env = Env::new();
    let id = env.new_session("Acme Ltd");
    let out = run(env.cmd().args(["export", &id]));
    assert_success(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is the JSON transcript");
    assert_eq!(json["format"], "crosscheck-transcript");
    assert_eq!(json["session"]["id"], id.as_str());

    let out = run(env.cmd().args(["export", &id, "-o", "-"]));
    assert_success(&out);
    assert!(stdout(&out).starts_with('{'), "-o - means stdout");

    let file = env.path("acme.json");
    let out = run(env.cmd().args(["export", &id, "--output"]).arg(&file));
    assert_success(&out);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains(&file.display().to_string()), "it says where it wrote: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["session"]["id"], id.as_str());
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);

    // A folder that does not exist: a failure that names the file.
    let missing = env.path("no-such-dir").join("t.json");
    let out = run(env.cmd().args(["export", &id, "-o"]).arg(&missing));
    assert_failure(&out);
    assert!(stderr(&out).contains(&missing.display().to_string()), "{}", stderr(&out));
    env.assert_home_untouched();
}

/// main prints errors with `{e:#}`, which appends the source chain; `StorageError::Io` already
/// shows its source in its own message, so the OS error comes out twice.
#[test]
fn io_errors_state_their_cause_once() {
    let env = Env::new();
    let id = env.new_session("Acme Ltd");
    let missing = env.path("no-such-dir").join("t.json");
    let out = run(env.cmd().args(["export", &id, "-o"]).arg(&missing));
    assert_failure(&out);
    assert_eq!(stderr(&out).matches("os error 2").count(), 1, "{}", stderr(&out));
}

#[test]
fn divergence_prints_a_table_or_json_and_names_an_unknown_session() {
    let env = Env::new();
    let id = env.new_session("Acme Ltd");
    let out = run(env.cmd().args(["divergence", &id]));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with(&format!("Divergence — Acme Ltd ({id})")), "{text}");
    assert!(text.contains("TOPIC"), "{text}");

    let out = run(env.cmd().args(["divergence", &id, "--json"]));
    assert_success(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("--json prints JSON");
    assert!(json["topics"].as_array().is_some_and(|t| !t.is_empty()), "{json}");

    let out = run(env.cmd().args(["divergence", "20990101-nobody-0000"]));
    assert_failure(&out);
    assert!(stderr(&out).contains("crosscheck list"), "{}", stderr(&out));
    env.assert_home_untouched();
}

#[test]
fn banks_list_shows_every_function_and_the_topics() {
    let env = Env::new();
    let out = run(env.bare().args(["banks", "list"]));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("Question banks (built-in):"), "{text}");
    for f in FUNCTIONS {
        assert!(text.lines().any(|l| l.trim_start().starts_with(&format!("{f} "))), "{f} is listed:\n{text}");
    }
    let topics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(BANKS).join("topics.json")).unwrap()).unwrap();
    let ids: Vec<&str> = topics["topics"].as_array().unwrap().iter().filter_map(|t| t["id"].as_str()).collect();
    assert!(text.contains(&format!("Topics ({})", ids.len())), "{text}");
    for id in &ids {
        let line = text.lines().find(|l| l.trim_start().starts_with(&format!("{id} "))).unwrap_or_else(|| {
            panic!("topic {id} is not listed:\n{text}");
        });
        // Communicated → received, or = for a shared fact asked of both alike.
        let shared = [
            "launch.customer-docs",
            "launch.onboarding",
            "adoption.ownership",
            "ops.build-and-run",
            "ops.support-ownership",
            "direction.priority-changes",
            "coordination.dependencies",
        ];
        assert!(line.contains(if shared.contains(id) { " = " } else { " → " }), "{line}");
    }
    assert!(
        text.lines().any(|l| l.contains("launch.advance-notice") && l.contains("product") && l.contains("sales")),
        "who communicates and who receives:\n{text}"
    );

    // The same from a folder, which it names.
    let out = run(env.bare().arg("--banks").arg(BANKS).args(["banks", "list"]));
    assert_success(&out);
    assert!(stdout(&out).starts_with(&format!("Question banks ({BANKS}):")), "{}", stdout(&out));
    env.assert_home_untouched();
}

#[test]
fn banks_validate_accepts_the_shipped_banks() {
    let env = Env::new();
    let out = run(env.bare().args(["banks", "validate", BANKS]));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.contains("6 banks") && text.contains("no problems"), "{text}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

/// A copy of the shipped banks with three problems in two files, and where each one is.
struct BrokenBanks {
    dir: PathBuf,
    /// (file, line, column, part of the message)
    problems: Vec<(PathBuf, usize, usize, &'static str)>,
}

/// Line and column (1-based) of occurrence `nth` (from 0) of `needle` in `text`, `offset` bytes into it.
fn position(text: &str, needle: &str, nth: usize, offset: usize) -> (usize, usize) {
    let (at, _) = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} is in the file"));
    let before = &text[..at + offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

fn broken_banks(env: &Env) -> BrokenBanks {
    let dir = env.path("banks");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(BANKS).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut problems = Vec::new();

    // sales.json: one question gets an unknown kind, another takes the id of a third (the
    // duplicate is reported at the later of the two in the file).
    let sales = dir.join("sales.json");
    let mut text = std::fs::read_to_string(&sales).unwrap();
    let (kind_from, kind_to) = ("\"kind\": \"number\"", "\"kind\": \"slider\"");
    // The first number question in the file, sales.ready-days.
    assert!(text.find(kind_from) < text.find("sales.accounts-using-share"), "sales.ready-days comes first");
    text = text.replacen(kind_from, kind_to, 1);
    let (dup_from, dup_to) = ("\"id\": \"sales.timing-fit\"", "\"id\": \"sales.materials-usable\"");
    text = text.replacen(dup_from, dup_to, 1);
    std::fs::write(&sales, &text).unwrap();
    // Each problem is reported at the offending value.
    let (line, column) = position(&text, kind_to, 0, "\"kind\": ".len());
    problems.push((sales.clone(), line, column, "unknown kind \"slider\""));
    let (line, column) = position(&text, dup_to, 1, "\"id\": ".len());
    problems.push((sales, line, column, "duplicate question id \"sales.materials-usable\""));

    // marketing.json, a bank of the user's own: a JSON syntax error (a missing colon). Not a
    // shipped bank: every shipped one now communicates or receives topics shared with the
    // others, so losing one to a syntax error rightly reports the questions that depend on it
    // as well.
    let marketing = dir.join("marketing.json");
    let broken = "{\n  \"function\": \"marketing\",\n  \"title\"  \"Marketing\",\n  \"version\": \"1\",\n  \"sections\": [],\n  \"questions\": []\n}\n";
    std::fs::write(&marketing, broken).unwrap();
    // serde_json reports where it expected the colon: the value after the key.
    let (line, column) = position(broken, "\"title\" ", 0, "\"title\"  ".len());
    problems.push((marketing, line, column, "malformed JSON"));

    BrokenBanks { dir, problems }
}

fn assert_lists_every_problem(err: &str, broken: &BrokenBanks) {
    for (file, line, column, message) in &broken.problems {
        let expected = format!("{}:{line}:{column}: ", file.display());
        let found = err.lines().find(|l| l.trim_start().starts_with(&expected));
        assert!(
            found.is_some_and(|l| l.contains(message)),
            "expected a line starting {expected:?} and containing {message:?}:\n{err}"
        );
    }
    assert!(err.contains(&format!("{} problems", broken.problems.len())), "{err}");
}

#[test]
fn banks_validate_lists_every_problem_with_its_position() {
    let env = Env::new();
    let broken = broken_banks(&env);
    let out = run(env.bare().arg("banks").arg("validate").arg(&broken.dir));
    assert_failure(&out);
    assert_lists_every_problem(&stderr(&out), &broken);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn a_bad_banks_folder_stops_other_commands_with_the_problems_listed() {
    let env = Env::new();
    let broken = broken_banks(&env);
    let out = run(env.cmd().arg("--banks").arg(&broken.dir).arg("list"));
    assert_failure(&out);
    let err = stderr(&out);
    assert_lists_every_problem(&err, &broken);
    assert!(err.starts_with("error: "), "{err}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));

    // A folder that does not exist, and one with no banks in it.
    let missing = env.path("no-banks-here");
    let out = run(env.cmd().arg("--banks").arg(&missing).arg("list"));
    assert_failure(&out);
    assert!(
        stderr(&out).contains(&format!("{}:1:1: cannot read the bank folder", missing.display())),
        "{}",
        stderr(&out)
    );

    let empty = env.path("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = run(env.cmd().arg("--banks").arg(&empty).arg("list"));
    assert_failure(&out);
    let err = stderr(&out);
    assert!(err.contains("no topics.json") && err.contains("no bank files"), "{err}");
    env.assert_home_untouched();
}

/// The subcommands a help text lists under "Commands:".
fn listed_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn help_works_for_every_command() {
    let env = Env::new();
    let out = run(env.bare().arg("--help"));
    assert_success(&out);
    let top = stdout(&out);
    assert!(top.contains("Usage: crosscheck"), "{top}");
    let commands = listed_commands(&top);
    for expected in ["new", "open", "list", "export", "banks"] {
        assert!(commands.iter().any(|c| c == expected), "{expected} is in the help:\n{top}");
    }
    let mut paths: Vec<Vec<String>> = commands.iter().map(|c| vec![c.clone()]).collect();
    let out = run(env.bare().args(["banks", "--help"]));
    assert_success(&out);
    let banks = listed_commands(&stdout(&out));
    assert_eq!(banks, ["list", "validate", "show", "init"], "{}", stdout(&out));
    paths.extend(banks.iter().map(|c| vec!["banks".to_string(), c.clone()]));

    for path in &paths {
        let out = run(env.bare().args(path).arg("--help"));
        assert_success(&out);
        let text = stdout(&out);
        assert!(text.contains(&format!("Usage: crosscheck {}", path.join(" "))), "{path:?}:\n{text}");
        // `help CMD` says the same.
        let out = run(env.bare().arg("help").args(path));
        assert_success(&out);
        assert_eq!(stdout(&out), text, "`help {}` differs from `{} --help`", path.join(" "), path.join(" "));
    }

    let out = run(env.bare().arg("--version"));
    assert_success(&out);
    assert_eq!(stdout(&out).trim(), format!("crosscheck {}", env!("CARGO_PKG_VERSION")));
    env.assert_home_untouched();
}

#[test]
fn unknown_commands_and_missing_arguments_fail() {
    let env = Env::new();
    for args in [
        &["frobnicate"][..],
        &["banks"],
        &["banks", "frobnicate"],
        &["banks", "validate"],
        &["export"],
        &["open"],
        &["list", "extra"],
        &["--no-such-flag", "list"],
    ] {
        let out = run(env.cmd().args(args));
        assert_failure(&out);
        assert!(stderr(&out).contains("Usage: crosscheck"), "{args:?} shows the usage:\n{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    }
    let out = run(env.cmd().arg("frobnicate"));
    assert!(stderr(&out).contains("unrecognized subcommand 'frobnicate'"), "{}", stderr(&out));
    env.assert_home_untouched();
}

#[test]
fn claims_lists_each_claim_with_its_verdicts_and_what_is_to_verify() {
    let env = Env::new();
    let out = run(env.cmd().args(["--demo", "claims", "demo-corvane-analytics"]));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.starts_with("Claims — Corvane Analytics (demo) (demo-corvane-analytics)"), "{text}");
    assert!(text.contains("1. Sales briefing — made in Product #1 — Priya Raman"), "{text}");
    assert!(
        text.contains("“The battlecard went into the sales drive on 22 September"),
        "a verbatim claim is quoted:\n{text}"
    );
    assert!(text.contains("   Sales: refuted\n"), "{text}");
    assert!(
        text.contains("Marcus Bell, Account Executive, Mid-Market: not received — Never saw a battlecard"),
        "{text}"
    );
    assert!(text.contains("   Customer Success & Support: refuted\n"), "{text}");
    assert!(text.contains("Hannah Okafor, Customer Success Lead: unaware"), "{text}");
    assert!(text.contains("   Sales: confirmed\n"), "{text}");
    let to_verify = &text[text.find("\nTo verify:\n").expect("a to-verify list")..];
    assert!(to_verify.contains("with Operations: Operations #1 — Ruth Adeyemi"), "{to_verify}");

    let out = run(env.cmd().args(["--demo", "claims", "demo-corvane-analytics", "--json"]));
    assert_success(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("--json prints JSON");
    let ledger = json.as_array().expect("the ledger is a list");
    assert_eq!(ledger.len(), 3, "{json}");
    let standings: Vec<&str> =
        ledger.iter().flat_map(|e| e["functions"].as_array().unwrap()).filter_map(|f| f["standing"].as_str()).collect();
    assert_eq!(standings, ["refuted", "confirmed", "refuted", "partly", "to-verify"]);

    let out = run(env.cmd().args(["claims", "20990101-nobody-0000"]));
    assert_failure(&out);
    assert!(stderr(&out).contains("crosscheck list"), "{}", stderr(&out));
    env.assert_home_untouched();
}
