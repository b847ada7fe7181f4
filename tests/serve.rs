//! `katalog serve` as an editor uses it: pages are served, every kind of save (edit, atomic
//! rename, bursts, create, delete, rename) reloads open pages with the new content, broken saves
//! show the exact error while the last good pages stay up, and no request path escapes the site.

mod common;
use common::sse::{drain, expect_event, round_done, subscribe};
use common::{GOOD_CASE, KATALOG_YAML, Project};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The whole answer to GET `path` with optional extra header lines, as bytes.
fn get_raw(port: u16, path: &str, extra: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    raw
}

/// (status, headers, body) of GET `path` with optional extra header lines.
fn get_with(port: u16, path: &str, extra: &str) -> (u16, String, String) {
    let raw = get_raw(port, path, extra);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// The body of a 200 answer to GET `path`, as bytes (a file of the search bundle is gzip data).
fn get_bytes(port: u16, path: &str) -> Vec<u8> {
    let mut raw = get_raw(port, path, "");
    assert!(raw.starts_with(b"HTTP/1.1 200"), "{path}");
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    raw.split_off(end)
}

fn get(port: u16, path: &str) -> (u16, String) {
    let (status, _, body) = get_with(port, path, "");
    (status, body)
}

const CASE: &str = "content/eksempler/suldal.md";

#[test]
fn saves_of_every_kind_reload_with_new_content() {
    let p = Project::new("serve-edit", &[(CASE, GOOD_CASE)]);
    let server = common::serve(&p);
    let (status, body) = get(server.port, "/eksempler/suldal/");
    assert_eq!(status, 200);
    assert!(body.contains("Suldal: grendeutval"));
    assert!(
        body.contains("/__katalog/live.js"),
        "live reload script injected"
    );
    let rx = subscribe(server.port);

    // A plain save.
    p.write(
        CASE,
        &GOOD_CASE.replace("Suldal: grendeutval", "Suldal: ny tittel"),
    );
    expect_event(&rx, "reload");
    assert!(
        get(server.port, "/eksempler/suldal/")
            .1
            .contains("Suldal: ny tittel")
    );

    // Write to a temporary file, then rename over the case (vim, JetBrains, some VS Code setups).
    let tmp = p.root.join("content/eksempler/.suldal.md.swp");
    std::fs::write(
        &tmp,
        GOOD_CASE.replace("Suldal: grendeutval", "Suldal: atomisk lagra"),
    )
    .unwrap();
    std::fs::rename(&tmp, p.root.join(CASE)).unwrap();
    expect_event(&rx, "reload");
    assert!(
        get(server.port, "/eksempler/suldal/")
            .1
            .contains("Suldal: atomisk lagra")
    );

    // A burst of 50 saves in one second ends with the last one shown.
    round_done(&rx);
    drain(&rx);
    for i in 0..50 {
        p.write(
            CASE,
            &GOOD_CASE.replace("Suldal: grendeutval", &format!("Suldal: lagring {i}")),
        );
        // An editor's pace, not a wait for the server.
        std::thread::sleep(Duration::from_millis(20));
    }
    expect_event(&rx, "reload");
    for _ in 0..50 {
        if get(server.port, "/eksempler/suldal/")
            .1
            .contains("Suldal: lagring 49")
        {
            break;
        }
        round_done(&rx);
    }
    assert!(
        get(server.port, "/eksempler/suldal/")
            .1
            .contains("Suldal: lagring 49"),
        "the last save of the burst never showed"
    );

    // Create, rename and delete cases. The burst's last round may still be on its way: each
    // step waits for the reload that shows it.
    p.write(
        "content/eksempler/ny-sak.md",
        &GOOD_CASE.replace("Suldal: grendeutval", "Suldal: ny sak"),
    );
    reload_shows(&rx, "the new case", || {
        get(server.port, "/eksempler/ny-sak/").0 == 200
    });
    std::fs::rename(
        p.root.join("content/eksempler/ny-sak.md"),
        p.root.join("content/eksempler/omdoypt.md"),
    )
    .unwrap();
    reload_shows(&rx, "the renamed case", || {
        get(server.port, "/eksempler/ny-sak/").0 == 404
            && get(server.port, "/eksempler/omdoypt/").0 == 200
    });
    std::fs::remove_file(p.root.join("content/eksempler/omdoypt.md")).unwrap();
    reload_shows(&rx, "the deleted case gone", || {
        get(server.port, "/eksempler/omdoypt/").0 == 404
    });

    // A case moved out of eksempler/ and back.
    std::fs::rename(p.root.join(CASE), p.root.join("suldal.md")).unwrap();
    reload_shows(&rx, "the case moved out gone", || {
        get(server.port, "/eksempler/suldal/").0 == 404
    });
    std::fs::rename(p.root.join("suldal.md"), p.root.join(CASE)).unwrap();
    reload_shows(&rx, "the case moved back", || {
        get(server.port, "/eksempler/suldal/").0 == 200
    });
}

/// Waits for reloads until one shows what `check` looks for (a reload of an earlier round may
/// come first).
fn reload_shows(rx: &Events, what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..10 {
        expect_event(rx, "reload");
        if check() {
            return;
        }
    }
    panic!("no reload showed {what}");
}

/// How many cases `katalog search` finds for `word` in `p`'s index.
fn search_hits(p: &Project, word: &str) -> u64 {
    let (code, out, err) = p.katalog(&["search", "--json", word]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["total"].as_u64().unwrap()
}

/// Whether the served search bundle holds `word` (a term as the analyzer leaves it), in the
/// shard that would hold it.
fn served_bundle_has(port: u16, word: &str) -> bool {
    let json = |path: &str| common::json_of_gzip(&get_bytes(port, path)).unwrap();
    let meta = json("/search/meta.json.gz");
    let shards = meta["shards"].as_array().unwrap();
    let k = shards
        .iter()
        .rposition(|s| s.as_str().unwrap() <= word)
        .unwrap_or(0);
    json(&format!("/search/shards/{k}.json.gz"))["terms"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t[0] == word)
}

/// Waits until a round has done all its work; then `katalog search` finds `word` in one case
/// and the served bundle holds it.
fn word_reaches_search(p: &Project, rx: &Events, port: u16, word: &str) {
    round_done(rx);
    assert_eq!(
        search_hits(p, word),
        1,
        "katalog search did not find the saved word"
    );
    assert!(
        served_bundle_has(port, word),
        "the served search bundle did not get the saved word"
    );
}

type Events = std::sync::mpsc::Receiver<(String, String)>;

#[test]
fn a_saved_word_is_found_by_katalog_search_and_in_the_served_bundle() {
    const WORD: &str = "qwertzkvist";
    let p = Project::new("serve-search", &[(CASE, GOOD_CASE)]);
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    assert_eq!(search_hits(&p, WORD), 0);
    assert!(!served_bundle_has(server.port, WORD));

    p.write(CASE, &format!("{GOOD_CASE}\nEit nytt ord: {WORD}.\n"));
    expect_event(&rx, "reload");
    word_reaches_search(&p, &rx, server.port, WORD);
}

#[test]
fn a_save_during_the_work_after_a_reload_leaves_no_part_of_it_undone() {
    // Large enough that the search index and bundle take a while after each reload: the
    // stylesheet save below arrives during that work, which yields to it.
    const WORD: &str = "qwertzkvist";
    let p = Project::generated("serve-yield", 1500, 3);
    p.write("themes/default/static/ekstra.css", "body { color: black }");
    let case = std::fs::read_dir(p.root.join("content/eksempler"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            !text.contains("draft: true")
        })
        .min()
        .unwrap();
    let server = common::serve(&p);
    let rx = subscribe(server.port);

    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, format!("{text}\nEit nytt ord: {WORD}.\n")).unwrap();
    expect_event(&rx, "reload");
    p.write("themes/default/static/ekstra.css", "body { color: navy }");
    expect_event(&rx, "css");
    // A stylesheet save alone keeps the index and bundle; after a round whose work was cut
    // short, they must still follow the content save.
    word_reaches_search(&p, &rx, server.port, WORD);
}

#[test]
fn a_stylesheet_save_keeps_the_search_index_and_bundle_as_they_are() {
    use std::os::unix::fs::MetadataExt;
    let p = Project::new("serve-css", &[(CASE, GOOD_CASE)]);
    p.write("themes/default/static/ekstra.css", "body { color: black }");
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    // The index is stored through a new folder renamed into place: a new inode each time.
    let index = || {
        std::fs::metadata(p.root.join(".katalog-cache/search"))
            .unwrap()
            .ino()
    };
    let before = index();
    let meta = get(server.port, "/search/meta.json.gz");
    assert_eq!(meta.0, 200);

    p.write("themes/default/static/ekstra.css", "body { color: navy }");
    expect_event(&rx, "css");
    round_done(&rx);
    assert_eq!(
        index(),
        before,
        "a stylesheet save rebuilt the search index"
    );
    assert_eq!(
        get(server.port, "/search/meta.json.gz"),
        meta,
        "the served bundle changed"
    );
    assert_eq!(search_hits(&p, "grendeutval"), 1);

    // A content save still rebuilds it.
    p.write(CASE, &format!("{GOOD_CASE}\nEin ny setning.\n"));
    expect_event(&rx, "reload");
    round_done(&rx);
    assert_ne!(
        index(),
        before,
        "a content save did not rebuild the search index"
    );
}

#[test]
fn turning_search_off_and_on_again_takes_it_out_of_the_preview_and_back() {
    let p = Project::new("serve-search-off", &[(CASE, GOOD_CASE)]);
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    let has_box = || get(server.port, "/").1.contains("id=\"search-q\"");
    assert_eq!(get(server.port, "/search/meta.json.gz").0, 200);
    assert_eq!(get(server.port, "/static/search/search.js").0, 200);
    assert_eq!(get(server.port, "/sok/").0, 200);
    assert!(has_box());

    p.write(
        "content/katalog.yaml",
        &format!("search: false\n{KATALOG_YAML}"),
    );
    expect_event(&rx, "reload");
    assert!(!has_box(), "the front page still has a search box");
    assert_eq!(get(server.port, "/sok/").0, 404);
    round_done(&rx);
    assert_eq!(
        get(server.port, "/search/meta.json.gz").0,
        404,
        "the search bundle stayed in the preview"
    );
    assert_eq!(get(server.port, "/static/search/search.js").0, 404);
    assert!(
        !p.root.join(".katalog-cache/search").exists(),
        "the old index is kept"
    );

    p.write("content/katalog.yaml", KATALOG_YAML);
    expect_event(&rx, "reload");
    assert!(has_box());
    round_done(&rx);
    assert_eq!(
        get(server.port, "/search/meta.json.gz").0,
        200,
        "the search bundle did not come back"
    );
    assert_eq!(get(server.port, "/static/search/search.js").0, 200);
    assert_eq!(search_hits(&p, "grendeutval"), 1);
}

#[test]
fn related_cases_come_back_when_search_is_turned_on_again() {
    let p = Project::bundled("serve-related-back");
    let config = std::fs::read_to_string(p.root.join("content/katalog.yaml")).unwrap();
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    let related = || {
        get(server.port, "/eksempler/suldal-grendeutval/")
            .1
            .contains("class=\"related\"")
    };
    assert!(related());

    p.write("content/katalog.yaml", &format!("search: false\n{config}"));
    expect_event(&rx, "reload");
    assert!(!related(), "related cases without search");

    p.write("content/katalog.yaml", &config);
    expect_event(&rx, "reload");
    round_done(&rx);
    assert!(related(), "the related cases did not come back");
}

#[test]
fn deleted_static_and_media_files_leave_the_preview() {
    let p = Project::new("serve-delete", &[(CASE, GOOD_CASE)]);
    p.write("themes/default/static/ekstra.css", "body { color: black }");
    p.write("content/media/kart.txt", "eit kart");
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    assert_eq!(get(server.port, "/static/ekstra.css").0, 200);
    assert_eq!(get(server.port, "/media/kart.txt").0, 200);

    std::fs::remove_file(p.root.join("themes/default/static/ekstra.css")).unwrap();
    std::fs::remove_file(p.root.join("content/media/kart.txt")).unwrap();
    expect_event(&rx, "reload");
    round_done(&rx);
    assert_eq!(
        get(server.port, "/static/ekstra.css").0,
        404,
        "the deleted stylesheet is still served"
    );
    assert_eq!(
        get(server.port, "/media/kart.txt").0,
        404,
        "the deleted media file is still served"
    );
    assert_eq!(get(server.port, "/static/katalog.css").0, 200);
    assert_eq!(get(server.port, "/eksempler/suldal/").0, 200);
}

#[test]
fn ctrl_c_and_sigterm_stop_the_server_and_remove_its_preview_folder() {
    use std::process::{Command, Stdio};
    let p = Project::new("serve-stop", &[(CASE, GOOD_CASE)]);
    for signal in ["INT", "TERM"] {
        let tmp = common::temp_dir(&format!("serve-stop-tmp-{signal}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_katalog"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&p.root)
            .env("TMPDIR", &tmp)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let started = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("at http://127.0.0.1:"));
        assert!(started, "serve did not start");
        let previews = || std::fs::read_dir(&tmp).unwrap().count();
        assert_eq!(previews(), 1, "the preview folder is in TMPDIR");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        // Waits for the process to end, up to a bound.
        let pid = child.id().to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        let status = match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(status) => status.unwrap(),
            Err(_) => {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                panic!("SIG{signal} did not stop the server");
            }
        };
        assert!(status.success(), "SIG{signal}: {status}");
        assert_eq!(previews(), 0, "SIG{signal} left the preview folder behind");
        std::fs::remove_dir_all(tmp).unwrap();
    }
}

