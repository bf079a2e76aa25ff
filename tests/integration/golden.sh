#!/bin/sh
# The golden layout dumps (tests/golden/golden.sh): the vertical lists and pages of the fixture books
# are the checked-in ones.
exec sh "$ROOT/tests/golden/golden.sh"
