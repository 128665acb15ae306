#!/usr/bin/env python3
"""The W1 split as a numpy/pandas user would write it: vectorized, float64.

    peer_float.py LEDGER.json REQUEST.json [--runs N] [--out RESULT.json]

Loading (JSON -> DataFrames with float64 and datetime64 columns) is timed
apart from the split, which starts from the DataFrames in memory, as
coshare's `Ledger::split` starts from a checked ledger in memory.

What it does, per SPEC sections 3-5, in float64:
  value = round(hours * rate, 2) (with the ties rounded exactly) or value; units = (value - paid) * multiplier
  / unit_price (no round_4); each contribution's unit-days over the period
  are closed forms per curve (linear fade summed as an arithmetic series,
  geometric weight (1 - rate)**k, steps and terms as day counts), with the
  departure's retention and each repayment's outstanding ratio applied as
  extra rows; basis per member and pool with np.bincount; each pool split
  by a naive largest remainder on float quotas (floor, then the leftover
  cents to the largest float fractions, ties to the smaller member id);
  cash = ceil(paid * cash_fraction), rounded to 1e-6 cent first (the usual
  guard against 20.000000000000004); minimum payout carried over.

It also reports what the other common pandas idiom, rounding each quota to
the cent and fixing nothing, would have paid: how far its total drifts.

It assumes what the benchmark ledgers satisfy: no voids, every period at
most one step of a geometric curve long per segment walk (it loops while
needed), steps points in date order.
"""

import json

import numpy as np
import pandas as pd

from peer_cli import run_peer


def parse_duration(text):
    """'P1Y2M3W4D' -> (months, days)."""
    assert text.startswith("P")
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


def add_duration(days, dur, times=1):
    """Day numbers + times * dur, vectorized, clamping to the month's end."""
    months, plus_days = dur
    days = np.asarray(days, dtype=np.int64)
    if months:
        dt = days.astype("datetime64[D]")
        m = dt.astype("datetime64[M]")
        dom = (dt - m.astype("datetime64[D]")).astype(np.int64)
        m2 = m + np.asarray(months * times, dtype=np.int64)
        first = m2.astype("datetime64[D]").astype(np.int64)
        length = (m2 + 1).astype("datetime64[D]").astype(np.int64) - first
        days = first + np.minimum(dom, length - 1)
    return days + plus_days * times


def count(a, b):
    return np.maximum(b - a + 1, 0)


