#!/usr/bin/env bash
# Builds the coshare Python package into <repo>/.venv and runs its tests:
# pytest: shared vectors, typed API, pandas, the README snippet, and
# mypy.stubtest (the stubs match the module). Needs python3 (3.10+), pip and
# the Rust toolchain; fetches maturin, pytest, pandas, pyarrow, matplotlib,
# mypy, dask and pyspark (the recipes of splits in parts) from PyPI. Spark
# needs Java 17+: when `java` is not on PATH, installs Debian's
# openjdk-17-jre-headless with apt-get (apt-get update first; through sudo
# when not root).
#
#   bindings/python/test.sh [pytest args...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.venv"
# Share the workspace's target directory so the Rust build is cached.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
py="$venv/bin/python"
# The maturin build backend runs `maturin` from PATH.
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" pytest pandas pyarrow matplotlib mypy "dask[distributed,dataframe]" \
    "pyspark>=4.0,<5"
# The same build as `pip install ./bindings/python` (a release build by
# maturin), with the venv's maturin instead of a fresh isolated one.
"$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation \
    --force-reinstall --no-deps "$here"

# tests/test_spark.py starts a local Spark (pyspark 4 runs on Java 17+).
if ! command -v java >/dev/null 2>&1; then
    echo "bindings/python: no java on PATH; installing openjdk-17-jre-headless for tests/test_spark.py"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless
    command -v java >/dev/null 2>&1 || { echo "bindings/python: java still not on PATH" >&2; exit 1; }
fi

cd "$here"
# tests/test_stubs.py runs mypy.stubtest on the installed package.
"$py" -m pytest -q tests "$@"
echo "bindings/python: all tests passed"
