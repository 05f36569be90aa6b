//! The built binary on a data folder of its own, for the command-line tests.

use std::path::Path;

use assert_cmd::Command;

/// `crosscheck --data-dir DATA`, with nothing of the user's environment (data folder, home).
pub fn crosscheck(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR").env("HOME", data).env("XDG_DATA_HOME", data.join("xdg"));
    cmd.arg("--data-dir").arg(data);
    cmd
}

/// Whether it succeeded, its standard output and its standard error.
pub fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("the binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}
