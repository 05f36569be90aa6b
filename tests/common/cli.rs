//! The built binary on a temporary data folder, with HOME inside it too, so that a run that
//! ignored `--data-dir` could never touch the user's real sessions.

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use crosscheck::session::Session;
use crosscheck::storage::{Store, encode_session};

pub struct Env {
    pub tmp: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { tmp: tempfile::tempdir().unwrap() }
    }

    pub fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    /// `name` in the temporary folder, outside the data folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// The binary with `--data-dir`, no config file and no colour; a run that blocks fails
    /// after 20 s instead of hanging the test.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("crosscheck").unwrap();
        cmd.env_remove("CROSSCHECK_DATA_DIR")
            .env("HOME", self.path("home"))
            .env("XDG_DATA_HOME", self.path("home/xdg"))
            .env("CROSSCHECK_CONFIG", self.path("no-config.json"))
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(20))
            .arg("--data-dir")
            .arg(self.data());
        cmd
    }

    pub fn store(&self) -> Store {
        Store::open(&self.data()).unwrap()
    }

    /// A session saved straight into the data folder, as one file (as older versions did:
    /// still read as it is).
    pub fn saved(&self, session: &Session) -> PathBuf {
        let path = self.store().location(&session.id).unwrap().single_file;
        crosscheck::storage::write_private_atomic(&path, &encode_session(session).unwrap()).unwrap();
        path
    }
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
