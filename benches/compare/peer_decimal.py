#!/usr/bin/env python3
"""The W1 split as a straightforward Python loop with decimal.Decimal, exact.

    peer_decimal.py LEDGER.json REQUEST.json [--runs N] [--out RESULT.json]

Loading (JSON -> plain records with Decimal numbers and datetime.date
dates, repayments grouped by loan, departures by member) is timed apart
from the split, which starts from those records in memory.

It follows SPEC sections 3-5 with Decimal arithmetic, one contribution at
a time: value = round_2(hours * rate), units = round_4(at_risk * multiplier
/ unit_price); the contribution's days split into stretches at each
repayment and the day after its member's departure, u_eff = round_4(units
* retention * outstanding / at_risk) on each; the stretch's daily weights
summed per curve: days counted for none/term/steps, geometric weights
g_k = floor_9(g_{k-1} * (1 - rate)), and a linear fade's round_9 daily
weights from a prefix-sum table per fade length (the spec forbids walking
the days). Then an exact largest remainder (Decimal divmod) per pool,
ties to the smaller member id; cash = ceil_2(paid * cash_fraction);
minimum payout carried over.
"""

import bisect
import calendar
import datetime
import json
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, getcontext

from peer_cli import run_peer

getcontext().prec = 80

Q4 = Decimal("0.0001")
Q9 = Decimal("0.000000001")
ONE = Decimal(1)
ZERO = Decimal(0)


def parse_duration(text):
    months = days = 0
    num = ""
    for ch in text[1:]:
        if ch.isdigit():
            num += ch
            continue
        n = int(num)
        num = ""
        if ch == "Y":
            months += 12 * n
        elif ch == "M":
            months += n
        elif ch == "W":
            days += 7 * n
        else:
            days += n
    return months, days


def add(date, dur, times=1):
    """date + times * dur: months first (day clamped to the month's end), then days."""
    months, days = dur
    if months:
        total = date.year * 12 + date.month - 1 + months * times
        year, month = divmod(total, 12)
        month += 1
        day = min(date.day, calendar.monthrange(year, month)[1])
        date = datetime.date(year, month, day)
    return date + datetime.timedelta(days=days * times)


def days(a, b):
    return max((b - a).days + 1, 0)


ONE_DAY = datetime.timedelta(days=1)
_linear_tables = {}


def linear_prefix(fade_days):
    """prefix[k] = sum of round_9(i / F) for i = 1..k, as integers of 1e-9."""
    table = _linear_tables.get(fade_days)
    if table is None:
        table = [0]
        for i in range(1, fade_days + 1):
            q, r = divmod(i * 10**9, fade_days)
            if 2 * r > fade_days or (2 * r == fade_days and q % 2 == 1):
                q += 1
            table.append(table[-1] + q)
        _linear_tables[fade_days] = table
    return table


def weight_sum(curve, d, lo, hi):
    """Sum of the weights w(t), t in lo..hi (lo >= d), as a Decimal."""
    if "expire" in curve:
        hi = min(hi, add(d, curve["expire"]) - ONE_DAY)
    if lo > hi:
        return ZERO
    kind = curve["type"]
    if kind == "none":
        return Decimal(days(lo, hi))
    if kind == "term":
        return Decimal(days(lo, min(hi, add(d, curve["term"]) - ONE_DAY)))
    if kind == "linear":
        f0 = add(d, curve["hold"])
        f1 = add(f0, curve["fade"])
        total = days(lo, min(hi, f0 - ONE_DAY)) * 10**9
        a, b = max(lo, f0), min(hi, f1 - ONE_DAY)
        if a <= b:
            table = linear_prefix((f1 - f0).days)
            total += table[(f1 - a).days] - table[(f1 - b).days - 1]
        return Decimal(total).scaleb(-9)
    if kind == "geometric":
        f0 = add(d, curve["hold"])
        total = Decimal(days(lo, min(hi, f0 - ONE_DAY)))
        cur = max(lo, f0)
        keep = ONE - curve["rate"]
        g, k = ONE, 0
        while add(f0, curve["every"], k + 1) <= cur:
            k += 1
            g = (g * keep).quantize(Q9, rounding=ROUND_FLOOR)
        while g > 0 and cur <= hi:
            nxt = add(f0, curve["every"], k + 1)
            total += g * days(cur, min(hi, nxt - ONE_DAY))
            cur, k = nxt, k + 1
            g = (g * keep).quantize(Q9, rounding=ROUND_FLOOR)
        return total
    if kind == "steps":
        points = {}
        for dur, w in curve["points"]:  # the later-listed point wins on a date
            points[add(d, dur)] = w
        dated = sorted(points.items())
        total = ZERO
        for i, (start, w) in enumerate(dated):
            until = hi if i + 1 == len(dated) else min(hi, dated[i + 1][0] - ONE_DAY)
            total += w * days(max(lo, start), until)
        return total
    raise ValueError(kind)