#[test]
fn broken_saves_show_the_error_and_keep_the_last_good_pages() {
    let p = Project::new("serve-error", &[(CASE, GOOD_CASE)]);
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    p.write(
        CASE,
        &GOOD_CASE.replace(
            "model_types: [naerdemokrati]",
            "model_types: [naerdemokratii]",
        ),
    );
    let data = expect_event(&rx, "errors");
    let errors: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        errors[0]["text"],
        "content/eksempler/suldal.md:7:15: error[model_types[0]]: unknown model type \"naerdemokratii\"; did you mean \"naerdemokrati\"? (valid: innbyggerpanel, naerdemokrati, digitale-verktoy)"
    );
    let (status, body) = get(server.port, "/eksempler/suldal/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("Suldal: grendeutval"));
    // A page opened now gets the errors at once.
    let late = subscribe(server.port);
    assert!(expect_event(&late, "errors").contains("naerdemokratii"));
    p.write(CASE, GOOD_CASE);
    expect_event(&rx, "reload");
}

/// A heading renamed in one case is an error in the case that links to it, though only the
/// renamed case was saved; named back, the preview heals.
#[test]
fn a_renamed_heading_is_an_error_where_another_case_links_to_it() {
    let linking = "content/eksempler/bergen.md";
    let p = Project::new(
        "serve-heading",
        &[
            (CASE, GOOD_CASE),
            (
                linking,
                &GOOD_CASE.replace("Tekst.", "Sjå [Suldal](suldal.md#lokaldemokratimodellen)."),
            ),
        ],
    );
    let server = common::serve(&p);
    let rx = subscribe(server.port);
    p.edit(CASE, |t| {
        t.replace("## Lokaldemokratimodellen", "## Lokaldemokratimodell")
    });
    let data = expect_event(&rx, "errors");
    let errors: serde_json::Value = serde_json::from_str(&data).unwrap();
    let line = GOOD_CASE.lines().position(|l| l == "Tekst.").unwrap() + 1;
    assert_eq!(
        errors[0]["text"],
        format!(
            "{linking}:{line}:5: error[link]: links to suldal.md#lokaldemokratimodellen, which is no heading in suldal.md; did you mean \"suldal.md#lokaldemokratimodell\"?"
        )
    );
    p.write(CASE, GOOD_CASE);
    expect_event(&rx, "reload");
}

