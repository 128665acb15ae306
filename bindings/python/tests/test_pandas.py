"""pandas in and out: DataFrames of contributions, tidy result frames."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from typing import Any

import pytest
from conftest import LEDGER

import coshare

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
D = Decimal


def frame() -> Any:
    """Contributions as a notebook holds them: dates as datetime64, missing
    cells, money as Decimal objects, hours as a nullable integer column."""
    return pd.DataFrame({
        "id": ["h1", "h2", "k1"],
        "member": ["ann", "ben", "ben"],
        "date": pd.to_datetime(["2024-01-15", "2024-02-01", "2024-03-01"]),
        "kind": ["labor", "labor", "cash"],
        "hours": pd.array([10, 20, None], dtype="Int64"),
        "rate": [D("50.00"), D("40.00"), None],
        "value": [None, None, D("1000.00")],
        "note": ["night shift", float("nan"), None],
    })


def test_dataframe_contributions_equal_the_same_entries_as_json() -> None:
    from_frame = coshare.Ledger.from_dict(LEDGER).with_contributions(frame())
    entries = [
        {"type": "contribution", "id": "h1", "member": "ann", "date": "2024-01-15", "kind": "labor",
         "hours": "10", "rate": "50.00", "note": "night shift"},
        {"type": "contribution", "id": "h2", "member": "ben", "date": "2024-02-01", "kind": "labor",
         "hours": "20", "rate": "40.00"},
        {"type": "contribution", "id": "k1", "member": "ben", "date": "2024-03-01", "kind": "cash",
         "value": "1000.00"},
    ]
    from_json = coshare.Ledger.from_dict(dict(LEDGER, entries=entries))
    request = ("2024-01-01", "2024-12-31", "1000.00")
    assert from_frame.split(*request) == from_json.split(*request)
    records = frame().astype(object).where(frame().notna(), None).to_dict("records")
    assert coshare.Ledger.from_dict(LEDGER, contributions=records).split(*request) == from_json.split(*request)


def test_to_dict_records_with_nan_cells_reads_them_as_absent() -> None:
    df = pd.DataFrame({"id": ["k1", "k2"], "member": ["ann", "ben"], "date": ["2024-03-01", "2024-03-02"],
                       "kind": ["cash", "cash"], "value": ["10.00", "20.00"], "paid": ["1.00", float("nan")]})
    ledger = coshare.Ledger.from_dict(LEDGER).with_contributions(df.to_dict("records"))
    assert ledger.validation().valid


def test_a_float_column_is_refused() -> None:
    df = pd.DataFrame({"id": ["k1"], "member": ["ann"], "date": ["2024-03-01"], "kind": ["cash"],
                       "value": [10.25]})
    with pytest.raises(TypeError, match=r"records\[0\]\.value: a float"):
        coshare.Ledger.from_dict(LEDGER).with_contributions(df)


@pytest.fixture
def ledger() -> coshare.Ledger:
    return coshare.Ledger.from_dict(LEDGER).with_contributions(frame())


def is_decimal_column(s: Any) -> bool:
    return s.dtype == object and all(v is None or isinstance(v, Decimal) for v in s)


def test_split_to_pandas_tables_shape_and_dtypes(ledger: coshare.Ledger) -> None:
    split = ledger.split("2024-01-01", "2024-12-31", "1000.00")
    members = split.to_pandas()
    assert list(members.columns) == ["member", "allocated", "carry_in", "paid", "cash", "retained", "carry_out"]
    assert members.shape == (2, 7)
    assert pd.api.types.is_string_dtype(members["member"])
    assert all(is_decimal_column(members[c]) for c in members.columns[1:])
    assert list(members["member"]) == ["ann", "ben"]
    assert list(members["paid"]) == [m.paid for m in split.members]
    pools = split.to_pandas("pools")
    assert list(pools.columns) == ["member", "pool", "basis", "average_units", "share", "amount"]
    assert pools.shape == (2, 6) and set(pools["pool"]) == {"members"}
    assert all(is_decimal_column(pools[c]) for c in ["basis", "average_units", "share", "amount"])
    buckets = split.to_pandas(table="buckets")
    assert list(buckets["name"]) == ["reserve", "members"] and buckets.shape == (2, 5)
    assert buckets["basis_total"][0] is None and buckets["amount"][0] == D("300.00")
    with pytest.raises(ValueError):
        split.to_pandas("people")


def test_shares_curve_and_explain_to_pandas(ledger: coshare.Ledger) -> None:
    shares = ledger.shares("2024-06-01").to_pandas()
    assert list(shares.columns) == ["at", "member", "units", "share"] and shares.shape == (2, 4)
    assert pd.api.types.is_datetime64_any_dtype(shares["at"])
    assert is_decimal_column(shares["units"]) and is_decimal_column(shares["share"])
    kinds = ledger.shares("2024-06-01").to_pandas("kinds")
    assert list(kinds.columns) == ["at", "member", "kind", "units"] and kinds.shape == (3, 4)

    curve = ledger.curve("2024-01-01", "2024-12-01", "P1M")
    tidy = curve.to_pandas()
    assert list(tidy.columns) == ["at", "member", "units", "share"]
    assert len(tidy) == sum(len(p.members) for p in curve)
    assert pd.api.types.is_datetime64_any_dtype(tidy["at"])
    assert tidy["at"].iloc[0] == pd.Timestamp("2024-02-01")  # no units on 2024-01-01
    assert tidy.pivot(index="at", columns="member", values="share").shape[1] == 2
    assert list(curve.to_pandas("kinds").columns) == ["at", "member", "kind", "units"]

    explanation = ledger.explain("ben", "2024-01-01", "2024-12-31")
    contributions = explanation.to_pandas()
    assert list(contributions.columns) == ["entry", "date", "kind", "value", "at_risk", "units",
                                           "live_at_start", "live_at_end", "unit_days"]
    assert contributions.shape == (2, 9) and pd.api.types.is_datetime64_any_dtype(contributions["date"])
    assert sum(contributions["unit_days"]) == explanation.basis
    changes = explanation.to_pandas("changes")
    assert list(changes.columns) == ["entry", "date", "units"]


def test_empty_results_give_empty_frames_with_the_columns(ledger: coshare.Ledger) -> None:
    empty = ledger.shares("2023-06-01").to_pandas()
    assert list(empty.columns) == ["at", "member", "units", "share"] and len(empty) == 0


def test_to_pandas_without_pandas_says_how_to_get_it(ledger: coshare.Ledger, monkeypatch: Any) -> None:
    split = ledger.split("2024-01-01", "2024-12-31", "1.00")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"Split\.to_pandas\(\) needs pandas.*pip install pandas"):
        split.to_pandas()
    with pytest.raises(ImportError, match="needs pandas"):
        ledger.curve("2024-01-01", "2024-02-01", "P1M").to_pandas()
    # Without pandas, everything else still works.
    assert ledger.shares(datetime.date(2024, 6, 1)).total > 0


# ---- a DataFrame is read column by column, as its records would be ----


def records_of(df: Any) -> Any:
    frame = df.astype(object)
    return frame.where(frame.notna(), None).to_dict("records")


def big_frame(n: int) -> Any:
    """n contributions over 2024, every kind of empty cell pandas knows."""
    ids = [f"c{i:05d}" for i in range(n)]
    labour = [i % 3 != 0 for i in range(n)]
    return pd.DataFrame({
        "id": pd.array(ids, dtype="string"),
        "member": ["ann" if i % 2 else "ben" for i in range(n)],
        "date": pd.to_datetime([f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]),
        "kind": pd.Categorical(["labor" if w else "cash" for w in labour]),
        "hours": pd.array([i % 40 + 1 if w else None for i, w in enumerate(labour)], dtype="Int64"),
        "rate": [D(f"{20 + i % 7}.{i % 100:02d}") if w else D("NaN") for i, w in enumerate(labour)],
        "value": [None if w else D(f"{i + 10}.5") for i, w in enumerate(labour)],
        "paid": [D("1.00") if i % 5 == 0 else (float("nan") if i % 2 else pd.NA) for i in range(n)],
        "note": [None if i % 4 else f"row {i}" for i in range(n)],
    })


def test_a_large_frame_reads_as_its_records() -> None:
    df = big_frame(3000)  # more than one chunk of rows
    base = coshare.Ledger.from_dict(LEDGER)
    from_frame = base.with_contributions(df)
    from_records = base.with_contributions(records_of(df))
    assert from_frame.validation().valid and repr(from_frame) == repr(from_records)
    request = ("2024-01-01", "2024-12-31", "123456.78")
    assert from_frame.split(*request) == from_records.split(*request)
    assert coshare.Ledger(LEDGER, contributions=df).split(*request) == from_frame.split(*request)


def test_frame_dates_may_be_any_datetime64_unit_and_nat_is_empty() -> None:
    df = big_frame(4)
    for unit in ("s", "ms", "us", "ns"):
        cast = df.assign(date=df["date"].astype(f"datetime64[{unit}]"))
        assert coshare.Ledger.from_dict(LEDGER).with_contributions(cast).validation().valid
    df.loc[2, "date"] = pd.NaT
    for contributions in (df, records_of(df)):
        with pytest.raises(coshare.CoshareError) as e:
            coshare.Ledger.from_dict(LEDGER).with_contributions(contributions)
        assert (e.value.code, e.value.entry, e.value.path) == ("missing_field", "c00002", "entries[2]")


def test_a_frame_date_with_a_time_of_day_is_refused_where_it_is() -> None:
    df = big_frame(3)
    df["date"] = df["date"] + pd.to_timedelta([0, 0, 3600], unit="s")
    with pytest.raises(TypeError, match=r"records\[2\]\.date: a datetime with a time of day"):
        coshare.Ledger.from_dict(LEDGER).with_contributions(df)


def test_frame_errors_name_the_row_as_records_do() -> None:
    df = big_frame(2500)
    df["value"] = df["value"].astype(object)
    df.loc[2100, "value"] = "12,50"
    df.loc[2100, "kind"] = "cash"
    errors = []
    for contributions in (df, records_of(df)):
        with pytest.raises(coshare.CoshareError) as e:
            coshare.Ledger.from_dict(LEDGER).with_contributions(contributions)
        errors.append((e.value.code, e.value.entry, e.value.path, e.value.message))
    assert errors[0] == errors[1]
    assert errors[0][:3] == ("invalid_number", "c02100", "entries[2100].value")
    assert errors[0][3].startswith("entries[2100].value: ")
    df.loc[2100, "value"] = 12.5
    with pytest.raises(TypeError, match=r"records\[2100\]\.value: a float"):
        coshare.Ledger.from_dict(LEDGER).with_contributions(df)


def test_frames_with_unusual_columns_still_read() -> None:
    df = big_frame(5)
    request = ("2024-01-01", "2024-12-31", "100.00")
    expected = coshare.Ledger.from_dict(LEDGER).with_contributions(records_of(df)).split(*request)
    # Plain object columns of str, a type column, an index that is not 0..n.
    odd = df.astype({"id": object, "member": object}).assign(type="contribution").set_index(
        pd.Index(range(10, 15)))
    assert coshare.Ledger.from_dict(LEDGER).with_contributions(odd).split(*request) == expected
    with pytest.raises(TypeError, match="a mapping key must be a str"):
        coshare.Ledger.from_dict(LEDGER).with_contributions(df.rename(columns={"note": 7}))
    empty = df.iloc[0:0]
    assert coshare.Ledger.from_dict(LEDGER).with_contributions(empty).validation().valid


def plain_frame(n: int) -> Any:
    """A frame whose every cell the binding reads without the records path:
    str, Decimal, None, and datetime64 dates."""
    labour = [i % 3 != 0 for i in range(n)]
    return pd.DataFrame({
        "id": [f"p{i:05d}" for i in range(n)],
        "member": ["ann" if i % 2 else "ben" for i in range(n)],
        "date": pd.to_datetime([f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]),
        "kind": ["labor" if w else "cash" for w in labour],
        "hours": [D(f"{i % 40 + 1}.25") if w else None for i, w in enumerate(labour)],
        "rate": [f"{20 + i % 7}.{i % 100:02d}" if w else None for i, w in enumerate(labour)],
        "value": [None if w else D(f"{i + 10}.5") for i, w in enumerate(labour)],
        "paid": [D("1.00") if i % 5 == 0 else None for i in range(n)],
        "note": [None if i % 4 else f"row {i}" for i in range(n)],
    }).astype({"hours": object, "rate": object, "value": object, "paid": object, "note": object})


def outcome(ledger_of: Any) -> Any:
    """What a ledger gives: its split, or the error it raises (reading or checking)."""
    try:
        ledger = ledger_of()
        return ("ok", ledger.validation().errors, ledger.split("2024-01-01", "2024-12-31", "9876.54"))
    except coshare.CoshareError as e:
        return ("error", e.code, e.entry, e.path, e.message)
    except TypeError as e:
        return ("type", str(e))


@pytest.mark.parametrize("change, expected", [
    (None, "ok"),
    (("hours", 600, D("NaN")), "ok"),           # a Decimal that is not a number: empty
    (("value", 300, D("1E+3")), "ok"),          # a Decimal written with an exponent
    (("rate", 700, "12,50"), "error"),          # a text that is not a number
    (("note", 520, float("nan")), "ok"),        # an empty cell that is not None
    (("paid", 10, pd.NA), "ok"),
    (("id", 900, None), "error"),               # a required field missing
    (("member", 260, 7), "error"),              # not a str
    (("kind", 511, "\ud800"), "error"),         # a lone surrogate
    (("paid", 999, 1.5), "type"),               # a float
    (("id", 5, "p00004"), "error"),             # a duplicate id (a check, not a reading error)
    # numpy scalars in object columns, boxed as pandas' to_dict boxes them
    (("hours", 400, np.int64(8)), "ok"),
    (("date", 450, np.datetime64("2024-05-01")), "ok"),
    (("date", 451, np.datetime64("NaT")), "error"),  # an empty required date
    (("member", 30, np.str_("ann")), "ok"),
    (("paid", 20, np.float64(1.5)), "type"),
])
def test_a_plain_frame_reads_as_its_records(change: Any, expected: str) -> None:
    df = plain_frame(1000)  # four chunks of rows
    if change is not None:
        column, row, cell = change
        df[column] = df[column].astype(object)
        df.at[row, column] = cell
    base = coshare.Ledger.from_dict(LEDGER)
    from_frame = outcome(lambda: base.with_contributions(df))
    from_records = outcome(lambda: base.with_contributions(records_of(df)))
    assert from_frame == from_records
    assert from_frame[0] == expected


def test_a_plain_frame_date_beyond_the_ledger_years_is_refused_where_it_is() -> None:
    np = pytest.importorskip("numpy")
    df = plain_frame(300)
    dates = df["date"].to_numpy().astype("datetime64[s]")
    dates[280] = np.datetime64("12000-01-01", "s")
    df["date"] = dates
    with pytest.raises(coshare.CoshareError) as e:
        coshare.Ledger.from_dict(LEDGER).with_contributions(df)
    assert (e.value.entry, e.value.path) == ("p00280", "entries[280].date")


def test_a_categorical_column_reads_as_its_records() -> None:
    # Categories of integers beside a missing value stay integers.
    df = plain_frame(6)
    df["hours"] = pd.Categorical([8, None, 3, None, 5, 7])
    df["kind"] = pd.Categorical(["labor", "cash", "labor", "cash", "labor", "labor"])
    df.loc[[1, 3], "rate"] = None
    df.loc[[1, 3], "value"] = D("5.00")
    df.loc[[0, 2, 4, 5], "value"] = None
    df.loc[[0, 2, 4, 5], "rate"] = "20.00"
    base = coshare.Ledger.from_dict(LEDGER)
    from_frame = outcome(lambda: base.with_contributions(df))
    assert from_frame == outcome(lambda: base.with_contributions(records_of(df)))
    assert from_frame[0] == "ok"


def test_a_column_name_that_is_not_unicode_text_is_refused_as_in_records() -> None:
    df = plain_frame(3)
    df.columns = pd.Index([("n\ud800" if c == "note" else c) for c in df.columns], dtype=object)
    base = coshare.Ledger.from_dict(LEDGER)
    from_frame = outcome(lambda: base.with_contributions(df))
    assert from_frame == outcome(lambda: base.with_contributions(records_of(df)))
    assert from_frame[0] != "ok"
