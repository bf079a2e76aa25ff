#!/usr/bin/env python3
"""Prints a PDF's structure tree from `qpdf --json` (read on stdin), one element per
line in document order: its depth in spaces, its role, alt="…" when it has /Alt, and " mc"
when it holds marked content itself (an MCID or a marked-content reference in its /K).
Then the catalog's /Lang and whether it has /Metadata, as `lang=…` and `xmp=yes|no`."""
import json
import sys

j = json.load(sys.stdin)
objs = j["qpdf"][1]


def deref(v):
    if isinstance(v, str) and v.endswith(" R"):
        return objs.get("obj:" + v, {}).get("value")
    return v


def text(v):
    v = deref(v)
    if isinstance(v, str):
        return v[2:] if v.startswith("u:") else v[2:] if v.startswith("b:") else v
    return ""


root = deref(objs["trailer"]["value"]["/Root"])
seen = set()


def holds_content(k):
    k = deref(k)
    if isinstance(k, list):
        return any(holds_content(c) for c in k)
    return isinstance(k, int) or (isinstance(k, dict) and k.get("/Type") == "/MCR")


def walk(k, depth):
    if isinstance(k, str) and k.endswith(" R"):
        if k in seen:
            return
        seen.add(k)
    k = deref(k)
    if isinstance(k, list):
        for c in k:
            walk(c, depth)
        return
    if not isinstance(k, dict) or "/S" not in k:
        return
    line = " " * depth + k["/S"].lstrip("/")
    if "/Alt" in k:
        line += ' alt="%s"' % text(k["/Alt"])
    if holds_content(k.get("/K")):
        line += " mc"
    print(line)
    if "/K" in k:
        walk(k["/K"], depth + 1)


tree = deref(root.get("/StructTreeRoot"))
if tree:
    walk(tree.get("/K"), 0)
print("lang=%s" % text(root.get("/Lang", "")))
print("xmp=%s" % ("yes" if "/Metadata" in root else "no"))
