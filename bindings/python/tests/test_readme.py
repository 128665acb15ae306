"""The README's Python snippet runs as written."""

from __future__ import annotations

import re

import pytest
from conftest import README


def test_readme_python_snippet_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    exec(compile(blocks[0], "README.md", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "Split(2021-01-01..2021-12-31, snapshot, amount=10000.00" in out
    assert "cannot hold cents exactly" in out
    assert "invalid_amount" in out
