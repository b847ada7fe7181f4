//! Watch mode: builds into a private folder, serves it, and rebuilds when content/ or themes/
//! change (notify, debounced; polling on request), telling open pages to reload, to swap their
//! stylesheet, or to show the errors. It wraps build; build knows nothing of it.

use crate::build::{self, Error};
use crate::diagnostics::{Diagnostic, Pos};
use crate::serve::{self, Event, State};
use notify::{EventKind, RecursiveMode, Watcher};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
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
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines on the network",
            opts.bind
        );
    }
    let work = private_dir()?;
    let state = State::new(work.join("site"));
    let build_opts = build::Options {
        root: opts.root.clone(),
        output: state.site_dir.clone(),
        drafts: opts.drafts,
        base_url: Some(url.clone()),
    };
    rebuild(&build_opts, &state, false);
    let server = Arc::new(server);
    {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::spawn(move || serve::run(server, state, 8));
    }
    eprintln!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if opts.open {
        open_browser(&url);
    }
    watch(&opts, &build_opts, &state)
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

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not start a browser; open {url} yourself");
    }
}

/// Builds into the preview folder and tells open pages; prints errors like the CLI does.
fn rebuild(opts: &build::Options, state: &State, css_only: bool) {
    let started = Instant::now();
    let result = build::load(opts).and_then(|(site, mut theme, _)| {
        build::write(&site, &mut theme, &opts.root, &opts.output).map(|_| site.cases.len())
    });
    match result {
        Ok(cases) => {
            *state.errors.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
            *state.built.write().unwrap_or_else(|e| e.into_inner()) = true;
            eprintln!(
                "rebuilt {cases} cases in {} ms",
                started.elapsed().as_millis()
            );
            state.broadcast(if css_only { Event::Css } else { Event::Reload });
        }
        Err(e) => {
            let diags = match e {
                Error::Content(d) => d,
                Error::Usage(msg) => vec![Diagnostic::new("katalog", Pos::new(1, 1), "build", msg)],
            };
            for d in &diags {
                eprintln!("{d}");
            }
            eprintln!(
                "{} error{}; still serving the last good version",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" }
            );
            state.broadcast(Event::Errors(&diags));
            *state.errors.write().unwrap_or_else(|e| e.into_inner()) = diags;
        }
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

fn watch(opts: &Options, build_opts: &build::Options, state: &State) -> Result<(), String> {
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
    let relevant = |ev: &notify::Event| {
        !matches!(ev.kind, EventKind::Access(_)) && ev.paths.iter().any(|p| !ignored(p))
    };
    loop {
        let first = match rx.recv() {
            Ok(Ok(ev)) if relevant(&ev) => ev,
            Ok(_) => continue,
            Err(_) => return Err("the file watcher stopped".into()),
        };
        let started = Instant::now();
        let mut paths = first.paths;
        while started.elapsed() < MAX_DELAY {
            match rx.recv_timeout(QUIET) {
                Ok(Ok(ev)) if relevant(&ev) => paths.extend(ev.paths),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        paths.retain(|p| !ignored(p));
        let css_only = !paths.is_empty()
            && paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        rebuild(build_opts, state, css_only);
    }
}
