//! What the case page adds for editors: "Sist endret" from the last git commit that touched the
//! case's file (with `updated` in the front matter winning, and a build without git or outside a
//! checkout that simply has no dates), and the "Foreslå endring" link built from `edit_url`.

mod common;
use common::{GOOD_CASE, Project, temp_dir};
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` as a fixed person at a fixed time, untouched by the machine's git config.
fn git(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Redaktør",
            "-c",
            "user.email=redaktor@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git is needed for this test");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The date in the "Sist endret" row of a case page, if there is one.
fn last_changed(html: &str) -> Option<String> {
    let row = &html[html.find("<dt>Sist endret</dt>")?..];
    let start = row.find("datetime=\"")? + "datetime=\"".len();
    Some(row[start..start + 10].to_string())
}

fn case(updated: Option<&str>) -> String {
    match updated {
        Some(d) => GOOD_CASE.replace("draft: false", &format!("updated: {d}\ndraft: false")),
        None => GOOD_CASE.to_string(),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn katalog(root: &Path, path_env: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_katalog"));
    cmd.arg("build").arg("--root").arg(root);
    cmd.env_remove("GIT_DIR").env_remove("GIT_WORK_TREE");
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn page(root: &Path, slug: &str) -> String {
    std::fs::read_to_string(root.join(format!("output/eksempler/{slug}/index.html"))).unwrap()
}

#[test]
fn last_changed_comes_from_git_and_updated_wins() {
    // The catalogue lives in a subfolder of the repository, as it may in a real one: git names
    // files from the top, katalog from its root.
    let p = Project::new(
        "git-dates",
        &[
            ("content/eksempler/alfa.md", &case(None)),
            ("content/eksempler/beta.md", &case(None)),
            ("content/eksempler/gamma.md", &case(Some("2024-02-01"))),
        ],
    );
    let repo = temp_dir("git-repo");
    let site = repo.join("katalog");
    copy_tree(&p.root, &site);
    git(&repo, "2024-03-05T12:00:00+00:00", &["init", "-q"]);
    git(&repo, "2024-03-05T12:00:00+00:00", &["add", "-A"]);
    git(
        &repo,
        "2024-03-05T12:00:00+00:00",
        &["commit", "-q", "-m", "Tre eksempler"],
    );
    std::fs::write(
        site.join("content/eksempler/beta.md"),
        case(None).replace("Tekst.", "Tekst, retta."),
    )
    .unwrap();
    git(
        &repo,
        "2024-06-20T09:30:00+00:00",
        &["commit", "-q", "-a", "-m", "Retta beta"],
    );

    let (code, stderr) = katalog(&site, None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        last_changed(&page(&site, "alfa")).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(
        last_changed(&page(&site, "beta")).as_deref(),
        Some("2024-06-20")
    );
    // `updated` in the front matter wins over git.
    assert_eq!(
        last_changed(&page(&site, "gamma")).as_deref(),
        Some("2024-02-01")
    );
    let beta = page(&site, "beta");
    assert!(
        beta.contains(
            "<dt>Sist endret</dt>\n    <dd><time datetime=\"2024-06-20\">20. juni 2024</time></dd>"
        ),
        "{beta}"
    );
    // The published date stays what the front matter says.
    assert!(beta.contains("<time datetime=\"2024-01-15\">"));
    let sitemap = std::fs::read_to_string(site.join("output/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("eksempler/beta/</loc><lastmod>2024-06-20</lastmod>"),
        "{sitemap}"
    );

    // Without git on the PATH the build succeeds, quietly, and only `updated` is shown.
    let _ = std::fs::remove_dir_all(site.join("output"));
    let (code, stderr) = katalog(&site, Some(""));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(last_changed(&page(&site, "alfa")), None);
    assert_eq!(
        last_changed(&page(&site, "gamma")).as_deref(),
        Some("2024-02-01")
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn outside_a_checkout_there_are_no_dates_and_no_noise() {
    let p = Project::new(
        "no-git",
        &[
            ("content/eksempler/alfa.md", &case(None)),
            ("content/eksempler/gamma.md", &case(Some("2024-02-01"))),
        ],
    );
    let (code, stderr) = katalog(&p.root, None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "only the summary line: {stderr}");
    assert!(stderr.starts_with("built 2 cases"), "{stderr}");
    assert_eq!(last_changed(&page(&p.root, "alfa")), None);
    assert_eq!(
        last_changed(&page(&p.root, "gamma")).as_deref(),
        Some("2024-02-01")
    );
}

#[test]
fn edit_link_points_at_the_case_file() {
    let p = Project::new(
        "edit-url",
        &[("content/eksempler/suldal-grendeutval.md", GOOD_CASE)],
    );
    p.write(
        "content/katalog.yaml",
        &format!(
            "{}edit_url: https://github.com/ORG/REPO/edit/main/content/{{path}}\n",
            common::KATALOG_YAML
        ),
    );
    let (code, _, stderr) = p.katalog(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let html = p.read("eksempler/suldal-grendeutval/index.html");
    assert!(
        html.contains("<a href=\"https://github.com/ORG/REPO/edit/main/content/eksempler/suldal-grendeutval.md\">Foreslå en endring i dette eksempelet</a>"),
        "{html}"
    );
    // Without edit_url there is no such link.
    p.write("content/katalog.yaml", common::KATALOG_YAML);
    assert_eq!(p.katalog(&["build"]).0, 0);
    assert!(
        !p.read("eksempler/suldal-grendeutval/index.html")
            .contains("/edit/main/")
    );
}
