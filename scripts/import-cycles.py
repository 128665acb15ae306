#!/usr/bin/env python3
"""Fails if two files of the core crate import each other, directly or in a circle.

    python3 scripts/import-cycles.py [crates/coshare/src]

Each `crate::a::b::...` path in a file (outside its `#[cfg(test)] mod tests`)
is an edge to the file that defines `a::b` (`a/b.rs`, `a/b/mod.rs` or `a.rs`).
`lib.rs` is the crate's facade and is left out; a folder's `mod.rs` declaring
its children is not an import.
"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "crates", "coshare", "src")
root = os.path.normpath(root)


def module_file(parts):
    for n in range(len(parts), 0, -1):
        base = os.path.join(root, *parts[:n])
        for cand in (base + ".rs", os.path.join(base, "mod.rs")):
            if os.path.isfile(cand):
                return os.path.relpath(cand, root)
    return None


edges = {}
for dirpath, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".rs"):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), root)
        if rel == "lib.rs":
            continue
        text = open(os.path.join(dirpath, f), encoding="utf-8").read()
        cut = re.search(r"#\[cfg\(test\)\]\s*mod tests", text)
        if cut:
            text = text[: cut.start()]
        text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
        targets = set()
        for m in re.finditer(r"crate((?:::[a-z_][a-z0-9_]*)+)", text):
            target = module_file(m.group(1).strip(":").split("::"))
            if target and target != rel and target != "lib.rs":
                targets.add(target)
        edges[rel] = targets

# Tarjan's strongly connected components.
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(sorted(comp))


sys.setrecursionlimit(10000)
for v in sorted(edges):
    if v not in index:
        visit(v)
if comps:
    for c in comps:
        print("import circle:", " <-> ".join(c))
    sys.exit(1)
print(f"no import circle among {len(edges)} files")
