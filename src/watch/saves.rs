//! Saves in `content/` and `themes/` as watch mode sees them: the watcher's events (notify, or
//! polling on request), editors' own files left out, read a burst at a time (debounced).

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of file events, and the longest a burst may delay a rebuild.
const QUIET: Duration = Duration::from_millis(30);
const MAX_DELAY: Duration = Duration::from_millis(300);

type Events = mpsc::Receiver<notify::Result<notify::Event>>;

/// The watcher's events, read a burst of saves at a time. Saves that arrive while a rebuild
/// runs are kept for the next burst.
pub struct Saves {
    /// Must live as long as the events are read.
    _watcher: Box<dyn Watcher>,
    rx: Events,
    waiting: Vec<PathBuf>,
}

impl Saves {
    /// Starts watching `content/` and `themes/` under `root`: before the first build, so that
    /// a save made while it runs is seen.
    pub fn watch(root: &Path, poll: bool) -> Result<Saves, String> {
        let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher: Box<dyn Watcher> = if poll {
            let cfg = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            Box::new(notify::PollWatcher::new(tx, cfg).map_err(|e| e.to_string())?)
        } else {
            Box::new(notify::recommended_watcher(tx).map_err(|e| e.to_string())?)
        };
        for dir in ["content", "themes"] {
            let path = root.join(dir);
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
        Ok(Saves {
            _watcher: watcher,
            rx,
            waiting: Vec::new(),
        })
    }

    /// Whether a save has arrived that the next burst will hold (does not wait).
    pub fn arrived(&mut self) -> bool {
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
    pub fn next_burst(&mut self) -> Result<Vec<PathBuf>, String> {
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

/// A change to the site: not a read, and not only editors' own files.
fn relevant(ev: &notify::Event) -> bool {
    !matches!(ev.kind, EventKind::Access(_)) && ev.paths.iter().any(|p| !ignored(p))
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
