//! Arbitrary text as a bank file beside the shipped topics: an error list, never a panic.
#![no_main]

use crosscheck::bank::{BankSource, Catalog};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let topics = include_str!("../../question-banks/topics.json").to_string();
    let files = vec![("topics.json".to_string(), topics), ("fuzzed.json".to_string(), text.to_string())];
    let _ = Catalog::from_files(files, BankSource::Embedded);
});
