"""coshare: exact profit-share accounting for co-ops.

A :class:`Ledger` is a ledger document (docs/format.md, "Ledger document") read from a dict, a
JSON string or a file; its queries return typed, immutable results whose
figures are :class:`decimal.Decimal` and whose dates are
:class:`datetime.date`. Nothing here computes: every figure comes from the
Rust core, exactly as the ``coshare`` command gives it.

>>> import coshare
>>> ledger = coshare.load("ledger.json")                      # doctest: +SKIP
>>> split = ledger.split("2026-01-01", "2026-12-31", "100000.00")  # doctest: +SKIP
>>> split.member("alice").paid                                # doctest: +SKIP
Decimal('25000.00')
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import html
import importlib
import json
import math
import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union, overload

__all__ = [
    "BASIS_TYPE",
    "ERROR_CODES",
    "Accounts",
    "Allocation",
    "BasesOfPart",
    "AllocationFigures",
    "Bucket",
    "ContributionBasis",
    "CoshareError",
    "Curve",
    "Explanation",
    "Journal",
    "JournalLine",
    "Ledger",
    "MemberAccount",
    "MemberShares",
    "MemberSplit",
    "Movement",
    "Notice",
    "Notices",
    "Payment",
    "Period",
    "PoolBasis",
    "PoolMemberShare",
    "PoolPart",
    "PoolShares",
    "PostedFigures",
    "ReserveAmount",
    "Shares",
    "Split",
    "Statement",
    "Transaction",
    "UnitChange",
    "Validation",
    "ValidationWarning",
    "__version__",
    "load",
    "partial_bases",
    "split_from_bases",
    "split_from_bases_json",
    "split_json",
    "validate",
    "validate_json",
]


class CoshareError(ValueError):
    """Why coshare refused an input.

    ``code`` is the stable code (such as ``"invalid_amount"``, docs/format.md
    "Errors"), the same in every front end; ``entry`` the id of the entry or
    member concerned, or None; ``path`` where in the document or request, or
    None; ``location`` the same place as field names and indices (such as
    ``("policies", 0, "kinds", "labor", "multiplier")``, empty when not
    known); ``message`` the plain-language explanation. A ledger that does
    not pass its checks raises its first error, whose ``errors`` lists every
    error of that ledger (the first is the one raised); otherwise
    ``errors`` holds this error alone.
    """

    code: str
    entry: Optional[str]
    path: Optional[str]
    location: Tuple[Union[str, int], ...]
    message: str
    errors: List["CoshareError"]

    def __init__(
        self,
        message: str,
        code: str,
        entry: Optional[str] = None,
        path: Optional[str] = None,
        location: Sequence[Union[str, int]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.entry = entry
        self.path = path
        self.location = tuple(location)
        self.errors = [self]

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"

    def __repr__(self) -> str:
        return (
            f"CoshareError({self.message!r}, code={self.code!r}, "
            f"entry={self.entry!r}, path={self.path!r})"
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.entry, self.path, self.location))


# Imported after CoshareError: the native module raises it by name.
from coshare._coshare import ERROR_CODES, RawLedger, __version__  # noqa: E402
from coshare._coshare import split_json as _split_json  # noqa: E402
from coshare._coshare import validate_json as _validate_json  # noqa: E402

DateLike = Union[datetime.date, str]
Number = Union[Decimal, int, str]
PathLike = Union[str, "os.PathLike[str]"]

_PANDAS_MISSING = (
    "{what}.to_pandas() needs pandas, which is not installed: `pip install pandas`"
)


def split_json(ledger_json: str, request_json: str, *, contributions_csv: Optional[str] = None) -> str:
    """Split as ``coshare split --format json`` does: the ledger and request
    JSON documents in, the result document (docs/format.md, "Request and split result") out (compact JSON text).

    ``contributions_csv`` adds contributions from CSV text, like the
    command's ``--contributions``. Raises :class:`CoshareError`.
    """
    return _split_json(ledger_json, request_json, contributions_csv=contributions_csv)


def _pandas(what: str) -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(_PANDAS_MISSING.format(what=what)) from e


_Columns = Dict[str, Tuple[str, List[Any]]]


def _floats(values: List[Any]) -> List[float]:
    """Figures as the nearest binary floats, for charts only (inexact: 0.1
    is not 0.1); a missing figure as NaN."""
    return [math.nan if v is None else float(v) for v in values]


def _frame(what: str, columns: _Columns, numeric: bool = False) -> Any:
    """A DataFrame from typed columns: ids as strings, figures as Decimal
    objects (exact), or with ``numeric`` as float64 (inexact, for charts),
    dates as datetime64."""
    pd = _pandas(what)
    data = {}
    for name, (kind, values) in columns.items():
        if kind == "date":
            data[name] = pd.to_datetime(pd.Series(values, dtype=object))
        elif kind == "decimal":
            data[name] = pd.Series(_floats(values), dtype="float64") if numeric else pd.Series(values, dtype=object)
        else:
            data[name] = pd.Series(values, dtype=object if not values else None)
    return pd.DataFrame(data, columns=list(columns))


# ---- notebooks: HTML tables ----

# An HTML table: its caption, then (header, kind, values) per column (a
# list, not a dict: the headers of a wide table are member ids, which may
# repeat a header such as "at").
_HtmlTable = Tuple[str, List[Tuple[str, str, List[Any]]]]

_HTML_ROWS = 60  # rows shown without pandas; pandas uses display.max_rows


def _html_columns(columns: _Columns) -> List[Tuple[str, str, List[Any]]]:
    return [(name, kind, values) for name, (kind, values) in columns.items()]


def _html_cell(value: Any) -> str:
    """A cell's exact text: a Decimal as written (never through float)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _html_table(columns: List[Tuple[str, str, List[Any]]]) -> str:
    """A small table without pandas, every header and cell escaped; long
    tables show their first and last rows."""
    rows = len(columns[0][2]) if columns else 0
    half = _HTML_ROWS // 2
    shown: List[Optional[int]] = list(range(rows))
    if rows > _HTML_ROWS:
        shown = list(range(half)) + [None] + list(range(rows - half, rows))
    head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _ in columns)
    body = []
    for i in shown:
        if i is None:
            body.append(f'<tr><td colspan="{len(columns)}">…</td></tr>')
        else:
            cells = "".join(f"<td>{html.escape(_html_cell(values[i]))}</td>" for _, _, values in columns)
            body.append(f"<tr>{cells}</tr>")
    more = f"<p>{rows} rows</p>" if rows > _HTML_ROWS else ""
    return (
        f'<table class="coshare"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{more}"
    )


def _html(title: str, tables: Sequence[_HtmlTable]) -> str:
    """A result as HTML for notebooks: a title, then each table, with
    pandas' ``to_html`` (escaped, its display.max_rows) when pandas is
    installed, else a small escaped table. Figures keep their exact text."""
    try:
        pd: Any = importlib.import_module("pandas")
    except ImportError:
        pd = None
    parts = [f"<div><p><strong>{html.escape(title)}</strong></p>"]
    for caption, columns in tables:
        if caption:
            parts.append(f"<p>{html.escape(caption)}</p>")
        if pd is None:
            parts.append(_html_table(columns))
            continue
        frame = _frame("_repr_html_", {str(j): (kind, values) for j, (_, kind, values) in enumerate(columns)})
        frame.columns = [h for h, _, _ in columns]
        parts.append(
            frame.to_html(
                index=False,
                na_rep="",
                escape=True,
                max_rows=pd.get_option("display.max_rows"),
                max_cols=pd.get_option("display.max_columns"),
            )
        )
    parts.append("</div>")
    return "".join(parts)


def _check_table(table: str, allowed: Tuple[str, ...]) -> None:
    if not isinstance(table, str):
        raise TypeError(f"table must be a str, not {type(table).__name__}")
    if table not in allowed:
        raise ValueError(f"table must be one of {', '.join(map(repr, allowed))}, not {table!r}")


def _short(items: List[str], limit: int = 6) -> str:
    if len(items) > limit:
        items = items[:limit] + [f"… {len(items) - limit} more"]
    return "[" + ", ".join(items) + "]"


# ---- split ----


@dataclass(frozen=True)
class PoolPart:
    """A member's part of one pool."""

    pool: str
    basis: Decimal
    average_units: Optional[Decimal]
    share: Decimal
    amount: Decimal

    def __repr__(self) -> str:
        return f"PoolPart({self.pool}: share={self.share} amount={self.amount})"


@dataclass(frozen=True)
class MemberSplit:
    """What a split gives one member."""

    member: str
    pools: Mapping[str, PoolPart]
    allocated: Decimal
    carry_in: Decimal
    paid: Decimal
    cash: Decimal
    retained: Decimal
    carry_out: Decimal

    def __repr__(self) -> str:
        return (
            f"MemberSplit({self.member}: allocated={self.allocated} paid={self.paid} "
            f"cash={self.cash} retained={self.retained} carry_out={self.carry_out})"
        )


_new_object = object.__new__
_set_attribute = object.__setattr__


def _made(cls: Any, fields: Dict[str, Any]) -> Any:
    """An instance of the frozen dataclass ``cls`` whose fields are
    ``fields`` (a dict of exactly its field names, which it takes as its
    ``__dict__``), made without ``__init__``: a split of thousands of
    members makes tens of thousands of them, and a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``."""
    obj = _new_object(cls)
    _set_attribute(obj, "__dict__", fields)
    return obj


