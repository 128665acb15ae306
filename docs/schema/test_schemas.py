#!/usr/bin/env python3
"""Checks docs/schema/*.schema.json against the shared test vectors.

    python3 docs/schema/test_schemas.py [--cli PATH/TO/coshare]

Needs the `jsonschema` package (pip install jsonschema); otherwise the
standard library and the repository's Python reference
(testdata/reference/coshare_ref.py), which tells which input documents of a
vector are valid.  It checks:

1. each schema is a valid draft 2020-12 schema, every local $ref resolves,
   and the files are what make_schemas.py writes;
2. every input document the reference finds valid (ledgers, requests, close
   requests) passes its schema, and so does every expected result document
   (split, close, accounts, statement, notices, journal; validate's and the
   errors' summaries, which hold only code, entry and kind);
3. every input document whose reading fails with `invalid_json` (a wrong
   JSON type), `missing_field` or `unknown_field` fails its schema; a text
   that does not parse as JSON (syntax, a repeated key, a lone surrogate,
   nesting deeper than 128) is skipped and counted: no schema can see it;
4. the ledgers and requests of examples/ and the CLI's presets pass;
5. with --cli, the documents the command line writes for the vectors:
   `validate`, `shares`, `explain` and `curve` with --format json, and the
   error document on standard error of every vector that fails.

JSON numbers are read as decimal.Decimal when they have a fraction or an
exponent, so that `2.0` or `1e1` where coshare wants a JSON integer is not
taken for an integer (JSON Schema validators that read numbers as floats do).
Prints counts per category and exits 1 on any failure.
"""

import argparse
import copy
import decimal
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from jsonschema import Draft202012Validator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VECTORS = ROOT / "testdata" / "vectors"
sys.path.insert(0, str(ROOT / "testdata" / "reference"))
sys.path.insert(0, str(HERE))

import coshare_ref as ref  # noqa: E402
import make_schemas  # noqa: E402

SCHEMA_CODES = ("invalid_json", "missing_field", "unknown_field")
RESULT_SCHEMA = {"split": "split", "close": "allocation", "accounts": "accounts",
                 "statement": "statement", "notices": "notices", "journal": "journal"}

counts = Counter()
failures = []


def fail(where, what):
    failures.append(f"{where}: {what}")


# --------------------------------------------------------------------------
# Reading JSON as coshare does, where Python's json module would differ
# --------------------------------------------------------------------------

class Unreadable(Exception):
    """A text no schema can judge: not JSON, a repeated key, a lone surrogate."""


def _no_repeated_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Unreadable("repeated key")
    return dict(pairs)


def _check_strings(v, depth=1):
    if depth > ref.MAX_DEPTH and isinstance(v, (dict, list)):
        raise Unreadable("nesting deeper than 128")
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise Unreadable("lone surrogate") from None
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_strings(k, depth)
            _check_strings(x, depth + 1)
    elif isinstance(v, list):
        for x in v:
            _check_strings(x, depth + 1)


def load_json(text):
    try:
        v = json.loads(text, object_pairs_hook=_no_repeated_keys, parse_float=decimal.Decimal,
                       parse_constant=lambda c: (_ for _ in ()).throw(Unreadable(c)))
    except (ValueError, RecursionError) as e:
        raise Unreadable(str(e)) from None
    _check_strings(v)
    return v


def text_of(v):
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def reparse(v):
    """A vector's document (already parsed by json.load) as the test reads it."""
    return load_json(json.dumps(v, ensure_ascii=False))


# --------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------

def load_schemas():
    schemas = {}
    for path in sorted(HERE.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        name = path.name[: -len(".schema.json")]
        where = f"schema {path.name}"
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as e:  # noqa: BLE001 - any error is a failure to report
            fail(where, f"not a valid draft 2020-12 schema: {e}")
            continue
        if schema.get("$schema") != make_schemas.DRAFT:
            fail(where, "$schema is not draft 2020-12")
        if schema.get("$id") != make_schemas.BASE + path.name:
            fail(where, f"$id {schema.get('$id')!r} does not name the file")
        if not schema.get("title") or "docs/format.md" not in schema.get("description", ""):
            fail(where, "needs a title and a description citing docs/format.md")
        for pointer in local_refs(schema):
            node = schema
            for part in pointer.split("/")[1:]:
                if not isinstance(node, dict) or part not in node:
                    fail(where, f"$ref #{pointer} does not resolve")
                    break
                node = node[part]
        schemas[name] = schema
        counts["schemas: valid draft 2020-12"] += 1
    docs = make_schemas.schemas()
    for name, doc in docs.items():
        path = HERE / name
        if not path.exists() or path.read_text(encoding="utf-8") != make_schemas.render(doc):
            fail(f"schema {name}", "differs from what make_schemas.py writes (run it)")
    for path in HERE.glob("*.schema.json"):
        if path.name not in docs:
            fail(f"schema {path.name}", "not written by make_schemas.py")
    return schemas


def local_refs(node):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str):
            if not r.startswith("#/"):
                yield "!" + r  # fails to resolve: every file stands alone
            else:
                yield r[1:]
        for v in node.values():
            yield from local_refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from local_refs(v)


