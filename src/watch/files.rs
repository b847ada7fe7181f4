//! The preview folder as the plan's sink: pages are written as the plan renders them; every
//! other file only when its bytes changed, and those a round no longer writes (a deleted
//! stylesheet or image, a search shard) are deleted. A request never sees a half-written file.

use crate::build::plan::Sink;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The files besides pages in the preview folder (locked: the plan writes from several
/// threads), and the round being written.
pub struct PreviewFiles {
    pub dir: PathBuf,
    files: Mutex<HashMap<String, Kept>>,
    round: u64,
}

/// A file in the preview: a hash of its bytes and the round that last wrote it.
struct Kept {
    hash: u64,
    round: u64,
}

impl PreviewFiles {
    /// Creates the preview folder `dir`, with katalog's marker (which tells a later `katalog
    /// serve` that an abandoned folder is katalog's to remove).
    pub fn create(dir: PathBuf) -> io::Result<PreviewFiles> {
        crate::output::mark(&dir)?;
        Ok(PreviewFiles {
            dir,
            files: Mutex::default(),
            round: 0,
        })
    }

    pub fn next_round(&mut self) {
        self.round += 1;
    }

    fn files(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Deletes a page the site no longer has, and its folder if that is left empty.
    pub fn remove_page(&self, rel: &str) {
        let path = self.dir.join(rel);
        let _ = std::fs::remove_file(&path);
        let _ = path.parent().map(std::fs::remove_dir);
    }

    /// Counts the files under `prefix` (`search/`) as written this round: kept as they are.
    pub fn carry_over(&self, prefix: &str) {
        for kept in self.files().iter_mut() {
            if kept.0.starts_with(prefix) {
                kept.1.round = self.round;
            }
        }
    }

    /// Deletes the files this round did not write.
    pub fn remove_unwritten(&self) {
        self.files().retain(|rel, kept| {
            let keep = kept.round == self.round;
            if !keep {
                let _ = std::fs::remove_file(self.dir.join(rel));
            }
            keep
        });
    }
}

impl Sink for PreviewFiles {
    fn page(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        write_atomically(&self.dir, rel, bytes)
    }

    /// Writes `bytes` at `rel` unless the same bytes were written there before.
    fn file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = hash_bytes(bytes);
        if self.files().get(rel).map(|kept| kept.hash) != Some(hash) {
            write_atomically(&self.dir, rel, bytes)?;
        }
        let kept = Kept {
            hash,
            round: self.round,
        };
        self.files().insert(rel.to_string(), kept);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.file(rel, &std::fs::read(from)?)
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes a file of the preview through a temporary file renamed into place. The temporary
/// name keeps the whole file name (files beside each other are written at once) and starts
/// with a dot (the server never serves it).
fn write_atomically(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = dir.join(rel);
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(io::Error::other(format!("{rel} is not a file name")));
    };
    let tmp = parent.join(format!(".{}.katalog-tmp", name.to_string_lossy()));
    // Most folders exist already: creating them only when missing saves every file a call.
    match std::fs::write(&tmp, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(parent)?;
            std::fs::write(&tmp, bytes)?;
        }
        written => written?,
    }
    std::fs::rename(tmp, path)
}
