//! Writes generated engagements into a data folder, for measuring `crosscheck norms` (wall time
//! and peak memory with `/usr/bin/time -v`): ENGAGEMENTS sessions of INTERVIEWS interviews each.
//!
//! `cargo run --release --example perf_norms -- DATA_DIR [ENGAGEMENTS] [INTERVIEWS]`

use std::process::ExitCode;

use crosscheck::bank::Catalog;
use crosscheck::storage::Store;
use crosscheck::testing;

fn main() -> ExitCode {
    let Some((dir, engagements, interviews)) =
        testing::example_args::<u64, usize>("perf_norms DATA_DIR [ENGAGEMENTS] [INTERVIEWS]", (200, 50))
    else {
        return ExitCode::FAILURE;
    };
    testing::example_run(|| {
        let catalog = Catalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
        let store = Store::open(std::path::Path::new(&dir))?;
        for seed in 0..engagements {
            let mut session = testing::session(&catalog, interviews, 1000 + seed);
            session.id = format!("{}-{seed:03}", session.id);
            store.save(&session)?;
        }
        Ok(())
    })
}
