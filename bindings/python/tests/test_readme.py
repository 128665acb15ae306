"""The README's Python snippet runs as written."""

from __future__ import annotations

import re
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
    assert 1 <= len(blocks) <= 2
    # Every snippet runs from the repository's root, as a reader would.
    monkeypatch.chdir(README.parents[2])
    for i, block in enumerate(blocks):
        exec(compile(block, f"README.md#{i}", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "Split(2021-01-01..2021-12-31, snapshot, amount=10000.00" in out
    assert "cannot hold cents exactly" in out
    assert "invalid_amount" in out
