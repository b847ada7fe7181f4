#!/usr/bin/env python3
"""katalog's search next to Pagefind 1.6 on the same synthetic corpus, in one run.

    benches/search_vs_pagefind.py [--cases 10000] [--runs 3] [--browser-runs 7]
                                  [--link RTT_MS:KBIT_S] [--work /tmp/katalog-search-bench]

Generates the corpus with benches/corpus/gen_corpus.py (seed 1, once), installs Pagefind
(benches/package.json, pinned in benches/package-lock.json, `npm ci` into the git-ignored
benches/node_modules) and then, RUNS times each, medians reported:
  - `katalog build` (the release binary; the build includes the tantivy index and the static
    search bundle) into a new, empty folder;
  - Hugo (Debian's, the minimal site in benches/corpus/hugo) into a new, empty folder, and
    `pagefind --site` on Hugo's output into a new bundle folder: "Hugo + Pagefind";
  - `pagefind --site` on katalog's own output, the pages katalog's search covers (the case
    pages and the other pages: --glob, the <main> element minus the related cases), everything
    indexed as one language (--force-language nb: katalog searches bokmål and nynorsk cases
    together, Pagefind would otherwise split them by <html lang>) into a new bundle folder.
Wall time from a monotonic clock, peak memory (max RSS) from wait4. Every timing writes into a
new folder; outputs are deleted only after the browser runs (and any left over before the
first timing), and no timing starts within common.RECENTLY_DELETED_S of a deletion by a
benchmark (see benches/common.py). Then the bundles' size on disk, and, in headless Chromium
(benches/search_in_browser.mjs), for each query: the bytes a cold browser downloads, the bytes
of a second query (both counted through playwright-core's DevTools network events), and the time
in the page, from separate runs with no DevTools domain enabled (see that script for exactly
what is counted and timed). With --link (e.g. 150:1600, Lighthouse's "slow 4G"), the browser
runs once more, katalog and Pagefind on katalog's site, over that link as the test server
models it (search_in_browser.mjs): a round trip per request and a shared bandwidth.
Then the parts of both outputs (katalog's; Hugo's plus Pagefind's bundle of it) with issue 34's
goals on bytes and files, and with --queries its goals on each query's cold bytes and the p95
time from nothing, each as met or not met: `--queries queries.txt` prints every goal of the
search in one run.
Needs: python3, hugo (apt-get install hugo), cargo, node and npm, /usr/bin/chromium, and the
repository's node_modules (playwright-core; tests/run installs it).
"""

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys

from common import HERE, REPO, Folders, Hugo, add_parts, katalog, make_corpus, parts, print_parts, run_measured

QUERIES = ["innbyggerpanel", "aksjonsdelrapport", "deltakende budsjettering"]
# Run before each query for the "second query" figures: a common word none of them shares.
PRIMER = "ungdomsråd"
# The engines of a query-set run (--queries): katalog and Pagefind on the same site.
KATALOG = "katalog"
PEER = "pagefind, katalog's site"
# What Pagefind indexes of katalog's site: the pages katalog's index holds, not the listings,
# term pages or the print page; the page's <main> without the related cases (other cases'
# titles, which katalog does not index either).
PAGEFIND_ON_KATALOG = ["--glob", "{eksempler/*/index.html,om/index.html}", "--root-selector", "main",
                       "--exclude-selectors", ".related", "--force-language", "nb"]


def pagefind_binary():
    """Installs the pinned Pagefind into benches/node_modules and returns its native binary."""
    modules = os.path.join(HERE, "node_modules")
    marker = os.path.join(modules, ".package-lock.json")
    lock = os.path.join(HERE, "package-lock.json")
    if not os.path.exists(marker) or os.path.getmtime(lock) > os.path.getmtime(marker):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    bindir = os.path.join(modules, "@pagefind", "linux-x64", "bin")
    for name in ("pagefind", "pagefind_extended"):
        if os.path.exists(os.path.join(bindir, name)):
            return os.path.join(bindir, name)
    sys.exit(f"no Pagefind binary in {bindir} (only linux-x64 is set up here)")


