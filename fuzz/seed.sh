#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the shared vectors and
# the examples (idempotent; files are named by content hash):
#   corpus/ledger_json  each vector's ledger text + NUL + its request text,
#                       and each examples/*.json ledger alone
#   corpus/csv          each vector's contributions_csv and examples/hours.csv
#   corpus/dates        every date, duration and number string in the vectors
#   corpus/structured   a few fixed byte strings (arbitrary input, no text form)
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/ledger_json corpus/csv corpus/dates corpus/structured
python3 - "$root" <<'PY'
import hashlib, json, os, pathlib, re, sys
root = pathlib.Path(sys.argv[1])
corpus = pathlib.Path("corpus")

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    name = hashlib.sha1(data).hexdigest()
    (corpus / target / name).write_bytes(data)

def text(case, obj, txt):
    if obj in case:
        return json.dumps(case[obj], ensure_ascii=False)
    return case.get(txt)

strings = set()
def walk(v):
    if isinstance(v, str):
        strings.add(v)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, dict):
        for x in v.values(): walk(x)

for path in sorted((root / "testdata/vectors").rglob("*.json")):
    case = json.loads(path.read_text(encoding="utf-8"))
    ledger, request = text(case, "ledger", "ledger_text"), text(case, "request", "request_text")
    if ledger is not None:
        put("ledger_json", ledger + ("\0" + request if request is not None else ""))
    if "contributions_csv" in case:
        put("csv", case["contributions_csv"])
    walk({k: v for k, v in case.items() if k not in ("description", "expected")})
for path in sorted((root / "examples").glob("*.json")):
    put("ledger_json", path.read_bytes())
for path in sorted((root / "examples").glob("*.csv")):
    put("csv", path.read_bytes())
for s in strings:
    if len(s) <= 40 and re.fullmatch(r"[-0-9.PYMWD+ e]+|.{10}", s):
        put("dates", s)
for s in ["2024-02-29", "0001-01-01", "9999-12-31", "P1Y2M3W4D", "P0D", "P100000D", "-0", "999999999999999.999999999999999999"]:
    put("dates", s)
for seed in [b"", bytes(64), bytes(range(256)), bytes([255]) * 128, b"coshare structured seed" * 8]:
    put("structured", seed)
PY
for t in ledger_json csv dates structured; do
  echo "seed: corpus/$t $(ls corpus/$t | wc -l) files"
done
