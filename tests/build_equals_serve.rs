//! `katalog build` and `katalog serve` run one plan: the preview folder holds byte for byte
//! the site a build makes of the same content, after the first round and after a save. The
//! live-reload script is not in the files: the server adds it to each HTML page it sends.

mod common;
use common::sse::{expect_event, round_done, subscribe};
use common::{Project, snapshot};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The files of a build of `p` with the preview's base URL into `out`.
fn build(p: &Project, base_url: &str, out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let (code, _, err) = p.katalog(&[
        "build",
        "--base-url",
        base_url,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    snapshot(out)
}

/// Asserts two trees are the same, naming the first files that differ.
fn assert_same(preview: &[(PathBuf, Vec<u8>)], built: &[(PathBuf, Vec<u8>)], when: &str) {
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(preview), names(built), "{when}: the files differ");
    let differ: Vec<_> = preview
        .iter()
        .zip(built)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.display().to_string())
        .collect();
    assert!(differ.is_empty(), "{when}: these files differ: {differ:?}");
}

/// The body of GET `path`.
fn get(port: u16, path: &str) -> Vec<u8> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    // HTTP/1.0: the body comes whole, not in chunks (tiny_http chunks a page over 32 kB).
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    raw.split_off(at + 4)
}

#[test]
fn serve_writes_the_site_that_build_writes() {
    let p = Project::bundled("build-equals-serve");
    let tmp = common::temp_dir("build-equals-serve-tmp");
    let server = common::serve_in(&p, &tmp);
    let preview = tmp
        .join(format!("katalog-serve-{}", server.child.id()))
        .join("site");
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    // The server answers once its first round is done.
    let rx = subscribe(server.port);
    let first = build(&p, &base_url, &p.root.join("first"));
    assert_same(&snapshot(&preview), &first, "the first round");

    // A page as served is the file with the live-reload script added before </head>.
    let file = std::fs::read_to_string(preview.join("index.html")).unwrap();
    let served = String::from_utf8(get(server.port, "/")).unwrap();
    let script = "<script src=\"/__katalog/live.js\" defer></script></head>";
    assert_eq!(served.replacen(script, "</head>", 1), file);
    assert_ne!(served, file, "the live-reload script is added");

    // A save: a new title and a new word, so listings, the case, data files and the search
    // bundle all change.
    let case = std::fs::read_dir(p.root.join("content/eksempler"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let text = std::fs::read_to_string(&case).unwrap();
    let changed = text.replacen("title: \"", "title: \"Endra: ", 1);
    assert_ne!(changed, text);
    std::fs::write(&case, format!("{changed}\nEit nytt ord: qwertzkvist.\n")).unwrap();
    expect_event(&rx, "reload");
    round_done(&rx);
    let second = build(&p, &base_url, &p.root.join("second"));
    assert_ne!(first, second, "the save changed the site");
    assert_same(&snapshot(&preview), &second, "after a save");
    drop(server);
    std::fs::remove_dir_all(tmp).unwrap();
}