def tree_size(path):
    """(files, bytes, bytes on disk) under path."""
    files = size = disk = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            files += 1
            size += st.st_size
            disk += st.st_blocks * 512
    return files, size, disk


def in_browser(config, work, name):
    """search_in_browser.mjs on config (written to WORK/NAME.json); its result, also kept in
    WORK/NAME-result.json."""
    config_path = os.path.join(work, name + ".json")
    with open(config_path, "w") as f:
        json.dump(config, f)
    result = json.loads(subprocess.run(["node", os.path.join(HERE, "search_in_browser.mjs"), config_path],
                                       cwd=REPO, check=True, stdout=subprocess.PIPE, text=True).stdout)
    with open(os.path.join(work, name + "-result.json"), "w") as f:
        json.dump(result, f, indent=1)
    return result


def per_query(browser, runs, slow, link):
    """The three queries' table, every engine and figure."""
    print(f"\nin Chromium, medians of {runs}: kB on the wire (requests), ms in the page with no "
          f"DevTools domain on (cold ms*: with playwright's network events on, as the bytes are counted)")
    print(f"{'query':<26} {'engine':<26} {'cold kB':>12} {'cold ms':>8} {'cold ms*':>8} {'focus ms':>8} "
          f"{'2nd kB':>12} {'2nd ms':>7} {'again ms':>8} {'results':>7}")
    for q in QUERIES:
        for name, result in browser["engines"].items():
            r = result[q]
            print(f"{q:<26} {name:<26} {r['cold']['bytes'] / 1000:>7.1f} ({r['cold']['requests']:>2}) "
                  f"{r['cold']['ms']:>8.1f} {r['cold']['instrumented_ms']:>8.1f} {r['focused']['ms']:>8.1f} "
                  f"{r['second']['bytes'] / 1000:>7.1f} ({r['second']['requests']:>2}) "
                  f"{r['second']['ms']:>7.1f} {r['warm']['ms']:>8.1f} {r['total']:>7}")
        k = browser["engines"]["katalog"][q]["cold"]["bytes"]
        for peer in ("pagefind, katalog's site", "pagefind, hugo's site"):
            p = browser["engines"][peer][q]["cold"]["bytes"]
            print(f"{'':<26} katalog / {peer}: {k / p:.0%} of the bytes (goal: at most 25 %)")

    if slow:
        print(f"\nover a link of {link.replace(':', ' ms round trip, ')} kbit/s, medians of 3: "
              f"ms in the page")
        print(f"{'query':<26} {'engine':<26} {'cold ms':>8} {'focus ms':>8} {'2nd ms':>7}")
        for q in QUERIES:
            for name, result in slow["engines"].items():
                r = result[q]
                print(f"{q:<26} {name:<26} {r['cold']['ms']:>8.0f} {r['focused']['ms']:>8.0f} {r['second']['ms']:>7.0f}")


def read_queries(path):
    """The queries of a query-set file: one a line, blank lines and # comments skipped."""
    with open(path, encoding="utf-8") as f:
        return [q for q in (line.strip() for line in f) if q and not q.startswith("#")]


