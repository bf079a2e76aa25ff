#!/bin/sh
# The back-of-book index (tests/fixtures/index): every marked term and every glossary
# term is listed, sorted and grouped by letter; each page number is the page where the
# marker's text stands (pdftotext page by page), consecutive pages and `term (` … `term )`
# ranges are merged, and each number is a link whose named destination lies on that page
# (qpdf --json); sub-entries are indented, "see" references shown, the entries set in two
# columns, balanced on the last page. Malformed markers are warnings at their position.
. "$ROOT/tests/lib.sh"

pdf="$OUT/index.pdf"
run_limited build -v -c "$FIX/index/book.yaml" -o "$pdf"
expect_rc "index fixture builds" 0
expect_no_log "index page numbers settle within the pass limit" "still changed"
# Its only page references are the index's: the first pass keeps its pages and lays the index out
# with their numbers (src/cmd/typeset.c), so no second pass is needed.
expect_log "index page numbers need no second layout pass" "\(1 pass\)"
qpdf_ok "index fixture" "$pdf"
# The texts that do not depend on pages are decided before layout (MLSD_DUMP=model: bookindex_text.c).
MLSD_DUMP=model run_limited build -q -c "$FIX/index/book.yaml" -o "$OUT/index-model.pdf"
expect_rc "index fixture builds with the model dump" 0
expect_log "a 'see' entry's text is in the model" '^index "KV store" group "K" see "feature store"$'
expect_log "a 'see also' entry's text is in the model" '^index "online store" group "O" see-also "feature store"$'
expect_log "a term without a letter is in the symbols group" '^index "95th percentile" group "Symbols and numbers"$'

# The checks that read the PDF's text, boxes and links print ok/FAIL lines.
qpdf --json "$pdf" >"$OUT/index.json" 2>/dev/null
python3 - "$pdf" "$OUT/index.json" "$FIX/index" >"$OUT/index-checks.log" 2>&1 <<'EOF'
import glob, json, re, subprocess, sys, unicodedata
pdf, jpath, fixdir = sys.argv[1], sys.argv[2], sys.argv[3]
def ok(name): print("ok - " + name)
def bad(name, detail): print("FAIL - %s: %s" % (name, detail))
def expect(cond, name, detail=""):
    ok(name) if cond else bad(name, detail)

j = json.load(open(jpath))
pages = j["pages"]
npages = len(pages)
objs = j["qpdf"][1]
def obj(ref): return objs.get("obj:" + ref, {}).get("value")
page_of_obj = {p["object"]: i for i, p in enumerate(pages)}
# Printed labels: roman front matter, then 1, 2, … (from /PageLabels).
labels = [None] * npages
for k, pl in enumerate(j["pagelabels"]):
    end = j["pagelabels"][k + 1]["index"] if k + 1 < len(j["pagelabels"]) else npages
    for i in range(pl["index"], end):
        if pl["label"].get("/S") == "/D": labels[i] = str(pl["label"].get("/St", 1) + i - pl["index"])
def s(v): return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v
# Named destinations: the catalog's /Names /Dests tree.
dests = {}
def walk(node):
    node = obj(node) if isinstance(node, str) else node
    if not node: return
    arr = node.get("/Names", [])
    for k in range(0, len(arr) - 1, 2):
        d = arr[k + 1]
        d = obj(d) if isinstance(d, str) else d
        if isinstance(d, dict): d = d.get("/D")
        dests[s(arr[k])] = page_of_obj.get(d[0]) if d else None
    for kid in node.get("/Kids", []): walk(kid)
root = None
for k, v in objs.items():
    if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Catalog": root = v["value"]
names = root.get("/Names")
names = obj(names) if isinstance(names, str) else names
walk(names["/Dests"])

def page_text(i):
    return subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), pdf, "-"], capture_output=True, text=True).stdout
texts = [page_text(i) for i in range(npages)]
def token_page(tok):
    found = [i for i in range(npages) if tok in texts[i]]
    return found[0] if found else None

# The Index chapter: from its outline entry to the end.
start = next(i for i, p in enumerate(pages) if any(o["title"] == "Index" for o in p.get("outlines", [])))
ix_pages = list(range(start, npages))
expect(texts[start].lstrip().startswith("Index"), "the Index chapter opens with its title")
expect(any("Index" in texts[i] and labels[start] in texts[i] for i in range(start) if labels[i] is None),
       "the contents list the Index with its page")

# Lines of the index pages with their boxes (pdftotext -bbox-layout).
bbox = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(start + 1), "-l", str(npages), pdf, "-"],
                      capture_output=True, text=True).stdout
