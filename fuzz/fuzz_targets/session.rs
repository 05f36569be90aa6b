//! Arbitrary text as a session file: a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = crosscheck::storage::parse_session(std::path::Path::new("fuzzed.json"), text);
});
