//! The `katalog` command line: parses arguments, runs a command, maps failures to exit codes
//! (0 ok, 1 content errors, 2 usage or I/O). It lives in the library so that every other
//! module can stay private (and the compiler keeps finding dead code in them).

use crate::{build, config, diagnostics, linkcheck, municipalities, new, schema, search, watch};
use clap::{Parser, Subcommand};

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "katalog",
    version,
    about = "Builds the inspirasjonskatalog for lokaldemokrati from Markdown case studies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the static site from content/ into the output folder
    Build {
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/output)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include cases and pages marked draft: true
        #[arg(long)]
        drafts: bool,
        /// Override base_url from katalog.yaml (e.g. for a staging host)
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check content, links and templates without writing the site
    Check {
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// human (default), json (stable, on stdout) or github (workflow annotations)
        #[arg(long, value_enum, default_value_t = diagnostics::Format::Human)]
        format: diagnostics::Format,
        /// Also check cases and pages marked draft: true
        #[arg(long)]
        drafts: bool,
        /// Also fetch every external (http/https) link and report those that fail
        #[arg(long)]
        external: bool,
        /// Seconds to wait for each external link (with --external)
        #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external",
              value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
    },
    /// Create a new case from a template: content/eksempler/SLUG.md
    New {
        /// eksempler/SLUG: the case's file name and web address (a-z, 0-9 and -)
        #[arg(value_name = "eksempler/SLUG")]
        target: String,
        /// The municipality: its name as in 2024 (Suldal) or its four-digit number (1134)
        #[arg(long, value_name = "NAME")]
        municipality: String,
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schema of a case's front matter (for editors' YAML tools)
    Schema {
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve on http://127.0.0.1:1111/ and rebuild and reload on every change
    Serve {
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
        /// Include cases and pages marked draft: true
        #[arg(long)]
        drafts: bool,
    },
    /// Search the catalogue as the last build indexed it (see src/search/query.rs)
    Search {
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
        /// The folder that holds content/ and themes/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs the command line in `std::env::args` and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let opts = build::Options {
                root,
                output,
                drafts,
                base_url,
            };
            let started = std::time::Instant::now();
            match build::build(&opts) {
                Ok(s) => {
                    let drafts = if s.drafts_left_out > 0 {
                        format!(", {} drafts left out", s.drafts_left_out)
                    } else {
                        String::new()
                    };
                    eprintln!(
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
        Command::Check {
            root,
            format,
            drafts,
            external,
            timeout,
        } => {
            let scratch =
                std::env::temp_dir().join(format!("katalog-check-{}", std::process::id()));
            let opts = build::Options {
                root,
                output: scratch.clone(),
                drafts,
                base_url: None,
            };
            // Rendering into a scratch folder is what proves the templates work with this content.
            let result = build::load(&opts).and_then(|mut l| {
                build::write(&mut l.site, &mut l.theme, &opts.root, &opts.output)?;
                Ok(l.site)
            });
            let _ = std::fs::remove_dir_all(&scratch);
            let diags = match result {
                // External links are fetched only when the content itself is valid.
                Ok(site) if external => {
                    let links = linkcheck::collect(&site);
                    let started = std::time::Instant::now();
                    eprintln!(
                        "checking {} external link{} (8 at a time, 2 per host, {timeout} s timeout)",
                        links.len(),
                        if links.len() == 1 { "" } else { "s" }
                    );
                    let diags =
                        linkcheck::check(&links, &linkcheck::Settings::with_timeout(timeout));
                    eprintln!(
                        "checked {} external links in {:.1} s",
                        links.len(),
                        started.elapsed().as_secs_f64()
                    );
                    diags
                }
                Ok(_) => Vec::new(),
                Err(build::Error::Content(d)) => d,
                Err(build::Error::Usage(msg) | build::Error::Io(msg)) => {
                    eprintln!("error: {msg}");
                    return ExitCode::from(2);
                }
            };
            print!("{}", diagnostics::format(&diags, format));
            if format == diagnostics::Format::Human {
                eprintln!("{}", diagnostics::count(diags.len()));
            }
            if diags.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::New {
            target,
            municipality,
            root,
        } => {
            let opts = new::Options {
                root,
                target,
                municipality,
            };
            match new::run(&opts, municipalities::registry()) {
                Ok(c) => {
                    let m = c.municipality;
                    eprintln!(
                        "created {} for {} ({}, {}). It is a draft: write the summary, run katalog check, \
                         preview it with katalog serve --drafts, and set draft: false to publish it.",
                        c.path, m.name, m.number, m.county
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report(e),
            }
        }
        Command::Schema { root } => match config::read(&root) {
            Ok(config) => {
                print!(
                    "{}",
                    schema::case_schema(&config, municipalities::registry())
                );
                ExitCode::SUCCESS
            }
            Err(e) => report(e),
        },
        Command::Search {
            query,
            filters,
            limit,
            json,
            root,
        } => search(&root, &query, &filters, limit, json),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            drafts,
        } => {
            match watch::run(watch::Options {
                root,
                port,
                bind,
                open,
                poll,
                drafts,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn search(
    root: &std::path::Path,
    query: &[String],
    filters: &[String],
    limit: usize,
    json: bool,
) -> ExitCode {
    match search::query::run(root, &query.join(" "), filters, limit, json) {
        Ok(text) => {
            // Not print!: it panics when the reader has gone (`katalog search … | head`).
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn report(e: build::Error) -> ExitCode {
    match e {
        build::Error::Content(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "{} found; nothing was written",
                diagnostics::count(diags.len())
            );
            ExitCode::from(1)
        }
        build::Error::Usage(msg) | build::Error::Io(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
