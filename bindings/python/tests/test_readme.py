"""The README's Python snippet runs as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import README

READMES = [README, README.parents[2] / "README.md"]


@pytest.mark.parametrize("readme", READMES, ids=["package", "project"])
def test_readme_python_snippet_runs(
    readme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pandas")
    blocks = re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    assert 1 <= len(blocks) <= 3
    if any("matplotlib" in block for block in blocks):  # the notebook snippet draws charts
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
    # Every snippet runs from the repository's root, as a reader would.
    monkeypatch.chdir(README.parents[2])
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"README.md#{i}", "exec"), {"__name__": "readme"})
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    out = capsys.readouterr().out
    if readme == README:
        assert "the column 'hours' is float64" in out and "dtype=str" in out
    assert "Split(2021-01-01..2021-12-31, snapshot, amount=10000.00" in out
    assert "cannot hold cents exactly" in out
    assert "invalid_amount" in out
