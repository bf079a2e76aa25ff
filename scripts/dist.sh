#!/bin/sh
# Writes the source tarball: every file git tracks (as it is in the working
# tree), under the directory mlsd-guide-VERSION/. The bytes depend only on the
# files and EPOCH: names sorted, every mtime EPOCH, owner and group 0, modes
# normalized (644, or 755 for executables), gzip without a name or time stamp.
#
# Usage: sh scripts/dist.sh VERSION TARBALL EPOCH   (run from the top directory)
version=$1
out=$2
epoch=$3
err() { echo "make dist: $*" >&2; exit 1; }

[ -n "$version" ] && [ -n "$out" ] || err "usage: dist.sh VERSION TARBALL EPOCH"
echo "$epoch" | grep -Eq '^[0-9]+$' ||
    err "no time stamp for the files: set SOURCE_DATE_EPOCH (seconds), or run in a git checkout"
[ -e .git ] && git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    err "not a git checkout: the tarball holds the files git tracks"

missing=$(git ls-files --deleted)
[ -z "$missing" ] || err "tracked files are missing from the working tree: $missing"

mkdir -p "$(dirname "$out")" || exit 1
list="$out.list.tmp"
tarfile="$out.tar.tmp"
trap 'rm -f "$list.unsorted" "$list" "$tarfile" "$out.tmp"' EXIT
git ls-files -z >"$list.unsorted" && LC_ALL=C sort -z "$list.unsorted" >"$list" ||
    err "git ls-files failed"
LC_ALL=C tar --create --file="$tarfile" --format=gnu --transform="s,^,mlsd-guide-$version/," \
    --mtime="@$epoch" --owner=0 --group=0 --numeric-owner --mode='u+w,go-w,a+rX' \
    --no-recursion --null --verbatim-files-from --files-from="$list" ||
    err "tar failed"
gzip -9 -n <"$tarfile" >"$out.tmp" && mv "$out.tmp" "$out" || err "gzip failed"
