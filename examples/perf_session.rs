//! Writes a generated session of about a given size into a data folder, for measuring the real
//! binary (peak memory of `crosscheck export` / `report`, idle CPU in the interface), and prints
//! its id.
//!
//! `cargo run --release --example perf_session -- DATA_DIR [MEGABYTES] [SEED]`

use std::process::ExitCode;

use crosscheck::bank::Catalog;
use crosscheck::storage::Store;
use crosscheck::testing;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: perf_session DATA_DIR [MEGABYTES] [SEED]");
        return ExitCode::FAILURE;
    };
    let megabytes: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(4);
    let run = || -> anyhow::Result<String> {
        let catalog = Catalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
        let session = testing::session_of_bytes(&catalog, (megabytes * 1e6) as usize, seed);
        let store = Store::open(std::path::Path::new(dir))?;
        store.save(&session)?;
        let location = store.location(&session.id)?;
        let mut size = std::fs::metadata(location.meta())?.len();
        for entry in std::fs::read_dir(location.interviews())? {
            size += entry?.metadata()?.len();
        }
        eprintln!("{} interviews, {size} bytes", session.interviews.len());
        Ok(session.id)
    };
    match run() {
        Ok(id) => {
            println!("{id}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
