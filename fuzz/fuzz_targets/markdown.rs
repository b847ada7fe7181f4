//! A case's body rendered and sanitised (`katalog::fuzz::markdown`): no panic, no hang, every
//! diagnostic inside the file, and no script, event handler or script URL in the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(e) = katalog::fuzz::markdown(text)
    {
        panic!("{e}");
    }
});
