"""The command line both Python peers share: time `split` on a loaded ledger.

    peer_*.py LEDGER.json REQUEST.json [--runs N] [--out RESULT.json]

Loading (JSON into the peer's own structures) is timed apart from the
split. The result (buckets, members) and the timings are written to --out
as JSON, with a summary without the members on stdout; without --out the
whole result goes to stdout.
"""

import argparse
import json
import resource
import statistics
import sys
import time


def run_peer(name, load, split, default_runs):
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger")
    ap.add_argument("request")
    ap.add_argument("--runs", type=int, default=default_runs)
    ap.add_argument("--out")
    args = ap.parse_args()
    t = time.perf_counter()
    data, req = load(args.ledger, args.request)
    load_s = time.perf_counter() - t
    times = []
    for _ in range(max(1, args.runs)):
        t = time.perf_counter()
        result = split(data, req)
        times.append(time.perf_counter() - t)
    result.update(
        peer=name,
        load_s=load_s,
        split_s=times,
        split_median_s=statistics.median(times),
        peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )
    text = json.dumps(result)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(json.dumps({k: v for k, v in result.items() if k != "members"}))
    else:
        sys.stdout.write(text + "\n")
