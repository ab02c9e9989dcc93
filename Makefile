# dlg: hand-written Makefile. `make demo` and `make test` install what is
# missing (scripts/deps.sh), then build and run; `make lint` and `make fuzz`
# also install the clang tools they need, which nothing else needs. Quiet
# unless V=1.

VERSION = 0.1.0
# libcmark-gfm, not libcmark: the two share their symbols' names, so only
# one may be linked (its .pc file links the extensions too)
PKGS = libgit2 libcmark-gfm inih yaml-0.1 jansson libical
PREFIX ?= /usr/local
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
ifdef CI
WARN += -Werror
endif
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(PKG_CFLAGS) -I. -Ibuild/gen -DDLG_VERSION='"$(VERSION)"' -MMD -MP
LIBS = $(PKG_LIBS) -lm -lpthread

ifneq ($(V),1)
Q = @
QUIET_CC = @echo '   CC     $@';
QUIET_LINK = @echo '   LINK   $@';
QUIET_GEN = @echo '   GEN    $@';
QUIET_AR = @echo '   AR     $@';
endif

LIB_SRCS := $(sort $(wildcard lib/*.c formats/*.c core/*.c))
CMD_SRCS := $(sort $(wildcard cmd/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
GEN_SRCS = build/gen/default_ini.c

LIB_OBJS = $(LIB_SRCS:%.c=build/obj/%.o) build/obj/gen/default_ini.o
CMD_OBJS = $(CMD_SRCS:%.c=build/obj/%.o)
ASAN_LIB_OBJS = $(LIB_SRCS:%.c=build/asan/%.o) build/asan/gen/default_ini.o
ASAN_CMD_OBJS = $(CMD_SRCS:%.c=build/asan/%.o)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/unit/%)
ASAN_UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/asan-unit/%)
CLI_TESTS := $(sort $(wildcard tests/t[0-9]*.sh))
# every C file make format and make lint look at
C_FILES := $(sort $(wildcard lib/*.[ch] formats/*.[ch] core/*.[ch] cmd/*.[ch] \
	tests/unit/*.[ch] tests/fuzz/*.[ch]))
CLANG_FORMAT = clang-format-14

.PHONY: all completions deps test demo bench install clean unit unit-asan cli cli-asan check-deps format lint \
	fuzz fuzz-build tour torture
# keep the object files of the sanitizer build between runs
.SECONDARY:

all: dlg completions

dlg: $(CMD_OBJS) $(LIB_OBJS)
	$(QUIET_LINK)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# dlg under AddressSanitizer + UndefinedBehaviorSanitizer, for the CLI tests
build/asan/dlg: $(ASAN_CMD_OBJS) $(ASAN_LIB_OBJS)
	$(QUIET_LINK)$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LIBS)

build/obj/%.o: %.c | check-deps
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c | check-deps
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

# The zsh and fish completions are generated from dlg's own command and
# option tables (dlg help), never written by hand; bash's is cmd/dlg.bash,
# which tests/t0900-docs.sh checks against the same tables.
COMPLETIONS = build/gen/_dlg build/gen/dlg.fish
completions: $(COMPLETIONS)

build/gen/_dlg: dlg scripts/completion.pl
	@mkdir -p $(dir $@)
	$(QUIET_GEN)perl scripts/completion.pl zsh ./dlg >$@.tmp && mv $@.tmp $@

build/gen/dlg.fish: dlg scripts/completion.pl
	@mkdir -p $(dir $@)
	$(QUIET_GEN)perl scripts/completion.pl fish ./dlg >$@.tmp && mv $@.tmp $@

# The built-in dlg.ini is generated from examples/dlg.ini, never copied by hand.
build/gen/default_ini.c: examples/dlg.ini scripts/embed.sh
	@mkdir -p $(dir $@)
	$(QUIET_GEN)sh scripts/embed.sh config_default_ini $< >$@.tmp && mv $@.tmp $@

build/unit/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

build/asan-unit/%: tests/unit/%.c $(ASAN_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

check-deps:
	@pkg-config --exists $(PKGS) cmocka 2>/dev/null || { \
		echo "dlg: missing build dependencies; run 'make deps' (or 'make test'/'make demo', which run it)" >&2; exit 2; }

# Install missing Debian packages (only those missing).
deps:
	@sh scripts/deps.sh

# The README's two commands.
test: deps
	@$(MAKE) --no-print-directory run-tests
demo: deps
	@$(MAKE) --no-print-directory run-demo

# unit, unit under sanitizers, command line, command line under sanitizers;
# each stage runs only when the one before passed
run-tests: dlg build/asan/dlg $(UNIT_BINS) $(ASAN_UNIT_BINS)
	@echo '== unit tests'
	@$(RUN_UNIT)
	@echo '== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer'
	@$(RUN_UNIT_ASAN)
	@echo '== command-line tests'
	@$(RUN_CLI)
	@echo '== command-line tests under AddressSanitizer + UndefinedBehaviorSanitizer'
	@$(RUN_CLI_ASAN)

RUN_UNIT = CMOCKA_MESSAGE_OUTPUT=TAP prove --exec '' $(UNIT_BINS)
RUN_UNIT_ASAN = CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 prove --exec '' $(ASAN_UNIT_BINS)
RUN_CLI = DLG_BUILD_DIR=$(CURDIR) prove -j2 $(CLI_TESTS)
RUN_CLI_ASAN = DLG_BUILD_DIR=$(CURDIR) sh scripts/san-cli.sh $(CURDIR)/build/asan/dlg $(CLI_TESTS)

unit: $(UNIT_BINS)
	@$(RUN_UNIT)
unit-asan: $(ASAN_UNIT_BINS)
	@$(RUN_UNIT_ASAN)
cli: dlg
	@$(RUN_CLI)
cli-asan: dlg build/asan/dlg
	@$(RUN_CLI_ASAN)

run-demo: dlg
	@sh scripts/demo.sh ./dlg examples

# Run the README's tour and rewrite the outputs it shows that changed
# (tests/t0920-readme-tour.sh checks them).
tour: dlg
	@PATH="$(CURDIR):$$PATH" perl scripts/tour.pl --update README.md

# Speed at scale, side by side with git, then the long torture runs.
bench: deps
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory dlg
	@st=0; sh bench/bench.sh ./dlg || st=1; sh bench/torture.sh ./dlg || st=1; exit $$st

# Random kills and a concurrency soak (TORTURE_TRIALS, TORTURE_SECONDS).
torture: deps
	@$(MAKE) --no-print-directory dlg
	@sh bench/torture.sh ./dlg

install: dlg $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 dlg $(DESTDIR)$(PREFIX)/bin/dlg
	install -m 644 cmd/dlg.1 $(DESTDIR)$(PREFIX)/share/man/man1/dlg.1
	install -m 644 cmd/dlg.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/dlg
	install -m 644 build/gen/_dlg $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_dlg
	install -m 644 build/gen/dlg.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/dlg.fish

# Fuzzing: make fuzz (only) installs clang and libFuzzer, builds the library
# objects with -fsanitize=fuzzer-no-link into build/fuzz/, links each
# tests/fuzz/fuzz_*.c with -fsanitize=fuzzer, and runs each for FUZZ_S
# seconds on seeds taken from the tests (scripts/fuzz.sh).
FUZZ_CC = clang-14
FUZZ_S = 60
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=gnu11 $(WARN) -g -O1 $(PKG_CFLAGS) -I. -Ibuild/gen -DDLG_VERSION='"$(VERSION)"' \
	-MMD -MP $(FUZZ_SAN)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/bin/%)
FUZZ_LIB_OBJS = $(LIB_SRCS:%.c=build/fuzz/obj/%.o) build/fuzz/obj/gen/default_ini.o

fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@sh scripts/fuzz.sh $(FUZZ_S) $(FUZZ_BINS)

fuzz-build: $(FUZZ_BINS)

build/fuzz/obj/%.o: %.c | check-deps
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/libdlg.a: $(FUZZ_LIB_OBJS)
	$(QUIET_AR)rm -f $@ && ar rcs $@ $^

build/fuzz/bin/%: tests/fuzz/%.c build/fuzz/libdlg.a
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libdlg.a $(LIBS)

format:
	@sh scripts/deps.sh lint
	$(CLANG_FORMAT) -i $(C_FILES)

# clang-format --dry-run -Werror, the include floors, files over 800 lines
lint:
	@sh scripts/deps.sh lint
	@CLANG_FORMAT=$(CLANG_FORMAT) sh scripts/lint.sh $(C_FILES)

clean:
	rm -rf build dlg

-include $(shell find build -name '*.d' 2>/dev/null)
