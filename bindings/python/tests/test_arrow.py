"""Columns in Arrow memory: pyarrow Tables and pandas ArrowDtype columns are
read in place, and mean exactly what their Python values (``as_py()``)
mean as records."""

from __future__ import annotations

import datetime
import random
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import LEDGER

import coshare

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
D = Decimal

REQUEST = ("2024-01-01", "2024-12-31", "9876.54")


def arrow_table(n: int) -> Any:
    """n contributions over 2024 in the Arrow types the binding reads in
    place, with nulls in the optional columns."""
    labour = [i % 3 != 0 for i in range(n)]
    return pa.table({
        "id": pa.array([f"a{i:05d}" for i in range(n)], pa.string()),
        "member": pa.array(["ann" if i % 2 else "ben" for i in range(n)], pa.large_string()),
        "date": pa.array([datetime.date(2024, 1 + i % 12, 1 + i % 28) for i in range(n)], pa.date32()),
        "kind": pa.array(["labor" if w else "cash" for w in labour], pa.string()),
        "hours": pa.array([i % 40 + 1 if w else None for i, w in enumerate(labour)], pa.int32()),
        "rate": pa.array([D(f"{20 + i % 7}.{i % 100:02d}") if w else None for i, w in enumerate(labour)],
                         pa.decimal128(10, 2)),
        "value": pa.array([None if w else D(f"{i + 10}.500") for i, w in enumerate(labour)],
                          pa.decimal128(18, 3)),
        "paid": pa.array([D("1.00") if i % 5 == 0 else None for i in range(n)], pa.decimal128(5, 2)),
        "note": pa.array([None if i % 4 else f"row {i}" for i in range(n)], pa.string()),
    })


def outcome(ledger_of: Any) -> Any:
    """What a ledger gives: its split, or the error it raises (reading or checking)."""
    try:
        ledger = ledger_of()
        return ("ok", ledger.validation().errors, ledger.split(*REQUEST))
    except coshare.CoshareError as e:
        return ("error", e.code, e.entry, e.path, e.message)
    except TypeError as e:
        # A float column of a frame or table is refused before its cells
        # are converted, at the same cell, with more to say (the column's
        # dtype and how to read it exactly, tests/test_notebook.py) than a
        # float in a record: compare where, not the advice.
        return ("type", re.sub(r"(: a float\b).*", r"\1", str(e), flags=re.S))


def same_as_records(table: Any) -> Any:
    """The outcome of the table, asserted equal to that of its records
    (its Python values), for the table, its pandas ArrowDtype frame and
    its RecordBatches."""
    base = coshare.Ledger.from_dict(LEDGER)
    expected = outcome(lambda: base.with_contributions(table.to_pylist()))
    assert outcome(lambda: base.with_contributions(table)) == expected
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    assert outcome(lambda: base.with_contributions(frame)) == expected
    if table.num_rows:
        batch = table.combine_chunks().to_batches()[0]
        assert outcome(lambda: base.with_contributions(batch)) == expected
    return expected


def test_an_arrow_table_reads_as_its_records() -> None:
    result = same_as_records(arrow_table(1000))  # four chunks of rows
    assert result[0] == "ok" and result[1] == ()


def test_chunked_and_sliced_arrays_read_as_their_records() -> None:
    table = arrow_table(900)
    chunked = pa.concat_tables([table.slice(0, 300), table.slice(300, 1), table.slice(301)])
    assert chunked.column("id").num_chunks == 3
    assert same_as_records(chunked) == same_as_records(table)
    middle = table.slice(17, 500)  # arrays with an offset
    assert middle.column("id").chunks[0].offset == 17
    assert same_as_records(middle)[0] == "ok"
    assert same_as_records(table.slice(0, 0))[0] == "ok"


def replace(table: Any, name: str, row: int, value: Any, type_: Any = None) -> Any:
    """The table with ``value`` in row ``row`` of column ``name``; with a
    ``type_``, the column is of that type and every value in it is ``value``."""
    column = table.column(name).to_pylist()
    if type_ is None:
        column[row] = value
    else:
        column = [value if v is not None or i == row else None for i, v in enumerate(column)]
    i = table.column_names.index(name)
    return table.set_column(i, name, pa.array(column, type_ or table.schema.field(name).type))


