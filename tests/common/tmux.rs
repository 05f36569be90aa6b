//! Driving the real binary in tmux: `send-keys` types, `capture-pane` reads the screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_crosscheck");

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// Starts crosscheck in tmux, or says why the test is skipped (tmux missing) and gives None.
    pub fn start_or_skip(data_dir: &Path, name: &str) -> Option<Tmux> {
        if Tmux::missing() {
            return None;
        }
        Some(Tmux::start(data_dir, name))
    }

    /// On the sessions screen: `n`, the organisation, Enter; waits for the new session's screen.
    pub fn new_session(&self, organisation: &str) {
        self.wait_for("No sessions yet");
        self.keys(&["n"]);
        self.type_text(organisation);
        self.keys(&["Enter"]);
        self.wait_for("No interviews yet");
    }

    /// True (and says the test is skipped) where tmux is not installed.
    pub fn missing() -> bool {
        let missing = !Tmux::available();
        if missing {
            eprintln!("SKIPPED: tmux is not installed (CI installs it; apt-get install tmux)");
        }
        missing
    }

    pub fn available() -> bool {
        Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success())
    }

    pub fn start(data_dir: &Path, name: &str) -> Tmux {
        Tmux::start_with(data_dir, name, "")
    }

    /// Starts `crosscheck ARGS` (ARGS as shell words, already quoted).
    pub fn start_with(data_dir: &Path, name: &str, args: &str) -> Tmux {
        // The shell line reports the exit code after the program ends, so the test can read
        // both the code and that the terminal was given back.
        Tmux::start_script(data_dir, name, &format!("'{BIN}' {args}; echo \"exit=$?\"; sleep 60"), &[], None)
    }

    /// Runs `script` in the pane's shell with the data folder, no config file, `env` and, if
    /// given, `cwd` as the starting folder.
    pub fn start_script(data_dir: &Path, name: &str, script: &str, env: &[(&str, String)], cwd: Option<&Path>) -> Tmux {
        let socket = format!("crosscheck-test-{}-{name}", std::process::id());
        let tmux = Tmux { socket };
        let mut command = Command::new("tmux");
        command
            .args(["-L", &tmux.socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "-s", "t"])
            .arg("-e")
            .arg(format!("CROSSCHECK_DATA_DIR={}", data_dir.display()))
            // Never the developer's own key bindings: a config file that does not exist.
            .arg("-e")
            .arg(format!("CROSSCHECK_CONFIG={}", data_dir.join("no-config.json").display()));
        for (key, value) in env {
            command.arg("-e").arg(format!("{key}={value}"));
        }
        if let Some(dir) = cwd {
            command.arg("-c").arg(dir);
        }
        let status = command.args(["sh", "-c", script]).status().expect("tmux runs");
        assert!(status.success());
        tmux
    }

    /// The crosscheck process running in the pane (the first child of the pane's shell).
    #[cfg(target_os = "linux")]
    pub fn program_pid(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "list-panes", "-t", "t", "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
        children.split_whitespace().next().expect("crosscheck runs in the pane").to_string()
    }

    /// Types `text` in one write, as a paste without bracketed paste or a macro would.
    pub fn burst(&self, text: &str) {
        let ok = Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", "t", "-l", text]).status().unwrap();
        assert!(ok.success());
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", "t", k]).status().unwrap();
            assert!(ok.success());
        }
    }

    /// Types text literally, one key per `send-keys`, as a person would.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            // tmux reads a lone ";" as its own command separator.
            let key = if c == ';' { "\\;".to_string() } else { c.to_string() };
            let ok =
                Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", "t", "-l", &key]).status().unwrap();
            assert!(ok.success());
        }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "waited for {text:?}; the screen shows:\n{screen}");
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}
