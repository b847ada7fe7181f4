//! `katalog serve`: the preview server with rebuilds and reloads (`watch::run`).

use super::{Drafts, Root, usage};
use crate::watch;
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: Root,
    /// The port to listen on (0: any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; anything but loopback exposes the preview to the network
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
    /// Poll for changes instead of OS events (network drives, some editors)
    #[arg(long)]
    poll: bool,
    #[command(flatten)]
    drafts: Drafts,
}

pub(super) fn run(args: Args) -> ExitCode {
    match watch::run(watch::Options {
        root: args.root.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        drafts: args.drafts.drafts,
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => usage(&msg),
    }
}
