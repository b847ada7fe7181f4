//! katalog as a library, so that tools beside the binary (the fuzz targets in fuzz/) can call
//! into it: the `katalog` binary (src/main.rs) only runs `cli::main`. Every other module is
//! private to the crate, which keeps the compiler's dead-code check working.

/// The names katalog's own pages and files take at the site's root, for tests that write a page
/// with each without keeping a copy of the list.
pub use paths::{Reserved, reserved};

mod admin;
mod build;
mod check;
pub mod cli;
mod config;
mod console;
mod content;
mod diagnostics;
mod error;
mod feeds;
pub mod fuzz;
mod history;
mod likeness;
mod linkcheck;
mod map;
mod markdown;
mod municipalities;
mod new;
mod output;
mod paths;
mod platform;
mod publish;
mod render;
mod schema;
mod search;
mod serve;
mod site;
mod spreadsheet;
mod strings;
mod theme;
mod validate;
mod views;
mod watch;
mod yaml;
