#!/usr/bin/env python3
"""Independent reference implementation of the coshare SPEC v2 (../../../shared/SPEC.md).

Pure Python 3.11 standard library.  Exact arithmetic only: ``int`` and
``fractions.Fraction``; never ``float``.  Written for clarity, not speed: it is
only used to cross-check the shared test vectors.  Every place where the SPEC
is open to more than one reading is listed in NOTES.md next to this file.

Public surface:

* ``split(ledger_text, request_text) -> str``: the compact result document of
  SPEC section 6, or raises ``RefError(code, entry)`` for the first error of
  SPEC section 8.
* ``validate(ledger_text) -> list[tuple[str, str | None]]``: every error, in
  SPEC order, at most one per entry; ``validate_report`` adds the warnings and
  ``validate_doc`` writes validate's document (NOTES.md, "v2: the books").
* ``books_query(ledger_text, query, args) -> str``: close, accounts,
  statement, notices, journal (SPEC 10.1, 10.5), documents as in NOTES.md.
* CLI: ``python3 coshare_ref.py LEDGER.json REQUEST.json``.

Internal scaled integers (all exact):
    money   -> int, minor units (value * 10^s)
    units   -> int, scaled by 10^4  (u, u_eff)
    weights -> int, scaled by 10^9  (w, g_k)
    live    -> int, scaled by 10^13 (L = u_eff * w), basis likewise
"""

from __future__ import annotations

import re
import sys
from fractions import Fraction

__all__ = ["RefError", "split", "validate", "validate_report", "validate_doc", "books_query", "main"]


class RefError(Exception):
    """An error of SPEC section 8: ``code`` and, when the error belongs to a
    ledger entry (phase 2 entry checks and entry id checks), that ``entry``'s id."""

    def __init__(self, code: str, entry: str | None = None):
        super().__init__(code if entry is None else f"{code} (entry {entry!r})")
        self.code = code
        self.entry = entry


def _fail(code: str, entry: str | None = None):
    raise RefError(code, entry)


# ---------------------------------------------------------------------------
# 1. JSON text -> Python values (own parser: exact numbers, duplicates, depth)
# ---------------------------------------------------------------------------

MAX_DEPTH = 128  # "nesting deeper than 128" is invalid_json; 128 levels are fine


class JNum:
    """A JSON number token kept as its exact text (never converted to float)."""

    __slots__ = ("text", "is_int")

    def __init__(self, text: str, is_int: bool):
        self.text = text
        self.is_int = is_int

    def __repr__(self):
        return f"JNum({self.text})"


_JSON_WS = " \t\n\r"
_NUMBER_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_PLAIN_CHARS_RE = re.compile(r'[^"\\\x00-\x1f\ud800-\udfff]*')
_HEX = set("0123456789abcdefABCDEF")


class _JsonParser:
    """RFC 8259 JSON.  Everything malformed is invalid_json: syntax errors,
    NaN/Infinity, raw control characters in strings, lone surrogates (raw or
    escaped), repeated keys after unescaping, nesting deeper than 128."""

    def __init__(self, text: str):
        self.s = text
        self.i = 0

    def parse(self):
        v = self.value(0)
        self.ws()
        if self.i != len(self.s):
            _fail("invalid_json")
        return v

    def ws(self):
        s, i = self.s, self.i
        while i < len(s) and s[i] in _JSON_WS:
            i += 1
        self.i = i

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def value(self, depth: int):
        self.ws()
        c = self.peek()
        if c == "{":
            return self.obj(depth + 1)
        if c == "[":
            return self.arr(depth + 1)
        if c == '"':
            return self.string()
        if c == "-" or "0" <= c <= "9":
            m = _NUMBER_RE.match(self.s, self.i)
            if not m:
                _fail("invalid_json")
            self.i = m.end()
            return JNum(m.group(0), m.group(1) is None and m.group(2) is None)
        for lit, val in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(lit, self.i):
                self.i += len(lit)
                return val
        _fail("invalid_json")

    def obj(self, depth: int):
        if depth > MAX_DEPTH:
            _fail("invalid_json")
        self.i += 1
        out: dict = {}
        self.ws()
        if self.peek() == "}":
            self.i += 1
            return out
        while True:
            self.ws()
            if self.peek() != '"':
                _fail("invalid_json")
            key = self.string()
            self.ws()
            if self.peek() != ":":
                _fail("invalid_json")
            self.i += 1
            val = self.value(depth)
            if key in out:
                _fail("invalid_json")  # repeated key (after unescaping)
            out[key] = val
            self.ws()
            c = self.peek()
            self.i += 1
            if c == ",":
                continue
            if c == "}":
                return out
            _fail("invalid_json")

    def arr(self, depth: int):
        if depth > MAX_DEPTH:
            _fail("invalid_json")
        self.i += 1
        out: list = []
        self.ws()
        if self.peek() == "]":
            self.i += 1
            return out
        while True:
            out.append(self.value(depth))
            self.ws()
            c = self.peek()
            self.i += 1
            if c == ",":
                continue
            if c == "]":
                return out
            _fail("invalid_json")

    def _hex4(self) -> int:
        h = self.s[self.i:self.i + 4]
        if len(h) != 4 or any(ch not in _HEX for ch in h):
            _fail("invalid_json")
        self.i += 4
        return int(h, 16)

    def string(self) -> str:
        s = self.s
        self.i += 1  # opening quote
        parts = []
        while True:
            m = _PLAIN_CHARS_RE.match(s, self.i)
            parts.append(m.group(0))
            self.i = m.end()
            c = self.peek()
            if c == '"':
                self.i += 1
                return "".join(parts)
            if c != "\\":
                _fail("invalid_json")  # end of text, control char or raw surrogate
            self.i += 1
            e = self.peek()
            self.i += 1
            simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f",
                      "n": "\n", "r": "\r", "t": "\t"}
            if e in simple:
                parts.append(simple[e])
            elif e == "u":
                cp = self._hex4()
                if 0xD800 <= cp <= 0xDBFF:
                    # must be followed by an escaped low surrogate
                    if s[self.i:self.i + 2] != "\\u":
                        _fail("invalid_json")
                    self.i += 2
                    lo = self._hex4()
                    if not 0xDC00 <= lo <= 0xDFFF:
                        _fail("invalid_json")
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                elif 0xDC00 <= cp <= 0xDFFF:
                    _fail("invalid_json")
                parts.append(chr(cp))
            else:
                _fail("invalid_json")


def parse_json(text: str):
    return _JsonParser(text).parse()


# ---------------------------------------------------------------------------
# 2. Numbers, rounding, dates, durations
# ---------------------------------------------------------------------------

_NUM_FIELD_RE = re.compile(r"-?(0|[1-9][0-9]*)(?:\.([0-9]+))?")


def round_half_even(x: Fraction) -> int:
    q, r = divmod(x.numerator, x.denominator)  # floor division, 0 <= r < den
    if 2 * r > x.denominator or (2 * r == x.denominator and q % 2 == 1):
        q += 1
    return q


def floor_int(x: Fraction) -> int:
    return x.numerator // x.denominator


