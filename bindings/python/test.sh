#!/usr/bin/env bash
# Builds the coshare Python package into <repo>/.venv and runs its tests:
# pytest: shared vectors, typed API, pandas, the README snippet, and
# mypy.stubtest (the stubs match the module). Needs python3 (3.10+), pip and
# the Rust toolchain; fetches maturin, pytest, pandas, pyarrow, matplotlib,
# mypy and dask (the recipe of splits in parts) from PyPI.
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

"$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2" pytest pandas pyarrow matplotlib mypy "dask[distributed,dataframe]"
# The same build as `pip install ./bindings/python` (a release build by
# maturin), with the venv's maturin instead of a fresh isolated one.
"$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation \
    --force-reinstall --no-deps "$here"

cd "$here"
# tests/test_stubs.py runs mypy.stubtest on the installed package.
"$py" -m pytest -q tests "$@"
echo "bindings/python: all tests passed"
