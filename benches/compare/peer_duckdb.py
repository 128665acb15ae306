#!/usr/bin/env python3
"""The W1 split as a data-savvy treasurer writes it in SQL: DuckDB, exact.

    peer_duckdb.py LEDGER.json REQUEST.json [--runs N] [--out RESULT.json]

Everything is SQL (the macros, tables and queries below); Python only
connects, runs the statements, and turns the result rows into the JSON
that peer_cli.py writes. Loading is `read_json` of the ledger file (one
JSON document: its entries as a typed list of structs, numbers read as
DECIMAL(38, 6), dates as DATE; the policies as JSON) and of the request,
then one table per entry type, voided entries left out. It is timed apart
from the split, as for the other peers; run with `--runs 1`, the whole
script is the end-to-end time (read_json + SQL).

The split follows SPEC sections 3-5 exactly (as peer_decimal.py does, in
sets rather than loops), with no DOUBLE anywhere for money, units or
weights. Numbers are read as DECIMAL and computed as exact fixed-point
integers (HUGEINT, DuckDB's own representation of DECIMAL(38, s)) wherever
SQL's DECIMAL would not do: its division returns a DOUBLE and its casts
round half away from zero, so a division or a round_4 / round_9 is an
integer division with the SPEC's half-to-even, floor or ceiling rule
(macros `div_he`, `div_ceil`). Fixed scales: money in minor units
(`scale`), units 10^-4, weights 10^-9, unit-days 10^-13, policy numbers
(multipliers, prices, retention factors, shares, cash fraction, rates)
10^-18.

- value = round_s(hours * rate) (half to even), at_risk = value - paid,
  units = round_4(at_risk * multiplier / unit_price), under the policy in
  force on the contribution's date (a range join on the policies' dates);
- each contribution's days are cut into stretches at its repayments' dates
  and the day after its member's departure (a window over the union of
  those breakpoints: `lead` for the stretch's end, a running sum for what
  is repaid), u_eff = round_4(units * retention * outstanding / at_risk)
  on each (retention by the departures in force on the departure date,
  inherited whole from earlier policies);
- each stretch's daily weights summed in closed form per curve: days for
  none / term, a prefix table of round_9((f1 - t) / F) per fade length F
  for linear, the steps g_k = floor_9(g_{k-1} * (1 - rate)) from a
  recursive CTE for geometric (the few candidate steps of each stretch
  bounded from day counts), the points in date order (a window) for steps;
  `expire` clips any of them;
- the basis per member and pool (the distribution in force on the period's
  end), then the largest remainder with window functions: floors, the
  leftover minor units to the largest remainders (`row_number() OVER
  (PARTITION BY pool ORDER BY remainder DESC, member)`), ties to the
  earlier bucket or the smaller member id; cash = ceil_s(paid *
  cash_fraction); a due below the minimum payout carried out.

Limits (checked by DuckDB, which raises on a HUGEINT overflow rather than
wrapping): a product such as units * retention * outstanding must stay
below 1.7e38, far above the benchmark ledgers. Not supported (the
benchmark ledgers have none, and the script says so): carry-ins in the
request, the `snapshot` basis.
"""

import duckdb

from peer_cli import run_peer

# Fixed-point helpers and date arithmetic, all exact.
MACROS = r"""
CREATE OR REPLACE MACRO nano() AS CAST(1000000000 AS BIGINT);
CREATE OR REPLACE MACRO exa() AS CAST(1000000000000000000 AS HUGEINT);
-- a decimal string as an integer of 10^-k (exact: the digits moved, never a float)
CREATE OR REPLACE MACRO fixed(s, k) AS
    CAST(split_part(s, '.', 1) || rpad(split_part(s, '.', 2), k, '0') AS HUGEINT);
-- n / d rounded half to even (n >= 0, d > 0), and rounded up
CREATE OR REPLACE MACRO div_he(n, d) AS
    n // d + CASE WHEN 2 * (n % d) > d OR (2 * (n % d) = d AND (n // d) % 2 = 1) THEN 1 ELSE 0 END;
CREATE OR REPLACE MACRO div_ceil(n, d) AS n // d + CASE WHEN n % d > 0 THEN 1 ELSE 0 END;
-- durations P[nY][nM][nW][nD] as (months, days); x + j*dur: months first, clamped to the month's end
CREATE OR REPLACE MACRO dur_part(s, unit) AS
    coalesce(CAST(nullif(regexp_extract(s, '(\d+)' || unit, 1), '') AS INTEGER), 0);
CREATE OR REPLACE MACRO dur_m(s) AS dur_part(s, 'Y') * 12 + dur_part(s, 'M');
CREATE OR REPLACE MACRO dur_d(s) AS dur_part(s, 'W') * 7 + dur_part(s, 'D');
CREATE OR REPLACE MACRO plus(d, m, dd, j) AS
    CAST(d + to_months(CAST(m * j AS INTEGER)) AS DATE) + CAST(dd * j AS INTEGER);
CREATE OR REPLACE MACRO ndays(a, b) AS greatest(b - a + 1, 0);
"""

