//! The theme: Tera templates, static files and UI strings, where a site's own theme overrides
//! `default` file by file (and string by string) and may extend its templates block by block.

use crate::diagnostics::{Diagnostic, Pos};
use crate::strings::Strings;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const DEFAULT: &str = "default";

pub struct Theme {
    pub tera: tera::Tera,
    pub strings: Strings,
    /// Static files: (path relative to static/, absolute source), the site theme's winning.
    static_files: Vec<(String, PathBuf)>,
    /// A hash of every template and string: equal means pages render the same.
    pub fp: u64,
}

impl Theme {
    /// The static files the site needs: without search, not the search client (`search/`).
    pub fn static_files(&self, search: bool) -> impl Iterator<Item = &(String, PathBuf)> {
        let client = |rel: &str| rel.starts_with(SEARCH_CLIENT);
        self.static_files
            .iter()
            .filter(move |(rel, _)| search || !client(rel))
    }
}

/// The search client's folder under static/, copied only when the site has search.
const SEARCH_CLIENT: &str = "search/";

/// Loads the theme `name` from `root/themes/`, falling back to `default`.
pub fn load(root: &Path, name: &str, language: &str) -> Result<Theme, Vec<Diagnostic>> {
    let themes = root.join("themes");
    let default_dir = themes.join(DEFAULT);
    if !default_dir.join("templates").is_dir() {
        return Err(vec![Diagnostic::new(
            "themes/default",
            Pos::new(1, 1),
            "theme",
            "the default theme is missing: themes/default/templates/ must exist (copy it from katalog's repository)",
        )]);
    }
    let chain: Vec<(String, PathBuf)> = if name == DEFAULT {
        vec![(DEFAULT.to_string(), default_dir)]
    } else {
        let own = themes.join(name);
        if !own.is_dir() {
            return Err(vec![Diagnostic::new(
                "content/katalog.yaml",
                Pos::new(1, 1),
                "theme",
                format!("theme \"{name}\" not found: create themes/{name}/ or use theme: default"),
            )]);
        }
        vec![(name.to_string(), own), (DEFAULT.to_string(), default_dir)]
    };
    // The folders the walks below start from must not be links themselves.
    let linked: Vec<Diagnostic> = std::iter::once(&themes)
        .chain(chain.iter().map(|(_, dir)| dir))
        .filter(|dir| dir.is_symlink())
        .map(|dir| link_error(root, dir))
        .collect();
    if !linked.is_empty() {
        return Err(linked);
    }
    let mut diags = Vec::new();
    // Symbolic links anywhere in a theme are errors, collected apart from the other problems.
    let mut links = Vec::new();
    let mut files = |dir: &Path| files_under(root, dir, &mut links);
    let mut templates: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let mut static_files: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut strings = BTreeMap::new();
    // Lowest priority first, so the site theme's files replace default's.
    for (theme_name, dir) in chain.iter().rev() {
        for (rel, path) in files(&dir.join("templates")) {
            match std::fs::read_to_string(&path) {
                Ok(src) => {
                    if theme_name == DEFAULT {
                        templates.insert(format!("default/{rel}"), (src.clone(), path.clone()));
                    }
                    templates.insert(rel, (src, path));
                }
                Err(e) => diags.push(Diagnostic::new(
                    &shown(root, &path),
                    Pos::new(1, 1),
                    "template",
                    format!("cannot be read: {e}"),
                )),
            }
        }
        for (rel, path) in files(&dir.join("static")) {
            static_files.insert(rel, path);
        }
        let i18n = dir.join("i18n").join(format!("{language}.yaml"));
        if files(&dir.join("i18n")).iter().any(|(_, p)| *p == i18n) {
            match read_strings(&i18n) {
                Ok(map) => strings.extend(map),
                Err(msg) => diags.push(Diagnostic::new(
                    &shown(root, &i18n),
                    Pos::new(1, 1),
                    "i18n",
                    msg,
                )),
            }
        }
    }
    diags.append(&mut links);
    let fp = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        templates
            .iter()
            .for_each(|(n, (src, _))| (n, src).hash(&mut h));
        strings.hash(&mut h);
        h.finish()
    };
    let mut tera = tera::Tera::new();
    let sources: Vec<(String, String)> = templates
        .iter()
        .map(|(n, (s, _))| (n.clone(), s.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(sources) {
        diags.push(Diagnostic::new(
            "themes",
            Pos::new(1, 1),
            "template",
            format!("a template does not parse: {e}"),
        ));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        strings: Strings(strings),
        static_files: static_files.into_iter().collect(),
        fp,
    })
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn link_error(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::new(
        &shown(root, path),
        Pos::new(1, 1),
        "file",
        "is a symbolic link; katalog does not follow links in themes/: copy the file or folder here instead",
    )
}

/// Regular files below `dir` as (relative path with `/`, path). A symbolic link (`dir` itself
/// included) is not followed but reported: a theme could otherwise publish any file on the
/// machine as a static file.
fn files_under(root: &Path, dir: &Path, links: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            if e.path_is_symlink() {
                links.push(link_error(root, e.path()));
            }
            e.file_type().is_file()
        })
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.into_path()))
        })
        .collect()
}

fn read_strings(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    serde_saphyr::from_str::<HashMap<String, String>>(&text).map_err(|e| e.to_string())
}
