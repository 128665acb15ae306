"""Splits in parts on Dask distributed (issue 18, docs/format.md "Splits in
parts"): the generated ledger's entries written as Parquet files
partitioned by member (each member's entries in one file), then
`map_partitions(coshare.BasesOfPart)`, Dask's exact groupby-sum of the
decimal128(38, 13) bases, and `coshare.split_from_bases_json`, on a
LocalCluster of 1 and 2 worker processes. The result must be byte for byte
the CLI's `coshare split` of the same ledger in one file.

    dask_parts.py LEDGER.json REQUEST.json --cli target/release/coshare [--workers 1 2] [--parts 8]

Prints one JSON object: the times (cluster start-up excluded: from reading
the Parquet files to the split's text), the CLI's time on the JSON file,
and whether every result is identical.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path


def owner(entry, by_id):
    """The member whose part holds an entry."""
    kind = entry["type"]
    if kind in ("contribution", "departure"):
        return entry["member"]
    if kind == "repayment":
        return owner(by_id[entry["loan"]], by_id)
    if kind == "void":
        return owner(by_id[entry["target"]], by_id)
    raise SystemExit(f"no parts for a {kind} entry")


def write_parts(doc, directory: Path, parts: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    entries = doc["entries"]
    by_id = {e["id"]: e for e in entries}
    members = sorted(m["id"] for m in doc["members"])
    part_of = {m: i * parts // len(members) for i, m in enumerate(members)}
    columns = sorted({k for e in entries for k in e})
    chunks = [[] for _ in range(parts)]
    for e in entries:
        chunks[part_of[owner(e, by_id)]].append(e)
    for i, chunk in enumerate(chunks):
        table = pa.table({c: pa.array([e.get(c) for e in chunk], pa.string()) for c in columns})
        pq.write_table(table, directory / f"part-{i:03d}.parquet", row_group_size=100_000)
    return len(entries)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger")
    ap.add_argument("request")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--parts", type=int, default=8)
    args = ap.parse_args()

    import coshare
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    start_cli = time.perf_counter()
    expected = subprocess.run(
        [args.cli, "split", args.ledger, "--request", args.request, "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    cli_s = time.perf_counter() - start_cli

    doc = json.loads(Path(args.ledger).read_text())
    base = {k: v for k, v in doc.items() if k != "entries"}
    request = json.loads(Path(args.request).read_text())
    period = (request["period"]["start"], request["period"]["end"])
    amount = request["amount"]
    basis = request.get("basis", "time_weighted")
    out = {"cli_s": cli_s, "runs": [], "parts": args.parts}
    with tempfile.TemporaryDirectory() as tmp:
        rows = write_parts(doc, Path(tmp), args.parts)
        del doc
        out["rows"] = rows
        for workers in args.workers:
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster):
                t0 = time.perf_counter()
                entries = dd.read_parquet(f"{tmp}/*.parquet", dtype_backend="pyarrow")
                of_part = coshare.BasesOfPart(base, *period, basis=basis)
                bases = entries.map_partitions(of_part, meta=of_part.meta)
                total = bases.groupby(["member", "pool"]).basis.sum().compute().reset_index()
                text = coshare.split_from_bases_json(base, total, *period, amount, basis=basis)
                seconds = time.perf_counter() - t0
            out["runs"].append({"workers": workers, "seconds": seconds,
                                "identical": text + "\n" == expected})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