def summary_form(schema, defs):
    """The schema with `message` and `path` optional in the given $defs:
    vectors keep only an error's code and entry (and a warning's kind)."""
    s = copy.deepcopy(schema)
    for d in defs:
        node = s["$defs"][d]
        node["required"] = [k for k in node["required"] if k not in ("message", "path", "entry")]
    return s


class Checker:
    def __init__(self, schemas):
        self.validators = {n: Draft202012Validator(s) for n, s in schemas.items()}
        if "validation" in schemas:
            self.validators["validation/summary"] = Draft202012Validator(
                summary_form(schemas["validation"], ("error", "warning")))
        if "error" in schemas:
            inner = summary_form(schemas["error"], ("cliError",))
            self.validators["error/summary"] = Draft202012Validator(
                dict(inner["$defs"]["cliError"], **{"$defs": inner["$defs"]}))

    def errors(self, name, doc):
        v = self.validators.get(name)
        if v is None:
            return [f"no schema {name}"]
        return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
                for e in v.iter_errors(doc)]

    def must_pass(self, category, where, name, doc):
        errs = self.errors(name, doc)
        if errs:
            fail(where, f"{name} schema rejects a valid document: {errs[0]}")
        counts[category] += 1

    def must_fail(self, category, where, name, doc):
        if not self.errors(name, doc):
            fail(where, f"{name} schema accepts a document coshare reads as an error")
        counts[category] += 1

    def rejects(self, name, doc):
        return bool(self.errors(name, doc))


# --------------------------------------------------------------------------
# Vectors
# --------------------------------------------------------------------------

def classify_ledger(text):
    """('valid' | 'schema_error' | 'other_error' | 'unreadable', codes)."""
    errors = ref.validate(text)
    if not errors:
        return "valid", []
    codes = [c for c, _ in errors]
    try:
        load_json(text)
        ref.parse_json(text)
    except (Unreadable, ref.RefError):
        return "unreadable", codes
    if any(c in SCHEMA_CODES for c in codes):  # only reading errors are listed then
        return "schema_error", codes
    return "other_error", codes


def classify_request(text, ledger):
    """('valid' | 'schema_error' | 'other_error' | 'unreadable' | 'unknown', code)."""
    try:
        load_json(text)
        ref.parse_json(text)
    except (Unreadable, ref.RefError):
        return "unreadable", "invalid_json"
    try:
        req = ref.read_request(text)
    except ref.RefError as e:
        return ("schema_error" if e.code in SCHEMA_CODES else "other_error"), e.code
    if ledger is None:
        return "unknown", None  # its checks need a valid ledger
    try:
        ref.check_request(req, ledger)
    except ref.RefError as e:
        return "other_error", e.code
    return "valid", None


def check_input(chk, where, name, kind, text, label):
    """Checks one input document of a vector by its classification."""
    if kind == "unreadable":
        counts[f"{label}: skipped, not readable as JSON (syntax, repeated key, surrogate)"] += 1
        return
    doc = load_json(text)
    if kind == "valid":
        chk.must_pass(f"{label}: valid, passes", where, name, doc)
    elif kind == "schema_error":
        chk.must_fail(f"{label}: wrong type / missing / unknown field, fails", where, name, doc)
    elif kind == "other_error":
        tag = "rejected by the schema too" if chk.rejects(name, doc) else "passes the schema"
        counts[f"{label}: other error (info: {tag})"] += 1
    else:
        tag = "rejected by the schema" if chk.rejects(name, doc) else "passes the schema"
        counts[f"{label}: reads cleanly, not checked (ledger invalid or CSV) (info: {tag})"] += 1