ENTRY = ("STRUCT(type VARCHAR, id VARCHAR, member VARCHAR, date DATE, kind VARCHAR, "
         "value DECIMAL(18, 4), hours DECIMAL(18, 4), rate DECIMAL(18, 4), paid DECIMAL(18, 4), "
         "loan VARCHAR, amount DECIMAL(18, 4), reason VARCHAR, target VARCHAR)")

LOAD = """
CREATE OR REPLACE TABLE doc AS
SELECT * FROM read_json(getvariable('ledger'), format = 'unstructured', records = true,
    maximum_object_size = 4000000000,
    columns = {currency: 'STRUCT(code VARCHAR, scale INTEGER)', policies: 'JSON',
               members: 'STRUCT(id VARCHAR)[]', entries: '""" + ENTRY + """[]'});
CREATE OR REPLACE TABLE req AS
SELECT period.start AS pstart, period."end" AS pend, amount, basis, carry_in
FROM read_json(getvariable('request'), format = 'unstructured', records = true,
    columns = {period: 'STRUCT(start DATE, "end" DATE)', amount: 'VARCHAR', basis: 'VARCHAR', carry_in: 'JSON'});
CREATE OR REPLACE TEMP TABLE entries AS SELECT unnest(entries, recursive := true) FROM doc;
CREATE OR REPLACE TEMP TABLE live AS
SELECT * FROM entries ANTI JOIN (SELECT target FROM entries WHERE type = 'void') v ON entries.id = v.target;
CREATE OR REPLACE TABLE contributions AS
SELECT id, member, date, kind, value, hours, rate, paid FROM live WHERE type = 'contribution';
CREATE OR REPLACE TABLE repayments AS SELECT id, loan, date, amount FROM live WHERE type = 'repayment';
CREATE OR REPLACE TABLE departures AS SELECT id, member, date, reason FROM live WHERE type = 'departure';
CREATE OR REPLACE TABLE ledger AS
SELECT currency.scale AS scale, policies, [m.id FOR m IN members] AS members FROM doc;
DROP TABLE entries; DROP TABLE live; DROP TABLE doc;
"""