def _member_split(m: Dict[str, Any]) -> MemberSplit:
    """A MemberSplit from the binding's dict of its fields (its pools' the
    fields of each PoolPart)."""
    pools = m["pools"]
    for name, part in pools.items():
        pools[name] = _made(PoolPart, part)
    made: MemberSplit = _made(MemberSplit, m)
    return made


@dataclass(frozen=True)
class Bucket:
    """A bucket's part of the amount: a ``"reserve"`` or a ``"pool"``
    (``basis_total`` and ``unallocated`` are None for a reserve)."""

    name: str
    type: str
    amount: Decimal
    basis_total: Optional[Decimal] = None
    unallocated: Optional[Decimal] = None

    def __repr__(self) -> str:
        return f"Bucket({self.name}: {self.type} {self.amount})"


@dataclass(frozen=True)
class Split:
    """The result of :meth:`Ledger.split` (docs/format.md, "Request and split result")."""

    start: datetime.date
    end: datetime.date
    basis: str
    amount: Decimal
    buckets: Tuple[Bucket, ...]
    members: Tuple[MemberSplit, ...]

    @classmethod
    def _from_doc(cls, d: Mapping[str, Any]) -> Split:
        return cls(
            start=d["period"]["start"],
            end=d["period"]["end"],
            basis=d["basis"],
            amount=d["amount"],
            buckets=tuple(Bucket(**b) for b in d["buckets"]),
            members=tuple(_member_split(m) for m in d["members"]),
        )

    def member(self, member: str) -> MemberSplit:
        """The result for a member; KeyError if the member is not listed."""
        for m in self.members:
            if m.member == member:
                return m
        raise KeyError(member)

    def to_dict(self) -> Dict[str, Any]:
        """The result document (docs/format.md, "Request and split result"), keys in its order, figures as
        Decimal (``format(x, "f")`` gives the document's exact text) and
        dates as datetime.date."""
        buckets: List[Dict[str, Any]] = []
        for b in self.buckets:
            bd: Dict[str, Any] = {"name": b.name, "type": b.type, "amount": b.amount}
            if b.type == "pool":
                bd["basis_total"] = b.basis_total
                bd["unallocated"] = b.unallocated
            buckets.append(bd)
        members: List[Dict[str, Any]] = []
        for m in self.members:
            pools: Dict[str, Any] = {}
            for name, p in m.pools.items():
                pd: Dict[str, Any] = {"basis": p.basis}
                if p.average_units is not None:
                    pd["average_units"] = p.average_units
                pd["share"] = p.share
                pd["amount"] = p.amount
                pools[name] = pd
            members.append(
                {
                    "member": m.member,
                    "pools": pools,
                    "allocated": m.allocated,
                    "carry_in": m.carry_in,
                    "paid": m.paid,
                    "cash": m.cash,
                    "retained": m.retained,
                    "carry_out": m.carry_out,
                }
            )
        return {
            "period": {"start": self.start, "end": self.end},
            "basis": self.basis,
            "amount": self.amount,
            "buckets": buckets,
            "members": members,
        }

    def _columns(self, table: str) -> _Columns:
        if table == "members":
            fields = ("allocated", "carry_in", "paid", "cash", "retained", "carry_out")
            cols: _Columns = {"member": ("str", [m.member for m in self.members])}
            for f in fields:
                cols[f] = ("decimal", [getattr(m, f) for m in self.members])
            return cols
        if table == "pools":
            parts = [p for m in self.members for p in m.pools.values()]
            owners = [m.member for m in self.members for _ in m.pools]
            return {
                "member": ("str", owners),
                "pool": ("str", [p.pool for p in parts]),
                "basis": ("decimal", [p.basis for p in parts]),
                "average_units": ("decimal", [p.average_units for p in parts]),
                "share": ("decimal", [p.share for p in parts]),
                "amount": ("decimal", [p.amount for p in parts]),
            }
        return {
            "name": ("str", [b.name for b in self.buckets]),
            "type": ("str", [b.type for b in self.buckets]),
            "amount": ("decimal", [b.amount for b in self.buckets]),
            "basis_total": ("decimal", [b.basis_total for b in self.buckets]),
            "unallocated": ("decimal", [b.unallocated for b in self.buckets]),
        }

    def to_pandas(self, table: str = "members", *, numeric: bool = False) -> Any:
        """A tidy DataFrame: ``"members"`` (one row per member: member,
        allocated, carry_in, paid, cash, retained, carry_out), ``"pools"``
        (one row per member and pool: member, pool, basis, average_units,
        share, amount) or ``"buckets"`` (name, type, amount, basis_total,
        unallocated). Ids are strings; figures are exact Decimal objects,
        or with ``numeric=True`` float64 columns for plotting (inexact:
        binary floats cannot hold every cent; never compute money with them)."""
        _check_table(table, ("members", "pools", "buckets"))
        return _frame("Split", self._columns(table), numeric)

    def _repr_html_(self) -> str:
        """The split as HTML tables for notebooks: members, pools, buckets."""
        return _html(
            f"Split {self.start}..{self.end}, {self.basis}, amount {format(self.amount, 'f')}",
            [("members", _html_columns(self._columns("members"))),
             ("pools", _html_columns(self._columns("pools"))),
             ("buckets", _html_columns(self._columns("buckets")))],
        )

    def __repr__(self) -> str:
        buckets = _short([f"{b.name} {b.amount}" for b in self.buckets])
        members = _short([f"{m.member} {m.paid}" for m in self.members])
        return (
            f"Split({self.start}..{self.end}, {self.basis}, amount={self.amount}, "
            f"buckets={buckets}, paid={members})"
        )


def _shares_columns(table: str, rows: List[Tuple[Any, ...]]) -> Dict[str, Tuple[str, List[Any]]]:
    """Columns of a shares table from (at, member, kind, units, share) rows."""
    cols: Dict[str, Tuple[str, List[Any]]] = {
        "at": ("date", [r[0] for r in rows]),
        "member": ("str", [r[1] for r in rows]),
    }
    if table == "kinds":
        cols["kind"] = ("str", [r[2] for r in rows])
    if table == "pools":
        cols["pool"] = ("str", [r[2] for r in rows])
    cols["units"] = ("decimal", [r[3] for r in rows])
    if table in ("members", "pools"):
        cols["share"] = ("decimal", [r[4] for r in rows])
    return cols


# ---- shares and curve ----


@dataclass(frozen=True)
class MemberShares:
    """One member's live units on a date: per kind, in all, and as a share."""

    member: str
    kinds: Mapping[str, Decimal]
    units: Decimal
    share: Decimal

    def __repr__(self) -> str:
        return f"MemberShares({self.member}: units={self.units} share={self.share})"


@dataclass(frozen=True)
class PoolMemberShare:
    """One member's live units over a pool's kinds, and share of the pool."""

    member: str
    units: Decimal
    share: Decimal


@dataclass(frozen=True)
class PoolShares:
    """A pool of the distribution in force on the date: each member's share
    of it is what they would get of that pool's money on that day."""

    pool: str
    total: Decimal
    members: Tuple[PoolMemberShare, ...]

    def member(self, member: str) -> PoolMemberShare:
        """A member's part of the pool; KeyError if they have none."""
        for m in self.members:
            if m.member == member:
                return m
        raise KeyError(member)


@dataclass(frozen=True)
class Shares:
    """The result of :meth:`Ledger.shares`: live units on one date, in all
    (``members``) and per pool of the distribution in force (``pools``: the
    shares that match the money)."""

    at: datetime.date
    total: Decimal
    members: Tuple[MemberShares, ...]
    pools: Tuple[PoolShares, ...] = ()

    @classmethod
    def _from_doc(cls, d: Mapping[str, Any]) -> Shares:
        return cls(
            at=d["at"],
            total=d["total"],
            members=tuple(
                MemberShares(member=m["member"], kinds=dict(m["kinds"]), units=m["units"], share=m["share"])
                for m in d["members"]
            ),
            pools=tuple(
                PoolShares(
                    pool=p["pool"],
                    total=p["total"],
                    members=tuple(PoolMemberShare(x["member"], x["units"], x["share"]) for x in p["members"]),
                )
                for p in d["pools"]
            ),
        )

    def pool(self, pool: str) -> PoolShares:
        """A pool's shares; KeyError if no pool has that name on the date."""
        for p in self.pools:
            if p.pool == pool:
                return p
        raise KeyError(pool)

    def member(self, member: str) -> MemberShares:
        """A member's shares; KeyError if the member has no live units."""
        for m in self.members:
            if m.member == member:
                return m
        raise KeyError(member)

    def to_dict(self) -> Dict[str, Any]:
        """``{"at", "total", "members": [{"member", "kinds", "units", "share"}],
        "pools": [{"pool", "total", "members": [{"member", "units", "share"}]}]}``."""
        return {
            "at": self.at,
            "total": self.total,
            "members": [
                {"member": m.member, "kinds": dict(m.kinds), "units": m.units, "share": m.share}
                for m in self.members
            ],
            "pools": [
                {
                    "pool": p.pool,
                    "total": p.total,
                    "members": [{"member": x.member, "units": x.units, "share": x.share} for x in p.members],
                }
                for p in self.pools
            ],
        }

    def _columns(self, table: str) -> Dict[str, Tuple[str, List[Any]]]:
        rows: List[Tuple[Any, ...]]
        if table == "pools":
            rows = [(x.member, p.pool, x.units, x.share) for p in self.pools for x in p.members]
            return _shares_columns(table, [(self.at,) + r for r in rows])
        if table == "members":
            rows = [(m.member, None, m.units, m.share) for m in self.members]
        else:
            rows = [(m.member, k, u, None) for m in self.members for k, u in m.kinds.items()]
        return _shares_columns(table, [(self.at,) + r for r in rows])

    def to_pandas(self, table: str = "members", *, numeric: bool = False) -> Any:
        """A tidy DataFrame: ``"members"`` (at, member, units, share),
        ``"kinds"`` (at, member, kind, units) or ``"pools"`` (at, member,
        pool, units, share: the shares of each pool's money). Units and
        shares are exact Decimal objects, or with ``numeric=True`` float64
        columns for plotting (inexact: for charts, not for computing)."""
        _check_table(table, ("members", "kinds", "pools"))
        return _frame("Shares", self._columns(table), numeric)

    def _repr_html_(self) -> str:
        """The shares as HTML tables for notebooks: each pool's shares (those
        that match the money) first, then the units of all kinds."""
        tables: List[_HtmlTable] = []
        for p in self.pools:
            tables.append((
                f"pool {p.pool} (total units {format(p.total, 'f')})",
                [("member", "str", [x.member for x in p.members]),
                 ("units", "decimal", [x.units for x in p.members]),
                 ("share", "decimal", [x.share for x in p.members])],
            ))
        members: List[Tuple[str, str, List[Any]]] = [
            ("member", "str", [m.member for m in self.members]),
            ("units", "decimal", [m.units for m in self.members]),
            ("share", "decimal", [m.share for m in self.members]),
        ]
        tables.append((f"all kinds (total units {format(self.total, 'f')})", members))
        return _html(f"Shares on {self.at}", tables)

    def __repr__(self) -> str:
        members = _short([f"{m.member} {m.share}" for m in self.members])
        return f"Shares({self.at}, total={self.total}, share={members})"