def run_vectors(chk, cli):
    files = sorted(VECTORS.rglob("*.json"))
    for path in files:
        where = str(path.relative_to(ROOT))
        case = json.loads(path.read_text(encoding="utf-8"))
        counts["vectors"] += 1
        query = case.get("query", "split")
        ledger_text = case["ledger_text"] if "ledger_text" in case else text_of(case["ledger"])
        lkind, lcodes = classify_ledger(ledger_text)
        # a request's checks need the checked ledger; the reference cannot
        # add a contributions CSV's rows to it
        ledger = (ref.load_ledger(ledger_text)
                  if lkind == "valid" and "contributions_csv" not in case else None)
        check_input(chk, where, "ledger", lkind, ledger_text, "ledgers")

        # the request: split's, or close's args.request
        req_text = None
        if query == "split":
            req_text = case["request_text"] if "request_text" in case else text_of(case["request"])
        elif query == "close" and "request" in case.get("args", {}):
            req_text = text_of(case["args"]["request"])
        rkind = None
        if req_text is not None:
            rkind, _ = classify_request(req_text, ledger)
            check_input(chk, where, "request", rkind, req_text, "requests")
            if rkind == "valid" and "carry_in" in load_json(req_text):
                chk.must_pass("requests' carry_in as a carry-in file: pass", where, "carry-in",
                              load_json(req_text)["carry_in"])

        # the outcome
        if "expected" in case:
            name = RESULT_SCHEMA.get(query)
            if query == "validate":
                chk.must_pass("expected validate documents (summary form): pass", where,
                              "validation/summary", reparse(case["expected"]))
            elif name:
                chk.must_pass(f"expected {name} documents: pass", where, name,
                              reparse(case["expected"]))
            else:
                counts[f"expected results of unmapped query {query}: skipped"] += 1
                fail(where, f"no schema for the result of query {query!r}")
        else:
            err = case["error"]
            chk.must_pass("expected errors (summary form): pass", where, "error/summary", reparse(err))
            if err["code"] in SCHEMA_CODES:
                # an input that coshare refuses for a wrong JSON type, a
                # missing or an unknown field fails its schema
                if lkind == "schema_error" or rkind == "schema_error":
                    counts["error vectors invalid_json/missing_field/unknown_field: an input fails"] += 1
                elif lkind == "unreadable" or rkind == "unreadable":
                    counts["error vectors invalid_json/...: skipped, text not JSON"] += 1
                elif "contributions_csv" in case:
                    counts["error vectors invalid_json/...: skipped, the error is in the CSV"] += 1
                else:
                    fail(where, f"expected {err['code']} but every input passes for the reference")
        if cli:
            run_cli(chk, cli, where, case, query, ledger_text, lkind, lcodes, req_text)
    return files


# --------------------------------------------------------------------------
# Documents of the repository and of the command line
# --------------------------------------------------------------------------

def run_examples(chk):
    for path in [ROOT / "examples" / "coop.json", ROOT / "testdata" / "worked_example.json",
                 *sorted((ROOT / "crates" / "coshare-cli" / "presets").glob("*.json"))]:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            kind, codes = classify_ledger(text)
            if kind != "valid":
                fail(str(path.relative_to(ROOT)), f"the reference finds errors {codes}")
            chk.must_pass("example ledgers and presets: pass", str(path.relative_to(ROOT)),
                          "ledger", load_json(text))
    for path in sorted((ROOT / "examples").glob("fy*.json")):
        chk.must_pass("example requests: pass", str(path.relative_to(ROOT)), "request",
                      load_json(path.read_text(encoding="utf-8")))


def wrap_ledger(policies=(), entries=()):
    return {"currency": {"code": "EUR", "scale": 2}, "policies": list(policies),
            "members": [], "entries": list(entries)}


def schemas_of_example(doc):
    """The schemas a JSON example of docs/format.md must pass, by its keys:
    [(schema, document)], or [] for a shape no schema describes."""
    if not isinstance(doc, dict):
        return []
    keys = set(doc)
    if {"currency", "policies"} <= keys:
        return [("ledger", doc)]
    if "effective" in keys:
        return [("ledger", wrap_ledger(policies=[doc]))]
    if doc.get("type") in make_schemas.ENTRY_TYPES:
        out = [("ledger", wrap_ledger(entries=[doc]))]
        required = ("type", "id", "date", "period", "amount", "basis", "reserves", "unallocated",
                    "members")
        if doc["type"] == "allocation" and all(k in doc for k in required) and "note" not in doc:
            out.append(("allocation", doc))  # as close writes it
        return out
    for key, name in (("surplus", "journal-accounts"), ("buckets", "split"),
                      ("valid", "validation"), ("payable", "accounts"),
                      ("opening", "statement"), ("pay_by", "notices"), ("transactions", "journal"),
                      ("error", "error"), ("points", "curve"), ("contributions", "explain"),
                      ("total", "shares")):
        if key in keys:
            return [(name, doc)]
    if {"period", "amount"} <= keys:
        return [("request", doc)]
    return []


