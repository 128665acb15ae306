#!/usr/bin/env bash
# Bounded fuzz run of every target, one after another, for CI:
#   fuzz/run.sh [SECONDS]        (default 60 seconds per target)
# Installs cargo-fuzz if missing, seeds the corpora (seed.sh), builds the
# targets once, then runs each with one job. Exits non-zero on the first
# finding; the crashing input is under fuzz/artifacts/<target>/.
# Environment: FUZZ_TARGETS="ledger_json csv" to run a subset;
# COSHARE_FUZZ_CACHE (default ~/.cache/coshare/fuzz) keeps the instrumented
# build and each target's corpus between runs, outside the clone, so that a
# CI run on a clean clone rebuilds only what changed and starts from the
# inputs the last run found.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
targets="${FUZZ_TARGETS:-ledger_json structured csv dates}"
cache="${COSHARE_FUZZ_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/coshare/fuzz}"
mkdir -p "$cache/target" "$cache/corpus"
if ! cargo fuzz --version >/dev/null 2>&1; then
  # --locked can fail when a pinned dependency was yanked; then resolve afresh.
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
./seed.sh
start=$(date +%s)
cargo +nightly fuzz build --target-dir "$cache/target"
echo "== fuzz build: $(( $(date +%s) - start ))s (cache: $cache)"
for t in $targets; do
  echo "== fuzz $t for ${seconds}s"
  start=$(date +%s)
  # The seeds (corpus/$t) and the kept corpus; new inputs go to the kept one.
  mkdir -p "$cache/corpus/$t"
  cargo +nightly fuzz run --target-dir "$cache/target" "$t" "$cache/corpus/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -print_final_stats=1
  echo "== fuzz $t: no finding in $(( $(date +%s) - start ))s"
done