def ceil_int(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def is_multiple(x: Fraction, decimals: int) -> bool:
    return (x * 10 ** decimals).denominator == 1


def days_in_month(y: int, m: int) -> int:
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 31 if m in (1, 3, 5, 7, 8, 10, 12) else 30


def days_from_civil(y: int, m: int, d: int) -> int:
    """Day number in the proleptic Gregorian calendar (1970-01-01 = 0), any year."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return (y + (m <= 2), m, d)


def format_date(day: int) -> str:
    y, m, d = civil_from_days(day)
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date_text(s: str) -> int:
    """`YYYY-MM-DD`, ASCII digits, real date, years 0001..9999; else invalid_date."""
    ok = (len(s) == 10 and s[4] == "-" and s[7] == "-"
          and all(ch in "0123456789" for i, ch in enumerate(s) if i not in (4, 7)))
    if not ok:
        _fail("invalid_date")
    y, m, d = int(s[0:4]), int(s[5:7]), int(s[8:10])
    if not (1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= days_in_month(y, m)):
        _fail("invalid_date")
    return days_from_civil(y, m, d)


_DUR_RE = re.compile(r"P(?:(0|[1-9][0-9]*)Y)?(?:(0|[1-9][0-9]*)M)?(?:(0|[1-9][0-9]*)W)?(?:(0|[1-9][0-9]*)D)?")


def parse_duration_text(s: str) -> tuple[int, int, int, int]:
    m = _DUR_RE.fullmatch(s)
    if not m or all(g is None for g in m.groups()):
        _fail("invalid_duration")
    parts = tuple(int(g) if g is not None else 0 for g in m.groups())
    if any(p > 100000 for p in parts):
        _fail("invalid_duration")
    return parts  # (Y, M, W, D)


def add_duration(x: int, dur: tuple[int, int, int, int], j: int = 1) -> int:
    """x + j*dur: add j*(12Y+M) months clamping the day, then j*(7W+D) days, in one step."""
    years, months, weeks, days = dur
    y, m, d = civil_from_days(x)
    total = y * 12 + (m - 1) + j * (12 * years + months)
    y2, m0 = divmod(total, 12)
    m2 = m0 + 1
    d2 = min(d, days_in_month(y2, m2))
    return days_from_civil(y2, m2, d2) + j * (7 * weeks + days)


def duration_is_zero(dur) -> bool:
    return all(p == 0 for p in dur)


# ---------------------------------------------------------------------------
# 3. Phase 1: reading (document order, `type` first, missing fields at the end)
# ---------------------------------------------------------------------------

def r_str(v):
    if not isinstance(v, str):
        _fail("invalid_json")
    return v


def r_bool(v):
    if not isinstance(v, bool):
        _fail("invalid_json")
    return v


def r_number(v) -> Fraction:
    """A number field: a string `-?(0|[1-9][0-9]*)(\\.[0-9]+)?` (<= 15 integer and
    <= 18 fraction digits) or a JSON integer of at most 15 digits."""
    if isinstance(v, JNum):
        if not v.is_int:
            _fail("invalid_number")
        if len(v.text.lstrip("-")) > 15:
            _fail("invalid_number")
        return Fraction(int(v.text))
    if isinstance(v, str):
        m = _NUM_FIELD_RE.fullmatch(v)
        if not m or len(m.group(1)) > 15 or (m.group(2) is not None and len(m.group(2)) > 18):
            _fail("invalid_number")
        return Fraction(v)
    _fail("invalid_json")  # true, false, null, array, object


def r_date(v) -> int:
    return parse_date_text(r_str(v))


def r_duration(v):
    return parse_duration_text(r_str(v))


def r_list(item_reader):
    def read(v):
        if not isinstance(v, list):
            _fail("invalid_json")
        return [item_reader(x) for x in v]
    return read


def r_map(value_reader):
    """A JSON object used as a map: keys are data, values read in document order."""
    def read(v):
        if not isinstance(v, dict):
            _fail("invalid_json")
        return {k: value_reader(x) for k, x in v.items()}
    return read


def read_fields(obj, readers: dict, required: tuple, skip: tuple = ()) -> dict:
    if not isinstance(obj, dict):
        _fail("invalid_json")
    out = {}
    for k, v in obj.items():
        if k in skip:
            continue
        reader = readers.get(k)
        if reader is None:
            _fail("unknown_field")
        out[k] = reader(v)
    for k in required:
        if k not in obj:
            _fail("missing_field")
    return out


def r_scale(v) -> int:
    # "a JSON integer; 0..=4, else invalid_currency" (range checked in phase 2).
    if isinstance(v, JNum):
        if not v.is_int:
            _fail("invalid_number")  # see NOTES.md: fraction/exponent in the scale
        return int(v.text)
    _fail("invalid_json")


def r_currency(v):
    return read_fields(v, {"code": r_str, "scale": r_scale}, ("code", "scale"))


def r_point(v):
    if not isinstance(v, list) or len(v) != 2:
        _fail("invalid_json")
    return (r_duration(v[0]), r_number(v[1]))


_CURVE_FIELDS = {
    "none": ({}, ()),
    "term": ({"term": r_duration}, ("term",)),
    "linear": ({"fade": r_duration, "hold": r_duration}, ("fade",)),
    "geometric": ({"rate": r_number, "every": r_duration, "hold": r_duration}, ("rate", "every")),
    "steps": ({"points": r_list(r_point)}, ("points",)),
}


def r_curve(v):
    if not isinstance(v, dict):
        _fail("invalid_json")
    if "type" not in v:
        _fail("missing_field")
    typ = r_str(v["type"])
    if typ not in _CURVE_FIELDS:
        _fail("invalid_curve")
    readers, required = _CURVE_FIELDS[typ]
    out = read_fields(v, dict(readers, expire=r_duration), required, skip=("type",))
    out["type"] = typ
    return out


def r_kind(v):
    return read_fields(v, {"multiplier": r_number, "curve": r_curve, "repayable": r_bool,
                           "capital": r_bool},
                       ("multiplier",))


def r_json_int(v) -> int:
    """A JSON integer* of SPEC 3: any length; fraction/exponent invalid_number,
    another JSON type invalid_json; the range is the field's own check (phase 2)."""
    if isinstance(v, JNum):
        if not v.is_int:
            _fail("invalid_number")
        return int(v.text)
    _fail("invalid_json")


def r_capital(v):
    return read_fields(v, {"revolve": r_duration, "departure": r_duration,
                           "tax_year_end": r_json_int}, ())


def r_bucket(v):
    return read_fields(v, {"name": r_str, "share": r_number, "kinds": r_list(r_str)},
                       ("name", "share"))


def r_distribution(v):
    return read_fields(v, {"buckets": r_list(r_bucket), "cash_fraction": r_number,
                           "minimum_payout": r_number}, ())


def r_policy(v):
    return read_fields(v, {
        "effective": r_date,
        "kinds": r_map(r_kind),
        "unit_price": r_number,
        "departures": r_map(r_map(r_number)),
        "distribution": r_distribution,
        "capital": r_capital,
        "note": r_str,
    }, ("effective", "kinds"))


def r_member(v):
    return read_fields(v, {"id": r_str, "name": r_str, "note": r_str}, ("id",))


_ENTRY_FIELDS = {
    "contribution": ({"member": r_str, "date": r_date, "kind": r_str, "value": r_number,
                      "hours": r_number, "rate": r_number, "paid": r_number},
                     ("member", "date", "kind")),
    "repayment": ({"loan": r_str, "date": r_date, "amount": r_number}, ("loan", "date", "amount")),
    "departure": ({"member": r_str, "date": r_date, "reason": r_str}, ("member", "date", "reason")),
    "void": ({"target": r_str}, ("target",)),
    # the books (SPEC 10)
    "allocation": ({"date": r_date, "period": lambda v: r_period(v), "amount": r_number,
                    "basis": r_str, "carry_in": r_map(r_number), "reserves": r_map(r_number),
                    "unallocated": r_number, "members": lambda v: r_map(r_figures)(v)},
                   ("date", "period", "amount", "members")),
    "redemption": ({"member": r_str, "date": r_date, "amount": r_number}, ("member", "date", "amount")),
    "adjustment": ({"member": r_str, "date": r_date, "amount": r_number, "allocation": r_str},
                   ("member", "date", "amount")),
    "payment": ({"allocation": r_str, "member": r_str, "date": r_date, "amount": r_number},
                ("allocation", "member", "date", "amount")),
}


def r_period(v):
    return read_fields(v, {"start": r_date, "end": r_date}, ("start", "end"))


def r_figures(v):
    """An allocation's figures for one member (SPEC 3 table)."""
    return read_fields(v, {"allocated": r_number, "cash": r_number, "retained": r_number,
                           "carry_out": r_number}, ("allocated", "cash", "retained"))


def r_entry(v):
    if not isinstance(v, dict):
        _fail("invalid_json")
    if "type" not in v:
        _fail("missing_field")
    typ = r_str(v["type"])
    if typ not in _ENTRY_FIELDS:
        _fail("invalid_entry")
    readers, required = _ENTRY_FIELDS[typ]
    out = read_fields(v, dict(readers, id=r_str, note=r_str), ("id",) + required, skip=("type",))
    out["type"] = typ
    return out


_LEDGER_READERS = {
    "currency": r_currency,
    "policies": r_list(r_policy),
    "members": r_list(r_member),
    "entries": r_list(r_entry),
}


def read_ledger(text: str, collect: list | None = None) -> dict | None:
    """Phase 1.  With ``collect`` None, raise the first reading error.  With a
    list (validate, SPEC 8 v2), reading recovers inside `members` and `entries`:
    an element that fails to read is reported (entry None) and skipped; a
    reading error anywhere else is reported and stops reading.  Returns None
    when any reading error was collected."""
    doc = parse_json(text)
    if collect is None:
        led = read_fields(doc, _LEDGER_READERS, ("currency", "policies"))
    else:
        led = {}
        try:
            if not isinstance(doc, dict):
                _fail("invalid_json")
            for k, v in doc.items():
                if k in ("members", "entries"):
                    if not isinstance(v, list):
                        _fail("invalid_json")
                    item_reader = r_member if k == "members" else r_entry
                    items = []
                    for x in v:
                        try:
                            items.append(item_reader(x))
                        except RefError as e:
                            collect.append((e.code, None))
                    led[k] = items
                elif k in _LEDGER_READERS:
                    led[k] = _LEDGER_READERS[k](v)
                else:
                    _fail("unknown_field")
            for k in ("currency", "policies"):
                if k not in doc:
                    _fail("missing_field")
        except RefError as e:
            collect.append((e.code, None))
            return None
        if collect:
            return None
    led.setdefault("members", [])
    led.setdefault("entries", [])
    return led


def read_request(text: str) -> dict:
    doc = parse_json(text)
    period_reader = lambda v: read_fields(v, {"start": r_date, "end": r_date}, ("start", "end"))
    req = read_fields(doc, {
        "period": period_reader,
        "amount": r_number,
        "basis": r_str,
        "carry_in": r_map(r_number),
    }, ("period", "amount"))
    req["has_carry_in"] = "carry_in" in req  # close writes a given carry_in, even {}
    req.setdefault("basis", "time_weighted")
    req.setdefault("carry_in", {})
    return req


# ---------------------------------------------------------------------------
# 4. Phase 2: checking
# ---------------------------------------------------------------------------

MONEY_LIMIT = 10 ** 15          # minor units, absolute value
UNITS_LIMIT = 10 ** 12 * 10 ** 4  # units issued, scaled by 10^4
ONE_W = 10 ** 9                 # weight 1, scaled


def bkey(s: str) -> bytes:
    """Ids and names are ordered by their raw UTF-8 bytes."""
    return s.encode("utf-8")


class _Stop(Exception):
    def __init__(self, code):
        self.code = code


def _check(cond: bool, code: str):
    if not cond:
        raise _Stop(code)


def _first_error(fn, *args):
    """Run a sequence of checks; return the first failing code or None."""
    try:
        fn(*args)
    except _Stop as s:
        return s.code
    return None


# coshare's own limits (docs/format.md "Limits"), not the SPEC's: an id or
# name of more than 1024 UTF-8 bytes is refused where an empty one is, and
# lists beyond these sizes where an empty one is.
MAX_ID_BYTES = 1024
MAX_MEMBERS = 10_000_000
MAX_ENTRIES = 100_000_000
MAX_BUCKETS = 100
MAX_STEP_POINTS = 100


def _too_long(name: str) -> bool:
    return len(name.encode("utf-8")) > MAX_ID_BYTES


def _check_curve(c):
    typ = c["type"]
    if typ == "linear":
        _check(not duration_is_zero(c["fade"]), "invalid_curve")
    elif typ == "geometric":
        _check(0 < c["rate"] <= 1, "invalid_curve")
        _check(not duration_is_zero(c["every"]), "invalid_curve")
    elif typ == "steps":
        _check(0 < len(c["points"]) <= MAX_STEP_POINTS, "invalid_curve")
        for _dur, w in c["points"]:
            _check(0 <= w <= 1 and is_multiple(w, 9), "invalid_curve")


def _check_money(x: Fraction, scale, negative_code: str | None):
    """invalid_amount (scale multiple), then the sign, then overflow."""
    if scale is not None:
        _check(is_multiple(x, scale), "invalid_amount")
    if negative_code is not None:
        _check(x >= 0, negative_code)
    if scale is not None:
        _check(abs(x) * 10 ** scale <= MONEY_LIMIT, "overflow")


def _check_policy(p, defined_kinds, scale, seen_dates):
    _check(p.get("unit_price", Fraction(1)) > 0, "invalid_policy")
    for name, kind in p["kinds"].items():
        _check(name != "" and name not in ("default", "*") and not _too_long(name),
               "invalid_policy")
        _check(kind["multiplier"] >= 0, "invalid_policy")
        if "curve" in kind:
            _check_curve(kind["curve"])
        _check(not (kind.get("repayable", False) and kind.get("capital", False)), "invalid_policy")
    for reason, factors in p.get("departures", {}).items():
        _check(reason != "" and not _too_long(reason), "invalid_policy")
        for key in factors:
            _check(key == "default" or key in defined_kinds, "invalid_policy")
        for f in factors.values():
            _check(0 <= f <= 1, "invalid_policy")
    dist = p.get("distribution")
    if dist is not None:
        if "buckets" in dist:
            buckets = dist["buckets"]
            _check(0 < len(buckets) <= MAX_BUCKETS, "invalid_shares")
            names = set()
            for b in buckets:
                _check(b["name"] != "" and not _too_long(b["name"]) and b["name"] not in names,
                       "invalid_shares")
                names.add(b["name"])
                _check(0 < b["share"] <= 1, "invalid_shares")
                if "kinds" in b:
                    ks = b["kinds"]
                    if ks != ["*"]:
                        _check(len(ks) > 0 and len(set(ks)) == len(ks)
                               and all(k in defined_kinds for k in ks), "invalid_policy")
            _check(sum((b["share"] for b in buckets), Fraction(0)) == 1, "invalid_shares")
        if "cash_fraction" in dist:
            _check(0 <= dist["cash_fraction"] <= 1, "invalid_policy")
        if "minimum_payout" in dist:
            _check_money(dist["minimum_payout"], scale, "invalid_policy")
    cap = p.get("capital")
    if cap is not None and "tax_year_end" in cap:
        _check(1 <= cap["tax_year_end"] <= 12, "invalid_policy")
    _check(p["effective"] not in seen_dates, "duplicate_policy")


class Ledger:
    """A checked ledger: everything the split needs."""


def _policy_table(policies):
    """Policies sorted by effective date with inherited departures/distribution resolved."""
    table = []
    departures, distribution, capital = {}, {}, {}
    for p in sorted(policies, key=lambda p: p["effective"]):
        departures = p.get("departures", departures)
        distribution = p.get("distribution", distribution)
        capital = p.get("capital", capital)
        table.append({"effective": p["effective"], "unit_price": p.get("unit_price", Fraction(1)),
                      "kinds": p["kinds"], "departures": departures, "distribution": distribution,
                      "capital": capital})
    return table


def _policy_at(table, day):
    found = None
    for p in table:
        if p["effective"] <= day:
            found = p
    return found


def check_ledger(led: dict, collect: list | None = None) -> Ledger:
    """Phase 2.  With ``collect`` None, raise the first error; otherwise append
    every error (code, entry) to ``collect`` in SPEC order, at most one per entry."""

    def report(code, entry=None):
        if collect is None:
            raise RefError(code, entry)
        collect.append((code, entry))

    # --- currency
    scale = led["currency"]["scale"]
    global_error = False
    if not 0 <= scale <= 4:
        report("invalid_currency")
        scale, global_error = None, True

    # --- policies
    defined_kinds = {name for p in led["policies"] for name in p["kinds"]}
    seen_dates = set()
    for p in led["policies"]:
        code = _first_error(_check_policy, p, defined_kinds, scale, seen_dates)
        seen_dates.add(p["effective"])
        if code:
            report(code)
            global_error = True

    # --- member ids, entry ids (document order)
    member_ids = set()
    if len(led["members"]) > MAX_MEMBERS:
        report("invalid_member")
        return None  # nothing after it can be checked
    id_error = False
    for m in led["members"]:
        if m["id"] == "" or _too_long(m["id"]):
            report("invalid_member")
            id_error = True
        elif m["id"] in member_ids:
            report("duplicate_id")
            id_error = True
        member_ids.add(m["id"])
    entries = led["entries"]
    by_id = {}
    good = []  # entries with a clean id, in document order
    if len(entries) > MAX_ENTRIES:
        report("invalid_entry")
        return None  # nothing after it can be checked
    for e in entries:
        if e["id"] == "" or _too_long(e["id"]):
            report("invalid_entry", "")
            id_error = True
        elif e["id"] in by_id:
            report("duplicate_id", e["id"])
            id_error = True
        else:
            by_id[e["id"]] = e
            good.append(e)

    if global_error or id_error:
        # validate only: entry checks need a valid currency and valid policies (NOTES.md);
        # v2: after a member-id or entry-id error nothing else is checked either (SPEC 8)
        return None

    table = _policy_table(led["policies"])

    # --- voids: which stand, which entries are voided
    void_err = {}
    voids_by_target = {}
    for e in good:
        if e["type"] != "void":
            continue
        tgt = by_id.get(e["target"])
        if tgt is None or tgt is e or tgt["type"] == "void":
            void_err[e["id"]] = "unknown_target"
        else:
            voids_by_target.setdefault(e["target"], []).append(e)
    voided = set()
    for target, vs in voids_by_target.items():
        vs.sort(key=lambda v: bkey(v["id"]))
        voided.add(target)
        for v in vs[1:]:
            void_err[v["id"]] = "duplicate_void"
    live = [e for e in good if e["id"] not in voided]

    # --- contributions: evaluate each value independently (errors do not cascade)
    contrib = {}
    for e in live:
        if e["type"] != "contribution":
            continue
        c = {"entry": e, "id": e["id"], "member": e["member"], "date": e["date"], "kind": e["kind"]}
        pol = _policy_at(table, e["date"])
        c["policy"] = pol
        c["kindspec"] = pol["kinds"].get(e["kind"]) if pol else None
        c["value_error"] = _first_error(_contribution_value, c, e, scale)
        contrib[e["id"]] = c

    # --- departures: own checks, then the standing one per member
    dep_err = {}
    standing_dep = {}
    for e in live:
        if e["type"] != "departure":
            continue
        pol = _policy_at(table, e["date"])
        if e["member"] not in member_ids:
            dep_err[e["id"]] = "unknown_member"
        elif pol is None:
            dep_err[e["id"]] = "no_policy"
        elif e["reason"] not in pol["departures"]:
            dep_err[e["id"]] = "unknown_reason"
        else:
            cur = standing_dep.get(e["member"])
            if cur is None or (e["date"], bkey(e["id"])) < (cur["date"], bkey(cur["id"])):
                standing_dep[e["member"]] = e
    for e in live:
        if e["type"] == "departure" and e["id"] not in dep_err and standing_dep[e["member"]] is not e:
            dep_err[e["id"]] = "duplicate_departure"

    # --- contribution errors
    contrib_err = {}
    for cid, c in contrib.items():
        e = c["entry"]
        code = None
        if e["member"] not in member_ids:
            code = "unknown_member"
        elif c["policy"] is None:
            code = "no_policy"
        elif c["kindspec"] is None:
            code = "unknown_kind"
        elif c["value_error"]:
            code = c["value_error"]
        else:
            dep = standing_dep.get(e["member"])
            if dep is not None and e["date"] > dep["date"]:
                code = "member_departed"
        if code:
            contrib_err[cid] = code

    # --- repayments
    rep_err = {}
    reps_by_loan = {}
    for e in live:
        if e["type"] != "repayment":
            continue
        code = _first_error(_check_repayment, e, contrib.get(e["loan"]), scale)
        if code:
            rep_err[e["id"]] = code
        else:
            reps_by_loan.setdefault(e["loan"], []).append(e)
    for loan_id, reps in reps_by_loan.items():
        loan = contrib[loan_id]
        reps.sort(key=lambda r: (r["date"], bkey(r["id"])))
        if loan["value_error"] is None:  # at_risk was produced
            running = 0
            for r in reps:
                running += r["amount_minor"]
                if running > loan["at_risk"]:
                    rep_err[r["id"]] = "over_repayment"
                    break  # only the first one (NOTES.md)

    # --- the books (SPEC 10): allocations, redemptions, adjustments, payments
    books = _check_books(live, by_id, voided, member_ids, contrib, contrib_err, table, scale,
                         standing_dep)
    book_err = books.errors

    # --- report: entries sorted by id, one error each
    for e in sorted(live, key=lambda e: bkey(e["id"])):
        code = (contrib_err.get(e["id"]) or rep_err.get(e["id"]) or dep_err.get(e["id"])
                or book_err.get(e["id"])
                or (void_err.get(e["id"]) if e["type"] == "void" else None))
        if code:
            report(code, e["id"])

    # --- units issued
    total_units = sum(c["u"] for c in contrib.values() if "u" in c)
    if total_units > UNITS_LIMIT:
        report("overflow")

    if collect is not None and collect:
        return None
    lg = Ledger()
    lg.scale = scale
    lg.table = table
    lg.member_ids = member_ids
    lg.contributions = list(contrib.values())
    lg.standing_dep = standing_dep
    lg.reps_by_loan = reps_by_loan
    lg.books = books
    lg.entry_ids = set(by_id)
    return lg


def _contribution_value(c, e, scale):
    """invalid_contribution, invalid_amount, negative_value, overflow,
    paid_exceeds_value; on success sets value/paid/at_risk (minor units) and u."""
    has_v, has_h, has_r = "value" in e, "hours" in e, "rate" in e
    _check((has_v and not has_h and not has_r) or (not has_v and has_h and has_r),
           "invalid_contribution")
    paid = e.get("paid", Fraction(0))
    if has_v:
        _check(is_multiple(e["value"], scale), "invalid_amount")
    else:
        _check(is_multiple(e["hours"], 4), "invalid_amount")
        _check(is_multiple(e["rate"], scale + 2), "invalid_amount")
    _check(is_multiple(paid, scale), "invalid_amount")
    for f in ("value", "hours", "rate"):
        if f in e:
            _check(e[f] >= 0, "negative_value")
    _check(paid >= 0, "negative_value")
    if has_v:
        value_minor = int(e["value"] * 10 ** scale)
    else:
        value_minor = round_half_even(e["hours"] * e["rate"] * 10 ** scale)  # round_s
    _check(value_minor <= MONEY_LIMIT, "overflow")
    paid_minor = int(paid * 10 ** scale)
    _check(paid_minor <= value_minor, "paid_exceeds_value")
    c["value"] = value_minor
    c["paid"] = paid_minor
    c["at_risk"] = value_minor - paid_minor
    if c["kindspec"] is not None:
        at_risk = Fraction(c["at_risk"], 10 ** scale)
        c["u"] = round_half_even(at_risk * c["kindspec"]["multiplier"]
                                 / c["policy"]["unit_price"] * 10 ** 4)


def _check_repayment(e, loan, scale):
    # unknown_target: `loan` must be a (non-voided) contribution
    _check(loan is not None, "unknown_target")
    # not_repayable: skipped when the loan's policy/kind could not be resolved
    if loan["kindspec"] is not None:
        _check(loan["kindspec"].get("repayable", False), "not_repayable")
    amount = e["amount"]
    _check(amount > 0 and is_multiple(amount, scale), "invalid_amount")
    e["amount_minor"] = int(amount * 10 ** scale)
    _check(e["amount_minor"] <= MONEY_LIMIT, "overflow")
    _check(e["date"] >= loan["date"], "invalid_entry")


# ---------------------------------------------------------------------------
# 4b. The books (SPEC 10): checks of allocation, redemption, adjustment, payment
# ---------------------------------------------------------------------------

BASES = ("time_weighted", "snapshot")
P100Y = (100, 0, 0, 0)
# movement ranks: on one date paid-in, retained, adjustment, redemption (SPEC 10.2)
MOVE_RANK = {"paid_in": 0, "retained": 1, "adjustment": 2, "redemption": 3}


def _minor(x: Fraction, scale: int) -> int:
    return int(x * 10 ** scale)


def _period_ok(start: int, end: int) -> bool:
    return end >= start and end < add_duration(start, P100Y)


class Books:
    """What the book entries of a ledger hold, once checked.

    errors:     entry id -> first error of a book entry
    allocs:     allocation id -> record (allocations that pass their own checks)
    chain:      the kept allocations in (period.start, id) order, each with
                its chain carry-ins in ``rec["carry_in"]`` (member -> minor units)
    movements:  member -> list of capital-account movements (clean entries only)
    payments:   clean payments (dicts)
    """


def _alloc_own_checks(e, scale, member_ids):
    """An allocation's checks before the chain (SPEC 8): invalid_period,
    invalid_entry, the money values in order, unknown_member."""
    _check(_period_ok(e["period"]["start"], e["period"]["end"]), "invalid_period")
    _check(e["date"] >= e["period"]["end"] and e.get("basis", "time_weighted") in BASES
           and all(n != "" and not _too_long(n) for n in e.get("reserves", {})), "invalid_entry")
    _check_money(e["amount"], scale, None)
    for x in e.get("carry_in", {}).values():
        _check_money(x, scale, "negative_value")
    for x in e.get("reserves", {}).values():
        _check_money(x, scale, None)
    if "unallocated" in e:
        _check_money(e["unallocated"], scale, None)
    for figs in e["members"].values():
        for x in figs.values():
            _check_money(x, scale, None)
    for m in e.get("carry_in", {}):
        _check(m in member_ids, "unknown_member")
    for m in e["members"]:
        _check(m in member_ids, "unknown_member")


def _alloc_record(e, scale):
    figs = {}
    for m, f in e["members"].items():
        figs[m] = {k: _minor(f.get(k, Fraction(0)), scale)
                   for k in ("allocated", "cash", "retained", "carry_out")}
    return {
        "id": e["id"], "entry": e, "date": e["date"],
        "start": e["period"]["start"], "end": e["period"]["end"],
        "amount": _minor(e["amount"], scale),
        "basis": e.get("basis", "time_weighted"),
        "has_carry_in": "carry_in" in e,
        "carry_in_field": {m: _minor(x, scale) for m, x in e.get("carry_in", {}).items()},
        "reserves": {n: _minor(x, scale) for n, x in e.get("reserves", {}).items()},
        "unallocated": _minor(e.get("unallocated", Fraction(0)), scale),
        "members": figs,
    }


def _alloc_balance(a, not_first: bool, skip: bool):
    """unbalanced_allocation (SPEC 10.1): the carry_in field, rules 1 to 4;
    ``skip`` drops rules 2, 4 and the carry_out = carry_in part of rule 3."""
    _check(not (not_first and a["has_carry_in"]), "unbalanced_allocation")
    figs = a["members"]
    _check(a["amount"] == sum(a["reserves"].values()) + sum(f["allocated"] for f in figs.values())
           + a["unallocated"], "unbalanced_allocation")
    for m, f in figs.items():
        cin = a["carry_in"].get(m, 0)
        if not skip:
            _check(f["allocated"] + cin == f["cash"] + f["retained"] + f["carry_out"]
                   and f["carry_out"] >= 0, "unbalanced_allocation")
        if f["allocated"] >= 0:
            _check(f["cash"] >= 0 and f["retained"] >= 0, "unbalanced_allocation")
        else:
            _check(f["cash"] == 0 and f["retained"] == f["allocated"]
                   and (skip or f["carry_out"] == cin), "unbalanced_allocation")
    if not skip:
        for m, x in a["carry_in"].items():
            _check(x == 0 or m in figs, "unbalanced_allocation")


def _capital_rules(table, day):
    """(revolve or None, departure, tax_year_end) of the rules in force on ``day``."""
    p = _policy_at(table, day)
    cap = p["capital"] if p is not None else {}
    return cap.get("revolve"), cap.get("departure", (0, 0, 0, 0)), cap.get("tax_year_end", 12)


def _check_books(live, by_id, voided, member_ids, contrib, contrib_err, table, scale, standing_dep):
    errors = {}

    def target_alloc(aid):
        t = by_id.get(aid)
        if t is None or t["type"] != "allocation" or t["id"] in voided:
            return None
        return t

    # --- allocations: own checks, the chain, balance
    allocs = [e for e in live if e["type"] == "allocation"]
    recs = {}
    for e in allocs:
        code = _first_error(_alloc_own_checks, e, scale, member_ids)
        if code:
            errors[e["id"]] = code
        else:
            recs[e["id"]] = _alloc_record(e, scale)
    order = sorted(allocs, key=lambda e: (e["period"]["start"], bkey(e["id"])))
    chain = []
    for e in order:
        if e["id"] in errors:
            continue
        a = recs[e["id"]]
        if chain and (a["start"] <= chain[-1]["end"] or a["date"] < chain[-1]["date"]):
            errors[e["id"]] = "overlapping_allocation"
            continue
        chain.append(a)
    prev = None
    errored_before = False
    for e in order:
        if e["id"] in errors:  # own checks or overlapping: not unbalanced_allocation
            errored_before = True
            continue
        a = recs[e["id"]]
        if prev is None:
            a["carry_in"] = dict(a["carry_in_field"])
        else:
            a["carry_in"] = {m: f["carry_out"] for m, f in prev["members"].items()}
        code = _first_error(_alloc_balance, a, prev is not None, errored_before)
        if code:
            errors[e["id"]] = code
        prev = a

    # --- redemptions, adjustments, payments: own checks
    def redemption_checks(e):
        _check(e["member"] in member_ids, "unknown_member")
        _check(e["amount"] > 0 and is_multiple(e["amount"], scale), "invalid_amount")
        _check(abs(e["amount"]) * 10 ** scale <= MONEY_LIMIT, "overflow")

    def adjustment_checks(e):
        _check(e["member"] in member_ids, "unknown_member")
        if "allocation" in e:
            t = target_alloc(e["allocation"])
            _check(t is not None, "unknown_target")
            _check(e["date"] >= t["date"], "invalid_entry")
        _check(e["amount"] != 0 and is_multiple(e["amount"], scale), "invalid_amount")
        _check(abs(e["amount"]) * 10 ** scale <= MONEY_LIMIT, "overflow")

    def payment_checks(e):
        t = target_alloc(e["allocation"])
        _check(t is not None, "unknown_target")
        if t["id"] not in errors:
            _check(e["member"] in recs[t["id"]]["members"], "unknown_member")
            _check(e["date"] >= t["date"], "invalid_entry")
        # when the allocation has an error of its own, only these two (no cascade)
        _check(e["amount"] > 0 and is_multiple(e["amount"], scale), "invalid_amount")
        _check(abs(e["amount"]) * 10 ** scale <= MONEY_LIMIT, "overflow")

    checks = {"redemption": redemption_checks, "adjustment": adjustment_checks,
              "payment": payment_checks}
    for e in live:
        if e["type"] in checks:
            code = _first_error(checks[e["type"]], e)
            if code:
                errors[e["id"]] = code

    # --- over_payment: per (allocation, member), clean payments of a clean allocation
    payments = [e for e in live if e["type"] == "payment" and e["id"] not in errors]
    groups = {}
    for e in payments:
        if e["allocation"] in errors:
            continue
        groups.setdefault((e["allocation"], e["member"]), []).append(e)
    for (aid, m), ps in groups.items():
        cash = recs[aid]["members"][m]["cash"]
        running = 0
        for e in sorted(ps, key=lambda e: (e["date"], bkey(e["id"]))):
            running += _minor(e["amount"], scale)
            if running > cash:
                errors[e["id"]] = "over_payment"
                break  # only the first one
    payments = [e for e in payments if e["id"] not in errors and e["allocation"] not in errors]

    # --- capital accounts: movements of clean entries (SPEC 10.2)
    skip_members = set()  # named by an entry with an error of its own
    for cid, c in contrib.items():
        if cid in contrib_err:
            skip_members.add(c["member"])
    for e in live:
        if e["id"] in errors:
            if e["type"] == "allocation":
                skip_members.update(e["members"])
            elif e["type"] in ("adjustment", "redemption"):
                skip_members.add(e["member"])
    movements = {}

    def move(member, day, typ, eid, amount, maturity):
        movements.setdefault(member, []).append(
            {"date": day, "type": typ, "entry": eid, "amount": amount, "maturity": maturity})

    def revolve_from(day):
        rev = _capital_rules(table, day)[0]
        return None if rev is None else add_duration(day, rev)

    for cid, c in contrib.items():
        if cid in contrib_err or not c["kindspec"].get("capital", False):
            continue
        move(c["member"], c["date"], "paid_in", cid, c["at_risk"], None)
    for e in live:
        if e["id"] in errors:
            continue
        if e["type"] == "allocation":
            a = recs[e["id"]]
            mat = revolve_from(a["date"])
            for m, f in a["members"].items():
                move(m, a["date"], "retained", a["id"], f["retained"], mat)
        elif e["type"] == "adjustment":
            amount = _minor(e["amount"], scale)
            if "allocation" in e:
                mat = revolve_from(by_id[e["allocation"]]["date"])
            else:
                mat = e["date"] if amount < 0 else None
            move(e["member"], e["date"], "adjustment", e["id"], amount, mat)
        elif e["type"] == "redemption":
            move(e["member"], e["date"], "redemption", e["id"], -_minor(e["amount"], scale), None)
    for m, ms in movements.items():
        ms.sort(key=lambda x: (x["date"], MOVE_RANK[x["type"]], bkey(x["entry"])))
        dep = standing_dep.get(m)
        if dep is not None:  # a departure matures everything at the latest max(d, dd + departure)
            dd = add_duration(dep["date"], _capital_rules(table, dep["date"])[1])
            for x in ms:
                cap = max(x["date"], dd)
                x["maturity"] = cap if x["maturity"] is None else min(x["maturity"], cap)

    # --- over_redemption: the first redemption after which the balance is below zero
    for m, ms in movements.items():
        if m in skip_members:
            continue
        running = 0
        for x in ms:
            running += x["amount"]
            if x["type"] == "redemption" and running < 0:
                errors[x["entry"]] = "over_redemption"
                break

    books = Books()
    books.errors = errors
    books.allocs = recs
    books.chain = chain
    books.movements = movements
    books.payments = payments
    return books


# ---------------------------------------------------------------------------
# 5. Live units and weights
# ---------------------------------------------------------------------------

class LiveContribution:
    """u_eff(t), w(t) and L(t) = u_eff(t) * w(t) for one contribution (scaled ints)."""

    def __init__(self, c, lg: Ledger):
        self.id = c["id"]
        self.member = c["member"]
        self.kind = c["kind"]
        self.d = c["date"]
        self.u = c["u"]
        self.at_risk = c["at_risk"]
        ks = c["kindspec"]
        self.repayable = ks.get("repayable", False)
        self.curve = ks.get("curve", {"type": "none"})
        # repayments (date, amount) of this loan; only used for repayable kinds
        self.repayments = [(r["date"], r["amount_minor"]) for r in lg.reps_by_loan.get(self.id, [])]
        # departure: retention from the day after, under the policy in force on its date
        self.dep_day = None
        self.retention = Fraction(1)
        dep = lg.standing_dep.get(self.member)
        if dep is not None:
            factors = _policy_at(lg.table, dep["date"])["departures"][dep["reason"]]
            self.dep_day = dep["date"]
            self.retention = factors.get(self.kind, factors.get("default", Fraction(1)))
        self._ueff_cache = {}
        self._prepare_curve()

    # --- u_eff
    def ueff(self, t: int) -> int:
        retention = self.retention if (self.dep_day is not None and t > self.dep_day) else Fraction(1)
        if self.repayable and self.at_risk != 0:
            outstanding = self.at_risk - sum(a for (day, a) in self.repayments if day <= t)
            ratio = Fraction(outstanding, self.at_risk)
        else:
            ratio = Fraction(1)
        key = (retention, ratio)
        if key not in self._ueff_cache:
            self._ueff_cache[key] = round_half_even(self.u * retention * ratio)  # round_4
        return self._ueff_cache[key]

    # --- weight
    def _prepare_curve(self):
        c, d = self.curve, self.d
        self.expire_day = add_duration(d, c["expire"]) if "expire" in c else None
        typ = c["type"]
        if typ == "term":
            self.term_day = add_duration(d, c["term"])
        elif typ == "linear":
            self.f0 = add_duration(d, c.get("hold", (0, 0, 0, 0)))
            self.f1 = add_duration(self.f0, c["fade"])
            self.F = self.f1 - self.f0
        elif typ == "geometric":
            self.f0 = add_duration(d, c.get("hold", (0, 0, 0, 0)))
            self.every = c["every"]
            self.keep = 1 - c["rate"]  # g_k = floor_9(g_{k-1} * (1 - rate))
            self.g = [ONE_W]
        elif typ == "steps":
            # (boundary day, listing index, weight); latest boundary <= t wins, later-listed on ties
            self.points = sorted((add_duration(d, dur), i, int(w * ONE_W))
                                 for i, (dur, w) in enumerate(c["points"]))

    def _g(self, k: int) -> int:
        while len(self.g) <= k and self.g[-1] != 0:
            self.g.append(floor_int(self.g[-1] * self.keep))
        return self.g[k] if k < len(self.g) else 0

    def _geometric_k(self, t: int) -> int:
        """Count of j >= 1 with f0 + j*every <= t (monotone in j; f0 + j*every >= f0 + j)."""
        lo, hi = 0, max(0, t - self.f0)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if add_duration(self.f0, self.every, mid) <= t:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def weight(self, t: int) -> int:
        if self.expire_day is not None and t >= self.expire_day:
            return 0
        typ = self.curve["type"]
        if typ == "none":
            return ONE_W
        if typ == "term":
            return ONE_W if t < self.term_day else 0
        if typ == "linear":
            if t < self.f0:
                return ONE_W
            if t >= self.f1:
                return 0
            return round_half_even(Fraction((self.f1 - t) * ONE_W, self.F))  # round_9
        if typ == "geometric":
            if t < self.f0:
                return ONE_W
            return self._g(self._geometric_k(t))
        if typ == "steps":
            w = 0
            for day, _i, pw in self.points:  # sorted by (day, listing index)
                if day <= t:
                    w = pw
            return w
        raise AssertionError(typ)

    def live(self, t: int) -> int:
        """L(t) scaled by 10^13; 0 before the contribution's date."""
        if t < self.d:
            return 0
        return self.ueff(t) * self.weight(t)


# ---------------------------------------------------------------------------
# 6. Split
# ---------------------------------------------------------------------------

def largest_remainder(n: int, weights: list, keys: list) -> list[int]:
    """LR(N, weights, keys): floor of exact quotas, leftover one each to the
    largest fractional parts, ties to the smaller key; a weight of 0 gets 0."""
    total = sum(weights)
    assert n >= 0 and total > 0
    quotas = [Fraction(n) * w / total for w in weights]
    parts = [floor_int(q) for q in quotas]
    left = n - sum(parts)
    order = sorted(range(len(weights)), key=lambda j: (-(quotas[j] - parts[j]), keys[j]))
    for j in order[:left]:
        assert weights[j] > 0
        parts[j] += 1
    return parts


def fmt_fixed(n: int, k: int) -> str:
    """n / 10^k with exactly k decimals; zero is never signed."""
    sign = "-" if n < 0 else ""
    a = abs(n)
    if k == 0:
        return sign + str(a)
    ip, fp = divmod(a, 10 ** k)
    return f"{sign}{ip}.{fp:0{k}d}"


def fmt_exact(n: int, k: int) -> str:
    """n / 10^k exactly, without trailing zeros ("60000", "7.5", "0")."""
    s = fmt_fixed(n, k)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _escape(s: str) -> str:
    out = ['"']
    named = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    for ch in s:
        if ch in named:
            out.append(named[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dump_compact(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, str):
        return _escape(v)
    if isinstance(v, dict):
        return "{" + ",".join(_escape(k) + ":" + dump_compact(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump_compact(x) for x in v) + "]"
    raise TypeError(type(v))


def check_request(req: dict, lg: Ledger, policy_check: bool = True):
    start, end = req["period"]["start"], req["period"]["end"]
    if not (end >= start and end < add_duration(start, (100, 0, 0, 0))):
        _fail("invalid_period")
    if req["basis"] not in ("time_weighted", "snapshot"):
        _fail("invalid_request")
    s = lg.scale
    amount = req["amount"]
    if not is_multiple(amount, s):
        _fail("invalid_amount")
    if abs(amount) * 10 ** s > MONEY_LIMIT:
        _fail("overflow")
    for member in sorted(req["carry_in"], key=bkey):
        x = req["carry_in"][member]
        if member not in lg.member_ids:
            _fail("unknown_member")
        if not is_multiple(x, s):
            _fail("invalid_amount")
        if x < 0:
            _fail("negative_value")
        if x * 10 ** s > MONEY_LIMIT:
            _fail("overflow")
    if policy_check and _policy_at(lg.table, end) is None:
        _fail("no_policy")


def compute_split(req: dict, lg: Ledger) -> dict:
    s = lg.scale
    start, end = req["period"]["start"], req["period"]["end"]
    days = end - start + 1
    basis_kind = req["basis"]
    amount = int(req["amount"] * 10 ** s)
    sign = -1 if amount < 0 else 1
    n = abs(amount)

    dist = _policy_at(lg.table, end)["distribution"]
    buckets = dist.get("buckets", [{"name": "all", "share": Fraction(1), "kinds": ["*"]}])
    cash_fraction = dist.get("cash_fraction", Fraction(1))
    minimum_payout = int(dist.get("minimum_payout", Fraction(0)) * 10 ** s)

    # basis of every contribution over the period (scaled by 10^13), day by day
    per_contribution = []
    for c in lg.contributions:
        lc = LiveContribution(c, lg)
        if basis_kind == "snapshot":
            b = lc.live(end)
        else:
            b = sum(lc.live(t) for t in range(max(start, lc.d), end + 1)) if lc.u else 0
        per_contribution.append((lc.member, lc.kind, b))

    bucket_parts = largest_remainder(n, [b["share"] for b in buckets], list(range(len(buckets))))

    bucket_docs = []
    member_pools: dict[str, dict] = {}
    allocated: dict[str, int] = {}
    for b, part in zip(buckets, bucket_parts):
        if "kinds" not in b:
            bucket_docs.append({"name": b["name"], "type": "reserve", "amount": fmt_fixed(sign * part, s)})
            continue
        every_kind = b["kinds"] == ["*"]
        basis: dict[str, int] = {}
        for member, kind, val in per_contribution:
            if every_kind or kind in b["kinds"]:
                basis[member] = basis.get(member, 0) + val
        basis = {m: v for m, v in basis.items() if v != 0}
        total = sum(basis.values())
        if total == 0:
            unallocated = part
        else:
            ids = sorted(basis, key=bkey)
            parts = largest_remainder(part, [basis[m] for m in ids], [bkey(m) for m in ids])
            unallocated = 0
            for m, p in zip(ids, parts):
                doc = {"basis": fmt_exact(basis[m], 13)}
                if basis_kind == "time_weighted":
                    doc["average_units"] = fmt_fixed(
                        round_half_even(Fraction(basis[m] * 10 ** 4, 10 ** 13 * days)), 4)
                doc["share"] = fmt_fixed(round_half_even(Fraction(basis[m] * ONE_W, total)), 9)
                doc["amount"] = fmt_fixed(sign * p, s)
                member_pools.setdefault(m, {})[b["name"]] = doc
                allocated[m] = allocated.get(m, 0) + sign * p
        bucket_docs.append({"name": b["name"], "type": "pool", "amount": fmt_fixed(sign * part, s),
                            "basis_total": fmt_exact(total, 13),
                            "unallocated": fmt_fixed(sign * unallocated, s)})

    carry = {m: int(x * 10 ** s) for m, x in req["carry_in"].items()}
    listed = set(member_pools) | {m for m, x in carry.items() if x != 0}
    member_docs = []
    for m in sorted(listed, key=bkey):
        alloc = allocated.get(m, 0)
        cin = carry.get(m, 0)
        if alloc >= 0:
            due = alloc + cin
            if 0 < due < minimum_payout:
                paid, carry_out = 0, due
            else:
                paid, carry_out = due, 0
        else:
            paid, carry_out = alloc, cin
        if paid > 0:
            cash = ceil_int(paid * cash_fraction)  # ceil_s, in minor units
        else:
            cash = 0
        retained = paid - cash
        member_docs.append({
            "member": m,
            "pools": member_pools.get(m, {}),
            "allocated": fmt_fixed(alloc, s),
            "carry_in": fmt_fixed(cin, s),
            "paid": fmt_fixed(paid, s),
            "cash": fmt_fixed(cash, s),
            "retained": fmt_fixed(retained, s),
            "carry_out": fmt_fixed(carry_out, s),
        })

    return {
        "period": {"start": format_date(start), "end": format_date(end)},
        "basis": basis_kind,
        "amount": fmt_fixed(amount, s),
        "buckets": bucket_docs,
        "members": member_docs,
    }


# ---------------------------------------------------------------------------
# 6b. validate's warnings (SPEC 8 v2)
# ---------------------------------------------------------------------------

_DEFAULT_BUCKETS = [{"name": "all", "share": Fraction(1), "kinds": ["*"]}]


def _pools(policy) -> list:
    return [b for b in policy["distribution"].get("buckets", _DEFAULT_BUCKETS) if "kinds" in b]


def _pool_includes(pool, kind) -> bool:
    return pool["kinds"] == ["*"] or kind in pool["kinds"]


def _money_of(text: str, scale: int) -> int:
    return _minor(Fraction(text), scale)


def _split_figures(doc: dict, scale: int):
    """(reserves, unallocated, members) of a split result document, in minor units."""
    reserves = {b["name"]: _money_of(b["amount"], scale) for b in doc["buckets"] if b["type"] == "reserve"}
    unallocated = sum(_money_of(b["unallocated"], scale) for b in doc["buckets"] if b["type"] == "pool")
    members = {m["member"]: {k: _money_of(m[k], scale) for k in ("allocated", "cash", "retained", "carry_out")}
               for m in doc["members"]}
    return reserves, unallocated, members


def _allocation_request(a, scale) -> dict:
    return {"period": {"start": a["start"], "end": a["end"]},
            "amount": Fraction(a["amount"], 10 ** scale), "basis": a["basis"],
            "carry_in": {m: Fraction(x, 10 ** scale) for m, x in a["carry_in"].items()}}


def _allocation_differs(a, lg) -> bool:
    s = lg.scale
    try:
        req = _allocation_request(a, s)
        check_request(req, lg)
        reserves, unallocated, members = _split_figures(compute_split(req, lg), s)
    except RefError:
        return True  # a split that fails counts as differing
    for name in set(reserves) | set(a["reserves"]):
        if reserves.get(name, 0) != a["reserves"].get(name, 0):
            return True
    if unallocated != a["unallocated"]:
        return True
    if set(members) != set(a["members"]):
        return True
    return any(members[m] != a["members"][m] for m in members)


def warnings_of(lg: Ledger) -> list:
    """[(code, entry, kind)] of a valid ledger, in SPEC 8 order."""
    no_pool, capital_in_pool = set(), set()
    for c in lg.contributions:
        d = c["date"]
        in_force = _policy_at(lg.table, d)
        pools = [b for p in lg.table if p is in_force or p["effective"] > d for b in _pools(p)]
        included = any(_pool_includes(b, c["kind"]) for b in pools)
        if c["kindspec"].get("capital", False):
            if included:
                capital_in_pool.add(c["kind"])
        elif not included:
            no_pool.add(c["kind"])
    out = [("kind_in_no_pool", None, k) for k in sorted(no_pool, key=bkey)]
    out += [("capital_kind_in_pool", None, k) for k in sorted(capital_in_pool, key=bkey)]
    first = min((p["effective"] for p in lg.table), default=None)
    for a in sorted(lg.books.chain, key=lambda a: bkey(a["id"])):
        if first is not None and a["end"] < first:
            continue  # history from before coshare: not compared
        if _allocation_differs(a, lg):
            out.append(("allocation_differs", a["id"], None))
    return out


# ---------------------------------------------------------------------------
# 6c. The books queries (SPEC 10.1, 10.5)
# ---------------------------------------------------------------------------

def _arg_str(args: dict, name: str) -> str:
    v = args.get(name)
    if not isinstance(v, str):
        _fail("invalid_request")
    return v


def _arg_date(args: dict, name: str) -> int:
    return parse_date_text(_arg_str(args, name))


def _arg_period(args: dict) -> tuple[int, int]:
    start, end = _arg_date(args, "start"), _arg_date(args, "end")
    if not _period_ok(start, end):
        _fail("invalid_period")
    return start, end


def _balance(ms, t: int) -> int:
    return sum(x["amount"] for x in ms if x["date"] <= t)


def _due(ms, t: int) -> int:
    balance = _balance(ms, t)
    matured = sum(x["amount"] for x in ms if x["type"] != "redemption" and x["date"] <= t
                  and x["maturity"] is not None and x["maturity"] <= t)
    redeemed = sum(-x["amount"] for x in ms if x["type"] == "redemption" and x["date"] <= t)
    return max(0, min(balance, matured - redeemed))


def _alloc_target(lg: Ledger, aid: str):
    a = lg.books.allocs.get(aid) if isinstance(aid, str) else None
    if a is None:  # a valid ledger: every non-voided allocation passed its checks
        _fail("unknown_target")
    return a


def pay_by(a, table) -> int:
    """SPEC 10.4: the 15th of the 9th month after the end of the tax year holding the period's end."""
    tye = _capital_rules(table, a["date"])[2]
    y, m, _d = civil_from_days(a["end"])
    year_end = y if m <= tye else y + 1
    months = year_end * 12 + (tye - 1) + 9
    return days_from_civil(months // 12, months % 12 + 1, 15)


def q_accounts(lg: Ledger, args: dict) -> dict:
    t = _arg_date(args, "at")
    s, books = lg.scale, lg.books
    members = []
    for m in sorted(books.movements, key=bkey):
        ms = books.movements[m]
        if any(x["date"] <= t for x in ms):
            members.append({"member": m, "balance": fmt_fixed(_balance(ms, t), s),
                            "due": fmt_fixed(_due(ms, t), s)})
    dated = [a for a in books.chain if a["date"] <= t]
    reserves = {}
    for a in dated:
        for n, x in a["reserves"].items():
            reserves[n] = reserves.get(n, 0) + x
    payable = (sum(f["cash"] for a in dated for f in a["members"].values())
               - sum(_minor(p["amount"], s) for p in books.payments if p["date"] <= t))
    carried = sum(f["carry_out"] for f in dated[-1]["members"].values()) if dated else 0
    return {"at": format_date(t), "members": members,
            "reserves": [{"name": n, "amount": fmt_fixed(reserves[n], s)} for n in sorted(reserves, key=bkey)],
            "unallocated": fmt_fixed(sum(a["unallocated"] for a in dated), s),
            "payable": fmt_fixed(payable, s), "carried": fmt_fixed(carried, s)}


def q_statement(lg: Ledger, args: dict) -> dict:
    start, end = _arg_period(args)
    m = _arg_str(args, "member")
    if m not in lg.member_ids:
        _fail("unknown_member")
    s, books = lg.scale, lg.books
    ms = books.movements.get(m, [])
    opening = _balance(ms, start - 1)
    running = opening
    movements = []
    for x in ms:
        if start <= x["date"] <= end:
            running += x["amount"]
            movements.append({"date": format_date(x["date"]), "type": x["type"], "entry": x["entry"],
                              "amount": fmt_fixed(x["amount"], s), "balance": fmt_fixed(running, s)})
    allocations = []
    for a in sorted(books.chain, key=lambda a: (a["date"], bkey(a["id"]))):
        if start <= a["date"] <= end and m in a["members"]:
            f = a["members"][m]
            allocations.append({"allocation": a["id"], "date": format_date(a["date"]),
                                "allocated": fmt_fixed(f["allocated"], s),
                                "carry_in": fmt_fixed(a["carry_in"].get(m, 0), s),
                                "paid": fmt_fixed(f["cash"] + f["retained"], s),
                                "cash": fmt_fixed(f["cash"], s), "retained": fmt_fixed(f["retained"], s),
                                "carry_out": fmt_fixed(f["carry_out"], s)})
    payments = [{"payment": p["id"], "allocation": p["allocation"], "date": format_date(p["date"]),
                 "amount": fmt_fixed(_minor(p["amount"], s), s)}
                for p in sorted(books.payments, key=lambda p: (p["date"], bkey(p["id"])))
                if p["member"] == m and start <= p["date"] <= end]
    return {"member": m, "start": format_date(start), "end": format_date(end),
            "opening": fmt_fixed(opening, s), "movements": movements,
            "closing": fmt_fixed(_balance(ms, end), s), "due": fmt_fixed(_due(ms, end), s),
            "allocations": allocations, "payments": payments}


def q_notices(lg: Ledger, args: dict) -> dict:
    a = _alloc_target(lg, args.get("allocation"))
    s = lg.scale
    pb = pay_by(a, lg.table)
    notices = []
    for m in sorted(a["members"], key=bkey):
        f = a["members"][m]
        paid = f["cash"] + f["retained"]
        if paid <= 0:
            continue
        p = sum(_minor(x["amount"], s) for x in lg.books.payments
                if x["allocation"] == a["id"] and x["member"] == m and x["date"] <= pb)
        qualified = a["date"] <= pb and p > 0 and 5 * p >= p + f["retained"]
        notices.append({"member": m, "paid": fmt_fixed(paid, s), "cash": fmt_fixed(f["cash"], s),
                        "retained": fmt_fixed(f["retained"], s), "cash_paid": fmt_fixed(p, s),
                        "qualified": qualified})
    return {"allocation": a["id"], "date": format_date(a["date"]),
            "period": {"start": format_date(a["start"]), "end": format_date(a["end"])},
            "pay_by": format_date(pb), "notices": notices}


ACCOUNTS = {"surplus": "Equity:Surplus", "carried": "Liabilities:Carried forward",
            "reserve": "Equity:Reserves:", "unallocated": "Equity:Unallocated",
            "payable": "Liabilities:Patronage payable", "capital": "Equity:Capital:",
            "cash": "Assets:Cash", "adjustments": "Equity:Adjustments",
            "opening": "Equity:Opening balances"}
# journal order on one date: paid-in, (opening,) allocation, adjustment, redemption, payment
_JOURNAL_RANK = {"paid_in": (0, 0), "opening": (1, 0), "allocation": (1, 1), "adjustment": (2, 0),
                 "redemption": (3, 0), "payment": (4, 0)}


def journal_transactions(lg: Ledger) -> list:
    """Every transaction of the books: (date, type, entry id, [(account, minor)])."""
    s, books, A = lg.scale, lg.books, ACCOUNTS
    out = []
    for c in lg.contributions:
        if c["kindspec"].get("capital", False):
            out.append((c["date"], "paid_in", c["id"],
                        [(A["cash"], c["at_risk"]), (A["capital"] + c["member"], -c["at_risk"])]))
    for i, a in enumerate(books.chain):
        cin = sum(a["carry_in"].values())
        if i == 0 and a["has_carry_in"]:
            out.append((a["date"], "opening", a["id"], [(A["opening"], cin), (A["carried"], -cin)]))
        figs = a["members"]
        lines = [(A["surplus"], a["amount"]),
                 (A["carried"], cin - sum(f["carry_out"] for f in figs.values()))]
        lines += [(A["reserve"] + n, -a["reserves"][n]) for n in sorted(a["reserves"], key=bkey)]
        lines += [(A["unallocated"], -a["unallocated"]),
                  (A["payable"], -sum(f["cash"] for f in figs.values()))]
        lines += [(A["capital"] + m, -figs[m]["retained"]) for m in sorted(figs, key=bkey)]
        out.append((a["date"], "allocation", a["id"], lines))
    for m, ms in books.movements.items():
        for x in ms:
            if x["type"] == "redemption":
                amt = -x["amount"]
                out.append((x["date"], "redemption", x["entry"], [(A["capital"] + m, amt), (A["cash"], -amt)]))
            elif x["type"] == "adjustment":
                amt = x["amount"]
                out.append((x["date"], "adjustment", x["entry"],
                            [(A["capital"] + m, -amt), (A["adjustments"], amt)]))
    for p in books.payments:
        amt = _minor(p["amount"], s)
        out.append((p["date"], "payment", p["id"], [(A["payable"], amt), (A["cash"], -amt)]))
    out.sort(key=lambda t: (t[0], _JOURNAL_RANK[t[1]][0], bkey(t[2]), _JOURNAL_RANK[t[1]][1]))
    for t in out:
        assert sum(x for _n, x in t[3]) == 0, t  # every transaction balances
    return out


def q_journal(lg: Ledger, args: dict) -> dict:
    start, end = _arg_period(args)
    s = lg.scale
    txs = []
    for day, typ, eid, lines in journal_transactions(lg):
        if not start <= day <= end:
            continue
        lines = [{"account": n, "amount": fmt_fixed(x, s)} for n, x in lines if x != 0]
        if lines:
            txs.append({"date": format_date(day), "entry": eid, "type": typ, "lines": lines})
    return {"start": format_date(start), "end": format_date(end), "transactions": txs}


def q_close(lg: Ledger, ledger_text: str, args: dict) -> dict:
    """SPEC 10.1: the next allocation entry, from a request, an id and a date."""
    request_text = args.get("request")
    if not isinstance(request_text, str):
        _fail("invalid_request")
    req = read_request(request_text)
    check_request(req, lg, policy_check=False)     # 8, item 3, before its no_policy
    chain = lg.books.chain
    if req["has_carry_in"] and lg.books.allocs:
        _fail("invalid_request")
    eid = _arg_str(args, "id")
    if eid == "" or _too_long(eid):
        _fail("invalid_entry")
    if eid in lg.entry_ids:
        _fail("duplicate_id")
    date = _arg_date(args, "date")
    start, end = req["period"]["start"], req["period"]["end"]
    if date < end or (chain and date < chain[-1]["date"]):
        _fail("invalid_request")
    if any(start <= a["end"] for a in chain):
        _fail("invalid_request")
    if _policy_at(lg.table, end) is None:
        _fail("no_policy")
    s = lg.scale
    if chain:
        req = dict(req, carry_in={m: Fraction(f["carry_out"], 10 ** s)
                                  for m, f in chain[-1]["members"].items()})
    doc = compute_split(req, lg)
    entry = {"type": "allocation", "id": eid, "date": format_date(date),
             "period": doc["period"], "amount": doc["amount"], "basis": doc["basis"]}
    if args_has_carry_in(req):
        entry["carry_in"] = {m: fmt_fixed(_minor(req["carry_in"][m], s), s)
                             for m in sorted(req["carry_in"], key=bkey)}
    entry["reserves"] = {b["name"]: b["amount"] for b in doc["buckets"] if b["type"] == "reserve"}
    reserves, unallocated, _members = _split_figures(doc, s)
    entry["unallocated"] = fmt_fixed(unallocated, s)
    entry["members"] = {m["member"]: {k: m[k] for k in ("allocated", "cash", "retained", "carry_out")}
                        for m in doc["members"]}
    # the ledger with this entry posted must be valid: else report its error
    led = read_ledger(ledger_text)
    led["entries"] = led["entries"] + [r_entry(parse_json(dump_compact(entry)))]
    check_ledger(led)
    return entry


def args_has_carry_in(req) -> bool:
    return req["has_carry_in"]


QUERIES = {"accounts": q_accounts, "statement": q_statement, "notices": q_notices,
           "journal": q_journal}


def books_query(ledger_text: str, query: str, args: dict) -> str:
    """A books query of SPEC 10.5 (close, accounts, statement, notices, journal)
    on a valid ledger.  ``args`` holds the arguments as JSON values (strings);
    close's ``request`` is the request's JSON text.  Raises RefError."""
    lg = load_ledger(ledger_text)
    if query == "close":
        return dump_compact(q_close(lg, ledger_text, args))
    return dump_compact(QUERIES[query](lg, args))


# ---------------------------------------------------------------------------
# 7. Public functions and CLI
# ---------------------------------------------------------------------------

def load_ledger(ledger_text: str) -> Ledger:
    return check_ledger(read_ledger(ledger_text))


def split(ledger_text: str, request_text: str) -> str:
    lg = load_ledger(ledger_text)          # phases 1 and 2
    req = read_request(request_text)       # phase 3: reading
    check_request(req, lg)                 # phase 3: checks
    return dump_compact(compute_split(req, lg))


def validate_report(ledger_text: str) -> tuple[list, list]:
    """(errors, warnings) of SPEC 8 v2: errors [(code, entry)] in SPEC order
    (reading errors with recovery in `members`/`entries`, else the checking
    errors, at most one per policy, member or entry); warnings
    [(code, entry, kind)], only for a ledger without errors."""
    errors: list = []
    try:
        led = read_ledger(ledger_text, errors)
    except RefError as e:  # the text does not parse: invalid_json alone
        return [(e.code, e.entry)], []
    if errors:
        return errors, []
    lg = check_ledger(led, errors)
    if errors:
        return errors, []
    return [], warnings_of(lg)


def validate(ledger_text: str) -> list:
    """Every error of the ledger in SPEC order: the reading errors, or the
    checking errors (at most one per entry)."""
    return validate_report(ledger_text)[0]


def validate_doc(ledger_text: str) -> str:
    """validate's document: {"valid", "errors": [{code, entry}], "warnings": [{code, entry, kind}]}."""
    errors, warns = validate_report(ledger_text)
    return dump_compact({"valid": not errors,
                         "errors": [{"code": c, "entry": e} for c, e in errors],
                         "warnings": [{"code": c, "entry": e, "kind": k} for c, e, k in warns]})


def _read_text(path: str) -> str:
    data = open(path, "rb").read()
    try:
        return data.decode("utf-8")  # strict: invalid UTF-8 is invalid_json
    except UnicodeDecodeError:
        raise RefError("invalid_json")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: coshare_ref.py LEDGER.json REQUEST.json", file=sys.stderr)
        return 64
    try:
        ledger_text = _read_text(argv[0])
        lg = load_ledger(ledger_text)
        out = dump_compact(compute_split(*_request(argv[1], lg)))
    except RefError as e:
        err = {"code": e.code}
        if e.entry is not None:
            err["entry"] = e.entry
        sys.stdout.buffer.write((dump_compact({"error": err}) + "\n").encode("utf-8"))
        return 2
    sys.stdout.buffer.write((out + "\n").encode("utf-8"))
    return 0


def _request(path, lg):
    req = read_request(_read_text(path))
    check_request(req, lg)
    return req, lg


if __name__ == "__main__":
    sys.exit(main())