def run_format_examples(chk):
    """Every JSON example of docs/format.md that is a whole document passes
    its schema (examples with placeholders such as POLICY do not parse and
    are skipped)."""
    path = ROOT / "docs" / "format.md"
    if not path.exists():
        return
    decoder = json.JSONDecoder(object_pairs_hook=_no_repeated_keys, parse_float=decimal.Decimal)
    for n, block in enumerate(re.findall(r"```json\n(.*?)```", path.read_text(encoding="utf-8"),
                                         re.S), 1):
        docs, i = [], 0
        try:
            while True:
                while i < len(block) and block[i].isspace():
                    i += 1
                if i >= len(block):
                    break
                doc, i = decoder.raw_decode(block, i)
                docs.append(doc)
        except (ValueError, Unreadable):
            counts["docs/format.md examples: skipped, not JSON (placeholders)"] += 1
            continue
        for doc in docs:
            checks = schemas_of_example(doc)
            if not checks:
                counts["docs/format.md examples: skipped, no schema"] += 1
            for name, d in checks:
                chk.must_pass("docs/format.md examples: pass", f"docs/format.md json block {n}",
                              name, d)


def cli_run(cli, args, stdin_text=None):
    p = subprocess.run([cli, *args], input=stdin_text, capture_output=True, text=True,
                       encoding="utf-8", timeout=120)
    return p.returncode, p.stdout, p.stderr


