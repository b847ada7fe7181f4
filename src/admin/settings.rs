//! The `editor:` section of katalog.yaml: which Git host and repository the editors' form
//! (`/admin/`) saves to, on which branch, and whether a save becomes a pull request.

use crate::check::Checker;
use crate::yaml::Node;

/// The Git hosts the form can save to (Decap CMS's backends of the same names).
pub const HOSTS: [&str; 3] = ["github", "gitlab", "gitea"];

const KEYS: [&str; 7] = [
    "host",
    "repository",
    "branch",
    "pull_requests",
    "host_url",
    "app_id",
    "auth_url",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// One of `HOSTS`.
    pub host: String,
    /// `OWNER/NAME` on the host.
    pub repository: String,
    pub branch: String,
    /// A save becomes a branch and a pull (merge) request, not a commit on `branch`.
    pub pull_requests: bool,
    /// The address of a self-hosted GitLab or of the Gitea server.
    pub host_url: Option<String>,
    /// The OAuth application's client ID (GitLab, Gitea).
    pub app_id: Option<String>,
    /// The OAuth proxy that logs editors in to GitHub.
    pub auth_url: Option<String>,
}

/// Reads `editor:`; every problem is recorded in `c` at its line, and `None` returned.
pub fn read(c: &mut Checker, node: &Node) -> Option<Editor> {
    let before = c.diags.len();
    let f = c.fields(node, "editor", &KEYS, &["host", "repository"])?;
    let host = f
        .get("host")
        .and_then(|n| c.choice(n, "editor.host", "Git host", &HOSTS))
        .map(str::to_string);
    let repository = f.get("repository").and_then(|n| {
        let s = c.string(n, "editor.repository")?;
        let ok = s.split('/').count() == 2 && s.split('/').all(|p| !p.is_empty() && !p.contains(char::is_whitespace));
        if !ok {
            c.error(
                n.pos,
                "editor.repository",
                format!("\"{s}\" is not a repository: write OWNER/NAME as in the address on the Git host, e.g. kommune/inspirasjonskatalog"),
            );
        }
        ok.then_some(s)
    });
    let branch = match f.get("branch") {
        Some(n) => c.string(n, "editor.branch"),
        None => Some("main".to_string()),
    };
    let pull_requests = match f.get("pull_requests") {
        Some(n) => c.boolean(n, "editor.pull_requests"),
        None => Some(true),
    };
    let url = |c: &mut Checker, key: &str| {
        let n = f.get(key)?;
        let full = format!("editor.{key}");
        let s = c.string(n, &full)?;
        if !crate::check::is_http_url(&s) {
            c.error(
                n.pos,
                &full,
                format!(
                    "\"{s}\" is not an absolute http(s) URL; write e.g. https://git.example.org"
                ),
            );
            return None;
        }
        Some(s.trim_end_matches('/').to_string())
    };
    let host_url = url(c, "host_url");
    let auth_url = url(c, "auth_url");
    let app_id = f.get("app_id").and_then(|n| c.string(n, "editor.app_id"));
    let host = host?;
    // What each host needs to log editors in (README, "The editors' form").
    if host != "github" && f.get("app_id").is_none() {
        c.error(
            node.pos,
            "editor.app_id",
            format!("editor.host {host} needs app_id: the client ID of the OAuth application made on {host} for the form (see the README, \"The editors' form\")"),
        );
    }
    if host == "gitea" && f.get("host_url").is_none() {
        c.error(
            node.pos,
            "editor.host_url",
            "editor.host gitea needs host_url: the address of the Gitea server, e.g. https://gitea.example.org",
        );
    }
    let misplaced = [
        ("github", "host_url", "GitHub's address is known"),
        (
            "gitlab",
            "auth_url",
            "GitLab logs editors in itself with app_id",
        ),
        (
            "gitea",
            "auth_url",
            "Gitea logs editors in itself with app_id",
        ),
    ];
    for (h, key, why) in misplaced {
        if let (true, Some(n)) = (host == h, f.get(key)) {
            c.error(
                n.pos,
                &format!("editor.{key}"),
                format!("is not used with editor.host {h}: {why}; remove {key}"),
            );
        }
    }
    if c.diags.len() != before {
        return None;
    }
    Some(Editor {
        host,
        repository: repository?,
        branch: branch?,
        pull_requests: pull_requests?,
        host_url,
        app_id,
        auth_url,
    })
}
