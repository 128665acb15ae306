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


# The fields of the generated ledgers' entries: every part's columns.
COLUMNS = ["amount", "date", "hours", "id", "kind", "loan", "member", "paid",
           "rate", "reason", "type", "value"]


def header_and_entries(path: Path):
    """The ledger without its entries, and an iterator over its entries, read
    line by line (the generator writes one entry per line), so that a 20m-row
    file is never held whole."""
    lines = open(path, encoding="utf-8")
    head = []
    for line in lines:
        if line.startswith('"entries":['):
            first = line[len('"entries":['):]
            break
        head.append(line)
    else:
        raise SystemExit(f"{path}: no entries line")
    base = json.loads("".join(head) + '"entries":[]}')
    del base["entries"]

    def entries():
        for line in [first] if first.strip() else []:
            yield json.loads(line.rstrip().rstrip(",").removesuffix("]}"))
        for line in lines:
            line = line.rstrip().rstrip(",").removesuffix("]}")
            if line:
                yield json.loads(line)
        lines.close()
    return base, entries()


def write_parts(base, entries, directory: Path, parts: int) -> int:
    """Each member's entries (with their loans' repayments) in one of `parts`
    Parquet files, in row groups of 100,000."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    members = sorted(m["id"] for m in base["members"])
    part_of = {m: i * parts // len(members) for i, m in enumerate(members)}
    repayable = {k for p in base["policies"] for k, v in p.get("kinds", {}).items()
                 if v.get("repayable")}
    loan_owner = {}
    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    writers = [pq.ParquetWriter(directory / f"part-{i:03d}.parquet", schema) for i in range(parts)]
    buffers = [[] for _ in range(parts)]

    def flush(i):
        rows = buffers[i]
        writers[i].write_table(pa.table({c: pa.array([e.get(c) for e in rows], pa.string())
                                         for c in COLUMNS}, schema=schema))
        buffers[i] = []

    count = 0
    for e in entries:
        if not set(e) <= set(COLUMNS):
            raise SystemExit(f"an entry with fields beyond {COLUMNS}: {e}")
        kind = e["type"]
        if kind == "contribution":
            member = e["member"]
            if e["kind"] in repayable:
                loan_owner[e["id"]] = member
        elif kind == "departure":
            member = e["member"]
        elif kind == "repayment":
            member = loan_owner[e["loan"]]
        else:
            raise SystemExit(f"no parts for a {kind} entry")
        i = part_of[member]
        buffers[i].append(e)
        if len(buffers[i]) == 100_000:
            flush(i)
        count += 1
    for i in range(parts):
        if buffers[i]:
            flush(i)
        writers[i].close()
    return count


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger")
    ap.add_argument("request")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--parts", type=int, default=0,
                    help="Parquet files (default: 8, or one per 64 MB of ledger JSON)")
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

    base, entries = header_and_entries(Path(args.ledger))
    parts = args.parts or max(8, Path(args.ledger).stat().st_size >> 26)
    request = json.loads(Path(args.request).read_text())
    period = (request["period"]["start"], request["period"]["end"])
    amount = request["amount"]
    basis = request.get("basis", "time_weighted")
    out = {"cli_s": cli_s, "runs": [], "parts": parts}
    with tempfile.TemporaryDirectory(dir=Path(args.ledger).parent) as tmp:
        rows = write_parts(base, entries, Path(tmp), parts)
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
