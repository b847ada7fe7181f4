//! Watch mode: builds into a private folder, serves it, and rebuilds when content/ or themes/
//! change, telling open pages to reload, to swap their stylesheet, or to show the errors. It
//! wraps build; build knows nothing of it. This file is the loop; a round is `session.rs`, the
//! preview folder `files.rs`, the debouncing of saves `saves.rs`.

mod files;
mod saves;
mod session;

use crate::build;
use crate::console::note;
use crate::platform::{self, StopSignals};
use crate::serve::{self, State};
use files::PreviewFiles;
use saves::Saves;
use session::Session;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
    pub drafts: bool,
}

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
    remove_on_stop(stop, work.clone());
    let site_dir = work.join("site");
    let files = PreviewFiles::create(site_dir.clone())
        .map_err(|e| format!("cannot create {}: {e}", site_dir.display()))?;
    let state = State::new(site_dir);
    let build_opts = build::Options {
        root: opts.root.clone(),
        output: state.site_dir.clone(),
        drafts: opts.drafts,
        base_url: Some(url.clone()),
    };
    let mut session = Session::new(files);
    let mut saves = Saves::watch(&opts.root, opts.poll)?;
    // The first build writes everything at once: there is no later work to yield.
    session.round(&build_opts, &state, false, &mut || false);
    let server = Arc::new(server);
    {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::spawn(move || serve::run(server, state, 8));
    }
    note!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if opts.open {
        open_browser(&url);
    }
    // Rebuilds after each burst of saves, for as long as the watcher runs.
    loop {
        let paths = saves.next_burst()?;
        let css_only = !paths.is_empty()
            && paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css"));
        session.round(&build_opts, &state, css_only, &mut || saves.arrived());
    }
}

/// A private folder for the preview (`TMPDIR/katalog-serve-PID`), after removing those of
/// previews that no longer run.
fn private_dir() -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    for entry in std::fs::read_dir(&base).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("katalog-serve-")
            && !platform::process_alive(pid)
            && crate::output::is_ours(&entry.path().join("site"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = base.join(format!("katalog-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// On Ctrl-C or SIGTERM, removes the preview folder before the process ends, instead of
/// dying midway and leaving the folder behind.
fn remove_on_stop(stop: StopSignals, dir: PathBuf) {
    std::thread::spawn(move || {
        stop.wait();
        let _ = std::fs::remove_dir_all(&dir);
        note!("stopped");
        std::process::exit(0);
    });
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
