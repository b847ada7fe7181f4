//! The preview server under load, on loopback and bounded: a thousand concurrent requests mixed
//! with a hundred saves in about ten seconds give no failed response but the expected 404s,
//! memory stays bounded, and every open page still gets its reload.

mod common;
use common::Project;
use common::sse::{expect_event, subscribe};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn status_of(port: u16, path: &str) -> u16 {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return 0;
    };
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    if write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .is_err()
    {
        return 0;
    }
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn many_requests_and_saves_at_once() {
    let p = Project::bundled("serve-load");
    let server = common::serve(&p);
    let (pid, port) = (server.child.id(), server.port);

    // Five open pages listening for reloads.
    let pages: Vec<_> = (0..5).map(|_| subscribe(port)).collect();
    let rss_before = rss_kib(pid);

    let case_dir = p.root.join("content/eksempler");
    let case = case_dir
        .read_dir()
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .min()
        .unwrap();
    let slug = case.file_stem().unwrap().to_string_lossy().into_owned();
    let original = std::fs::read_to_string(&case).unwrap();
    let saver = {
        let case = case.clone();
        let original = original.clone();
        std::thread::spawn(move || {
            for i in 0..100 {
                std::fs::write(
                    &case,
                    original.replacen("title: \"", &format!("title: \"Lagring {i}: "), 1),
                )
                .unwrap();
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let paths: Vec<String> = vec![
        "/".into(),
        format!("/eksempler/{slug}/"),
        "/modelltype/".into(),
        "/om/".into(),
        "/static/katalog.css".into(),
        "/static/katalog.js".into(),
        "/data/facets.json".into(),
        "/finst-ikkje/".into(),
    ];
    let failures = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..50)
        .map(|w| {
            let paths = paths.clone();
            let failures = Arc::clone(&failures);
            std::thread::spawn(move || {
                for r in 0..20 {
                    let path = &paths[(w + r) % paths.len()];
                    let status = status_of(port, path);
                    let ok = if path == "/finst-ikkje/" {
                        status == 404
                    } else {
                        status == 200
                    };
                    if !ok {
                        failures.lock().unwrap().push(format!("{path}: {status}"));
                    }
                    std::thread::sleep(Duration::from_millis(((w * 7 + r * 13) % 20) as u64 * 20));
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    saver.join().unwrap();
    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} of 1000 requests failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert!(started.elapsed() < Duration::from_secs(60));

    // After the last save, every open page hears a reload.
    let counts: Vec<usize> = pages
        .iter()
        .map(|rx| rx.try_iter().filter(|(name, _)| name == "reload").count())
        .collect();
    std::fs::write(
        &case,
        original.replacen("title: \"", "title: \"Siste lagring: ", 1),
    )
    .unwrap();
    for rx in &pages {
        expect_event(rx, "reload");
    }
    assert!(
        counts.iter().all(|&c| c > 0),
        "every open page got reloads during the saves: {counts:?}"
    );
    let rss_after = rss_kib(pid);
    assert!(
        rss_after < rss_before + 200 * 1024,
        "memory grew from {rss_before} KiB to {rss_after} KiB"
    );
}
