# In-tree libFuzzer targets (tests/fuzz/), included at the end of the Makefile.
#
#   make fuzz-deps     install clang and its runtime (libclang-rt-14-dev: libFuzzer, ASan, UBSan)
#   make fuzz-build    build build-fuzz/fuzz_{chapter,book,image,mermaid}
#   make fuzz          build them, then run each for FUZZ_SECONDS seconds (default 60), one at a time;
#                      prints one summary line per target and fails if any found a crash, timeout or OOM
#   make fuzz FUZZ_TARGETS=image FUZZ_SECONDS=600       one target, longer
#   make fuzz FUZZ_LEAKS=1     also check every input for leaks (LeakSanitizer; about half the speed)
#
# `make fuzz` needs clang and libclang-rt-14-dev (Debian 12) besides the packages of `make deps`:
# run `make deps fuzz-deps` once. The sources are compiled again with FUZZ_CC (clang) into
# build-fuzz/obj/ with -fsanitize=fuzzer-no-link,address,undefined; build/ is not touched. They link
# with the libraries of the Makefile: the pkg-config PKGS, -lhyphen -lm (and any LDLIBS given).
# The corpus grows in build-fuzz/corpus/TARGET/ (seeds: tests/fuzz/corpus/TARGET/); crashing
# inputs land in build-fuzz/artifacts/TARGET/ and each run's log in build-fuzz/logs/TARGET.log.
# Replay one input (with its diagnostics): FUZZ_VERBOSE=1 build-fuzz/fuzz_chapter FILE
# Known crashers are kept in tests/fuzz/regressions/TARGET/ (see tests/fuzz/README.md).

FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= chapter book image mermaid
FUZZ_LEAKS   ?= 0
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -g -O1 -Wall -Wextra -Wno-unused-parameter -Wno-unused-function $(FUZZ_SAN) $(PKG_CFLAGS) \
                -DMLSD_VERSION='"$(VERSION)"' -DMLSD_DATADIR='"$(DATADIR)"' \
                -DMLSD_YAML_VERSION='"$(shell pkg-config --modversion yaml-0.1 2>/dev/null)"'
FUZZ_OBJ      = $(SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-deps fuzz-clean
# Built by a pattern rule only: keep them between runs (make would delete them as intermediates).
.SECONDARY: $(FUZZ_OBJ)

fuzz-deps:
	@sh tests/deps.sh clang libclang-rt-14-dev

fuzz-build: $(FUZZ_BINS)

# The library code: every src/*/*.c but main.c, instrumented for coverage (fuzzer-no-link).
$(FUZZ_BUILD)/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(INCLUDES) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(INCLUDES) -DFUZZ_REPO_ROOT='"$(CURDIR)"' -o $@ $< $(FUZZ_OBJ) \
	    $(PKG_LIBS) -lhyphen -lm $(LDLIBS)

fuzz: $(FUZZ_BINS)
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_LEAKS=$(FUZZ_LEAKS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

fuzz-clean:
	rm -rf $(FUZZ_BUILD)
