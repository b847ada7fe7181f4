//! A reader that has gone ends a command quietly: `katalog schema | head`, `katalog check
//! --format json | true` and the like exit as they would have (0, or 1 for content errors)
//! without a panic message, whether standard output or standard error lost its reader.

mod common;

use common::{GOOD_CASE, Project};
use std::process::{Command, Stdio};

const F: &str = "content/eksempler/suldal.md";

/// A pipe whose read end is already closed: every write to it fails with EPIPE, from the first
/// byte on, so the test does not depend on how much the command writes or when.
fn closed_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// `katalog ARGS --root ROOT` with standard output a closed pipe; (exit code, stderr).
fn closed_stdout(p: &Project, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_katalog"))
        .args(args)
        .arg("--root")
        .arg(&p.root)
        .stdin(Stdio::null())
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `katalog ARGS --root ROOT` with standard output and standard error closed pipes: the exit
/// code is all that is left to tell a panic (101) from a command that ended as it should.
fn closed_both(p: &Project, args: &[&str]) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_katalog"))
        .args(args)
        .arg("--root")
        .arg(&p.root)
        .stdin(Stdio::null())
        .stdout(closed_pipe())
        .stderr(closed_pipe())
        .status()
        .unwrap()
        .code()
}

fn with_errors() -> Project {
    Project::new(
        "pipes-errors",
        &[(
            F,
            &GOOD_CASE.replace("population: 3889", "population: mange"),
        )],
    )
}

#[test]
fn schema_into_a_closed_pipe_exits_0_without_a_panic() {
    let p = Project::new("pipes-schema", &[]);
    let (code, stderr) = closed_stdout(&p, &["schema"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_into_a_closed_pipe_exits_1_for_content_errors_without_a_panic() {
    let p = with_errors();
    for format in ["json", "human", "github"] {
        let (code, stderr) = closed_stdout(&p, &["check", "--format", format]);
        assert_eq!(code, Some(1), "--format {format}: {stderr}");
        assert!(!stderr.contains("panicked"), "--format {format}: {stderr}");
    }
}

#[test]
fn search_into_a_closed_pipe_exits_0_without_a_panic() {
    let p = Project::new("pipes-search", &[(F, GOOD_CASE)]);
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    for args in [&["search", "ord", "--json"][..], &["search", "grendeutval"]] {
        let (code, stderr) = closed_stdout(&p, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn messages_into_a_closed_stderr_do_not_change_the_exit_code() {
    let good = Project::new("pipes-stderr-good", &[(F, GOOD_CASE)]);
    assert_eq!(closed_both(&good, &["build"]), Some(0), "build");
    assert_eq!(closed_both(&good, &["check"]), Some(0), "check");
    let bad = with_errors();
    assert_eq!(closed_both(&bad, &["build"]), Some(1), "build with errors");
    assert_eq!(closed_both(&bad, &["check"]), Some(1), "check with errors");
    assert_eq!(
        closed_both(&bad, &["search", "ord"]),
        Some(2),
        "search without an index"
    );
}

#[test]
fn a_full_disk_on_standard_output_is_exit_2_with_a_message() {
    let p = Project::new("pipes-full", &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_katalog"))
        .args(["schema", "--root"])
        .arg(&p.root)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot write to standard output"),
        "{stderr}"
    );
}