def percentile(xs, p):
    """The p-th percentile of xs, nearest rank (p95 of 100 values is the 95th smallest)."""
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def query_set(browser, queries, runs):
    """The query set: per query katalog's and Pagefind's cold and focused figures, then their
    p50, p95 and worst, the ratios, and done-when 4's goal lines."""
    k, p = browser["engines"][KATALOG], browser["engines"][PEER]
    print(f"\nin Chromium, medians of {runs} per query: kB on the wire, ms in the page (no "
          f"DevTools domain on); cold: from nothing, focus: after the box's focus loaded the engine")
    print(f"{'query':<36} {'results':>7} {'cold kB':>8} {'pf kB':>8} {'ratio':>6} {'cold ms':>8} {'pf ms':>8} "
          f"{'focus kB':>8} {'pf kB':>8} {'focus ms':>8} {'pf ms':>8}")
    for q in queries:
        a, b = k[q], p[q]
        print(f"{q:<36} {a['total']:>7} {a['cold']['bytes'] / 1000:>8.1f} {b['cold']['bytes'] / 1000:>8.1f} "
              f"{a['cold']['bytes'] / b['cold']['bytes']:>6.0%} {a['cold']['ms']:>8.1f} {b['cold']['ms']:>8.1f} "
              f"{a['focused']['bytes'] / 1000:>8.1f} {b['focused']['bytes'] / 1000:>8.1f} "
              f"{a['focused']['ms']:>8.1f} {b['focused']['ms']:>8.1f}")
    print(f"\n{'over ' + str(len(queries)) + ' queries':<28} {'katalog p50':>11} {'p95':>8} {'worst':>8} "
          f"{'pagefind p50':>12} {'p95':>8} {'worst':>8} {'p95 ratio':>9}")
    summary = {}
    for kind in ("cold", "focused"):
        for what, unit, scale in (("bytes", "kB", 1000), ("ms", "ms", 1)):
            ks = [k[q][kind][what] / scale for q in queries]
            ps = [p[q][kind][what] / scale for q in queries]
            row = [percentile(ks, 50), percentile(ks, 95), max(ks), percentile(ps, 50), percentile(ps, 95), max(ps)]
            summary[(kind, what)] = row
            print(f"{kind + ' ' + unit:<28} {row[0]:>11.1f} {row[1]:>8.1f} {row[2]:>8.1f} {row[3]:>12.1f} "
                  f"{row[4]:>8.1f} {row[5]:>8.1f} {row[1] / row[4]:>9.0%}")
    over = [q for q in queries if k[q]["cold"]["bytes"] > p[q]["cold"]["bytes"] / 4]
    worst = max(queries, key=lambda q: k[q]["cold"]["bytes"] / p[q]["cold"]["bytes"])
    ratio = k[worst]["cold"]["bytes"] / p[worst]["cold"]["bytes"]
    print(f"\ngoal: every query's cold bytes at most a quarter of Pagefind's: {'met' if not over else 'not met'} "
          f"(highest {ratio:.0%}, {worst!r}{'; over: ' + ', '.join(over) if over else ''})")
    kp95, pp95 = summary[("cold", "ms")][1], summary[("cold", "ms")][4]
    print(f"goal: katalog's p95 ms from nothing at most a tenth of Pagefind's: "
          f"{'met' if kp95 <= pp95 / 10 else 'not met'} ({kp95:.1f} ms / {pp95:.1f} ms = {kp95 / pp95:.0%})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--browser-runs", type=int, default=7)
    ap.add_argument("--link", help="RTT_MS:KBIT_S: time the queries over such a link as well")
    ap.add_argument("--work", default="/tmp/katalog-search-bench")
    ap.add_argument("--katalog", help="a katalog binary to measure instead of this tree's release build")
    ap.add_argument("--queries", help="a file of queries, one a line: measure the whole set (see above)")
    args = ap.parse_args()
    queries = read_queries(args.queries) if args.queries else QUERIES
    load = os.getloadavg()[0]
    pagefind = pagefind_binary()
    pagefind_version = subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout.strip()
    os.makedirs(args.work, exist_ok=True)
    # A copy: other work in this tree may rebuild target/release/katalog during the run.
    binary = os.path.join(args.work, "katalog")
    shutil.copy2(args.katalog or katalog(), binary)
    corpus = make_corpus(args.cases, args.work)
    hugo = Hugo(args.work)
    folders = Folders(os.path.join(args.work, "out"))
    out = {}

    def katalog_build():
        out["katalog-site"] = folders.new("katalog-site")
        return [binary, "build", "--root", corpus, "--output", out["katalog-site"]]

    def hugo_build():
        out["hugo-site-out"] = folders.new("hugo-site")
        return hugo.build(corpus, out["hugo-site-out"])

    def pagefind_hugo():
        out["pagefind-hugo"] = folders.new("pagefind-hugo")
        return [pagefind, "--quiet", "--site", out["hugo-site-out"], "--output-path", out["pagefind-hugo"]]

    def pagefind_katalog():
        out["pagefind-katalog"] = folders.new("pagefind-katalog")
        return [pagefind, "--quiet", "--site", out["katalog-site"], "--output-path", out["pagefind-katalog"],
                *PAGEFIND_ON_KATALOG]

    steps = {
        "katalog build": katalog_build,
        "hugo": hugo_build,
        "pagefind on hugo's site": pagefind_hugo,
        "pagefind on katalog's site": pagefind_katalog,
    }
    times = {name: [] for name in steps}
    for _ in range(args.runs):
        # In dependency order: each Pagefind indexes its site's latest build, each into a folder
        # of its own (see common.Folders: nothing is deleted between timings).
        for name, cmd in steps.items():
            times[name].append(run_measured(cmd()))
    med = {name: (statistics.median(m.wall for m in t), statistics.median(m.peak for m in t))
           for name, t in times.items()}

    sizes = {
        "katalog output/search/": tree_size(os.path.join(out["katalog-site"], "search")),
        "pagefind/ of katalog's site": tree_size(out["pagefind-katalog"]),
    }
    sizes["pagefind/ of hugo's site"] = tree_size(out["pagefind-hugo"])
    site_parts = parts(out["katalog-site"])
    peer_parts = add_parts(parts(out["hugo-site-out"]), parts(out["pagefind-hugo"], "pagefind"))

    config = {
        "site": out["katalog-site"],
        "mounts": {"/pagefind/": out["pagefind-katalog"] + "/", "/pagefind-hugo/": out.get("pagefind-hugo", "") + "/"},
        "engines": [
            {"name": "katalog", "kind": "katalog", "base": "/search/", "gzip": True},
            {"name": "katalog, no gzip", "kind": "katalog", "base": "/search/", "gzip": False},
            {"name": "pagefind, katalog's site", "kind": "pagefind", "base": "/pagefind/", "gzip": True},
            {"name": "pagefind, hugo's site", "kind": "pagefind", "base": "/pagefind-hugo/", "gzip": True},
        ],
        "queries": queries,
        "primer": PRIMER,
        "runs": args.browser_runs,
        "limit": 10,
    }
    if args.queries:
        config["engines"] = [e for e in config["engines"] if e["name"] in (KATALOG, PEER)]
        del config["mounts"]["/pagefind-hugo/"]
        # A hundred queries and more: no second-query step, and no warm-up run of each.
        config["second"] = False
        config["warmup"] = False
    browser = in_browser(config, args.work, "browser")
    slow = None
    if args.link:
        rtt, kbit = (float(x) for x in args.link.split(":"))
        # Three runs: over the modelled link the times vary little, and Pagefind's take seconds.
        engines = [e for e in config["engines"] if e["name"] in ("katalog", "pagefind, katalog's site")]
        slow = in_browser(dict(config, engines=engines, runs=3, link={"rtt_ms": rtt, "kbit_s": kbit}),
                          args.work, "browser-link")

    print(f"{args.cases} cases, seed 1; {hugo.version} (hugo), {pagefind_version}")
    print(f"\n{'index time (medians of ' + str(args.runs) + ')':<40} {'wall s':>7} {'peak MiB':>9}")
    for name, (wall, peak) in med.items():
        print(f"{name:<40} {wall:>7.2f} {peak:>9.0f}")
    hp = med["hugo"][0] + med["pagefind on hugo's site"][0]
    print(f"{'hugo + pagefind':<40} {hp:>7.2f}")
    print(f"katalog build / (hugo + pagefind): {med['katalog build'][0] / hp:.0%}")

    print(f"\n{'bundle on disk':<32} {'files':>7} {'MB':>8} {'MB on disk':>11}")
    for name, (files, size, disk) in sizes.items():
        print(f"{name:<32} {files:>7} {size / 1e6:>8.1f} {disk / 1e6:>11.1f}")

    print_parts(site_parts, peer_parts, "hugo+pf")

    if args.queries:
        query_set(browser, queries, args.browser_runs)
    else:
        per_query(browser, args.browser_runs, slow, args.link)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\nmachine: {os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, {platform.system()} {platform.release()}, "
          f"{chromium}; load average before the run: {load:.1f}")
    print(f"per-file detail: {os.path.join(args.work, 'browser-result.json')}")
    folders.remove()


if __name__ == "__main__":
    main()
