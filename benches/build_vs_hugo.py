#!/usr/bin/env python3
"""katalog build next to Hugo on the same synthetic corpora, in one run.

    benches/build_vs_hugo.py [--cases 1000 10000] [--runs 3] [--work /tmp/katalog-bench]

For each corpus size: generates the corpus with ../shared/bench/gen_corpus.py (seed 1, once),
then times, RUNS times each, with the median reported:
  - katalog build into a new, empty folder;
  - katalog build over its previous output (the real rebuild: staging + swap + delete old);
  - hugo (Debian's, the minimal site in ../shared/bench/hugo) into a new, empty folder;
  - hugo with `rm -rf` of its previous output inside the timing.
Wall time from a monotonic clock, peak memory (max RSS) of the process tree from wait4.
Needs: python3, hugo (apt-get install hugo), cargo.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

from common import BENCH, katalog, make_corpus


def run_measured(cmd):
    """(wall seconds, peak RSS MiB) of cmd; fails loudly if cmd fails."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


def measure(cmd, runs, prepare):
    walls, peaks = [], []
    for _ in range(runs):
        prepare()
        w, p = run_measured(cmd)
        walls.append(w)
        peaks.append(p)
    return statistics.median(walls), statistics.median(peaks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/katalog-bench")
    args = ap.parse_args()
    if not shutil.which("hugo"):
        sys.exit("hugo is missing: apt-get install hugo")
    binary = katalog()
    os.makedirs(args.work, exist_ok=True)
    # Hugo writes a lock file into its site folder, and shared/ is read-only.
    hugo_site = os.path.join(args.work, "hugo-site")
    shutil.rmtree(hugo_site, ignore_errors=True)
    shutil.copytree(os.path.join(BENCH, "hugo"), hugo_site)
    out = os.path.join(args.work, "out")
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]

    def fresh():
        shutil.rmtree(out, ignore_errors=True)

    def keep():
        pass

    rows = []
    for n in args.cases:
        corpus = make_corpus(n, args.work)
        build = [binary, "build", "--root", corpus, "--output", out]
        hugo = ["hugo", "--quiet", "--source", hugo_site, "--contentDir", os.path.join(corpus, "content"),
                "--destination", out]
        rows.append((n, "katalog, new folder", *measure(build, args.runs, fresh)))
        rows.append((n, "katalog, over its old output", *measure(build, args.runs, keep)))
        rows.append((n, f"hugo {hugo_version}, new folder", *measure(hugo, args.runs, fresh)))
        rows.append((n, "hugo, rm -rf old output + build",
                     *measure(["sh", "-c", f"rm -rf '{out}' && exec \"$@\"", "sh", *hugo], args.runs, keep)))
        fresh()
    print(f"{'cases':>6}  {'tool':<36} {'wall s':>7} {'peak MiB':>9} {'ms/case':>8}")
    for n, tool, wall, peak in rows:
        print(f"{n:>6}  {tool:<36} {wall:>7.2f} {peak:>9.0f} {wall * 1000 / n:>8.3f}")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, {platform.system()} {platform.release()}; "
          f"medians of {args.runs} runs")


if __name__ == "__main__":
    main()
