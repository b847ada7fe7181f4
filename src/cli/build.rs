//! `katalog build`: the site from content/ into the output folder.

use super::{Drafts, Root, report};
use crate::build;
use crate::console::note;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: Root,
    /// Where to write the site (default: ROOT/output)
    #[arg(long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    drafts: Drafts,
    /// Override base_url from katalog.yaml (e.g. for a staging host)
    #[arg(long)]
    base_url: Option<String>,
}

pub(super) fn run(args: Args) -> ExitCode {
    let root = args.root.root;
    let opts = build::Options {
        output: args.output.unwrap_or_else(|| root.join("output")),
        root,
        drafts: args.drafts.drafts,
        base_url: args.base_url,
    };
    let started = std::time::Instant::now();
    match build::build(&opts) {
        Ok(s) => {
            crate::console::warnings(&s.warnings);
            let drafts = if s.drafts_left_out > 0 {
                format!(", {} drafts left out", s.drafts_left_out)
            } else {
                String::new()
            };
            note!(
                "built {} cases and {} pages into {} in {:.2} s{drafts}",
                s.cases,
                s.pages,
                opts.output.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report(e),
    }
}