def weight_sum(curve, d, lo, hi):
    """Sum of the daily weights over lo..hi (arrays of day numbers, lo >= d)."""
    if curve.get("expire"):
        hi = np.minimum(hi, add_duration(d, parse_duration(curve["expire"])) - 1)
    kind = curve.get("type", "none")
    if kind == "none":
        return count(lo, hi).astype(np.float64)
    if kind == "term":
        return count(lo, np.minimum(hi, add_duration(d, parse_duration(curve["term"])) - 1)).astype(np.float64)
    if kind == "linear":
        f0 = add_duration(d, parse_duration(curve.get("hold", "P0D")))
        f1 = add_duration(f0, parse_duration(curve["fade"]))
        fade_days = (f1 - f0).astype(np.float64)
        ones = count(lo, np.minimum(hi, f0 - 1))
        a, b = np.maximum(lo, f0), np.minimum(hi, f1 - 1)
        k1, k2 = (f1 - b).astype(np.float64), (f1 - a).astype(np.float64)
        fading = np.where(a <= b, (k1 + k2) * (k2 - k1 + 1) / (2 * fade_days), 0.0)
        return ones + fading
    if kind == "geometric":
        every = parse_duration(curve["every"])
        keep = 1.0 - float(curve["rate"])
        f0 = add_duration(d, parse_duration(curve.get("hold", "P0D")))
        total = count(lo, np.minimum(hi, f0 - 1)).astype(np.float64)
        cur = np.maximum(lo, f0)
        approx_days = every[0] * 30.436875 + every[1]
        k = np.maximum(((cur - f0) // approx_days).astype(np.int64) - 1, 0)
        while True:  # k = the number of steps passed by cur
            more = add_duration(f0, every, k + 1) <= cur
            if not more.any():
                break
            k = k + more
        active = cur <= hi
        while active.any():
            nxt = add_duration(f0, every, k + 1)
            total += np.where(active, keep ** k * count(cur, np.minimum(hi, nxt - 1)), 0.0)
            cur, k = nxt, k + 1
            active = cur <= hi
        return total
    if kind == "steps":
        points = [(parse_duration(p[0]), float(p[1])) for p in curve["points"]]
        total = np.zeros(len(d))
        starts = [add_duration(d, dur) for dur, _ in points]
        for i, (_, w) in enumerate(points):
            until = hi if i + 1 == len(points) else np.minimum(hi, starts[i + 1] - 1)
            total += w * count(np.maximum(lo, starts[i]), until)
        return total
    raise ValueError(f"unknown curve {kind}")


def day_numbers(series):
    return pd.to_datetime(series).values.astype("datetime64[D]").astype(np.int64)


def load(ledger_path, request_path):
    with open(ledger_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(request_path, encoding="utf-8") as f:
        req = json.load(f)
    by_type = {"contribution": [], "repayment": [], "departure": []}
    for e in doc["entries"]:
        if e["type"] == "void":
            raise SystemExit("peer_float: voids are not supported")
        by_type[e["type"]].append(e)
    members = sorted(m["id"] for m in doc["members"])
    member_type = pd.CategoricalDtype(members)
    c = pd.DataFrame.from_records(
        by_type["contribution"],
        columns=["id", "member", "date", "kind", "value", "hours", "rate", "paid"],
    )
    c["member"] = c["member"].astype(member_type)
    c["kind"] = c["kind"].astype("category")
    c["date"] = pd.to_datetime(c["date"])
    for col in ("value", "hours", "rate", "paid"):
        c[col] = pd.to_numeric(c[col]).astype(np.float64)
    r = pd.DataFrame.from_records(by_type["repayment"], columns=["id", "loan", "date", "amount"])
    r["date"] = pd.to_datetime(r["date"])
    r["amount"] = pd.to_numeric(r["amount"]).astype(np.float64)
    dep = pd.DataFrame.from_records(by_type["departure"], columns=["id", "member", "date", "reason"])
    dep["date"] = pd.to_datetime(dep["date"])
    dep = dep.sort_values(["date", "id"]).drop_duplicates("member")
    # Policies, sorted, with departures and distribution inherited.
    policies = []
    prev_dep, prev_dist = {}, {}
    for p in sorted(doc["policies"], key=lambda p: p["effective"]):
        prev_dep = p.get("departures", prev_dep)
        prev_dist = p.get("distribution", prev_dist)
        policies.append(
            {
                "effective": np.datetime64(p["effective"], "D").astype(np.int64),
                "unit_price": float(p.get("unit_price", "1")),
                "kinds": p["kinds"],
                "departures": prev_dep,
                "distribution": prev_dist,
            }
        )
    return {"c": c, "r": r, "dep": dep, "policies": policies, "members": members,
            "scale": doc["currency"]["scale"]}, req


def naive_largest_remainder(n, weights):
    """floor each float quota, the leftover to the largest float fractions."""
    parts = np.zeros(len(weights), dtype=np.int64)
    total = weights.sum()
    if n <= 0 or total <= 0:
        return parts, np.zeros(len(weights))
    quota = n * weights / total
    floor = np.floor(quota)
    parts = floor.astype(np.int64)
    left = int(n - parts.sum())
    frac = np.where(weights > 0, quota - floor, -1.0)
    order = np.argsort(-frac, kind="stable")  # ties: smaller index = smaller id
    parts[order[:left]] += 1
    return parts, quota


def split(data, req):
    c, r, dep, policies = data["c"], data["r"], data["dep"], data["policies"]
    unit = 10 ** data["scale"]
    start = np.datetime64(req["period"]["start"], "D").astype(np.int64)
    end = np.datetime64(req["period"]["end"], "D").astype(np.int64)
    d = c["date"].values.astype("datetime64[D]").astype(np.int64)
    effective = np.array([p["effective"] for p in policies])
    pidx = np.searchsorted(effective, d, side="right") - 1

    # Value and units under the policy in force on each contribution's date.
    # Money in cents held exactly in float64: hours and rate scaled to whole
    # numbers first, so that half-cent ties round half to even exactly
    # (a plain round(hours * rate, 2) gets those ties wrong at random).
    hours_rate = np.round(c["hours"].values * 10_000) * np.round(c["rate"].values * unit) / 10_000
    value = np.where(c["hours"].notna(), np.round(hours_rate) / unit, c["value"].values)
    at_risk = value - c["paid"].fillna(0.0).values
    kind = c["kind"].cat.codes.values
    kind_names = list(c["kind"].cat.categories)
    code_of = {k: i for i, k in enumerate(kind_names)}
    multiplier = np.zeros(len(c))
    repayable = np.zeros(len(c), dtype=bool)
    group = np.full(len(c), -1)
    curves = []
    for pi, p in enumerate(policies):
        in_policy = pidx == pi
        for name, spec in p["kinds"].items():
            mask = in_policy & (kind == code_of.get(name, -1))
            multiplier[mask] = float(spec["multiplier"]) / p["unit_price"]
            repayable[mask] = spec.get("repayable", False)
            group[mask] = len(curves)
            curves.append(spec.get("curve", {"type": "none"}))
    units = at_risk * multiplier

    # Rows of unit-days: each contribution from max(start, date), minus, for
    # each repayment, units * amount / at_risk from max(start, its date).
    row = np.arange(len(c))
    coef = np.ones(len(c))
    lo = np.maximum(start, d)
    if len(r):
        loan = pd.Index(c["id"]).get_indexer(r["loan"])
        rd = r["date"].values.astype("datetime64[D]").astype(np.int64)
        ok = repayable[loan] & (at_risk[loan] > 0)
        row = np.concatenate([row, loan[ok]])
        coef = np.concatenate([coef, -(r["amount"].values[ok] / at_risk[loan[ok]])])
        lo = np.concatenate([lo, np.maximum(start, rd[ok])])

    # Departures: retention factor from the day after, by the policy in force then.
    member_code = c["member"].cat.codes.values
    left_day = np.full(len(data["members"]), np.iinfo(np.int64).max // 4)
    retention = np.ones(len(c))
    if len(dep):
        codes = pd.Categorical(dep["member"], categories=data["members"]).codes
        dd = dep["date"].values.astype("datetime64[D]").astype(np.int64)
        left_day[codes] = dd
        reason = pd.Series(dep["reason"].values, index=codes)
        dep_policy = pd.Series(np.searchsorted(effective, dd, side="right") - 1, index=codes)
        has = np.isin(member_code, codes)
        for (pi, why), idx in (
            pd.DataFrame({"pi": dep_policy.reindex(member_code[has]).values,
                          "why": reason.reindex(member_code[has]).values,
                          "i": np.flatnonzero(has)})
            .groupby(["pi", "why"])["i"]
        ):
            factors = policies[pi]["departures"][why]
            default = float(factors.get("default", "1"))
            lut = np.array([float(factors.get(k, default)) for k in kind_names])
            retention[idx.values] = lut[kind[idx.values]]
    member_left = left_day[member_code]

    # Unit-days = units * sum over rows of coef * (W(lo..min(end, left)) + R * W(max(lo, left+1)..end)).
    ml, rt, dr, gr = member_left[row], retention[row], d[row], group[row]
    ud_rows = np.zeros(len(row))
    for g, curve in enumerate(curves):
        m = gr == g
        if not m.any():
            continue
        before = weight_sum(curve, dr[m], lo[m], np.minimum(end, ml[m]))
        after = weight_sum(curve, dr[m], np.maximum(lo[m], ml[m] + 1), np.full(m.sum(), end))
        ud_rows[m] = coef[m] * (before + rt[m] * after)
    unit_days = units * np.bincount(row, weights=ud_rows, minlength=len(c))

    # Buckets and pools, by the distribution in force on the period's end.
    dist = policies[np.searchsorted(effective, end, side="right") - 1]["distribution"]
    buckets = dist.get("buckets") or [{"name": "all", "share": "1", "kinds": ["*"]}]
    amount = float(req["amount"])
    n = int(round(abs(amount) * unit))
    sign = -1 if amount < 0 else 1
    shares = np.array([float(b["share"]) for b in buckets])
    bucket_parts, _ = naive_largest_remainder(n, shares)
    m_count = len(data["members"])
    allocated = np.zeros(m_count, dtype=np.int64)
    allocated_round = np.zeros(m_count, dtype=np.int64)
    listed = np.zeros(m_count, dtype=bool)
    out_buckets = {}
    for b, part in zip(buckets, bucket_parts):
        out_buckets[b["name"]] = int(sign * part)
        if "kinds" not in b:
            continue
        mask = np.ones(len(c), dtype=bool) if b["kinds"] == ["*"] else np.isin(kind, [code_of.get(k, -1) for k in b["kinds"]])
        basis = np.bincount(member_code[mask], weights=unit_days[mask], minlength=m_count)
        parts, quota = naive_largest_remainder(int(part), basis)
        allocated += sign * parts
        allocated_round += sign * np.round(quota).astype(np.int64)
        listed |= basis != 0

    minimum = int(round(float(dist.get("minimum_payout", "0")) * unit))
    cash_fraction = float(dist.get("cash_fraction", "1"))
    due = allocated  # no carry-in in the benchmark requests
    carry = (due > 0) & (due < minimum)
    paid = np.where(allocated >= 0, np.where(carry, 0, due), allocated)
    carry_out = np.where(carry, due, 0)
    cash = np.where(paid > 0, np.ceil(np.round(paid * cash_fraction, 6)), 0).astype(np.int64)
    cash_unguarded = np.where(paid > 0, np.ceil(paid * cash_fraction), 0).astype(np.int64)
    members = {}
    for i in np.flatnonzero(listed):
        members[data["members"][i]] = {
            "allocated": int(allocated[i]), "paid": int(paid[i]),
            "cash": int(cash[i]), "carry_out": int(carry_out[i]),
        }
    pools_total = sum(out_buckets[b["name"]] for b in buckets if "kinds" in b)
    return {
        "buckets": out_buckets,
        "members": members,
        "round_no_fix": {
            "drift_minor_units": int(allocated_round.sum() - pools_total),
            "members_off": int((allocated_round[listed] != allocated[listed]).sum()),
        },
        # Two other float pitfalls this peer avoids, counted for the report:
        # ceil(paid * cash_fraction) without the 1e-6 guard, and a plain
        # round(hours * rate, 2) on floats.
        "ceil_unguarded_members_off": int((cash_unguarded[listed] != cash[listed]).sum()),
        "plain_round_values_off": int(
            (np.where(c["hours"].notna(), (c["hours"] * c["rate"]).round(2), value) != value).sum()
        ),
    }


if __name__ == "__main__":
    run_peer("float", load, split, default_runs=3)
