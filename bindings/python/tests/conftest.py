"""Shared helpers: the repository's vectors, read without losing number text."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "testdata" / "vectors"
WORKED_EXAMPLE = REPO / "testdata" / "worked_example.json"
README = Path(__file__).resolve().parents[1] / "README.md"

# A two-member ledger for tables of contributions over 2024: labour fading
# over a year, cash, a reserve and one pool.
LEDGER = {
    "currency": {"code": "EUR", "scale": 2},
    "policies": [{"effective": "2024-01-01",
                  "kinds": {"labor": {"multiplier": "2", "curve": {"type": "linear", "fade": "P1Y"}},
                            "cash": {"multiplier": "4"}},
                  "distribution": {"buckets": [{"name": "reserve", "share": "0.3"},
                                               {"name": "members", "share": "0.7", "kinds": ["*"]}]}}],
    "members": [{"id": "ann"}, {"id": "ben"}],
}

SPEC_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
SPEC_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class RawNumber(str):
    """A JSON number kept as its text (never through float)."""


def load_raw(text: str) -> Any:
    return json.loads(text, parse_float=RawNumber, parse_int=RawNumber)


def dump_raw(v: Any) -> str:
    """Compact JSON of a value read by load_raw, numbers written as read."""
    if isinstance(v, RawNumber):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(f"{dump_raw(k)}:{dump_raw(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump_raw(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def has_fraction(v: Any) -> bool:
    """Whether a raw value holds a JSON number with a fraction or exponent."""
    if isinstance(v, RawNumber):
        return any(c in v for c in ".eE")
    if isinstance(v, dict):
        return any(has_fraction(x) for x in v.values())
    if isinstance(v, list):
        return any(has_fraction(x) for x in v)
    return False


def to_python(v: Any) -> Any:
    """A raw value as the Python values a user would pass: JSON integers as int."""
    if isinstance(v, RawNumber):
        return int(v)
    if isinstance(v, dict):
        return {k: to_python(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_python(x) for x in v]
    return v


def as_date(v: Any) -> Any:
    """A SPEC date string as datetime.date (other values unchanged)."""
    if isinstance(v, str) and SPEC_DATE.fullmatch(v):
        try:
            return datetime.date.fromisoformat(v)
        except ValueError:
            return v
    return v


def as_decimal(v: Any) -> Any:
    """A SPEC number string as Decimal (same text under format 'f'), a JSON integer as int."""
    if isinstance(v, RawNumber):
        return int(v)
    if isinstance(v, str) and SPEC_NUMBER.fullmatch(v):
        return Decimal(v)
    return v


def texts(v: Any) -> Any:
    """A to_dict() document with Decimal and date written as the format (docs/format.md) writes them."""
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: texts(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [texts(x) for x in v]
    return v


def compact(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def vector_files() -> List[Path]:
    return sorted(VECTORS.rglob("*.json"))


def vector_id(path: Path) -> str:
    return str(path.relative_to(VECTORS))


def read_vector(path: Path) -> Dict[str, Any]:
    case = load_raw(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict)
    return case


@pytest.fixture
def worked_example_json() -> str:
    return WORKED_EXAMPLE.read_text(encoding="utf-8")
