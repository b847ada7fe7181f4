//! `katalog check --external` against a local server on 127.0.0.1 (loopback only): 200, 404,
//! 500, a redirect to the 200 page, a redirect to the 404 page, a redirect loop and a page that
//! never answers. Each failure is reported at the link's file, line and column with key
//! `external-link` and the reason; the run ends in bounded time.

mod common;
use common::{GOOD_CASE, Project};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Hits = Arc<Mutex<HashMap<String, usize>>>;

/// Starts the server; returns its base URL and the number of requests per path.
fn serve() -> (String, Hits) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits: Hits = Arc::default();
    let h = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let h = Arc::clone(&h);
            std::thread::spawn(move || answer(stream, &h));
        }
    });
    (base, hits)
}

fn answer(mut stream: TcpStream, hits: &Hits) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let (status, location) = match path.as_str() {
        "/ok" => ("200 OK", None),
        "/missing" => ("404 Not Found", None),
        "/error" => ("500 Internal Server Error", None),
        "/moved" => ("301 Moved Permanently", Some("/ok")),
        "/moved-away" => ("301 Moved Permanently", Some("/missing")),
        "/loop" => ("302 Found", Some("/loop")),
        "/hang" => {
            // Accepts, reads the request, and never answers.
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        _ => ("404 Not Found", None),
    };
    let body = "hei\n";
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn check(p: &Project, args: &[&str]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_katalog"));
    cmd.arg("check").args(args).arg("--root").arg(&p.root);
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Line and column (1-based, in characters) of the first `needle` in `text`, plus `offset`.
fn position(text: &str, needle: &str, offset: usize) -> (u64, u64) {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}")) + offset;
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, col as u64)
}

#[test]
fn reports_each_failing_link_where_it_stands() {
    let (base, hits) = serve();
    let case = GOOD_CASE
        .replace(
            "  - { title: Kommunen, url: \"https://www.suldal.kommune.no/\" }\n",
            &format!(
                "  - {{ title: Fungerer, url: \"{base}/ok\" }}\n  - {{ title: Feil, url: \"{base}/error\" }}\n  - {{ title: Flytta, url: \"{base}/moved\" }}\n  - {{ title: Borte, url: \"{base}/missing\" }}\n"
            ),
        )
        .replace(
            "Tekst.",
            &format!(
                "Sjå [det som finst]({base}/ok#del) og [det som er borte]({base}/missing).\n\n\
                 Ei [flytta side]({base}/moved-away), ein [ring]({base}/loop) og\n\
                 ei [side som aldri svarar]({base}/hang)."
            ),
        );
    let p = Project::new("external", &[("content/eksempler/suldal.md", &case)]);
    let path = "content/eksempler/suldal.md";

    // Without --external nothing is fetched.
    assert_eq!(check(&p, &[]).0, 0);
    assert!(hits.lock().unwrap().is_empty());

    let started = Instant::now();
    let (code, stdout, stderr) = check(&p, &["--external", "--timeout", "2", "--format", "json"]);
    let elapsed = started.elapsed();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        elapsed < Duration::from_secs(20),
        "took {elapsed:?}: timeouts and retries must bound the run"
    );
    assert!(stderr.contains("checking 7 external links"), "{stderr}");

    let v: Value = serde_json::from_str(&stdout).unwrap();
    let got: Vec<(u64, u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["path"], path);
            assert_eq!(e["key"], "external-link");
            (
                e["line"].as_u64().unwrap(),
                e["col"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Front-matter links are reported at their URL's value, body links at their `[`.
    let fm = |u: &str| position(&case, &format!("url: \"{base}{u}\""), 5);
    let body = |label: &str| position(&case, &format!("[{label}]"), 0);
    let expected: Vec<((u64, u64), String)> = vec![
        (
            fm("/error"),
            format!("{base}/error returned HTTP 500 Internal Server Error (tried twice)"),
        ),
        (
            fm("/missing"),
            format!("{base}/missing returned HTTP 404 Not Found"),
        ),
        (
            body("det som er borte"),
            format!("{base}/missing returned HTTP 404 Not Found"),
        ),
        (
            body("flytta side"),
            format!("{base}/moved-away returned HTTP 404 Not Found (redirected to {base}/missing)"),
        ),
        (
            body("ring"),
            format!("{base}/loop redirects more than 5 times (a redirect loop?)"),
        ),
        (
            body("side som aldri svarar"),
            format!("{base}/hang timed out after 2 s (tried twice)"),
        ),
    ];
    let mut expected: Vec<(u64, u64, String)> =
        expected.into_iter().map(|((l, c), m)| (l, c, m)).collect();
    expected.sort();
    assert_eq!(got, expected);

    let hits = hits.lock().unwrap();
    assert_eq!(
        hits.get("/error"),
        Some(&2),
        "5xx is retried once: {hits:?}"
    );
    assert_eq!(
        hits.get("/hang"),
        Some(&2),
        "a timeout is retried once: {hits:?}"
    );
    assert_eq!(
        hits.get("/missing"),
        Some(&2),
        "404 is not retried (two redirects end there): {hits:?}"
    );
    assert_eq!(
        hits.get("/ok"),
        Some(&2),
        "the same URL is fetched once, plus the redirect: {hits:?}"
    );
}

#[test]
fn human_format_and_usage() {
    let (base, _) = serve();
    let case = GOOD_CASE.replace("https://www.suldal.kommune.no/", &format!("{base}/missing"));
    let p = Project::new("external-human", &[("content/eksempler/suldal.md", &case)]);
    let (code, stdout, stderr) = check(&p, &["--external", "--timeout", "2"]);
    assert_eq!(code, 1, "{stderr}");
    let (line, col) = position(&case, &format!("\"{base}/missing"), 0);
    assert_eq!(
        stdout,
        format!(
            "content/eksempler/suldal.md:{line}:{col}: error[external-link]: {base}/missing returned HTTP 404 Not Found\n"
        )
    );
    assert!(stderr.contains("1 error"), "{stderr}");
    // --timeout belongs to --external; 0 seconds is refused.
    assert_eq!(check(&p, &["--timeout", "2"]).0, 2);
    assert_eq!(check(&p, &["--external", "--timeout", "0"]).0, 2);
    // The GitHub format annotates the line.
    let (_, stdout, _) = check(&p, &["--external", "--timeout", "2", "--format", "github"]);
    assert!(
        stdout.starts_with(&format!(
            "::error file=content/eksempler/suldal.md,line={line},col={col},title=katalog [external-link]::"
        )),
        "{stdout}"
    );
}
