//! A `katalog search` query (first line) with filters (further lines) run against the checkout's
//! cases indexed in memory (`katalog::fuzz::search`): no panic, at most the limit of results,
//! finite scores in descending order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The command line and the search box hand katalog UTF-8 only.
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(e) = katalog::fuzz::search(text)
    {
        panic!("{e}");
    }
});
