//! The `katalog` command line: parses arguments, runs a command, maps failures to exit codes
//! (0 ok, 1 content errors, 2 usage or I/O). One file per command; the options several commands
//! share are defined once here. It lives in the library so that every other module can stay
//! private (and the compiler keeps finding dead code in them).

mod build;
mod check;
mod new;
mod schema;
mod search;
mod serve;

use crate::console::note;
use crate::error::Error;
use clap::{Parser, Subcommand};
use std::io::{self, Write};
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
    Build(build::Args),
    /// Check content, links and templates without writing the site
    #[command(mut_arg("drafts", |a| a.help("Also check cases and pages marked draft: true")))]
    Check(check::Args),
    /// Create a new case from a template: content/eksempler/SLUG.md
    New(new::Args),
    /// Print the JSON Schema of a case's front matter (for editors' YAML tools)
    Schema(schema::Args),
    /// Build, serve on http://127.0.0.1:1111/ and rebuild and reload on every change
    Serve(serve::Args),
    /// Search the catalogue as the last build indexed it (see src/search/query/mod.rs)
    Search(search::Args),
}

// The project every command works on. (Plain comments on these shared structs: a doc comment
// would become the about text of each command that flattens them.)
#[derive(clap::Args)]
struct Root {
    /// The folder that holds content/ and themes/
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

// Whether drafts take part (build, check, serve).
#[derive(clap::Args)]
struct Drafts {
    /// Include cases and pages marked draft: true
    #[arg(long)]
    drafts: bool,
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
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Search(args) => search::run(args),
    }
}

/// Writes a command's result to standard output. A reader that has gone (`katalog schema |
/// head`) has all it wanted: that is success. Any other failure (a full disk) is exit code 2.
fn print(text: &str) -> Result<(), ExitCode> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(usage(&format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Exit code 2 after `error: MSG`.
fn usage(msg: &str) -> ExitCode {
    note!("error: {msg}");
    ExitCode::from(2)
}

/// The exit code of a failed build, after its diagnostics or message.
fn report(e: Error) -> ExitCode {
    match e {
        Error::Content(diags) => {
            crate::console::diagnostics(&diags, " found; nothing was written");
            ExitCode::from(1)
        }
        Error::Usage(msg) | Error::Io(msg) => usage(&msg),
    }
}
