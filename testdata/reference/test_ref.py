"""Sanity checks of the Python reference.  Run: python3 -m unittest (from this directory)."""

import json
import unittest

import coshare_ref as ref
from coshare_ref import RefError, add_duration, days_from_civil, format_date, parse_date_text


def ledger(entries, kinds=None, members=("alice", "bob", "carol"), distribution=None,
           policies=None, scale=2, **policy_extra):
    pol = {"effective": "2021-01-01",
           "kinds": kinds if kinds is not None else {"time": {"multiplier": "2"}, "cash": {"multiplier": "4"}}}
    if distribution is not None:
        pol["distribution"] = distribution
    pol.update(policy_extra)
    return json.dumps({"currency": {"code": "USD", "scale": scale},
                       "policies": policies if policies is not None else [pol],
                       "members": [{"id": m} for m in members],
                       "entries": entries})


def contribution(id, member, date, kind="cash", **fields):
    return dict({"type": "contribution", "id": id, "member": member, "date": date, "kind": kind}, **fields)


def request(start="2021-01-01", end="2021-12-31", amount="100.00", **extra):
    return json.dumps(dict({"period": {"start": start, "end": end}, "amount": amount}, **extra))


def run(ledger_text, request_text):
    return json.loads(ref.split(ledger_text, request_text))


def error_of(ledger_text, request_text=None):
    try:
        ref.split(ledger_text, request_text or request())
    except RefError as e:
        return e.code, e.entry
    raise AssertionError("no error")


def member(doc, m):
    return next(x for x in doc["members"] if x["member"] == m)


WORKED = ledger(
    [contribution("c1", "alice", "2021-03-01", "time", hours="1000", rate="50.00", paid="20000.00"),
     contribution("c2", "bob", "2021-03-01", "cash", value="5000.00"),
     contribution("c3", "carol", "2021-03-01", "relationship", value="5000.00")],
    kinds={"time": {"multiplier": "2"}, "cash": {"multiplier": "4"}, "relationship": {"multiplier": "2"}},
    distribution={"cash_fraction": "0.2"})


class WorkedExample(unittest.TestCase):
    def test_section_9_snapshot_split(self):
        doc = run(WORKED, request(amount="10000.00", basis="snapshot"))
        got = {m["member"]: (m["paid"], m["cash"], m["retained"]) for m in doc["members"]}
        self.assertEqual(got, {"alice": ("6666.67", "1333.34", "5333.33"),
                               "bob": ("2222.22", "444.45", "1777.77"),
                               "carol": ("1111.11", "222.23", "888.88")})
        self.assertEqual(member(doc, "alice")["pools"]["all"]["basis"], "60000")
        self.assertEqual(doc["buckets"][0]["basis_total"], "90000")

    def test_exact_document_text(self):
        text = ref.split(WORKED, request(amount="10000.00", basis="snapshot", carry_in={"bob": "1"}))
        self.assertTrue(text.startswith(
            '{"period":{"start":"2021-01-01","end":"2021-12-31"},"basis":"snapshot","amount":"10000.00",'
            '"buckets":[{"name":"all","type":"pool","amount":"10000.00","basis_total":"90000","unallocated":"0.00"}],'
            '"members":[{"member":"alice","pools":{"all":{"basis":"60000","share":"0.666666667","amount":"6666.67"}},'
            '"allocated":"6666.67","carry_in":"0.00","paid":"6666.67","cash":"1333.34","retained":"5333.33",'
            '"carry_out":"0.00"},{"member":"bob",'))
        self.assertIn('"allocated":"2222.22","carry_in":"1.00","paid":"2223.22"', text)

    def test_time_weighted_counts_days_from_the_contribution_date(self):
        doc = run(WORKED, request(amount="10000.00"))
        pool = member(doc, "alice")["pools"]["all"]
        self.assertEqual(pool["basis"], str(60000 * 306))  # 2021-03-01..2021-12-31
        self.assertEqual(pool["average_units"], "50301.3699")  # 60000*306/365


