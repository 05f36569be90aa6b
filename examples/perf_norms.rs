//! Writes generated engagements into a data folder, for measuring `crosscheck norms` (wall time
//! and peak memory with `/usr/bin/time -v`): ENGAGEMENTS sessions of INTERVIEWS interviews each.
//!
//! `cargo run --release --example perf_norms -- DATA_DIR [ENGAGEMENTS] [INTERVIEWS]`

use std::process::ExitCode;

use crosscheck::bank::Catalog;
use crosscheck::storage::Store;
use crosscheck::testing;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: perf_norms DATA_DIR [ENGAGEMENTS] [INTERVIEWS]");
        return ExitCode::FAILURE;
    };
    let engagements: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let interviews: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50);
    let run = || -> anyhow::Result<()> {
        let catalog = Catalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
        let store = Store::open(std::path::Path::new(dir))?;
        for seed in 0..engagements {
            let mut session = testing::session(&catalog, interviews, 1000 + seed);
            session.id = format!("{}-{seed:03}", session.id);
            store.save(&session)?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
