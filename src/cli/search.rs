//! `katalog search`: the catalogue as the last build indexed it, as text or JSON.

use super::{Root, print, usage};
use crate::search;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    /// The words to find; the last one may be the start of a word
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    /// Only cases with this term (modelltype, malgruppe, landsdel, fylke, storrelse);
    /// repeat for more: OR within a facet, AND across facets
    #[arg(long = "filter", value_name = "KEY=VALUE")]
    filters: Vec<String>,
    /// How many results to show
    #[arg(short = 'n', default_value_t = 10)]
    limit: usize,
    /// Print JSON: {"query","filters","total","results","facets"}
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    root: Root,
}

pub(super) fn run(args: Args) -> ExitCode {
    let query = args.query.join(" ");
    match search::query::run(
        &args.root.root,
        &query,
        &args.filters,
        args.limit,
        args.json,
    ) {
        Ok(text) => match print(&text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        Err(msg) => usage(&msg),
    }
}