class Dates(unittest.TestCase):
    def d(self, s):
        return parse_date_text(s)

    def test_month_clamp_and_one_step_multiples(self):
        self.assertEqual(format_date(add_duration(self.d("2024-01-31"), (0, 1, 0, 0))), "2024-02-29")
        self.assertEqual(format_date(add_duration(self.d("2024-01-31"), (0, 1, 0, 0), 2)), "2024-03-31")
        self.assertEqual(format_date(add_duration(self.d("2024-01-31"), (0, 1, 0, 1))), "2024-03-01")
        self.assertEqual(format_date(add_duration(self.d("2000-02-29"), (100, 0, 0, 0))), "2100-02-28")

    def test_beyond_year_9999(self):
        self.assertEqual(format_date(add_duration(self.d("9999-12-31"), (0, 0, 0, 1))), "10000-01-01")
        self.assertEqual(format_date(add_duration(self.d("2024-02-29"), (100000, 0, 0, 0))), "102024-02-29")
        self.assertEqual(days_from_civil(1970, 1, 1), 0)

    def test_invalid_dates(self):
        for s in ("2021-02-29", "0000-01-01", "2021-1-01", "2021-13-01", "２０２１-01-01", "2021-01-01 "):
            with self.assertRaises(RefError) as cm:
                parse_date_text(s)
            self.assertEqual(cm.exception.code, "invalid_date", s)

    def test_invalid_durations(self):
        for s in ("P", "P1D1Y", "P01D", "p1D", "P100001D", "P1.5D", "PT1H", "P-1D"):
            with self.assertRaises(RefError) as cm:
                ref.parse_duration_text(s)
            self.assertEqual(cm.exception.code, "invalid_duration", s)
        self.assertEqual(ref.parse_duration_text("P1Y2M3W4D"), (1, 2, 3, 4))


class Reading(unittest.TestCase):
    def code(self, text):
        return error_of(text)[0]

    def test_json_level_errors(self):
        good = ledger([])
        self.assertEqual(self.code(good[:-1]), "invalid_json")
        self.assertEqual(self.code('{"currency":{"code":"USD","code":"EUR","scale":2},"policies":[]}'), "invalid_json")
        self.assertEqual(self.code('{"currency":{"code":"USD","c\\u006fde":"EUR","scale":2},"policies":[]}'),
                         "invalid_json")
        self.assertEqual(self.code('{"currency":{"code":"\\ud800","scale":2},"policies":[]}'), "invalid_json")
        self.assertEqual(self.code('{"currency":{"code":"US\ud800","scale":2},"policies":[]}'), "invalid_json")
        self.assertEqual(self.code('{"currency":{"code":"\\ud83d\\ude00","scale":2},"policies":[]}'), "no_policy")

    def test_depth_limit_is_128(self):
        def nested(depth):  # the ledger object is level 1; a member note holds the rest
            inner = "[" * (depth - 3) + "]" * (depth - 3)
            return ('{"currency":{"code":"USD","scale":2},"policies":[],"members":[{"id":"a","note":%s}]}' % inner)
        self.assertEqual(self.code(nested(128)), "invalid_json")  # wrong type, but parsed
        self.assertEqual(ref.validate(nested(129)), [("invalid_json", None)])
        with self.assertRaises(RefError):
            ref.parse_json(nested(129))
        ref.parse_json(nested(128))

    def test_number_fields(self):
        for bad, code in (('1.5', "invalid_number"), ('1e3', "invalid_number"), ('1234567890123456', "invalid_number"),
                          ('"01"', "invalid_number"), ('".5"', "invalid_number"), ('"+1"', "invalid_number"),
                          ('" 1"', "invalid_number"), ('"1e3"', "invalid_number"),
                          ('"1.0000000000000000000"', "invalid_number"),
                          ('true', "invalid_json"), ('null', "invalid_json"), ('["1"]', "invalid_json")):
            text = ('{"currency":{"code":"USD","scale":2},"policies":[{"effective":"2021-01-01",'
                    '"kinds":{"k":{"multiplier":%s}}}]}' % bad)
            self.assertEqual(self.code(text), code, bad)

    def test_document_order_and_missing_fields_last(self):
        # unknown field appears before the field with a bad date: unknown_field wins
        text = '{"currency":{"code":"USD","scale":2,"x":1},"policies":[{"effective":"bad"}]}'
        self.assertEqual(self.code(text), "unknown_field")
        # a missing field is reported at the end of its object, after a later bad date
        text = '{"currency":{"scale":2},"policies":[]}'
        self.assertEqual(self.code(text), "missing_field")
        text = '{"policies":[{"effective":"2021-02-30","kinds":{}}],"currency":{"code":"USD","scale":2}}'
        self.assertEqual(self.code(text), "invalid_date")
        text = '{"policies":[{"effective":"2021-01-01","kinds":{}}]}'
        self.assertEqual(self.code(text), "missing_field")

    def test_entry_type_is_read_first(self):
        entry = {"id": 5, "type": "bogus"}
        self.assertEqual(self.code(ledger([entry])), "invalid_entry")
        entry = {"date": "2021-02-30", "type": "void", "target": "x", "id": "v"}
        self.assertEqual(self.code(ledger([entry])), "unknown_field")
        curve = {"fade": "P1X", "type": "cubic"}
        self.assertEqual(self.code(ledger([], kinds={"k": {"multiplier": "1", "curve": curve}})), "invalid_curve")
        curve = {"every": "P1D", "type": "linear"}  # a field of another curve type
        self.assertEqual(self.code(ledger([], kinds={"k": {"multiplier": "1", "curve": curve}})), "unknown_field")

    def test_steps_point_must_be_a_pair(self):
        curve = {"type": "steps", "points": [["P0D", "0", "1"]]}
        self.assertEqual(self.code(ledger([], kinds={"k": {"multiplier": "1", "curve": curve}})), "invalid_json")


