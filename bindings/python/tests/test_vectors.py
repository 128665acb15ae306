"""Every shared vector of testdata/vectors, through split_json and through the typed API."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional, Set

import pytest
from conftest import (
    as_date,
    as_decimal,
    compact,
    dump_raw,
    has_fraction,
    read_vector,
    texts,
    to_python,
    vector_files,
    vector_id,
)

import coshare

ALL_FILES = vector_files()


def query_of(path: Path) -> str:
    query = read_vector(path).get("query", "split")
    assert isinstance(query, str)
    return query


# Split vectors (the request's query); the books' and validate's below.
FILES = [p for p in ALL_FILES if query_of(p) == "split"]
QUERY_FILES = [p for p in ALL_FILES if query_of(p) != "split"]
REQUEST_KEYS = ["period", "amount", "basis", "carry_in"]


def test_there_are_many_vectors() -> None:
    assert len(FILES) >= 300
    assert len(QUERY_FILES) >= 100


def ledger_text(case: Dict[str, Any]) -> str:
    if "ledger" in case:
        return dump_raw(case["ledger"])
    text = case["ledger_text"]
    assert isinstance(text, str)
    return text


def request_text(case: Dict[str, Any]) -> str:
    if "request" in case:
        return dump_raw(case["request"])
    text = case["request_text"]
    assert isinstance(text, str)
    return text


def check_error(case: Dict[str, Any], e: coshare.CoshareError) -> None:
    expected = case["error"]
    assert e.code == expected["code"], f"{e.code}: {e.message}"
    if expected.get("entry") is not None:
        assert e.entry == expected["entry"], e.message
    assert isinstance(e, ValueError)
    assert e.code in coshare.ERROR_CODES


@pytest.mark.parametrize("path", FILES, ids=vector_id)
def test_vector_through_split_json(path: Path) -> None:
    case = read_vector(path)
    csv = case.get("contributions_csv")
    if "expected" in case:
        got = coshare.split_json(ledger_text(case), request_text(case), contributions_csv=csv)
        assert got == compact(case["expected"])
    else:
        with pytest.raises(coshare.CoshareError) as info:
            coshare.split_json(ledger_text(case), request_text(case), contributions_csv=csv)
        check_error(case, info.value)


def typed_ledger(case: Dict[str, Any]) -> coshare.Ledger:
    """The vector's ledger: from Python values when they can say what the JSON
    says (no JSON number with a fraction, no raw text), else from its JSON."""
    if "ledger" in case and not has_fraction(case["ledger"]):
        ledger = coshare.Ledger.from_dict(to_python(case["ledger"]))
    else:
        ledger = coshare.Ledger.from_json(ledger_text(case))
    csv = case.get("contributions_csv")
    return ledger if csv is None else ledger.with_contributions_csv(csv)


def typed_arguments(request: Any) -> Optional[Dict[str, Any]]:
    """The request as split() arguments, with dates as datetime.date and
    amounts as Decimal; None when typed arguments cannot say it (a request
    whose JSON shape is itself the error)."""
    if not isinstance(request, dict) or list(request) != [k for k in REQUEST_KEYS if k in request]:
        return None
    period = request.get("period")
    if not isinstance(period, dict) or list(period) != ["start", "end"]:
        return None
    if not all(isinstance(v, str) for v in period.values()):
        return None
    amount = request.get("amount")
    if amount is None or isinstance(amount, bool) or has_fraction(amount):
        return None
    if not isinstance(amount, str):
        return None
    args: Dict[str, Any] = {
        "start": as_date(period["start"]),
        "end": as_date(period["end"]),
        "amount": as_decimal(amount),
    }
    if "basis" in request:
        if not isinstance(request["basis"], str):
            return None
        args["basis"] = request["basis"]
    if "carry_in" in request:
        carry = request["carry_in"]
        if not isinstance(carry, dict) or any(
            isinstance(v, bool) or not isinstance(v, str) or has_fraction(v) for v in carry.values()
        ):
            return None
        args["carry_in"] = {k: as_decimal(v) for k, v in carry.items()}
    return args


def run_typed(case: Dict[str, Any]) -> coshare.Split:
    """Runs a vector through the typed API: the split, or CoshareError."""
    args = typed_arguments(case.get("request"))
    ledger = typed_ledger(case)
    if args is None:
        # The request's JSON shape is the error (a missing, unknown or
        # mistyped field, a repeated key): typed arguments cannot be wrong
        # that way, so the ledger must be valid and split_json tells it.
        assert "error" in case
        assert ledger.validation().valid
        coshare.split_json(ledger_text(case), request_text(case))
        raise AssertionError("split_json accepted an invalid request")
    return ledger.split(**args)


@pytest.mark.parametrize("path", FILES, ids=vector_id)
def test_vector_through_typed_api(path: Path) -> None:
    case = read_vector(path)
    try:
        split = run_typed(case)
    except coshare.CoshareError as e:
        assert "error" in case, f"unexpected {e!r}"
        check_error(case, e)
        return
    assert "expected" in case, f"expected error {case.get('error')}, got {split!r}"
    assert compact(texts(split.to_dict())) == compact(case["expected"])
    # The attributes say what the document says.
    doc = case["expected"]
    assert split.start.isoformat() == doc["period"]["start"]
    assert format(split.amount, "f") == doc["amount"]
    assert [m.member for m in split.members] == [m["member"] for m in doc["members"]]
    for m, dm in zip(split.members, doc["members"]):
        assert format(m.paid, "f") == dm["paid"]
        assert list(m.pools) == list(dm["pools"])


def test_every_error_code_surfaces_with_its_code() -> None:
    """Each of the format's 35 codes reaches Python as .code, both ways."""
    by_json: Set[str] = set()
    typed: Set[str] = set()
    for path in FILES:
        case = read_vector(path)
        if "error" not in case:
            continue
        with pytest.raises(coshare.CoshareError) as info:
            coshare.split_json(
                ledger_text(case), request_text(case), contributions_csv=case.get("contributions_csv")
            )
        by_json.add(info.value.code)
        with pytest.raises(coshare.CoshareError) as info:
            run_typed(case)
        typed.add(info.value.code)
    assert len(coshare.ERROR_CODES) == 35
    assert by_json == set(coshare.ERROR_CODES)
    assert typed == set(coshare.ERROR_CODES)


