//! The `katalog` command line: parses arguments, runs a command, maps failures to exit codes
//! (0 ok, 1 content errors, 2 usage or I/O).

mod build;
mod check;
mod config;
mod content;
mod diagnostics;
mod feeds;
mod markdown;
mod municipalities;
mod output;
mod render;
mod search;
mod serve;
mod site;
mod theme;
mod validate;
mod views;
mod watch;
mod yaml;

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
}

fn main() -> ExitCode {
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
            let result = build::build(&opts);
            let _ = std::fs::remove_dir_all(&scratch);
            let diags = match result {
                Ok(_) => Vec::new(),
                Err(build::Error::Content(d)) => d,
                Err(build::Error::Usage(msg)) => {
                    eprintln!("error: {msg}");
                    return ExitCode::from(2);
                }
            };
            print!("{}", diagnostics::format(&diags, format));
            if format == diagnostics::Format::Human {
                eprintln!(
                    "{} error{}",
                    diags.len(),
                    if diags.len() == 1 { "" } else { "s" }
                );
            }
            if diags.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
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

fn report(e: build::Error) -> ExitCode {
    match e {
        build::Error::Content(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "{} error{} found; nothing was written",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        build::Error::Usage(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