class Checking(unittest.TestCase):
    def test_entries_checked_in_id_order(self):
        entries = [contribution("b", "zed", "2021-02-01", value="1.00"),      # unknown_member
                   contribution("a", "alice", "2021-02-01", value="1.001")]   # invalid_amount
        self.assertEqual(error_of(ledger(entries)), ("invalid_amount", "a"))
        self.assertEqual(ref.validate(ledger(entries)), [("invalid_amount", "a"), ("unknown_member", "b")])

    def test_contribution_check_order(self):
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2020-01-01", value="-1.001")]))[0], "no_policy")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", "gold", value="-1")]))[0],
                         "unknown_kind")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", value="1", hours="1")]))[0],
                         "invalid_contribution")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", hours="1")]))[0],
                         "invalid_contribution")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", hours="-1.00001", rate="1")]))[0],
                         "invalid_amount")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", hours="1", rate="1.00001")]))[0],
                         "invalid_amount")
        # a rate with s + 2 = 4 decimals is fine at scale 2: value = round_2(1 x 1.001) = 1.00
        ref.split(ledger([contribution("c", "alice", "2021-01-01", hours="1", rate="1.001")]), request())
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", value="-1")]))[0], "negative_value")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", hours="100000000000", rate="100000")]))[0],
                         "overflow")
        self.assertEqual(error_of(ledger([contribution("c", "alice", "2021-01-01", value="1", paid="2")]))[0],
                         "paid_exceeds_value")

    def test_member_departed_and_duplicate_departure(self):
        deps = {"good": {}}
        entries = [{"type": "departure", "id": "d2", "member": "alice", "date": "2021-06-01", "reason": "good"},
                   {"type": "departure", "id": "d1", "member": "alice", "date": "2021-06-01", "reason": "good"},
                   contribution("c", "alice", "2021-06-02", value="1")]
        self.assertEqual(ref.validate(ledger(entries, departures=deps)),
                         [("member_departed", "c"), ("duplicate_departure", "d2")])

    def test_void_hides_an_entry_with_errors(self):
        entries = [contribution("c", "zed", "2021-02-01", value="1.001"),
                   {"type": "void", "id": "v2", "target": "c"}, {"type": "void", "id": "v1", "target": "c"},
                   {"type": "void", "id": "v3", "target": "v1"}]
        self.assertEqual(ref.validate(ledger(entries)), [("duplicate_void", "v2"), ("unknown_target", "v3")])

    def test_repayments(self):
        kinds = {"loan": {"multiplier": "1", "repayable": True}, "cash": {"multiplier": "1"}}
        base = [contribution("l", "alice", "2021-02-01", "loan", value="100.00"),
                contribution("k", "alice", "2021-02-01", "cash", value="100.00")]
        def rep(id, loan, date, amount):
            return {"type": "repayment", "id": id, "loan": loan, "date": date, "amount": amount}
        self.assertEqual(error_of(ledger(base + [rep("r", "k", "2021-03-01", "1")], kinds)), ("not_repayable", "r"))
        self.assertEqual(error_of(ledger(base + [rep("r", "x", "2021-03-01", "1")], kinds)), ("unknown_target", "r"))
        self.assertEqual(error_of(ledger(base + [rep("r", "l", "2021-03-01", "0")], kinds)), ("invalid_amount", "r"))
        self.assertEqual(error_of(ledger(base + [rep("r", "l", "2021-01-31", "1")], kinds)), ("invalid_entry", "r"))
        # (date, id) order: r-z (March) then r-a (April) pushes past 100.00
        over = [rep("r-z", "l", "2021-03-01", "60"), rep("r-a", "l", "2021-04-01", "40.01")]
        self.assertEqual(error_of(ledger(base + over, kinds)), ("over_repayment", "r-a"))
        voided = [{"type": "void", "id": "v", "target": "l"}, rep("r", "l", "2021-03-01", "1")]
        self.assertEqual(error_of(ledger(base + voided, kinds)), ("unknown_target", "r"))

    def test_policy_checks(self):
        def code(**pol):
            p = dict({"effective": "2021-01-01", "kinds": {"k": {"multiplier": "1"}}}, **pol)
            return error_of(ledger([], policies=[p]))[0]
        self.assertEqual(code(unit_price="0"), "invalid_policy")
        self.assertEqual(code(kinds={"default": {"multiplier": "1"}}), "invalid_policy")
        self.assertEqual(code(departures={"bad": {"k": "1.1"}}), "invalid_policy")
        self.assertEqual(code(departures={"bad": {"nope": "1"}}), "invalid_policy")
        self.assertEqual(code(distribution={"buckets": []}), "invalid_shares")
        self.assertEqual(code(distribution={"buckets": [{"name": "a", "share": "0.5"}]}), "invalid_shares")
        self.assertEqual(code(distribution={"buckets": [{"name": "a", "share": "1", "kinds": ["*", "k"]}]}),
                         "invalid_policy")
        self.assertEqual(code(distribution={"minimum_payout": "0.001"}), "invalid_amount")
        self.assertEqual(code(distribution={"cash_fraction": "2"}), "invalid_policy")
        p = {"effective": "2021-01-01", "kinds": {}}
        self.assertEqual(error_of(ledger([], policies=[p, p]))[0], "duplicate_policy")
        c = {"type": "geometric", "rate": "0", "every": "P1D"}
        self.assertEqual(code(kinds={"k": {"multiplier": "1", "curve": c}}), "invalid_curve")
        c = {"type": "steps", "points": [["P0D", "0.0000000001"]]}
        self.assertEqual(code(kinds={"k": {"multiplier": "1", "curve": c}}), "invalid_curve")

    def test_request_checks(self):
        led = ledger([])
        self.assertEqual(error_of(led, request(end="2020-12-31"))[0], "invalid_period")
        self.assertEqual(error_of(led, request(end="2121-01-01", start="2021-01-01"))[0], "invalid_period")
        run(led, request(start="2021-01-02", end="2121-01-01"))  # end < start + P100Y
        self.assertEqual(error_of(led, request(basis="daily"))[0], "invalid_request")
        self.assertEqual(error_of(led, request(amount="1.001"))[0], "invalid_amount")
        self.assertEqual(error_of(led, request(amount="10000000000000.01"))[0], "overflow")
        self.assertEqual(error_of(led, request(carry_in={"zed": "-1.001"}))[0], "unknown_member")
        self.assertEqual(error_of(led, request(carry_in={"bob": "-1.001", "alice": "-1"}))[0], "negative_value")
        self.assertEqual(error_of(led, request(start="2020-01-01", end="2020-12-31"))[0], "no_policy")
        self.assertEqual(error_of(led, request(x=1))[0], "unknown_field")


