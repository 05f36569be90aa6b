//! Writes 20 interviewers' transcripts of one engagement (about 10 MB in all) into a folder,
//! for measuring the real binary's `crosscheck merge` (time and peak memory), and prints their
//! paths.
//!
//! `cargo run --release --example perf_merge -- DIR [MEGABYTES] [COPIES]`

use std::process::ExitCode;

use crosscheck::bank::Catalog;
use crosscheck::{testing, transcript};

fn main() -> ExitCode {
    let Some((dir, megabytes, copies)) =
        testing::example_args::<f64, usize>("perf_merge DIR [MEGABYTES] [COPIES]", (10.0, 20))
    else {
        return ExitCode::FAILURE;
    };
    testing::example_run(|| {
        let catalog = Catalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
        std::fs::create_dir_all(&dir)?;
        let mut total = 0;
        for (k, s) in testing::engagement_copies(&catalog, copies, (megabytes * 1e6) as usize, 11).iter().enumerate() {
            let path = std::path::Path::new(&dir).join(format!("copy-{k:02}.json"));
            let text = transcript::to_json(&transcript::build(s, &catalog, s.updated_at));
            total += text.len();
            crosscheck::storage::write_private_atomic(&path, text.as_bytes())?;
            println!("{}", path.display());
        }
        eprintln!("{copies} transcripts, {total} bytes");
        Ok(())
    })
}
