#!/usr/bin/env bash
# Bounded fuzz run of every target, one after another, for CI:
#   fuzz/run.sh [SECONDS]        (default 60 seconds per target)
# Installs cargo-fuzz if missing, seeds the corpora (seed.sh), builds the
# targets once, then runs each with one job. Exits non-zero on the first
# finding; the crashing input is under fuzz/artifacts/<target>/.
# Environment: FUZZ_TARGETS="ledger_json csv" to run a subset.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
targets="${FUZZ_TARGETS:-ledger_json structured csv dates}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  # --locked can fail when a pinned dependency was yanked; then resolve afresh.
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
./seed.sh
cargo +nightly fuzz build
for t in $targets; do
  echo "== fuzz $t for ${seconds}s"
  start=$(date +%s)
  cargo +nightly fuzz run "$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -print_final_stats=1
  echo "== fuzz $t: no finding in $(( $(date +%s) - start ))s"
done
