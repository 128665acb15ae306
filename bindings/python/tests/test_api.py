"""The typed API: values in and out, errors, queries, records."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, Mapping

import pytest
from conftest import REPO, WORKED_EXAMPLE, compact, texts

import coshare
from coshare import CoshareError, Ledger

D = Decimal


@pytest.fixture
def doc() -> Dict[str, Any]:
    """The worked example (testdata/worked_example.json) as Python values: Decimal and date, no strings for numbers."""
    return {
        "currency": {"code": "USD", "scale": 2},
        "policies": [
            {
                "effective": datetime.date(2021, 1, 1),
                "kinds": {
                    "time": {"multiplier": 2},
                    "cash": {"multiplier": D("4")},
                    "relationship": {"multiplier": D("2")},
                },
                "distribution": {"cash_fraction": D("0.2")},
            }
        ],
        "members": [{"id": "alice"}, {"id": "bob"}, {"id": "carol"}],
        "entries": [
            {"type": "contribution", "id": "a1", "member": "alice", "date": datetime.date(2021, 3, 1),
             "kind": "time", "hours": 1000, "rate": D("50.00"), "paid": D("20000.00")},
            {"type": "contribution", "id": "b1", "member": "bob", "date": datetime.date(2021, 3, 1),
             "kind": "cash", "value": D("5000.00")},
            {"type": "contribution", "id": "c1", "member": "carol", "date": "2021-03-01",
             "kind": "relationship", "value": D("5000.00")},
        ],
    }


@pytest.fixture
def ledger(doc: Dict[str, Any]) -> Ledger:
    return Ledger.from_dict(doc)


# ---- values in and out ----


def test_worked_example_split_gives_spec_section_9_numbers(ledger: Ledger) -> None:
    split = ledger.split(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), D("10000.00"), basis="snapshot")
    alice, bob, carol = split.members
    assert (alice.member, alice.paid, alice.cash, alice.retained) == ("alice", D("6666.67"), D("1333.34"), D("5333.33"))
    assert (bob.paid, bob.cash) == (D("2222.22"), D("444.45"))
    assert (carol.paid, carol.cash) == (D("1111.11"), D("222.23"))
    assert split.member("bob") is bob
    with pytest.raises(KeyError):
        split.member("zed")
    assert split.start == datetime.date(2021, 1, 1) and isinstance(split.end, datetime.date)
    assert split.basis == "snapshot"
    assert all(isinstance(x, Decimal) for x in (alice.allocated, alice.carry_in, alice.carry_out))
    assert [b.name for b in split.buckets] == ["all"]
    assert split.buckets[0].type == "pool" and split.buckets[0].unallocated == D("0.00")
    part = alice.pools["all"]
    assert part.share == D("0.666666667") and part.average_units is None and part.basis == D("60000")


def test_split_members_are_the_dataclasses_their_fields_make(ledger: Ledger) -> None:
    split = ledger.split("2021-01-01", "2021-12-31", "100000.00")
    fields = {cls: [f.name for f in dataclasses.fields(cls)] for cls in (coshare.MemberSplit, coshare.PoolPart)}
    for m in split.members:
        assert list(vars(m)) == fields[coshare.MemberSplit]
        assert m == coshare.MemberSplit(**{f: getattr(m, f) for f in fields[coshare.MemberSplit]})
        for name, p in m.pools.items():
            assert p.pool == name and list(vars(p)) == fields[coshare.PoolPart]
            assert p == coshare.PoolPart(**vars(p))
            assert repr(p).startswith(f"PoolPart({name}: share=")
        with pytest.raises(dataclasses.FrozenInstanceError):
            m.paid = D("0")  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(split)) == split
    assert copy.deepcopy(split) == split


def test_from_dict_with_decimal_and_date_equals_from_json_and_load(ledger: Ledger, worked_example_json: str) -> None:
    request = ("2021-01-01", "2021-12-31", "10000.00")
    from_json = Ledger.from_json(worked_example_json).split(*request, basis="snapshot")
    from_file = coshare.load(WORKED_EXAMPLE).split(*request, basis="snapshot")
    from_bytes = Ledger.from_json(worked_example_json.encode()).split(*request, basis="snapshot")
    from_dict = ledger.split(*request, basis="snapshot")
    assert from_dict == from_json == from_file == from_bytes


def test_decimal_and_date_round_trip_exactly(ledger: Ledger) -> None:
    split = ledger.split("2021-01-01", "2021-12-31", D("10000.00"), carry_in={"carol": D("0.50")})
    document = split.to_dict()
    assert list(document) == ["period", "basis", "amount", "buckets", "members"]
    assert document["period"] == {"start": datetime.date(2021, 1, 1), "end": datetime.date(2021, 12, 31)}
    expected = json.loads(
        coshare.split_json(
            WORKED_EXAMPLE.read_text(),
            json.dumps({"period": {"start": "2021-01-01", "end": "2021-12-31"}, "amount": "10000.00",
                        "carry_in": {"carol": "0.50"}}),
        )
    )
    # format(x, "f") of every Decimal is the document's exact text, trailing zeros kept.
    assert compact(texts(document)) == compact(expected)
    assert format(split.members[2].carry_in, "f") == "0.50"
    assert format(split.members[0].pools["all"].average_units, "f") == expected["members"][0]["pools"]["all"]["average_units"]
    # A result fed back as Python values gives the same split.
    again = ledger.split(split.start, split.end, split.amount, carry_in={"carol": split.members[2].carry_in})
    assert again == split


def test_integers_are_exact_and_dates_may_be_midnight_datetimes(ledger: Ledger) -> None:
    a = ledger.split("2021-01-01", "2021-12-31", 10000)
    b = ledger.split(datetime.datetime(2021, 1, 1), datetime.datetime(2021, 12, 31), D("10000"))
    assert a == b and a.amount == D("10000.00")
    with pytest.raises(TypeError, match="time of day"):
        ledger.shares(datetime.datetime(2021, 6, 1, 12, 30))


@pytest.mark.parametrize(
    "where",
    ["amount", "carry_in", "document", "record", "nested policy"],
)
def test_float_is_refused_with_a_clear_type_error(doc: Dict[str, Any], ledger: Ledger, where: str) -> None:
    with pytest.raises(TypeError, match="float, which cannot hold cents exactly: use decimal.Decimal"):
        if where == "amount":
            ledger.split("2021-01-01", "2021-12-31", 10000.0)
        elif where == "carry_in":
            ledger.split("2021-01-01", "2021-12-31", "1.00", carry_in={"alice": 0.5})
        elif where == "document":
            doc["entries"][1]["value"] = 5000.0
            Ledger.from_dict(doc)
        elif where == "record":
            ledger.with_contributions([{"id": "x", "member": "bob", "date": "2021-04-01", "kind": "cash", "value": 1.5}])
        else:
            doc["policies"][0]["kinds"]["time"]["multiplier"] = 2.0
            Ledger(doc)


def test_a_float_error_names_where_it_is(doc: Dict[str, Any]) -> None:
    doc["policies"][0]["kinds"]["time"]["multiplier"] = 2.0
    with pytest.raises(TypeError, match=r"document\.policies\[0\]\.kinds\.time\.multiplier"):
        Ledger.from_dict(doc)


def test_decimal_nan_and_infinity_are_refused(ledger: Ledger) -> None:
    for bad in (D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")):
        with pytest.raises(TypeError, match="not a number"):
            ledger.split("2021-01-01", "2021-12-31", bad)


def test_decimal_exponent_forms_are_written_plainly(ledger: Ledger) -> None:
    assert ledger.split("2021-01-01", "2021-12-31", D("1E+4")).amount == D("10000.00")
    with pytest.raises(CoshareError) as info:
        ledger.split("2021-01-01", "2021-12-31", D("1E-3"))
    assert info.value.code == "invalid_amount"


# ---- errors ----


def test_coshare_error_is_a_value_error_with_code_entry_path_and_message(doc: Dict[str, Any]) -> None:
    doc["entries"][1]["value"] = D("5000.005")
    with pytest.raises(ValueError) as info:
        Ledger.from_dict(doc).split("2021-01-01", "2021-12-31", "1.00")
    e = info.value
    assert isinstance(e, CoshareError)
    assert (e.code, e.entry) == ("invalid_amount", "b1")
    assert isinstance(e.message, str) and e.message in str(e) and "(invalid_amount)" in str(e)
    assert e.args == (e.message,)
    copied = pickle.loads(pickle.dumps(e))
    assert (copied.code, copied.entry, copied.path, copied.message) == (e.code, e.entry, e.path, e.message)
    assert "invalid_amount" in repr(e)


def test_reading_errors_raise_at_once_with_their_path(doc: Dict[str, Any]) -> None:
    doc["entries"][0]["hours"] = "ten"
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict(doc)
    assert (info.value.code, info.value.entry, info.value.path) == ("invalid_number", "a1", "entries[0].hours")
    doc["entries"][0]["hours"] = 1000
    doc["entries"][0]["colour"] = "red"
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict(doc)
    assert info.value.code == "unknown_field"


def test_validate_lists_every_error_and_queries_raise_the_first(doc: Dict[str, Any]) -> None:
    doc["entries"].append({"type": "contribution", "id": "z1", "member": "nobody", "date": "2021-01-01",
                           "kind": "cash", "value": "1"})
    doc["entries"].append({"type": "contribution", "id": "z2", "member": "alice", "date": "2021-01-01",
                           "kind": "nokind", "value": "1"})
    # Checked when built, as in Rust: the first error is raised, and it
    # lists every error of the ledger.
    for build in (lambda: Ledger.from_dict(doc), lambda: Ledger.from_json(json.dumps(doc, default=str)), lambda: Ledger(doc)):
        with pytest.raises(CoshareError) as info:
            build()
        assert (info.value.code, info.value.entry) == ("unknown_member", "z1")
        assert [(e.code, e.entry) for e in info.value.errors] == [("unknown_member", "z1"), ("unknown_kind", "z2")]
        assert all(isinstance(e, CoshareError) for e in info.value.errors)
    # validate reports them without raising, from a mapping or JSON text.
    for document in (doc, json.dumps(doc, default=str), json.dumps(doc, default=str).encode()):
        validation = coshare.validate(document)
        assert not validation.valid
        assert [(e.code, e.entry) for e in validation.errors] == [("unknown_member", "z1"), ("unknown_kind", "z2")]
    # A reading error stops the reading: it is the one error listed.
    doc["entries"][0]["colour"] = "red"
    assert [e.code for e in coshare.validate(doc).errors] == ["unknown_field"]


def test_a_valid_ledger_validates_empty(ledger: Ledger, doc: Dict[str, Any]) -> None:
    assert ledger.validation().valid and ledger.validation().errors == ()
    assert coshare.validate(doc).valid


def test_errors_carry_their_location_as_names_and_indices(doc: Dict[str, Any]) -> None:
    # A kind's name may hold dots: the location keeps it as one step.
    doc["policies"][0]["kinds"]["a.b"] = {"multiplier": D("-1")}
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict(doc)
    assert info.value.path == "policies[0].kinds.a.b.multiplier"
    assert info.value.location == ("policies", 0, "kinds", "a.b", "multiplier")
    assert coshare.validate(doc).errors[0].location == info.value.location
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict({"currency": {"code": "EUR", "scale": 2}, "policies": [], "members": [], "entries": [7]})
    assert (info.value.path, info.value.location) == ("entries[0]", ("entries", 0))


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda l: l.split("2021-01-01", "2021-12-31", "1e3"), "invalid_number"),
        (lambda l: l.split("2021-01-01", "2021-12-31", "+1"), "invalid_number"),
        (lambda l: l.split("2021-01-01", "2021-12-31", "1.001"), "invalid_amount"),
        (lambda l: l.split("2021-02-30", "2021-12-31", "1"), "invalid_date"),
        (lambda l: l.split("2021-12-31", "2021-01-01", "1"), "invalid_period"),
        (lambda l: l.split("2021-01-01", "2021-12-31", "1", basis="daily"), "invalid_request"),
        (lambda l: l.split("2021-01-01", "2021-12-31", "1", carry_in={"zed": "1"}), "unknown_member"),
        (lambda l: l.split("2021-01-01", "2021-12-31", "1", carry_in={"bob": "-1"}), "negative_value"),
        (lambda l: l.split("2020-01-01", "2020-12-31", "1"), "no_policy"),
        (lambda l: l.split("2021-01-01", "2021-12-31", 10**16), "invalid_number"),
        (lambda l: l.shares("2021-13-01"), "invalid_date"),
        (lambda l: l.explain("zed", "2021-01-01", "2021-12-31"), "unknown_member"),
        (lambda l: l.explain("alice", "2021-01-01", "2021-12-31", kinds=["gold"]), "invalid_request"),
        (lambda l: l.curve("2021-01-01", "2021-12-31", "P1X"), "invalid_duration"),
        (lambda l: l.curve("2021-01-01", "2021-12-31", "P0D"), "invalid_request"),
        (lambda l: l.curve("2021-01-01", "2100-12-31", "P1D"), "invalid_request"),
        (lambda l: l.with_contributions([{"id": "x", "member": "bob", "date": "2021-04-01", "kind": "cash",
                                          "value": "1", "colour": "red"}]), "unknown_field"),
        (lambda l: l.with_contributions_csv("id,member\nx,bob\n"), "missing_field"),
    ],
)
def test_argument_errors_raise_coshare_error_with_the_spec_code(ledger: Ledger, call: Any, code: str) -> None:
    with pytest.raises(CoshareError) as info:
        call(ledger)
    assert info.value.code == code


@pytest.mark.parametrize(
    "call",
    [
        lambda l: l.split(20210101, "2021-12-31", "1"),
        lambda l: l.split("2021-01-01", None, "1"),
        lambda l: l.split("2021-01-01", "2021-12-31", True),
        lambda l: l.split("2021-01-01", "2021-12-31", ["1"]),
        lambda l: l.split("2021-01-01", "2021-12-31", "1", basis=1),
        lambda l: l.split("2021-01-01", "2021-12-31", "1", carry_in=[("bob", "1")]),
        lambda l: l.split("2021-01-01", "2021-12-31", "1", carry_in={1: "1"}),
        lambda l: l.shares(None),
        lambda l: l.explain(1, "2021-01-01", "2021-12-31"),
        lambda l: l.explain("alice", "2021-01-01", "2021-12-31", kinds="time"),
        lambda l: l.curve("2021-01-01", "2021-12-31", 30),
        lambda l: l.with_contributions("id,member"),
        lambda l: l.with_contributions({"id": "x"}),
        lambda l: l.with_contributions([["id", "x"]]),
        lambda l: l.with_contributions(5),
        lambda l: l.with_contributions_csv(b"id"),
        lambda l: Ledger.from_dict([]),
        lambda l: Ledger.from_dict({1: "x"}),
        lambda l: Ledger.from_dict({"currency": {"code": {"U", "S"}, "scale": 2}, "policies": []}),
        lambda l: Ledger.from_dict({"currency": object(), "policies": []}),
        lambda l: Ledger.from_json(None),
        lambda l: coshare.split_json({}, "{}"),
        lambda l: coshare.split_json("{}", "{}", contributions_csv=1),
    ],
)
def test_arguments_of_the_wrong_python_type_raise_type_error(ledger: Ledger, call: Any) -> None:
    with pytest.raises(TypeError):
        call(ledger)


def test_hostile_inputs_raise_instead_of_crashing(doc: Dict[str, Any]) -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict({"currency": deep, "policies": []})
    assert info.value.code == "invalid_json" and len(info.value.path or "") < 200
    loop: Any = []
    loop.append(loop)
    with pytest.raises(CoshareError):
        Ledger.from_dict({"currency": {"code": loop}, "policies": []})
    with pytest.raises(CoshareError) as info:
        Ledger.from_dict({"currency": {"code": "\ud800", "scale": 2}, "policies": []})
    assert info.value.code == "invalid_json"
    with pytest.raises(CoshareError) as info:
        Ledger.from_json('{"currency": "\udfff"}')
    assert info.value.code == "invalid_json"
    with pytest.raises(CoshareError) as info:
        Ledger.from_json(b"\xff\xfe")
    assert info.value.code == "invalid_json"
    with pytest.raises(CoshareError) as info:
        Ledger.from_json("[" * 100_000)
    assert info.value.code == "invalid_json"

    class Exploding(Mapping[str, Any]):
        def __getitem__(self, key: str) -> Any:
            raise KeyError(key)

        def __iter__(self) -> Iterator[str]:
            raise RuntimeError("boom")

        def __len__(self) -> int:
            return 1

    with pytest.raises(RuntimeError, match="boom"):
        Ledger.from_dict({"currency": Exploding(), "policies": []})


def test_128_levels_of_nesting_are_read_and_129_are_not() -> None:
    def nested(levels: int) -> Any:
        v: Any = "x"
        for _ in range(levels - 1):
            v = [v]
        return {"currency": v}

    # Reading stops at the first wrong type, after the nesting was checked.
    with pytest.raises(CoshareError) as ok:
        Ledger.from_dict(nested(128))
    assert ok.value.code == "invalid_json" and "nesting" not in ok.value.message
    with pytest.raises(CoshareError) as deep:
        Ledger.from_dict(nested(129))
    assert "nesting deeper than 128" in deep.value.message


# ---- queries ----


def test_shares_explain_and_curve_give_typed_results(ledger: Ledger) -> None:
    shares = ledger.shares("2021-06-01")
    assert shares.at == datetime.date(2021, 6, 1) and shares.total == D("90000")
    assert [(m.member, m.share) for m in shares.members] == [
        ("alice", D("0.666666667")), ("bob", D("0.222222222")), ("carol", D("0.111111111"))]
    assert shares.member("bob").kinds == {"cash": D("20000")}
    assert list(shares.to_dict()) == ["at", "total", "members", "pools"]
    # One pool of every kind ("all"): its shares are those of all units.
    (pool,) = shares.pools
    assert pool.pool == "all" and pool.total == D("90000")
    assert [(m.member, m.share) for m in pool.members] == [(m.member, m.share) for m in shares.members]
    assert shares.pool("all").member("bob").units == D("20000")
    assert list(shares.to_pandas("pools").columns) == ["at", "member", "pool", "units", "share"]
    assert ledger.shares("2021-01-01").members == ()

    explanation = ledger.explain("alice", datetime.date(2021, 1, 1), "2021-12-31", kinds=["time"])
    assert (explanation.member, explanation.basis, explanation.average_units) == ("alice", D("18360000"), D("50301.3699"))
    (c,) = explanation.contributions
    assert (c.entry, c.date, c.kind, c.value, c.at_risk, c.units) == (
        "a1", datetime.date(2021, 3, 1), "time", D("50000.00"), D("30000.00"), D("60000.0000"))
    assert c.unit_days == explanation.basis and c.changes == ()
    assert list(explanation.to_dict()) == ["member", "period", "basis", "average_units", "pools", "contributions"]
    # The pool (of every kind) counts all of alice's units, whatever kinds were asked.
    (pool,) = explanation.pools
    assert (pool.pool, pool.kinds, pool.basis_total) == ("all", ("cash", "relationship", "time"), D("27540000"))
    assert pool.share == D("0.666666667") and pool.basis == D("18360000")
    assert ledger.explain("alice", "2021-01-01", "2021-12-31", kinds=["cash"]).contributions == ()

    curve = ledger.curve("2021-01-01", "2021-12-31", "P1M")
    assert len(curve) == 12 and curve[0].at == datetime.date(2021, 1, 1) and curve[-1].at == datetime.date(2021, 12, 1)
    assert [p.at.month for p in curve] == list(range(1, 13))
    assert curve.to_dict()["points"][2] == curve[2].to_dict()
    assert ledger.members == ("alice", "bob", "carol")
    assert ledger.kinds == ("cash", "relationship", "time")
    assert (ledger.currency, ledger.scale) == ("USD", 2)


def test_results_have_readable_reprs(ledger: Ledger) -> None:
    split = ledger.split("2021-01-01", "2021-12-31", "10000.00", basis="snapshot")
    assert repr(split) == (
        "Split(2021-01-01..2021-12-31, snapshot, amount=10000.00, buckets=[all 10000.00], "
        "paid=[alice 6666.67, bob 2222.22, carol 1111.11])"
    )
    assert repr(split.members[0]) == (
        "MemberSplit(alice: allocated=6666.67 paid=6666.67 cash=1333.34 retained=5333.33 carry_out=0.00)"
    )
    assert repr(ledger) == "Ledger(USD, 1 policies, 3 members, 3 entries)"
    assert "alice 0.666666667" in repr(ledger.shares("2021-06-01"))
    assert repr(ledger.curve("2021-01-01", "2021-03-01", "P1M")) == "Curve(2021-01-01..2021-03-01, 3 dates)"
    assert repr(ledger.explain("bob", "2021-01-01", "2021-12-31")).startswith("Explanation(bob, 2021-01-01..2021-12-31")


def test_results_are_immutable(ledger: Ledger) -> None:
    split = ledger.split("2021-01-01", "2021-12-31", "1.00")
    with pytest.raises(AttributeError):
        split.amount = D("2")  # type: ignore[misc]


def test_loss_and_carry_in(ledger: Ledger) -> None:
    loss = ledger.split("2021-01-01", "2021-12-31", "-100.00", carry_in={"bob": "5.00"}, basis="snapshot")
    bob = loss.member("bob")
    assert bob.paid < 0 and bob.carry_out == D("5.00") and bob.cash == D("0.00")


# ---- contributions from records ----


def test_contributions_from_records_equal_the_same_entries_in_the_document(doc: Dict[str, Any]) -> None:
    entries = doc["entries"]
    base = copy.deepcopy(doc)
    base["entries"] = []
    records = [{k: v for k, v in e.items() if k != "type"} for e in entries]
    request = ("2021-01-01", "2021-12-31", "10000.00")
    whole = Ledger.from_dict(doc).split(*request)
    assert Ledger.from_dict(base).with_contributions(records).split(*request) == whole
    assert Ledger.from_dict(base, contributions=iter(records)).split(*request) == whole
    assert Ledger(base, contributions=records).split(*request) == whole
    # Empty cells (None, NaN) are absent fields, as in a spreadsheet.
    holes = [dict(r, value=r.get("value"), hours=r.get("hours", float("nan")), note=None) for r in records]
    assert Ledger.from_dict(base).with_contributions(holes).split(*request) == whole


def test_records_append_and_leave_the_ledger_unchanged(ledger: Ledger) -> None:
    more = ledger.with_contributions([{"id": "b2", "member": "bob", "date": "2021-04-01", "kind": "cash",
                                       "value": D("100.00")}])
    assert repr(more).endswith("4 entries)") and repr(ledger).endswith("3 entries)")
    with pytest.raises(CoshareError) as info:
        ledger.with_contributions([{"id": "a1", "member": "bob", "date": "2021-04-01", "kind": "cash",
                                    "value": "1"}]).split("2021-01-01", "2021-12-31", "1")
    assert (info.value.code, info.value.entry) == ("duplicate_id", "a1")


def test_records_may_hold_other_entry_types(ledger: Ledger) -> None:
    left = ledger.with_contributions([{"type": "void", "id": "v1", "target": "c1"}])
    assert [m.member for m in left.shares("2021-06-01").members] == ["alice", "bob"]


def test_contributions_csv(ledger: Ledger) -> None:
    more = ledger.with_contributions_csv("id,member,date,kind,value\nb2,bob,2021-04-01,cash,100.00\n")
    assert more.shares("2021-06-01").member("bob").units == D("20400")


# ---- split_json ----


def test_split_json_is_the_cli_twin(worked_example_json: str) -> None:
    request = '{"period":{"start":"2021-01-01","end":"2021-12-31"},"amount":"10000.00","basis":"snapshot"}'
    out = coshare.split_json(worked_example_json, request)
    assert out.startswith('{"period":{"start":"2021-01-01","end":"2021-12-31"},"basis":"snapshot","amount":"10000.00"')
    assert json.loads(out)["members"][0]["cash"] == "1333.34"
    with pytest.raises(CoshareError) as info:
        coshare.split_json(worked_example_json, request.replace("10000.00", "10000.001"))
    assert (info.value.code, info.value.path) == ("invalid_amount", "amount")


def test_error_codes_are_the_spec_codes() -> None:
    assert len(coshare.ERROR_CODES) == len(set(coshare.ERROR_CODES)) == 35
    assert "over_redemption" in coshare.ERROR_CODES and "unbalanced_allocation" in coshare.ERROR_CODES
    assert coshare.ERROR_CODES[0] == "invalid_json" and "invalid_request" in coshare.ERROR_CODES


def test_version() -> None:
    assert coshare.__version__.count(".") == 2


def test_load_accepts_paths(tmp_path: Path, worked_example_json: str) -> None:
    path = tmp_path / "ledger.json"
    path.write_text(worked_example_json)
    assert coshare.load(path).members == coshare.load(str(path)).members
    with pytest.raises(FileNotFoundError):
        coshare.load(tmp_path / "missing.json")


def test_a_ledger_read_from_json_text_answers_as_one_read_from_its_document(tmp_path: Path) -> None:
    # from_json and load build the checked ledger straight from the text
    # (the core's fast path), reading the document only when something
    # needs it: every answer is the one from_dict gives.
    text = (REPO / "examples" / "coop.json").read_text()
    path = tmp_path / "coop.json"
    path.write_text(text)
    from_dict = Ledger.from_dict(json.loads(text))
    hours = [{"id": "extra-1", "member": "ana", "date": "2025-11-30", "kind": "labor", "hours": "10", "rate": "40"}]

    def answers(ledger: Ledger) -> Any:
        return (
            repr(ledger),
            ledger.currency,
            ledger.members,
            ledger.split("2025-01-01", "2025-12-31", "120000.00"),
            ledger.shares("2025-06-30"),
            ledger.validation(),
            ledger.accounts("2026-12-31"),
            ledger.notices("fy2025"),
            ledger.journal_text("2023-01-01", "2026-12-31"),
        )

    expected = answers(from_dict)
    extended = answers(from_dict.with_contributions(hours))
    for read in (
        lambda: Ledger.from_json(text),
        lambda: Ledger.from_json(text.encode()),
        lambda: Ledger.from_json(bytearray(text.encode())),
        lambda: coshare.load(path),
    ):
        assert answers(read()) == expected
        # Extended before anything else is asked (its document read then).
        assert answers(read().with_contributions(hours)) == extended
        assert answers(Ledger.from_json(text, contributions=hours)) == extended


def test_a_ledger_text_that_does_not_check_raises_as_its_document_does() -> None:
    document = json.loads((REPO / "examples" / "coop.json").read_text())
    document["entries"].append(
        {"type": "repayment", "id": "too-much", "loan": "nobody-s-loan", "date": "2025-12-31", "amount": "1.00"}
    )
    document["entries"].append({"type": "contribution", "id": "late", "member": "zed", "date": "2025-12-31", "kind": "cash", "value": "1"})
    raised = []
    for read in (lambda: Ledger.from_dict(document), lambda: Ledger.from_json(json.dumps(document))):
        with pytest.raises(CoshareError) as e:
            read()
        raised.append((e.value.code, str(e.value), [(x.code, str(x)) for x in e.value.errors]))
    assert raised[0] == raised[1]
    assert len(raised[0][2]) == 2


def test_split_many_equals_split_on_each_period(ledger: Ledger) -> None:
    months = [(datetime.date(2021, m, 1), datetime.date(2021, m, 28), Decimal("100.00")) for m in range(1, 13)]
    many = ledger.split_many(months)
    assert [s.to_dict() for s in many] == [ledger.split(*m).to_dict() for m in months]
    snapshot = ledger.split_many(months[:2], basis="snapshot")
    assert snapshot[1].to_dict() == ledger.split(*months[1], basis="snapshot").to_dict()
    with pytest.raises(TypeError):
        ledger.split_many([("2021-01-01", "2021-12-31")])  # type: ignore[list-item]
    with pytest.raises(coshare.CoshareError) as e:
        ledger.split_many([("2021-12-31", "2021-01-01", "1.00")])
    assert e.value.code == "invalid_period"
