//! `katalog schema`: the JSON Schema of a case's front matter, on standard output.

use super::{Root, print, report};
use crate::{config, municipalities, schema};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: Root,
}

pub(super) fn run(args: Args) -> ExitCode {
    match config::read(&args.root.root) {
        Ok(config) => match print(&schema::case_schema(&config, municipalities::registry())) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        Err(e) => report(e),
    }
}
