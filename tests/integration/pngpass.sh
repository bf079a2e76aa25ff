#!/bin/sh
# PNG figures embedded as they are (src/out/pdf_png.c): a PNG without transparency,
# not interlaced, gray (1-8 bits), RGB (8 bits) or palette (1-8 bits) becomes an
# image stream holding the file's IDAT data with the PNG predictor, not pixels
# decoded and deflated again; other PNGs (alpha, 16 bits) keep cairo's way. The
# pages look the same either way: each book is built twice, once with PNGs cairo
# decodes (the same pixels as 8-bit RGB, with a tRNS chunk that makes nothing
# transparent), and the renderings are compared pixel for pixel.
. "$ROOT/tests/lib.sh"

MKPNG="$ROOT/tests/tools/mkpng.py"
PASSING="gray1 gray2 gray4 gray8 rgb8 pal1 pal2 pal4 pal8"
OTHERS="gray16 rgba8"

# book DIR SUFFIX: a one-chapter book with every kind of PNG, made with mkpng.py ARGS
book() {
    d=$1
    shift
    rm -rf "$d" && mkdir -p "$d/chapters"
    printf 'title: PNG\nlanguage: en\nchapters:\n  - chapters/one.md\n' >"$d/book.yaml"
    printf -- '---\ntitle: "Images"\nkind: reference\n---\n\n' >"$d/chapters/one.md"
    for k in $PASSING $OTHERS; do
        python3 "$MKPNG" "$k" 150 90 "$d/chapters/$k.png" "$@" || return 1
        printf '![A %s image](%s.png)\n\n' "$k" "$k" >>"$d/chapters/one.md"
    done
}

# images PDF OUTFILE: the image streams of PDF (tests/tools/pdfimg.py)
images() { qpdf --json --json-stream-data=none "$1" | python3 "$ROOT/tests/tools/pdfimg.py" >"$2"; }

A="$OUT/png-pass" B="$OUT/png-cairo"
check "test PNGs made" book "$A" --split 700
check "test PNGs as RGB with tRNS made" book "$B" --as-rgb-trns
run_mlsd build -c "$A/book.yaml" -o "$A.pdf"
expect_rc "book of PNGs builds" 0
expect_no_log "book of PNGs: no warnings" "warning:|error:"
qpdf_ok "book of PNGs" "$A.pdf"
images "$A.pdf" "$A.img"
check "eleven images" test "$(wc -l <"$A.img")" -eq 11
check "nine embedded as they are: FlateDecode with the PNG predictor" test "$(grep -c ' FlateDecode 15 ' "$A.img")" -eq 9
# width height filter predictor colors bpc colourspace
for want in "150 90 FlateDecode 15 1 1 DeviceGray" "150 90 FlateDecode 15 1 2 DeviceGray" \
    "150 90 FlateDecode 15 1 4 DeviceGray" "150 90 FlateDecode 15 1 8 DeviceGray" \
    "150 90 FlateDecode 15 3 8 DeviceRGB" "150 90 FlateDecode 15 1 1 Indexed:2" \
    "150 90 FlateDecode 15 1 2 Indexed:4" "150 90 FlateDecode 15 1 4 Indexed:16" \
    "150 90 FlateDecode 15 1 8 Indexed:256"; do
    check "image as it is: $want" grep -q "^$want " "$A.img"
done
# The stream holds the PNG's IDAT data, byte for byte (split over chunks in the file).
idat_len() {
    python3 -c 'import struct,sys
d=open(sys.argv[1],"rb").read(); p=8; n=0
while p + 8 <= len(d):
    l=struct.unpack(">I",d[p:p+4])[0]
    if d[p+4:p+8]==b"IDAT": n+=l
    p+=12+l
print(n)' "$1"
}
check "RGB stream length = the PNG's IDAT data" grep -q "^150 90 FlateDecode 15 3 8 DeviceRGB $(idat_len "$A/chapters/rgb8.png")\$" "$A.img"
check "palette stream length = the PNG's IDAT data" grep -q "^150 90 FlateDecode 15 1 8 Indexed:256 $(idat_len "$A/chapters/pal8.png")\$" "$A.img"
check "16-bit PNG: cairo's way (no predictor)" sh -c "grep -v ' 15 ' '$A.img' | grep -c '^150 90 FlateDecode - ' | grep -qx 2"
pdfimages -list "$A.pdf" >"$A.list"
check "pdfimages lists eleven 150x90 images" test "$(grep -Ec ' image +150 +90 ' "$A.list")" -eq 11
check "pdfimages: palette images are indexed" test "$(grep -Ec ' 150 +90 +index ' "$A.list")" -eq 4
check "alt text kept" sh -c "qpdf --json '$A.pdf' | python3 '$ROOT/tests/tools/structtree.py' | grep -q 'Figure alt=\"A pal4 image\"'"

# The same pixels through cairo's decoder (tRNS: transparency path, all opaque).
run_mlsd build -c "$B/book.yaml" -o "$B.pdf"
expect_rc "book of PNGs with tRNS builds" 0
images "$B.pdf" "$B.img"
check "with tRNS: no image embedded as it is" sh -c "! grep -q ' 15 ' '$B.img'"
pages=$(pdfinfo "$A.pdf" | awk '/^Pages:/ {print $2}')
check "both books have the same pages" test "$pages" = "$(pdfinfo "$B.pdf" | awk '/^Pages:/ {print $2}')"
pdftoppm -r 110 "$A.pdf" "$A-r"
pdftoppm -r 110 "$B.pdf" "$B-r"
same=0 n=0
for f in "$A"-r-*.ppm; do
    n=$((n + 1))
    cmp -s "$f" "$B-r-${f##*-r-}" && same=$((same + 1))
done
check "the pages look the same, pixel for pixel ($same of $n)" test "$n" -gt 0 -a "$same" -eq "$n"

# Two builds are byte-identical (the marker and the data come from the file only).
run_mlsd build -c "$A/book.yaml" -o "$A-2.pdf"
check "two builds are byte-identical" cmp -s "$A.pdf" "$A-2.pdf"
finish
