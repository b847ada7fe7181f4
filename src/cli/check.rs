//! `katalog check`: everything `build` does, into a scratch folder that is removed again, and
//! with `--external` the external links; prints every problem.

use super::{Drafts, Root, print, usage};
use crate::console::note;
use crate::{build, diagnostics, linkcheck};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(super) struct Args {
    #[command(flatten)]
    root: Root,
    /// human (default), json (stable, on stdout) or github (workflow annotations)
    #[arg(long, value_enum, default_value_t = diagnostics::Format::Human)]
    format: diagnostics::Format,
    #[command(flatten)]
    drafts: Drafts,
    /// Also fetch every external (http/https) link and report those that fail
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external link (with --external)
    #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external",
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
}

pub(super) fn run(args: Args) -> ExitCode {
    let scratch = std::env::temp_dir().join(format!("katalog-check-{}", std::process::id()));
    let opts = build::Options {
        root: args.root.root,
        output: scratch.clone(),
        drafts: args.drafts.drafts,
        base_url: None,
    };
    // Rendering into a scratch folder is what proves the templates work with this content.
    let result = build::load(&opts).and_then(|mut l| {
        build::write(&mut l.site, &mut l.theme, &opts.root, &opts.output)?;
        Ok(l)
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let diags = match result {
        Ok(l) => {
            if l.drafts_left_out > 0 {
                note!("{}", drafts_note(l.drafts_left_out));
            }
            let mut diags = l.warnings;
            // External links are fetched only when the content itself is valid.
            if args.external {
                diags.extend(external(&l.site, args.timeout));
                diags.sort();
            }
            diags
        }
        Err(build::Error::Content(d)) => d,
        Err(build::Error::Usage(msg) | build::Error::Io(msg)) => return usage(&msg),
    };
    if let Err(code) = print(&diagnostics::format(&diags, args.format)) {
        return code;
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == diagnostics::Severity::Error)
        .count();
    if args.format == diagnostics::Format::Human {
        let warnings = diags.len() - errors;
        if warnings > 0 {
            note!(
                "{}, {}",
                diagnostics::count(errors),
                diagnostics::count_warnings(warnings)
            );
        } else {
            note!("{}", diagnostics::count(errors));
        }
    }
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The external links of `site` that fail, each waited for at most `timeout` seconds.
fn external(site: &crate::site::Site, timeout: u64) -> Vec<diagnostics::Diagnostic> {
    let links = linkcheck::collect(site);
    let started = std::time::Instant::now();
    note!(
        "checking {} external link{} (8 at a time, 2 per host, {timeout} s timeout)",
        links.len(),
        if links.len() == 1 { "" } else { "s" }
    );
    let diags = linkcheck::check(&links, &linkcheck::Settings::with_timeout(timeout));
    note!(
        "checked {} external links in {:.1} s",
        links.len(),
        started.elapsed().as_secs_f64()
    );
    diags
}

/// What `check` says of the drafts it checked: they are checked in full, and only publishing
/// leaves them out.
fn drafts_note(n: usize) -> String {
    let (drafts, are) = if n == 1 {
        ("draft", "it is")
    } else {
        ("drafts", "they are")
    };
    format!(
        "{n} {drafts} checked like everything else; {are} left out of the built site until draft: false (or build --drafts)"
    )
}
