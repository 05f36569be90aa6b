//! The shell's side: completion scripts and the man page, both generated from the clap
//! definitions, so they never disagree with the commands (`clap_complete`, `clap_mangen`).

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

/// `crosscheck completions SHELL`.
pub(super) fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    // Made in memory first: the generator panics on a failed write, and a reader may stop early.
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "crosscheck", &mut out);
    print(&out)
}

/// `crosscheck man`: the page for crosscheck and a section per command.
pub(super) fn man() -> anyhow::Result<ExitCode> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        // Each command's own options, as a section of the one page.
        out.extend_from_slice(format!(".SH \"CROSSCHECK {}\"\n", sub.get_name().to_uppercase()).as_bytes());
        let man = clap_mangen::Man::new(sub.clone());
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
    }
    print(&out)
}

/// To stdout; a reader that stopped early (`| head`) is not a failure.
fn print(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
