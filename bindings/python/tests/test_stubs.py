"""The type stubs match the module, as mypy.stubtest sees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_stubs_match_the_module(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    # Run outside the source tree so the installed package (with its native module) is checked.
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "coshare", "--mypy-config-file", str(tmp_path / "none.ini")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 modules" in run.stdout