def run_cli(chk, cli, where, case, query, ledger_text, lkind, lcodes, req_text):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        ledger_file = tmp / "ledger.json"
        ledger_file.write_text(ledger_text, encoding="utf-8")
        extra = []
        if "contributions_csv" in case:
            csv_file = tmp / "contributions.csv"
            csv_file.write_text(case["contributions_csv"], encoding="utf-8")
            extra = ["--contributions", str(csv_file)]

        def doc_of(name, args, category, must_succeed=True):
            rc, out, err = cli_run(cli, [*args, str(ledger_file), *extra, "--format", "json"])
            if rc == 0:
                try:
                    chk.must_pass(category, where + f" (cli {args[0]})", name, load_json(out))
                except Unreadable as e:
                    fail(where, f"cli {args[0]} wrote unreadable JSON: {e}")
                return True
            if must_succeed:
                fail(where, f"cli {' '.join(args)} failed: {err.strip()[:200]}")
            check_error(err, args[0])
            return False

        def check_error(err, command):
            try:
                doc = load_json(err.strip().splitlines()[-1])
            except (Unreadable, IndexError) as e:
                fail(where, f"cli {command}: stderr is not an error document: {e}")
                return
            chk.must_pass("cli: error documents on stderr: pass", where + f" (cli {command})",
                          "error", doc)

        # validate: the full document, for every ledger
        rc, out, err = cli_run(cli, ["validate", str(ledger_file), *extra, "--format", "json"])
        if rc in (0, 2) and out.strip():
            chk.must_pass("cli: validate documents: pass", where + " (cli validate)", "validation",
                          load_json(out))
            if rc == 2:
                check_error(err, "validate")
        else:
            fail(where, f"cli validate exit {rc}: {err.strip()[:200]}")

        if lkind != "valid" or "contributions_csv" in case and "error" in case:
            # the split's own error document
            if query == "split" and req_text is not None:
                req_file = tmp / "request.json"
                req_file.write_text(req_text, encoding="utf-8")
                rc, out, err = cli_run(cli, ["split", str(ledger_file), *extra, "--request",
                                             str(req_file), "--format", "json"])
                if rc == 2:
                    check_error(err, "split")
            return

        # a valid ledger: shares, explain, curve over the vector's period
        period = None
        try:
            if req_text is not None:
                r = json.loads(req_text)
                period = (r["period"]["start"], r["period"]["end"])
            elif "start" in case.get("args", {}) and "end" in case.get("args", {}):
                period = (case["args"]["start"], case["args"]["end"])
        except (ValueError, KeyError, TypeError):
            period = None
        at = case.get("args", {}).get("at")
        if isinstance(at, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", at):
            doc_of("shares", ["shares", "--at", at], "cli: shares documents: pass",
                   must_succeed=False)
        if not period or not all(isinstance(x, str) for x in period):
            counts["cli: valid ledgers without a period (no explain/curve)"] += 1
            return
        start, end = period
        try:
            ref.parse_date_text(start), ref.parse_date_text(end)
        except ref.RefError:
            counts["cli: valid ledgers with a bad period argument (no shares/explain/curve)"] += 1
            return
        for day in sorted({start, end}):
            doc_of("shares", ["shares", "--at", day], "cli: shares documents: pass")
        doc_of("curve", ["curve", "--from", start, "--to", end, "--every", "P1M"],
               "cli: curve documents: pass", must_succeed=False)
        members = [m.get("id") for m in json.loads(ledger_text).get("members", [])][:3]
        for m in members:
            doc_of("explain", ["explain", "--member", m, "--start", start, "--end", end],
                   "cli: explain documents: pass", must_succeed=False)
        if query == "split" and "error" in case:
            req_file = tmp / "request.json"
            req_file.write_text(req_text, encoding="utf-8")
            rc, out, err = cli_run(cli, ["split", str(ledger_file), *extra, "--request",
                                         str(req_file), "--format", "json"])
            if rc == 2:
                check_error(err, "split")
            else:
                fail(where, f"cli split: exit {rc}, expected an error")


# Values of SPEC 2 that the shared $defs accept (True) or refuse (False).
VALUE_CASES = {
    "number": [("0", True), ("-0", True), ("12.50", True), ("999999999999999", True),
               ("1." + "0" * 18, True), (999999999999999, True), (-7, True),
               ("1000000000000000", False), ("1." + "0" * 19, False), ("01", False),
               (".5", False), ("+1", False), (" 1", False), ("1e3", False), ("1.", False),
               ("\u0661", False), (decimal.Decimal("1.5"), False), (decimal.Decimal("1E+3"), False),
               (1000000000000000, False), (True, False), (None, False), (["1"], False)],
    "date": [("2024-02-29", True), ("0001-01-01", True), ("9999-12-31", True),
             ("0000-01-01", False), ("2024-1-01", False), ("2024-13-01", False),
             ("2024-01-32", False), ("10000-01-01", False), ("2024-01-01 ", False),
             ("\uff12\uff10\uff12\uff11-01-01", False), (20240101, False)],
    "duration": [("P1D", True), ("P0D", True), ("P1Y2M3W4D", True), ("P100000Y", True),
                 ("P1M1D", True), ("P2W", True), ("P", False), ("P1D1Y", False),
                 ("P01D", False), ("p1D", False), ("P100001D", False), ("P1.5D", False),
                 ("PT1H", False), ("P-1D", False), ("1D", False)],
}


def check_values(schemas):
    """The shared pieces, on values of their own (SPEC 2), and their
    patterns are portable: no lookaround, no \\d (which is ASCII only in
    ECMA-262 but not in every regex engine)."""
    ledger = schemas.get("ledger")
    if ledger is None:
        return
    for name, cases in VALUE_CASES.items():
        v = Draft202012Validator(dict(ledger["$defs"][name], **{"$defs": ledger["$defs"]}))
        for value, ok in cases:
            if v.is_valid(value) != ok:
                fail(f"$defs/{name}", f"{value!r} should {'pass' if ok else 'fail'}")
            counts["shared $defs: sample values of SPEC 2"] += 1
    for file, schema in schemas.items():
        for node in walk(schema):
            p = node.get("pattern") if isinstance(node, dict) else None
            if isinstance(p, str) and ("(?" in p or "\\d" in p):
                fail(f"schema {file}", f"pattern {p!r} uses lookaround or \\d")


def walk(node):
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", help="a coshare binary: also check the documents it writes")
    args = ap.parse_args(argv)
    schemas = load_schemas()
    check_values(schemas)
    chk = Checker(schemas)
    files = run_vectors(chk, args.cli)
    run_examples(chk)
    run_format_examples(chk)
    width = max(len(k) for k in counts)
    for k in sorted(counts):
        print(f"  {k:<{width}}  {counts[k]}")
    print(f"{len(files)} vectors, {len(schemas)} schemas, {len(failures)} failures")
    for f in failures[:50]:
        print("FAIL " + f, file=sys.stderr)
    if len(failures) > 50:
        print(f"... and {len(failures) - 50} more", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