class Split(unittest.TestCase):
    def test_largest_remainder_ties_to_smaller_key(self):
        self.assertEqual(ref.largest_remainder(1, [1, 1], [b"b", b"a"]), [0, 1])
        self.assertEqual(ref.largest_remainder(5, [0, 1, 1], [0, 1, 2]), [0, 3, 2])

    def test_negative_amount_and_unallocated(self):
        dist = {"buckets": [{"name": "r", "share": "0.5"}, {"name": "p", "share": "0.25", "kinds": ["cash"]},
                            {"name": "t", "share": "0.25", "kinds": ["time"]}]}
        led = ledger([contribution("a", "alice", "2021-01-01", value="1"),
                      contribution("b", "bob", "2021-01-01", value="1")], distribution=dist)
        doc = run(led, request(amount="-0.03", basis="snapshot"))
        self.assertEqual([b["amount"] for b in doc["buckets"]], ["-0.01", "-0.01", "-0.01"])  # quotas 1.5, .75, .75
        self.assertEqual(doc["buckets"][2]["unallocated"], "-0.01")
        self.assertEqual(member(doc, "alice")["paid"], "-0.01")
        self.assertEqual(member(doc, "bob")["paid"], "0.00")
        self.assertEqual(member(doc, "alice")["cash"], "0.00")
        doc = run(led, request(amount="1.00", basis="snapshot"))
        self.assertEqual(doc["buckets"][2]["unallocated"], "0.25")
        self.assertEqual(doc["buckets"][2]["basis_total"], "0")

    def test_minimum_payout_and_loss_keeps_carry_in(self):
        led = ledger([contribution("a", "alice", "2021-01-01", value="1")],
                     distribution={"minimum_payout": "25.00", "cash_fraction": "0.3"})
        m = member(run(led, request(amount="10.00", carry_in={"alice": "10.00", "bob": "0"})), "alice")
        self.assertEqual((m["paid"], m["carry_out"], m["cash"]), ("0.00", "20.00", "0.00"))
        doc = run(led, request(amount="-10.00", carry_in={"alice": "10.00", "bob": "30.00"}))
        m = member(doc, "alice")
        self.assertEqual((m["paid"], m["carry_out"], m["retained"]), ("-10.00", "10.00", "-10.00"))
        m = member(doc, "bob")
        self.assertEqual((m["pools"], m["paid"], m["cash"], m["retained"]), ({}, "30.00", "9.00", "21.00"))

    def test_curves(self):
        kinds = {"lin": {"multiplier": "1", "curve": {"type": "linear", "fade": "P10D", "hold": "P1D"}},
                 "geo": {"multiplier": "1", "curve": {"type": "geometric", "rate": "0.5", "every": "P1D"}},
                 "stp": {"multiplier": "1", "curve": {"type": "steps",
                                                      "points": [["P2D", "0.3"], ["P0D", "0"], ["P2D", "0.7"]]}},
                 "exp": {"multiplier": "1", "curve": {"type": "none", "expire": "P3D"}},
                 "ter": {"multiplier": "1", "curve": {"type": "term", "term": "P4D"}}}
        dist = {"buckets": [{"name": k, "share": "0.2", "kinds": [k]} for k in kinds]}
        entries = [contribution(k, "alice", "2021-01-01", k, value="1.00") for k in kinds]
        led = ledger(entries, kinds=kinds, distribution=dist)

        def basis(day):
            doc = run(led, request(end=f"2021-01-{day:02d}", basis="snapshot"))
            return {b["name"]: b["basis_total"] for b in doc["buckets"]}
        self.assertEqual(basis(1), {"lin": "1", "geo": "1", "stp": "0", "exp": "1", "ter": "1"})
        self.assertEqual(basis(3), {"lin": "0.9", "geo": "0.25", "stp": "0.7", "exp": "1", "ter": "1"})
        self.assertEqual(basis(4), {"lin": "0.8", "geo": "0.125", "stp": "0.7", "exp": "0", "ter": "1"})
        self.assertEqual(basis(5)["ter"], "0")
        self.assertEqual(basis(12)["lin"], "0")
        # linear weights round to 9 decimals: F = 3 days
        kinds3 = {"k": {"multiplier": "1", "curve": {"type": "linear", "fade": "P3D"}}}
        led3 = ledger([contribution("c", "alice", "2021-01-01", "k", value="1.00")], kinds=kinds3)
        doc = run(led3, request(end="2021-01-02", basis="snapshot"))
        self.assertEqual(doc["buckets"][0]["basis_total"], "0.666666667")
        doc = run(led3, request(start="2021-01-01", end="2021-01-10"))
        self.assertEqual(doc["buckets"][0]["basis_total"], "2")  # 1 + 0.666666667 + 0.333333333

    def test_departure_retention_and_repayment(self):
        kinds = {"cash": {"multiplier": "1"}, "loan": {"multiplier": "3", "repayable": True}}
        entries = [contribution("a", "alice", "2021-01-01", value="100.00"),
                   contribution("l", "alice", "2021-01-01", "loan", value="10.00"),
                   {"type": "repayment", "id": "r", "loan": "l", "date": "2021-01-03", "amount": "3.33"},
                   {"type": "departure", "id": "d", "member": "alice", "date": "2021-01-02", "reason": "bad"}]
        led = ledger(entries, kinds=kinds, departures={"bad": {"default": "0.25", "loan": "1"}})
        # day 1, 2: 100 + 30 ; day 3: 25 + round_4(30 * 6.67/10) = 25 + 20.01
        self.assertEqual(run(led, request(end="2021-01-02", basis="snapshot"))["buckets"][0]["basis_total"], "130")
        self.assertEqual(run(led, request(end="2021-01-03", basis="snapshot"))["buckets"][0]["basis_total"], "45.01")
        self.assertEqual(run(led, request(end="2021-01-03"))["buckets"][0]["basis_total"], "305.01")

    def test_inherited_distribution_and_policy_in_force_on_end(self):
        p1 = {"effective": "2021-01-01", "kinds": {"cash": {"multiplier": "1"}},
              "distribution": {"buckets": [{"name": "kept", "share": "1"}]}}
        p2 = {"effective": "2022-01-01", "kinds": {"cash": {"multiplier": "2"}}}
        p0 = {"effective": "2020-01-01", "kinds": {}}
        led = ledger([contribution("a", "alice", "2021-06-01", value="1.00")], policies=[p2, p0, p1])
        doc = run(led, request(start="2022-01-01", end="2022-01-01", basis="snapshot"))
        self.assertEqual(doc["buckets"], [{"name": "kept", "type": "reserve", "amount": "100.00"}])
        doc = run(led, request(start="2020-01-01", end="2020-01-01", basis="snapshot"))
        self.assertEqual(doc["buckets"][0]["name"], "all")

    def test_output_escaping_only_quote_backslash_and_controls(self):
        odd = "a\u0001\"\\\u00e9\u2028\u007f\n"
        led = ledger([contribution("c", odd, "2021-01-01", value="1")], members=[odd])
        text = ref.split(led, request(basis="snapshot"))
        self.assertIn('"member":"a\\u0001\\"\\\\\u00e9\u2028\u007f\\n"', text)

    def test_units_issued_limit(self):
        kinds = {"k": {"multiplier": "1"}}
        ok = [contribution("c", "alice", "2021-01-01", "k", value="1000000000000")]
        run(ledger(ok, kinds=kinds, scale=0), request(amount="1"))
        over = ok + [contribution("d", "bob", "2021-01-01", "k", value="1")]
        self.assertEqual(error_of(ledger(over, kinds=kinds, scale=0), request(amount="1")), ("overflow", None))


