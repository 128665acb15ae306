#!/usr/bin/env python3
"""The W1 split through coshare's Python package, run from the file as a
Python user runs it.

    py_coshare.py LEDGER.json REQUEST.json [--runs N] [--out RESULT.json]

Loading is `coshare.load(LEDGER)`: the file's bytes read and checked
straight into the ledger (docs/format.md, "Reading large files"); the split
is `ledger.split(...)` of the request, as a `coshare.Split`. The result, in
cents, is written in the peers' form (peer_cli.py), for run.py to compare
with `coshare split` on the same file.
"""

import json
from decimal import Decimal

import coshare
from peer_cli import run_peer

FIELDS = ("allocated", "paid", "cash", "carry_out")


def cents(amount: Decimal) -> int:
    return int(amount.scaleb(2))


def load(ledger_path, request_path):
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    return coshare.load(ledger_path), request


def split(ledger, request):
    period = request["period"]
    result = ledger.split(period["start"], period["end"], request["amount"],
                          basis=request.get("basis", "time_weighted")).to_dict()
    return {
        "buckets": {b["name"]: cents(b["amount"]) for b in result["buckets"]},
        "members": {m["member"]: {k: cents(m[k]) for k in FIELDS} for m in result["members"]},
    }


if __name__ == "__main__":
    run_peer("coshare_python", load, split, 1)
