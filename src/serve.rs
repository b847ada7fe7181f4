//! `katalog serve`: a local preview server over the last good build, with live reload and an
//! error overlay pushed to every open page. It wraps the build (see watch/); it never
//! serves a file from outside the site folder.

use crate::diagnostics::Diagnostic;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tiny_http::{Header, Request, Response};

/// The URL prefix of katalog's own endpoints; site content can never live there (the folder
/// name starts with `_`, which content files cannot produce).
pub const PREFIX: &str = "/__katalog/";
const LIVE_JS: &str = include_str!("live.js");

/// What the server shows: the last good site and the current errors.
pub struct State {
    pub site_dir: PathBuf,
    /// True once a build has succeeded; until then every page is the error page.
    pub built: RwLock<bool>,
    pub errors: RwLock<Vec<Diagnostic>>,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

/// A message to open pages.
pub enum Event<'a> {
    Reload,
    Css,
    Errors(&'a [Diagnostic]),
    /// Round `round` of watch mode has ended: all of its work is done, or it stopped for a
    /// newer save (`finished: false`). Tests wait for it; live.js ignores it.
    Done {
        round: u64,
        finished: bool,
    },
}

impl State {
    pub fn new(site_dir: PathBuf) -> Arc<State> {
        Arc::new(State {
            site_dir,
            built: RwLock::new(false),
            errors: RwLock::new(Vec::new()),
            clients: Mutex::new(Vec::new()),
        })
    }

    /// Sends `event` to every open page, forgetting pages that have gone away.
    pub fn broadcast(&self, event: Event) {
        let msg = sse(&event);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain_mut(|c| c.write_all(msg.as_bytes()).and_then(|_| c.flush()).is_ok());
    }
}

fn sse(event: &Event) -> String {
    match event {
        Event::Done { round, finished } => format!(
            "event: done\ndata: {}\n\n",
            serde_json::json!({ "round": round, "finished": finished })
        ),
        Event::Reload => "event: reload\ndata: {}\n\n".to_string(),
        Event::Css => "event: css\ndata: {}\n\n".to_string(),
        Event::Errors(diags) => {
            let list: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "path": d.path, "line": d.pos.line, "col": d.pos.col,
                        "key": d.key, "message": d.message, "text": d.to_string(),
                    })
                })
                .collect();
            format!(
                "event: errors\ndata: {}\n\n",
                serde_json::Value::Array(list)
            )
        }
    }
}

/// Serves requests from `server` until the process ends, with a few worker threads.
pub fn run(server: Arc<tiny_http::Server>, state: Arc<State>, workers: usize) {
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(req, &state);
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn handle(req: Request, state: &State) {
    let raw = req.url().to_string();
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if path == format!("{PREFIX}events") {
        return subscribe(req, state);
    }
    if path == format!("{PREFIX}live.js") {
        let r = Response::from_string(LIVE_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = req.respond(r);
        return;
    }
    if !matches!(
        req.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = req.respond(Response::from_string("405 method not allowed").with_status_code(405));
        return;
    }
    let Some(rel) = safe_path(path) else {
        let _ = req.respond(Response::from_string("400 bad request").with_status_code(400));
        return;
    };
    if !*state.built.read().unwrap_or_else(|e| e.into_inner()) {
        let page = error_page(&state.errors.read().unwrap_or_else(|e| e.into_inner()));
        let r = Response::from_string(page)
            .with_status_code(500)
            .with_header(header("Content-Type", "text/html; charset=utf-8"));
        let _ = req.respond(r);
        return;
    }
    let mut file = state.site_dir.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            let r = Response::empty(301).with_header(header("Location", &format!("{path}/")));
            let _ = req.respond(r);
            return;
        }
        file = file.join("index.html");
    }
    let (status, file) = match std::fs::read(&file) {
        Ok(bytes) => (200, Some((file, bytes))),
        Err(_) => (
            404,
            std::fs::read(state.site_dir.join("404.html"))
                .ok()
                .map(|b| (state.site_dir.join("404.html"), b)),
        ),
    };
    let Some((file, mut bytes)) = file else {
        let _ = req.respond(Response::from_string("404 not found").with_status_code(404));
        return;
    };
    let ctype = content_type(&file);
    // Not the editors' form: a save through it rebuilds the site, and reloading the form would
    // take it from under the editor's hands.
    let form = path.starts_with(&format!("/{}", crate::paths::ADMIN));
    if ctype.starts_with("text/html") && !form {
        bytes = inject_live_script(bytes);
    }
    let etag = format!("\"{:016x}\"", fnv1a(&bytes));
    let not_modified = status == 200
        && req
            .headers()
            .iter()
            .any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == etag);
    let r = if not_modified {
        Response::from_data(Vec::new()).with_status_code(304)
    } else {
        Response::from_data(bytes).with_status_code(status)
    };
    let r = r
        .with_header(header("Content-Type", ctype))
        .with_header(header("ETag", &etag))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = req.respond(r);
}

fn subscribe(req: Request, state: &State) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    // A page that connects while the content is broken sees the overlay at once. Holding the
    // client list while reading the errors orders this against `broadcast`: the page gets the
    // errors either here or from the broadcast, never neither.
    let mut clients = state.clients.lock().unwrap_or_else(|e| e.into_inner());
    let errors = state
        .errors
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    // `ready`: the page hears every event from here on (tests wait for it; live.js ignores it).
    let mut first = "event: ready\ndata: {}\n\n".to_string();
    if !errors.is_empty() {
        first.push_str(&sse(&Event::Errors(&errors)));
    }
    if w.write_all(first.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    clients.push(w);
}

/// The site-relative file path of a request path, or `None` when it could leave the site:
/// `..`, backslashes, NUL and other control bytes, drive prefixes or bad percent-encoding.
pub fn safe_path(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    if decoded
        .chars()
        .any(|c| c.is_control() || c == '\\' || c == ':')
        || decoded.starts_with('/')
    {
        return None;
    }
    let p = PathBuf::from(&decoded);
    for c in p.components() {
        if !matches!(c, Component::Normal(_)) {
            return None;
        }
        if let Component::Normal(s) = c
            && s.to_string_lossy().starts_with('.')
        {
            return None;
        }
    }
    Some(p)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "yml" => "text/yaml; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn inject_live_script(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" defer></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</head>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A content hash for ETags (FNV-1a: tiny, and collisions only cost a re-download).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

/// The page shown for every request while no build has succeeded yet.
fn error_page(errors: &[Diagnostic]) -> String {
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code></li>",
                crate::views::escape(&d.to_string())
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>katalog: the content has errors</title><script src=\"{PREFIX}live.js\" defer></script></head><body><main><h1>The content has errors</h1><p>Fix them and save; this page reloads by itself.</p><ul>{items}</ul></main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::safe_path;

    #[test]
    fn hostile_paths_are_refused() {
        for p in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/..%2fetc",
            "/a\\..\\b",
            "/%5c..%5cx",
            "//etc/passwd",
            "/%00",
            "/a%00.html",
            "/C:/x",
            "/.katalog-output",
            "/%zz",
            "/%c0%ae%c0%ae/x",
        ] {
            assert_eq!(safe_path(p), None, "{p}");
        }
        assert_eq!(
            safe_path("/eksempler/x/").unwrap(),
            std::path::Path::new("eksempler/x")
        );
        assert_eq!(
            safe_path("/fylke/m%C3%B8re/").unwrap(),
            std::path::Path::new("fylke/møre")
        );
    }
}
