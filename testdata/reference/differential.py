#!/usr/bin/env python3
"""Differential testing of the books (SPEC v2 section 10) between the Python
reference and the CLI.  Standard library only.

    python3 differential.py [--seed N] [--cases N] [--minutes M] [--chaos]
                            [--cli PATH] [--out FILE.jsonl] [--verbose]
    python3 differential.py --replay FILE.jsonl [--minimise] [--cli PATH]

A seeded generator writes small ledgers with book entries: 2-4 members, a
labour kind and sometimes a capital kind, one or two policies (a reserve
and a pool, optional `capital` rules), contributions, 0-3 allocations
(posted with the reference's own close, then sometimes perturbed: a figure
off by one minor unit, a member dropped, a carry_in on a later one,
overlapping periods, dates swapped, ...), redemptions, adjustments,
payments, voids of book entries, departures, and now and then a malformed
value.  Every ledger goes through both implementations: `validate`
(valid, errors code+entry, warnings code+entry+kind; a reference error
entry of null matches any CLI entry), and when the reference finds it valid:
`accounts` at a few dates, `statement` of each member, `notices` of each
allocation, `journal` over everything and `close` of the next period
(outputs compared byte for byte, or error codes).  An invalid ledger gets
one `accounts` query too (both must report the same first error code).

Each disagreement is appended as one JSON line to --out (default
coshare_differential.jsonl in the system's temporary folder) with the seed, the
ledger, the query and both sides.  --replay re-runs such a file;
--minimise shrinks each case greedily (entries, members, policy details)
while the same disagreement remains, and prints the minimal cases.

The CLI binary defaults to ../../target/debug/coshare (built by
`cargo build -p coshare-cli`).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import coshare_ref as ref  # noqa: E402
from coshare_ref import RefError  # noqa: E402

DEFAULT_CLI = os.path.join(HERE, "..", "..", "target", "debug", "coshare")
CHAOS = False  # --chaos: every ledger perturbed, malformed values far more often
MEMBER_POOL = ["ana", "ben", "cy", "dee", "Eve", "zo", "\u00e9mile"]


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def fmt(n: int, s: int) -> str:
    """Minor units as a money text with exactly s decimals."""
    return ref.fmt_fixed(n, s)


def day(text: str) -> int:
    """A date's day number; years past 9999 (computed dates) allowed."""
    y, m, d = text.rsplit("-", 2)
    return ref.days_from_civil(int(y), int(m), int(d))


def date(d: int) -> str:
    return ref.format_date(d)


