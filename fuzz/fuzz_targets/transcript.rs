//! Arbitrary text as a transcript: a clear error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = crosscheck::transcript::parse("fuzzed.json", text);
});
