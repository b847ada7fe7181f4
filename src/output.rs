//! Atomic output: a build writes into a fresh sibling folder and swaps it into place, so a
//! failed or killed build never leaves a half-written or emptied output folder; and katalog
//! only ever replaces or deletes folders that carry its own marker file.

use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as katalog's to replace.
pub const MARKER: &str = ".katalog-output";
const MARKER_TEXT: &str =
    "This folder is written by katalog build; katalog replaces it on every build.\n";

pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

/// Why the output folder cannot be used.
#[derive(Debug)]
pub enum OutputError {
    NotOurs(PathBuf),
    Io(io::Error),
}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> Self {
        OutputError::Io(e)
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::NotOurs(p) => write!(
                f,
                "{} exists and was not created by katalog (it has no {MARKER} file); katalog will not replace it. Choose another --output, or move the folder away yourself",
                p.display()
            ),
            OutputError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Creates `dir` as a folder of katalog's: with the marker that lets a later run replace it.
pub fn mark(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT)
}

pub fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

fn is_empty_dir(dir: &Path) -> io::Result<bool> {
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

/// Sibling folders are named `.NAME.katalog-TAG-PID`, so leftovers of a killed build can be
/// recognised (and they carry the marker, so they are katalog's to remove).
fn sibling(target: &Path, tag: &str) -> io::Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} is not a folder name", target.display())))?;
    Ok(parent.join(format!(
        ".{}.katalog-{tag}-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// Leftovers of earlier killed builds beside `target`.
fn stale_siblings(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}.katalog-", name.to_string_lossy());
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        // Empty: killed between creating the folder and writing its marker.
        .filter(|p| is_ours(p) || is_empty_dir(p).unwrap_or(false))
        .collect()
}

impl Staging {
    /// Checks that `target` may be replaced and creates the staging folder beside it.
    pub fn begin(target: &Path) -> Result<Staging, OutputError> {
        if target.exists() && !(target.is_dir() && (is_ours(target) || is_empty_dir(target)?)) {
            return Err(OutputError::NotOurs(target.to_path_buf()));
        }
        for stale in stale_siblings(target) {
            remove_ours(&stale)?;
        }
        let dir = sibling(target, "new")?;
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        mark(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.in_folder(rel, |path| std::fs::write(path, bytes))
    }

    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.in_folder(rel, |path| std::fs::copy(from, path).map(|_| ()))
    }

    /// Runs `make` on the staged path of `rel`, creating its folder if `make` finds none: most
    /// files go to a folder that exists already, and checking first would cost every file of a
    /// large site a system call or two.
    fn in_folder(&self, rel: &str, make: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
        let path = self.dir.join(rel);
        match make(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                make(&path)
            }
            done => done,
        }
    }

    /// Puts the staged site in place of the target, atomically where the OS allows.
    pub fn commit(mut self) -> io::Result<()> {
        if !self.target.exists() {
            std::fs::rename(&self.dir, &self.target)?;
        } else {
            let aside = sibling(&self.target, "old")?;
            remove_ours(&crate::platform::swap_dirs(
                &self.dir,
                &self.target,
                &aside,
            )?)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_ours(&self.dir);
        }
    }
}

/// Removes a folder of katalog's with its marker last, so that a removal cut short by a kill
/// leaves a folder the next build still recognises as its own and removes.
fn remove_ours(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_own_output_and_refuses_foreign_folders() {
        let tmp = std::env::temp_dir().join(format!("katalog-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        let out = tmp.join("output");
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"1").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"1");
        let s = Staging::begin(&out).unwrap();
        s.write("b.txt", b"2").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a").exists());
        assert!(out.join("b.txt").exists());
        // Only the output itself is left beside it.
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1);

        let foreign = tmp.join("mine");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), b"keep").unwrap();
        assert!(matches!(
            Staging::begin(&foreign),
            Err(OutputError::NotOurs(_))
        ));
        assert_eq!(std::fs::read(foreign.join("notes.txt")).unwrap(), b"keep");
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
