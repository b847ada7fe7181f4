//! A build killed at any moment (SIGKILL, no chance to clean up) leaves the previous complete
//! site in place, byte for byte, and the next build succeeds without leaving temporary folders.

mod common;
use common::{Project, snapshot};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::process::Command;
use std::time::{Duration, Instant};

fn digest(dir: &std::path::Path) -> (usize, u64) {
    let files = snapshot(dir);
    let mut h = DefaultHasher::new();
    files.hash(&mut h);
    (files.len(), h.finish())
}

#[test]
fn killed_builds_never_damage_the_output() {
    let p = Project::generated("killed", 2000, 1);
    let bin = env!("CARGO_BIN_EXE_katalog");
    let build = || {
        Command::new(bin)
            .args(["build", "--root"])
            .arg(&p.root)
            .output()
            .unwrap()
    };

    let started = Instant::now();
    assert!(build().status.success());
    let full = started.elapsed();
    let mut complete = digest(&p.output());
    assert!(
        complete.0 > 2000,
        "a 2,000-case site has more files than cases"
    );

    // A fixed pseudo-random sequence of kill moments across the whole build.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let case = p
        .root
        .join("content/eksempler")
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let original = std::fs::read_to_string(&case).unwrap();
    let mut survived = 0;
    for round in 0..20 {
        // Each round changes the content, so a half-written new site would differ from the old one.
        std::fs::write(
            &case,
            original.replacen("title: \"", &format!("title: \"Runde {round}: "), 1),
        )
        .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = full.mul_f64((seed % 1000) as f64 / 1000.0 * 1.1);
        let mut child = Command::new(bin)
            .args(["build", "--root"])
            .arg(&p.root)
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let now = digest(&p.output());
        if now != complete {
            // Only allowed if the kill came after the swap (or the build finished): then the
            // output must be exactly the new complete site.
            let expected = p.root.join("expected");
            let out = Command::new(bin)
                .args(["build", "--root"])
                .arg(&p.root)
                .arg("--output")
                .arg(&expected)
                .output()
                .unwrap();
            assert!(out.status.success());
            assert_eq!(
                now,
                digest(&expected),
                "round {round}: killed after {wait:?}, the output is neither the old nor the new site"
            );
            std::fs::remove_dir_all(&expected).unwrap();
            complete = now;
        }
        if finished {
            survived += 1;
        }
    }
    assert!(
        survived < 20,
        "no build was killed midway; the test proves nothing"
    );

    std::fs::write(&case, &original).unwrap();
    let out = build();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<String> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("katalog-") && n != ".katalog-cache")
        .collect();
    assert!(left.is_empty(), "temporary folders left behind: {left:?}");
    // The search index's cache holds the index only, no half-written copies.
    let cache: Vec<String> = std::fs::read_dir(p.root.join(".katalog-cache"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cache, ["search"], "temporary index folders left behind");
    assert!(full < Duration::from_secs(600));
}
