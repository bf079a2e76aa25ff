#!/usr/bin/env python3
"""mkpng.py KIND W H FILE [--as-rgb-trns] [--split N] [--interlace]: a W×H test PNG (a
pattern of bands and a gradient), made with the standard library only.
KIND: gray1 gray2 gray4 gray8 gray16 rgb8 rgba8 pal1 pal2 pal4 pal8 (colour type and bit depth).
The rows use all five PNG filters in turn. --as-rgb-trns writes the same image as 8-bit
RGB with a tRNS chunk naming a colour no pixel has (1, 2, 3): a decoder gives the same
colours, through its path for transparency. --split N cuts the image data into IDAT
chunks of N bytes. --interlace marks the header interlaced (the data is not: a file
for header checks only)."""
import struct
import sys
import zlib

kind, w, h, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
as_rgb = "--as-rgb-trns" in sys.argv
interlace = "--interlace" in sys.argv
split = int(sys.argv[sys.argv.index("--split") + 1]) if "--split" in sys.argv else 0

ctype = {"gray": 0, "rgb": 2, "rgba": 6, "pal": 3}[kind.rstrip("0123456789")]
depth = int(kind[len(kind.rstrip("0123456789")):])
channels = {0: 1, 2: 3, 6: 4, 3: 1}[ctype]
maxv = (1 << depth) - 1
n_pal = min(1 << depth, 6) if ctype == 3 else 0
palette = [((i * 53) % 256, (i * 97 + 40) % 256, (255 - i * 31) % 256) for i in range(n_pal)]


def sample(x, y, c):
    """The pattern: vertical bands crossed by a gradient, different per channel."""
    if ctype == 3:
        return ((x * 7) // max(w, 1) + y // 5) % n_pal
    v = (((x * (c + 1) * 3 + y * (3 - c)) * maxv) // max(1, (w + h) * 3)) % (maxv + 1)
    if (x // 4 + y // 4) % 3 == 0:
        v = maxv - v
    # the red channel is never 1: no pixel has the colour --as-rgb-trns names
    if ctype in (2, 6) and c == 0 and v == 1:
        v = 0
    return v


def rgb(x, y):
    """The pixel as 8-bit RGB, as a PNG decoder gives it."""
    if ctype == 3:
        return palette[sample(x, y, 0)]
    if ctype == 0:
        v = sample(x, y, 0)
        v = v >> 8 if depth == 16 else v * 255 // maxv
        return (v, v, v)
    return tuple(sample(x, y, c) for c in range(3))


if as_rgb:
    pixels = [[rgb(x, y) for x in range(w)] for y in range(h)]
    ctype, depth, channels, maxv = 2, 8, 3, 255


def row_bytes(y):
    vals = []
    for x in range(w):
        if as_rgb:
            vals.extend(pixels[y][x])
            continue
        for c in range(channels):
            vals.append(maxv if ctype == 6 and c == 3 else sample(x, y, c))
    if depth == 16:
        return b"".join(struct.pack(">H", v) for v in vals)
    if depth == 8:
        return bytes(vals)
    out, acc, bits = bytearray(), 0, 0
    for v in vals:
        acc = (acc << depth) | v
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


bpp = max(1, channels * depth // 8)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


raw = bytearray()
prev = None
for y in range(h):
    cur = row_bytes(y)
    up = prev if prev is not None else bytes(len(cur))
    f = y % 5
    line = bytearray([f])
    for i, v in enumerate(cur):
        a = cur[i - bpp] if i >= bpp else 0
        b = up[i]
        c = up[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][f]
        line.append((v - pred) & 0xFF)
    raw += line
    prev = cur


def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 1 if interlace else 0))
if ctype == 3:
    png += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
if as_rgb:
    png += chunk(b"tRNS", struct.pack(">HHH", 1, 2, 3))
data = zlib.compress(bytes(raw), 9)
step = split or len(data)
for i in range(0, len(data), step):
    png += chunk(b"IDAT", data[i:i + step])
png += chunk(b"IEND", b"")
with open(path, "wb") as fh:
    fh.write(png)
