//! One preview session: what watch mode keeps between rounds (the loaded files, the last
//! round's pages and related cases, the preview's files), and a round: load, run the plan in
//! preview mode, tell open pages what happened.

use super::files::PreviewFiles;
use crate::build::plan::{self, Ended, Mode, Previous, Round, Written};
use crate::build::{self, Error, Loaded};
use crate::console::note;
use crate::diagnostics::{Diagnostic, Pos};
use crate::search;
use crate::serve::{Event, State};
use crate::site::Site;
use std::time::Instant;

/// What watch mode keeps between rounds to redo only what a change touched.
pub struct Session {
    cache: build::Cache,
    previous: Previous,
    files: PreviewFiles,
    /// The rounds run so far, counting the first build.
    rounds: u64,
}

impl Session {
    pub fn new(files: PreviewFiles) -> Session {
        Session {
            cache: build::Cache::retaining(),
            previous: Previous::default(),
            files,
            rounds: 0,
        }
    }

    /// Builds into the preview folder and tells open pages; prints errors like the CLI does.
    /// The first round is a full build; later ones render only the pages whose inputs changed,
    /// tell the pages to reload, and then bring the rest up to date, stopping between two
    /// steps when `newer_save()` says a newer save is waiting. Open pages hear `done` at the
    /// end, whether the round finished or stopped.
    pub fn round(
        &mut self,
        opts: &build::Options,
        state: &State,
        css_only: bool,
        newer_save: &mut dyn FnMut() -> bool,
    ) {
        self.rounds += 1;
        let finished = match self.update(opts, state, css_only, newer_save) {
            Ok(ended) => ended != Ended::Stopped,
            Err(e) => {
                report(state, e);
                true
            }
        };
        state.broadcast(Event::Done {
            round: self.rounds,
            finished,
        });
    }

    fn update(
        &mut self,
        opts: &build::Options,
        state: &State,
        css_only: bool,
        newer_save: &mut dyn FnMut() -> bool,
    ) -> Result<Ended, Error> {
        let started = Instant::now();
        let Loaded {
            mut site,
            mut theme,
            warnings,
            ..
        } = build::load_cached(opts, &mut self.cache)?;
        crate::console::warnings(&warnings);
        self.files.next_round();
        let files = &self.files;
        let mut pages_written = |site: &Site, written: &Written| {
            for gone in &written.gone {
                files.remove_page(gone);
            }
            *state.errors.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
            *state.built.write().unwrap_or_else(|e| e.into_inner()) = true;
            state.broadcast(if css_only { Event::Css } else { Event::Reload });
            note!(
                "{} cases: {} pages rendered in {} ms",
                site.cases.len(),
                written.rendered,
                started.elapsed().as_millis()
            );
        };
        let round = Round {
            previous: &mut self.previous,
            css_only,
            pages_written: &mut pages_written,
            newer_save,
        };
        let ended = plan::run(
            &mut site,
            &mut theme,
            &opts.root,
            files,
            Mode::Preview(round),
        )?;
        if ended == Ended::SearchKept {
            files.carry_over(search::export::DIR);
        }
        if ended != Ended::Stopped {
            files.remove_unwritten();
        }
        Ok(ended)
    }
}

/// Prints the errors of a round and shows them on every open page; the last good version
/// stays up.
fn report(state: &State, e: Error) {
    let diags = match e {
        Error::Content(d) => d,
        Error::Usage(msg) | Error::Io(msg) => {
            vec![Diagnostic::new("katalog", Pos::new(1, 1), "build", msg)]
        }
    };
    crate::console::diagnostics(&diags, "; still serving the last good version");
    // Set before the broadcast, so a page that connects meanwhile reads them (serve.rs).
    *state.errors.write().unwrap_or_else(|e| e.into_inner()) = diags.clone();
    state.broadcast(Event::Errors(&diags));
}
