//! `katalog new`: a new case from the template, for a municipality of the 2024 list.

use super::{Root, report};
use crate::console::note;
use crate::{municipalities, new};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    /// eksempler/SLUG: the case's file name and web address (a-z, 0-9 and -)
    #[arg(value_name = "eksempler/SLUG")]
    target: String,
    /// The municipality: its name as in 2024 (Suldal) or its four-digit number (1134)
    #[arg(long, value_name = "NAME")]
    municipality: String,
    #[command(flatten)]
    root: Root,
}

pub(super) fn run(args: Args) -> ExitCode {
    let opts = new::Options {
        root: args.root.root,
        target: args.target,
        municipality: args.municipality,
    };
    match new::run(&opts, municipalities::registry()) {
        Ok(c) => {
            let m = c.municipality;
            note!(
                "created {} for {} ({}, {}). It is a draft: write the summary, run katalog check, \
                 preview it with katalog serve --drafts, and set draft: false to publish it.",
                c.path,
                m.name,
                m.number,
                m.county
            );
            ExitCode::SUCCESS
        }
        Err(e) => report(e),
    }
}