def date_of(text):
    return datetime.date.fromisoformat(text)


def curve_of(spec):
    curve = dict(spec.get("curve", {"type": "none"}))
    for key in ("term", "fade", "every", "expire"):
        if key in curve:
            curve[key] = parse_duration(curve[key])
    if curve["type"] in ("linear", "geometric"):
        curve["hold"] = parse_duration(curve.get("hold", "P0D"))
    if "rate" in curve:
        curve["rate"] = Decimal(curve["rate"])
    if "points" in curve:
        curve["points"] = [(parse_duration(p), Decimal(w)) for p, w in curve["points"]]
    return curve


def load(ledger_path, request_path):
    with open(ledger_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(request_path, encoding="utf-8") as f:
        req = json.load(f)
    policies = []
    departures, distribution = {}, {}
    for p in sorted(doc["policies"], key=lambda p: p["effective"]):
        departures = p.get("departures", departures)
        distribution = p.get("distribution", distribution)
        policies.append(
            {
                "effective": date_of(p["effective"]),
                "unit_price": Decimal(p.get("unit_price", "1")),
                "kinds": {
                    name: {
                        "multiplier": Decimal(k["multiplier"]),
                        "repayable": k.get("repayable", False),
                        "curve": curve_of(k),
                    }
                    for name, k in p["kinds"].items()
                },
                "departures": {
                    reason: {k: Decimal(v) for k, v in factors.items()}
                    for reason, factors in departures.items()
                },
                "distribution": distribution,
            }
        )
    num = lambda e, k: Decimal(e[k]) if k in e else None  # noqa: E731
    contributions, repayments, leaving = [], {}, {}
    for e in doc["entries"]:
        t = e["type"]
        if t == "contribution":
            contributions.append(
                (e["id"], e["member"], date_of(e["date"]), e["kind"], num(e, "value"),
                 num(e, "hours"), num(e, "rate"), num(e, "paid") or ZERO)
            )
        elif t == "repayment":
            repayments.setdefault(e["loan"], []).append((date_of(e["date"]), Decimal(e["amount"])))
        elif t == "departure":
            key = (e["date"], e["id"])
            if e["member"] not in leaving or key < leaving[e["member"]][0]:
                leaving[e["member"]] = (key, date_of(e["date"]), e["reason"])
        else:
            raise SystemExit("peer_decimal: voids are not supported")
    for reps in repayments.values():
        reps.sort()
    return {
        "scale": doc["currency"]["scale"],
        "policies": policies,
        "effective": [p["effective"] for p in policies],
        "members": sorted(m["id"] for m in doc["members"]),
        "contributions": contributions,
        "repayments": repayments,
        "departures": {m: (d, r) for m, (_, d, r) in leaving.items()},
    }, req


def largest_remainder(n, weights):
    """Exact: floor(n * w / W) each, the leftover to the largest remainders."""
    total = sum(weights.values(), ZERO)
    if n <= 0 or total <= 0:
        return {k: 0 for k in weights}
    parts, rems = {}, []
    for key, w in weights.items():
        q, r = divmod(n * w, total)
        parts[key] = int(q)
        if w > 0:
            rems.append((-r, key))
    rems.sort()
    for _, key in rems[: n - sum(parts.values())]:
        parts[key] += 1
    return parts


def split(data, req):
    scale = data["scale"]
    money_q = Decimal(1).scaleb(-scale)
    start = date_of(req["period"]["start"])
    end = date_of(req["period"]["end"])
    policies, effective = data["policies"], data["effective"]
    dist = policies[bisect.bisect_right(effective, end) - 1]["distribution"]
    buckets = dist.get("buckets") or [{"name": "all", "share": "1", "kinds": ["*"]}]
    pools = [(b["name"], None if b["kinds"] == ["*"] else set(b["kinds"]))
             for b in buckets if "kinds" in b]
    basis = {name: {} for name, _ in pools}
    repayments, departures = data["repayments"], data["departures"]

    for cid, member, d, kind, value, hours, rate, paid in data["contributions"]:
        if d > end:
            continue
        policy = policies[bisect.bisect_right(effective, d) - 1]
        spec = policy["kinds"][kind]
        if value is None:
            value = (hours * rate).quantize(money_q, rounding=ROUND_HALF_EVEN)
        at_risk = value - paid
        units = (at_risk * spec["multiplier"] / policy["unit_price"]).quantize(Q4, rounding=ROUND_HALF_EVEN)
        reps = repayments.get(cid, ())
        departure = departures.get(member)
        changes = {r[0] for r in reps}
        factor = ONE
        if departure is not None:
            changes.add(departure[0] + ONE_DAY)
            dep_policy = policies[bisect.bisect_right(effective, departure[0]) - 1]
            factors = dep_policy["departures"][departure[1]]
            factor = factors.get(kind, factors.get("default", ONE))
        changes = sorted(c for c in changes if c > d)
        lo = max(start, d)
        unit_days = ZERO
        frm = d
        for nxt in changes + [None]:
            to = end if nxt is None else min(end, nxt - ONE_DAY)
            a = max(lo, frm)
            if a <= to:
                retention = factor if departure is not None and frm > departure[0] else ONE
                if spec["repayable"] and at_risk > 0:
                    outstanding = at_risk - sum((amt for day, amt in reps if day <= frm), ZERO)
                    u_eff = (units * retention * outstanding / at_risk).quantize(Q4, rounding=ROUND_HALF_EVEN)
                else:
                    u_eff = (units * retention).quantize(Q4, rounding=ROUND_HALF_EVEN)
                if u_eff:
                    unit_days += u_eff * weight_sum(spec["curve"], d, a, to)
            if nxt is None or nxt > end:
                break
            frm = nxt
        if unit_days:
            for name, kinds in pools:
                if kinds is None or kind in kinds:
                    b = basis[name]
                    b[member] = b.get(member, ZERO) + unit_days

    amount = Decimal(req["amount"])
    n = int(abs(amount).scaleb(scale))
    sign = -1 if amount < 0 else 1
    bucket_parts = largest_remainder(n, {i: Decimal(b["share"]) for i, b in enumerate(buckets)})
    allocated = {}
    out_buckets = {}
    for i, b in enumerate(buckets):
        out_buckets[b["name"]] = sign * bucket_parts[i]
        if "kinds" not in b:
            continue
        weights = {m: w for m, w in sorted(basis[b["name"]].items()) if w != 0}
        for m, part in largest_remainder(bucket_parts[i], weights).items():
            allocated[m] = allocated.get(m, 0) + sign * part

    unit = 10**scale
    minimum = int(Decimal(dist.get("minimum_payout", "0")).scaleb(scale))
    cash_fraction = Decimal(dist.get("cash_fraction", "1"))
    members = {}
    for m in sorted(allocated):
        a = allocated[m]
        due = a  # no carry-in in the benchmark requests
        if a >= 0 and 0 < due < minimum:
            paid, carry_out = 0, due
        else:
            paid, carry_out = due, 0
        cash = 0
        if paid > 0:
            cash = int((Decimal(paid) / unit * cash_fraction).quantize(money_q, rounding=ROUND_CEILING).scaleb(scale))
        members[m] = {"allocated": a, "paid": paid, "cash": cash, "carry_out": carry_out,
                      "basis": {name: str(basis[name][m]) for name, _ in pools if basis[name].get(m)}}
    return {"buckets": out_buckets, "members": members}


if __name__ == "__main__":
    run_peer("decimal", load, split, default_runs=1)
