//! The built-in example engagement, with the earlier assessment at the same client it follows
//! up, in a temporary data folder of their own.

use std::path::PathBuf;

use crate::storage::{self, Store};

/// The example engagement shipped in the binary.
pub(crate) const DEMO_SESSION: &str = include_str!("../../assets/demo-session.json");
/// Its session id (checked by a test against the file).
pub const DEMO_ID: &str = "demo-corvane-analytics";
/// The spring assessment at the same client that the example follows up: `--demo compare`
/// tells what moved since.
pub(crate) const DEMO_EARLIER: &str = include_str!("../../assets/demo-earlier.json");
/// Its session id.
pub const DEMO_EARLIER_ID: &str = "demo-corvane-analytics-spring";

/// A temporary data folder holding only the demo's two sessions; removed when dropped.
pub(super) struct Demo {
    pub(super) dir: PathBuf,
}

impl Demo {
    pub(super) fn create() -> anyhow::Result<Demo> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("crosscheck-demo-{}-{nanos:08x}", std::process::id()));
        let demo = Demo { dir };
        let store = Store::open(&demo.dir)?;
        for (id, session) in [(DEMO_EARLIER_ID, DEMO_EARLIER), (DEMO_ID, DEMO_SESSION)] {
            storage::write_private_atomic(&store.location(id)?.single_file, session.as_bytes())?;
        }
        Ok(demo)
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
