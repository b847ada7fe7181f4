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
