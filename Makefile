# vigil - withdrawal scoring for supervised detox units
# GNU Make. `make check` and `make demo` first install missing Debian packages.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR  ?=

CC       ?= cc
PKG_CONFIG ?= pkg-config
BUILD    ?= build
CFLAGS   ?= -O2 -g
WARNINGS  = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wwrite-strings -Wundef -Wpointer-arith -Wvla
# Warnings are errors in every build: the project stays warning-free.
WERROR   ?= -Werror
PKGS      = ncursesw sqlite3 libsodium

ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_XOPEN_SOURCE_EXTENDED \
               -DVIGIL_VERSION='"$(VERSION)"' -Iinclude -Isrc -I$(BUILD) $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(WARNINGS) $(WERROR) $(CFLAGS)
PKG_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
CORE_LIBS    = $(shell $(PKG_CONFIG) --libs sqlite3 libsodium 2>/dev/null) -lcsv -lm
TUI_LIBS     = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)

CORE_SRC = $(wildcard src/core/*.c src/store/*.c)
FACE_SRC = $(wildcard src/cli/*.c src/tui/*.c)
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/scales_builtin.o $(BUILD)/protocols_builtin.o \
           $(BUILD)/drugs_builtin.o
FACE_OBJ = $(FACE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/main.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPERS  = $(patsubst tests/helpers/%.c,$(BUILD)/tests/%,$(wildcard tests/helpers/*.c))
SCALES   = $(wildcard data/scales/*.scale)
PROTOCOLS = $(wildcard data/protocols/*.protocol)
DRUGS    = $(wildcard data/drugs/*.drugs)
MANPAGES = $(wildcard man/*.[1-9])

# A build on a machine without a library stops here, naming its Debian
# package, instead of failing in the compiler. The targets that install
# what is missing first (check, demo, asan, bench, deps) are let through:
# they build in a new make that checks again.
LIB_PACKAGES = ncursesw:libncurses-dev sqlite3:libsqlite3-dev libsodium:libsodium-dev
MISSING_PACKAGES = $(strip \
	$(if $(shell command -v $(PKG_CONFIG) 2>/dev/null),,pkg-config) \
	$(foreach p,$(LIB_PACKAGES),$(if $(shell $(PKG_CONFIG) --exists $(firstword $(subst :, ,$(p))) \
		2>/dev/null && echo yes),,$(lastword $(subst :, ,$(p))))) \
	$(if $(wildcard /usr/include/csv.h /usr/local/include/csv.h),,libcsv-dev))
ifneq ($(MISSING_PACKAGES),)
ifeq ($(filter check demo demo-reset asan bench deps clean uninstall fuzz,$(MAKECMDGOALS)),)
$(error missing Debian packages: $(MISSING_PACKAGES); run 'make deps' (as root) or 'apt-get install $(MISSING_PACKAGES)')
endif
endif

.PHONY: all deps check unit-tests asan demo demo-reset install install-ward uninstall clean bench fuzz \
        stress

all: $(BUILD)/vigil

$(BUILD)/vigil: $(FACE_OBJ) $(BUILD)/libvigil.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(FACE_OBJ) $(BUILD)/libvigil.a $(TUI_LIBS) $(CORE_LIBS)

$(BUILD)/libvigil.a: $(CORE_OBJ)
	rm -f $@
	$(AR) rcs $@ $(CORE_OBJ)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The scales are compiled in, so an installed vigil needs no data files.
$(BUILD)/scales_builtin.c: tools/embed-scales.sh $(SCALES)
	@mkdir -p $(@D)
	sh tools/embed-scales.sh $(SCALES) > $@.tmp && mv $@.tmp $@

$(BUILD)/scales_builtin.o: $(BUILD)/scales_builtin.c
	$(CC) $(ALL_CPPFLAGS) -Isrc/core $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The reassessment protocols likewise (vigil-protocol(5)).
$(BUILD)/protocols_builtin.c: tools/embed-scales.sh $(PROTOCOLS)
	@mkdir -p $(@D)
	sh tools/embed-scales.sh -k protocol $(PROTOCOLS) > $@.tmp && mv $@.tmp $@

$(BUILD)/protocols_builtin.o: $(BUILD)/protocols_builtin.c
	$(CC) $(ALL_CPPFLAGS) -Isrc/core $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# And the drug list (vigil-drugs(5)).
$(BUILD)/drugs_builtin.c: tools/embed-scales.sh $(DRUGS)
	@mkdir -p $(@D)
	sh tools/embed-scales.sh -k drug $(DRUGS) > $@.tmp && mv $@.tmp $@

$(BUILD)/drugs_builtin.o: $(BUILD)/drugs_builtin.c
	$(CC) $(ALL_CPPFLAGS) -Isrc/core $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Isrc/core $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/libvigil.a -lcmocka $(CORE_LIBS)

$(BUILD)/bench/core_bench: bench/core_bench.c bench/raw_ref.c bench/raw_ref.h $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ bench/core_bench.c \
		bench/raw_ref.c $(BUILD)/libvigil.a $(CORE_LIBS)

$(BUILD)/bench/make_ward: bench/make_ward.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvigil.a \
		$(CORE_LIBS)

$(BUILD)/bench/due_bench: bench/due_bench.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvigil.a \
		$(CORE_LIBS)

$(BUILD)/bench/verify_bench: bench/verify_bench.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvigil.a \
		$(CORE_LIBS)

# The same, every Ed25519 signature check answering "valid" at once.
$(BUILD)/bench/verify_bench_nosig: bench/verify_bench.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) -DVIGIL_BENCH_NOSIG $(LDFLAGS) \
		-Wl,--wrap=crypto_sign_verify_detached -o $@ $< $(BUILD)/libvigil.a $(CORE_LIBS)

$(BUILD)/bench/chart_bench: bench/chart_bench.c $(BUILD)/libvigil.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvigil.a \
		$(CORE_LIBS)

$(BUILD)/tests/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIBS)

deps:
	@sh tools/deps.sh

unit-tests: $(UNIT_BIN) $(HELPERS)

check: deps
	$(MAKE) all unit-tests
	BUILD=$(BUILD) sh tests/run.sh

# The whole check under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	$(MAKE) BUILD=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check

# Each face of the build runs in a new make, so pkg-config is asked only
# after `deps` has installed what was missing.
demo: deps
	$(MAKE) all
	sh tools/demo.sh $(BUILD)/vigil

# A new demo ward: the old one (and its WAL) deleted first.
demo-reset: deps
	$(MAKE) all
	sh tools/demo.sh --reset $(BUILD)/vigil

# The concurrency and SIGKILL tests in their long form (16 writers x 50,
# 216 kills); make check runs them bounded.
stress: all $(HELPERS)
	VIGIL_STRESS=long BUILD=$(BUILD) VIGIL_BIN=$(CURDIR)/$(BUILD)/vigil \
		VIGIL_TEST_HELPERS=$(CURDIR)/$(BUILD)/tests LC_ALL=C.UTF-8 TZ=Europe/London \
		sh tests/cli/stress.sh

# libFuzzer targets of the parsers, each run for FUZZ_SECONDS (default 30)
# after its regressions (tests/fuzz/README). Installs clang when missing.
fuzz:
	sh tests/fuzz/run.sh

bench: deps
	$(MAKE) all $(BUILD)/bench/core_bench $(BUILD)/bench/make_ward $(BUILD)/bench/due_bench \
		$(BUILD)/bench/verify_bench $(BUILD)/bench/verify_bench_nosig $(BUILD)/bench/chart_bench
	BENCH_CACHE=$(BUILD)/bench/cache sh bench/run.sh $(BUILD)/vigil
	BENCH_CACHE=$(BUILD)/bench/cache sh bench/export.sh $(BUILD)/vigil
	sh bench/tui.sh $(BUILD)/vigil
	sh bench/due.sh $(BUILD)/vigil
	sh bench/verify.sh $(BUILD)/vigil
	sh bench/chart.sh $(BUILD)/vigil

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	install -m 755 $(BUILD)/vigil $(DESTDIR)$(BINDIR)/vigil
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANPREFIX)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANPREFIX)/man$$s/; done

# A ward's deployment (vigil(1), THREAT MODEL): the binary setgid to a
# vigil group and a 2770 ward folder, so nurses' accounts reach the
# database only through vigil (which makes it 0660 there). Run as root.
VIGIL_GROUP ?= vigil
WARD_DIR    ?= /var/lib/vigil
install-ward: install
	getent group $(VIGIL_GROUP) >/dev/null || groupadd --system $(VIGIL_GROUP)
	chgrp $(VIGIL_GROUP) $(DESTDIR)$(BINDIR)/vigil
	chmod 2755 $(DESTDIR)$(BINDIR)/vigil
	install -d -m 2770 -g $(VIGIL_GROUP) $(DESTDIR)$(WARD_DIR)
	@echo "ward folder $(WARD_DIR) (group $(VIGIL_GROUP), 2770): VIGIL_DB=$(WARD_DIR)/ward.db vigil init --admin NAME"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vigil
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANPREFIX)/man$$s/$${m##*/}; done

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