# ---------------------------------------------------------------------------
# v2: the books (SPEC 10)
# ---------------------------------------------------------------------------

import glob
import os
from fractions import Fraction

POLICY2 = {"effective": "2024-01-01",
           "kinds": {"labor": {"multiplier": "1"}, "share": {"multiplier": "0", "capital": True}},
           "distribution": {"buckets": [{"name": "reserve", "share": "0.3"},
                                        {"name": "members", "share": "0.7", "kinds": ["labor"]}],
                            "cash_fraction": "0.2", "minimum_payout": "25.00"},
           "capital": {"revolve": "P5Y", "departure": "P1Y"}}
BASE2 = [contribution("c-ana", "ana", "2024-01-01", "labor", value="600.00"),
         contribution("c-ben", "ben", "2024-01-01", "labor", value="300.00"),
         contribution("s-ana", "ana", "2024-01-01", "share", value="100.00")]


def books(entries=(), policies=None, members=("ana", "ben", "cy")):
    return json.dumps({"currency": {"code": "USD", "scale": 2}, "policies": policies or [POLICY2],
                       "members": [{"id": m} for m in members], "entries": BASE2 + list(entries)})


def fy(id="fy2024", date="2025-03-15", start="2024-01-01", end="2024-12-31", amount="1000.00",
       reserves=None, members=None, **extra):
    e = {"type": "allocation", "id": id, "date": date, "period": {"start": start, "end": end},
         "amount": amount, "basis": "snapshot",
         "reserves": {"reserve": "300.00"} if reserves is None else reserves,
         "members": members if members is not None else {
             "ana": {"allocated": "466.67", "cash": "93.34", "retained": "373.33"},
             "ben": {"allocated": "233.33", "cash": "46.67", "retained": "186.66"}}}
    e.update(extra)
    return e