@dataclass(frozen=True)
class Curve:
    """The result of :meth:`Ledger.curve`: shares on a series of dates."""

    points: Tuple[Shares, ...]

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[Shares]:
        return iter(self.points)

    @overload
    def __getitem__(self, i: int) -> Shares: ...
    @overload
    def __getitem__(self, i: slice) -> Tuple[Shares, ...]: ...
    def __getitem__(self, i: Union[int, slice]) -> Union[Shares, Tuple[Shares, ...]]:
        return self.points[i]

    def to_dict(self) -> Dict[str, Any]:
        """``{"points": [SHARES, ...]}``."""
        return {"points": [p.to_dict() for p in self.points]}

    def to_pandas(self, table: str = "members", *, numeric: bool = False) -> Any:
        """A tidy DataFrame over all dates: ``"members"`` (at, member,
        units, share), ``"kinds"`` (at, member, kind, units) or ``"pools"``
        (at, member, pool, units, share). Units and shares are exact
        Decimal objects, or with ``numeric=True`` float64 columns for
        plotting (inexact: for charts, not for computing)."""
        _check_table(table, ("members", "kinds", "pools"))
        columns = _shares_columns(table, [])
        for p in self.points:
            for name, (_, values) in p._columns(table).items():
                columns[name][1].extend(values)
        return _frame("Curve", columns, numeric)

    def _pools(self) -> List[str]:
        """The pools of the curve's dates, in order of first appearance."""
        names: List[str] = []
        for point in self.points:
            for p in point.pools:
                if p.pool not in names:
                    names.append(p.pool)
        return names

    def _series(self, pool: Optional[str]) -> Tuple[List[str], Dict[str, List[Optional[Decimal]]]]:
        """Each member's share on each date: of ``pool``, or with None of
        all kinds' units. A member without units on a date has share 0; a
        date whose distribution has no such pool has None."""
        members: List[str] = []
        shares: List[Optional[Dict[str, Decimal]]] = []
        for point in self.points:
            if pool is None:
                day: Optional[Dict[str, Decimal]] = {m.member: m.share for m in point.members}
            else:
                found = [p for p in point.pools if p.pool == pool]
                day = {x.member: x.share for x in found[0].members} if found else None
            shares.append(day)
            for member in day or ():
                if member not in members:
                    members.append(member)
        zero = Decimal(0)
        series = {m: [None if day is None else day.get(m, zero) for day in shares] for m in members}
        return members, series

    def _pick_pool(self, pool: Optional[str]) -> Optional[str]:
        """The pool to show: ``pool`` (ValueError if no date has it), by
        default the first pool, or None (all kinds) when there is none."""
        pools = self._pools()
        if pool is None:
            return pools[0] if pools else None
        if not isinstance(pool, str):
            raise TypeError(f"pool must be a str, not {type(pool).__name__}")
        if pool not in pools:
            known = ", ".join(map(repr, pools)) or "none"
            raise ValueError(f"no pool {pool!r} on the curve's dates; its pools: {known}")
        return pool

    def _repr_html_(self) -> str:
        """The curve as HTML for notebooks: per pool, each member's share
        (a column per member) on each date; all kinds when there is no pool."""
        title = repr(self)[len("Curve("):-1]
        tables: List[_HtmlTable] = []
        pools: List[Optional[str]] = list(self._pools())
        for pool in pools or ([None] if self.points else []):
            members, series = self._series(pool)
            columns: List[Tuple[str, str, List[Any]]] = [("at", "date", [p.at for p in self.points])]
            columns += [(m, "decimal", list(series[m])) for m in members]
            tables.append(("share of all kinds' units" if pool is None else f"share of pool {pool}", columns))
        return _html(f"Curve {title}", tables)

    def plot(self, pool: Optional[str] = None, ax: Any = None) -> Any:
        """Each member's share of ``pool`` over the curve's dates, a line
        per member, with matplotlib (``pip install matplotlib``). ``pool``
        defaults to the first pool (the per-pool shares are those that
        match the money), or to the share of all kinds' units when the
        curve has no pool. Draws on ``ax`` (a new figure's Axes by
        default) and returns it. The plotted shares are binary floats
        (inexact, for the chart only); the figures stay exact in
        :meth:`to_pandas` and the points."""
        chosen = self._pick_pool(pool)
        try:
            if ax is None:
                plt = importlib.import_module("matplotlib.pyplot")
            ticker = importlib.import_module("matplotlib.ticker")
            mdates = importlib.import_module("matplotlib.dates")
        except ImportError as e:
            raise ImportError("Curve.plot() needs matplotlib, which is not installed: `pip install matplotlib`") from e
        if ax is None:
            _, ax = plt.subplots()
        members, series = self._series(chosen)
        dates = [p.at for p in self.points]
        for member in members:
            ax.plot(dates, _floats(series[member]), marker="o", markersize=3, label=member)
        what = "all kinds' units" if chosen is None else f"pool {chosen}"
        ax.set_title(f"Share of {what}")
        ax.set_ylabel("share")
        ax.yaxis.set_major_formatter(ticker.PercentFormatter(xmax=1))
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        if 0 < len(members) <= 20:
            ax.legend(title="member")
        return ax

    def __repr__(self) -> str:
        if not self.points:
            return "Curve([])"
        return f"Curve({self.points[0].at}..{self.points[-1].at}, {len(self.points)} dates)"


# ---- explain ----


@dataclass(frozen=True)
class UnitChange:
    """A change of a contribution's effective units inside the period."""

    date: datetime.date
    units: Decimal


@dataclass(frozen=True)
class ContributionBasis:
    """One contribution's part of a member's basis."""

    entry: str
    date: datetime.date
    kind: str
    value: Decimal
    at_risk: Decimal
    units: Decimal
    live_at_start: Decimal
    live_at_end: Decimal
    changes: Tuple[UnitChange, ...]
    unit_days: Decimal

    def __repr__(self) -> str:
        return (
            f"ContributionBasis({self.entry}: {self.date} {self.kind} units={self.units} "
            f"unit_days={self.unit_days})"
        )


@dataclass(frozen=True)
class PoolBasis:
    """A member's part of one pool's time-weighted basis over a period: their
    unit-days over the pool's kinds, every member's, and the share of the
    pool's money that gives them (docs/format.md, "explain")."""

    pool: str
    kinds: Tuple[str, ...]
    basis: Decimal
    basis_total: Decimal
    share: Decimal


