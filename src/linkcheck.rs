//! `katalog check --external`: fetches every http(s) link of the published content (front-matter
//! `links` and links and images in bodies) with bounded concurrency (8 at a time, at most 2 per
//! host), a timeout, one retry for failures that may pass, and redirects followed up to 5 times.
//! Each failing link is a diagnostic at its file, line and column, with key `external-link`.

use crate::check::is_http_url;
use crate::diagnostics::{Diagnostic, Pos};
use crate::site::Site;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub const KEY: &str = "external-link";

pub struct Settings {
    /// For one attempt: connecting, sending and receiving the response headers, all redirects.
    pub timeout: Duration,
    pub workers: usize,
    pub per_host: usize,
    pub max_redirects: u32,
    /// Pause before the one retry.
    pub retry_pause: Duration,
}

impl Settings {
    pub fn with_timeout(secs: u64) -> Settings {
        Settings {
            timeout: Duration::from_secs(secs),
            workers: 8,
            per_host: 2,
            max_redirects: 5,
            retry_pause: Duration::from_millis(500),
        }
    }
}

/// Where a URL is written: file and position.
pub type Place = (String, Pos);

/// Every external URL of the site (fragment removed) and where each is written, in URL order.
pub fn collect(site: &Site) -> BTreeMap<String, Vec<Place>> {
    let mut out: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut add = |url: &str, path: &str, pos: Pos| {
        if is_http_url(url) {
            let url = url.split('#').next().unwrap_or(url).to_string();
            out.entry(url).or_default().push((path.to_string(), pos));
        }
    };
    for case in &site.cases {
        for l in &case.meta.links {
            add(&l.url, &case.path, l.pos);
        }
        for (url, pos) in &case.body.external {
            add(url, &case.path, *pos);
        }
    }
    for page in &site.pages {
        let path = format!("content/{}.md", page.slug);
        for (url, pos) in &page.body.external {
            add(url, &path, *pos);
        }
    }
    if let Some(intro) = &site.intro {
        for (url, pos) in &intro.body.external {
            add(url, "content/_index.md", *pos);
        }
    }
    out
}

/// Checks every URL; returns a diagnostic per place of every URL that failed, sorted.
pub fn check(links: &BTreeMap<String, Vec<Place>>, settings: &Settings) -> Vec<Diagnostic> {
    let urls: Vec<&String> = links.keys().collect();
    let results = fetch_all(&urls, settings);
    let mut diags = Vec::new();
    for ((url, places), result) in links.iter().zip(results) {
        if let Err(why) = result {
            for (path, pos) in places {
                diags.push(Diagnostic::new(path, *pos, KEY, format!("{url} {why}")));
            }
        }
    }
    diags.sort();
    diags
}

struct Queue {
    /// (index into urls, host) not yet started.
    pending: VecDeque<(usize, String)>,
    /// Requests in flight per host.
    busy: HashMap<String, usize>,
    results: Vec<Option<Result<(), String>>>,
}

/// Fetches all `urls` with `settings.workers` threads, at most `per_host` at a time per host.
fn fetch_all(urls: &[&String], settings: &Settings) -> Vec<Result<(), String>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(settings.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!(
            "katalog/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queue = Mutex::new(Queue {
        pending: urls.iter().enumerate().map(|(i, u)| (i, host(u))).collect(),
        busy: HashMap::new(),
        results: vec![None; urls.len()],
    });
    let freed = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|s| {
        for _ in 0..settings.workers.max(1).min(urls.len().max(1)) {
            s.spawn(|| {
                loop {
                    let (i, host) = {
                        let mut q = lock();
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let free = q.pending.iter().position(|(_, h)| {
                                q.busy.get(h).copied().unwrap_or(0) < settings.per_host
                            });
                            if let Some(at) = free {
                                let job = q.pending.remove(at).unwrap_or_default();
                                *q.busy.entry(job.1.clone()).or_default() += 1;
                                break job;
                            }
                            q = freed.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let result = fetch_with_retry(&agent, urls[i], settings);
                    let mut q = lock();
                    if let Some(n) = q.busy.get_mut(&host) {
                        *n = n.saturating_sub(1);
                    }
                    q.results[i] = Some(result);
                    drop(q);
                    freed.notify_all();
                }
            });
        }
    });
    queue
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("was not checked".into())))
        .collect()
}

/// The host (and port) of an http(s) URL, lower case, for the per-host limit.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.to_lowercase()
}

/// A failure, and whether trying once more may help (timeouts, 5xx, connection errors).
struct Failure {
    why: String,
    retry: bool,
}

fn fetch_with_retry(agent: &ureq::Agent, url: &str, settings: &Settings) -> Result<(), String> {
    match fetch(agent, url, settings) {
        Ok(()) => Ok(()),
        Err(f) if f.retry => {
            std::thread::sleep(settings.retry_pause);
            fetch(agent, url, settings).map_err(|f| format!("{} (tried twice)", f.why))
        }
        Err(f) => Err(f.why),
    }
}

fn fetch(agent: &ureq::Agent, url: &str, settings: &Settings) -> Result<(), Failure> {
    use ureq::ResponseExt;
    let secs = settings.timeout.as_secs();
    let fail = |why: String, retry: bool| Err(Failure { why, retry });
    match agent
        .get(&encode(url))
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .call()
    {
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            // The body is not read: the status is the answer.
            if (200..400).contains(&code) {
                return Ok(());
            }
            let final_url = response.get_uri().to_string();
            let redirected = if final_url.trim_end_matches('/') != encode(url).trim_end_matches('/')
            {
                format!(" (redirected to {final_url})")
            } else {
                String::new()
            };
            let mut why = format!("returned HTTP {code}");
            if let Some(reason) = status.canonical_reason() {
                why.push(' ');
                why.push_str(reason);
            }
            why.push_str(&redirected);
            fail(why, code >= 500)
        }
        Err(ureq::Error::Timeout(_)) => fail(format!("timed out after {secs} s"), true),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
            fail(format!("timed out after {secs} s"), true)
        }
        Err(ureq::Error::TooManyRedirects) => fail(
            format!(
                "redirects more than {} times (a redirect loop?)",
                settings.max_redirects
            ),
            false,
        ),
        Err(ureq::Error::RedirectFailed) => fail("redirects to an invalid address".into(), false),
        Err(ureq::Error::HostNotFound) => fail("host not found (DNS lookup failed)".into(), true),
        Err(ureq::Error::ConnectionFailed) => fail("could not connect".into(), true),
        Err(ureq::Error::Io(e)) => fail(format!("could not be fetched: {e}"), true),
        Err(ureq::Error::BadUri(e)) => fail(format!("is not a URL katalog can fetch: {e}"), false),
        Err(e) => fail(format!("could not be fetched: {e}"), false),
    }
}

/// Percent-encodes what may not stand in a request URL (spaces, letters outside ASCII such as
/// æ, ø and å in paths); `%` itself is left alone, as the URL may be encoded already.
fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_encoding() {
        assert_eq!(
            host("https://User@Example.org:8080/a?b"),
            "example.org:8080"
        );
        assert_eq!(host("http://example.org"), "example.org");
        assert_eq!(
            encode("https://example.no/nærdemokrati i praksis"),
            "https://example.no/n%C3%A6rdemokrati%20i%20praksis"
        );
        assert_eq!(
            encode("https://e.no/a%20b?x=1#y"),
            "https://e.no/a%20b?x=1#y"
        );
    }
}
