//! "Sist endret": the date of the last commit that touched each case file, read with ONE
//! `git log` over `content/eksempler` while the rest of the build runs. Outside a git checkout,
//! or where git is missing, there are simply no dates: no error and no warning.

use crate::site::Case;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::JoinHandle;

/// Paths relative to the project root (`content/eksempler/x.md`) and their `YYYY-MM-DD`.
pub type Dates = HashMap<String, String>;

/// A `git log` running in the background.
pub struct Pending(JoinHandle<Dates>);

/// Starts reading the dates of `root`'s cases.
pub fn spawn(root: &Path) -> Pending {
    let root = root.to_path_buf();
    Pending(std::thread::spawn(move || last_changed(&root)))
}

impl Pending {
    pub fn wait(self) -> Dates {
        self.0.join().unwrap_or_default()
    }
}

/// Gives each case the date of its file's last commit (shown unless `updated` is set).
pub fn apply(cases: &mut [Case], dates: Pending) {
    let dates = dates.wait();
    for case in cases {
        case.committed = dates.get(&case.path).cloned();
        // The page shows the date, so a commit changes the page as an edit does: watch mode
        // renders a case again when its fingerprint changes.
        if let Some(date) = &case.committed {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (case.fp, date).hash(&mut h);
            case.fp = h.finish();
        }
    }
}

/// Runs `git -C root ARGS`; its output when it succeeded.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        // Paths with letters outside ASCII as they are, not quoted and escaped.
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The last commit date of every file under `root/content/eksempler` that git knows.
pub fn last_changed(root: &Path) -> Dates {
    // Where root is inside the repository ("" at the top, "site/" in a subfolder): git log
    // names files from the top of the repository, cases are named from root.
    let Some(prefix) = git(root, &["rev-parse", "--show-prefix"]) else {
        return Dates::new();
    };
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%x00%cd",
            "--date=short",
            "--name-only",
            "--",
            "content/eksempler",
        ],
    ) else {
        return Dates::new();
    };
    parse(&log, prefix.trim_end_matches(['\n', '\r']))
}

/// Reads `\0DATE\n\nPATH\nPATH\n\0DATE...`, newest commit first: a file's first date is its last.
fn parse(log: &str, prefix: &str) -> Dates {
    let mut dates = Dates::new();
    for commit in log.split('\0').skip(1) {
        let mut lines = commit.lines();
        let Some(date) = lines.next().map(str::trim) else {
            continue;
        };
        if !crate::check::is_date(date) {
            continue;
        }
        for path in lines.filter(|l| !l.is_empty()) {
            if let Some(rel) = path.strip_prefix(prefix) {
                dates
                    .entry(rel.to_string())
                    .or_insert_with(|| date.to_string());
            }
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_per_file_relative_to_root() {
        let log = "\x002024-03-01\n\nsite/content/eksempler/a.md\n\x00\
                   2024-02-01\n\nsite/content/eksempler/a.md\nsite/content/eksempler/b.md\n\x00\
                   2024-01-01\n\nother/content/eksempler/c.md\n";
        let d = parse(log, "site/");
        assert_eq!(d["content/eksempler/a.md"], "2024-03-01");
        assert_eq!(d["content/eksempler/b.md"], "2024-02-01");
        assert_eq!(d.len(), 2);
        assert!(parse("", "").is_empty());
        assert!(parse("\0not a date\n\nx.md\n", "").is_empty());
    }

    #[test]
    fn no_repository_no_dates() {
        let dir = std::env::temp_dir().join(format!("katalog-history-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // temp_dir is not inside a checkout on any machine this runs on; if it were, the
        // folder is new and has no history either way.
        assert!(last_changed(&dir).is_empty());
        assert!(last_changed(&dir.join("missing")).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
