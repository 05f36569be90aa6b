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
    let Some((dir, megabytes, seed)) =
        testing::example_args::<f64, u64>("perf_session DATA_DIR [MEGABYTES] [SEED]", (10.0, 4))
    else {
        return ExitCode::FAILURE;
    };
    testing::example_run(|| {
        let catalog = Catalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
        let session = testing::session_of_bytes(&catalog, (megabytes * 1e6) as usize, seed);
        let store = Store::open(std::path::Path::new(&dir))?;
        store.save(&session)?;
        let location = store.location(&session.id)?;
        let mut size = std::fs::metadata(location.meta())?.len();
        for entry in std::fs::read_dir(location.interviews())? {
            size += entry?.metadata()?.len();
        }
        eprintln!("{} interviews, {size} bytes", session.interviews.len());
        println!("{}", session.id);
        Ok(())
    })
}
