"""What the benchmark scripts share: the release binary and the synthetic corpora."""

import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BENCH = os.environ.get("KATALOG_BENCH_DIR", os.path.join(REPO, "..", "shared", "bench"))


def katalog():
    """Builds the release binary and returns its path."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return os.path.join(REPO, "target", "release", "katalog")


def make_corpus(n, work):
    """The n-case corpus (seed 1) under work, generated once, with the repository's themes."""
    path = os.path.join(work, f"corpus-{n}")
    if not os.path.isdir(os.path.join(path, "content", "eksempler")):
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--out", path,
                        "--cases", str(n), "--seed", "1"], check=True, stderr=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(path, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(path, "themes"))
    return path


# How long ext4 treats a deleted inode as recently deleted (fs/ext4/ialloc.c, RECENTCY_MIN):
# on a file system without a journal, as on these machines, creating a file skips every inode
# deleted that recently, so a build right after deleting a large tree pays for the deletion
# (seen here: 300 µs per created file instead of 30). Waited out once, after clearing the work
# folder, so that no tool's figures depend on what the benchmark itself deleted before it.
RECENTLY_DELETED_S = 60


def clean_slate(folder):
    """Empties folder (deleting earlier runs' outputs) and, if anything was deleted, syncs and
    waits until ext4 no longer counts those inodes as recently deleted."""
    had = os.path.isdir(folder) and any(os.scandir(folder))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    if had:
        os.sync()
        print(f"(waiting {RECENTLY_DELETED_S + 5} s after deleting earlier outputs: see common.py)",
              file=sys.stderr)
        time.sleep(RECENTLY_DELETED_S + 5)


class Folders:
    """New output folders under one parent, each never used before, deleted at the end."""

    def __init__(self, parent):
        self.parent = parent
        self.count = 0
        clean_slate(parent)

    def new(self, name):
        self.count += 1
        return os.path.join(self.parent, f"{self.count}-{name}")

    def remove(self):
        shutil.rmtree(self.parent, ignore_errors=True)
