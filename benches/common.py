"""What the benchmark scripts share: the release binary and the synthetic corpora."""

import os
import shutil
import subprocess
import sys

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
