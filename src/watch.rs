//! Watch mode: builds into a private folder, serves it, and rebuilds when content/ or themes/
//! change (notify, debounced; polling on request), telling open pages to reload, to swap their
//! stylesheet, or to show the errors. It wraps build; build knows nothing of it.

use crate::build::{self, Error};
use crate::console::note;
use crate::diagnostics::{Diagnostic, Pos};
use crate::feeds;
use crate::render::{self, Fingerprints, Pages};
use crate::search::{self, related};
use crate::serve::{self, Event, State};
use crate::site::Site;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
    pub drafts: bool,
}

/// Quiet time that ends a burst of file events, and the longest a burst may delay a rebuild.
const QUIET: Duration = Duration::from_millis(30);
const MAX_DELAY: Duration = Duration::from_millis(300);

pub fn run(opts: Options) -> Result<(), String> {
    let stop = StopSignals::block();
    if !opts.root.join("content/katalog.yaml").is_file() {
        return Err(format!(
            "no content/katalog.yaml under {}; run katalog in the folder that holds content/ and themes/, or pass --root DIR",
            opts.root.display()
        ));
    }
    let server = tiny_http::Server::http((opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let port = server.server_addr().to_ip().map_or(opts.port, |a| a.port());
    let host = match opts.bind {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{port}/");
    if !opts.bind.is_loopback() {
        note!(
            "warning: serving on {} makes the preview reachable from other machines on the network",
            opts.bind
        );
    }
    let work = private_dir()?;
    stop.remove_on_stop(work.clone());
    let state = State::new(work.join("site"));
    let build_opts = build::Options {
        root: opts.root.clone(),
        output: state.site_dir.clone(),
        drafts: opts.drafts,
        base_url: Some(url.clone()),
    };
    let mut session = Session {
        cache: build::Cache::retaining(),
        ..Session::default()
    };
    let (_watcher, events) = start_watching(&opts)?;
    // The first build writes everything at once: there is no later work to yield.
    rebuild(&build_opts, &state, &mut session, false, &mut || false);
    let server = Arc::new(server);
    {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::spawn(move || serve::run(server, state, 8));
    }
    note!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if opts.open {
        open_browser(&url);
    }
    watch(&events, &build_opts, &state, &mut session)
}

/// A private folder for the preview, removed again when a later run finds it abandoned.
fn private_dir() -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("katalog-serve-")
            && !Path::new("/proc").join(pid).exists()
            && crate::output::is_ours(&entry.path().join("site"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = base.join(format!("katalog-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Ctrl-C (SIGINT) and SIGTERM, received by one thread that removes the preview folder before
/// the process ends, instead of killing it midway and leaving the folder behind.
struct StopSignals(libc::sigset_t);

impl StopSignals {
    /// Blocks the signals in this thread and so in every thread started after it (all of them:
    /// call this first).
    fn block() -> StopSignals {
        // SAFETY: plain libc calls on a sigset_t owned here.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            StopSignals(set)
        }
    }

    fn remove_on_stop(self, dir: PathBuf) {
        std::thread::spawn(move || {
            let mut sig = 0;
            // SAFETY: waits for one of the signals blocked in `block`.
            unsafe { libc::sigwait(&self.0, &mut sig) };
            let _ = std::fs::remove_dir_all(&dir);
            note!("stopped");
            std::process::exit(0);
        });
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        note!("could not start a browser; open {url} yourself");
    }
}

/// What watch mode keeps between rebuilds to redo only what a change touched.
#[derive(Default)]
struct Session {
    cache: build::Cache,
    /// The pages written so far and the fingerprints of their inputs.
    pages: Fingerprints,
    /// The data, search, static and media files of the preview.
    files: Synced,
    /// Each case's related cases (slugs) in the last build, and what they were found from
    /// (`None`: not found, the site has no search).
    related: HashMap<String, Vec<String>>,
    related_inputs: Option<u64>,
    /// The work after a reload stopped early for a newer save: the next round does all of it,
    /// even for a stylesheet save (the search bundle may be behind the content).
    owed: bool,
}

/// Gives each case of `site` its related cases of the last build (`remembered`), as far as
/// they still exist.
fn restore_related(site: &mut Site, remembered: &HashMap<String, Vec<String>>) {
    let at: HashMap<&str, usize> = site
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.slug.as_str(), i))
        .collect();
    let related = site
        .cases
        .iter()
        .map(|c| {
            remembered
                .get(&c.slug)
                .into_iter()
                .flatten()
                .filter_map(|slug| at.get(slug.as_str()).copied())
                .collect()
        })
        .collect();
    build::set_related(site, related);
}

/// Each case's related cases as slugs, to outlive this build's indices.
fn remember_related(site: &Site) -> HashMap<String, Vec<String>> {
    site.cases
        .iter()
        .map(|c| {
            let related = c.related.iter().filter_map(|&j| site.cases.get(j));
            (c.slug.clone(), related.map(|r| r.slug.clone()).collect())
        })
        .collect()
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes a file of the preview so that a request never sees it half-written.
fn write_atomically(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("katalog-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, path)
}

/// Builds into the preview folder and tells open pages; prints errors like the CLI does. The
/// first build is a full one; later ones render only the pages whose inputs changed, tell the
/// pages to reload, and then bring the search index, the data files and the print page up to
/// date, step by step, stopping between two steps when `saved()` says a newer save is waiting.
fn rebuild(
    opts: &build::Options,
    state: &State,
    session: &mut Session,
    css_only: bool,
    saved: &mut dyn FnMut() -> bool,
) {
    let started = Instant::now();
    match update(opts, state, session, css_only, started, saved) {
        Ok(()) => {}
        Err(e) => {
            let diags = match e {
                Error::Content(d) => d,
                Error::Usage(msg) => vec![Diagnostic::new("katalog", Pos::new(1, 1), "build", msg)],
            };
            for d in &diags {
                note!("{d}");
            }
            note!(
                "{}; still serving the last good version",
                crate::diagnostics::count(diags.len())
            );
            // Set before the broadcast, so a page that connects meanwhile reads them (serve.rs).
            *state.errors.write().unwrap_or_else(|e| e.into_inner()) = diags.clone();
            state.broadcast(Event::Errors(&diags));
        }
    }
}

fn update(
    opts: &build::Options,
    state: &State,
    session: &mut Session,
    css_only: bool,
    started: Instant,
    saved: &mut dyn FnMut() -> bool,
) -> Result<(), Error> {
    let (mut site, mut theme, _) = build::load_cached(opts, &mut session.cache)?;
    let io = |what: &str, e: std::io::Error| Error::Usage(format!("{what}: {e}"));
    let dir = &opts.output;
    let first = !*state.built.read().unwrap_or_else(|e| e.into_inner());
    let write = |rel: &str, bytes: &[u8]| write_atomically(dir, rel, bytes);
    // Cards made while rendering the listings serve the case and print pages rendered later.
    let cards = render::CardCache::new(&site);
    let written;
    if first {
        session.pages = build::write(&mut site, &mut theme, &opts.root, dir)?;
        written = session.pages.len();
        session.files.adopt(dir, &session.pages);
    } else {
        // The search index takes seconds on a large catalogue: case pages show the related
        // cases of the last build until it is rebuilt after the reload (below).
        if site.config.search {
            restore_related(&mut site, &session.related);
        }
        let mut pages = render::render_pages(
            &site,
            &mut theme,
            &cards,
            &write,
            &session.pages,
            Pages::AllButPrint,
        )
        .map_err(Error::Content)?;
        written = pages
            .iter()
            .filter(|(k, v)| session.pages.get(*k) != Some(v))
            .count();
        if let Some((k, v)) = session.pages.remove_entry("trykk/index.html") {
            pages.insert(k, v);
        }
        // Pages of deleted or renamed cases and terms.
        for gone in session.pages.keys().filter(|k| !pages.contains_key(*k)) {
            let path = dir.join(gone);
            let _ = std::fs::remove_file(&path);
            let _ = path.parent().map(std::fs::remove_dir);
        }
        session.pages = pages;
        session.files.next_round();
        let static_files = theme
            .static_files(site.config.search)
            .map(|(rel, src)| (format!("static/{rel}"), src.clone()));
        let media = site
            .media
            .iter()
            .map(|m| (m.clone(), opts.root.join("content").join(m)));
        for (rel, src) in static_files.chain(media) {
            let bytes = std::fs::read(&src)
                .map_err(|e| io(&format!("cannot read {}", src.display()), e))?;
            session
                .files
                .write(dir, &rel, &bytes)
                .map_err(|e| io(&rel, e))?;
        }
    }
    *state.errors.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
    *state.built.write().unwrap_or_else(|e| e.into_inner()) = true;
    state.broadcast(if css_only { Event::Css } else { Event::Reload });
    note!(
        "{} cases: {written} pages rendered in {} ms",
        site.cases.len(),
        started.elapsed().as_millis()
    );
    // After the reload: hashing every body takes tens of milliseconds at 10,000 cases.
    let related_inputs = site.config.search.then(|| related::inputs(&site));
    if first {
        session.related = remember_related(&site);
        session.related_inputs = related_inputs;
        return Ok(());
    }
    // Owed until this round's work is done. A newer save would otherwise wait seconds for it on
    // a large catalogue: the work stops between its steps (and in the index, between
    // documents) when one is waiting, and the next round starts again from here.
    let owed = std::mem::replace(&mut session.owed, true);
    // The new index, and from it the related cases unless nothing they depend on changed:
    // case pages whose list changed render again, without a second reload (one save, one
    // reload); they show when next opened. A stylesheet changes no document: the index and
    // the bundle of the last round stand (seconds of work on a large catalogue). A site
    // without search has neither, and its old bundle goes.
    let built = if !site.config.search || (css_only && !owed) {
        None
    } else {
        let index = search::index_unless(&site, saved);
        let Some(built) = index.map_err(|e| io("cannot build the search index", e))? else {
            return Ok(());
        };
        Some(built)
    };
    if saved() {
        return Ok(());
    }
    if let Some(built) = &built
        && related_inputs != session.related_inputs
    {
        let related =
            search::related(built, &site).map_err(|e| io("cannot find related cases", e))?;
        build::set_related(&mut site, related);
        let cases = render::render_pages(
            &site,
            &mut theme,
            &cards,
            &write,
            &session.pages,
            Pages::Cases,
        )
        .map_err(Error::Content)?;
        session.pages.extend(cases);
    }
    session.related = remember_related(&site);
    session.related_inputs = related_inputs;
    if saved() {
        return Ok(());
    }
    // What pages do not wait for: the data files and the print page.
    let suffix = theme.strings.get("feed_title_suffix");
    for (rel, bytes) in feeds::files(&site, &suffix).map_err(|e| io("data files", e))? {
        session
            .files
            .write(dir, &rel, &bytes)
            .map_err(|e| io(&rel, e))?;
    }
    if saved() {
        return Ok(());
    }
    let print = render::render_pages(
        &site,
        &mut theme,
        &cards,
        &write,
        &session.pages,
        Pages::Print,
    )
    .map_err(Error::Content)?;
    session.pages.extend(print);
    if saved() {
        return Ok(());
    }
    match &built {
        Some(built) => {
            let sync = |rel: &str, bytes: &[u8]| session.files.write(dir, rel, bytes);
            search::publish(built, &opts.root, site.config.per_page, &sync)
                .map_err(|e| io("cannot update the search index", e))?;
        }
        None if site.config.search => session.files.carry_over(search::export::DIR),
        None => search::forget(&opts.root),
    }
    session.files.remove_unwritten(dir);
    session.owed = false;
    Ok(())
}

/// The files besides pages that watch mode keeps in the preview, each with a hash of its bytes
/// and the round that last wrote it (locked: the search bundle is written from several threads).
#[derive(Default)]
struct Synced {
    files: Mutex<HashMap<String, (u64, u64)>>,
    round: u64,
}

impl Synced {
    fn next_round(&mut self) {
        self.round += 1;
    }

    /// Writes `bytes` at `rel` unless the same bytes were written there before.
    fn write(&self, dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let h = hash_bytes(bytes);
        let files = || self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files().get(rel).map(|(old, _)| *old) != Some(h) {
            write_atomically(dir, rel, bytes)?;
        }
        files().insert(rel.to_string(), (h, self.round));
        Ok(())
    }

    /// Takes over the files of a full build (all but its pages and hidden files such as the
    /// output marker), so a later round deletes those it no longer writes.
    fn adopt(&mut self, dir: &Path, pages: &Fingerprints) {
        let files = self.files.get_mut().unwrap_or_else(|e| e.into_inner());
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = entry.path().strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !pages.contains_key(&rel) {
                    // Hash unknown: the next round writes it once more.
                    files.insert(rel, (0, self.round));
                }
            }
        }
    }

    /// Counts the files under `prefix` (`search/`) as written this round: kept as they are.
    fn carry_over(&self, prefix: &str) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        for (rel, (_, round)) in files.iter_mut() {
            if rel.starts_with(prefix) {
                *round = self.round;
            }
        }
    }

    /// Deletes the files this round did not write: a deleted stylesheet, image or search shard.
    fn remove_unwritten(&self, dir: &Path) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|rel, (_, round)| {
            let keep = *round == self.round;
            if !keep {
                let _ = std::fs::remove_file(dir.join(rel));
            }
            keep
        });
    }
}

/// Editor swap, backup and lock files: saving them is not a change to the site.
fn ignored(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".crswap"]
            .iter()
            .any(|s| name.ends_with(s))
}

