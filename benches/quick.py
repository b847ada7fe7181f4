#!/usr/bin/env python3
"""The quick loop: did this change help? Output bytes and files by part, and each query's cold
bytes, next to Hugo's and Pagefind's, in a few minutes, no browser.

    benches/quick.py [--cases 10000] [--queries benches/queries.txt ...] [--katalog BIN]
                     [--work /tmp/katalog-quick]

Builds katalog's site once (corpus from benches/corpus/gen_corpus.py, seed 1, made once in
WORK) and prints, per part of the output (case pages, search bundle, municipality pages,
listings and term pages, data files, the rest, whole output), its bytes (the sum of file sizes)
and files beside Hugo's site plus Pagefind's bundle of it, with the goals of issue 34 (the
bundle at most Pagefind's, the whole output at most Hugo's plus Pagefind's, in bytes and in
files) as met or not met. Then, for each query file, each query's cold bytes under node
(benches/cold_bytes.mjs: katalog's own client over the built bundle, Pagefind's pagefind.js
over its bundle of katalog's site, indexed as search_vs_pagefind.py does), their p50, p95 and
worst, and the goal (every query at most a quarter of Pagefind's) as met or not met.

The peers' figures are kept in benches/.cache/ (git-ignored), one file per corpus size, seed
and tool version (Hugo's, Pagefind's), and are made only when missing: a first run builds Hugo's
site and both Pagefind bundles (about two minutes at 10,000 cases), later runs only katalog.
Pagefind's bundle of katalog's site is of the site as it was then built (the pages' <main>:
the case pages and the about page), kept for queries added later. Delete the cache file to
measure them again. Times are not compared here (see build_vs_hugo.py and
search_vs_pagefind.py): the build's wall time and peak memory are printed for orientation only.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time

from common import HERE, Hugo, add_parts, katalog, make_corpus, parts, print_parts, run_measured
from search_vs_pagefind import PAGEFIND_ON_KATALOG, pagefind_binary, percentile, read_queries

SEED = 1
CACHE = os.path.join(HERE, ".cache")
def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def cold_bytes(engine, where, queries, work):
    """benches/cold_bytes.mjs's figures for queries: {query: {bytes, files, total}}."""
    qfile = os.path.join(work, f"queries-{engine}.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    out = subprocess.run(["node", os.path.join(HERE, "cold_bytes.mjs"), engine, where, qfile],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


def peers(n, corpus, work, hugo, site=None, queries=()):
    """The peers' cached figures for n cases (see above): {"parts": Hugo's site plus Pagefind's
    bundle of it, "queries": {query: Pagefind's cold bytes on katalog's site}}, made where
    missing (queries need katalog's built site), with the cache file and Pagefind's version."""
    pagefind = pagefind_binary()
    pf_version = subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout.split()[-1]
    os.makedirs(CACHE, exist_ok=True)
    cache_file = os.path.join(CACHE, f"peers-{n}-seed{SEED}-hugo{hugo.version}-pagefind{pf_version}.json")
    try:
        with open(cache_file, encoding="utf-8") as f:
            cache = json.load(f)
    except (OSError, ValueError):
        cache = {}
    if "parts" not in cache:
        print("(building Hugo's site and Pagefind's bundle of it, once: see benches/quick.py)", file=sys.stderr)
        hugo_site = fresh(os.path.join(work, "hugo-site-out"))
        bundle = fresh(os.path.join(work, "pagefind-hugo"))
        run_measured(hugo.build(corpus, hugo_site))
        run_measured([pagefind, "--quiet", "--site", hugo_site, "--output-path", bundle])
        cache["parts"] = add_parts(parts(hugo_site), parts(bundle, "pagefind"))
        shutil.rmtree(hugo_site)
        shutil.rmtree(bundle)
    cache.setdefault("queries", {})
    missing = sorted(set(queries) - set(cache["queries"]))
    if missing:
        print(f"(Pagefind's cold bytes of {len(missing)} queries, once: indexing katalog's site)", file=sys.stderr)
        bundle = fresh(os.path.join(work, "pagefind-katalog"))
        run_measured([pagefind, "--quiet", "--site", site, "--output-path", bundle, *PAGEFIND_ON_KATALOG])
        cache["queries"].update(cold_bytes("pagefind", bundle, missing, work))
    with open(cache_file + ".tmp", "w", encoding="utf-8") as f:
        json.dump(cache, f, indent=1, ensure_ascii=False)
    os.replace(cache_file + ".tmp", cache_file)
    return cache, cache_file, pf_version


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--queries", nargs="*", default=[os.path.join(HERE, "queries.txt")])
    ap.add_argument("--katalog", help="a katalog binary to measure instead of this tree's release build")
    ap.add_argument("--work", default="/tmp/katalog-quick")
    args = ap.parse_args()
    started = time.monotonic()
    os.makedirs(args.work, exist_ok=True)
    binary = os.path.join(args.work, "katalog")
    shutil.copy2(args.katalog or katalog(), binary)
    corpus = make_corpus(args.cases, args.work)
    site = fresh(os.path.join(args.work, "katalog-site"))
    build = run_measured([binary, "build", "--root", corpus, "--output", site])
    ours = parts(site)

    hugo = Hugo(args.work)
    query_sets = {path: read_queries(path) for path in args.queries}
    queries = sorted({q for qs in query_sets.values() for q in qs})
    cache, cache_file, pf_version = peers(args.cases, corpus, args.work, hugo, site, queries)
    peer = cache["parts"]

    print(f"{args.cases} cases, seed {SEED}; katalog build {build.wall:.2f} s, peak {build.peak:.0f} MiB "
          f"(one run, for orientation); peers: {hugo.version} + pagefind {pf_version} (cached: {cache_file})")
    print_parts(ours, peer, "hugo+pf")

    for path, queries in query_sets.items():
        k = cold_bytes("katalog", site, queries, args.work)
        p = cache["queries"]
        ratio = {q: k[q]["bytes"] / p[q]["bytes"] for q in queries}
        over = sorted((q for q in queries if ratio[q] > 0.25), key=lambda q: -ratio[q])
        print(f"\n{os.path.basename(path)}: {len(queries)} queries, cold kB (gzipped, under node) katalog / "
              f"pagefind, over a quarter: {len(over)}")
        for q in over:
            print(f"  {q:<40} {k[q]['bytes'] / 1000:>7.1f} / {p[q]['bytes'] / 1000:>7.1f} kB  {ratio[q]:>5.0%}  "
                  f"({k[q]['files']} files, {k[q]['total']} results)")
        ks = [k[q]["bytes"] / 1000 for q in queries]
        ps = [p[q]["bytes"] / 1000 for q in queries]
        print(f"  katalog p50 {percentile(ks, 50):.1f} kB, p95 {percentile(ks, 95):.1f}, worst {max(ks):.1f}; "
              f"pagefind p50 {percentile(ps, 50):.1f}, p95 {percentile(ps, 95):.1f}, worst {max(ps):.1f}")
        worst = max(queries, key=lambda q: ratio[q])
        print(f"  goal: every query's cold bytes at most a quarter of Pagefind's: {'met' if not over else 'not met'} "
              f"(highest {ratio[worst]:.0%}, {worst!r}; {len(over)} of {len(queries)} over)")
    print(f"\nquick run: {math.ceil(time.monotonic() - started)} s")


if __name__ == "__main__":
    main()