@dataclass(frozen=True)
class Explanation:
    """The result of :meth:`Ledger.explain`: why a member has their basis.
    ``contributions`` are in date order; ``pools`` gives, for each pool in
    force on the period's last day, the member's share of it."""

    member: str
    start: datetime.date
    end: datetime.date
    basis: Decimal
    average_units: Decimal
    contributions: Tuple[ContributionBasis, ...]
    pools: Tuple[PoolBasis, ...] = ()

    @classmethod
    def _from_doc(cls, d: Mapping[str, Any]) -> Explanation:
        return cls(
            member=d["member"],
            start=d["period"]["start"],
            end=d["period"]["end"],
            basis=d["basis"],
            average_units=d["average_units"],
            pools=tuple(PoolBasis(**{**p, "kinds": tuple(p["kinds"])}) for p in d["pools"]),
            contributions=tuple(
                ContributionBasis(
                    **{k: v for k, v in c.items() if k != "changes"},
                    changes=tuple(UnitChange(**ch) for ch in c["changes"]),
                )
                for c in d["contributions"]
            ),
        )

    def to_dict(self) -> Dict[str, Any]:
        """``{"member", "period", "basis", "average_units", "pools": [...], "contributions": [...]}``."""
        return {
            "member": self.member,
            "period": {"start": self.start, "end": self.end},
            "basis": self.basis,
            "average_units": self.average_units,
            "pools": [
                {"pool": p.pool, "kinds": list(p.kinds), "basis": p.basis, "basis_total": p.basis_total, "share": p.share}
                for p in self.pools
            ],
            "contributions": [
                {
                    "entry": c.entry,
                    "date": c.date,
                    "kind": c.kind,
                    "value": c.value,
                    "at_risk": c.at_risk,
                    "units": c.units,
                    "live_at_start": c.live_at_start,
                    "live_at_end": c.live_at_end,
                    "changes": [{"date": ch.date, "units": ch.units} for ch in c.changes],
                    "unit_days": c.unit_days,
                }
                for c in self.contributions
            ],
        }

    def _columns(self, table: str) -> _Columns:
        cs = self.contributions
        if table == "changes":
            rows = [(c.entry, ch) for c in cs for ch in c.changes]
            return {
                "entry": ("str", [r[0] for r in rows]),
                "date": ("date", [r[1].date for r in rows]),
                "units": ("decimal", [r[1].units for r in rows]),
            }
        cols: _Columns = {
            "entry": ("str", [c.entry for c in cs]),
            "date": ("date", [c.date for c in cs]),
            "kind": ("str", [c.kind for c in cs]),
        }
        for f in ("value", "at_risk", "units", "live_at_start", "live_at_end", "unit_days"):
            cols[f] = ("decimal", [getattr(c, f) for c in cs])
        return cols

    def to_pandas(self, table: str = "contributions", *, numeric: bool = False) -> Any:
        """A tidy DataFrame: ``"contributions"`` (entry, date, kind, value,
        at_risk, units, live_at_start, live_at_end, unit_days) or
        ``"changes"`` (entry, date, units). Figures are exact Decimal
        objects, or with ``numeric=True`` float64 columns for plotting
        (inexact: for charts, not for computing)."""
        _check_table(table, ("contributions", "changes"))
        return _frame("Explanation", self._columns(table), numeric)

    def _repr_html_(self) -> str:
        """The explanation as an HTML table of its contributions, for notebooks."""
        return _html(
            f"Explanation of {self.member}, {self.start}..{self.end}: basis {format(self.basis, 'f')}, "
            f"average units {format(self.average_units, 'f')}",
            [("contributions", _html_columns(self._columns("contributions")))],
        )

    def __repr__(self) -> str:
        return (
            f"Explanation({self.member}, {self.start}..{self.end}, basis={self.basis}, "
            f"average_units={self.average_units}, {len(self.contributions)} contributions)"
        )


# ---- the books (docs/format.md, "The books") ----