@pytest.mark.parametrize("name, row, value, type_, expected", [
    ("value", 300, D("9999999999.990"), None, "ok"),
    ("value", 300, D("1234567890123456.780"), pa.decimal128(20, 3), "error"),  # 16 digits
    ("value", 300, D("12.345"), None, "error"),                  # more decimals than cents
    ("rate", 700, D("0.12345678901234567890"), pa.decimal128(22, 20), "error"),  # 20 decimals
    ("rate", 700, D("0.123456789012345678"), pa.decimal128(20, 18), "error"),    # 18 decimals
    ("rate", 700, D("25.1234"), pa.decimal128(20, 18), "ok"),    # 25.123400000000000000
    ("paid", 10, D("-1.00"), None, "error"),
    ("id", 900, None, None, "error"),                              # a required field missing
    ("id", 5, "a00004", None, "error"),                            # a duplicate id (a check)
    ("member", 260, 7, pa.int64(), "error"),                       # an integer, not a str
    ("member", 261, D("7.50"), pa.decimal128(5, 2), "error"),      # a decimal, not a member
    ("hours", 2, 40, pa.int64(), "ok"),
    ("hours", 2, 2**40, pa.int64(), "error"),                     # beyond the units limit
    ("hours", 2, 2**63 + 5, pa.uint64(), "error"),                 # beyond a number field
    ("hours", 4, 3, pa.uint8(), "ok"),
    ("hours", 4, -3, pa.int8(), "error"),
    ("note", 4, "caf\u00e9 \u2615", None, "ok"),
    ("value", 300, "12.5", pa.large_string(), "ok"),               # numbers written as text
    ("paid", 10, "1.00", pa.string(), "ok"),
    ("paid", 10, "-0.00", pa.string(), "ok"),
    ("hours", 2, "7.25", pa.string(), "ok"),
    ("paid", 10, " 1.00", pa.string(), "error"),
    ("paid", 10, "1e2", pa.string(), "error"),
    ("hours", 2, "0.1234567890123456789", pa.string(), "error"),  # 19 decimals
    ("paid", 999, 1.5, pa.float64(), "type"),                     # a float: not read in place
    ("date", 3, pd.Timestamp("2024-05-01 10:00"), pa.timestamp("s"), "type"),  # a time of day
    ("date", 3, pd.Timestamp("2024-05-01"), pa.timestamp("s"), "ok"),
])
def test_an_arrow_cell_reads_as_its_python_value(
    name: str, row: int, value: Any, type_: Any, expected: str
) -> None:
    result = same_as_records(replace(arrow_table(1000), name, row, value, type_))
    assert result[0] == expected, result


def test_decimal_columns_of_any_scale_read_as_their_decimals() -> None:
    rng = random.Random(20261205)
    for scale in [0, 1, 2, 5, 17, 18, 19, 25, 38]:
        n = 300
        precision = 38
        limit = 10 ** min(precision, 20)
        values = [D(rng.randrange(-limit, limit)).scaleb(-scale) if i % 7 else None for i in range(n)]
        table = arrow_table(n).set_column(
            6, "value", pa.array(values, pa.decimal128(precision, scale)))
        labour_free = table.set_column(3, "kind", pa.array(["cash"] * n, pa.string()))
        base = coshare.Ledger.from_dict(LEDGER)
        records = [dict(r, value=None if r["value"] is None else format(r["value"], "f"))
                   for r in labour_free.to_pylist()]
        expected = outcome(lambda: base.with_contributions(records))
        assert outcome(lambda: base.with_contributions(labour_free)) == expected
        assert same_as_records(labour_free) == expected


def test_a_date32_beyond_the_ledger_years_is_refused_where_it_is() -> None:
    table = arrow_table(300)
    days = table.column("date").cast(pa.int32()).to_pylist()
    days[280] = 3_000_000  # year 10183
    table = table.set_column(2, "date", pa.array(days, pa.int32()).cast(pa.date32()))
    with pytest.raises(coshare.CoshareError) as e:
        coshare.Ledger.from_dict(LEDGER).with_contributions(table)
    assert (e.value.entry, e.value.path) == ("a00280", "entries[280].date")


def test_pandas_string_columns_backed_by_arrow_read_in_place() -> None:
    table = arrow_table(400)
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    for name in ("id", "member", "kind", "note"):
        frame[name] = frame[name].astype("string[pyarrow]")
    base = coshare.Ledger.from_dict(LEDGER)
    assert outcome(lambda: base.with_contributions(frame)) == outcome(
        lambda: base.with_contributions(table.to_pylist()))


