#!/usr/bin/env python3
"""Writes the JSON Schemas (draft 2020-12) of every JSON document coshare
reads or writes, docs/schema/*.schema.json, from the one table below.

Each file stands alone (only local "#/$defs/..." references), so any
validator can use it without a resolver; the shared pieces (numbers, money,
dates, durations, ids, ...) are defined once here and copied into the
`$defs` of each file that uses them.  Run from anywhere:

    python3 docs/schema/make_schemas.py           # (re)write the files
    python3 docs/schema/make_schemas.py --check   # exit 1 if a file differs

test_schemas.py runs the check, so the committed files never drift from
this table.  Sources: the specification v2 (sections 2-10) and
docs/format.md, the public reference of every document.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://coshare.dev/schema/"


def ref(name):
    return {"$ref": "#/$defs/" + name}


def obj(properties, required=(), description=None, closed=True):
    """An object with the given properties; `closed` forbids any other
    field (SPEC 3: a field the format does not define is `unknown_field`)."""
    out = {"type": "object"}
    if description:
        out["description"] = description
    out["properties"] = properties
    if required:
        out["required"] = list(required)
    if closed:
        out["additionalProperties"] = False
    return out


def array(items, description=None, **extra):
    out = {"type": "array"}
    if description:
        out["description"] = description
    out["items"] = items
    out.update(extra)
    return out


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


# --------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------

# SPEC 2: "-?(0|[1-9][0-9]*)(\.[0-9]+)?" with at most 15 digits before the
# point and 18 after.  [0-9], never \d: \d matches other digits in some
# regex engines (Python's), ECMA-262's is ASCII only.
DECIMAL_TEXT = r"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,18})?$"
JSON_INT_15 = {"type": "integer", "minimum": -999999999999999, "maximum": 999999999999999}
MONTH_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
# Years 0001 to 9999, without a lookahead: the patterns use only what every
# regex dialect of JSON Schema validators shares (no lookaround, no \d).
YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
COUNT = "(0|[1-9][0-9]{0,4}|100000)"
Y, M, W, D = (COUNT + u for u in "YMWD")
# At least one part, in the order Y M W D.
DURATION = ("^P(" + Y + "(" + M + ")?(" + W + ")?(" + D + ")?|" + M + "(" + W + ")?(" + D + ")?|"
            + W + "(" + D + ")?|" + D + ")$")

ERROR_CODES = [
    "invalid_json", "unknown_field", "missing_field", "invalid_number", "invalid_date",
    "invalid_duration", "invalid_currency", "invalid_policy", "invalid_shares", "invalid_curve",
    "duplicate_policy", "no_policy", "invalid_member", "duplicate_id", "invalid_entry",
    "unknown_member", "unknown_kind", "invalid_contribution", "invalid_amount", "negative_value",
    "paid_exceeds_value", "member_departed", "unknown_target", "not_repayable", "over_repayment",
    "duplicate_departure", "unknown_reason", "duplicate_void", "overflow", "invalid_period",
    "invalid_request", "overlapping_allocation", "unbalanced_allocation", "over_redemption",
    "over_payment",
]
WARNING_CODES = ["kind_in_no_pool", "capital_kind_in_pool", "allocation_differs"]

ENTRY_TYPES = ["contribution", "repayment", "departure", "void",
               "allocation", "redemption", "adjustment", "payment"]
CURVE_TYPES = ["none", "term", "linear", "geometric", "steps"]

DEFS = {
    # ---- values read from documents (SPEC 2) ----
    "number": {
        "description": "A number field (SPEC 2; docs/format.md \"Numbers, money, dates\"): a decimal "
                       "string with at most 15 digits before the point and 18 after, no exponent, "
                       "no leading zero, no '+', or a JSON integer of at most 15 digits. "
                       "Never a JSON number with a fraction or exponent (invalid_number).",
        "anyOf": [{"type": "string", "pattern": DECIMAL_TEXT}, JSON_INT_15],
    },
    "money": {
        "description": "A money value: a number field that is also a multiple of 10^-scale of the "
                       "ledger's currency (invalid_amount) and at most 10^15 minor units (overflow); "
                       "those two limits depend on the currency and are not checked by this schema.",
        "$ref": "#/$defs/number",
    },
    "date": {
        "description": "A date YYYY-MM-DD with ASCII digits, years 0001 to 9999 (SPEC 2). That the "
                       "day exists in its month (2023-02-29) is not checked by this schema.",
        "type": "string",
        "pattern": "^" + YEAR + "-" + MONTH_DAY + "$",
    },
    "duration": {
        "description": "A duration P[nY][nM][nW][nD], at least one part, each count without "
                       "leading zeros and at most 100000 (SPEC 2).",
        "type": "string",
        "pattern": DURATION,
    },
    "memberId": {"description": "A member id: a non-empty string, compared by raw UTF-8 bytes.",
                 "type": "string", "minLength": 1},
    "entryId": {"description": "An entry id: a non-empty string, unique across all entries.",
                "type": "string", "minLength": 1},
    "name": {"description": "A kind, reason, bucket or reserve name: a non-empty string.",
             "type": "string", "minLength": 1},
    "note": {"description": "Free text, never read by any computation.", "type": "string"},
    "basis": {"description": "The basis of a split (SPEC 4): unit-days over the period "
                             "(time_weighted, the default) or live units on its last day (snapshot).",
              "enum": ["time_weighted", "snapshot"]},
    "period": obj({"start": ref("date"), "end": ref("date")}, ["start", "end"],
                  "A period start..=end, both days included, end >= start and less than 100 years "
                  "(invalid_period, not checked by this schema)."),
    "moneyMap": {"description": "Member id (or reserve name) -> money value.",
                 "type": "object", "additionalProperties": ref("money")},

    # ---- the ledger (SPEC 3; docs/format.md "Ledger document") ----
    "currency": obj({"code": {"type": "string"},
                     "scale": {"description": "Decimals of the minor unit: a JSON integer 0..=4 "
                                              "(a string is invalid_json, 2.0 invalid_number, "
                                              "5 invalid_currency).",
                               "type": "integer", "minimum": 0, "maximum": 4}},
                    ["code", "scale"], "The currency: its code (any string) and scale."),
    "policy": obj({
        "effective": ref("date"),
        "unit_price": ref("number"),
        "kinds": {"description": "Kind name -> kind. A name is non-empty and neither 'default' nor '*'.",
                  "type": "object",
                  "propertyNames": {"minLength": 1, "not": {"enum": ["default", "*"]}},
                  "additionalProperties": ref("kind")},
        "departures": ref("departures"),
        "distribution": ref("distribution"),
        "capital": ref("capitalRules"),
        "note": ref("note"),
    }, ["effective", "kinds"],
        "A policy (SPEC 3.1; docs/format.md \"Policy\"), in force from its effective date. "
        "departures, distribution and capital, when absent, are inherited from the policy before."),
    "kind": obj({
        "multiplier": ref("number"),
        "curve": ref("curve"),
        "repayable": {"type": "boolean"},
        "capital": {"description": "Paid-in capital (SPEC 10.2); not together with repayable.",
                    "type": "boolean"},
    }, ["multiplier"], "A kind of contribution: units = at_risk x multiplier / unit_price."),
    "departures": {
        "description": "Reason -> retention factor per kind, 'default' for kinds not named "
                       "(SPEC 3.1).",
        "type": "object",
        "propertyNames": {"minLength": 1},
        "additionalProperties": {"type": "object", "additionalProperties": ref("number")},
    },
    "distribution": obj({
        "buckets": array(ref("bucket"), "Reserves and pools, shares summing to exactly 1; absent: "
                                        "one pool 'all' of share 1 over every kind.", minItems=1),
        "cash_fraction": ref("number"),
        "minimum_payout": ref("money"),
    }, (), "How a period's profit is divided (SPEC 3.1, 5)."),
    "bucket": obj({
        "name": ref("name"),
        "share": ref("number"),
        "kinds": array({"type": "string", "minLength": 1},
                       "A pool's kinds: [\"*\"] for every kind, or distinct kind names. "
                       "Without kinds the bucket is a reserve.", minItems=1, uniqueItems=True),
    }, ["name", "share"]),
    "capitalRules": obj({
        "revolve": ref("duration"),
        "departure": ref("duration"),
        "tax_year_end": {"description": "The month (a JSON integer 1..=12) whose last day ends "
                                        "the tax year; default 12.",
                         "type": "integer", "minimum": 1, "maximum": 12},
    }, (), "The revolving rules (SPEC 10.3); every field optional, {} is valid."),
    "curve": {
        "description": "A curve (SPEC 3.2; docs/format.md \"Curves\"): its type first, then the "
                       "fields of that type and nothing else; any type may add expire.",
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": CURVE_TYPES}},
        "allOf": [{"if": {"required": ["type"], "properties": {"type": {"const": t}}},
                   "then": ref("curve_" + t)} for t in CURVE_TYPES],
    },
    "curve_none": obj({"type": {"const": "none"}, "expire": ref("duration")}, ["type"]),
    "curve_term": obj({"type": {"const": "term"}, "term": ref("duration"),
                       "expire": ref("duration")}, ["type", "term"]),
    "curve_linear": obj({"type": {"const": "linear"}, "fade": ref("duration"),
                         "hold": ref("duration"), "expire": ref("duration")}, ["type", "fade"]),
    "curve_geometric": obj({"type": {"const": "geometric"}, "rate": ref("number"),
                            "every": ref("duration"), "hold": ref("duration"),
                            "expire": ref("duration")}, ["type", "rate", "every"]),
    "curve_steps": obj({"type": {"const": "steps"},
                        "points": array({"type": "array",
                                         "prefixItems": [ref("duration"), ref("number")],
                                         "items": False, "minItems": 2},
                                        "[DURATION, WEIGHT] pairs.", minItems=1),
                        "expire": ref("duration")}, ["type", "points"]),
    "member": obj({"id": ref("memberId"), "name": {"type": "string"}, "note": ref("note")},
                  ["id"], "A member (SPEC 3)."),
    "entry": {
        "description": "An entry (SPEC 3.3, 10; docs/format.md \"Entries\"): its type first, then "
                       "the fields of that type and nothing else.",
        "type": "object",
        "required": ["type", "id"],
        "properties": {"type": {"enum": ENTRY_TYPES}},
        "allOf": [{"if": {"required": ["type"], "properties": {"type": {"const": t}}},
                   "then": ref("entry_" + t)} for t in ENTRY_TYPES],
    },
    "entry_contribution": dict(obj({
        "type": {"const": "contribution"}, "id": ref("entryId"), "member": ref("memberId"),
        "date": ref("date"), "kind": ref("name"),
        "value": ref("money"), "hours": ref("number"), "rate": ref("number"), "paid": ref("money"),
        "note": ref("note"),
    }, ["type", "id", "member", "date", "kind"]), **{
        "anyOf": [
            {"required": ["value"], "not": {"anyOf": [{"required": ["hours"]}, {"required": ["rate"]}]}},
            {"required": ["hours", "rate"], "not": {"required": ["value"]}},
        ],
        "$comment": "Exactly one of value or hours + rate (invalid_contribution).",
    }),
    "entry_repayment": obj({
        "type": {"const": "repayment"}, "id": ref("entryId"), "loan": ref("entryId"),
        "date": ref("date"), "amount": ref("money"), "note": ref("note"),
    }, ["type", "id", "loan", "date", "amount"]),
    "entry_departure": obj({
        "type": {"const": "departure"}, "id": ref("entryId"), "member": ref("memberId"),
        "date": ref("date"), "reason": ref("name"), "note": ref("note"),
    }, ["type", "id", "member", "date", "reason"]),
    "entry_void": obj({
        "type": {"const": "void"}, "id": ref("entryId"), "target": ref("entryId"), "note": ref("note"),
    }, ["type", "id", "target"]),
    "entry_allocation": obj({
        "type": {"const": "allocation"}, "id": ref("entryId"), "date": ref("date"),
        "period": ref("period"), "amount": ref("money"), "basis": ref("basis"),
        "carry_in": ref("moneyMap"),
        "reserves": {"type": "object", "propertyNames": {"minLength": 1},
                     "additionalProperties": ref("money")},
        "unallocated": ref("money"),
        "members": {"type": "object", "additionalProperties": ref("allocationFigures")},
        "note": ref("note"),
    }, ["type", "id", "date", "period", "amount", "members"],
        "A closed period, posted (SPEC 10.1; docs/format.md \"Allocation entries\")."),
    "allocationFigures": obj({
        "allocated": ref("money"), "cash": ref("money"), "retained": ref("money"),
        "carry_out": ref("money"),
    }, ["allocated", "cash", "retained"]),
    "entry_redemption": obj({
        "type": {"const": "redemption"}, "id": ref("entryId"), "member": ref("memberId"),
        "date": ref("date"), "amount": ref("money"), "note": ref("note"),
    }, ["type", "id", "member", "date", "amount"]),
    "entry_adjustment": obj({
        "type": {"const": "adjustment"}, "id": ref("entryId"), "member": ref("memberId"),
        "date": ref("date"), "amount": ref("money"), "allocation": ref("entryId"), "note": ref("note"),
    }, ["type", "id", "member", "date", "amount"]),
    "entry_payment": obj({
        "type": {"const": "payment"}, "id": ref("entryId"), "allocation": ref("entryId"),
        "member": ref("memberId"), "date": ref("date"), "amount": ref("money"), "note": ref("note"),
    }, ["type", "id", "allocation", "member", "date", "amount"]),

    # ---- values coshare writes (SPEC 6; docs/format.md) ----
    "outDate": {"description": "A date as coshare writes it: YYYY-MM-DD.",
                "type": "string", "pattern": "^[0-9]{4}-" + MONTH_DAY + "$"},
    "outMoney": {"description": "Money as coshare writes it: a plain decimal with exactly the "
                                "currency's scale of decimals (0 to 4), never an exponent, zero "
                                "never with a sign. Sums (balances, totals) may exceed the 15 "
                                "digits of an input.",
                 "type": "string", "pattern": r"^-?(0|[1-9][0-9]*)(\.[0-9]{1,4})?$"},
    "exact": {"description": "An exact non-negative decimal without trailing zeros or exponent "
                             "(\"60000\", \"7.5\", \"0\"): bases, units, unit-days.",
              "type": "string", "pattern": r"^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"},
    "units4": {"description": "Units with exactly 4 decimals.",
               "type": "string", "pattern": r"^(0|[1-9][0-9]*)\.[0-9]{4}$"},
    "share": {"description": "A share round_9(x / total) in [0, 1], exactly 9 decimals.",
              "type": "string", "pattern": r"^(0\.[0-9]{9}|1\.0{9})$"},
    "outPeriod": obj({"start": ref("outDate"), "end": ref("outDate")}, ["start", "end"]),
    "errorCode": {"description": "The stable code of an error (SPEC 8; docs/format.md \"Errors\").",
                  "enum": ERROR_CODES},
    "error": obj({
        "code": ref("errorCode"),
        "message": {"description": "For people; its wording may change.", "type": "string"},
        "entry": nullable({"type": "string"}),
        "path": nullable({"type": "string"}),
    }, ["code", "message", "entry", "path"],
        "An error: code, message, the entry (or member) concerned or null, the field's path or null."),
    "warning": obj({
        "code": {"description": "The three warnings of SPEC 8, then any of coshare's own.",
                 "anyOf": [{"enum": WARNING_CODES}, {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}]},
        "message": {"type": "string"},
        "entry": nullable({"type": "string"}),
        "kind": nullable({"type": "string"}),
    }, ["code", "message", "entry", "kind"],
        "A warning: `kind` is set for the two kind warnings, `entry` for allocation_differs."),
    "shares": obj({
        "at": ref("outDate"),
        "total": ref("exact"),
        "members": array(obj({
            "member": {"type": "string"},
            "kinds": {"description": "Kind -> live units, kinds with live units, by name.",
                      "type": "object", "additionalProperties": ref("exact")},
            "units": ref("exact"),
            "share": ref("share"),
        }, ["member", "kinds", "units", "share"]), "Members with live units, by id."),
        "pools": array(obj({
            "pool": {"type": "string"},
            "total": ref("exact"),
            "members": array(obj({"member": {"type": "string"}, "units": ref("exact"),
                                  "share": ref("share")}, ["member", "units", "share"])),
        }, ["pool", "total", "members"]),
            "Each pool of the distribution in force on the day, in bucket order (empty before "
            "the first policy)."),
    }, ["at", "total", "members", "pools"],
        "Live units per member and kind on one day, and shares (SPEC 7; docs/format.md \"Other "
        "queries\")."),
}


def finish(name, title, description, body, extra_defs=()):
    """A standalone schema: body plus the $defs it references, transitively."""
    doc = {"$schema": DRAFT, "$id": BASE + name + ".schema.json", "title": title,
           "description": description}
    doc.update(body)
    needed, todo = set(extra_defs), [body, *[DEFS[d] for d in extra_defs]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            r = node.get("$ref")
            if isinstance(r, str) and r.startswith("#/$defs/"):
                d = r[len("#/$defs/"):]
                if d not in needed:
                    needed.add(d)
                    todo.append(DEFS[d])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    if needed:
        doc["$defs"] = {d: DEFS[d] for d in sorted(needed)}
    return doc


# --------------------------------------------------------------------------
# The documents
# --------------------------------------------------------------------------

def split_result():
    pool_part = obj({"basis": ref("exact"), "average_units": ref("units4"), "share": ref("share"),
                     "amount": ref("outMoney")}, ["basis", "share", "amount"],
                    "The member's basis in the pool (exact), average units (time_weighted only, "
                    "4 decimals), share (9 decimals) and part.")
    bucket = {
        "type": "object",
        "required": ["name", "type", "amount"],
        "properties": {"type": {"enum": ["reserve", "pool"]}},
        "if": {"properties": {"type": {"const": "reserve"}}},
        "then": obj({"name": {"type": "string"}, "type": {"const": "reserve"},
                     "amount": ref("outMoney")}, ["name", "type", "amount"]),
        "else": obj({"name": {"type": "string"}, "type": {"const": "pool"},
                     "amount": ref("outMoney"), "basis_total": ref("exact"),
                     "unallocated": ref("outMoney")},
                    ["name", "type", "amount", "basis_total", "unallocated"]),
    }
    member = obj({
        "member": {"type": "string"},
        "pools": {"description": "Pool name -> part, in bucket order, only pools where the "
                                 "member's basis is not zero.",
                  "type": "object", "additionalProperties": pool_part},
        "allocated": ref("outMoney"), "carry_in": ref("outMoney"), "paid": ref("outMoney"),
        "cash": ref("outMoney"), "retained": ref("outMoney"), "carry_out": ref("outMoney"),
    }, ["member", "pools", "allocated", "carry_in", "paid", "cash", "retained", "carry_out"])
    per_basis = lambda cond: {"properties": {"members": {"items": {"properties": {"pools": {
        "additionalProperties": cond}}}}}}
    return obj({
        "period": ref("outPeriod"),
        "basis": ref("basis"),
        "amount": ref("outMoney"),
        "buckets": array(bucket, "Every bucket, in policy order."),
        "members": array(member, "Members with a non-zero basis in some pool or a non-zero "
                                 "carry-in, by id."),
    }, ["period", "basis", "amount", "buckets", "members"]) | {
        "if": {"properties": {"basis": {"const": "time_weighted"}}},
        "then": per_basis({"required": ["average_units"]}),
        "else": per_basis({"not": {"required": ["average_units"]}}),
    }


def schemas():
    out = {}

    def add(name, title, description, body, extra_defs=()):
        out[name + ".schema.json"] = finish(name, title, description, body, extra_defs)

    add("ledger", "coshare ledger document",
        "The ledger: currency, versioned policies, members and entries (SPEC v2 sections 3 and "
        "10; docs/format.md \"Ledger document\" and \"The books\"). Also what `coshare init` "
        "writes and `coshare close --append` rewrites. This schema checks the structure "
        "(every reading error of the wrong JSON type, a missing or an unknown field) and the "
        "forms of numbers, dates and durations; the checks that need more than one field "
        "(money scale, sums, references between entries, policy in force) are coshare's.",
        obj({
            "currency": ref("currency"),
            "policies": array(ref("policy")),
            "members": array(ref("member"), "Default []."),
            "entries": array(ref("entry"), "Default []."),
        }, ["currency", "policies"]))

    add("request", "coshare split request",
        "A split request: the period, the amount to divide (negative: a loss), the basis and "
        "the amounts carried in (SPEC 3 and 4; docs/format.md \"Request and split result\"). "
        "Also `close --request` and the `request` of the WebAssembly and Python bindings.",
        obj({
            "period": ref("period"),
            "amount": ref("money"),
            "basis": ref("basis"),
            "carry_in": ref("moneyMap"),
        }, ["period", "amount"]))

    add("carry-in", "coshare carry-in file",
        "`coshare split --carry-in FILE` in its JSON form: member id -> money owed from "
        "earlier splits (docs/format.md \"The command line\"). The same object as a request's "
        "carry_in.",
        {"$ref": "#/$defs/moneyMap"})

    add("split", "coshare split result",
        "The result document of a split (SPEC 6; docs/format.md \"Request and split result\"): "
        "compact UTF-8 JSON, keys in the order shown there.",
        split_result())

    add("shares", "coshare shares document",
        "`coshare shares --format json`: live units per member and kind on one day, each "
        "member's share of all live units, and each pool's shares (SPEC 7; docs/format.md "
        "\"Other queries\").",
        ref("shares"))

    add("explain", "coshare explain document",
        "`coshare explain --format json`: how a member's time-weighted basis over a period adds "
        "up, contribution by contribution in date order, and the member's share of each pool "
        "(docs/format.md \"Other queries\").",
        obj({
            "member": {"type": "string"},
            "period": ref("outPeriod"),
            "basis": ref("exact"),
            "average_units": ref("units4"),
            "pools": array(obj({
                "pool": {"type": "string"},
                "kinds": array({"type": "string"}, "The kinds the pool counts."),
                "basis": ref("exact"),
                "basis_total": ref("exact"),
                "share": ref("share"),
            }, ["pool", "kinds", "basis", "basis_total", "share"]),
                "Each pool in force on the period's last day: the member's unit-days over its "
                "kinds, every member's, and the share of the pool's money they give."),
            "contributions": array(obj({
                "entry": {"type": "string"},
                "date": ref("outDate"),
                "kind": {"type": "string"},
                "value": ref("outMoney"),
                "at_risk": ref("outMoney"),
                "units": ref("units4"),
                "live_at_start": ref("exact"),
                "live_at_end": ref("exact"),
                "changes": array(obj({"date": ref("outDate"), "units": ref("units4")},
                                     ["date", "units"]),
                                 "Days inside the period on which the effective units changed."),
                "unit_days": ref("exact"),
            }, ["entry", "date", "kind", "value", "at_risk", "units", "live_at_start",
                "live_at_end", "changes", "unit_days"])),
        }, ["member", "period", "basis", "average_units", "pools", "contributions"]))

    add("curve", "coshare curve document",
        "`coshare curve --format json`: the shares document at from, from + every, ... up to "
        "to, at most 10,000 dates (SPEC 7; docs/format.md \"Other queries\").",
        obj({"points": array(ref("shares"), maxItems=10000)}, ["points"]))

    add("validation", "coshare validate document",
        "`coshare validate --format json` (and `Validation` in the Rust API and the bindings): "
        "every error of a ledger, then, for a ledger without errors, its warnings (SPEC 8; "
        "docs/format.md \"validate: every error, and the warnings\"). The Rust function "
        "`validation_json` writes the same document without `warnings`.",
        obj({
            "valid": {"type": "boolean"},
            "errors": array(ref("error")),
            "warnings": array(ref("warning")),
        }, ["valid", "errors"]) | {
            "if": {"properties": {"valid": {"const": True}}},
            "then": {"properties": {"errors": {"maxItems": 0}}},
            "else": {"properties": {"errors": {"minItems": 1}, "warnings": {"maxItems": 0}}},
        })

    add("error", "coshare error document",
        "What every command writes on standard error with `--format json` when it fails "
        "(docs/format.md \"Errors\" and \"The command line\"): {\"error\": {code, message, "
        "entry, path}}. The code `io` (a file that cannot be read or written, exit status 1) "
        "is the CLI's own and never an input error.",
        obj({"error": ref("cliError")}, ["error"]))

    add("allocation", "coshare allocation entry (close result)",
        "What `coshare close` prints (and appends to the ledger with --append): the allocation "
        "entry that posts a closed period (SPEC 10.1; docs/format.md \"close\"). Keys type, id, "
        "date, period, amount, basis, carry_in, reserves, unallocated, members; basis always "
        "written, carry_in only when the request gave one. The same entry as the ledger's "
        "allocation, as written by coshare.",
        obj({
            "type": {"const": "allocation"},
            "id": ref("entryId"),
            "date": ref("outDate"),
            "period": ref("outPeriod"),
            "amount": ref("outMoney"),
            "basis": ref("basis"),
            "carry_in": {"description": "Every member the request named, zeros included, by id.",
                         "type": "object", "additionalProperties": ref("outMoney")},
            "reserves": {"description": "Every reserve bucket of the split, in bucket order.",
                         "type": "object", "additionalProperties": ref("outMoney")},
            "unallocated": ref("outMoney"),
            "members": {"description": "The split's members, by id.",
                        "type": "object", "additionalProperties": obj({
                            "allocated": ref("outMoney"), "cash": ref("outMoney"),
                            "retained": ref("outMoney"), "carry_out": ref("outMoney"),
                        }, ["allocated", "cash", "retained", "carry_out"])},
        }, ["type", "id", "date", "period", "amount", "basis", "reserves", "unallocated",
            "members"]))

    add("accounts", "coshare accounts document",
        "`coshare accounts --format json`: the capital accounts and the co-op's other accounts "
        "on a day (SPEC 10.2, 10.5; docs/format.md \"accounts\").",
        obj({
            "at": ref("outDate"),
            "members": array(obj({"member": {"type": "string"}, "balance": ref("outMoney"),
                                  "due": ref("outMoney")}, ["member", "balance", "due"]),
                             "Members with a movement on or before the day, by id."),
            "reserves": array(obj({"name": {"type": "string"}, "amount": ref("outMoney")},
                                  ["name", "amount"]),
                              "Reserves named in an allocation dated on or before the day, by name."),
            "unallocated": ref("outMoney"),
            "payable": ref("outMoney"),
            "carried": ref("outMoney"),
        }, ["at", "members", "reserves", "unallocated", "payable", "carried"]))

    add("statement", "coshare statement document",
        "`coshare statement --format json`: a member's capital account over a period "
        "(SPEC 10.5; docs/format.md \"statement\"). A redemption's amount is negative.",
        obj({
            "member": {"type": "string"},
            "start": ref("outDate"),
            "end": ref("outDate"),
            "opening": ref("outMoney"),
            "movements": array(obj({
                "date": ref("outDate"),
                "type": {"enum": ["paid_in", "retained", "adjustment", "redemption"]},
                "entry": {"type": "string"},
                "amount": ref("outMoney"),
                "balance": ref("outMoney"),
            }, ["date", "type", "entry", "amount", "balance"])),
            "closing": ref("outMoney"),
            "due": ref("outMoney"),
            "allocations": array(obj({
                "allocation": {"type": "string"}, "date": ref("outDate"),
                "allocated": ref("outMoney"), "carry_in": ref("outMoney"), "paid": ref("outMoney"),
                "cash": ref("outMoney"), "retained": ref("outMoney"), "carry_out": ref("outMoney"),
            }, ["allocation", "date", "allocated", "carry_in", "paid", "cash", "retained",
                "carry_out"])),
            "payments": array(obj({
                "payment": {"type": "string"}, "allocation": {"type": "string"},
                "date": ref("outDate"), "amount": ref("outMoney"),
            }, ["payment", "allocation", "date", "amount"])),
        }, ["member", "start", "end", "opening", "movements", "closing", "due", "allocations",
            "payments"]))

    add("notices", "coshare notices document",
        "`coshare notices --format json`: the written notices of allocation of one allocation, "
        "members by id (SPEC 10.4; docs/format.md \"notices\"). `qualified` is the money and "
        "timing test only: the member's consent is assumed, not recorded.",
        obj({
            "allocation": {"type": "string"},
            "date": ref("outDate"),
            "period": ref("outPeriod"),
            "pay_by": {"description": "YYYY-MM-DD; a date past 9999-12-31 has as many year "
                                      "digits as it needs.",
                       "type": "string", "pattern": "^[0-9]{4,}-" + MONTH_DAY + "$"},
            "notices": array(obj({
                "member": {"type": "string"}, "paid": ref("outMoney"), "cash": ref("outMoney"),
                "retained": ref("outMoney"), "cash_paid": ref("outMoney"),
                "qualified": {"type": "boolean"},
            }, ["member", "paid", "cash", "retained", "cash_paid", "qualified"])),
        }, ["allocation", "date", "period", "pay_by", "notices"]))

    add("journal", "coshare journal document",
        "`coshare journal --format json`: one balanced transaction per book entry dated in the "
        "period; each line's amount is positive for a debit, negative for a credit (SPEC 10.5; "
        "docs/format.md \"journal\").",
        obj({
            "start": ref("outDate"),
            "end": ref("outDate"),
            "transactions": array(obj({
                "date": ref("outDate"),
                "entry": {"type": "string"},
                "type": {"enum": ["paid_in", "opening", "allocation", "adjustment", "redemption",
                                  "payment"]},
                "lines": array(obj({"account": {"type": "string"}, "amount": ref("outMoney")},
                                   ["account", "amount"]), minItems=1),
            }, ["date", "entry", "type", "lines"])),
        }, ["start", "end", "transactions"]))

    account = {"type": "string", "minLength": 1}
    add("journal-accounts", "coshare journal accounts file",
        "`coshare journal --accounts FILE`: the names of the journal's accounts, every key "
        "optional (docs/format.md \"journal\"). {name} in `reserve` is replaced by the "
        "reserve's name, {member} in `capital` by the member's id; `kinds` maps a capital "
        "kind to the account that receives its paid-in capital.",
        obj({
            "surplus": account, "carried": account, "reserve": account, "unallocated": account,
            "payable": account, "capital": account, "cash": account, "adjustments": account,
            "opening": account,
            "kinds": {"type": "object", "additionalProperties": account},
        }))
    return out


DEFS["cliError"] = dict(
    DEFS["error"],
    description="An error as the CLI writes it: the input error codes, and io for a file that "
                "cannot be read or written.",
    properties=dict(DEFS["error"]["properties"],
                    code={"anyOf": [ref("errorCode"), {"const": "io"}]}))


def render(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    docs = schemas()
    for name, doc in docs.items():
        path = HERE / name
        text = render(doc)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if check:
        on_disk = {p.name for p in HERE.glob("*.schema.json")}
        stale += sorted(on_disk - set(docs))
        if stale:
            print("docs/schema: out of date, run python3 docs/schema/make_schemas.py: "
                  + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    print("wrote " + ", ".join(sorted(docs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
