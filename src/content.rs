//! Reading `content/`: which files are cases, pages and media, and splitting each Markdown
//! file into its front matter (parsed YAML with positions) and its body.

use crate::check::is_slug;
use crate::diagnostics::{Diagnostic, Pos};
use crate::paths;
use crate::yaml::{self, Node};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Limits that keep one hostile file from stalling a build (see README "Security").
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `content/eksempler/SLUG.md`
    Case,
    /// `content/NAME.md`
    Page,
    /// `content/_index.md`
    Index,
}

/// A Markdown file under content/, split.
#[derive(Debug)]
pub struct Document {
    pub kind: Kind,
    pub front_matter: Node,
    pub body: String,
    /// The line of the file on which the body starts.
    pub body_line: u32,
}

/// A Markdown file's text, read but not yet parsed.
#[derive(Debug)]
pub struct Source {
    pub kind: Kind,
    pub slug: String,
    /// `content/eksempler/bergen.md`
    pub path: String,
    /// Shared, so that watch mode keeps it for the next build without copying it.
    pub text: Arc<String>,
    /// The file's metadata when `text` was read (`None` where the system gives no times).
    pub stamp: Option<Stamp>,
}

/// What a file's metadata says of its text: the same length, modification time and inode as
/// when it was read mean the same text. Watch mode then reuses the text it read before
/// instead of reading the file again (at 10,000 cases, reading them all was about 100 of the
/// 250 ms from a save to the reload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: SystemTime,
    inode: u64,
}

/// A file modified this close before a scan is read again whatever its stamp says: file
/// times are coarse (a few ms), so two saves of the same length may share one.
const SETTLED: Duration = Duration::from_secs(2);

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            inode,
        })
    }

    /// Whether the file has not been modified for [`SETTLED`] before `now`.
    fn settled(&self, now: SystemTime) -> bool {
        now.duration_since(self.modified)
            .is_ok_and(|age| age >= SETTLED)
    }
}

/// The text a previous scan read from a path, with the file's stamp then.
pub type Known<'a> = dyn Fn(&str) -> Option<(Stamp, Arc<String>)> + Sync + 'a;

pub struct Scan {
    pub sources: Vec<Source>,
    /// Files under content/media/, as paths relative to content/ (`media/x.png`).
    pub media: Vec<String>,
    pub diags: Vec<Diagnostic>,
}

/// Finds and reads every Markdown file under `root/content`; I/O failures are `Err`. A file
/// whose stamp is settled and the same as in `known` is not read again: its text is `known`'s.
pub fn scan(root: &Path, known: &Known) -> std::io::Result<Scan> {
    let now = SystemTime::now();
    let content = root.join("content");
    let mut sources: Vec<(Kind, String, PathBuf)> = Vec::new();
    let mut media = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !is_hidden(e.file_name().to_str().unwrap_or(""))
                || e.file_name() == "_index.md"
        });
    for entry in walker {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(&content).unwrap_or(entry.path());
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let shown = format!("content/{rel_str}");
        if entry.path_is_symlink() {
            diags.push(Diagnostic::new(&shown, Pos::new(1, 1), "file", "is a symbolic link; katalog does not follow links out of content/: copy the file here instead"));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if rel_str.starts_with(paths::MEDIA) {
            media.push(rel_str);
            continue;
        }
        let Some(stem) = rel_str.strip_suffix(".md") else {
            continue;
        };
        let (kind, slug) = match stem.split('/').collect::<Vec<_>>().as_slice() {
            ["_index"] => (Kind::Index, String::new()),
            ["README"] | ["katalog"] => continue,
            [name] => (Kind::Page, name.to_string()),
            [folder, name] if paths::CASES.strip_suffix('/') == Some(*folder) => {
                (Kind::Case, name.to_string())
            }
            _ => {
                diags.push(Diagnostic::new(&shown, Pos::new(1, 1), "file", "is not in a place katalog reads: cases go directly in content/eksempler/, pages directly in content/"));
                continue;
            }
        };
        if kind != Kind::Index && !is_slug(&slug) {
            let suggestion = crate::markdown::slugify(&slug);
            diags.push(Diagnostic::new(&shown, Pos::new(1, 1), "file", format!("the file name \"{slug}.md\" is not a valid slug: use lower case a-z, 0-9 and - only, e.g. \"{suggestion}.md\"")));
            continue;
        }
        // A page's folder is `SLUG/` at the site's root, beside katalog's own folders.
        if kind == Kind::Page
            && let Some(owner) = paths::reserved_by(&slug)
        {
            diags.push(Diagnostic::new(
                &shown,
                Pos::new(1, 1),
                "file",
                format!(
                    "the page name \"{slug}\" is taken by {owner} ({slug}/); rename the file, e.g. to {slug}-side.md"
                ),
            ));
            continue;
        }
        sources.push((kind, shown, entry.into_path()));
    }
    let read: Vec<Result<Source, Diagnostic>> = sources
        .into_par_iter()
        .map(|(kind, shown, path)| read_source(kind, shown, &path, known, now))
        .collect::<std::io::Result<_>>()?;
    let mut texts = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(d) => texts.push(d),
            Err(d) => diags.push(d),
        }
    }
    Ok(Scan {
        sources: texts,
        media,
        diags,
    })
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

