use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = crosscheck::cli::Cli::parse();
    match crosscheck::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A message may quote a file's content: its control characters are shown, not sent.
            eprintln!("error: {}", crosscheck::sanitize::for_terminal(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}
