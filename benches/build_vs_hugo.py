#!/usr/bin/env python3
"""katalog build next to Hugo on the same synthetic corpora, in one run.

    benches/build_vs_hugo.py [--cases 1000 10000] [--runs 3] [--work /tmp/katalog-bench]

For each corpus size: generates the corpus with benches/corpus/gen_corpus.py (seed 1, once),
then times, RUNS times each, katalog and Hugo taking turns, with the median reported:
  - katalog build into a new folder;
  - the same with `search: false` in katalog.yaml (no search index, bundle or related cases:
    the pages and data files, like for like with the Hugo site, which has no search);
  - hugo (Debian's, the minimal site in benches/corpus/hugo) into a new folder;
  - katalog build over its previous output (the real rebuild: staging + swap + delete old),
    with and without search;
  - hugo with `rm -rf` of its previous output inside the timing.
The new-folder timings run first, for every size, then the rebuilds (which delete). A new
folder is one never used before; outputs are deleted only after the last timing (and any left
over before the first), and no timing starts within common.RECENTLY_DELETED_S of a deletion by
a benchmark, so that no tool pays for what the benchmark itself deleted.
Wall time from a monotonic clock; peak memory (max RSS) and user and system CPU time of the
process tree from wait4. Then the parts of the output at 10,000 cases (or the largest size)
beside Hugo's site plus Pagefind's bundle of it (quick.py's cache), and issue 34's goals on the
build (half Hugo's wall and peak, new folder and over the old output; per-case cost flat within
20 % from the smallest size; 100,000 cases under 2 minutes and 4 GB) as met or not met:
`--cases 1000 10000 100000` gives every one.
Needs: python3, hugo (apt-get install hugo), cargo.
"""

import argparse
import os
import platform
import statistics

from common import Folders, Hugo, Measured, katalog, make_corpus, met, parts, print_parts, run_measured, without_search
from quick import peers


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/katalog-bench")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    hugo = Hugo(args.work)
    binary = katalog()
    folders = Folders(os.path.join(args.work, "out"))

    def katalog_cmd(corpus, out):
        return [binary, "build", "--root", corpus, "--output", out]

    corpora = {n: make_corpus(n, args.work) for n in args.cases}
    plain = {n: without_search(corpora[n]) for n in args.cases}
    # Each tool's command for n cases into out.
    tools = {"katalog": lambda n, out: katalog_cmd(corpora[n], out),
             "katalog-plain": lambda n, out: katalog_cmd(plain[n], out),
             "hugo": lambda n, out: hugo.build(corpora[n], out)}
    # The previous outputs of the rebuild timings, made before any timing.
    old = {(n, tool): folders.new(f"{tool}-old") for n in args.cases for tool in tools}
    for (n, tool), out in old.items():
        run_measured(tools[tool](n, out))

    def kinds(n):
        h_old = old[(n, "hugo")]
        return {
            "katalog, new folder": lambda: tools["katalog"](n, folders.new("katalog")),
            "katalog search: false, new folder":
                lambda: tools["katalog-plain"](n, folders.new("katalog-plain")),
            f"hugo {hugo.version}, new folder": lambda: tools["hugo"](n, folders.new("hugo")),
            "katalog, over its old output": lambda: tools["katalog"](n, old[(n, "katalog")]),
            "katalog search: false, over its old output":
                lambda: tools["katalog-plain"](n, old[(n, "katalog-plain")]),
            "hugo, rm -rf old output + build":
                lambda: ["sh", "-c", f"rm -rf '{h_old}' && exec \"$@\"", "sh", *tools["hugo"](n, h_old)],
        }

    figures = {(n, kind): [] for n in args.cases for kind in kinds(n)}
    # The new-folder timings first, for every size, the tools taking turns; then the
    # rebuilds, which delete (and so slow down whatever creates files in the next minute).
    for phase in (slice(0, 3), slice(3, 6)):
        for n in args.cases:
            for _ in range(args.runs):
                for kind, cmd in list(kinds(n).items())[phase]:
                    figures[(n, kind)].append(run_measured(cmd()))
    rows = [(n, kind, *(statistics.median(r[i] for r in runs) for i in range(len(Measured._fields))))
            for (n, kind), runs in figures.items()]
    # The parts of the output at 10,000 cases (or the largest size), katalog's beside Hugo's
    # plus Pagefind's bundle of it (quick.py's cache, made untimed when missing).
    pn = 10000 if 10000 in args.cases else max(args.cases)
    ours = parts(old[(pn, "katalog")])
    peer = peers(pn, corpora[pn], args.work, hugo)[0]["parts"]
    folders.remove()
    print(f"{'cases':>6}  {'tool':<44} {'wall s':>7} {'peak MiB':>9} {'ms/case':>8} {'user s':>7} {'sys s':>7}")
    for n, tool, wall, peak, user, system in rows:
        print(f"{n:>6}  {tool:<44} {wall:>7.2f} {peak:>9.0f} {wall * 1000 / n:>8.3f} {user:>7.2f} {system:>7.2f}")
    medians = {(n, tool): (wall, peak) for n, tool, wall, peak, *_ in rows}
    for n in args.cases:
        hugo_new = medians[(n, f"hugo {hugo.version}, new folder")]
        for tool in ("katalog, new folder", "katalog search: false, new folder"):
            wall, peak = medians[(n, tool)]
            print(f"{n:>6}  {tool} / hugo: wall {wall / hugo_new[0]:.0%}, peak {peak / hugo_new[1]:.0%}")
        hugo_old = medians[(n, "hugo, rm -rf old output + build")][0]
        for tool in ("katalog, over its old output", "katalog search: false, over its old output"):
            print(f"{n:>6}  {tool} / hugo rm -rf + build: wall {medians[(n, tool)][0] / hugo_old:.0%}")
    print_parts(ours, peer, "hugo+pf")
    print(f"(parts at {pn} cases)")
    # Issue 34's goals on the build.
    for n in args.cases:
        for ours_kind, hugo_kind in (("katalog, new folder", f"hugo {hugo.version}, new folder"),
                                     ("katalog, over its old output", "hugo, rm -rf old output + build")):
            (wall, peak), (hwall, hpeak) = medians[(n, ours_kind)], medians[(n, hugo_kind)]
            print(f"goal at {n} cases, {ours_kind}: at most half Hugo's wall and peak: "
                  f"{met(wall <= hwall / 2 and peak <= hpeak / 2)} (wall {wall / hwall:.0%}, peak {peak / hpeak:.0%})")
    per_case = {n: medians[(n, "katalog, new folder")][0] / n for n in args.cases}
    low = min(args.cases)
    for n in sorted(args.cases)[1:]:
        change = per_case[n] / per_case[low] - 1
        print(f"goal: per-case cost flat within 20 % from {low} to {n} cases: {met(abs(change) <= 0.2)} "
              f"({per_case[low] * 1000:.3f} -> {per_case[n] * 1000:.3f} ms a case, {change:+.0%})")
    if 100000 in args.cases:
        wall, peak = medians[(100000, "katalog, new folder")]
        print(f"goal: 100,000 cases in under 2 min and within 4 GB peak: {met(wall < 120 and peak < 4096)} "
              f"({wall:.1f} s, {peak:.0f} MiB)")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, {platform.system()} {platform.release()}; "
          f"medians of {args.runs} runs")


if __name__ == "__main__":
    main()
