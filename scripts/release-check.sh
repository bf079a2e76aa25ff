#!/bin/sh
# What `make release` checks before it builds anything. Exits 1 with a
# message when the release cannot be made:
#   - VERSION is not a semantic version (1.2.3 or 1.2.3-rc.1);
#   - CHANGELOG.md has no dated, non-empty entry for it;
#   - the man page's .TH line names another version;
#   - content/book.yaml's version: names another version;
#   - the tag being released (RELEASE_TAG, as CI passes it, else the v* tags
#     on HEAD) is not v<VERSION>;
#   - there is no time stamp for the release files (EPOCH: SOURCE_DATE_EPOCH,
#     else the last commit's time).
# Warns (and goes on) when tracked files have uncommitted changes.
#
# Usage: sh scripts/release-check.sh VERSION TAG EPOCH   (run from the top directory; TAG may be "")
version=$1
tag=$2
epoch=$3
err() { echo "make release: $*" >&2; exit 1; }

echo "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$' ||
    err "VERSION holds '$version', not a version like 1.2.3"

sh scripts/changelog.sh "$version" CHANGELOG.md >/dev/null ||
    err "refusing to release $version without a CHANGELOG.md entry for it"

man_version=$(sed -n 's/^\.TH .*"mlsd-guide \([^"]*\)".*/\1/p' docs/mlsd-guide.1)
[ "$man_version" = "$version" ] ||
    err "docs/mlsd-guide.1 is for version '$man_version', not $version: update its .TH line"

book_version=$(sed -n 's/^version: *"\{0,1\}\([^" #]*\).*/\1/p' content/book.yaml)
[ "$book_version" = "$version" ] ||
    err "content/book.yaml has version '$book_version', not $version: update its version: line"

if [ -n "$tag" ]; then
    [ "$tag" = "v$version" ] || err "the tag $tag does not match VERSION $version (expected v$version)"
elif [ -e .git ]; then
    tags=$(git tag --points-at HEAD --list 'v*' 2>/dev/null)
    if [ -n "$tags" ] && ! echo "$tags" | grep -qx "v$version"; then
        err "HEAD is tagged $(echo "$tags" | tr '\n' ' ')but VERSION says $version"
    fi
fi

echo "$epoch" | grep -Eq '^[0-9]+$' ||
    err "no time stamp for the release files: not a git checkout, and SOURCE_DATE_EPOCH is not set"

if [ -e .git ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "make release: warning: tracked files have uncommitted changes; the release is built from them" >&2
fi
exit 0