SPLIT = """
SET VARIABLE unit = (SELECT [1, 10, 100, 1000, 10000][scale + 1]::BIGINT FROM ledger);
SET VARIABLE scale = (SELECT scale FROM ledger);
SET VARIABLE pstart = (SELECT pstart FROM req);
SET VARIABLE pend = (SELECT pend FROM req);

-- Policies by date, departures and distribution inherited whole from the one before.
CREATE OR REPLACE TEMP TABLE pol AS
WITH p AS (SELECT unnest(from_json(policies, '["JSON"]')) AS p FROM ledger),
q AS (
    SELECT CAST(p ->> 'effective' AS DATE) AS effective, coalesce(p ->> 'unit_price', '1') AS unit_price,
           p -> 'kinds' AS kinds, p -> 'departures' AS departures, p -> 'distribution' AS distribution
    FROM p)
SELECT row_number() OVER (ORDER BY effective) AS pidx, effective,
       coalesce(lead(effective) OVER (ORDER BY effective), DATE '9999-12-31') AS until,
       fixed(unit_price, 18) AS price18, kinds,
       coalesce(last_value(departures IGNORE NULLS) OVER w, '{}') AS departures,
       coalesce(last_value(distribution IGNORE NULLS) OVER w, '{}') AS distribution
FROM q WINDOW w AS (ORDER BY effective ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);

-- Kinds per policy, each with its own curve.
CREATE OR REPLACE TEMP TABLE kinds AS
WITH k AS (SELECT pidx, price18, name, kinds -> name AS spec FROM pol, unnest(json_keys(kinds)) t(name)),
c AS (SELECT *, coalesce(spec -> 'curve', '{"type": "none"}') AS curve FROM k)
SELECT row_number() OVER (ORDER BY pidx, name) AS curve_id, pidx, name AS kind,
       -- units (10^-4) = round_4(at_risk (10^-scale) * num / den): multiplier / unit_price, reduced
       CAST(fixed(spec ->> 'multiplier', 18) * 10000
            // gcd(fixed(spec ->> 'multiplier', 18) * 10000, price18 * getvariable('unit')) AS BIGINT) AS num,
       CAST(price18 * getvariable('unit')
            // gcd(fixed(spec ->> 'multiplier', 18) * 10000, price18 * getvariable('unit')) AS BIGINT) AS den,
       coalesce(CAST(spec ->> 'repayable' AS BOOLEAN), false) AS repayable,
       curve ->> 'type' AS ctype,
       dur_m(curve ->> 'term') AS term_m, dur_d(curve ->> 'term') AS term_d,
       dur_m(coalesce(curve ->> 'hold', 'P0D')) AS hold_m, dur_d(coalesce(curve ->> 'hold', 'P0D')) AS hold_d,
       dur_m(curve ->> 'fade') AS fade_m, dur_d(curve ->> 'fade') AS fade_d,
       dur_m(curve ->> 'every') AS every_m, dur_d(curve ->> 'every') AS every_d,
       exa() - fixed(curve ->> 'rate', 18) AS keep18,
       curve ->> 'expire' IS NOT NULL AS expires,
       dur_m(curve ->> 'expire') AS exp_m, dur_d(curve ->> 'expire') AS exp_d,
       curve -> 'points' AS points
FROM c;

-- Geometric weights g_k = floor_9(g_{k-1} * (1 - rate)) while they are above 0.
CREATE OR REPLACE TEMP TABLE geo AS
WITH RECURSIVE g(curve_id, k, g9, keep18) AS (
    SELECT curve_id, 0, nano(), keep18 FROM kinds WHERE ctype = 'geometric'
    UNION ALL
    SELECT curve_id, k + 1, g9 * keep18 // exa(), keep18 FROM g WHERE g9 > 0)
SELECT curve_id, k, CAST(g9 AS BIGINT) AS g9 FROM g WHERE g9 > 0;

-- Steps curves' points: (order listed, duration, weight).
CREATE OR REPLACE TEMP TABLE points AS
SELECT curve_id, i AS idx, dur_m(pt[1]) AS pm, dur_d(pt[1]) AS pd, CAST(fixed(pt[2], 9) AS BIGINT) AS w9
FROM (SELECT curve_id, from_json(points, '[["VARCHAR"]]') AS pts FROM kinds WHERE ctype = 'steps'),
     unnest(range(1, len(pts) + 1)) t(i), LATERAL (SELECT pts[i] AS pt);

-- Contributions up to the period's end, valued under the policy in force on their date
-- (money in minor units: value = round_s(hours * rate) from hours and rate in 10^-4).
CREATE OR REPLACE TEMP TABLE cc AS
WITH v AS (
    SELECT c.rowid AS rid, c.id, c.member, c.date AS d, c.kind, k.curve_id, k.repayable, k.num, k.den,
           CASE WHEN c.hours IS NOT NULL
                THEN div_he(CAST(c.hours * 10000 AS BIGINT) * CAST(c.rate * 10000 AS BIGINT),
                            100000000 // getvariable('unit'))
                ELSE CAST(c.value * 10000 AS BIGINT) // (10000 // getvariable('unit')) END
             - coalesce(CAST(c.paid * 10000 AS BIGINT) // (10000 // getvariable('unit')), 0) AS at_risk
    FROM contributions c JOIN pol p ON c.date >= p.effective AND c.date < p.until
    JOIN kinds k ON k.pidx = p.pidx AND k.kind = c.kind
    WHERE c.date <= getvariable('pend'))
SELECT rid, id, member, d, kind, curve_id, repayable, at_risk,
       CASE WHEN den = 1 THEN at_risk * num ELSE div_he(at_risk * num, den) END AS units4
FROM v;

-- Departures: each member's first (by date, then id), its retention factor per kind
-- by the departures in force on that date.
CREATE OR REPLACE TEMP TABLE dep AS
WITH firsts AS (
    SELECT member, min(date) AS left_on, arg_min(reason, (date, id)) AS reason FROM departures GROUP BY member),
rules AS (SELECT f.*, p.departures -> f.reason AS factors FROM firsts f ASOF JOIN pol p ON f.left_on >= p.effective)
SELECT member, left_on, kind,
       fixed(coalesce(factors ->> kind, factors ->> 'default', '1'), 18) AS ret18
FROM rules, (SELECT DISTINCT kind FROM kinds);

-- What cuts a contribution's days: its repayments (one dated on or before the
-- contribution counts from its first day) and the day after its member's departure.
CREATE OR REPLACE TEMP TABLE cuts AS
SELECT cc.rid, greatest(r.date, cc.d) AS day,
       CAST(r.amount * 10000 AS BIGINT) // (10000 // getvariable('unit')) AS amount
FROM repayments r JOIN cc ON r.loan = cc.id WHERE cc.repayable
UNION ALL
SELECT cc.rid, dep.left_on + 1, 0 FROM cc JOIN dep ON dep.member = cc.member AND dep.kind = cc.kind
WHERE dep.left_on + 1 > cc.d;

-- Stretches within the period, with u_eff = round_4(units * retention * outstanding / at_risk).
-- A contribution nothing cuts is one stretch with all its units.
CREATE OR REPLACE TEMP TABLE st AS
WITH b AS (
    SELECT rid, day, sum(amount) AS amount
    FROM (SELECT rid, d AS day, 0 AS amount FROM cc SEMI JOIN cuts USING (rid) UNION ALL SELECT * FROM cuts)
    GROUP BY rid, day),
w AS (
    SELECT rid, day AS frm, lead(day) OVER win - 1 AS upto, sum(amount) OVER win AS repaid
    FROM b WINDOW win AS (PARTITION BY rid ORDER BY day)),
cut AS (
    SELECT cc.rid, cc.member, cc.kind, cc.curve_id, cc.d, w.frm, w.upto,
           CASE WHEN x.ret18 = exa() AND x.outstanding = cc.at_risk THEN cc.units4
                WHEN cc.repayable AND cc.at_risk > 0
                THEN CAST(div_he(cc.units4 * x.ret18 * x.outstanding, exa() * cc.at_risk) AS BIGINT)
                ELSE CAST(div_he(cc.units4 * x.ret18, exa()) AS BIGINT) END AS u4
    FROM w JOIN cc USING (rid)
    LEFT JOIN dep ON dep.member = cc.member AND dep.kind = cc.kind,
    LATERAL (SELECT coalesce(CASE WHEN w.frm > dep.left_on THEN dep.ret18 END, exa()) AS ret18,
                    cc.at_risk - w.repaid AS outstanding) x),
whole AS (
    SELECT rid, member, kind, curve_id, d, d AS frm, CAST(NULL AS DATE) AS upto, units4 AS u4
    FROM cc ANTI JOIN cuts USING (rid)),
s AS (
    SELECT s.*, greatest(s.frm, getvariable('pstart')) AS a,
           least(coalesce(s.upto, getvariable('pend')), getvariable('pend'),
                 CASE WHEN k.expires THEN plus(s.d, k.exp_m, k.exp_d, 1) - 1 END) AS hi
    FROM (SELECT * FROM cut UNION ALL SELECT * FROM whole) s JOIN kinds k USING (curve_id))
SELECT rid, member, kind, curve_id, d, a, hi, u4 FROM s WHERE u4 <> 0 AND a <= hi;

-- Unit-days (10^-13) = u_eff (10^-4) * the stretch's summed daily weights (10^-9),
-- one row per piece of each curve; the basis is their sum per member and kind.
CREATE OR REPLACE TEMP TABLE basis AS
WITH s AS (SELECT st.*, k.* EXCLUDE (curve_id, pidx, kind) FROM st JOIN kinds k USING (curve_id)),
lin_s AS (
    SELECT *, plus(d, hold_m, hold_d, 1) AS f0, plus(plus(d, hold_m, hold_d, 1), fade_m, fade_d, 1) AS f1
    FROM s WHERE ctype = 'linear'),
lin_r AS (
    SELECT *, greatest(a, f0) AS fa, least(hi, f1 - 1) AS fb, f1 - f0 AS fade_days FROM lin_s),
-- prefix[F][k] = sum of round_9(i / F) for i = 1..k
lin AS (
    SELECT fade_days, k, sum(CASE WHEN k = 0 THEN 0 ELSE div_he(k * nano(), fade_days) END)
               OVER (PARTITION BY fade_days ORDER BY k) AS prefix
    FROM (SELECT DISTINCT fade_days FROM lin_r), LATERAL (SELECT unnest(range(0, fade_days + 1)) AS k)),
geo_s AS (SELECT *, plus(d, hold_m, hold_d, 1) AS f0 FROM s WHERE ctype = 'geometric'),
geo_k AS (
    SELECT *, plus(f0, every_m, every_d, k) AS sk, plus(f0, every_m, every_d, k + 1) AS sk1
    FROM geo_s, LATERAL (SELECT unnest(range(
        (greatest(a, f0) - f0) // (31 * every_m + every_d),
        (hi - f0 + 3) // (28 * every_m + every_d) + 1)) AS k)
    WHERE hi >= f0),
steps_s AS (
    SELECT s.*, p.idx, p.w9, plus(s.d, p.pm, p.pd, 1) AS sp FROM s JOIN points p USING (curve_id)
    WHERE s.ctype = 'steps'),
steps_r AS (SELECT *, lead(sp) OVER (PARTITION BY rid, a ORDER BY sp, idx) AS sp_next FROM steps_s)
SELECT member, kind, sum(ud) AS b13 FROM (
SELECT member, kind, CAST(u4 AS HUGEINT) * (ndays(a, hi) * nano()) AS ud FROM s WHERE ctype = 'none'
UNION ALL
SELECT member, kind, CAST(u4 AS HUGEINT) * (ndays(a, least(hi, plus(d, term_m, term_d, 1) - 1)) * nano())
FROM s WHERE ctype = 'term'
UNION ALL
SELECT member, kind, CAST(u4 AS HUGEINT) * (ndays(a, least(hi, f0 - 1)) * nano()
                                            + CASE WHEN fa <= fb THEN p1.prefix - p2.prefix ELSE 0 END)
FROM lin_r
LEFT JOIN lin p1 ON p1.fade_days = lin_r.fade_days AND p1.k = CASE WHEN fa <= fb THEN f1 - fa END
LEFT JOIN lin p2 ON p2.fade_days = lin_r.fade_days AND p2.k = CASE WHEN fa <= fb THEN f1 - fb - 1 END
UNION ALL
SELECT member, kind, CAST(u4 AS HUGEINT) * (ndays(a, least(hi, f0 - 1)) * nano()) FROM geo_s
UNION ALL
SELECT member, kind, CAST(u4 AS HUGEINT) * (g.g9 * ndays(greatest(a, sk), least(hi, sk1 - 1)))
FROM geo_k JOIN geo g USING (curve_id, k)
UNION ALL
SELECT member, kind, CAST(u4 AS HUGEINT) * (w9 * ndays(greatest(a, sp), least(hi, coalesce(sp_next - 1, hi))))
FROM steps_r)
GROUP BY member, kind;

-- The distribution in force on the period's end; its buckets split by largest remainder.
CREATE OR REPLACE TEMP TABLE buckets AS
WITH dist AS (
    SELECT distribution FROM pol WHERE effective <= getvariable('pend') ORDER BY effective DESC LIMIT 1),
bl AS (
    SELECT from_json(coalesce(distribution -> 'buckets', '[{"name": "all", "share": "1", "kinds": ["*"]}]'),
                     '["JSON"]') AS bl FROM dist),
b AS (
    SELECT i AS bidx, bl[i] ->> 'name' AS name, fixed(bl[i] ->> 'share', 18) AS share18,
           from_json(bl[i] -> 'kinds', '["VARCHAR"]') AS kinds
    FROM bl, unnest(range(1, len(bl) + 1)) t(i)),
n AS (SELECT abs(fixed(amount, getvariable('scale'))) AS n, sign(fixed(amount, getvariable('scale'))) AS sgn
      FROM req),
q AS (
    SELECT b.*, n.n * share18 // sum(share18) OVER () AS floor_part, n.n * share18 % sum(share18) OVER () AS rem,
           n.n, n.sgn
    FROM b, n),
r AS (
    SELECT *, n - sum(floor_part) OVER () AS leftover,
           row_number() OVER (ORDER BY CASE WHEN share18 > 0 THEN 0 ELSE 1 END, rem DESC, bidx) AS rank
    FROM q)
SELECT bidx, name, kinds, sgn, floor_part + CASE WHEN share18 > 0 AND rank <= leftover THEN 1 ELSE 0 END AS part
FROM r;

-- Each pool across its members by basis: floors, then the leftover to the largest remainders.
CREATE OR REPLACE TEMP TABLE parts AS
WITH pb AS (
    SELECT p.name AS pool, p.part, p.sgn, b.member, sum(b.b13) AS b13
    FROM buckets p JOIN basis b ON p.kinds = ['*'] OR list_contains(p.kinds, b.kind)
    WHERE p.kinds IS NOT NULL GROUP BY ALL HAVING sum(b.b13) <> 0),
q AS (
    SELECT *, sum(b13) OVER (PARTITION BY pool) AS total FROM pb),
f AS (
    SELECT *, CASE WHEN total > 0 THEN part * b13 // total ELSE 0 END AS floor_part,
              CASE WHEN total > 0 THEN part * b13 % total ELSE 0 END AS rem
    FROM q),
r AS (
    SELECT *, CASE WHEN total > 0 THEN part - sum(floor_part) OVER (PARTITION BY pool) ELSE 0 END AS leftover,
           row_number() OVER (PARTITION BY pool ORDER BY CASE WHEN b13 > 0 THEN 0 ELSE 1 END, rem DESC, member)
               AS rank
    FROM f)
SELECT pool, member, b13, sgn * (floor_part + CASE WHEN b13 > 0 AND rank <= leftover THEN 1 ELSE 0 END) AS amount
FROM r;

-- Per member: allocated, the minimum payout, cash = ceil_s(paid * cash_fraction).
CREATE OR REPLACE TEMP TABLE result AS
WITH dist AS (
    SELECT fixed(coalesce(distribution ->> 'minimum_payout', '0'), getvariable('scale')) AS minimum,
           fixed(coalesce(distribution ->> 'cash_fraction', '1'), 18) AS cf18
    FROM pol WHERE effective <= getvariable('pend') ORDER BY effective DESC LIMIT 1),
m AS (SELECT member, sum(amount) AS allocated FROM parts GROUP BY member),
p AS (
    SELECT m.member, m.allocated,
           CASE WHEN m.allocated > 0 AND m.allocated < dist.minimum THEN 0 ELSE m.allocated END AS paid,
           CASE WHEN m.allocated > 0 AND m.allocated < dist.minimum THEN m.allocated ELSE 0 END AS carry_out,
           dist.cf18
    FROM m, dist)
SELECT member, allocated, paid, CASE WHEN paid > 0 THEN div_ceil(paid * cf18, exa()) ELSE 0 END AS cash, carry_out
FROM p;
"""


