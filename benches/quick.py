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

from common import HERE, Hugo, katalog, make_corpus, run_measured
from search_vs_pagefind import PAGEFIND_ON_KATALOG, pagefind_binary, percentile, read_queries

SEED = 1
CACHE = os.path.join(HERE, ".cache")
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
    if top in ("data", "schema") or ("/" not in rel and not rel.endswith(".html")):
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
    pagefind = pagefind_binary()
    pf_version = subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout.split()[-1]
    os.makedirs(CACHE, exist_ok=True)
    cache_file = os.path.join(CACHE, f"peers-{args.cases}-seed{SEED}-hugo{hugo.version}-pagefind{pf_version}.json")
    try:
        with open(cache_file, encoding="utf-8") as f:
            cache = json.load(f)
    except (OSError, ValueError):
        cache = {}
    if "parts" not in cache:
        print("(building Hugo's site and Pagefind's bundle of it, once: see --help)", file=sys.stderr)
        hugo_site = fresh(os.path.join(args.work, "hugo-site-out"))
        bundle = fresh(os.path.join(args.work, "pagefind-hugo"))
        run_measured(hugo.build(corpus, hugo_site))
        run_measured([pagefind, "--quiet", "--site", hugo_site, "--output-path", bundle])
        peer = parts(hugo_site)
        for p, (b, n) in parts(bundle, "pagefind").items():
            peer[p][0] += b
            peer[p][1] += n
        cache["parts"] = peer
    cache.setdefault("queries", {})
    query_sets = {path: read_queries(path) for path in args.queries}
    missing = sorted({q for qs in query_sets.values() for q in qs} - set(cache["queries"]))
    if missing:
        print(f"(Pagefind's cold bytes of {len(missing)} queries, once: indexing katalog's site)", file=sys.stderr)
        bundle = fresh(os.path.join(args.work, "pagefind-katalog"))
        run_measured([pagefind, "--quiet", "--site", site, "--output-path", bundle, *PAGEFIND_ON_KATALOG])
        cache["queries"].update(cold_bytes("pagefind", bundle, missing, args.work))
    with open(cache_file + ".tmp", "w", encoding="utf-8") as f:
        json.dump(cache, f, indent=1, ensure_ascii=False)
    os.replace(cache_file + ".tmp", cache_file)
    peer = cache["parts"]

    print(f"{args.cases} cases, seed {SEED}; katalog build {build.wall:.2f} s, peak {build.peak:.0f} MiB "
          f"(one run, for orientation); peers: {hugo.version} + pagefind {pf_version} (cached: {cache_file})")
    print(f"\n{'part':<26} {'katalog MB':>11} {'files':>7} {'kB/file':>8}   {'hugo+pf MB':>11} {'files':>7} "
          f"{'kB/file':>8}")
    whole = [sum(ours[p][0] for p in PARTS), sum(ours[p][1] for p in PARTS)]
    peer_whole = [sum(peer[p][0] for p in PARTS), sum(peer[p][1] for p in PARTS)]
    for name, (b, n), (pb, pn) in [*((p, ours[p], peer[p]) for p in PARTS), ("whole output", whole, peer_whole)]:
        per = lambda b, n: f"{b / n / 1000:>8.1f}" if n else f"{'-':>8}"
        print(f"{name:<26} {b / 1e6:>11.1f} {n:>7} {per(b, n)}   {pb / 1e6:>11.1f} {pn:>7} {per(pb, pn)}")
    met = lambda ok: "met" if ok else "not met"
    sb, pb = ours["search bundle"], peer["search bundle"]
    print(f"\ngoal: search bundle at most Pagefind's in bytes and files: {met(sb[0] <= pb[0] and sb[1] <= pb[1])} "
          f"({sb[0] / pb[0]:.0%} of its bytes, {sb[1] / pb[1]:.0%} of its files)")
    print(f"goal: whole output at most Hugo's + Pagefind's in bytes and files: "
          f"{met(whole[0] <= peer_whole[0] and whole[1] <= peer_whole[1])} "
          f"({whole[0] / peer_whole[0]:.0%} of the bytes, {whole[1] / peer_whole[1]:.0%} of the files)")

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
        print(f"  goal: every query's cold bytes at most a quarter of Pagefind's: {met(not over)} "
              f"(highest {ratio[worst]:.0%}, {worst!r}; {len(over)} of {len(queries)} over)")
    print(f"\nquick run: {math.ceil(time.monotonic() - started)} s")


if __name__ == "__main__":
    main()