fn read_source(
    kind: Kind,
    path: String,
    file: &Path,
    known: &Known,
    now: SystemTime,
) -> std::io::Result<Result<Source, Diagnostic>> {
    let at =
        |line: u32, msg: String| Ok(Err(Diagnostic::new(&path, Pos::new(line, 1), "file", msg)));
    let meta = std::fs::metadata(file)?;
    let stamp = Stamp::of(&meta);
    let slug = match kind {
        Kind::Index => String::new(),
        _ => file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string(),
    };
    if let Some(stamp) = stamp.filter(|s| s.settled(now))
        && let Some((before, text)) = known(&path)
        && before == stamp
    {
        return Ok(Ok(Source {
            kind,
            slug,
            path,
            text,
            stamp: Some(stamp),
        }));
    }
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        return at(
            1,
            format!(
                "is {} MiB; a file may be at most {} MiB: move large material to content/media/ and link to it",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        );
    }
    let bytes = std::fs::read(file)?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            return at(
                line,
                "is not valid UTF-8 text: save the file as UTF-8 in your editor".into(),
            );
        }
    };
    Ok(Ok(Source {
        kind,
        slug,
        path,
        text: Arc::new(text),
        stamp,
    }))
}

impl Source {
    pub fn split(&self) -> Result<Document, Diagnostic> {
        split(self.kind.clone(), &self.path, &self.text)
    }
}

/// Splits `---` front matter from the body and parses it.
pub fn split(kind: Kind, path: &str, text: &str) -> Result<Document, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A lone CR ends a line too, for editors and for YAML: as LF, every line number katalog
    // reports is the one the editor shows.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let err = |line: u32, msg: &str| Diagnostic::new(path, Pos::new(line, 1), "front-matter", msg);
    if text.trim().is_empty() {
        return Err(err(
            1,
            "the file is empty; it must start with front matter: a line ---, the keys, and a closing ---",
        ));
    }
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(|l| l.trim_end()) != Some("---") {
        return Err(err(
            1,
            "must start with front matter: a line with only ---, the keys (title: ...), and a closing ---",
        ));
    }
    let mut offset = 4;
    let mut close = None;
    for (i, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            close = Some((offset, offset + line.len(), i as u32 + 2));
            break;
        }
        offset += line.len();
    }
    let Some((fm_end, body_start, close_line)) = close else {
        return Err(err(
            1,
            "the front matter has no closing --- line: add a line with only --- after the last key",
        ));
    };
    let fm = &text[4.min(fm_end)..fm_end];
    if fm.len() > MAX_FRONT_MATTER_BYTES {
        return Err(err(
            1,
            "the front matter is larger than 64 KiB; move long text into the body",
        ));
    }
    let front_matter =
        yaml::parse(fm, 1).map_err(|(pos, msg)| Diagnostic::new(path, pos, "yaml", msg))?;
    Ok(Document {
        kind,
        body: text[body_start..].to_string(),
        body_line: close_line + 1,
        front_matter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_file_with_its_old_stamp_is_not_read_again_and_any_other_is() {
        let root = std::env::temp_dir().join(format!("katalog-scan-{}", std::process::id()));
        let dir = root.join("content/eksempler");
        std::fs::create_dir_all(&dir).unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let write = |name: &str, text: &str, settled: bool| {
            let file = std::fs::File::create(dir.join(name)).unwrap();
            std::io::Write::write_all(&mut &file, text.as_bytes()).unwrap();
            if settled {
                file.set_modified(hour_ago).unwrap();
            }
        };
        write("settled.md", "---\ntitle: A\n---\n", true);
        write("fresh.md", "---\ntitle: B\n---\n", false);
        write("changed.md", "---\ntitle: C\n---\n", true);
        let first = scan(&root, &|_| None).unwrap();
        // What a previous scan would have kept, with other texts, so that a reuse shows.
        let kept: std::collections::HashMap<String, (Stamp, Arc<String>)> = first
            .sources
            .iter()
            .map(|s| {
                (
                    s.path.clone(),
                    (s.stamp.unwrap(), Arc::new(format!("kept {}", s.slug))),
                )
            })
            .collect();
        write("changed.md", "---\ntitle: Changed\n---\n", true);
        let second = scan(&root, &|path| kept.get(path).cloned()).unwrap();
        let text = |slug: &str| {
            let source = second.sources.iter().find(|s| s.slug == slug).unwrap();
            source.text.as_str().to_owned()
        };
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(text("settled"), "kept settled");
        assert_eq!(
            text("fresh"),
            "---\ntitle: B\n---\n",
            "modified just now: read again"
        );
        assert_eq!(
            text("changed"),
            "---\ntitle: Changed\n---\n",
            "another stamp: read again"
        );
    }

    fn s(text: &str) -> Result<Document, String> {
        split(Kind::Case, "content/eksempler/x.md", text).map_err(|d| d.to_string())
    }

    #[test]
    fn splits_with_crlf_and_bom() {
        let d = s("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(d.body, "Body\n");
        assert_eq!(d.body_line, 4);
        assert_eq!(d.front_matter.get("title").unwrap().pos, Pos::new(2, 8));
    }

    #[test]
    fn clear_errors_for_broken_files() {
        assert!(s("").unwrap_err().contains("empty"));
        assert!(
            s("title: A\n")
                .unwrap_err()
                .starts_with("content/eksempler/x.md:1:1: error[front-matter]: must start")
        );
        assert!(
            s("---\ntitle: A\nbody\n")
                .unwrap_err()
                .contains("no closing ---")
        );
        assert!(s("---\ntitle: [a\n---\n").unwrap_err().contains(":2:"));
    }
}