def query(ledger_text, name, **args):
    return json.loads(ref.books_query(ledger_text, name, args))


def query_error(ledger_text, name, **args):
    try:
        ref.books_query(ledger_text, name, args)
    except RefError as e:
        return e.code, e.entry
    raise AssertionError("no error")


def close_req(**kw):
    return json.dumps(dict({"period": {"start": "2024-01-01", "end": "2024-12-31"}, "amount": "1000.00",
                            "basis": "snapshot"}, **kw))


class BooksReading(unittest.TestCase):
    def test_new_fields_read(self):
        self.assertEqual(error_of(books([dict(fy(), paid="1")])), ("unknown_field", None))
        figs = {"ana": {"allocated": "1", "cash": "1"}}
        self.assertEqual(error_of(books([fy(members=figs)]))[0], "missing_field")
        pol = dict(POLICY2, capital={"tax_year_end": True})
        self.assertEqual(error_of(books(policies=[pol]))[0], "invalid_json")
        text = books(policies=[dict(POLICY2, capital={"tax_year_end": 3})]).replace('"tax_year_end": 3',
                                                                                   '"tax_year_end": 3e0')
        self.assertEqual(error_of(text)[0], "invalid_number")

    def test_validate_recovers_in_lists_only(self):
        text = json.dumps({"currency": {"code": "USD", "scale": 2}, "policies": [POLICY2],
                           "members": [{"id": 1}, {"id": "a"}, {"x": 1}],
                           "entries": [{"type": "nope"}, {"type": "void", "id": "v", "target": "x"}]})
        self.assertEqual(ref.validate(text), [("invalid_json", None), ("unknown_field", None),
                                              ("invalid_entry", None)])
        text = text.replace('"policies"', '"bogus": 1, "policies"')
        self.assertEqual(ref.validate(text), [("unknown_field", None)])  # stops before the lists


