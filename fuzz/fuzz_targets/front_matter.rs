//! A Markdown file's text, split and its front matter checked as a case and as a page
//! (`katalog::fuzz::front_matter`): no panic, no hang, every diagnostic inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // katalog reports a file that is not UTF-8 before splitting it.
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(e) = katalog::fuzz::front_matter(text)
    {
        panic!("{e}");
    }
});
