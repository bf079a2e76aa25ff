# mlsd-guide — build, test, install.
#   make            build build/mlsd-guide
#   make guide      install missing packages, build the tool and the guide PDF
#   make test       install missing packages, run unit + integration tests
#   make SAN=1 …    the same with AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      benchmark on a generated 500-page book and on the guide
#   make install PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/mlsd-guide

CC      ?= cc
PKGS     = libcmark-gfm yaml-0.1 pangocairo pangoft2 cairo-pdf fontconfig
# Debian packages that provide the pkg-config modules and the test tools.
DEB_PKGS = build-essential pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev \
           libpango1.0-dev libcairo2-dev libfontconfig-dev libhyphen-dev poppler-utils qpdf

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
BUILD   ?= build
ifeq ($(SAN),1)
BUILD    = build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Wno-unused-parameter $(SANFLAGS) $(PKG_CFLAGS) \
           -DMLSD_VERSION='"$(VERSION)"' -DMLSD_DATADIR='"$(DATADIR)"' \
           -DMLSD_YAML_VERSION='"$(shell pkg-config --modversion yaml-0.1 2>/dev/null)"'
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lhyphen -lm

SRC      = $(filter-out src/main.c,$(wildcard src/*.c))
OBJ      = $(SRC:src/%.c=$(BUILD)/obj/%.o)
BIN      = $(BUILD)/mlsd-guide
TEST_SRC = $(wildcard tests/unit/*.c)
TEST_BIN = $(BUILD)/unit-tests

.PHONY: all guide test deps install uninstall clean bench check-deps

all: $(BIN)

$(BIN): $(OBJ) $(BUILD)/obj/main.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj:
	mkdir -p $@

$(TEST_BIN): $(OBJ) $(TEST_SRC) $(wildcard tests/unit/*.h) $(wildcard src/*.h)
	$(CC) $(CFLAGS) -Isrc -o $@ $(TEST_SRC) $(OBJ) $(LDFLAGS) $(LDLIBS)

# Installs the Debian packages that are missing (needs root or sudo).
deps:
	@sh tests/deps.sh $(DEB_PKGS)

guide: deps
	@$(MAKE) --no-print-directory all
	$(BIN) build -c content/book.yaml

test: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/bench.sh $(BUILD)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mlsd-guide
	cp -R templates fonts $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mlsd-guide
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san