def test_a_column_that_is_not_arrow_arrays_is_a_type_error() -> None:
    raw = coshare.Ledger.from_dict(LEDGER)._raw
    def chunk(*parts: Any) -> Any:
        return raw.with_columns(2, [("hours", "arrow", [parts])])

    with pytest.raises(TypeError, match=r"columns\[0\]: not an Arrow chunk"):
        chunk("int", 4, 2)
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow layout \(.float., 8\) coshare does not read"):
        chunk("float", 8, 2, 0, None, [bytes(16)])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow buffer shorter than its values"):
        chunk("int", 4, 2, 0, None, [bytes(7)])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow buffer shorter than its values"):
        chunk("int", 4, 2, 0, b"", [bytes(8)])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow string array with invalid offsets"):
        chunk("text", 4, 2, 0, None, [bytes([0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0]), b"abc"])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow string array with invalid offsets"):
        chunk("text", 4, 2, 0, None, [bytes([0, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]), b"abc"])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow buffer that is not bytes"):
        chunk("int", 4, 2, 0, None, ["00000000"])
    with pytest.raises(TypeError, match=r"columns\[0\]: an Arrow chunk with the wrong number of buffers"):
        chunk("text", 4, 2, 0, None, [bytes(12)])


def test_bytes_no_cell_holds_are_not_checked_as_text() -> None:
    # Bad UTF-8 in a null slot, or past the end of a slice, is never a
    # cell's: the column reads as its values. In a cell, it is refused.
    n = 300
    notes = [f"row {i}".encode() for i in range(n)]
    notes[7] = b"\xff\xfe"
    data = b"".join(notes)
    offsets = [0]
    for note in notes:
        offsets.append(offsets[-1] + len(note))
    valid = [i != 7 for i in range(n)]
    bitmap = bytes(sum(1 << b for b in range(8) if i * 8 + b < n and valid[i * 8 + b])
                   for i in range((n + 7) // 8))
    raw = pa.Array.from_buffers(pa.string(), n, [
        pa.py_buffer(bitmap), pa.py_buffer(pa.array(offsets, pa.int32()).buffers()[1]), pa.py_buffer(data)],
        null_count=1)
    table = arrow_table(n).set_column(8, "note", raw)
    assert table.column("note").to_pylist()[6:9] == ["row 6", None, "row 8"]
    assert same_as_records(table)[0] == "ok"

    tail = arrow_table(n).set_column(8, "note", pa.array([f"n{i}" for i in range(n)], pa.string()))
    bad = pa.Array.from_buffers(pa.string(), n + 1, [
        None, pa.py_buffer(pa.array([0] + [2 * (i + 1) for i in range(n)] + [2 * n + 2], pa.int32()).buffers()[1]),
        pa.py_buffer("".join(f"{i % 100:02d}" for i in range(n)).encode() + b"\xff\xfe")])
    sliced = pa.table({**{c: tail.column(c) for c in tail.column_names}, "note": bad.slice(0, n)})
    assert sliced.column("note").chunks[0].offset == 0
    assert outcome(lambda: coshare.Ledger.from_dict(LEDGER).with_contributions(sliced)) == outcome(
        lambda: coshare.Ledger.from_dict(LEDGER).with_contributions(sliced.to_pylist()))

    raw = coshare.Ledger.from_dict(LEDGER)._raw
    offsets = pa.array([0, 2, 4], pa.int32()).buffers()[1].to_pybytes()
    columns = [("id", "arrow", [("text", 4, 2, 0, None, [offsets, b"a1a2"])]),
               ("member", "objects", ["ann", "ben"]),
               ("kind", "objects", ["cash", "cash"]),
               ("date", "objects", ["2024-01-01", "2024-01-01"]),
               ("value", "objects", ["1.00", "1.00"]),
               ("note", "arrow", [("text", 4, 2, 0, None, [offsets, b"ok\xff\xfe"])])]
    with pytest.raises(coshare.CoshareError) as e:
        raw.with_columns(2, columns)
    assert (e.value.code, e.value.path) == ("invalid_json", "records[1].note")


def test_an_empty_string_chunk_may_omit_its_buffers() -> None:
    raw = coshare.Ledger.from_dict(LEDGER)._raw
    ledger = raw.with_columns(0, [("id", "arrow", [("text", 4, 0, 0, None, [None, None])])])
    assert ledger.counts == (1, 2, 0)


def test_a_refused_cell_anywhere_comes_before_a_reading_error() -> None:
    # As for records: every row is converted before any is read, so a time
    # of day in row 900 is reported before a bad number in row 10.
    table = replace(arrow_table(1000), "paid", 10, "1,00", pa.string())
    stamps = [datetime.datetime.combine(d, datetime.time()) for d in table.column("date").to_pylist()]
    stamps[900] = stamps[900].replace(hour=10)
    table = table.set_column(2, "date", pa.array(stamps, pa.timestamp("s")))
    result = same_as_records(table)
    assert result[0] == "type", result
    frame = arrow_table(1000).to_pandas()
    frame["paid"] = frame["paid"].astype(object)
    frame.at[10, "paid"] = "1,00"
    frame.at[900, "rate"] = 1.5
    base = coshare.Ledger.from_dict(LEDGER)
    result = outcome(lambda: base.with_contributions(frame))
    assert result[0] == "type", result
    assert result == outcome(lambda: base.with_contributions(frame.to_dict("records")))


def test_a_table_with_one_chunk_read_by_records_keeps_its_order() -> None:
    # A number written as text, in a string column: that block of rows is
    # read through its records, the others in place.
    table = arrow_table(1000)
    texts = [None] * 1000
    texts[600] = "1.00"
    table = table.set_column(table.column_names.index("paid"), "paid", pa.array(texts, pa.string()))
    assert same_as_records(table)[0] == "ok"
    texts[600] = "1,00"
    table = table.set_column(table.column_names.index("paid"), "paid", pa.array(texts, pa.string()))
    result = same_as_records(table)
    assert result[:4] == ("error", "invalid_number", "a00600", "entries[600].paid")


def test_tables_and_records_appended_in_turn_read_as_all_records() -> None:
    table = arrow_table(900)
    parts = [table.slice(0, 300), table.slice(300, 300).to_pylist(), table.slice(600, 300)]
    base = coshare.Ledger.from_dict(LEDGER)
    ledger = base
    for part in parts:
        ledger = ledger.with_contributions(part)
    expected = base.with_contributions(table.to_pylist())
    assert repr(ledger) == repr(expected)
    assert ledger.split(*REQUEST) == expected.split(*REQUEST)
    # Each ledger is checked when built: the third part's bad row raises,
    # named by its entry, the same error as in the ledger read at once.
    bad = replace(table, "member", 750, "zed")
    ledger = base.with_contributions(bad.slice(0, 300)).with_contributions(bad.slice(300, 300).to_pylist())
    with pytest.raises(coshare.CoshareError) as raised:
        ledger.with_contributions(bad.slice(600, 300))
    errors = [(e.code, e.entry, e.path) for e in raised.value.errors]
    validation = coshare.validate(LEDGER, contributions=bad.to_pylist())
    assert errors == [(e.code, e.entry, e.path) for e in validation.errors]
    assert errors == [("unknown_member", "a00750", None)]
    # A reading error is named by its place among the records given.
    ledger = base.with_contributions(table.slice(0, 300)).with_contributions(table.slice(300, 300))
    records = table.slice(600, 300).to_pylist()
    records[150]["date"] = "2024-02-30"
    with pytest.raises(coshare.CoshareError) as raised:
        ledger.with_contributions(records)
    assert (raised.value.code, raised.value.path) == ("invalid_date", "entries[150].date")
    assert raised.value.location == ("entries", 150, "date")
    # Two bad rows: both listed on the error raised, the first one raised.
    worse = replace(bad, "member", 100, "zoe")
    with pytest.raises(coshare.CoshareError) as raised:
        base.with_contributions(worse)
    assert [(e.code, e.entry) for e in raised.value.errors] == [
        ("unknown_member", "a00100"), ("unknown_member", "a00750")]
    assert raised.value.errors[0] is raised.value


def random_table(rng: random.Random) -> Any:
    """A table of random size, column types, nulls, chunks and offsets,
    with mostly plain cells and a few unusual ones (huge numbers, the first
    and last ledger dates, unknown members, repeated ids)."""
    n = rng.choice([0, 1, 5, 255, 256, 257, 700])
    odd = rng.random() < 0.5  # whether to put unusual cells in
    def maybe_null(values: Any, required: bool) -> Any:
        rate = 0.002 if required and odd else (0 if required else rng.random() * 0.5)
        return [None if rng.random() < rate else v for v in values]

    def text_type() -> Any:
        return rng.choice([pa.string(), pa.large_string()])

    ids = [f"r{i:04d}" for i in range(n)]
    if odd and n > 3:
        ids[rng.randrange(n)] = ids[0]
    members = [rng.choice(["ann", "ben"]) for _ in range(n)]
    if odd and n > 3:
        members[rng.randrange(n)] = "zed"
    kinds = [rng.choice(["labor", "cash"]) for _ in range(n)]
    days = [rng.randrange(19723, 20088) for _ in range(n)]  # 2024
    if odd and n > 3:
        days[rng.randrange(n)] = rng.choice([-719_162, 2_932_896, 0])  # 0001-01-01, 9999-12-31
    columns = {
        "id": pa.array(maybe_null(ids, True), text_type()),
        "member": pa.array(maybe_null(members, True), text_type()),
        "date": pa.array(maybe_null(days, True), pa.int32()).cast(pa.date32()),
        "kind": pa.array(maybe_null(kinds, True), text_type()),
    }
    for name in ("value", "hours", "rate", "paid"):
        if rng.random() < 0.3:
            continue
        if rng.random() < 0.3:
            bits = rng.choice([8, 16, 32, 64])
            signed = rng.random() < 0.7
            top = 2 ** (bits - 1 if signed else bits) - 1
            values = [rng.randrange(0, min(top, 500) + 1) for _ in range(n)]
            if odd and n > 3:
                values[rng.randrange(n)] = top
            typ = getattr(pa, f"{'int' if signed else 'uint'}{bits}")()
            columns[name] = pa.array(maybe_null(values, False), typ)
        elif rng.random() < 0.2:
            # Numbers written as text, now and then one the reader refuses.
            texts = [f"{rng.randrange(0, 10 ** 6)}.{rng.randrange(100):02d}" for _ in range(n)]
            if odd and n > 3:
                texts[rng.randrange(n)] = rng.choice(["1,5", " 2", "1e3", "", "0." + "1" * 19, "-0.5"])
            columns[name] = pa.array(maybe_null(texts, False), text_type())
        else:
            scale = rng.choice([0, 1, 2, 3, 4, 18, 19])
            values = [D(rng.randrange(0, 10 ** 6)).scaleb(-scale) for _ in range(n)]
            if odd and n > 3:
                values[rng.randrange(n)] = D(10 ** 17).scaleb(-scale)
            columns[name] = pa.array(maybe_null(values, False), pa.decimal128(38, scale))
    if rng.random() < 0.3:
        columns["note"] = pa.array(maybe_null([f"n{i} \u00e9" for i in range(n)], False), text_type())
    names = list(columns)
    rng.shuffle(names)
    table = pa.table({k: columns[k] for k in names})
    if n > 2 and rng.random() < 0.5:
        cuts = sorted(rng.sample(range(1, n), min(3, n - 1)))
        pieces = [table.slice(a, b - a) for a, b in zip([0] + cuts, cuts + [n])]
        table = pa.concat_tables(pieces)
    if n > 10 and rng.random() < 0.3:
        table = table.slice(rng.randrange(1, 8))
    return table


@pytest.mark.parametrize("seed", range(60))
def test_random_arrow_tables_read_as_their_records(seed: int) -> None:
    same_as_records(random_table(random.Random(seed)))


def frame_records(df: Any) -> Any:
    frame = df.astype(object)
    return frame.where(frame.notna(), None).to_dict("records")


@pytest.mark.parametrize("seed", range(60))
def test_random_object_frames_read_as_their_records(seed: int) -> None:
    # The same tables as pandas frames of Python objects (Decimal, str,
    # None; dates as datetime64 or date objects): kept without their
    # objects when plain, read by records where not, always as their records.
    table = random_table(random.Random(seed))
    base = coshare.Ledger.from_dict(LEDGER)
    for date_as_object in (False, True):
        df = table.to_pandas(date_as_object=date_as_object)
        for name in df.columns:
            if df[name].dtype == object or str(df[name].dtype) == "str":
                df[name] = df[name].astype(object)
        got = outcome(lambda: base.with_contributions(df))
        assert got == outcome(lambda: base.with_contributions(frame_records(df)))


def test_a_slice_passes_its_own_values_and_a_whole_array_is_not_copied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copies = []
    concat = pa.concat_arrays
    monkeypatch.setattr(pa, "concat_arrays", lambda arrays: copies.append(len(arrays[0])) or concat(arrays))
    whole = pa.chunked_array([pa.array([f"member-{i:06d}" for i in range(10_000)], pa.string())])
    (_, _, length, offset, _, (offsets, data)), = coshare._arrow_chunks(whole)
    assert (length, offset, len(offsets), len(data), copies) == (10_000, 0, 40_004, 130_000, [])
    head = pa.chunked_array([whole.chunk(0).slice(0, 10)])
    (_, _, length, offset, _, (offsets, data)), = coshare._arrow_chunks(head)
    assert (length, offset, len(offsets), len(data), copies) == (10, 0, 44, 130, [10])
