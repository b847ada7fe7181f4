//! katalog as a library, so that tools beside the binary (the fuzz targets in fuzz/) can call
//! into it: the `katalog` binary (src/main.rs) only runs `cli::main`. Every other module is
//! private to the crate, which keeps the compiler's dead-code check working.

mod build;
mod check;
pub mod cli;
mod config;
mod content;
mod diagnostics;
mod error;
mod feeds;
pub mod fuzz;
mod history;
mod linkcheck;
mod markdown;
mod municipalities;
mod new;
mod output;
mod platform;
mod render;
mod schema;
mod search;
mod serve;
mod site;
mod theme;
mod validate;
mod views;
mod watch;
mod yaml;
