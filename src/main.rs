use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = crosscheck::cli::Cli::parse();
    match crosscheck::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
