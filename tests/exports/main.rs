//! Every interchange format read back by a reader that is not ours.

#[path = "../external/mod.rs"]
mod external;

mod csv_export;
mod html_report;
mod qdpx;
mod transcript_schema;