W = float(re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox).group(1))
H = float(re.search(r'<page width="([\d.]+)" height="([\d.]+)"', bbox).group(2))
lines = []  # (page, x, y, y1, text, words)
for pno, ptxt in enumerate(bbox.split("<page ")[1:]):
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', ptxt, re.S):
        words = [(float(a), float(b), float(c), float(d), unescape) for a, b, c, d, unescape in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(4))]
        words = [(a, b, c, d, t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"'))
                 for a, b, c, d, t in words]
        text = " ".join(w[4] for w in words)
        lines.append((start + pno, float(m.group(1)), float(m.group(2)), float(m.group(3)), text, words))
# Drop the title, the running head and the page number.
body = [l for l in lines if l[4] not in ("Index",) and not re.fullmatch(r"\d+", l[4])]
mid = W / 2
cols = {}
for l in body: cols.setdefault((l[0], l[1] >= mid), []).append(l)
order = []
for key in sorted(cols): order += sorted(cols[key], key=lambda l: l[2])

# Two columns on every index page, the last one balanced.
for p in ix_pages:
    left, right = cols.get((p, False), []), cols.get((p, True), [])
    expect(left and right, "index page %s has two columns" % labels[p], "left %d lines, right %d" % (len(left), len(right)))
    if left and right:
        gap = min(l[1] for l in right) - max(l[1] for l in left)
        expect(min(l[1] for l in right) - min(l[1] for l in left) > 0.4 * (W - 2 * min(l[1] for l in left)),
               "index page %s: the right column starts past the middle" % labels[p])
lp = ix_pages[-1]
lb, rb = max(l[3] for l in cols[(lp, False)]), max(l[3] for l in cols[(lp, True)])
lh = min(l[3] - l[2] for l in body)
expect(abs(lb - rb) <= 3 * lh, "the last index page is balanced", "columns end at %.1f and %.1f" % (lb, rb))

# Entries: letter headings, main entries and (indented) sub-entries, in reading order.
def key(t):
    t = unicodedata.normalize("NFD", t)
    t = "".join(c for c in t if not unicodedata.category(c).startswith("M")).casefold()
    return re.sub(r"\s+", " ", re.sub(r"[^\w]|_", " ", t)).strip()
heading_re = re.compile(r"[A-Z]|Symbols and numbers")
entries, heads = [], []  # entries: [term, sub, locators-text, line]
colx = {}
for l in order:
    c = (l[0], l[1] >= mid)
    colx[c] = min(colx.get(c, 1e9), l[1])
for l in order:
    t = l[4]
    if heading_re.fullmatch(t):
        heads.append(t)
        continue
    m = re.match(r"(.*?)((?:, (?:\d[\d–]*|\?))*)((?:[,;] (?:see also|see) .*)?)$", t)
    term, locs, see = m.group(1), m.group(2), m.group(3)
    indented = l[1] - colx[(l[0], l[1] >= mid)] > 3
    if indented: entries.append([entries[-1][0] if entries and not entries[-1][1] else (entries[-1][0] if entries else ""), term, locs, see, l, heads[-1] if heads else ""])
    else: entries.append([term, None, locs, see, l, heads[-1] if heads else ""])
for e in entries:
    if e[1] is not None and entries.index(e) > 0:
        prev = entries[entries.index(e) - 1]
        e[0] = prev[0]
mains = [e for e in entries if e[1] is None]

# Every marked term and every glossary term is there.
marked, subs = set(), set()
for f in glob.glob(fixdir + "/chapters/*.md"):
    src = open(f, encoding="utf-8").read()
    for spec in re.findall(r"<!-- index:(.*?)-->", src, re.S):
        for one in spec.split(";"):
            left = one.split("|")[0].strip()
            left = re.sub(r" [()]$", "", left)
            t, _, sub = left.partition("!")
            marked.add(t.strip())
            if sub: subs.add((t.strip(), sub.strip()))
    if "glossary" in f:
        marked |= set(re.findall(r"^- \*\*(.+?)\*\*", src, re.M))
listed = {e[0] for e in mains}
missing = sorted(marked - listed)
expect(not missing and len(marked) > 60, "the index lists every marked term (%d)" % len(marked), "missing: %s" % missing)
listed_subs = {(e[0], e[1]) for e in entries if e[1] is not None}
expect(subs <= listed_subs and subs, "sub-entries are listed, indented under their term", "missing: %s" % (subs - listed_subs))

# Sorted (case and accents folded, word by word), grouped under their letters in order.
terms = [e[0] for e in mains]
expect(terms == sorted(terms, key=lambda t: (key(t), t)), "main entries are sorted", " | ".join(terms))
expect(heads[0] == "Symbols and numbers" and heads[1:] == sorted(heads[1:]) and len(set(heads)) == len(heads),
       "letter headings in order, each once", " ".join(heads))
wrong = [e[0] for e in mains if (key(e[0])[0].upper() if key(e[0])[0].isalpha() else "Symbols and numbers") !=
         unicodedata.normalize("NFD", e[5])[0] and e[5] != "Symbols and numbers"]
expect(not wrong, "each entry sits under its letter", "%s" % wrong)
expect(terms.index("Élan vital") > terms.index("early stopping") and terms.index("Élan vital") < terms.index("embedding"),
       "accented terms sort with their letter")
expect(terms.index("apple") > terms.index("alert fatigue") and terms.index("apple") < terms.index("bandit"),
       "lower-case terms sort with the upper-case ones")

# Page numbers: the pages where the markers' text is, consecutive pages merged.
def merged(ps):
    ps = sorted(set(ps))
    out = []
    for p in ps:
        if out and p == out[-1][1] + 1: out[-1][1] = p
        else: out.append([p, p])
    return ", " + ", ".join(str(a) if a == b else "%d–%d" % (a, b) for a, b in out)
def lab(tok): return int(labels[token_page(tok)])
want = {
    ("feature store", None): ["MARKFS1"], ("Élan vital", None): ["MARKELAN"], ("KV cache", None): ["MARKKV1", "MARKKV2"],
    ("caching", "KV cache"): ["MARKKV1"], ("calibration", None): ["MARKCAL1", "MARKCAL2", "MARKCAL3"],
    ("apple", None): ["MARKAPPLE"], ("95th percentile", None): ["MARK95"], ("zebra", None): ["MARKZEBRA"],
    ("NDCG", None): ["MARKNDCG"], ("metrics", "NDCG"): ["MARKNDCG"], ("metrics", "recall"): ["MARKRECALL"],
}
got = {(e[0], e[1]): e[2] for e in entries}
for (t, sub), toks in want.items():
    w = merged([lab(k) for k in toks])
    expect(got.get((t, sub)) == w, "page numbers of %s%s" % (t, "!" + sub if sub else ""), "got %r, want %r" % (got.get((t, sub)), w))
cal = merged([lab(k) for k in ["MARKCAL1", "MARKCAL2", "MARKCAL3"]])
expect("–" in cal, "calibration's marks on consecutive pages merge into a range", cal)
tt = "%d–%d" % (lab("MARKTT1"), lab("MARKTT2"))
expect(lab("MARKTT2") > lab("MARKTT1") + 1 and got.get(("two-tower model", None)) == ", " + tt,
       "a `term (` … `term )` range prints first–last", "got %r, want %r" % (got.get(("two-tower model", None)), tt))
gloss_bad = []
for e in mains:
    tok = "GLOSS" + re.sub(r"[ -]", "", e[0])
    if token_page(tok) is not None and e[2] != merged([lab(tok)]) and e[0] not in dict(want):
        gloss_bad.append((e[0], e[2], lab(tok)))
expect(not gloss_bad, "glossary terms carry the page of their definition", "%s" % gloss_bad[:5])
expect(got.get(("KV store", None)) == "" and any(e[0] == "KV store" and e[3] == ", see feature store" for e in mains),
       "a 'see' reference replaces page numbers")
expect(any(e[0] == "online store" and e[3] == ", see also feature store" for e in mains), "a 'see also' reference")

# Links: each page number is a link; its named destination lies on the page the number names.
nums, linked, wrong, unlinked = 0, 0, [], []
for p in ix_pages:
    annots = pages[p].get("annots") or (obj(pages[p]["object"]) or {}).get("/Annots", [])
    annots = obj(annots) if isinstance(annots, str) else annots
    links = []
    for a in annots or []:
        a = obj(a) if isinstance(a, str) else a
        if a.get("/Subtype") != "/Link" or "/Dest" not in a: continue
        x0, y0, x1, y1 = a["/Rect"]
        links.append(((x0 + x1) / 2, H - (y0 + y1) / 2, dests.get(s(a["/Dest"]))))
    for l in [l for l in body if l[0] == p]:
        for (wx0, wy0, wx1, wy1, wt) in l[5]:
            if not re.fullmatch(r"\d+(–\d+)?[,;]?", wt): continue
            ns = re.findall(r"\d+", wt)
            nums += len(ns)
            hits = 0
            for (cx, cy, target) in links:
                if not (wx0 - 1 <= cx <= wx1 + 1 and wy0 - 1 <= cy <= wy1 + 1): continue
                n = ns[0] if len(ns) == 1 or cx < (wx0 + wx1) / 2 else ns[1]
                linked += 1
                hits += 1
                if target is None or labels[target] != n: wrong.append((wt, n, target is not None and labels[target]))
            if hits != len(ns): unlinked.append((labels[p], l[4], hits))
expect(nums > 60 and linked == nums, "every page number in the index is a link (%d)" % nums, "%d numbers, %d links: %s" % (nums, linked, unlinked[:5]))
expect(not wrong, "each number links to a destination on the page it names", "%s" % wrong[:5])
EOF
while IFS= read -r line; do
    case "$line" in
        "ok - "*) ok "${line#ok - }" ;;
        "FAIL - "*) rest=${line#FAIL - }; bad "${rest%%: *}" "${rest#*: }" ;;
        *) bad "index checks" "$line" ;;
    esac