def ymd(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def add(text: str, dur: str, j: int = 1) -> str:
    return date(ref.add_duration(day(text), ref.parse_duration_text(dur), j))


def plus_days(text: str, n: int) -> str:
    return date(day(text) + n)


def dumps(v) -> str:
    return json.dumps(v, ensure_ascii=False)


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------

class Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.n = 0

    def uid(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, xs):
        return self.rng.choice(xs)


def gen_policy(g: Gen, eff: str, s: int, capital_kind: bool, cash_kind: bool, first: bool) -> dict:
    rng = g
    kinds = {"labor": {"multiplier": rng.pick(["1", "1", "2", "1.5"])}}
    if rng.chance(0.25):
        kinds["labor"]["curve"] = rng.pick([
            {"type": "linear", "fade": "P3Y"},
            {"type": "linear", "fade": "P2Y", "hold": "P1Y"},
            {"type": "term", "term": "P2Y"},
            {"type": "geometric", "rate": "0.25", "every": "P1Y"},
            {"type": "steps", "points": [["P0D", "0"], ["P6M", "1"]]},
        ])
    if cash_kind:
        kinds["cash"] = {"multiplier": rng.pick(["4", "2"])}
    if capital_kind:
        kinds["share"] = {"multiplier": rng.pick(["0", "0", "0", "1"]), "capital": True}
    p = {"effective": eff, "kinds": kinds}
    if not first and rng.chance(0.5):
        return p  # inherits departures, distribution and capital whole
    if first or rng.chance(0.5):
        p["departures"] = {"good": {"default": "1"},
                           "bad": {"default": rng.pick(["0", "0.5"]), **({"share": "1"} if capital_kind else {})}}
    if first or rng.chance(0.6):
        shape = rng.pick(["one", "one", "one", "two", "pool_only"])
        r = rng.pick(["0.3", "0.25", "0.5", "0.1"])
        rest = str(ref.Fraction(1) - ref.Fraction(r))
        rest = {"7/10": "0.7", "3/4": "0.75", "1/2": "0.5", "9/10": "0.9"}[rest]
        pool_kinds = rng.pick([["labor"], ["labor"], ["*"]] + ([["labor", "cash"]] if cash_kind else [])
                              + ([["labor", "share"]] if capital_kind and rng.chance(0.2) else []))
        if shape == "one":
            buckets = [{"name": "reserve", "share": r}, {"name": "members", "share": rest, "kinds": pool_kinds}]
        elif shape == "two":
            buckets = [{"name": "zeta", "share": "0.1"}, {"name": "Alpha", "share": "0.2"},
                       {"name": "members", "share": "0.7", "kinds": pool_kinds}]
        else:
            buckets = [{"name": "members", "share": "1", "kinds": pool_kinds}]
        dist = {"buckets": buckets}
        cf = rng.pick([None, "0.2", "0.2", "0.3", "1", "0", "0.25", "0.333"])
        if cf is not None:
            dist["cash_fraction"] = cf
        mp = rng.pick([None, None, 25, 5, 100, 1000])
        if mp is not None:
            dist["minimum_payout"] = fmt(mp * 10 ** s, s)
        p["distribution"] = dist
    if first or rng.chance(0.6):
        if rng.chance(0.75):
            cap = {}
            rv = rng.pick([None, "P5Y", "P1Y", "P6M", "P0D", "P2Y3M", "P3Y", "P1M", "P1W", "P13M"])
            if rv:
                cap["revolve"] = rv
            dp = rng.pick([None, "P0D", "P1Y", "P3M", "P2Y"])
            if dp:
                cap["departure"] = dp
            ty = rng.pick([None, None, 12, 3, 6, 9, 1])
            if ty is not None:
                cap["tax_year_end"] = ty
            p["capital"] = cap
    return p


def mi(x, s: int) -> int:
    """A money text (or JSON integer) in minor units, rounded down; 0 when malformed."""
    try:
        return ref.floor_int(ref.Fraction(str(x)) * 10 ** s)
    except (ValueError, ZeroDivisionError):
        return 0


def money(g: Gen, s: int, lo: int, hi: int) -> int:
    """A random amount in whole currency units lo..hi, in minor units, with a random fraction."""
    whole = g.rng.randint(lo, hi)
    frac = g.rng.randint(0, 10 ** s - 1) if s and g.chance(0.6) else 0
    return whole * 10 ** s + frac


def ref_close(ledger: dict, request: dict, aid: str, adate: str):
    try:
        out = ref.books_query(dumps(ledger), "close",
                              {"request": dumps(request), "id": aid, "date": adate})
        return json.loads(out)
    except RefError:
        return None


def ref_lg(ledger: dict):
    try:
        return ref.load_ledger(dumps(ledger))
    except RefError:
        return None


def gen_case(seed: int) -> dict:
    """One random ledger: {"ledger": ..., "notes": [...]}."""
    g = Gen(random.Random(seed))
    notes = []
    s = g.pick([2, 2, 2, 2, 2, 0, 3, 4])
    y0 = g.rng.randint(2019, 2023)
    r = g.rng.random()
    if r < 0.03:
        y0 = g.rng.randint(9995, 9997)  # the books near 9999-12-31 (pay_by, maturities past it)
    elif r < 0.05:
        y0 = g.rng.randint(1, 2)  # the books from 0001-01-01
    members = sorted(g.rng.sample(MEMBER_POOL, g.rng.randint(2, 4)))
    capital_kind = g.chance(0.6)
    cash_kind = g.chance(0.25)
    p1eff = ymd(y0, 1, 1) if g.chance(0.85) else ymd(y0, g.rng.randint(2, 6), 1)
    policies = [gen_policy(g, p1eff, s, capital_kind, cash_kind, True)]
    if g.chance(0.35):
        policies.append(gen_policy(g, ymd(y0 + g.rng.randint(1, 3), g.pick([1, 1, 4, 7]), 1), s,
                                   capital_kind, cash_kind, False))
    ledger = {"currency": {"code": "USD", "scale": s}, "policies": policies,
              "members": [{"id": m} for m in members], "entries": []}
    E = ledger["entries"]

    # contributions
    for m in members:
        for _ in range(g.rng.randint(1, 3)):
            d = ymd(y0 + g.rng.randint(0, 2), g.rng.randint(1, 12), g.rng.randint(1, 28))
            if day(d) < day(p1eff):
                d = p1eff
            c = {"type": "contribution", "id": g.uid("c-"), "member": m, "date": d, "kind": "labor"}
            if g.chance(0.3):
                c["hours"] = str(g.rng.randint(1, 400))
                c["rate"] = fmt(money(g, s, 5, 60), s)
            else:
                c["value"] = fmt(money(g, s, 0 if g.chance(0.05) else 50, 5000), s)
            E.append(c)
        if cash_kind and g.chance(0.3):
            E.append({"type": "contribution", "id": g.uid("k-"), "member": m,
                      "date": ymd(y0, g.rng.randint(1, 12), 1), "kind": "cash",
                      "value": fmt(money(g, s, 100, 2000), s)})
        if capital_kind and g.chance(0.7):
            v = money(g, s, 0 if g.chance(0.1) else 10, 1000)
            c = {"type": "contribution", "id": g.uid("s-"), "member": m,
                 "date": ymd(y0 + g.rng.randint(0, 1), g.rng.randint(1, 12), 1), "kind": "share",
                 "value": fmt(v, s)}
            if day(c["date"]) < day(p1eff):
                c["date"] = p1eff
            if g.chance(0.2):
                c["paid"] = fmt(g.rng.randint(0, v), s)
            E.append(c)

    # departures
    departed = {}
    if g.chance(0.25):
        m = g.pick(members)
        last = max(e["date"] for e in E if e.get("member") == m)
        dd = plus_days(last, g.rng.randint(0, 900))
        departed[m] = dd
        E.append({"type": "departure", "id": g.uid("d-"), "member": m, "date": dd,
                  "reason": g.pick(["good", "bad"])})
        notes.append(f"departure {m} {dd}")

    # allocations, posted with the reference's close
    n_alloc = g.pick([0, 1, 1, 2, 2, 2, 3, 3])
    allocs = []
    start = ymd(y0, 1, 1) if g.chance(0.8) else ymd(y0, 4, 1)
    last_date = None
    if g.chance(0.08):
        # history from before coshare: a hand-made allocation before the first policy
        pend = plus_days(p1eff, -1)
        pstart = ymd(int(pend[:4]) - 1, int(pend[5:7]), 1)
        if day(pstart) < day(pend):
            amt = money(g, s, 0, 300)
            cin = {members[0]: fmt(money(g, s, 0, 20), s)}
            a = {"type": "allocation", "id": g.uid("h-"), "date": p1eff,
                 "period": {"start": pstart, "end": pend}, "amount": fmt(amt, s),
                 "carry_in": cin, "reserves": {"old": fmt(amt, s)}, "unallocated": fmt(0, s),
                 "members": {members[0]: {"allocated": fmt(0, s), "cash": fmt(0, s),
                                          "retained": cin[members[0]], "carry_out": fmt(0, s)}}}
            E.append(a)
            allocs.append(a)
            last_date = p1eff
            notes.append("pre-history allocation")
    for i in range(n_alloc):
        kind = g.pick(["year", "year", "year", "half", "fiscal"])
        if kind == "half":
            end = add(start, "P6M")
        else:
            end = add(start, "P1Y")
        end = plus_days(end, -1)
        adate = plus_days(end, g.pick([0, 1, 30, 59, 60, 74, 120, 200, 365]))
        if last_date is not None and day(adate) < day(last_date):
            adate = last_date
        r = g.rng.random()
        if r < 0.08:
            amt = -money(g, s, 1, 3000)
        elif r < 0.11:
            amt = 0
        elif r < 0.3:
            amt = money(g, s, 0, 120)
        else:
            amt = money(g, s, 100, 200000)
        req = {"period": {"start": start, "end": end}, "amount": fmt(amt, s)}
        if g.chance(0.5):
            req["basis"] = g.pick(["snapshot", "time_weighted"])
        if not allocs and g.chance(0.2):
            req["carry_in"] = {m: fmt(money(g, s, 0, 40), s) for m in members if g.chance(0.6)}
        aid = g.pick(["fy", "a-", "Y"]) + str(int(end[:4])) + ("h" if kind == "half" else "") + f"-{i}"
        entry = ref_close(ledger, req, aid, adate)
        if entry is None:
            notes.append(f"close {aid} failed")
        else:
            E.append(entry)
            allocs.append(entry)
            last_date = adate
        start = plus_days(end, 1 if g.chance(0.85) else g.rng.randint(2, 400))

    # late entries: the ledger as it is today no longer gives the posted figures
    if allocs and g.chance(0.2):
        what = g.pick(["contribution", "void_contribution", "departure"])
        a = g.pick(allocs)
        if what == "contribution":
            E.append({"type": "contribution", "id": g.uid("late-"), "member": g.pick(members),
                      "date": a["period"]["start"], "kind": "labor", "value": fmt(money(g, s, 1, 500), s)})
        elif what == "void_contribution":
            cs = [e for e in E if e["type"] == "contribution"]
            E.append({"type": "void", "id": g.uid("v-"), "target": g.pick(cs)["id"]})
        elif what == "departure" and not departed:
            m = g.pick(members)
            last = max(e["date"] for e in E if e.get("member") == m)
            dd = max(last, a["period"]["start"])
            departed[m] = dd
            E.append({"type": "departure", "id": g.uid("d-"), "member": m, "date": dd, "reason": "bad"})
        notes.append(f"late {what}")

    lg = ref_lg(ledger)
    members_of = {}
    if lg is not None:
        members_of = {m: ms for m, ms in lg.books.movements.items()}

    # payments
    for a in allocs:
        if "members" not in a:
            continue
        for m, f in a["members"].items():
            cash = mi(f["cash"], s)
            if cash <= 0 or not g.chance(0.55):
                continue
            pay_by = None
            try:
                lg2 = ref_lg(ledger)
                if lg2 is not None and a["id"] in lg2.books.allocs:
                    pay_by = date(ref.pay_by(lg2.books.allocs[a["id"]], lg2.table))
            except Exception:
                pay_by = None
            r = g.rng.random()
            if r < 0.45:
                amounts = [cash]
            elif r < 0.7:
                h = g.rng.randint(1, cash) if cash > 1 else 1
                amounts = [h, cash - h] if cash - h > 0 else [h]
            elif r < 0.95:
                amounts = [g.rng.randint(1, cash)]
            else:
                amounts = [cash + g.rng.randint(1, 3)]  # over the cash
                notes.append("payment over cash")
            for x in amounts:
                if pay_by and g.chance(0.5):
                    pd = plus_days(pay_by, g.pick([-1, 0, 1, -30, 40]))
                else:
                    pd = plus_days(a["date"], g.pick([0, 0, 10, 100, 400]))
                if day(pd) < day(a["date"]):
                    pd = a["date"]
                E.append({"type": "payment", "id": g.uid("p-"), "allocation": a["id"], "member": m,
                          "date": pd, "amount": fmt(x, s)})

    # redemptions and adjustments
    lg = ref_lg(ledger)
    if lg is not None:
        for m in members:
            ms = lg.books.movements.get(m, [])
            if not ms or not g.chance(0.5):
                continue
            last = max(x["date"] for x in ms)
            rd = date(last + g.pick([0, 1, 30, 365, 365 * 2, 365 * 5 + 3]))
            bal = ref._balance(ms, day(rd))
            r = g.rng.random()
            if bal > 0 and r < 0.6:
                amt = g.rng.randint(1, bal)
            elif bal > 0 and r < 0.9:
                amt = bal
            elif bal <= 0 and r < 0.8:
                continue
            else:
                amt = max(1, bal) + g.rng.randint(1, 100)  # over the balance
                notes.append("redemption over balance")
            E.append({"type": "redemption", "id": g.uid("r-"), "member": m, "date": rd,
                      "amount": fmt(amt, s)})
    for _ in range(g.pick([0, 0, 1, 1, 2])):
        m = g.pick(members)
        amt = money(g, s, 1, 300) * g.pick([1, -1])
        adj = {"type": "adjustment", "id": g.uid("j-"), "member": m, "amount": fmt(amt, s)}
        real = [a for a in allocs if "members" in a]
        if real and g.chance(0.6):
            a = g.pick(real)
            adj["allocation"] = a["id"]
            adj["date"] = plus_days(a["date"], g.pick([0, 1, 50, 400]))
        else:
            adj["date"] = ymd(y0 + g.rng.randint(0, 3), g.rng.randint(1, 12), g.rng.randint(1, 28))
        E.append(adj)

    # perturbations of posted allocations
    for _ in range(g.pick([1, 2, 3, 4, 5] if CHAOS else [0] * 10 + [1] * 6 + [2, 3, 4, 5])):
        try:
                real = [a for a in allocs if "members" in a]
                if not real:
                    break
                what = g.pick(["cent", "cent", "cent_shift", "drop_member", "carry_in_later", "overlap",
                               "swap_dates", "reserve", "unallocated", "carry_out", "basis", "amount",
                               "add_member", "void_alloc_then_chain", "shift_between", "shift_between",
                               "reverse_maps", "neg_zero", "int_amount", "start_before", "same_date",
                               "carry_in_first", "empty_members"])
                a = g.pick(real)
                notes.append(f"perturb {what} {a['id']}")
                if what == "cent" and a["members"]:
                    m = g.pick(sorted(a["members"]))
                    k = g.pick(["allocated", "cash", "retained", "carry_out"])
                    a["members"][m][k] = fmt(mi(a["members"][m].get(k, "0"), s) + g.pick([1, -1]), s)
                elif what == "cent_shift" and a["members"]:
                    m = g.pick(sorted(a["members"]))
                    f = a["members"][m]
                    f["cash"] = fmt(mi(f["cash"], s) + 1, s)
                    f["retained"] = fmt(mi(f["retained"], s) - 1, s)
                elif what == "drop_member" and a["members"]:
                    del a["members"][g.pick(sorted(a["members"]))]
                elif what == "carry_in_later":
                    later = [b for b in real if b is not a] or [a]
                    b = g.pick(later)
                    b["carry_in"] = {g.pick(members): fmt(money(g, s, 0, 10), s)} if g.chance(0.7) else {}
                elif what == "overlap" and len(real) >= 2:
                    b = real[-1]
                    b["period"]["start"] = plus_days(real[-2]["period"]["end"], g.pick([0, -1, -40]))
                elif what == "swap_dates" and len(real) >= 2:
                    i = g.rng.randrange(len(real) - 1)
                    real[i]["date"], real[i + 1]["date"] = real[i + 1]["date"], real[i]["date"]
                elif what == "reserve":
                    if a["reserves"] and g.chance(0.6):
                        n = g.pick(sorted(a["reserves"]))
                        a["reserves"][g.pick(["other", n])] = a["reserves"].pop(n)
                    else:
                        a["reserves"]["extra"] = fmt(0, s)
                elif what == "unallocated":
                    a["unallocated"] = fmt(mi(a["unallocated"], s) + 1, s)
                    a["amount"] = fmt(mi(a["amount"], s) + 1, s)
                elif what == "carry_out" and a["members"]:
                    m = g.pick(sorted(a["members"]))
                    f = a["members"][m]
                    if g.chance(0.5):
                        f.pop("carry_out", None)
                    else:
                        f["carry_out"] = fmt(mi(f.get("carry_out", "0"), s) + 5, s)
                        f["allocated"] = fmt(mi(f["allocated"], s) + 5, s)
                        a["amount"] = fmt(mi(a["amount"], s) + 5, s)
                elif what == "basis":
                    a["basis"] = g.pick(["snapshot", "time_weighted", "daily"])
                elif what == "amount":
                    a["amount"] = fmt(mi(a["amount"], s) + g.pick([1, -1]), s)
                elif what == "add_member":
                    extra = [m for m in members if m not in a["members"]]
                    if extra:
                        a["members"][g.pick(extra)] = {"allocated": fmt(0, s), "cash": fmt(0, s),
                                                       "retained": fmt(0, s)}
                elif what == "void_alloc_then_chain":
                    E.append({"type": "void", "id": g.uid("v-"), "target": a["id"]})
                elif what == "shift_between" and len(a["members"]) >= 2:
                    # balanced figures from elsewhere: one minor unit moved between two members
                    m1, m2 = g.rng.sample(sorted(a["members"]), 2)
                    f1, f2 = a["members"][m1], a["members"][m2]
                    if mi(f2["allocated"], s) > 0 and mi(f1["allocated"], s) >= 0:
                        f1["allocated"] = fmt(mi(f1["allocated"], s) + 1, s)
                        f2["allocated"] = fmt(mi(f2["allocated"], s) - 1, s)
                        k1 = g.pick(["cash", "retained"]) if mi(f1.get("carry_out", "0"), s) == 0 else "carry_out"
                        f1[k1] = fmt(mi(f1[k1], s) + 1, s)
                        ks = [k for k in ("retained", "cash", "carry_out") if mi(f2.get(k, "0"), s) > 0]
                        if ks:
                            k2 = g.pick(ks)
                            f2[k2] = fmt(mi(f2[k2], s) - 1, s)
                elif what == "reverse_maps":
                    for b in real:
                        b["members"] = dict(reversed(list(b["members"].items())))
                        b["reserves"] = dict(reversed(list(b["reserves"].items())))
                        if "carry_in" in b:
                            b["carry_in"] = dict(reversed(list(b["carry_in"].items())))
                elif what == "neg_zero":
                    for f in a["members"].values():
                        for k in f:
                            if mi(f[k], s) == 0 and not str(f[k]).startswith("-"):
                                f[k] = "-" + str(f[k])
                    if mi(a["unallocated"], s) == 0:
                        a["unallocated"] = "-0"
                elif what == "int_amount":
                    am = mi(a["amount"], s)
                    if am % 10 ** s == 0:
                        a["amount"] = am // 10 ** s  # a JSON integer
                elif what == "start_before" and len(real) >= 2:
                    real[-1]["period"]["start"] = plus_days(real[0]["period"]["start"], g.pick([-1, 0, 1]))
                elif what == "same_date" and len(real) >= 2:
                    real[-1]["date"] = real[-2]["date"]
                elif what == "carry_in_first":
                    real[0]["carry_in"] = g.pick([{}, {g.pick(members): fmt(0, s)},
                                                  {g.pick(members): fmt(money(g, s, 0, 30), s)}])
                elif what == "empty_members":
                    tot = sum(mi(f["allocated"], s) for f in a["members"].values())
                    a["members"] = {}
                    a["unallocated"] = fmt(mi(a["unallocated"], s) + tot, s)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            pass  # an earlier change left nothing to change here
    # voids of book entries
    book = [e for e in E if e["type"] in ("allocation", "payment", "redemption", "adjustment")]
    if book and g.chance(0.25):
        t = g.pick(book)
        E.append({"type": "void", "id": g.uid("v-"), "target": t["id"]})
        notes.append(f"void {t['id']}")
        if g.chance(0.15):
            E.append({"type": "void", "id": g.uid("v-"), "target": t["id"]})

    # malformed values
    for _ in range(g.pick([0, 1, 2, 3] if CHAOS else [0] * 34 + [1] * 4 + [2, 3])):
        try:
                real = [a for a in allocs if "members" in a]
                what = g.pick(["decimals", "zero", "negative", "unknown_member", "unknown_target",
                               "alloc_unknown_member", "adj_unknown_alloc", "pay_not_listed",
                               "pay_before", "adj_before", "alloc_date_before_end", "alloc_bad_period",
                               "alloc_decimals", "carry_in_negative", "empty_reserve", "neg_zero_amount",
                               "int_amount", "figure_unknown_key", "figure_missing_key", "tax_year_end",
                               "huge", "redeem_before", "adj_unlisted", "second_departure", "void_void",
                               "void_unknown", "reserve_long_name", "carry_in_unknown_member"])
                notes.append(f"malformed {what}")
                extra_digit = "1" if s < 4 else None
                tgt_types = {"decimals": ("redemption", "payment", "adjustment"),
                             "zero": ("redemption", "payment", "adjustment"),
                             "negative": ("redemption", "payment")}
                if what in tgt_types:
                    xs = [e for e in E if e["type"] in tgt_types[what]]
                    if xs:
                        e = g.pick(xs)
                        if what == "decimals":
                            e["amount"] = e["amount"] + ("." if s == 0 else "") + "5" if extra_digit else "0.00001"
                        elif what == "zero":
                            e["amount"] = fmt(0, s)
                        else:
                            e["amount"] = "-" + e["amount"]
                elif what == "unknown_member":
                    E.append({"type": "redemption", "id": g.uid("r-"), "member": "nobody",
                              "date": ymd(y0 + 2, 5, 5), "amount": fmt(10 ** s, s)})
                elif what == "unknown_target":
                    E.append({"type": "payment", "id": g.uid("p-"), "allocation": "nope",
                              "member": members[0], "date": ymd(y0 + 2, 5, 5), "amount": fmt(10 ** s, s)})
                elif what == "alloc_unknown_member" and real:
                    a = g.pick(real)
                    a["members"]["ghost"] = {"allocated": fmt(0, s), "cash": fmt(0, s), "retained": fmt(0, s)}
                elif what == "adj_unknown_alloc":
                    E.append({"type": "adjustment", "id": g.uid("j-"), "member": members[0],
                              "allocation": "nope", "date": ymd(y0 + 2, 5, 5), "amount": fmt(10 ** s, s)})
                elif what == "pay_not_listed" and real:
                    a = g.pick(real)
                    out = [m for m in members if m not in a["members"]] or ["ghost"]
                    E.append({"type": "payment", "id": g.uid("p-"), "allocation": a["id"],
                              "member": g.pick(out), "date": a["date"], "amount": fmt(10 ** s, s)})
                elif what == "pay_before" and real:
                    a = g.pick(real)
                    if a["members"]:
                        E.append({"type": "payment", "id": g.uid("p-"), "allocation": a["id"],
                                  "member": g.pick(sorted(a["members"])), "date": plus_days(a["date"], -1),
                                  "amount": fmt(1, s)})
                elif what == "adj_before" and real:
                    a = g.pick(real)
                    E.append({"type": "adjustment", "id": g.uid("j-"), "allocation": a["id"],
                              "member": members[0], "date": plus_days(a["date"], -1), "amount": fmt(1, s)})
                elif what == "alloc_date_before_end" and real:
                    a = g.pick(real)
                    a["date"] = plus_days(a["period"]["end"], -1)
                elif what == "alloc_bad_period" and real:
                    a = g.pick(real)
                    a["period"]["end"] = plus_days(a["period"]["start"], -1)
                elif what == "alloc_decimals" and real and extra_digit:
                    a = g.pick(real)
                    if a["members"]:
                        m = g.pick(sorted(a["members"]))
                        a["members"][m]["cash"] = a["members"][m]["cash"] + ("." if s == 0 else "") + "5"
                elif what == "carry_in_negative" and real:
                    a = real[0]
                    a["carry_in"] = {members[0]: "-" + fmt(1, s)}
                elif what == "empty_reserve" and real:
                    a = g.pick(real)
                    a["reserves"][""] = fmt(0, s)
                elif what == "neg_zero_amount":
                    xs = [e for e in E if e["type"] in ("redemption", "payment", "adjustment")]
                    if xs:
                        g.pick(xs)["amount"] = g.pick(["-0", "-0.00", "0"])
                elif what == "int_amount":
                    xs = [e for e in E if e["type"] in ("redemption", "payment", "adjustment")]
                    if xs:
                        g.pick(xs)["amount"] = g.rng.randint(-1, 30)
                elif what == "figure_unknown_key" and real:
                    a = g.pick(real)
                    if a["members"]:
                        a["members"][g.pick(sorted(a["members"]))]["paid"] = fmt(0, s)
                elif what == "figure_missing_key" and real:
                    a = g.pick(real)
                    if a["members"]:
                        del a["members"][g.pick(sorted(a["members"]))][g.pick(["allocated", "cash", "retained"])]
                elif what == "tax_year_end":
                    ledger["policies"][0].setdefault("capital", {})["tax_year_end"] = g.pick([0, 13, -1, 12, 2])
                elif what == "huge":
                    big = 10 ** 15 + g.pick([0, 1])
                    xs = [e for e in E if e["type"] in ("redemption", "payment", "adjustment")]
                    if xs:
                        g.pick(xs)["amount"] = fmt(big, s)
                    elif real:
                        a = g.pick(real)
                        a["amount"] = fmt(big, s)
                elif what == "redeem_before":
                    E.append({"type": "redemption", "id": g.uid("r-"), "member": g.pick(members),
                              "date": ymd(y0 - 1, 6, 1), "amount": fmt(1, s)})
                elif what == "adj_unlisted" and real:
                    a = g.pick(real)
                    out = [m for m in members if m not in a["members"]]
                    if out:
                        E.append({"type": "adjustment", "id": g.uid("j-"), "allocation": a["id"],
                                  "member": g.pick(out), "date": a["date"], "amount": fmt(-1, s)})
                elif what == "second_departure":
                    m = g.pick(members)
                    E.append({"type": "departure", "id": g.uid("d-"), "member": m,
                              "date": ymd(y0 + 3, 1, 1), "reason": "good"})
                    E.append({"type": "departure", "id": g.uid("d-"), "member": m,
                              "date": ymd(y0 + 2, 12, 31), "reason": g.pick(["bad", "ugly"])})
                elif what == "void_void":
                    vs = [e for e in E if e["type"] == "void"]
                    if vs:
                        E.append({"type": "void", "id": g.uid("v-"), "target": vs[0]["id"]})
                elif what == "void_unknown":
                    E.append({"type": "void", "id": g.uid("v-"), "target": "nothing"})
                elif what == "reserve_long_name" and real:
                    g.pick(real)["reserves"]["r" * g.pick([1024, 1025])] = fmt(0, s)
                elif what == "carry_in_unknown_member" and real:
                    real[0]["carry_in"] = {"ghost": fmt(0, s)}
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            pass  # an earlier change left nothing to change here
    if g.chance(0.1):
        # money spelt with extra trailing zeros (limits are on the value, never on the text)
        def respell(x):
            if isinstance(x, str) and x.lstrip("-").replace(".", "", 1).isdigit():
                return x + ("" if "." in x else ".") + "0" * g.rng.randint(1, 3)
            return x
        for e in E:
            if e["type"] in ("redemption", "payment", "adjustment") and g.chance(0.5):
                e["amount"] = respell(e["amount"])
            elif e["type"] == "allocation" and g.chance(0.5):
                e["amount"] = respell(e["amount"])
                e["reserves"] = {n: respell(x) for n, x in e.get("reserves", {}).items()}
                for f in e.get("members", {}).values():
                    for k in list(f):
                        f[k] = respell(f[k])
        notes.append("respelt")
    if g.chance(0.5):
        g.rng.shuffle(E)
    return {"seed": seed, "ledger": ledger, "notes": notes}


# ---------------------------------------------------------------------------
# queries of a case
# ---------------------------------------------------------------------------

def gen_queries(case: dict, lg) -> list:
    """[(query, args)] for a ledger the reference finds valid."""
    g = Gen(random.Random(case["seed"] * 7 + 1))
    ledger = case["ledger"]
    s = ledger["currency"]["scale"]
    members = [m["id"] for m in ledger["members"]]
    chain = lg.books.chain
    days = set()
    for a in chain:
        for dd in (a["date"] - 1, a["date"], a["date"] + 1):
            days.add(dd)
        rv = ref._capital_rules(lg.table, a["date"])[0]
        if rv is not None:
            mt = ref.add_duration(a["date"], rv)
            days.update((mt - 1, mt))
    for m, dep in lg.standing_dep.items():
        dd = ref.add_duration(dep["date"], ref._capital_rules(lg.table, dep["date"])[1])
        days.update((dep["date"], dd - 1, dd))
    for ms in lg.books.movements.values():
        for x in ms:
            days.add(x["date"])
            if x["maturity"] is not None:
                days.update((x["maturity"] - 1, x["maturity"]))
    all_dates = sorted(days) or [day(ledger["policies"][0]["effective"])]
    first = min(all_dates + [day(p["effective"]) for p in ledger["policies"]])
    last = max(all_dates)
    qs = []
    picks = g.rng.sample(all_dates, min(3, len(all_dates))) + [last + 4000]
    for t in picks:
        qs.append(("accounts", {"at": date(t)}))
    span = (date(max(first - 400, day("0001-01-01"))), date(min(last + 4000, day("9999-12-31"))))
    for m in members:
        qs.append(("statement", {"member": m, "start": span[0], "end": span[1]}))
    if all_dates:
        t0 = g.pick(all_dates)
        t1 = t0 + g.rng.randint(0, 800)
        qs.append(("statement", {"member": g.pick(members), "start": date(t0), "end": date(t1)}))
    for e in ledger["entries"]:
        if e["type"] == "allocation":
            qs.append(("notices", {"allocation": e["id"]}))
    qs.append(("journal", {"start": span[0], "end": span[1]}))
    if all_dates:
        t0 = g.pick(all_dates)
        qs.append(("journal", {"start": date(t0), "end": date(t0 + g.rng.randint(0, 500))}))
    # close of the next period
    if chain:
        start = chain[-1]["end"] + 1
        last_date = chain[-1]["date"]
    else:
        start = day(ledger["policies"][0]["effective"])
        last_date = start
    start = date(start)
    end = plus_days(add(start, g.pick(["P1Y", "P1Y", "P6M"])), -1)
    adate = plus_days(end, g.pick([0, 1, 60, 100]))
    if day(adate) < last_date:
        adate = date(last_date)
    r = g.rng.random()
    amt = (-money(g, s, 1, 3000) if r < 0.1 else 0 if r < 0.13 else
           money(g, s, 0, 100) if r < 0.35 else money(g, s, 100, 200000))
    if g.chance(0.03):
        amt = 10 ** 15 - g.rng.randint(0, 2) * g.pick([1, 10 ** 14])  # at the money limit
    req = {"period": {"start": start, "end": end}, "amount": fmt(amt, s)}
    if g.chance(0.5):
        req["basis"] = g.pick(["snapshot", "time_weighted"])
    if not lg.books.allocs and g.chance(0.3):
        big = g.chance(0.1)
        req["carry_in"] = {m: fmt(10 ** 15 - g.rng.randint(0, 3) if big else money(g, s, 0, 30), s)
                           for m in members if g.chance(0.6)}
    if g.chance(0.1):  # a close that must fail
        bad = g.pick(["overlap", "date", "id", "carry_in"])
        if bad == "overlap" and chain:
            req["period"]["start"] = date(chain[-1]["end"])
        elif bad == "date":
            adate = plus_days(end, -1)
        elif bad == "carry_in":
            req["carry_in"] = {}
    cid = "next"
    if g.chance(0.15):
        bad = g.pick(["date", "basis", "carry_in_unknown", "decimals", "id_empty", "voided_id",
                      "period"])
        if bad == "date":
            adate = g.pick(["2021-02-30", "21-01-01", "2021-1-01"])
        elif bad == "basis":
            req["basis"] = g.pick(["daily", "Snapshot"])
        elif bad == "carry_in_unknown" and not lg.books.allocs:
            req["carry_in"] = {"ghost": fmt(0, s)}
        elif bad == "decimals":
            req["amount"] = req["amount"] + ("." if s == 0 else "") + "1" if s < 4 else "0.00001"
        elif bad == "id_empty":
            cid = ""
        elif bad == "voided_id":
            vs = [e for e in ledger["entries"] if e["type"] == "void"]
            if vs:
                cid = vs[0]["target"]
        elif bad == "period":
            req["period"]["end"] = plus_days(req["period"]["start"], -1)
    if g.chance(0.05) and ledger["entries"]:
        cid = ledger["entries"][0]["id"]
    qs.append(("close", {"request": req, "id": cid, "date": adate}))
    if g.chance(0.2):  # arguments at the edges
        m = g.pick(members)
        qs += g.rng.sample([
            ("accounts", {"at": "0001-01-01"}), ("accounts", {"at": "9999-12-31"}),
            ("accounts", {"at": "2021-02-29"}), ("accounts", {"at": "2024-02-29"}),
            ("statement", {"member": "ghost", "start": "2020-01-01", "end": "2020-12-31"}),
            ("statement", {"member": m, "start": "2020-01-02", "end": "2020-01-01"}),
            ("statement", {"member": m, "start": "0001-01-01", "end": "0100-12-31"}),
            ("statement", {"member": m, "start": "0001-01-01", "end": "0101-01-01"}),
            ("statement", {"member": m, "start": "9950-01-01", "end": "9999-12-31"}),
            ("statement", {"member": "ghost", "start": "2020-01-02", "end": "2020-01-01"}),
            ("statement", {"member": "ghost", "start": "2020-13-02", "end": "2020-01-01"}),
            ("journal", {"start": "2000-03-01", "end": "2100-02-28"}),
            ("journal", {"start": "2000-02-29", "end": "2100-02-28"}),
            ("journal", {"start": "2000-02-29", "end": "2100-02-27"}),
            ("journal", {"start": "9900-01-01", "end": "9999-12-31"}),
            ("notices", {"allocation": "ghost"}),
            ("notices", {"allocation": g.pick([e["id"] for e in ledger["entries"]] or ["x"])}),
        ], 3)
    return qs


# ---------------------------------------------------------------------------
# running both sides
# ---------------------------------------------------------------------------

def run_ref(ledger_text: str, query: str, args: dict):
    """('ok', text) | ('error', code, entry) | ('crash', message)."""
    try:
        if query == "validate":
            return ("ok", ref.validate_doc(ledger_text))
        a = dict(args)
        if query == "close":
            a["request"] = dumps(a["request"])
        return ("ok", ref.books_query(ledger_text, query, a))
    except RefError as e:
        return ("error", e.code, e.entry)
    except Exception as e:  # a reference crash is a finding too
        return ("crash", f"{type(e).__name__}: {e}")


class Cli:
    def __init__(self, path: str, tmpdir: str):
        self.path = path
        self.tmp = tmpdir
        self.calls = 0

    def run(self, ledger_text: str, query: str, args: dict):
        lpath = os.path.join(self.tmp, "ledger.json")
        with open(lpath, "w", encoding="utf-8") as f:
            f.write(ledger_text)
        cmd = [self.path, query, lpath]
        if query == "close":
            rpath = os.path.join(self.tmp, "request.json")
            with open(rpath, "w", encoding="utf-8") as f:
                f.write(dumps(args["request"]))
            cmd += ["--request", rpath, "--id=" + args["id"], "--date=" + args["date"]]
        elif query == "accounts":
            cmd += ["--at=" + args["at"]]
        elif query == "statement":
            cmd += ["--member=" + args["member"], "--start=" + args["start"], "--end=" + args["end"]]
        elif query == "notices":
            cmd += ["--allocation=" + args["allocation"]]
        elif query == "journal":
            cmd += ["--start=" + args["start"], "--end=" + args["end"]]
        cmd += ["--format", "json"]
        self.calls += 1
        for attempt in range(30):
            try:
                p = subprocess.run(cmd, capture_output=True, timeout=60)
                break
            except OSError:  # the binary is being rebuilt (missing, or text file busy)
                if attempt == 29:
                    raise
                time.sleep(2)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if query == "validate" and p.returncode in (0, 2) and out.strip():
            return ("ok", out.rstrip("\n"), p.returncode)
        if p.returncode == 0:
            return ("ok", out[:-1] if out.endswith("\n") else out + "<no newline>", 0)
        if p.returncode == 2:
            try:
                e = json.loads(err.strip())["error"]
                return ("error", e.get("code"), e.get("entry"))
            except (ValueError, KeyError, TypeError):
                return ("crash", f"exit 2, stderr {err!r}")
        return ("crash", f"exit {p.returncode}, stderr {err[:500]!r}")


def validation_summary(doc: dict) -> dict:
    return {"valid": doc.get("valid"),
            "errors": [{"code": e.get("code"), "entry": e.get("entry")} for e in doc.get("errors", [])],
            # The SPEC's warnings only: coshare adds its own after them.
            "warnings": [{"code": w.get("code"), "entry": w.get("entry"), "kind": w.get("kind")}
                         for w in doc.get("warnings", [])
                         if w.get("code") in ("kind_in_no_pool", "capital_kind_in_pool", "allocation_differs")]}


def compare(query: str, r, c):
    """None when both sides agree, else a short signature of the disagreement."""
    if query == "validate":
        if r[0] != "ok" or c[0] != "ok":
            return f"validate {r[0]}/{c[0]}"
        want = json.loads(r[1])
        try:
            have = validation_summary(json.loads(c[1]))
        except ValueError:
            return "validate unparsable"
        status = 0 if want["valid"] else 2
        same = (len(want["errors"]) == len(have["errors"])
                and all(w["code"] == h["code"] and (w["entry"] is None or w["entry"] == h["entry"])
                        for w, h in zip(want["errors"], have["errors"]))
                and want["valid"] == have["valid"] and want["warnings"] == have["warnings"]
                and c[2] == status)
        if same:
            return None
        rc = sorted(e["code"] for e in want["errors"]) + sorted("w:" + w["code"] for w in want["warnings"])
        cc = sorted(e["code"] for e in have["errors"]) + sorted("w:" + w["code"] for w in have["warnings"])
        only_r = sorted(set(rc) - set(cc))
        only_c = sorted(set(cc) - set(rc))
        if not only_r and not only_c:
            return "validate entries/order differ " + ",".join(sorted(set(rc)))
        return f"validate ref-only {only_r} cli-only {only_c}"
    if r[0] == "ok" and c[0] == "ok":
        return None if r[1] == c[1] else f"{query} output differs"
    if r[0] == "error" and c[0] == "error":
        return None if r[1] == c[1] else f"{query} error {r[1]} vs {c[1]}"
    rs = r[1] if r[0] == "error" else r[0]
    cs = c[1] if c[0] == "error" else c[0]
    return f"{query} ref {rs} vs cli {cs}"


def run_case(case: dict, cli: Cli, lg_queries=True):
    """[(signature, query, args, ref, cli)] of one ledger."""
    text = dumps(case["ledger"])
    found = []
    r = run_ref(text, "validate", {})
    c = cli.run(text, "validate", {})
    sig = compare("validate", r, c)
    if sig:
        found.append((sig, "validate", {}, r, c))
    valid = r[0] == "ok" and json.loads(r[1])["valid"]
    if not valid:
        # a books query on an invalid ledger reports its first error
        args = {"at": "2030-01-01"}
        r2, c2 = run_ref(text, "accounts", args), cli.run(text, "accounts", args)
        sig = compare("accounts", r2, c2)
        if sig:
            found.append((sig, "accounts", args, r2, c2))
        return found, 2
    if not lg_queries:
        return found, 1
    lg = ref.load_ledger(text)
    queries = gen_queries(case, lg)
    for q, args in queries:
        r2, c2 = run_ref(text, q, args), cli.run(text, q, args)
        sig = compare(q, r2, c2)
        if sig:
            found.append((sig, q, args, r2, c2))
    return found, 1 + len(queries)


# ---------------------------------------------------------------------------
# minimising
# ---------------------------------------------------------------------------

def signature_of(ledger: dict, query: str, args: dict, cli: Cli):
    text = dumps(ledger)
    r, c = run_ref(text, query, args), cli.run(text, query, args)
    return compare(query, r, c), r, c


def shrink_candidates(ledger: dict):
    """Smaller variants of a ledger, one change each."""
    E = ledger["entries"]
    for i in range(len(E)):
        v = copy.deepcopy(ledger)
        del v["entries"][i]
        yield v
    for i in range(len(ledger["members"])):
        v = copy.deepcopy(ledger)
        del v["members"][i]
        yield v
    if len(ledger["policies"]) > 1:
        for i in range(len(ledger["policies"])):
            v = copy.deepcopy(ledger)
            del v["policies"][i]
            yield v
    for pi, p in enumerate(ledger["policies"]):
        for key in ("departures", "capital", "distribution", "unit_price"):
            if key in p:
                v = copy.deepcopy(ledger)
                del v["policies"][pi][key]
                yield v
        for key in list(p.get("capital", {})):
            v = copy.deepcopy(ledger)
            del v["policies"][pi]["capital"][key]
            yield v
        for key in ("cash_fraction", "minimum_payout"):
            if key in p.get("distribution", {}):
                v = copy.deepcopy(ledger)
                del v["policies"][pi]["distribution"][key]
                yield v
        for k, spec in p["kinds"].items():
            if "curve" in spec:
                v = copy.deepcopy(ledger)
                del v["policies"][pi]["kinds"][k]["curve"]
                yield v
    for i, e in enumerate(E):
        for key in ("paid", "basis", "note"):
            if key in e:
                v = copy.deepcopy(ledger)
                del v["entries"][i][key]
                yield v
        if e["type"] == "allocation":
            for m in list(e["members"]):
                v = copy.deepcopy(ledger)
                del v["entries"][i]["members"][m]
                yield v


def minimise(ledger: dict, query: str, args: dict, sig: str, cli: Cli, budget: int = 600):
    cur = copy.deepcopy(ledger)
    tries = 0
    progress = True
    while progress and tries < budget:
        progress = False
        for v in shrink_candidates(cur):
            tries += 1
            if tries > budget:
                break
            try:
                s2, _r, _c = signature_of(v, query, args, cli)
            except Exception:
                continue
            if s2 == sig:
                cur = v
                progress = True
                break
    return cur


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--minutes", type=float, default=0, help="stop after this many minutes (0: no limit)")
    ap.add_argument("--cli", default=DEFAULT_CLI)
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "coshare_differential.jsonl"),
                    help="disagreements are appended here, one JSON line each")
    ap.add_argument("--replay")
    ap.add_argument("--minimise", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--chaos", action="store_true",
                    help="perturb every ledger (1-5 changes) and add malformed values far more often")
    o = ap.parse_args(argv)
    global CHAOS
    CHAOS = o.chaos
    if not os.path.exists(o.cli):
        print(f"no CLI at {o.cli}: cargo build -p coshare-cli", file=sys.stderr)
        return 64
    with tempfile.TemporaryDirectory() as tmp:
        cli = Cli(o.cli, tmp)
        if o.replay:
            return replay(o, cli)
        t0 = time.time()
        stats = {"cases": 0, "valid": 0, "queries": 0, "disagreements": 0}
        sigs = {}
        with open(o.out, "a", encoding="utf-8") as out:
            for i in range(o.cases):
                if o.minutes and time.time() - t0 > o.minutes * 60:
                    break
                seed = o.seed * 1_000_003 + i
                case = gen_case(seed)
                found, nq = run_case(case, cli)
                stats["cases"] += 1
                stats["queries"] += nq
                stats["valid"] += nq != 2
                for sig, q, args, r, c in found:
                    stats["disagreements"] += 1
                    sigs[sig] = sigs.get(sig, 0) + 1
                    out.write(json.dumps({"seed": seed, "sig": sig, "query": q, "args": args,
                                          "ref": r, "cli": c, "notes": case["notes"],
                                          "ledger": case["ledger"]}, ensure_ascii=False) + "\n")
                    out.flush()
                    if o.verbose or sigs[sig] == 1:
                        print(f"seed {seed}: {sig}", flush=True)
                if (i + 1) % 100 == 0:
                    print(f"... {i + 1} cases, {stats}, {time.time() - t0:.0f}s", flush=True)
        print(f"{stats['cases']} cases ({stats['valid']} valid), {stats['queries']} queries, "
              f"{cli.calls} CLI runs, {stats['disagreements']} disagreements in {time.time() - t0:.0f}s")
        for sig, n in sorted(sigs.items(), key=lambda x: -x[1]):
            print(f"  {n:5d}  {sig}")
    return 1 if stats["disagreements"] else 0


def replay(o, cli: Cli) -> int:
    bad = 0
    seen = set()
    with open(o.replay, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    for row in rows:
        sig, r, c = signature_of(row["ledger"], row["query"], row["args"], cli)
        if not sig:
            continue
        bad += 1
        if o.minimise:
            if sig in seen:
                continue
            seen.add(sig)
            small = minimise(row["ledger"], row["query"], row["args"], sig, cli)
            _s, r, c = signature_of(small, row["query"], row["args"], cli)
            print(json.dumps({"seed": row["seed"], "sig": sig, "query": row["query"], "args": row["args"],
                              "ref": r, "cli": c, "ledger": small}, ensure_ascii=False))
        else:
            print(f"seed {row['seed']}: {sig}")
    print(f"{len(rows)} replayed, {bad} still disagree", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
