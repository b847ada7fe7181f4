"""What the benchmark scripts share: the release binary, the synthetic corpora, Hugo, timing a
command, and output folders that no timing pays the deletion of."""

import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def katalog():
    """Builds the release binary and returns its path."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return os.path.join(REPO, "target", "release", "katalog")


class Hugo:
    """Debian's hugo on the minimal site of benches/corpus/hugo, copied into work: Hugo writes
    a lock file into its site folder, which is not to land in the checkout."""

    def __init__(self, work):
        if not shutil.which("hugo"):
            sys.exit("hugo is missing: apt-get install hugo")
        self.site = os.path.join(work, "hugo-site")
        shutil.rmtree(self.site, ignore_errors=True)
        shutil.copytree(os.path.join(CORPUS, "hugo"), self.site)
        self.version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]

    def build(self, corpus, out):
        """The command that renders corpus's content into out."""
        return ["hugo", "--quiet", "--source", self.site, "--contentDir", os.path.join(corpus, "content"),
                "--destination", out]


Measured = collections.namedtuple("Measured", "wall peak user system")


def run_measured(cmd):
    """Measured(wall s, peak RSS MiB, user s, system s) of cmd, from a monotonic clock and
    wait4; fails loudly if cmd fails."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.stderr.close()
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{err}")
    return Measured(wall, usage.ru_maxrss / 1024, usage.ru_utime, usage.ru_stime)


def make_corpus(n, work):
    """The n-case corpus (seed 1) under work, generated once, with the repository's themes."""
    path = os.path.join(work, f"corpus-{n}")
    if not os.path.isdir(os.path.join(path, "content", "eksempler")):
        subprocess.run([sys.executable, os.path.join(CORPUS, "gen_corpus.py"), "--out", path,
                        "--cases", str(n), "--seed", "1"], check=True, stderr=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(path, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(path, "themes"))
    return path


def without_search(corpus):
    """A root beside corpus with the same content (hard links, made once) and `search: false`
    in its katalog.yaml: the site without the search index, its bundle and related cases."""
    path = corpus + "-no-search"
    content = os.path.join(path, "content")
    if not os.path.isdir(os.path.join(content, "eksempler")):
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(os.path.join(corpus, "content"), content, copy_function=os.link)
    config = os.path.join(content, "katalog.yaml")
    with open(os.path.join(corpus, "content", "katalog.yaml"), encoding="utf-8") as f:
        text = f.read()
    os.unlink(config)  # never write through a hard link into the corpus
    with open(config, "w", encoding="utf-8") as f:
        f.write("search: false\n" + text)
    shutil.rmtree(os.path.join(path, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(corpus, "themes"), os.path.join(path, "themes"))
    return path


# How long after deleting a large tree file creation stays slow here. These machines' disk is ext4
# without a journal, where creating a file skips the inodes deleted recently (the kernel's
# recently_deleted(): 60 s, 300 s while the inode table block is dirty), which perf shows taking
# half of a build's system time. Measured with the 10,000-case build (benches/README.md): 4.2 s
# with nothing deleted lately, 6.5 s right after deleting a previous output, 9.7 s 65 s after,
# 8.7 s 150 s after, 4.9 s 320 s after. So no timing starts sooner than this after a deletion
# by a benchmark, and the benchmarks delete only before their first and after their last timing.
RECENTLY_DELETED_S = 330
# When a benchmark last deleted outputs, for the next one (any work folder: one file system).
DELETED_STAMP = os.path.join(tempfile.gettempdir(), "katalog-bench-deleted-at")


def deleted_outputs():
    """Notes that outputs were deleted now (see RECENTLY_DELETED_S)."""
    os.sync()
    with open(DELETED_STAMP, "w") as f:
        f.write(str(time.time()))


def wait_for_recent_deletions():
    """Sleeps until RECENTLY_DELETED_S have passed since a benchmark last deleted outputs."""
    try:
        with open(DELETED_STAMP) as f:
            left = float(f.read()) + RECENTLY_DELETED_S - time.time()
    except (OSError, ValueError):
        return
    if left > 0:
        print(f"(waiting {left:.0f} s: outputs were deleted lately; see benches/common.py)", file=sys.stderr)
        time.sleep(left)


class Folders:
    """New output folders under one parent, each never used before; deleted at the end (and any
    left from an earlier run at the start), never between timings."""

    def __init__(self, parent):
        self.parent = parent
        self.count = 0
        if os.path.isdir(parent) and any(os.scandir(parent)):
            shutil.rmtree(parent)
            deleted_outputs()
        os.makedirs(parent, exist_ok=True)
        wait_for_recent_deletions()

    def new(self, name):
        self.count += 1
        return os.path.join(self.parent, f"{self.count}-{name}")

    def remove(self):
        shutil.rmtree(self.parent, ignore_errors=True)
        deleted_outputs()


# The parts of a site's output that issue 34 weighs, by the folder at its root.
PARTS = ["case pages", "search bundle", "municipality pages", "listings and term pages", "data files", "other"]
LISTINGS = ("modelltype", "fylke", "landsdel", "malgruppe", "storrelse", "side",
            # Hugo's taxonomies (benches/corpus/hugo/config.toml)
            "model_types", "target_groups")


def part_of(rel):
    """The part of the output that the file at rel (relative, /-separated) belongs to."""
    top = rel.split("/", 1)[0]
    if top == "eksempler":
        return "case pages"
    if top in ("search", "pagefind"):
        return "search bundle"
    if top == "kommune":
        return "municipality pages"
    if top in LISTINGS:
        return "listings and term pages"
    if top == "data":
        return "data files"
    return "other"


def parts(root, under=""):
    """{part: [bytes, files]} of the files under root, each counted as if at under/rel."""
    sums = {p: [0, 0] for p in PARTS}
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            rel = os.path.join(under, os.path.relpath(path, root)).replace(os.sep, "/")
            s = sums[part_of(rel)]
            s[0] += os.path.getsize(path)
            s[1] += 1
    return sums


def add_parts(a, b):
    """The sum of two parts tables."""
    return {p: [a[p][0] + b[p][0], a[p][1] + b[p][1]] for p in PARTS}


def print_parts(ours, peer, peer_name):
    """The parts table, katalog's beside the peer's (Hugo's site plus Pagefind's bundle), and
    issue 34's two goals on bytes and files as met or not met."""
    print(f"\n{'part':<26} {'katalog MB':>11} {'files':>7} {'kB/file':>8}   {peer_name + ' MB':>11} {'files':>7} "
          f"{'kB/file':>8}")
    whole = [sum(ours[p][0] for p in PARTS), sum(ours[p][1] for p in PARTS)]
    peer_whole = [sum(peer[p][0] for p in PARTS), sum(peer[p][1] for p in PARTS)]

    def per(b, n):
        return f"{b / n / 1000:>8.1f}" if n else f"{'-':>8}"

    for name, (b, n), (pb, pn) in [*((p, ours[p], peer[p]) for p in PARTS), ("whole output", whole, peer_whole)]:
        print(f"{name:<26} {b / 1e6:>11.1f} {n:>7} {per(b, n)}   {pb / 1e6:>11.1f} {pn:>7} {per(pb, pn)}")
    sb, pb = ours["search bundle"], peer["search bundle"]
    print(f"goal: search bundle at most Pagefind's in bytes and files: {met(sb[0] <= pb[0] and sb[1] <= pb[1])} "
          f"({sb[0] / pb[0]:.0%} of its bytes, {sb[1] / pb[1]:.0%} of its files)")
    print(f"goal: whole output at most Hugo's + Pagefind's in bytes and files: "
          f"{met(whole[0] <= peer_whole[0] and whole[1] <= peer_whole[1])} "
          f"({whole[0] / peer_whole[0]:.0%} of the bytes, {whole[1] / peer_whole[1]:.0%} of the files)")


def met(ok):
    return "met" if ok else "not met"