done <"$OUT/index-checks.log"

# index: false leaves the Index out; without the key it comes when terms are marked.
fixture_copy index index-off
sed -i 's/^index:$/index:\n  enabled: false/' "$OUT/index-off/book.yaml"
run_limited build -c "$OUT/index-off/book.yaml" -o "$OUT/index-off.pdf"
expect_rc "index: enabled: false builds" 0
if pdftotext "$OUT/index-off.pdf" - | grep -q "Symbols and numbers"; then bad "index: enabled: false has no Index" "found one"; else ok "index: enabled: false has no Index"; fi
mkdir -p "$OUT/index-auto"
printf 'title: Auto\nchapters: [a.md]\n' >"$OUT/index-auto/book.yaml"
printf '# A\n\nWords <!-- index: lonely term --> here.\n' >"$OUT/index-auto/a.md"
run_limited build -c "$OUT/index-auto/book.yaml" -o "$OUT/index-auto.pdf"
expect_rc "a book with markers and no index: key builds" 0
expect_text "a book with markers gets an Index by itself" "$OUT/index-auto.pdf" "lonely term, 1"

# Malformed markers: warnings at their line and column (errors with --werror); bad config keys.
B="$OUT/index-bad"
rm -rf "$B" && mkdir -p "$B"
printf 'title: Bad\nindex:\n  glossary: [nope.md]\nchapters: [a.md]\n' >"$B/book.yaml"
{
    printf '# A\n\nText <!-- index: --> and <!-- index: a!b!c --> and <!-- index: x | sea y -->.\n\n'
    printf '<!-- index: open range ( -->\nPara.\n\nMore <!-- index: closed ) --> text.\n\n'
    printf 'Long <!-- index: %s -->\n' "$(printf '%0300d' 0)"
} >"$B/a.md"
run_limited check -c "$B/book.yaml"
expect_rc "check fails on an unknown glossary chapter" 1
expect_log "glossary that is not a chapter" "book.yaml:3:3: error: index glossary 'nope.md' is not a chapter of the book"
expect_log "empty index term at its column" "a.md:3:6: warning: index marker has an empty term"
expect_log "two '!' at its column" "a.md:3:26: warning: index marker 'a!b!c' has more than one '!'"
expect_log "bad see at its column" "a.md:3:52: warning: index marker: expected 'see' or 'see also' after '\|', got 'sea y'"
expect_log "range opened and never closed" "a.md:5:1: warning: index range 'open range \(' is not closed"
expect_log "range closed and never opened" "a.md:8:6: warning: index range 'closed \)' closes no range"
expect_log "term too long" "a.md:10:6: warning: index term has 300 characters \(the limit is 200\)"
printf 'title: Bad\nchapters: [a.md]\n' >"$B/book.yaml"
run_limited build -c "$B/book.yaml" -o "$OUT/index-bad.pdf"
expect_rc "malformed markers are warnings: the book builds" 0
run_limited build --werror -c "$B/book.yaml" -o "$OUT/index-bad.pdf"
expect_rc "--werror makes them errors" 1
printf 'title: Bad\nindex: {colour: red}\nchapters: [a.md]\n' >"$B/book.yaml"
run_limited check -c "$B/book.yaml"
expect_log "unknown index key" "book.yaml:2:9: error: unknown key 'colour' in index"
printf 'title: Bad\nindex: maybe\nchapters: [a.md]\n' >"$B/book.yaml"
run_limited check -c "$B/book.yaml"
expect_log "index: takes a boolean" "book.yaml:2:8: error: .*index"
finish