class BooksChecking(unittest.TestCase):
    def test_valid_books(self):
        self.assertEqual(ref.validate(books([fy()])), [])

    def test_allocation_check_order(self):
        self.assertEqual(error_of(books([fy(end="2023-12-31", date="2023-01-01")])), ("invalid_period", "fy2024"))
        self.assertEqual(error_of(books([fy(date="2024-12-30", amount="1.001")])), ("invalid_entry", "fy2024"))
        self.assertEqual(error_of(books([fy(carry_in={"zed": "-1"})])), ("negative_value", "fy2024"))
        self.assertEqual(error_of(books([fy(carry_in={"zed": "1"})])), ("unknown_member", "fy2024"))
        self.assertEqual(error_of(books([fy(reserves={"reserve": "299.99"})])), ("unbalanced_allocation", "fy2024"))

    def test_chain_and_overlap(self):
        a = fy()
        b = fy("fy2025", "2026-03-15", "2025-01-01", "2025-12-31")
        self.assertEqual(ref.validate(books([a, b])), [])
        self.assertEqual(error_of(books([a, dict(b, carry_in={})])), ("unbalanced_allocation", "fy2025"))
        c = fy("fy2024b", "2026-03-15", "2024-12-31", "2025-12-31")
        self.assertEqual(error_of(books([a, c])), ("overlapping_allocation", "fy2024b"))
        # carry-ins from the chain: ana carried 10.00 out, so fy2025 must take it in
        small = {"ana": {"allocated": "10.00", "cash": "0", "retained": "0", "carry_out": "10.00"}}
        a2 = fy(amount="10.00", reserves={}, members=small)
        b2 = fy("fy2025", "2026-03-15", "2025-01-01", "2025-12-31", amount="10.00", reserves={},
                members={"ana": {"allocated": "10.00", "cash": "4.00", "retained": "16.00"}})
        self.assertEqual(ref.validate(books([a2, b2])), [])
        b3 = dict(b2, members={"ana": {"allocated": "10.00", "cash": "2.00", "retained": "8.00"}})
        self.assertEqual(ref.validate(books([a2, b3])), [("unbalanced_allocation", "fy2025")])
        # ... unless an allocation before it has an error of its own (rules 2 and 4 skipped)
        bad = dict(a2, amount="10.001")
        self.assertEqual(ref.validate(books([bad, b3])), [("invalid_amount", "fy2024")])

    def test_redemption_payment_adjustment(self):
        reds = [{"type": "redemption", "id": "r2", "member": "ana", "date": "2025-01-01", "amount": "60.00"},
                {"type": "redemption", "id": "r1", "member": "ana", "date": "2025-02-01", "amount": "40.01"}]
        self.assertEqual(error_of(books(reds)), ("over_redemption", "r1"))
        pays = [{"type": "payment", "id": "p", "allocation": "fy2024", "member": "ben", "date": "2025-04-01",
                 "amount": "46.68"}]
        self.assertEqual(error_of(books([fy()] + pays)), ("over_payment", "p"))
        self.assertEqual(error_of(books([fy(), dict(pays[0], member="cy")])), ("unknown_member", "p"))
        adjs = [{"type": "adjustment", "id": "a", "member": "ana", "date": "2025-03-14", "amount": "1",
                 "allocation": "fy2024"}]
        self.assertEqual(error_of(books([fy()] + adjs)), ("invalid_entry", "a"))
        self.assertEqual(error_of(books([fy(), {"type": "void", "id": "v", "target": "fy2024"}] + adjs)),
                         ("unknown_target", "a"))

    def test_capital_policy_checks(self):
        bad = dict(POLICY2, kinds={"k": {"multiplier": "1", "capital": True, "repayable": True}})
        self.assertEqual(error_of(books(policies=[bad]))[0], "invalid_policy")
        self.assertEqual(error_of(books(policies=[dict(POLICY2, capital={"tax_year_end": 0})]))[0],
                         "invalid_policy")


