#!/usr/bin/env python3
"""Fill in or check the shared test vectors with the Python reference.

    python3 fill_expected.py [--check] [VECTOR_DIR_OR_FILE ...]

Default location: ../vectors (every **/*.json below it).  The v2 books
vectors live in ../vectors/books (pass that path to fill or check them).

A vector's "query" (default "split") picks what it runs: "split" (needs
"request"), "validate" (the validate document), or a books query "close",
"accounts", "statement", "notices", "journal" with its "args" (close:
{"request": {...}, "id": ID, "date": D}; accounts {"at": D}; statement
{"member": M, "start": S, "end": E}; notices {"allocation": ID}; journal
{"start": S, "end": E}).  The document formats are in NOTES.md.

A vector without "expected" and without "error" gets one written: the
reference's result document as "expected", or "error": {"code": ...} (with a
loud notice) when the reference rejects it.  A vector that already has
"expected" or "error" is checked; every disagreement is printed and the exit
status is 1.  With --check nothing is ever written.

Vector numbers are kept as their exact JSON text (never through float), so a
ledger holding e.g. `1e3` or `1.50` reaches the reference unchanged.  Vectors
that need malformed JSON or repeated keys must use "ledger_text"/"request_text".
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from coshare_ref import RefError, books_query, split, validate_doc  # noqa: E402

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors")
PENDING = os.sep + os.path.join("testdata", "pending") + os.sep
CSV_FIELDS = ["id", "member", "date", "kind", "value", "hours", "rate", "paid", "note"]


class RawNumber:
    """A JSON number kept as its source text."""

    def __init__(self, text: str):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, RawNumber) and other.text == self.text


class DuplicateKey(Exception):
    pass


def _pairs(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKey(k)
        out[k] = v
    return out


def load_vector(text: str):
    return json.loads(text, object_pairs_hook=_pairs, parse_float=RawNumber,
                      parse_int=RawNumber, parse_constant=RawNumber)


def _escape(s: str) -> str:
    # json.dumps(ensure_ascii=False) escaping, plus lone surrogates as \udxxx
    body = json.dumps(s, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in body)


def dumps(v, indent: int | None = None, _level: int = 0, item_sep=", ", key_sep=": ") -> str:
    """json.dumps(v, ensure_ascii=False[, indent]) look-alike that writes RawNumber verbatim."""
    if isinstance(v, RawNumber):
        return v.text
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, str):
        return _escape(v)
    if isinstance(v, (dict, list)):
        if not v:
            return "{}" if isinstance(v, dict) else "[]"
        open_, close = ("{", "}") if isinstance(v, dict) else ("[", "]")
        items = ([_escape(k) + key_sep + dumps(x, indent, _level + 1, item_sep, key_sep) for k, x in v.items()]
                 if isinstance(v, dict) else
                 [dumps(x, indent, _level + 1, item_sep, key_sep) for x in v])
        if indent is None:
            return open_ + item_sep.join(items) + close
        pad = "\n" + " " * (indent * (_level + 1))
        return open_ + pad + ("," + pad).join(items) + "\n" + " " * (indent * _level) + close
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    raise TypeError(f"cannot serialise {type(v)}")


def compact(v) -> str:
    return dumps(v, item_sep=",", key_sep=":")


def csv_entries(text: str) -> list:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell != "" for cell in r)]
    if not rows:
        return []
    header = rows[0]
    entries = []
    for row in rows[1:]:
        entry = {"type": "contribution"}
        for name, cell in zip(header, row):
            if cell != "":
                entry[name] = cell
        entries.append(entry)
    return entries


def vector_inputs(vec: dict) -> tuple[str, str]:
    if "ledger_text" in vec:
        if "contributions_csv" in vec:
            raise ValueError("contributions_csv needs a \"ledger\" object, not \"ledger_text\"")
        ledger_text = vec["ledger_text"]
    else:
        ledger = vec["ledger"]
        if "contributions_csv" in vec:
            ledger = dict(ledger)
            ledger["entries"] = list(ledger.get("entries", [])) + csv_entries(vec["contributions_csv"])
        ledger_text = dumps(ledger)
    if vec.get("query", "split") != "split":
        return ledger_text, None
    request_text = vec["request_text"] if "request_text" in vec else dumps(vec["request"])
    return ledger_text, request_text


QUERIES = ("split", "validate", "close", "accounts", "statement", "notices", "journal")


def run_reference(vec: dict):
    """('ok', result_text) or ('error', RefError)."""
    query = vec.get("query", "split")
    if query not in QUERIES:
        raise ValueError(f"unknown query {query!r}")
    ledger_text, request_text = vector_inputs(vec)
    try:
        if query == "split":
            return "ok", split(ledger_text, request_text)
        if query == "validate":
            return "ok", validate_doc(ledger_text)
        args = dict(vec.get("args", {}))
        if query == "close":
            args["request"] = args["request_text"] if "request_text" in args else dumps(args["request"])
            args.pop("request_text", None)
        return "ok", books_query(ledger_text, query, args)
    except RefError as e:
        return "error", e


def vector_files(paths: list[str]) -> list[str]:
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _dirs, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith(".json")]
        else:
            files.append(p)
    return sorted(files)


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    paths = [a for a in argv if a != "--check"] or [VECTORS]
    files = vector_files(paths)
    disagreements = written = checked = 0
    for path in files:
        rel = os.path.relpath(path)
        try:
            with open(path, encoding="utf-8") as f:
                vec = load_vector(f.read())
            kind, out = run_reference(vec)
        except (DuplicateKey, ValueError, KeyError, TypeError) as e:
            print(f"BROKEN VECTOR {rel}: {type(e).__name__}: {e}")
            disagreements += 1
            continue

        if "expected" not in vec and "error" not in vec:
            if check_only:
                print(f"no expectation (not written, --check): {rel}")
                continue
            if kind == "ok":
                vec["expected"] = load_vector(out)
            else:
                err = {"code": out.code}
                if out.entry is not None and PENDING in os.path.abspath(path):
                    err["entry"] = out.entry  # the books vectors name the entry (NOTES.md)
                vec["error"] = err
                print(f"!!!!! NOTICE {rel}: the reference REJECTS this vector: {out.code}"
                      f"{'' if out.entry is None else ' (entry ' + repr(out.entry) + ')'}"
                      f" -- wrote \"error\", check that this is what the vector means !!!!!")
            with open(path, "w", encoding="utf-8") as f:
                f.write(dumps(vec, indent=2) + "\n")
            written += 1
            continue

        checked += 1
        problems = []
        if "expected" in vec:
            want = compact(vec["expected"])
            if kind == "error":
                problems.append(f"expected result {want}\n    reference error {out.code}"
                                f"{'' if out.entry is None else ' entry ' + repr(out.entry)}")
            elif out != want:
                problems.append(f"expected  {want}\n    reference {out}")
        if "error" in vec:
            want = vec["error"]
            if kind == "ok":
                problems.append(f"expected error {compact(want)}\n    reference result {out}")
            else:
                if want.get("code") != out.code:
                    problems.append(f"expected error {want.get('code')}, reference {out.code}"
                                    f"{'' if out.entry is None else ' entry ' + repr(out.entry)}")
                elif "entry" in want and want["entry"] != out.entry:
                    problems.append(f"expected error entry {want['entry']!r}, reference {out.entry!r}")
        for p in problems:
            print(f"DISAGREE {rel}:\n    {p}")
        disagreements += bool(problems)

    print(f"{len(files)} vectors: {checked} checked, {written} written, {disagreements} disagreeing")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
