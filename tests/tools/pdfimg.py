#!/usr/bin/env python3
"""Prints every image XObject of a PDF from `qpdf --json --json-stream-data=none` (read on
stdin), one line each, sorted: width, height, filter, predictor, colors, bits per
component, colour space (Indexed:N for a palette of N entries), stream length.
A value that is not there is '-'."""
import json
import sys

objs = json.load(sys.stdin)["qpdf"][1]


def deref(v):
    if isinstance(v, str) and v.endswith(" R"):
        o = objs.get("obj:" + v, {})
        return o.get("value", o.get("stream", {}).get("dict"))
    return v


lines = []
for key, o in objs.items():
    s = o.get("stream") if isinstance(o, dict) else None
    if not s or deref(s["dict"].get("/Subtype")) != "/Image":
        continue
    d = s["dict"]
    parms = deref(d.get("/DecodeParms")) or {}
    cs = deref(d.get("/ColorSpace"))
    if isinstance(cs, list):
        cs = "Indexed:%d" % (deref(cs[2]) + 1) if deref(cs[0]) == "/Indexed" else "array"
    lines.append(" ".join(str(x).lstrip("/") for x in (
        deref(d.get("/Width")), deref(d.get("/Height")), deref(d.get("/Filter", "-")),
        parms.get("/Predictor", "-"), parms.get("/Colors", "-"), deref(d.get("/BitsPerComponent", "-")),
        cs or "-", deref(d.get("/Length")))))
for line in sorted(lines):
    print(line)