class BooksQueries(unittest.TestCase):
    def test_close_matches_the_split_and_posts_cleanly(self):
        entry = query(books(), "close", request=close_req(), id="fy2024", date="2025-03-15")
        self.assertEqual(entry, json.loads(json.dumps(fy())) | {
            "unallocated": "0.00",
            "members": {"ana": {"allocated": "466.67", "cash": "93.34", "retained": "373.33", "carry_out": "0.00"},
                        "ben": {"allocated": "233.33", "cash": "46.67", "retained": "186.66", "carry_out": "0.00"}}}
                         | {"reserves": {"reserve": "300.00"}})
        self.assertEqual(list(entry), ["type", "id", "date", "period", "amount", "basis", "reserves",
                                       "unallocated", "members"])
        led = books([entry])
        self.assertEqual(ref.validate_report(led), ([], []))  # no allocation_differs either

    def test_close_argument_order(self):
        led = books([fy()])
        self.assertEqual(query_error(led, "close", request=close_req(amount="1.001"), id="", date="x")[0],
                         "invalid_amount")
        self.assertEqual(query_error(led, "close", request=close_req(carry_in={}), id="", date="x")[0],
                         "invalid_request")
        req25 = close_req(period={"start": "2025-01-01", "end": "2025-12-31"})
        self.assertEqual(query_error(led, "close", request=req25, id="c-ana", date="x")[0], "duplicate_id")
        self.assertEqual(query_error(led, "close", request=req25, id="n", date="2025-12-32")[0], "invalid_date")
        self.assertEqual(query_error(led, "close", request=close_req(), id="n", date="2025-12-31")[0],
                         "invalid_request")

    def test_pay_by(self):
        table = ref._policy_table([{"effective": ref.parse_date_text("2024-01-01"), "kinds": {},
                                    "capital": {"tax_year_end": 3}}])
        def pb(end, date="2030-01-01"):
            a = {"end": ref.parse_date_text(end), "date": ref.parse_date_text(date)}
            return format_date(ref.pay_by(a, table))
        self.assertEqual(pb("2024-03-31"), "2024-12-15")
        self.assertEqual(pb("2024-04-01"), "2025-12-15")
        self.assertEqual(pb("2024-03-31", "2023-01-01"), "2025-09-15")  # no policy yet: tax_year_end 12

    def test_due_rules(self):
        pol = dict(POLICY2, capital={"revolve": "P1M"})
        led = books([fy(date="2025-01-31"),
                     {"type": "adjustment", "id": "adj", "member": "ana", "date": "2025-02-01", "amount": "-3.00"}],
                    policies=[pol])
        ana = lambda t: next(m for m in query(led, "accounts", at=t)["members"] if m["member"] == "ana")
        self.assertEqual(ana("2025-02-27"), {"member": "ana", "balance": "470.33", "due": "0.00"})
        self.assertEqual(ana("2025-02-28"), {"member": "ana", "balance": "470.33", "due": "370.33"})


def _vector_ledgers():
    here = os.path.dirname(os.path.abspath(__file__))
    from fill_expected import dumps, load_vector
    for path in sorted(glob.glob(os.path.join(here, "..", "vectors", "books", "**", "*.json"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            vec = load_vector(f.read())
        if "ledger" in vec:
            yield path, dumps(vec["ledger"])


class BooksInvariants(unittest.TestCase):
    """SPEC 10.2 "the books balance" and the journal against accounts, on every valid ledger of the
    pending books vectors, on every day something happens (and the day before)."""

    def test_books_balance_and_journal_agree(self):
        checked = 0
        for path, text in _vector_ledgers():
            if ref.validate(text):
                continue
            self.check_books_balance(path, text)
            checked += 1
        self.assertGreater(checked, 30)

    def check_books_balance(self, path, text):
        """SPEC 10.2 "the books balance" and journal totals = accounts on one valid ledger."""
        lg = ref.load_ledger(text)
        s = lg.scale
        txs = ref.journal_transactions(lg)
        days = sorted(t for t in {t[0] for t in txs} | {t[0] - 1 for t in txs}
                      if t >= ref.days_from_civil(1, 1, 1))  # accounts takes dates from 0001-01-01
        chain = lg.books.chain
        for t in days:
            acc = json.loads(ref.dump_compact(ref.q_accounts(lg, {"at": format_date(t)})))
            m = lambda x: ref._money_of(x, s)
            left = (sum(m(x["balance"]) for x in acc["members"]) + sum(m(x["amount"]) for x in acc["reserves"])
                    + m(acc["unallocated"]) + m(acc["payable"]) + m(acc["carried"]))
            right = 0
            for day, typ, eid, lines in txs:
                if day > t:
                    continue
                if typ == "allocation":
                    right += lg.books.allocs[eid]["amount"]
                elif typ == "opening":
                    right += sum(chain[0]["carry_in"].values())
                elif typ in ("paid_in", "adjustment"):
                    right += -sum(x for n, x in lines if n.startswith("Equity:Capital:"))
                elif typ == "redemption":
                    right -= sum(x for n, x in lines if n.startswith("Equity:Capital:"))
                elif typ == "payment":
                    right -= sum(x for n, x in lines if n == "Liabilities:Patronage payable")
            self.assertEqual(left, right, (path, format_date(t)))
            # journal account totals = accounts (credit balances negative)
            totals = {}
            for day, _typ, _eid, lines in txs:
                if day <= t:
                    for n, x in lines:
                        totals[n] = totals.get(n, 0) + x
            self.assertEqual(-totals.get("Liabilities:Patronage payable", 0), m(acc["payable"]), path)
            self.assertEqual(-totals.get("Liabilities:Carried forward", 0), m(acc["carried"]), path)
            self.assertEqual(-totals.get("Equity:Unallocated", 0), m(acc["unallocated"]), path)
            for x in acc["members"]:
                self.assertEqual(-totals.get("Equity:Capital:" + x["member"], 0), m(x["balance"]), path)
            for x in acc["reserves"]:
                self.assertEqual(-totals.get("Equity:Reserves:" + x["name"], 0), m(x["amount"]), path)


if __name__ == "__main__":
    unittest.main()