#[test]
fn starts_on_broken_content_and_heals() {
    let p = Project::new(
        "serve-broken",
        &[(
            CASE,
            &GOOD_CASE.replace("population: 3889", "population: mange"),
        )],
    );
    let server = common::serve(&p);
    let (status, body) = get(server.port, "/");
    assert_eq!(status, 500);
    assert!(body.contains("content/eksempler/suldal.md:6:13: error[population]: must be a whole number, found text"), "{body}");
    let rx = subscribe(server.port);
    p.write(CASE, GOOD_CASE);
    expect_event(&rx, "reload");
    assert_eq!(get(server.port, "/eksempler/suldal/").0, 200);
}

#[test]
fn serving_is_correct_and_never_leaves_the_site() {
    let p = Project::new("serve-paths", &[(CASE, GOOD_CASE)]);
    p.write("hemmeleg.txt", "SECRET-OUTSIDE-SITE");
    p.write("content/media/bilde.png", "PNG");
    let server = common::serve(&p);
    let port = server.port;

    let (status, head, body) = get_with(port, "/static/katalog.css", "");
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    let etag = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("ETag: ")
                .or_else(|| l.strip_prefix("etag: "))
        })
        .expect("an ETag")
        .to_string();
    let (status, _, _) = get_with(
        port,
        "/static/katalog.css",
        &format!("If-None-Match: {etag}\r\n"),
    );
    assert_eq!(status, 304);
    assert!(!body.is_empty());
    let (_, head, _) = get_with(port, "/media/bilde.png", "");
    assert!(
        head.to_lowercase().contains("content-type: image/png"),
        "{head}"
    );
    let (status, _, _) = get_with(port, "/eksempler/suldal", "");
    assert_eq!(status, 301, "folders without a slash redirect");
    let (status, body) = get(port, "/eksempler/");
    assert_eq!(status, 404, "no directory listing");
    assert!(!body.contains("suldal/"), "no directory listing");
    let (status, body) = get(port, "/finst-ikkje/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the theme's 404 page");

    let hostile = [
        "/../hemmeleg.txt",
        "/../../hemmeleg.txt",
        "/%2e%2e/hemmeleg.txt",
        "/%2E%2E/%2E%2E/hemmeleg.txt",
        "/..%2fhemmeleg.txt",
        "/..%2Fhemmeleg.txt",
        "/%2e%2e%2fhemmeleg.txt",
        "/static/../../hemmeleg.txt",
        "/static/%2e%2e/%2e%2e/hemmeleg.txt",
        "/..\\hemmeleg.txt",
        "/%5c..%5chemmeleg.txt",
        "/static\\..\\..\\hemmeleg.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/%00",
        "/index.html%00",
        "/index.html%00.txt",
        "/C:/Windows/win.ini",
        "/c:%5cwindows",
        "/%c0%ae%c0%ae/hemmeleg.txt",
        "/%e0%80%ae%e0%80%ae/hemmeleg.txt",
        "/.katalog-output",
        "/.%2e/hemmeleg.txt",
        "/%252e%252e/hemmeleg.txt",
        "/....//hemmeleg.txt",
        "/static/./../hemmeleg.txt",
        "/%zz",
        "/%",
        "/eksempler/%2e%2e/%2e%2e/%2e%2e/hemmeleg.txt",
        "/%2e%2e%5chemmeleg.txt",
        "/proc/self/environ",
        "/..;/hemmeleg.txt",
    ];
    for path in hostile {
        let (status, body) = get(port, path);
        assert!(status == 400 || status == 404, "{path} gave {status}");
        assert!(
            !body.contains("SECRET-OUTSIDE-SITE") && !body.contains("root:x:0"),
            "{path} leaked a file"
        );
    }
}
