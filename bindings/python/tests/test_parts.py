"""Splits of ledgers held in parts (docs/format.md, "Splits in parts"):
partial_bases over each part, an exact decimal sum, split_from_bases; and
the same recipe on Dask distributed with two worker processes."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO

import coshare

COOP = json.loads((REPO / "examples" / "coop.json").read_text())
PERIOD = ("2025-01-01", "2025-12-31")
AMOUNT = "120000.00"
# Policies and members only (the books' entries need the contributions).
BASE = {**COOP, "entries": []}


def owner(entry: Dict[str, Any], by_id: Dict[str, Dict[str, Any]]) -> str:
    """The member whose part holds an entry."""
    if entry["type"] in ("contribution", "departure"):
        return str(entry["member"])
    return owner(by_id[entry["loan"] if entry["type"] == "repayment" else entry["target"]], by_id)


def parts_of(doc: Dict[str, Any], n: int, seed: int) -> List[List[Dict[str, Any]]]:
    by_id = {e["id"]: e for e in doc["entries"]}
    rng = random.Random(seed)
    where = {m["id"]: rng.randrange(n) for m in doc["members"]}
    parts: List[List[Dict[str, Any]]] = [[] for _ in range(n)]
    for e in doc["entries"]:
        if e["type"] in ("contribution", "repayment", "departure", "void"):
            parts[where[owner(e, by_id)]].append(e)
    return parts


def summed(tables: List[Any]) -> Any:
    """The engine's exact decimal sum by (member, pool): pyarrow's group_by."""
    total = pa.concat_tables(tables).group_by(["member", "pool"]).aggregate([("basis", "sum")])
    return total.rename_columns(["member", "pool", "basis"])


@pytest.mark.parametrize("basis", ["time_weighted", "snapshot"])
@pytest.mark.parametrize("n, seed", [(1, 0), (2, 1), (3, 2), (6, 3)])
def test_parts_summed_split_as_the_whole_ledger(n: int, seed: int, basis: str) -> None:
    whole = coshare.Ledger.from_dict(COOP).split(*PERIOD, AMOUNT, basis=basis)
    tables = [coshare.partial_bases(BASE, part, *PERIOD, basis=basis) for part in parts_of(COOP, n, seed)]
    for t in tables:
        assert t.schema == pa.schema([("member", pa.string()), ("pool", pa.string()),
                                      ("basis", pa.decimal128(38, 13))])
    split = coshare.split_from_bases(BASE, summed(tables), *PERIOD, AMOUNT, basis=basis)
    assert split == whole
    request = json.dumps({"period": {"start": PERIOD[0], "end": PERIOD[1]}, "amount": AMOUNT, "basis": basis})
    assert coshare.split_from_bases_json(BASE, summed(tables), *PERIOD, AMOUNT, basis=basis) == \
        coshare.split_json(json.dumps(COOP), request).rstrip("\n")
    # A pandas frame of the sum, or plain triples, give the same.
    frame = summed(tables).to_pandas()
    assert coshare.split_from_bases(BASE, frame, *PERIOD, AMOUNT, basis=basis) == split
    rows = [(m, p, b) for m, p, b in zip(*summed(tables).to_pydict().values())]
    assert coshare.split_from_bases(coshare.Ledger.from_dict(BASE), rows, *PERIOD, AMOUNT, basis=basis) == split


def test_split_from_bases_refuses_floats_and_unknown_names() -> None:
    with pytest.raises(TypeError, match="float cannot hold unit-days"):
        coshare.split_from_bases(BASE, [("ana", "workers", 1.5)], *PERIOD, AMOUNT)
    with pytest.raises(coshare.CoshareError) as e:
        coshare.split_from_bases(BASE, [("zed", "workers", Decimal("1"))], *PERIOD, AMOUNT)
    assert (e.value.code, e.value.entry) == ("unknown_member", "zed")
    with pytest.raises(coshare.CoshareError) as e:
        coshare.split_from_bases(BASE, [("ana", "nopool", "1")], *PERIOD, AMOUNT)
    assert e.value.code == "invalid_request"
    with pytest.raises(coshare.CoshareError) as e:
        coshare.split_from_bases(BASE, [("ana", "workers", "1.00000000000001")], *PERIOD, AMOUNT)
    assert e.value.code == "invalid_number"


def big_ledger(members: int, rows: int, seed: int) -> Tuple[Dict[str, Any], Any]:
    """A ledger of the example's policies with `rows` random contributions
    of `members` members, as (policies and members, entries table)."""
    rng = random.Random(seed)
    kinds = ["labor", "cash", "equipment"]
    ids = [f"m{i:04d}" for i in range(members)]
    member_col, kind_col, date_col, value_col = [], [], [], []
    for _ in range(rows):
        member_col.append(rng.choice(ids))
        kind_col.append(rng.choice(kinds))
        date_col.append(f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
        value_col.append(Decimal(rng.randrange(100, 500000)) / 100)
    table = pa.table({
        "id": [f"c{i:07d}" for i in range(rows)],
        "member": member_col,
        "date": date_col,
        "kind": kind_col,
        "value": pa.array(value_col, pa.decimal128(12, 2)),
    })
    base = {**BASE, "members": [{"id": m} for m in ids], "entries": []}
    return base, table


def whole_split_json(base: Dict[str, Any], table: Any) -> str:
    """The split of `base` with every entry of `table` in one ledger, by the
    core as `coshare split --format json` writes it (without the newline):
    what a recipe of splits in parts must give byte for byte."""
    whole = {**base, "entries": [{"type": "contribution", **{k: str(v) for k, v in r.items()}}
                                 for r in table.to_pylist()]}
    request = {"period": {"start": PERIOD[0], "end": PERIOD[1]}, "amount": AMOUNT}
    return coshare.split_json(json.dumps(whole), json.dumps(request)).rstrip("\n")


def test_dask_distributed_recipe_is_byte_identical_to_the_whole_ledger(tmp_path: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    base, table = big_ledger(members=40, rows=4000, seed=5)
    # Contributions partitioned by member: four Parquet files, row groups of 500.
    table = table.sort_by("member")
    for i, members in enumerate([("m0000", "m0010"), ("m0010", "m0020"), ("m0020", "m0030"), ("m0030", "m9999")]):
        rows = [j for j, m in enumerate(table.column("member").to_pylist()) if members[0] <= m < members[1]]
        pq.write_table(table.take(rows), tmp_path / f"part-{i}.parquet", row_group_size=500)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        entries = dd.read_parquet(str(tmp_path / "*.parquet"), dtype_backend="pyarrow")
        # What no part can check alone, with the engine's own operations
        # (docs/format.md, "Splits in parts"): entry ids unique across
        # parts, every member listed.
        assert entries["id"].nunique().compute() == len(entries)
        listed = [m["id"] for m in base["members"]]
        assert bool(entries["member"].isin(listed).all().compute())
        of_part = coshare.BasesOfPart(base, *PERIOD)
        bases = entries.map_partitions(of_part, meta=of_part.meta)
        total = bases.groupby(["member", "pool"]).basis.sum().compute().reset_index()
    assert str(total["basis"].dtype) == "decimal128(38, 13)[pyarrow]"
    split = coshare.split_from_bases_json(base, total, *PERIOD, AMOUNT)
    assert split == whole_split_json(base, table)
    assert len(coshare.split_from_bases(base, total, *PERIOD, AMOUNT).members) == 40


def test_a_repeated_id_across_parts_is_found_by_the_engine_not_by_a_part(tmp_path: Path) -> None:
    dd = pytest.importorskip("dask.dataframe")
    pytest.importorskip("pandas")
    base, table = big_ledger(members=4, rows=40, seed=9)
    members = table.column("member").to_pylist()
    first = [i for i, m in enumerate(members) if m < "m0002"]
    second = [i for i, m in enumerate(members) if m >= "m0002"]
    ids = table.column("id").to_pylist()
    ids[second[0]] = ids[first[0]]  # the same id in two parts
    table = table.set_column(0, "id", pa.array(ids, pa.string()))
    parts = [table.take(first), table.take(second)]
    for name, part in zip("ab", parts):
        pq.write_table(part, tmp_path / f"{name}.parquet")
    # Each part reads and checks on its own: the repeated id is in the other.
    for part in parts:
        coshare.partial_bases(base, part, *PERIOD)
    # So the engine's count is the check (docs/format.md, "Splits in parts").
    entries = dd.read_parquet(str(tmp_path / "*.parquet"), dtype_backend="pyarrow")
    assert entries["id"].nunique().compute() == len(entries) - 1