type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// Starts watching `content/` and `themes/`: before the first build, so that a save made while
/// it runs is seen (the watcher must live as long as the events are read).
fn start_watching(opts: &Options) -> Result<(Box<dyn Watcher>, Events), String> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher: Box<dyn Watcher> = if opts.poll {
        let cfg = notify::Config::default().with_poll_interval(Duration::from_millis(300));
        Box::new(notify::PollWatcher::new(tx, cfg).map_err(|e| e.to_string())?)
    } else {
        Box::new(notify::recommended_watcher(tx).map_err(|e| e.to_string())?)
    };
    for dir in ["content", "themes"] {
        let path = opts.root.join(dir);
        watcher
            .watch(&path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    }
    Ok((watcher, rx))
}

/// The watcher's events, read a burst of saves at a time. Saves that arrive while a rebuild
/// runs are kept for the next burst.
struct Saves<'a> {
    rx: &'a Events,
    waiting: Vec<PathBuf>,
}

/// A change to the site: not a read, and not only editors' own files.
fn relevant(ev: &notify::Event) -> bool {
    !matches!(ev.kind, EventKind::Access(_)) && ev.paths.iter().any(|p| !ignored(p))
}

impl Saves<'_> {
    /// Whether a save has arrived that the next burst will hold (does not wait).
    fn arrived(&mut self) -> bool {
        while let Ok(ev) = self.rx.try_recv() {
            if let Ok(ev) = ev
                && relevant(&ev)
            {
                self.waiting.extend(ev.paths);
            }
        }
        !self.waiting.is_empty()
    }

    /// The paths of the next burst: from the first save on until QUIET passes without one, or
    /// MAX_DELAY after the first.
    fn next_burst(&mut self) -> Result<Vec<PathBuf>, String> {
        let mut paths = std::mem::take(&mut self.waiting);
        while paths.is_empty() {
            match self.rx.recv() {
                Ok(Ok(ev)) if relevant(&ev) => paths = ev.paths,
                Ok(_) => {}
                Err(_) => return Err("the file watcher stopped".into()),
            }
        }
        let started = Instant::now();
        while started.elapsed() < MAX_DELAY {
            match self.rx.recv_timeout(QUIET) {
                Ok(Ok(ev)) if relevant(&ev) => paths.extend(ev.paths),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        paths.retain(|p| !ignored(p));
        Ok(paths)
    }
}

/// Rebuilds after each burst of saves, for as long as the watcher runs.
fn watch(
    rx: &Events,
    build_opts: &build::Options,
    state: &State,
    session: &mut Session,
) -> Result<(), String> {
    let mut saves = Saves {
        rx,
        waiting: Vec::new(),
    };
    loop {
        let paths = saves.next_burst()?;
        let css_only = !paths.is_empty()
            && paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        rebuild(build_opts, state, session, css_only, &mut || {
            saves.arrived()
        });
    }
}