def run_query(case: Dict[str, Any]) -> Any:
    """Runs a vector's query through the typed API: its result's document."""
    query, args = case["query"], case.get("args", {})
    if query == "validate":
        csv = case.get("contributions_csv")
        if csv is None:
            validation = coshare.validate_json(ledger_text(case))
        else:
            validation = typed_ledger(case).validation()
        return validation.to_dict()
    ledger = typed_ledger(case)
    if query == "close":
        request = typed_arguments(args["request"])
        assert request is not None
        closed = ledger.close(
            request.pop("start"), request.pop("end"), request.pop("amount"), id=args["id"], date=args["date"], **request
        )
        assert compact(texts(closed.to_dict())) == closed.to_json()
        return closed.to_dict()
    if query == "accounts":
        return ledger.accounts(args["at"]).to_dict()
    if query == "statement":
        return ledger.statement(args["member"], args["start"], args["end"]).to_dict()
    if query == "notices":
        return ledger.notices(args["allocation"]).to_dict()
    if query == "journal":
        return ledger.journal(args["start"], args["end"]).to_dict()
    raise AssertionError(f"unknown query {query}")


SPEC_WARNINGS = ("kind_in_no_pool", "capital_kind_in_pool", "allocation_differs")


def same_validation(expected: Dict[str, Any], got: Dict[str, Any]) -> bool:
    """A validation matches its vector: codes and entries of errors (an
    expected entry of None matches any: the reference names none for reading
    errors), and the warnings' codes, entries and kinds."""
    want, have = expected["errors"], got["errors"]
    errors = len(want) == len(have) and all(
        w["code"] == h["code"] and (w["entry"] is None or w["entry"] == h["entry"]) for w, h in zip(want, have)
    )
    # The vectors hold the format's warnings; coshare's own come after them.
    spec = [w["code"] in SPEC_WARNINGS for w in got["warnings"]]
    assert spec == sorted(spec, reverse=True), got["warnings"]
    warnings = [{k: w[k] for k in ("code", "entry", "kind")} for w in got["warnings"] if w["code"] in SPEC_WARNINGS]
    return errors and expected["valid"] == got["valid"] and expected["warnings"] == warnings


@pytest.mark.parametrize("path", QUERY_FILES, ids=vector_id)
def test_query_vector_through_typed_api(path: Path) -> None:
    case = read_vector(path)
    try:
        got = run_query(case)
    except coshare.CoshareError as e:
        assert "error" in case, f"unexpected {e!r}"
        check_error(case, e)
        return
    assert "expected" in case, f"expected error {case.get('error')}, got {got!r}"
    if case["query"] == "validate":
        assert same_validation(case["expected"], got), got
    else:
        assert compact(texts(got)) == compact(case["expected"])