def _day(text: str) -> Union[datetime.date, str]:
    """A document's date as datetime.date; a computed date past year 9999
    (which datetime.date cannot hold) stays its text."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return text


def _doc(value: Any) -> Any:
    """A result as its JSON document: dataclasses as objects in field
    order, tuples as lists, mappings as objects."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _doc(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, Mapping):
        return {k: _doc(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_doc(v) for v in value]
    return value


def _money_map(d: Mapping[str, str]) -> Mapping[str, Decimal]:
    return {k: Decimal(v) for k, v in d.items()}


@dataclass(frozen=True)
class Period:
    """A period ``start..=end``, both days included."""

    start: Union[datetime.date, str]
    end: Union[datetime.date, str]


@dataclass(frozen=True)
class PostedFigures:
    """A member's figures in an allocation entry."""

    allocated: Decimal
    cash: Decimal
    retained: Decimal
    carry_out: Decimal


@dataclass(frozen=True)
class Allocation:
    """The allocation entry :meth:`Ledger.close` writes (docs/format.md,
    "Close"): post it into the ledger's ``entries`` with :meth:`to_dict` or
    :meth:`to_json` (the exact text ``coshare close`` prints)."""

    id: str
    date: Union[datetime.date, str]
    period: Period
    amount: Decimal
    basis: str
    carry_in: Optional[Mapping[str, Decimal]]
    reserves: Mapping[str, Decimal]
    unallocated: Decimal
    members: Mapping[str, PostedFigures]
    _json: str = field(repr=False, compare=False)

    @classmethod
    def _from_json(cls, text: str) -> Allocation:
        d = json.loads(text)
        carry = d.get("carry_in")
        return cls(
            id=d["id"],
            date=_day(d["date"]),
            period=Period(_day(d["period"]["start"]), _day(d["period"]["end"])),
            amount=Decimal(d["amount"]),
            basis=d["basis"],
            carry_in=None if carry is None else _money_map(carry),
            reserves=_money_map(d["reserves"]),
            unallocated=Decimal(d["unallocated"]),
            members={m: PostedFigures(**_money_map(f)) for m, f in d["members"].items()},
            _json=text,
        )

    def to_json(self) -> str:
        """The entry as canonical compact JSON, byte for byte ``coshare close``'s output."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The entry as a dict, figures as Decimal and dates as datetime.date."""
        doc: Dict[str, Any] = {"type": "allocation"}
        for name in ("id", "date", "period", "amount", "basis", "carry_in", "reserves", "unallocated", "members"):
            value = getattr(self, name)
            if name == "carry_in" and value is None:
                continue
            doc[name] = _doc(value)
        return doc

    def _columns(self) -> _Columns:
        cols: _Columns = {"member": ("str", list(self.members))}
        for f in ("allocated", "cash", "retained", "carry_out"):
            cols[f] = ("decimal", [getattr(x, f) for x in self.members.values()])
        return cols

    def to_pandas(self, *, numeric: bool = False) -> Any:
        """One row per member: member, allocated, cash, retained, carry_out.
        Figures are exact Decimal objects, or with ``numeric=True`` float64
        columns for plotting (inexact: for charts, not for computing)."""
        return _frame("Allocation", self._columns(), numeric)

    def _repr_html_(self) -> str:
        """The allocation entry as an HTML table of its members, for notebooks."""
        reserves = ", ".join(f"{k} {format(v, 'f')}" for k, v in self.reserves.items())
        return _html(
            f"Allocation {self.id} ({self.date}) of {self.period.start}..{self.period.end}: "
            f"amount {format(self.amount, 'f')}, {self.basis}, reserves: {reserves or 'none'}, "
            f"unallocated {format(self.unallocated, 'f')}",
            [("members", _html_columns(self._columns()))],
        )

    def __repr__(self) -> str:
        return f"Allocation({self.id}, {self.period.start}..{self.period.end}, amount={self.amount}, {len(self.members)} members)"


@dataclass(frozen=True)
class MemberAccount:
    """A member's capital account on a day."""

    member: str
    balance: Decimal
    due: Decimal


@dataclass(frozen=True)
class ReserveAmount:
    """A reserve's total on a day."""

    name: str
    amount: Decimal


@dataclass(frozen=True)
class Accounts:
    """The co-op's accounts on a day (docs/format.md, "accounts")."""

    at: Union[datetime.date, str]
    members: Tuple[MemberAccount, ...]
    reserves: Tuple[ReserveAmount, ...]
    unallocated: Decimal
    payable: Decimal
    carried: Decimal

    @classmethod
    def _from_json(cls, text: str) -> Accounts:
        d = json.loads(text)
        return cls(
            at=_day(d["at"]),
            members=tuple(MemberAccount(m["member"], Decimal(m["balance"]), Decimal(m["due"])) for m in d["members"]),
            reserves=tuple(ReserveAmount(r["name"], Decimal(r["amount"])) for r in d["reserves"]),
            unallocated=Decimal(d["unallocated"]),
            payable=Decimal(d["payable"]),
            carried=Decimal(d["carried"]),
        )

    def member(self, member: str) -> MemberAccount:
        """A member's account; KeyError if the member has none yet."""
        for m in self.members:
            if m.member == member:
                return m
        raise KeyError(member)

    def to_dict(self) -> Dict[str, Any]:
        """The accounts document, figures as Decimal."""
        doc: Dict[str, Any] = _doc(self)
        return doc

    def _columns(self, table: str) -> _Columns:
        if table == "reserves":
            return {
                "name": ("str", [r.name for r in self.reserves]),
                "amount": ("decimal", [r.amount for r in self.reserves]),
            }
        return {
            "member": ("str", [m.member for m in self.members]),
            "balance": ("decimal", [m.balance for m in self.members]),
            "due": ("decimal", [m.due for m in self.members]),
        }

    def to_pandas(self, table: str = "members", *, numeric: bool = False) -> Any:
        """``"members"`` (member, balance, due) or ``"reserves"`` (name,
        amount). Figures are exact Decimal objects, or with
        ``numeric=True`` float64 columns for plotting (inexact: for charts,
        not for computing)."""
        _check_table(table, ("members", "reserves"))
        return _frame("Accounts", self._columns(table), numeric)

    def _repr_html_(self) -> str:
        """The accounts as HTML tables (members, reserves), for notebooks."""
        tables: List[_HtmlTable] = [("members", _html_columns(self._columns("members")))]
        if self.reserves:
            tables.append(("reserves", _html_columns(self._columns("reserves"))))
        return _html(
            f"Accounts on {self.at}: unallocated {format(self.unallocated, 'f')}, "
            f"payable {format(self.payable, 'f')}, carried {format(self.carried, 'f')}",
            tables,
        )

    def __repr__(self) -> str:
        members = _short([f"{m.member} {m.balance}" for m in self.members])
        return f"Accounts({self.at}, members={members}, payable={self.payable}, carried={self.carried})"


@dataclass(frozen=True)
class Movement:
    """A movement of a capital account and the balance after it; ``type``
    is ``paid_in``, ``retained``, ``adjustment`` or ``redemption``."""

    date: Union[datetime.date, str]
    type: str
    entry: str
    amount: Decimal
    balance: Decimal


@dataclass(frozen=True)
class AllocationFigures:
    """A member's figures in one allocation, as a statement shows them."""

    allocation: str
    date: Union[datetime.date, str]
    allocated: Decimal
    carry_in: Decimal
    paid: Decimal
    cash: Decimal
    retained: Decimal
    carry_out: Decimal


@dataclass(frozen=True)
class Payment:
    """Cash of an allocation paid to a member."""

    payment: str
    allocation: str
    date: Union[datetime.date, str]
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    """A member's statement over a period (docs/format.md, "statement")."""

    member: str
    start: Union[datetime.date, str]
    end: Union[datetime.date, str]
    opening: Decimal
    movements: Tuple[Movement, ...]
    closing: Decimal
    due: Decimal
    allocations: Tuple[AllocationFigures, ...]
    payments: Tuple[Payment, ...]

    @classmethod
    def _from_json(cls, text: str) -> Statement:
        d = json.loads(text)
        return cls(
            member=d["member"],
            start=_day(d["start"]),
            end=_day(d["end"]),
            opening=Decimal(d["opening"]),
            movements=tuple(
                Movement(_day(m["date"]), m["type"], m["entry"], Decimal(m["amount"]), Decimal(m["balance"]))
                for m in d["movements"]
            ),
            closing=Decimal(d["closing"]),
            due=Decimal(d["due"]),
            allocations=tuple(
                AllocationFigures(
                    allocation=a["allocation"],
                    date=_day(a["date"]),
                    allocated=Decimal(a["allocated"]),
                    carry_in=Decimal(a["carry_in"]),
                    paid=Decimal(a["paid"]),
                    cash=Decimal(a["cash"]),
                    retained=Decimal(a["retained"]),
                    carry_out=Decimal(a["carry_out"]),
                )
                for a in d["allocations"]
            ),
            payments=tuple(
                Payment(p["payment"], p["allocation"], _day(p["date"]), Decimal(p["amount"])) for p in d["payments"]
            ),
        )

    def to_dict(self) -> Dict[str, Any]:
        """The statement document, figures as Decimal."""
        doc: Dict[str, Any] = _doc(self)
        return doc

    def _columns(self, table: str) -> _Columns:
        rows: Tuple[Any, ...] = getattr(self, table)
        kinds = {"date": "date", "type": "str", "entry": "str", "allocation": "str", "payment": "str"}
        row_type: Any = {"movements": Movement, "allocations": AllocationFigures, "payments": Payment}[table]
        names = list(row_type.__dataclass_fields__)
        return {n: (kinds.get(n, "decimal"), [getattr(r, n) for r in rows]) for n in names}

    def to_pandas(self, table: str = "movements", *, numeric: bool = False) -> Any:
        """``"movements"`` (date, type, entry, amount, balance),
        ``"allocations"`` (allocation, date and the figures) or
        ``"payments"`` (payment, allocation, date, amount). Figures are
        exact Decimal objects, or with ``numeric=True`` float64 columns for
        plotting (inexact: for charts, not for computing)."""
        _check_table(table, ("movements", "allocations", "payments"))
        return _frame("Statement", self._columns(table), numeric)

    def _repr_html_(self) -> str:
        """The statement as HTML tables (movements, then allocations and
        payments when there are any), for notebooks."""
        tables: List[_HtmlTable] = [("movements", _html_columns(self._columns("movements")))]
        for table in ("allocations", "payments"):
            if getattr(self, table):
                tables.append((table, _html_columns(self._columns(table))))
        return _html(
            f"Statement of {self.member}, {self.start}..{self.end}: opening {format(self.opening, 'f')}, "
            f"closing {format(self.closing, 'f')}, due {format(self.due, 'f')}",
            tables,
        )

    def __repr__(self) -> str:
        return (
            f"Statement({self.member}, {self.start}..{self.end}, opening={self.opening}, "
            f"{len(self.movements)} movements, closing={self.closing}, due={self.due})"
        )


@dataclass(frozen=True)
class Notice:
    """A member's written notice of allocation. ``qualified`` is the money
    test of a qualified notice (at least 20% paid in money by ``pay_by``:
    ``cash_paid``); the member's consent is assumed, not recorded."""

    member: str
    paid: Decimal
    cash: Decimal
    retained: Decimal
    cash_paid: Decimal
    qualified: bool


@dataclass(frozen=True)
class Notices:
    """The written notices of an allocation (docs/format.md, "notices")."""

    allocation: str
    date: Union[datetime.date, str]
    period: Period
    pay_by: Union[datetime.date, str]
    notices: Tuple[Notice, ...]

    @classmethod
    def _from_json(cls, text: str) -> Notices:
        d = json.loads(text)
        return cls(
            allocation=d["allocation"],
            date=_day(d["date"]),
            period=Period(_day(d["period"]["start"]), _day(d["period"]["end"])),
            pay_by=_day(d["pay_by"]),
            notices=tuple(
                Notice(
                    member=n["member"],
                    paid=Decimal(n["paid"]),
                    cash=Decimal(n["cash"]),
                    retained=Decimal(n["retained"]),
                    cash_paid=Decimal(n["cash_paid"]),
                    qualified=n["qualified"],
                )
                for n in d["notices"]
            ),
        )

    def to_dict(self) -> Dict[str, Any]:
        """The notices document, figures as Decimal."""
        doc: Dict[str, Any] = _doc(self)
        return doc

    def _columns(self) -> _Columns:
        cols: _Columns = {"member": ("str", [n.member for n in self.notices])}
        for f in ("paid", "cash", "retained", "cash_paid"):
            cols[f] = ("decimal", [getattr(n, f) for n in self.notices])
        cols["qualified"] = ("bool", [n.qualified for n in self.notices])
        return cols

    def to_pandas(self, *, numeric: bool = False) -> Any:
        """One row per notice: member, paid, cash, retained, cash_paid,
        qualified. Figures are exact Decimal objects, or with
        ``numeric=True`` float64 columns for plotting (inexact: for charts,
        not for computing)."""
        return _frame("Notices", self._columns(), numeric)

    def _repr_html_(self) -> str:
        """The notices as an HTML table, for notebooks."""
        return _html(
            f"Notices of {self.allocation} ({self.period.start}..{self.period.end}), pay by {self.pay_by}",
            [("notices", _html_columns(self._columns()))],
        )

    def __repr__(self) -> str:
        return f"Notices({self.allocation}, pay_by={self.pay_by}, {len(self.notices)} notices)"


@dataclass(frozen=True)
class JournalLine:
    """A line of a transaction: positive a debit, negative a credit."""

    account: str
    amount: Decimal


@dataclass(frozen=True)
class Transaction:
    """A balanced transaction of the journal."""

    date: Union[datetime.date, str]
    entry: str
    type: str
    lines: Tuple[JournalLine, ...]


@dataclass(frozen=True)
class Journal:
    """The journal over a period (docs/format.md, "journal")."""

    start: Union[datetime.date, str]
    end: Union[datetime.date, str]
    transactions: Tuple[Transaction, ...]

    @classmethod
    def _from_json(cls, text: str) -> Journal:
        d = json.loads(text)
        return cls(
            start=_day(d["start"]),
            end=_day(d["end"]),
            transactions=tuple(
                Transaction(
                    _day(t["date"]),
                    t["entry"],
                    t["type"],
                    tuple(JournalLine(x["account"], Decimal(x["amount"])) for x in t["lines"]),
                )
                for t in d["transactions"]
            ),
        )

    def to_dict(self) -> Dict[str, Any]:
        """The journal document, amounts as Decimal."""
        doc: Dict[str, Any] = _doc(self)
        return doc

    def _columns(self) -> _Columns:
        rows = [(t, x) for t in self.transactions for x in t.lines]
        return {
            "date": ("date", [t.date for t, _ in rows]),
            "entry": ("str", [t.entry for t, _ in rows]),
            "type": ("str", [t.type for t, _ in rows]),
            "account": ("str", [x.account for _, x in rows]),
            "amount": ("decimal", [x.amount for _, x in rows]),
        }

    def to_pandas(self, *, numeric: bool = False) -> Any:
        """One row per line: date, entry, type, account, amount. Amounts
        are exact Decimal objects, or with ``numeric=True`` a float64
        column for plotting (inexact: for charts, not for computing)."""
        return _frame("Journal", self._columns(), numeric)

    def _repr_html_(self) -> str:
        """The journal as an HTML table of its lines, for notebooks."""
        return _html(
            f"Journal {self.start}..{self.end}, {len(self.transactions)} transactions",
            [("lines", _html_columns(self._columns()))],
        )

    def __repr__(self) -> str:
        return f"Journal({self.start}..{self.end}, {len(self.transactions)} transactions)"


@dataclass(frozen=True)
class ValidationWarning:
    """A finding of validation that does not make a ledger invalid:
    ``kind_in_no_pool``, ``capital_kind_in_pool`` or ``allocation_differs``."""

    code: str
    message: str
    entry: Optional[str]
    kind: Optional[str]


@dataclass(frozen=True)
class Validation:
    """Every error of a ledger (docs/format.md, "Errors") and, for a valid
    one, its warnings."""

    errors: Tuple[CoshareError, ...]
    warnings: Tuple[ValidationWarning, ...]

    @classmethod
    def _from_parts(cls, parts: Tuple[List[CoshareError], str]) -> Validation:
        errors, text = parts
        d = json.loads(text)
        return cls(
            errors=tuple(errors),
            warnings=tuple(ValidationWarning(w["code"], w["message"], w["entry"], w["kind"]) for w in d["warnings"]),
        )

    @property
    def valid(self) -> bool:
        """Whether the ledger has no error (warnings do not count)."""
        return not self.errors

    def to_dict(self) -> Dict[str, Any]:
        """The validation document ``coshare validate --format json`` prints."""
        return {
            "valid": self.valid,
            "errors": [{"code": e.code, "message": e.message, "entry": e.entry, "path": e.path} for e in self.errors],
            "warnings": [_doc(w) for w in self.warnings],
        }

    def _repr_html_(self) -> str:
        """The errors and warnings as HTML tables, for notebooks."""
        tables: List[_HtmlTable] = []
        if self.errors:
            errors = self.errors
            tables.append(("errors", [
                ("code", "str", [e.code for e in errors]),
                ("entry", "str", [e.entry for e in errors]),
                ("path", "str", [e.path for e in errors]),
                ("message", "str", [e.message for e in errors]),
            ]))
        if self.warnings:
            warnings = self.warnings
            tables.append(("warnings", [
                ("code", "str", [w.code for w in warnings]),
                ("entry", "str", [w.entry for w in warnings]),
                ("kind", "str", [w.kind for w in warnings]),
                ("message", "str", [w.message for w in warnings]),
            ]))
        verdict = "valid" if self.valid else "not valid"
        return _html(f"Validation: {verdict}, {len(self.errors)} errors, {len(self.warnings)} warnings", tables)

    def __repr__(self) -> str:
        return f"Validation(valid={self.valid}, {len(self.errors)} errors, {len(self.warnings)} warnings)"


def validate_json(ledger_json: str) -> Validation:
    """Every error of a ledger JSON document, recovering inside its
    ``members`` and ``entries`` lists so that every element that fails to
    read is listed, then, for a valid ledger, its warnings."""
    return Validation._from_parts(_validate_json(ledger_json))


def validate(
    document: Union[Mapping[str, Any], str, bytes], *, contributions: Optional[Iterable[Mapping[str, Any]]] = None
) -> Validation:
    """Every error of a ledger document (docs/format.md, "validate") and,
    for a valid one, its warnings, without raising: ``document`` is a
    mapping (as :meth:`Ledger.from_dict` takes) or JSON text, and
    ``contributions`` what :meth:`Ledger.with_contributions` takes. JSON
    text alone is read as ``coshare validate`` reads it (every element of
    ``members`` and ``entries`` that fails to read is listed); otherwise a
    reading error is the one error listed."""
    if contributions is None and isinstance(document, (str, bytes)):
        text = document.decode("utf-8") if isinstance(document, bytes) else document
        return validate_json(text)
    try:
        if isinstance(document, (str, bytes)):
            raw = RawLedger.from_json(document, extended=contributions is not None)
        else:
            raw = RawLedger.from_dict(document)
        if contributions is not None:
            raw = _append(raw, contributions)
    except CoshareError as e:
        return Validation(errors=(e,), warnings=())
    return Validation._from_parts(raw.validation())


def _accounts_text(accounts: Optional[Mapping[str, Any]]) -> Optional[str]:
    if accounts is None:
        return None
    if isinstance(accounts, str):
        return accounts
    if not isinstance(accounts, Mapping):
        raise TypeError(f"accounts must be a mapping of role to account name, not {type(accounts).__name__}")
    return json.dumps(dict(accounts), ensure_ascii=False)


# ---- the ledger ----


def _arrow_layout(t: Any) -> Optional[Tuple[str, int]]:
    """How the binding reads values of the pyarrow type ``t`` in place, or
    None: strings, decimal128 with a scale from 0 to 38, integers, date32."""
    pa_types = importlib.import_module("pyarrow.types")
    if pa_types.is_string(t):
        return ("text", 4)
    if pa_types.is_large_string(t):
        return ("text", 8)
    if pa_types.is_decimal128(t) and 0 <= t.scale <= 38:
        return ("decimal", t.scale)
    if pa_types.is_signed_integer(t):
        return ("int", t.bit_width // 8)
    if pa_types.is_unsigned_integer(t):
        return ("uint", t.bit_width // 8)
    if pa_types.is_date32(t):
        return ("date32", 4)
    return None


def _arrow_chunks(chunked: Any) -> Optional[List[Any]]:
    """The chunks of a pyarrow ChunkedArray as the binding reads them in
    place: (layout, param, length, offset, validity, buffers) with the
    buffers as bytes; None for a type read through its Python values."""
    layout = _arrow_layout(chunked.type)
    if layout is None:
        return None
    pa = importlib.import_module("pyarrow")
    out = []
    for chunk in chunked.chunks:
        # A slice of larger buffers: copy the slice's values alone. (`nbytes`
        # leaves out a string array's last offset: a small excess is no slice.)
        if chunk.offset or chunk.get_total_buffer_size() > 2 * chunk.nbytes + 64:
            chunk = pa.concat_arrays([chunk])
        bufs = [None if b is None else b.to_pybytes() for b in chunk.buffers()]
        out.append((*layout, len(chunk), chunk.offset, bufs[0], bufs[1:]))
    return out


def _arrow_backed(column: Any) -> Optional[Any]:
    """A pandas column's pyarrow ChunkedArray, when it is held in Arrow
    memory (``pd.ArrowDtype``, or ``StringDtype`` with pyarrow storage, the
    ``str`` default of pandas 3 when pyarrow is installed); else None."""
    dtype = column.dtype
    arrow = type(dtype).__name__ == "ArrowDtype" or (
        type(dtype).__name__ == "StringDtype" and getattr(dtype, "storage", None) == "pyarrow"
    )
    if not arrow or not hasattr(column.array, "__arrow_array__"):
        return None
    return column.array.__arrow_array__()


def _frame_columns(frame: Any) -> Optional[List[Tuple[str, str, Any]]]:
    """A pandas DataFrame's columns for ``RawLedger.with_columns``: columns
    held in Arrow memory, of a type the binding reads in place, as their
    Arrow arrays; timezone-naive datetime64 columns at midnight as day
    numbers; any other column as the list of its Python values (as
    ``astype(object)``). None when the frame needs the record by record
    path (column names that are not unique strings, times of day), which
    reads it the same and says where a cell is refused."""
    np = importlib.import_module("numpy")
    names = list(frame.columns)
    if not all(isinstance(n, str) and _utf8(n) for n in names) or len(set(names)) != len(names):
        return None
    out: List[Tuple[str, str, Any]] = []
    for j, name in enumerate(names):
        column = frame.iloc[:, j]
        dtype = column.dtype
        chunked = _arrow_backed(column)
        chunks = None if chunked is None else _arrow_chunks(chunked)
        if chunks is not None:
            out.append((name, "arrow", chunks))
        elif isinstance(dtype, np.dtype) and dtype.kind == "M":
            values = column.to_numpy()
            days = values.astype("datetime64[D]")
            if bool((values != days).any()):  # a time of day, or NaT (NaT != NaT)
                dated = ~np.isnat(values)
                if bool((values[dated] != days[dated]).any()):
                    return None
            out.append((name, "days", days.view(np.int64).tobytes()))
        else:
            out.append((name, "objects", _python_values(column, np)))
    return out


def _utf8(name: str) -> bool:
    """Whether ``name`` is valid Unicode text (no lone surrogate)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _python_values(column: Any, np: Any) -> List[Any]:
    """A column's cells as ``astype(object)`` gives them. A numpy scalar
    among them (in an object column) is boxed by the binding only when it
    meets one, through :func:`_native`."""
    if isinstance(column.dtype, np.dtype):
        # Through numpy: pandas' own tolist() of a string column walks it
        # in Python; numpy casts its own scalars to Python's.
        cells: List[Any] = column.to_numpy(dtype=object).tolist()
    else:
        # An extension dtype's own scalars (a categorical's integers stay
        # integers, not floats beside a missing value).
        cells = column.astype(object).to_numpy().tolist()
    return cells


def _native(value: Any) -> Any:
    """A cell of a type the binding refuses, as the Python value pandas'
    ``to_dict`` gives for it (numpy scalars); anything else unchanged."""
    np = importlib.import_module("numpy")
    if isinstance(value, (np.datetime64, np.timedelta64)):
        pd = _pandas("with_contributions")
        return pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _arrow_table_columns(table: Any) -> List[Tuple[str, str, Any]]:
    """A pyarrow Table's or RecordBatch's columns for
    ``RawLedger.with_columns``: those of a type read in place as their
    Arrow arrays, the others as their Python values (``to_pylist()``, a
    null as None)."""
    pa = importlib.import_module("pyarrow")
    out: List[Tuple[str, str, Any]] = []
    for name, column in zip(table.column_names, table.columns):
        chunked = column if isinstance(column, pa.ChunkedArray) else pa.chunked_array([column])
        chunks = _arrow_chunks(chunked)
        if chunks is not None:
            out.append((name, "arrow", chunks))
        else:
            out.append((name, "objects", chunked.to_pylist()))
    return out


def _is_arrow_table(obj: Any) -> bool:
    return type(obj).__module__.startswith("pyarrow") and type(obj).__name__ in ("Table", "RecordBatch")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while a result is built: its
    thousands of new, acyclic objects would otherwise set it off again and
    again, to find nothing (a tenth of a large split's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The fields of a contribution entry (docs/format.md, "Entries"; the CSV
# header's fields and ``type``): a float column among them is refused up front.
_CONTRIBUTION_FIELDS = ("type", "id", "member", "date", "kind", "value", "hours", "rate", "paid", "note")


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict") and hasattr(obj, "notna")


def _float_columns(records: Any) -> List[Tuple[int, int, str, str]]:
    """The float columns among a DataFrame's or Arrow table's contribution
    fields that hold a number (a column of only empty cells reads as
    absent): (first row with a number, column index, name, dtype)."""
    np = importlib.import_module("numpy")
    found: List[Tuple[int, int, str, str]] = []
    if _is_arrow_table(records):
        pa_types = importlib.import_module("pyarrow.types")
        for j, (name, column) in enumerate(zip(records.column_names, records.columns)):
            if name in _CONTRIBUTION_FIELDS and pa_types.is_floating(column.type):
                values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)  # a null as NaN
                present = np.flatnonzero(~np.isnan(values))
                if len(present):
                    found.append((int(present[0]), j, name, f"{column.type} (Arrow)"))
        return found
    is_float_dtype = _pandas("with_contributions").api.types.is_float_dtype
    for j, name in enumerate(records.columns):
        if not (isinstance(name, str) and name in _CONTRIBUTION_FIELDS):
            continue
        column = records.iloc[:, j]
        if is_float_dtype(column.dtype):
            present = np.flatnonzero(column.notna().to_numpy(dtype=bool))
            if len(present):
                found.append((int(present[0]), j, name, str(column.dtype)))
    return found


def _refuse_float_columns(records: Any) -> None:
    """TypeError, before any cell is converted, when a DataFrame or Arrow
    table has a float column among the contribution fields (what
    ``pd.read_csv`` makes of a column of numbers): it names the first such
    cell, as the records path would, the column and its dtype, and how to
    read the numbers exactly instead."""
    floats = _float_columns(records)
    if not floats:
        return
    # The first cell in row order, as the records path would name it.
    row, _, name, dtype = min(floats)
    others = [n for _, _, n, _ in floats if n != name]
    also = f" (so are {', '.join(map(repr, others))})" if others else ""
    etc = ", ..." if others else ""
    if _is_arrow_table(records):
        fix = (
            "read the numbers as decimals: pyarrow.csv.read_csv(..., convert_options=pyarrow.csv.ConvertOptions("
            f"column_types={{{name!r}: pyarrow.decimal128(18, 2){etc}}})), or as text (pyarrow.string(), "
            "with strings_can_be_null=True so that an empty cell is empty)"
        )
    else:
        fix = (
            "read the numbers as text: pd.read_csv(..., dtype=str) (or as decimals: "
            'pd.read_csv(..., engine="pyarrow", dtype_backend="pyarrow", '
            f"dtype={{{name!r}: pd.ArrowDtype(pyarrow.decimal128(18, 2)){etc}}}))"
        )
    raise TypeError(
        f"records[{row}].{name}: a float, which cannot hold cents exactly: the column {name!r} is "
        f"{dtype}{also}, as pd.read_csv and pyarrow read a column of numbers by default; {fix}"
    )


def _append(raw: RawLedger, records: Any) -> RawLedger:
    """``raw`` with contributions appended: a pandas DataFrame column by
    column (empty cells, as ``notna()`` sees them, left out), anything else
    as an iterable of records; a pyarrow Table or RecordBatch column by
    column (a null left out). A float column among the contribution fields
    of a DataFrame or table is refused first (see
    :func:`_refuse_float_columns`)."""
    frame = _is_frame(records)
    if frame or _is_arrow_table(records):
        _refuse_float_columns(records)
    if _is_arrow_table(records):
        names = records.column_names
        if len(set(names)) == len(names):
            return raw.with_columns(records.num_rows, _arrow_table_columns(records), None)
        records = records.to_pylist()
    if frame:
        columns = _frame_columns(records)
        if columns is not None:
            return raw.with_columns(len(records), columns, _pandas("with_contributions").isna, _native)
        frame = records.astype(object)
        records = frame.where(frame.notna(), None).to_dict("records")
    return raw.with_records(records)


class Ledger:
    """A ledger document (docs/format.md, "Ledger document"), read and ready for queries.

    Build one with :meth:`from_dict`, :meth:`from_json` or :func:`load`.
    A ledger is checked when it is built, as in Rust: one that does not
    pass raises :class:`CoshareError` with its first error, whose ``errors``
    lists every error of the ledger (a reading error, such as an unknown
    field, stops the reading: it is listed alone). :func:`validate` reports
    every error of a document without raising. A Ledger is immutable:
    :meth:`with_contributions` returns a new one, checked in turn.
    """

    __slots__ = ("_raw",)

    def __init__(self, document: Mapping[str, Any], *, contributions: Optional[Iterable[Mapping[str, Any]]] = None) -> None:
        """The same as :meth:`Ledger.from_dict`."""
        raw = RawLedger.from_dict(document)
        if contributions is not None:
            raw = _append(raw, contributions)
        raw.check()
        self._raw = raw

    @classmethod
    def _wrap(cls, raw: RawLedger) -> Ledger:
        """The ledger of a document read (and extended), once it passes its checks."""
        raw.check()
        ledger = cls.__new__(cls)
        ledger._raw = raw
        return ledger

    @classmethod
    def from_dict(
        cls, document: Mapping[str, Any], *, contributions: Optional[Iterable[Mapping[str, Any]]] = None
    ) -> Ledger:
        """A ledger from Python values: dicts, lists, str, int, bool, None,
        Decimal for numbers and datetime.date for dates. A float is refused
        with TypeError (it cannot hold cents exactly)."""
        return cls(document, contributions=contributions)

    @classmethod
    def from_json(
        cls, text: Union[str, bytes], *, contributions: Optional[Iterable[Mapping[str, Any]]] = None
    ) -> Ledger:
        """A ledger from JSON text (str or UTF-8 bytes). A ledger that
        checks is built straight from the text, as the command line reads a
        file, and keeps a reference to it (no copy; a ``bytearray`` is
        copied); the document is read from it only when needed, such as by
        :meth:`with_contributions`."""
        raw = RawLedger.from_json(text, extended=contributions is not None)
        return cls._wrap(raw if contributions is None else _append(raw, contributions))

    def with_contributions(self, records: Iterable[Mapping[str, Any]]) -> Ledger:
        """A new ledger with contributions appended, from any iterable of
        mappings (such as ``df.to_dict("records")``), a pandas DataFrame, or
        a pyarrow Table or RecordBatch. Fields are those of a contribution
        entry (id, member, date, kind, value, hours, rate, paid, note); empty
        cells (None, NaN, NaT, Arrow nulls) are left out; ``type`` defaults
        to ``"contribution"``. Columns in Arrow memory (string, decimal128,
        integers, date32) are read from their buffers, each cell meaning what
        its ``as_py()`` value means in a record. A DataFrame's other cells
        read as in ``df.to_dict("records")``: numpy scalars as Python's own
        (``numpy.int64(8)`` as ``8``, a datetime64 as a Timestamp). A float
        column among these fields (what ``pd.read_csv`` makes of numbers)
        is refused up front with TypeError naming the column, its dtype and
        the fix: ``pd.read_csv(path, dtype=str)`` reads the numbers as
        their exact text; a column of only empty cells is simply absent."""
        return Ledger._wrap(_append(self._raw, records))

    def with_contributions_csv(self, text: str) -> Ledger:
        """A new ledger with contributions appended from CSV text (header
        ``id,member,date,kind,value,hours,rate,paid,note``, any subset in any
        order), as the command's ``--contributions``."""
        return Ledger._wrap(self._raw.with_csv(text))

    @property
    def currency(self) -> str:
        """The currency code."""
        return self._raw.currency[0]

    @property
    def scale(self) -> int:
        """The currency's number of decimals, as written."""
        return self._raw.currency[1]

    @property
    def members(self) -> Tuple[str, ...]:
        """The listed member ids, sorted."""
        return tuple(self._raw.members())

    @property
    def kinds(self) -> Tuple[str, ...]:
        """Every kind defined in some policy, sorted."""
        return tuple(self._raw.kinds())

    def split(
        self,
        start: DateLike,
        end: DateLike,
        amount: Number,
        *,
        basis: str = "time_weighted",
        carry_in: Optional[Mapping[str, Number]] = None,
    ) -> Split:
        """Split ``amount`` (a profit, or negative a loss) earned over
        ``start..=end`` (both inclusive). ``basis`` is ``"time_weighted"``
        or ``"snapshot"``; ``carry_in`` maps member ids to money owed from
        earlier splits."""
        with _gc_paused():
            return Split._from_doc(self._raw.split(start, end, amount, basis, carry_in))

    def split_many(
        self, periods: Iterable[Tuple[DateLike, DateLike, Number]], *, basis: str = "time_weighted"
    ) -> List[Split]:
        """Split many ``(start, end, amount)`` periods at once, e.g. the
        months of a year: the same results as :meth:`split` on each, in one
        pass over the ledger (much faster for many periods)."""
        with _gc_paused():
            return [Split._from_doc(d) for d in self._raw.split_many(periods, basis)]

    def shares(self, at: DateLike) -> Shares:
        """Live units per member and kind on a date, and each member's share."""
        return Shares._from_doc(self._raw.shares(at))

    def explain(
        self, member: str, start: DateLike, end: DateLike, *, kinds: Optional[List[str]] = None
    ) -> Explanation:
        """A member's time-weighted basis over ``start..=end``, contribution
        by contribution, for the given kinds (None: all)."""
        return Explanation._from_doc(self._raw.explain(member, start, end, kinds))

    def curve(self, start: DateLike, end: DateLike, every: str) -> Curve:
        """Shares at ``start``, ``start + every``, … up to and including
        ``end``; ``every`` is a duration such as ``"P1M"``."""
        return Curve(tuple(Shares._from_doc(p) for p in self._raw.curve(start, end, every)))

    def validation(self) -> Validation:
        """The ledger's warnings (``kind_in_no_pool``, ``capital_kind_in_pool``,
        ``allocation_differs``; a Ledger has no errors: it is checked when built)."""
        return Validation._from_parts(self._raw.validation())

    def close(
        self,
        start: DateLike,
        end: DateLike,
        amount: Number,
        *,
        id: str,
        date: DateLike,
        basis: str = "time_weighted",
        carry_in: Optional[Mapping[str, Number]] = None,
    ) -> Allocation:
        """Close the period ``start..=end`` (docs/format.md, "Close"): the
        allocation entry ``id``, declared on ``date``, posting the split of
        ``amount`` with the carry-ins of the books (``carry_in`` only for
        the first allocation). Its :meth:`Allocation.to_dict` goes into the
        ledger's ``entries``; :meth:`Allocation.to_json` is the exact text
        ``coshare close`` prints."""
        return Allocation._from_json(self._raw.close(start, end, amount, id, date, basis, carry_in))

    def accounts(self, at: DateLike) -> Accounts:
        """Each member's capital account balance and due on ``at``, each
        reserve, unallocated, payable and carried."""
        return Accounts._from_json(self._raw.accounts(at))

    def statement(self, member: str, start: DateLike, end: DateLike) -> Statement:
        """A member's statement over ``start..=end``: opening balance,
        movements with the running balance, closing balance, due, the
        allocations' figures and the payments."""
        return Statement._from_json(self._raw.statement(member, start, end))

    def notices(self, allocation: str) -> Notices:
        """The written notices of an allocation, with the pay-by date and
        the money test of a qualified notice (consent assumed, not recorded)."""
        return Notices._from_json(self._raw.notices(allocation))

    def journal(
        self, start: DateLike, end: DateLike, *, accounts: Optional[Mapping[str, Any]] = None
    ) -> Journal:
        """The balanced transactions over ``start..=end`` for the
        accountant. ``accounts`` renames the accounts by role (docs/format.md,
        "journal"), e.g. ``{"cash": "Assets:Bank"}``."""
        return Journal._from_json(self._raw.journal(start, end, _accounts_text(accounts), "json"))

    def journal_text(
        self, start: DateLike, end: DateLike, *, format: str = "beancount", accounts: Optional[Mapping[str, Any]] = None
    ) -> str:
        """The journal as ``"beancount"`` or ``"csv"`` text (what ``coshare
        journal --format`` writes)."""
        return self._raw.journal(start, end, _accounts_text(accounts), format)

    def __repr__(self) -> str:
        code, _ = self._raw.currency
        policies, members, entries = self._raw.counts
        return f"Ledger({code}, {policies} policies, {members} members, {entries} entries)"


def load(path: PathLike, *, contributions: Optional[Iterable[Mapping[str, Any]]] = None) -> Ledger:
    """Read a ledger JSON file (see :meth:`Ledger.from_json`): the ledger
    holds the file's bytes, about as much memory again as the ledger itself
    (a million contributions: 133 MB of JSON, 250 MB at peak in all)."""
    with open(os.fspath(path), "rb") as f:
        return Ledger.from_json(f.read(), contributions=contributions)


# ---- splits of ledgers held in parts (docs/format.md, "Splits in parts") ----

#: The Arrow type of a basis: unit-days have at most 13 decimals and, within
#: the format's limits (10^12 units, periods under 100 years), at most 17
#: integer digits, so an engine's exact decimal sum of them fits 38 digits.
BASIS_TYPE = "decimal128(38, 13)"


def _ledger_of(ledger: Union[Ledger, Mapping[str, Any]]) -> Ledger:
    if isinstance(ledger, Ledger):
        return ledger
    if isinstance(ledger, Mapping):
        return Ledger.from_dict(ledger)
    raise TypeError(f"ledger must be a coshare.Ledger or a mapping, not {type(ledger).__name__}")


def partial_bases(
    ledger: Union[Ledger, Mapping[str, Any]],
    entries: Any,
    start: DateLike,
    end: DateLike,
    *,
    basis: str = "time_weighted",
) -> Any:
    """The bases of one part of a ledger, for a split computed in parts
    (Dask, Spark; docs/format.md, "Splits in parts").

    ``ledger`` holds the policies and every member (its own entries, if
    any, count too); ``entries`` are the part's entries, as
    :meth:`Ledger.with_contributions` takes them (a pandas DataFrame, a
    pyarrow Table or RecordBatch, or records): every entry of each member
    it holds (contributions, and their repayments, departures and voids).
    Returns a pyarrow Table ``(member: string, pool: string, basis:
    decimal128(38, 13))``, one row per member and pool with a non-zero
    basis. Sum the parts' rows by ``(member, pool)`` with the engine's exact
    decimal sum, then call :func:`split_from_bases`."""
    pa = importlib.import_module("pyarrow")

    part = _ledger_of(ledger).with_contributions(entries)
    rows = part._raw.bases(start, end, basis)
    return pa.table(
        {
            "member": pa.array([r[0] for r in rows], pa.string()),
            "pool": pa.array([r[1] for r in rows], pa.string()),
            "basis": pa.array([Decimal(r[2]) for r in rows], pa.decimal128(38, 13)),
        }
    )


def _basis_rows(bases: Any) -> List[Tuple[str, str, str]]:
    """``(member, pool, basis text)`` rows of a pyarrow Table, a pandas
    DataFrame or an iterable of triples; a float basis is refused."""

    def text(value: Any) -> str:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise TypeError(
            f"a basis must be a Decimal, an int or a decimal str, not {type(value).__name__} "
            "(a float cannot hold unit-days exactly: keep the column decimal128(38, 13))"
        )

    if hasattr(bases, "column_names") and hasattr(bases, "to_pydict"):  # pyarrow Table
        d = bases.to_pydict()
        triples = zip(d["member"], d["pool"], d["basis"])
    elif hasattr(bases, "columns") and hasattr(bases, "itertuples"):  # pandas DataFrame
        frame = bases.reset_index() if "member" not in bases.columns else bases
        triples = zip(frame["member"], frame["pool"], frame["basis"])
    else:
        triples = iter(bases)
    return [(str(m), str(p), text(b)) for m, p, b in triples]


def split_from_bases(
    ledger: Union[Ledger, Mapping[str, Any]],
    bases: Any,
    start: DateLike,
    end: DateLike,
    amount: Number,
    *,
    basis: str = "time_weighted",
    carry_in: Optional[Mapping[str, Number]] = None,
) -> Split:
    """The split of a ledger held in parts, from its bases summed over the
    parts (:func:`partial_bases`): the same result as :meth:`Ledger.split`
    on the whole ledger. ``ledger`` holds the policies and members;
    ``bases`` is a pyarrow Table or pandas DataFrame with columns
    ``member``, ``pool`` and ``basis`` (rows of one member and pool are
    added), or an iterable of such triples."""
    raw = _ledger_of(ledger)._raw
    rows = _basis_rows(bases)
    with _gc_paused():
        return Split._from_doc(raw.split_from_bases(start, end, amount, rows, basis, carry_in))


def split_from_bases_json(
    ledger: Union[Ledger, Mapping[str, Any]],
    bases: Any,
    start: DateLike,
    end: DateLike,
    amount: Number,
    *,
    basis: str = "time_weighted",
    carry_in: Optional[Mapping[str, Number]] = None,
) -> str:
    """:func:`split_from_bases` as the result document's exact JSON text,
    byte for byte what ``coshare split --format json`` writes for the whole
    ledger (without its final newline)."""
    raw = _ledger_of(ledger)._raw
    return str(raw.split_from_bases(start, end, amount, _basis_rows(bases), basis, carry_in, True))


class BasesOfPart:
    """:func:`partial_bases` as a picklable function of one part's entries,
    for an engine's ``map_partitions`` (Dask) or ``applyInPandas`` (Spark):
    called with a pandas DataFrame of entries, it returns a DataFrame
    ``member, pool, basis`` of pyarrow-backed columns (``basis`` is
    ``decimal128(38, 13)``, summed exactly by the engine); :attr:`meta` is
    the empty frame Dask asks for. The ledger (policies and members) is
    given as a mapping or JSON text, read once in each worker."""

    def __init__(
        self,
        ledger: Union[Mapping[str, Any], str, bytes],
        start: DateLike,
        end: DateLike,
        *,
        basis: str = "time_weighted",
    ) -> None:
        self.ledger = ledger
        self.start = start
        self.end = end
        self.basis = basis
        self._read: Optional[Ledger] = None

    def __getstate__(self) -> Dict[str, Any]:
        return {"ledger": self.ledger, "start": self.start, "end": self.end, "basis": self.basis}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["ledger"], state["start"], state["end"], basis=state["basis"])  # type: ignore[misc]

    def _ledger(self) -> Ledger:
        if self._read is None:
            if isinstance(self.ledger, (str, bytes)):
                self._read = Ledger.from_json(self.ledger)
            else:
                self._read = Ledger.from_dict(self.ledger)
        return self._read

    def __call__(self, part: Any) -> Any:
        pd = _pandas("BasesOfPart")
        table = partial_bases(self._ledger(), part, self.start, self.end, basis=self.basis)
        return table.to_pandas(types_mapper=pd.ArrowDtype)

    @property
    def meta(self) -> Any:
        """An empty frame of the result's columns and types."""
        pa = importlib.import_module("pyarrow")

        pd = _pandas("BasesOfPart")
        empty = pa.table(
            {
                "member": pa.array([], pa.string()),
                "pool": pa.array([], pa.string()),
                "basis": pa.array([], pa.decimal128(38, 13)),
            }
        )
        return empty.to_pandas(types_mapper=pd.ArrowDtype)
