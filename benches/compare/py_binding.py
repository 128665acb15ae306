#!/usr/bin/env python3
"""W1 through the Python binding, from pandas columns.

    py_binding.py LEDGER.json REQUEST.json [--columns arrow|objects|defaults] [--runs N] [--out RESULT.json]

What a notebook user holds: the contributions as a pandas DataFrame, and
the rest of the ledger (currency, policies, members, repayments,
departures) as a dict. The DataFrame's columns are, with `--columns arrow`
(the default), held in Arrow memory as `pd.read_parquet` or
`dtype_backend="pyarrow"` gives them: `id`, `member`, `kind` as
`string`, `date` as `date32`, `value`, `hours`, `rate`, `paid` as
`decimal128(18, 2)` with nulls; with `--columns objects`, the figures are
`decimal.Decimal` objects with empty cells, the dates datetime64 and the
strings Python `str` objects; with `--columns defaults`, the same lists
given to `pd.DataFrame` as they are, so pandas picks the dtypes: the
strings `str` (held in Arrow memory by pandas 3 with pyarrow installed),
the dates datetime64, the figures `Decimal` objects. Building that
DataFrame from the JSON file is not timed. Each run
times, as the Rust `w1 --mode bindings` times `Ledger::new` on a copy of
the built document then the split:

- build: `coshare.Ledger.from_dict(rest, contributions=df)` (the binding
  converts the columns, the core reads them and checks the ledger, as
  `Ledger::new` does: a Python ledger is checked when it is built);
- check: the first query, `ledger.members` (nothing is left to check: it
  stays in the table so that older runs read the same way);
- split: `ledger.split(start, end, amount, basis=...)`, the FY 2025 split,
  converted to the binding's `Split` (Decimal figures).

Writes the medians, every run, and each member's figures of the last split
(for run.py to compare with `coshare split`) to --out.
"""

import argparse
import gc
import json
import resource
import statistics
import sys
import time
from decimal import Decimal

import pandas as pd

import coshare

FIGURES = ("value", "hours", "rate", "paid")


def frame(contributions, columns):
    """The contributions as a DataFrame a pandas user would hold."""
    def decimals(field):
        return [Decimal(c[field]) if field in c else None for c in contributions]

    def texts(field):
        return [c[field] for c in contributions]

    if columns == "arrow":
        import pyarrow as pa

        table = pa.table({
            "id": pa.array(texts("id"), pa.string()),
            "member": pa.array(texts("member"), pa.string()),
            "date": pa.array(pd.to_datetime(texts("date"), format="%Y-%m-%d").date, pa.date32()),
            "kind": pa.array(texts("kind"), pa.string()),
            **{f: pa.array(decimals(f), pa.decimal128(18, 2)) for f in FIGURES},
        })
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    if columns == "defaults":
        # pandas' own dtypes for the same lists: `str` (in Arrow memory with
        # pandas 3 and pyarrow), datetime64, and object columns of Decimals.
        return pd.DataFrame({
            "id": texts("id"),
            "member": texts("member"),
            "date": pd.to_datetime(texts("date"), format="%Y-%m-%d"),
            "kind": texts("kind"),
            **{f: decimals(f) for f in FIGURES},
        })
    return pd.DataFrame({
        "id": pd.Series(texts("id"), dtype=object),
        "member": pd.Series(texts("member"), dtype=object),
        "date": pd.to_datetime(texts("date"), format="%Y-%m-%d"),
        "kind": pd.Series(texts("kind"), dtype=object),
        **{f: pd.Series(decimals(f), dtype=object) for f in FIGURES},
    })


def load(ledger_path, columns):
    with open(ledger_path, encoding="utf-8") as f:
        doc = json.load(f)
    contributions = [e for e in doc["entries"] if e["type"] == "contribution"]
    for c in contributions:
        if set(c) - {"type", "id", "member", "date", "kind", *FIGURES}:
            raise SystemExit(f"py_binding: unexpected fields in {c['id']}")
    rest = dict(doc, entries=[e for e in doc["entries"] if e["type"] != "contribution"])
    return rest, frame(contributions, columns)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger")
    ap.add_argument("request")
    ap.add_argument("--columns", choices=("arrow", "objects", "defaults"), default="arrow")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out")
    args = ap.parse_args()
    with open(args.request, encoding="utf-8") as f:
        req = json.load(f)
    start, end = req["period"]["start"], req["period"]["end"]
    amount, basis = Decimal(req["amount"]), req.get("basis", "time_weighted")

    t = time.perf_counter()
    rest, df = load(args.ledger, args.columns)
    load_s = time.perf_counter() - t
    gc.collect()  # the JSON document is gone; only the DataFrame and the rest stay

    runs = []
    split = None
    for _ in range(max(args.runs, 1)):
        split = None
        gc.collect()
        t0 = time.perf_counter()
        ledger = coshare.Ledger.from_dict(rest, contributions=df)  # converted, read and checked
        t1 = time.perf_counter()
        ledger.members  # the first query
        t2 = time.perf_counter()
        split = ledger.split(start, end, amount, basis=basis)
        t3 = time.perf_counter()
        runs.append({"build_s": t1 - t0, "check_s": t2 - t1, "split_s": t3 - t2, "total_s": t3 - t0})
        del ledger

    def med(key):
        return statistics.median(r[key] for r in runs)

    result = {
        "contributions": len(df),
        "columns": args.columns,
        "members": len(split.members),
        "load_s": load_s,
        "runs": runs,
        **{f"{k}_median_s": med(f"{k}_s") for k in ("build", "check", "split", "total")},
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "buckets_result": {b.name: format(b.amount, "f") for b in split.buckets},
        "members_result": {
            m.member: {
                "allocated": format(m.allocated, "f"),
                "paid": format(m.paid, "f"),
                "cash": format(m.cash, "f"),
                "carry_out": format(m.carry_out, "f"),
            }
            for m in split.members
        },
    }
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    print(json.dumps({k: v for k, v in result.items() if k not in ("members_result", "buckets_result", "runs")}))


if __name__ == "__main__":
    main()
