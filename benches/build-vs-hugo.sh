#!/usr/bin/env bash
# Builds the same synthetic corpora with katalog and with Hugo, side by side in one run, and
# prints wall time and peak memory of each (medians of RUNS runs, each into a fresh folder).
#   benches/build-vs-hugo.sh [CASES...]      default: 1000 10000
# Needs: python3, hugo (apt-get install hugo), /usr/bin/time, ../shared/bench beside the repo.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bench=${KATALOG_BENCH_DIR:-$here/../shared/bench}
work=${KATALOG_BENCH_WORK:-/tmp/katalog-bench}
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
command -v hugo >/dev/null || { echo "hugo is missing: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }
(cd "$here" && cargo build --release --quiet)
katalog=$here/target/release/katalog
mkdir -p "$work"
# Hugo writes a lock file into its site folder, and shared/ is read-only.
rm -rf "$work/hugo-site" && cp -r "$bench/hugo" "$work/hugo-site" && chmod -R u+w "$work/hugo-site"

# Runs a command RUNS times; prints "median_wall_s median_peak_MiB".
measure() {
  local walls=() peaks=() i out
  for ((i = 0; i < runs; i++)); do
    "$PREPARE"
    out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -n 1)
    walls+=("${out% *}"); peaks+=("${out#* }")
  done
  python3 - "${walls[*]}" "${peaks[*]}" <<'PY'
import statistics, sys
w = [float(x) for x in sys.argv[1].split()]
p = [int(x) for x in sys.argv[2].split()]
print(f"{statistics.median(w):.2f} {statistics.median(p) / 1024:.0f}")
PY
}

printf '%-8s %-34s %8s %10s %14s\n' cases tool wall_s peak_MiB ms_per_case
for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n
  if [ ! -d "$corpus/content/eksempler" ]; then
    python3 "$bench/gen_corpus.py" --out "$corpus" --cases "$n" --seed 1 2>/dev/null
  fi
  rm -rf "$corpus/themes" && cp -r "$here/themes" "$corpus/themes"
  fresh() { rm -rf "$work/out" "$work"/.out.katalog-*; }
  old() { :; }
  report() {
    local tool=$1 result=$2
    printf '%-8s %-34s %8s %10s %14.3f\n' "$n" "$tool" "${result% *}" "${result#* }" \
      "$(python3 -c "print(${result% *} * 1000 / $n)")"
  }
  PREPARE=fresh; report "katalog (new folder)" "$(measure "$katalog" build --root "$corpus" --output "$work/out")"
  "$katalog" build --root "$corpus" --output "$work/out" >/dev/null 2>&1
  PREPARE=old; report "katalog (over its old output)" "$(measure "$katalog" build --root "$corpus" --output "$work/out")"
  PREPARE=fresh; report "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) (new folder)" \
    "$(measure hugo --quiet --source "$work/hugo-site" --contentDir "$corpus/content" --destination "$work/out")"
  PREPARE=old; report "hugo (rm -rf old output + build)" \
    "$(measure bash -c "rm -rf '$work/out' && hugo --quiet --source '$work/hugo-site' --contentDir '$corpus/content' --destination '$work/out'")"
done
rm -rf "$work/out"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
