"""Notebooks: contributions from pd.read_csv, float columns for charts,
HTML tables and the dilution curve's plot."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest
from conftest import LEDGER

import coshare

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
D = Decimal

REPO = Path(__file__).resolve().parents[3]
COOP = REPO / "examples" / "coop.json"
REQUEST = ("2024-01-01", "2024-12-31", "1000.00")

# A spreadsheet of hours and cash as a treasurer keeps it: pd.read_csv
# makes float64 columns of value, hours, rate and paid.
CSV = """id,member,date,kind,value,hours,rate,paid,note
h1,ann,2024-01-15,labor,,10,50.00,,night shift
h2,ben,2024-02-01,labor,,20.5,40.00,0.00,
k1,ben,2024-03-01,cash,1000.00,,,100.00,
"""

RECORDS = [
    {"id": "h1", "member": "ann", "date": "2024-01-15", "kind": "labor", "hours": "10", "rate": "50.00",
     "note": "night shift"},
    {"id": "h2", "member": "ben", "date": "2024-02-01", "kind": "labor", "hours": "20.5", "rate": "40.00",
     "paid": "0.00"},
    {"id": "k1", "member": "ben", "date": "2024-03-01", "kind": "cash", "value": "1000.00", "paid": "100.00"},
]


def base() -> coshare.Ledger:
    return coshare.Ledger.from_dict(LEDGER)


# ---- float columns ----


def test_read_csv_float_columns_are_refused_with_the_column_its_dtype_and_the_fix() -> None:
    df = pd.read_csv(io.StringIO(CSV))
    assert str(df["hours"].dtype) == "float64"
    with pytest.raises(TypeError) as e:
        base().with_contributions(df)
    message = str(e.value)
    # The first float cell in row order, as a record's float is named.
    assert message.startswith("records[0].hours: a float, which cannot hold cents exactly")
    assert "the column 'hours' is float64" in message
    assert "(so are 'value', 'rate', 'paid')" in message
    assert "pd.read_csv(..., dtype=str)" in message
    assert 'dtype_backend="pyarrow"' in message and "decimal128" in message
    # Every way a DataFrame comes in says the same.
    calls: List[Callable[[], Any]] = [lambda: coshare.Ledger(LEDGER, contributions=df),
                                      lambda: coshare.Ledger.from_dict(LEDGER, contributions=df)]
    for call in calls:
        with pytest.raises(TypeError) as again:
            call()
        assert str(again.value) == message


def test_read_csv_with_dtype_str_gives_the_split_of_the_records() -> None:
    df = pd.read_csv(io.StringIO(CSV), dtype=str)
    from_frame = base().with_contributions(df)
    from_records = base().with_contributions(RECORDS)
    assert from_frame.split(*REQUEST) == from_records.split(*REQUEST)
    assert from_frame.split(*REQUEST) == base().with_contributions_csv(CSV).split(*REQUEST)
    assert from_frame.split(*REQUEST).member("ben").paid > 0


def test_the_decimal_advice_of_the_message_works() -> None:
    pa = pytest.importorskip("pyarrow")
    pytest.importorskip("pyarrow.csv")
    floats = pd.read_csv(io.StringIO(CSV), dtype_backend="pyarrow")
    with pytest.raises(TypeError, match=r"records\[0\]\.hours: .*the column 'hours' is double\[pyarrow\]"):
        base().with_contributions(floats)
    decimals = pd.read_csv(io.StringIO(CSV), engine="pyarrow", dtype_backend="pyarrow",
                           dtype={c: pd.ArrowDtype(pa.decimal128(18, 2)) for c in ("value", "hours", "rate", "paid")})
    expected = base().with_contributions(RECORDS).split(*REQUEST)
    assert base().with_contributions(decimals).split(*REQUEST) == expected


def test_an_arrow_table_of_floats_is_refused_and_read_as_text_it_works() -> None:
    pa = pytest.importorskip("pyarrow")
    pacsv = pytest.importorskip("pyarrow.csv")
    table = pacsv.read_csv(io.BytesIO(CSV.encode()))
    assert str(table.schema.field("rate").type) == "double"
    for contributions in (table, table.to_batches()[0]):
        with pytest.raises(TypeError) as e:
            base().with_contributions(contributions)
        message = str(e.value)
        assert message.startswith("records[0].hours: a float")
        assert "the column 'hours' is double (Arrow)" in message
        assert "pyarrow.decimal128(18, 2)" in message and "strings_can_be_null=True" in message
    # Both ways the message gives read the CSV as its records.
    numbers = ("value", "hours", "rate", "paid")
    expected = base().with_contributions(RECORDS).split(*REQUEST)
    decimals = pacsv.read_csv(io.BytesIO(CSV.encode()), convert_options=pacsv.ConvertOptions(
        column_types={c: pa.decimal128(18, 2) for c in numbers}))
    assert base().with_contributions(decimals).split(*REQUEST) == expected
    text = pacsv.read_csv(io.BytesIO(CSV.encode()), convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in numbers}, strings_can_be_null=True))
    assert base().with_contributions(text).split(*REQUEST) == expected


def test_the_first_float_cell_in_row_order_is_named() -> None:
    csv = "id,member,date,kind,value,hours,rate\nk1,ann,2024-03-01,cash,5.00,,\nh1,ann,2024-03-02,labor,,4,10.00\n"
    with pytest.raises(TypeError, match=r"^records\[0\]\.value: .*'value' is float64 \(so are 'hours', 'rate'\)"):
        base().with_contributions(pd.read_csv(io.StringIO(csv)))
    # A float column of only empty cells is absent, as its cells are.
    empty = pd.read_csv(io.StringIO(CSV), dtype={c: str for c in ("value", "hours", "rate")})
    assert str(empty["paid"].dtype) == "float64"
    empty["paid"] = np.nan
    assert base().with_contributions(empty).validation().valid


def test_nullable_float_columns_are_refused_too() -> None:
    df = pd.read_csv(io.StringIO(CSV), dtype=str)
    df["hours"] = pd.array([10, 20.5, None], dtype="Float64")
    with pytest.raises(TypeError, match=r"^records\[0\]\.hours: .*'hours' is Float64"):
        base().with_contributions(df)


def test_the_float_column_check_comes_before_any_cell_is_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    df = pd.read_csv(io.StringIO(CSV))
    df.loc[0, "member"] = "zed"  # a reading error in row 0, after the float check

    def converted(*args: Any) -> Any:
        raise AssertionError("a cell was converted before the float columns were checked")

    monkeypatch.setattr(coshare, "_frame_columns", converted)
    monkeypatch.setattr(coshare, "_python_values", converted)
    with pytest.raises(TypeError, match="the column 'hours' is float64"):
        base().with_contributions(df)


def test_a_float_in_an_object_column_is_still_refused_where_it_is() -> None:
    df = pd.read_csv(io.StringIO(CSV), dtype=str).astype(object)
    df.loc[2, "value"] = 1000.0
    with pytest.raises(TypeError, match=r"records\[2\]\.value: a float"):
        base().with_contributions(df)


# ---- to_pandas(numeric=True) ----


@pytest.fixture(scope="module")
def coop() -> coshare.Ledger:
    return coshare.load(COOP)


@pytest.fixture(scope="module")
def ledger() -> coshare.Ledger:
    return base().with_contributions(RECORDS)


def frames(ledger: coshare.Ledger, coop: coshare.Ledger) -> List[Tuple[str, Callable[..., Any]]]:
    """(name, to_pandas of a result with a table chosen) for every result table."""
    split = ledger.split(*REQUEST)
    shares = ledger.shares("2024-06-30")
    curve = ledger.curve("2024-01-01", "2024-12-31", "P1M")
    explanation = ledger.explain("ben", "2024-01-01", "2024-12-31")
    accounts = coop.accounts("2026-12-31")
    statement = coop.statement("ana", "2024-01-01", "2026-12-31")
    out: List[Tuple[str, Callable[..., Any]]] = []
    for table in ("members", "pools", "buckets"):
        out.append((f"split.{table}", lambda t=table, **k: split.to_pandas(t, **k)))
    for table in ("members", "kinds", "pools"):
        out.append((f"shares.{table}", lambda t=table, **k: shares.to_pandas(t, **k)))
        out.append((f"curve.{table}", lambda t=table, **k: curve.to_pandas(t, **k)))
    for table in ("contributions", "changes"):
        out.append((f"explanation.{table}", lambda t=table, **k: explanation.to_pandas(t, **k)))
    for table in ("members", "reserves"):
        out.append((f"accounts.{table}", lambda t=table, **k: accounts.to_pandas(t, **k)))
    for table in ("movements", "allocations", "payments"):
        out.append((f"statement.{table}", lambda t=table, **k: statement.to_pandas(t, **k)))
    entry = coop.close("2026-01-01", "2026-12-31", "80000.00", id="fy2026", date="2027-03-01")
    out.append(("allocation", entry.to_pandas))
    out.append(("notices", coop.notices("fy2025").to_pandas))
    out.append(("journal", coop.journal("2024-01-01", "2026-12-31").to_pandas))
    return out


def test_numeric_frames_hold_float64_figures_and_the_default_exact_decimals(
    ledger: coshare.Ledger, coop: coshare.Ledger
) -> None:
    checked = 0
    for name, to_pandas in frames(ledger, coop):
        exact = to_pandas()
        numeric = to_pandas(numeric=True)
        assert list(numeric.columns) == list(exact.columns), name
        if exact.empty:  # no values to tell a figure column by (no unit changes, say)
            continue
        for column in exact.columns:
            values = list(exact[column])
            if exact[column].dtype == object and any(isinstance(v, Decimal) for v in values):
                # The default keeps exact Decimal objects (None where absent).
                assert all(v is None or isinstance(v, Decimal) for v in values), (name, column)
                assert numeric[column].dtype == np.float64, (name, column)
                floats = list(numeric[column])
                for d, f in zip(values, floats):
                    assert (np.isnan(f) if d is None else f == float(d)), (name, column, d, f)
                checked += 1
            else:
                assert numeric[column].dtype == exact[column].dtype, (name, column)
    assert checked >= 40


def test_numeric_is_keyword_only_and_the_default_unchanged(ledger: coshare.Ledger) -> None:
    split = ledger.split(*REQUEST)
    with pytest.raises(TypeError):
        split.to_pandas("members", True)  # type: ignore[call-arg]
    members = split.to_pandas()
    assert members["paid"].dtype == object
    assert list(members["paid"]) == [m.paid for m in split.members]
    plot_ready = split.to_pandas(numeric=True)
    assert plot_ready["paid"].sum() == pytest.approx(float(sum(m.paid for m in split.members)))
    shares = ledger.curve("2024-01-01", "2024-12-31", "P1M").to_pandas("pools", numeric=True)
    assert shares["share"].dtype == np.float64 and shares["units"].dtype == np.float64
    assert str(shares["at"].dtype).startswith("datetime64")


# ---- _repr_html_ ----

SCRIPT = "<script>alert(1)</script>"


def html_results(ledger: coshare.Ledger, coop: coshare.Ledger) -> List[Tuple[str, Any, List[str]]]:
    """(name, result, member ids it shows) for every result with an HTML view."""
    entry = coop.close("2026-01-01", "2026-12-31", "80000.00", id="fy2026", date="2027-03-01")
    members = ["ann", "ben"]
    books = ["ana", "ben", "chloe"]
    return [
        ("split", ledger.split(*REQUEST), members),
        ("shares", ledger.shares("2024-06-30"), members),
        ("curve", ledger.curve("2024-01-01", "2024-12-31", "P1M"), members),
        ("explanation", ledger.explain("ben", "2024-01-01", "2024-12-31"), ["h2", "k1"]),
        ("accounts", coop.accounts("2026-12-31"), books),
        ("statement", coop.statement("ana", "2024-01-01", "2026-12-31"), ["fy2025"]),
        ("validation", coshare.validate(dict(LEDGER, entries=[dict(RECORDS[2], type="contribution", member="zed")])),
         ["unknown_member", "k1"]),
        ("allocation", entry, books),
        ("notices", coop.notices("fy2025"), books),
        ("journal", coop.journal("2024-01-01", "2026-12-31"), ["fy2025"]),
    ]


@pytest.fixture(params=["pandas", "no pandas"])
def pandas_or_not(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "no pandas":
        monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    return str(request.param)


def test_results_show_as_html_tables_with_their_members(
    ledger: coshare.Ledger, coop: coshare.Ledger, pandas_or_not: str
) -> None:
    for name, result, shown in html_results(ledger, coop):
        page = result._repr_html_()
        assert isinstance(page, str), name
        assert "<table" in page, name
        for text in shown:
            assert f">{text}<" in page, (name, text)
        if pandas_or_not == "no pandas":
            assert 'class="dataframe"' not in page


def test_html_figures_are_exact(ledger: coshare.Ledger, pandas_or_not: str) -> None:
    split = ledger.split(*REQUEST)
    page = split._repr_html_()
    for m in split.members:
        assert f">{format(m.paid, 'f')}<" in page
    shares = ledger.shares("2024-06-30")
    page = shares._repr_html_()
    for p in shares.pools:
        assert f"pool {p.pool}" in page
        for x in p.members:
            assert f">{format(x.share, 'f')}<" in page
    # The per-pool view leads.
    assert page.index("pool ") < page.index("all kinds")


def test_html_escapes_member_names(pandas_or_not: str) -> None:
    doc = dict(LEDGER, members=[{"id": "ann"}, {"id": SCRIPT}])
    ledger = coshare.Ledger.from_dict(doc).with_contributions(
        [dict(r, member=SCRIPT) if r["member"] == "ben" else r for r in RECORDS])
    results: List[Any] = [
        ledger.split(*REQUEST),
        ledger.shares("2024-06-30"),
        ledger.curve("2024-01-01", "2024-12-31", "P1M"),
        ledger.explain(SCRIPT, "2024-01-01", "2024-12-31"),
        ledger.statement(SCRIPT, "2024-01-01", "2024-12-31"),
    ]
    for result in results:
        page = result._repr_html_()
        assert "<script" not in page, type(result).__name__
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, type(result).__name__


def test_a_long_table_without_pandas_shows_its_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    members = [{"id": f"m{i:03d}"} for i in range(150)]
    doc = dict(LEDGER, members=members)
    records = [{"id": f"k{i}", "member": f"m{i:03d}", "date": "2024-02-01", "kind": "cash", "value": "10.00"}
               for i in range(150)]
    page = coshare.Ledger.from_dict(doc).with_contributions(records).split(*REQUEST)._repr_html_()
    assert ">m000<" in page and ">m149<" in page and ">m075<" not in page
    assert "150 rows" in page


def test_empty_results_still_show() -> None:
    empty = base()
    assert "<table" in empty.split(*REQUEST)._repr_html_()
    assert "valid" in empty.validation()._repr_html_()
    assert "Curve" in coshare.Curve(())._repr_html_()


# ---- Curve.plot ----


@pytest.fixture
def plt() -> Any:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    pyplot = pytest.importorskip("matplotlib.pyplot")
    yield pyplot
    pyplot.close("all")


def test_plot_draws_a_line_per_member_of_the_first_pool(plt: Any, coop: coshare.Ledger) -> None:
    curve = coop.curve("2024-01-01", "2026-12-31", "P1M")
    first = curve[0].pools[0].pool
    members = sorted({x.member for p in curve for x in p.pool(first).members})
    ax = curve.plot()
    lines = ax.get_lines()
    assert sorted(line.get_label() for line in lines) == members
    assert all(len(line.get_xdata()) == len(curve) == 36 for line in lines)
    assert first in ax.get_title()
    # The y values are each member's share of that pool (0 without units).
    ana = next(line for line in lines if line.get_label() == "ana")
    expected = [float(next((x.share for x in p.pool(first).members if x.member == "ana"), 0)) for p in curve]
    assert list(ana.get_ydata()) == expected


def test_plot_another_pool_on_given_axes(plt: Any, coop: coshare.Ledger) -> None:
    curve = coop.curve("2025-01-01", "2025-12-31", "P1M")
    _, ax = plt.subplots()
    assert curve.plot("capital", ax=ax) is ax
    capital = sorted({x.member for p in curve for x in p.pool("capital").members})
    assert sorted(line.get_label() for line in ax.get_lines()) == capital
    assert all(len(line.get_xdata()) == 12 for line in ax.get_lines())
    with pytest.raises(ValueError, match=r"no pool 'nope' .*'workers', 'capital'"):
        curve.plot("nope")


def test_plot_without_pools_shows_the_share_of_all_kinds(plt: Any, ledger: coshare.Ledger) -> None:
    curve = ledger.curve("2024-01-01", "2024-12-31", "P2M")
    bare = coshare.Curve(tuple(coshare.Shares(p.at, p.total, p.members) for p in curve))
    ax = bare.plot()
    assert "all kinds" in ax.get_title()
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert set(lines) == {"ann", "ben"} and all(len(v) == len(curve) == 6 for v in lines.values())
    assert lines["ben"] == [float(next((m.share for m in p.members if m.member == "ben"), 0)) for p in curve]
    assert "share of all kinds" in bare._repr_html_()


def test_plot_without_matplotlib_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, ledger: coshare.Ledger
) -> None:
    for name in ("matplotlib", "matplotlib.pyplot", "matplotlib.ticker", "matplotlib.dates"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=r"pip install matplotlib"):
        ledger.curve("2024-01-01", "2024-12-31", "P1M").plot()