def load(ledger_path, request_path):
    con = duckdb.connect()
    con.execute(MACROS)
    con.execute("SET VARIABLE ledger = $ledger", {"ledger": str(ledger_path)})
    con.execute("SET VARIABLE request = $request", {"request": str(request_path)})
    con.execute(LOAD)
    basis, carry_in = con.execute("SELECT basis, carry_in FROM req").fetchone()
    if (basis or "time_weighted") != "time_weighted" or carry_in is not None:
        raise SystemExit("peer_duckdb: only time-weighted requests without carry-ins are supported")
    if con.execute("SELECT scale FROM ledger").fetchone()[0] > 2:
        raise SystemExit("peer_duckdb: DECIMAL(18, 4) holds rates exactly up to a currency scale of 2")
    return con, None


def split(con, _req):
    con.execute(SPLIT)
    buckets = dict(con.execute(
        "SELECT name, CAST(sgn * part AS BIGINT) FROM buckets ORDER BY bidx").fetchall())
    members = {
        m: {"allocated": int(a), "paid": int(p), "cash": int(c), "carry_out": int(o), "basis": {}}
        for m, a, p, c, o in con.execute(
            "SELECT member, allocated, paid, cash, carry_out FROM result ORDER BY member").fetchall()
    }
    # The basis exactly, as a decimal of 13 places (for the check against coshare).
    for member, pool, basis in con.execute(
            "SELECT member, pool, CAST(CAST(b13 AS DECIMAL(38, 0)) * CAST('0.0000000000001' AS DECIMAL(14, 13))"
            " AS VARCHAR) FROM parts ORDER BY member, pool").fetchall():
        members[member]["basis"][pool] = basis
    return {"buckets": buckets, "members": members}


if __name__ == "__main__":
    run_peer("duckdb", load, split, default_runs=1)
