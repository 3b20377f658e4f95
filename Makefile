# VyomaOS build. `make help` lists the targets. The pipeline follows the
# deck: kernel -> supervisor -> apps -> rootfs -> run; `make test` builds
# and runs every test. Slow, deterministic results (the Wasmtime runtime,
# toml-test) are cached outside the clone in $(VYOMA_CACHE).

SHELL := /bin/bash
B := build
VYOMA_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/vyoma
export VYOMA_CACHE

CC := cc
CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -MMD -MP
RUNTIME_LIBS := -lgcc_s -lutil -lrt -lpthread -lm -ldl
SUP_LIBS := $(B)/runtime/lib/libwasmtime.a -lpng -lz -lsodium $(RUNTIME_LIBS)

WASM_CC := clang
# Debian's wasi-libc declares errno thread-local; an app is one thread, and
# clang's wasm back end only knows the local-exec model for it.
# WebAssembly 2.0's sign extension, saturating float conversion and
# mutable globals, which Wasmtime has always had: shorter code for every
# signed char and cast.
WASM_FEATURES := -mbulk-memory -msign-ext -mnontrapping-fptoint \
	-mmutable-globals
WASM_CFLAGS := --target=wasm32-wasi -Oz $(WASM_FEATURES) -std=c11 \
	-ftls-model=local-exec -Wall -Wextra -Werror -Isdk
WASM_LDFLAGS := -Wl,--strip-all -Wl,--gc-sections
# Binaryen's size pass after the link: 15-20% off every app, which is
# what keeps the command-line tools near their 4 KB budget. Compiled and
# linked apart: given -O at link time, clang 14 runs wasm-opt itself,
# without our features (bulk memory), and fails. The pipeline runs twice
# (its second pass finds what the first one's inlining opened up), and
# --low-memory-unused folds constant offsets into loads and stores:
# wasm-ld starts data at 1024, so the first kilobyte is never an
# object's. Together 4.3 KB off the catalogue. After the first pass,
# --flatten and --rereloop rebuild each function's control flow from
# its basic blocks, and two more passes fold that further: 11.5 KB
# (1%) more, and no app came out larger. That round once more after a
# size pass: 4.3 KB (a third, 0.5 KB, is not worth its build time).
WASM_OPT := wasm-opt -Oz --low-memory-unused --flatten --rereloop -Oz -Oz \
	--enable-bulk-memory \
	--enable-sign-ext --enable-nontrapping-float-to-int \
	--enable-mutable-globals --strip-debug --strip-producers \
	-Oz --flatten --rereloop -Oz -Oz

# The system's version (os-release's VERSION_ID), from the VERSION file:
# an update must be newer, so a release bumps the file.
VERSION := $(shell cat VERSION)

# The packages' signing keys live outside the clone, as a signer's
# offline keys would; the first build that needs them makes them. The
# image carries the root's public half (docs/packages.md).
VYOMA_KEYS ?= $(HOME)/.config/vyoma/keys

.DEFAULT_GOAL := all
.PHONY: all help setup runtime supervisor apps libs test-apps kernel rootfs image \
	app app-named app-test run-app catalogue \
	packages repo repo-serve update-bundle run-direct \
	run run-hosted test unit-test toml-test integration-test boot-test \
	bench bench-boot bench-compose bench-spawn bench-shell bench-net sizes clean distclean \
	fuzz fuzz-smoke test-asan diff-test

all: runtime supervisor apps image

help:
	@echo "VyomaOS make targets:"
	@echo "  all (default)     runtime, supervisor, apps and the bootable image"
	@echo "  runtime           Wasmtime C API static library (cached in $(VYOMA_CACHE))"
	@echo "  supervisor        $(B)/bin/vyoma-supervisor (hosted) and $(B)/bin/vyoma-init (static, PID 1)"
	@echo "  apps              every apps/<category>/<app> into $(B)/apps/<app>/"
	@echo "  app NAME=<app>    one app into $(B)/apps/<app>/ (tools/vyoma new makes one)"
	@echo "  app-test NAME=<app>  its apps/*/<app>/test.py"
	@echo "  run-app NAME=<app> [ARGS=...]  it alone on the host: an SDL window, or a command's output"
	@echo "  catalogue         docs/apps.md and its contact sheet docs/apps.png"
	@echo "  kernel            $(B)/images/bzImage from linux-source-6.1 + kernel/vyoma.config (cached)"
	@echo "  rootfs            $(B)/images/initramfs.cpio.xz and SHA256SUMS (reproducible)"
	@echo "  image             kernel, rootfs and the disk image $(B)/images/vyoma.img (GRUB, slots A/B, /data)"
	@echo "  update-bundle     a signed system update of this build (the VERSION file's) in $(B)/repo/updates (NOTES=)"
	@echo "  packages          the optional apps (apps/REPOSITORY) as signed .vpk files in $(B)/packages"
	@echo "  repo              $(B)/repo: the packages, the signed index, the key's certificate"
	@echo "  repo-serve        serve $(B)/repo over HTTP on port $(REPO_PORT) (the guest: 10.0.2.2)"
	@echo "  run               boot the disk image in QEMU through GRUB (KVM if it works, else TCG; disk $(B)/disk.img)"
	@echo "  run-direct        boot kernel + initramfs directly (no boot loader or slots; /data on $(B)/data.img)"
	@echo "  run-hosted        the supervisor on this machine, headless, with a screenshot"
	@echo "  test              build, then unit, toml-test, integration, differential, QEMU boot and fuzz-smoke tests"
	@echo "  boot-test         boot the image in QEMU: pixels, keys, clicks, /data across reboots"
	@echo "  unit-test         unit tests (TOML, manifest, draw lines, canvas, input, evdev, window manager)"
	@echo "  toml-test         the official toml-test suite against our TOML parser"
	@echo "  integration-test  the hosted supervisor running real apps, asserting on pixels"
	@echo "  diff-test         our sh and tools against dash, GNU coreutils, grep, sed, gawk"
	@echo "  fuzz              every parser under libFuzzer+ASan+UBSan, then the command and window apps' parsers as WASM, FUZZ_SECONDS (180) each"
	@echo "  fuzz-smoke        the same for 5 s each (part of test)"
	@echo "  test-asan         unit and integration tests, supervisor built with ASan+UBSan ($(ASAN_B)/)"
	@echo "  sizes             binary and app sizes"
	@echo "  bench             every benchmark below, plus IPC, app start and memory under flood, vs baselines"
	@echo "  bench-boot        boot time vs Debian's kernel + busybox, in the same run"
	@echo "  bench-compose     compositing time per frame (1/10/50 windows), input-to-pixel latency"
	@echo "  bench-spawn       spawn to exit vs a fresh process, pipe throughput vs cat | wc, idle instance memory"
	@echo "  bench-shell       1000 commands and a million-line pipeline: our sh vs dash + coreutils"
	@echo "  bench-net         TCP throughput both ways and connect latency: an app vs native sockets"
	@echo "  clean             remove $(B)/ and $(ASAN_B)/ (keeps the cache)"

# Installs missing Debian packages; quiet and quick when all are present.
setup:
	@bash tools/setup.sh

# ---- runtime ---------------------------------------------------------------
RUNTIME_LIB := $(B)/runtime/lib/libwasmtime.a
runtime: $(RUNTIME_LIB)
$(RUNTIME_LIB): runtime/Cargo.toml runtime/Cargo.lock runtime/src/lib.rs \
		tools/build-runtime.sh | setup
	@bash tools/build-runtime.sh $(B)/runtime
	@touch $@

# ---- fonts (generated from Debian's bitmap font packages) -----------------
FONT_DIR := /usr/share/fonts/X11/misc
FONT_SRCS := 4x6 ter-u16n_unicode ter-u32n_unicode
$(B)/gen/%.bdf: | setup
	@mkdir -p $(@D)
	@gunzip -c $(FONT_DIR)/$*.pcf.gz > $(@D)/$*.pcf
	@pcf2bdf -o $@ $(@D)/$*.pcf
$(B)/gen/font_data.c: tools/gen-font.py $(FONT_SRCS:%=$(B)/gen/%.bdf)
	@echo "  GEN     $@"
	@python3 tools/gen-font.py $@ font_s:4x8:$(B)/gen/4x6.bdf \
		font_m:8x16:$(B)/gen/ter-u16n_unicode.bdf \
		font_l:16x32:$(B)/gen/ter-u32n_unicode.bdf

# ---- supervisor ------------------------------------------------------------
# display_sdl.c goes only into the hosted binary (SDL is a desktop's).
SUP_SRCS := $(filter-out supervisor/display_sdl.c,$(wildcard supervisor/*.c))
SDL_CFLAGS = $(shell pkg-config --cflags sdl2)
SDL_LIBS = $(shell pkg-config --libs sdl2)
SUP_OBJS := $(SUP_SRCS:supervisor/%.c=$(B)/obj/%.o) $(B)/obj/font_data.o
SUPERVISOR := $(B)/bin/vyoma-supervisor
supervisor: $(SUPERVISOR)

# PID 1 is mostly control code, built for size (DESIGN.md's budget for
# its own code); the pixel paths, which run over every frame, for speed.
# No unwind tables (a tenth of the text): nothing unwinds through our
# frames, as no thread is cancelled and Wasmtime catches a guest's traps
# before a call returns to C; -g's .debug_frame still serves debuggers.
SUP_OPT := -Os -fno-asynchronous-unwind-tables
SPEED_OBJS := $(addprefix $(B)/obj/,draw.o canvas.o output.o font.o)
$(SPEED_OBJS): SUP_OPT := -O2 -fno-asynchronous-unwind-tables
$(B)/obj/%.o: supervisor/%.c | $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(SUP_OPT) -iquote supervisor \
		-I$(B)/runtime/include -c -o $@ $<
# The files that say the binary's version have it from VERSION.
$(B)/obj/main.o $(B)/obj/shell.o: VERSION
$(B)/obj/main.o $(B)/obj/shell.o: SUP_OPT += -DVYOMA_VERSION='"$(VERSION)"'
$(B)/obj/display_sdl.o: supervisor/display_sdl.c | $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(SDL_CFLAGS) -iquote supervisor -c -o $@ $<
$(B)/obj/font_data.o: $(B)/gen/font_data.c
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -c -o $@ $<
$(SUPERVISOR): $(SUP_OBJS) $(B)/obj/display_sdl.o $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) -o $@ $(SUP_OBJS) $(B)/obj/display_sdl.o $(SUP_LIBS) $(SDL_LIBS)

# The same objects linked statically, stripped: /init in the image, where
# there is no dynamic loader. glibc's static getaddrinfo warning is about
# NSS modules, which nothing here uses.
INIT := $(B)/bin/vyoma-init
STATIC_LIBS := $(RUNTIME_LIB) -lpng -lz -lsodium -lutil -lrt -lpthread -lm -ldl
supervisor: $(INIT)
$(INIT): $(SUP_OBJS) $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@ (static)"
	@$(CC) -static -o $@ $(SUP_OBJS) $(STATIC_LIBS) 2>&1 | \
		{ grep -v -e "statically linked applications requires" \
			  -e "in function" || true; }
	@strip $@

# ---- apps: apps/<category>/<app>/{main.c,vyoma.toml} -> build/apps/<app>/ --
# Each app has its own stamp, so touching one app rebuilds only that app;
# an app may split its main.c into headers beside it. Compiled in two
# steps: between clang's optimiser and its code generator,
# tools/order_globals.py puts the statics most used per byte at the
# lowest addresses, where naming one takes a byte less (0.6% of the
# catalogue; sed 2%). Last, tools/import_names.py writes the imports'
# names short (supervisor/importnames.h): 46 KB, 4%.
# $(B)/wasm-flags holds the compiler's and Binaryen's switches, rewritten
# only when they change, so that changing them rebuilds every app.
WASM_FLAGS_NOW := $(WASM_CFLAGS) | $(WASM_LDFLAGS) | $(WASM_OPT)
ifneq ($(WASM_FLAGS_NOW),$(shell cat $(B)/wasm-flags 2>/dev/null))
$(shell mkdir -p $(B) && echo '$(WASM_FLAGS_NOW)' > $(B)/wasm-flags)
endif
# Shared libraries (libs/<name>/main.c, docs/libraries.md): code many apps
# use, such as the regular expressions of grep and sed, in one module in
# $(B)/apps/.lib instead of a copy in each app. A library imports its
# caller's memory and WASI functions only, exports the memory again
# (tools/export_memory.py: wasm-ld 14 has no --export-memory), and keeps
# its stack (first, so that an overflow traps below 0) and data under
# LIBRARIES_REGION (supervisor/libraries.h), which an app that imports
# one leaves it by starting its own data there. tools/lib_check.py
# checks that shape. Test libraries (tests/libs/<name>/main.c, or
# <name>.wat) are built the same way into $(B)/test-libs, unchecked: some
# break the shape on purpose, for the supervisor to refuse.
LIB_REGION := $(shell sed -n 's/^\#define LIBRARIES_REGION \([0-9]*\).*/\1/p' \
	supervisor/libraries.h)
LIB_LDFLAGS := -nostartfiles -Wl,--no-entry -Wl,--import-memory \
	-Wl,--stack-first -Wl,-z,stack-size=2048 -Wl,--export=__heap_base
LIB_DIRS := $(patsubst %/main.c,%,$(wildcard libs/*/main.c))
LIBS := $(foreach d,$(LIB_DIRS),$(B)/apps/.lib/$(notdir $(d)).wasm)
# $@.opt from $<: compiled, linked as a library, its memory exported.
define lib_link
	@mkdir -p $(@D)
	@echo "  LIB     $@"
	@$(WASM_CC) $(WASM_CFLAGS) -c -o $@.o $<
	@$(WASM_CC) --target=wasm32-wasi $(WASM_LDFLAGS) $(LIB_LDFLAGS) \
		-o $@.tmp $@.o
	@$(filter-out --low-memory-unused,$(WASM_OPT)) $@.tmp -o $@.opt
	@python3 tools/export_memory.py $@.opt && rm -f $@.tmp $@.o
endef
LIB_TOOLS := tools/export_memory.py tools/wasm_sections.py $(B)/wasm-flags
$(B)/apps/.lib/%.wasm: libs/%/main.c $(wildcard sdk/*.h) \
		supervisor/libraries.h tools/lib_check.py $(LIB_TOOLS) | setup
	$(lib_link)
	@python3 tools/lib_check.py $@.opt && mv $@.opt $@
# A library whose source is gone (lib_regex, now part of lib_vytool)
# would still be loaded, shipped in the image and counted: removed.
STALE_LIBS = $(filter-out $(LIBS),$(wildcard $(B)/apps/.lib/*.wasm))
libs: $(LIBS)
	@$(if $(STALE_LIBS),echo "  RM      $(STALE_LIBS)"; rm -f $(STALE_LIBS))
TEST_LIBS := $(patsubst tests/libs/%/main.c,$(B)/test-libs/%.wasm,\
	$(wildcard tests/libs/*/main.c)) \
	$(patsubst tests/libs/%.wat,$(B)/test-libs/%.wasm,\
	$(wildcard tests/libs/*.wat))
# Those that no C compiler would write (a start function that calls
# out, data far away): WebAssembly text, assembled by Binaryen.
$(B)/test-libs/%.wasm: tests/libs/%.wat | setup
	@mkdir -p $(@D)
	@echo "  LIB     $@"
	@wasm-as --enable-bulk-memory --enable-simd --enable-reference-types $< -o $@
$(B)/test-libs/%.wasm: tests/libs/%/main.c $(LIB_TOOLS) | setup
	$(lib_link)
	@mv $@.opt $@

# An app whose main.c includes the regular expressions' header or
# defines VT_SHARED imports lib_vytool: it needs the library built, and
# its data above the library's region (tools/lib_check.py --app refuses
# an app of the catalogue that imports one with data below it).
# (A test app may import a test library by its own declarations.)
LIB_USE := -e '^\#include "vytool_regex.h"' -e '^\#define VT_SHARED'
lib_of = $(if $(shell grep -l $(LIB_USE) $(1)/main.c),vytool)
lib_flags = $(if $(shell grep -l $(LIB_USE) -e 'import_module."lib_' \
	$(1)/main.c),-Wl$(,)--global-base=$(LIB_REGION))
, := ,

# $(1) source dir, $(2) output root, $(3) app name
define wasm_app
$(2)/$(3)/$(3).wasm: $(1)/main.c $(wildcard $(1)/*.h) $(wildcard sdk/*.h) \
		tools/order_globals.py tools/import_names.py \
		supervisor/importnames.c tools/lib_check.py $(B)/wasm-flags \
		$(foreach l,$(call lib_of,$(1)),$(B)/apps/.lib/$(l).wasm) | setup
	@mkdir -p $$(@D)
	@echo "  WASM    $$@"
	@$$(WASM_CC) $$(WASM_CFLAGS) -S -emit-llvm -o $$@.ll $$<
	@python3 tools/order_globals.py $$@.ll $$@.ordered.ll
	@$$(WASM_CC) --target=wasm32-wasi -Oz $$(WASM_FEATURES) -c -o $$@.o \
		$$@.ordered.ll
	@$$(WASM_CC) --target=wasm32-wasi $$(WASM_LDFLAGS) \
		$(call lib_flags,$(1)) -o $$@.tmp $$@.o
	@$$(WASM_OPT) $$@.tmp -o $$@.opt
	$(if $(filter $(B)/apps,$(2)),@python3 tools/lib_check.py --app $$@.opt)
	@python3 tools/import_names.py shorten $$@.opt $$@ && \
		rm -f $$@.tmp $$@.opt $$@.o $$@.ll $$@.ordered.ll
$(2)/$(3)/vyoma.toml: $(1)/vyoma.toml
	@mkdir -p $$(@D)
	@cp $$< $$@
$(2)/$(3)/.stamp: $(2)/$(3)/$(3).wasm $(2)/$(3)/vyoma.toml
	@touch $$@
endef

APP_DIRS := $(patsubst %/vyoma.toml,%,$(wildcard apps/*/*/vyoma.toml))
APP_STAMPS := $(foreach d,$(APP_DIRS),$(B)/apps/$(notdir $(d))/.stamp)
$(foreach d,$(APP_DIRS),$(eval $(call wasm_app,$(d),$(B)/apps,$(notdir $(d)))))
apps: $(APP_STAMPS) libs

# Test apps (tests/apps/<app>/) are built the same way but never installed.
# A test app with only a vyoma.toml is a variant: the same module as the
# app its entry names, run under a different manifest.
# $(1) variant dir, $(2) variant name, $(3) the module's app name
define wasm_variant
$(B)/test-apps/$(2)/.stamp: $(B)/test-apps/$(3)/$(3).wasm $(1)/vyoma.toml
	@mkdir -p $$(@D)
	@cp $(1)/vyoma.toml $$< $$(@D)/
	@touch $$@
endef

TEST_APP_DIRS := $(patsubst %/main.c,%,$(wildcard tests/apps/*/main.c))
TEST_VARIANT_DIRS := $(filter-out $(TEST_APP_DIRS),\
	$(patsubst %/vyoma.toml,%,$(wildcard tests/apps/*/vyoma.toml)))
entry_of = $(shell sed -n 's/^entry *= *"\(.*\)\.wasm".*/\1/p' $(1)/vyoma.toml)
TEST_APP_STAMPS := $(foreach d,$(TEST_APP_DIRS) $(TEST_VARIANT_DIRS),\
	$(B)/test-apps/$(notdir $(d))/.stamp)
$(foreach d,$(TEST_APP_DIRS),$(eval $(call wasm_app,$(d),$(B)/test-apps,$(notdir $(d)))))
$(foreach d,$(TEST_VARIANT_DIRS),\
	$(eval $(call wasm_variant,$(d),$(notdir $(d)),$(call entry_of,$(d)))))
test-apps: $(TEST_APP_STAMPS) $(TEST_LIBS)

# ---- image: kernel + initramfs ----------------------------------------------
IMAGES := $(B)/images
BZIMAGE := $(IMAGES)/bzImage
INITRAMFS := $(IMAGES)/initramfs.cpio.xz
kernel: $(BZIMAGE)
$(BZIMAGE): kernel/vyoma.config $(wildcard kernel/patches/*.patch) kernel/xz \
		tools/build-kernel.sh | setup
	@bash tools/build-kernel.sh $(IMAGES)
	@touch $@

ROOTFS_FILES := $(wildcard rootfs/etc/vyoma/*)
rootfs: $(INITRAMFS)
$(INITRAMFS): $(INIT) $(APP_STAMPS) $(LIBS) $(ROOTFS_FILES) $(BZIMAGE) \
		tools/build-rootfs.sh apps/REPOSITORY $(VYOMA_KEYS)/root.pub \
		VERSION
	@bash tools/build-rootfs.sh $(B) apps/REPOSITORY $(VYOMA_KEYS)/root.pub

# The disk a user flashes: GRUB, slots A and B, /data (docs/updates.md).
DISK_IMAGE := $(IMAGES)/vyoma.img
$(DISK_IMAGE): $(BZIMAGE) $(INITRAMFS) tools/build-image.sh tools/grub.cfg \
		tools/qemu.py VERSION | setup
	@bash tools/build-image.sh $(B)

image: kernel rootfs $(DISK_IMAGE)

# Boots the disk image through GRUB, as a user who flashed it would; the
# machine's disk is $(B)/disk.img, whose /data a new image keeps.
run: all
	@python3 tools/qemu.py run --build $(B)

# The developer's fast path: the kernel and initramfs straight from QEMU,
# /data on $(B)/data.img; no boot loader, no slots, no updates.
run-direct: all
	@python3 tools/qemu.py run --direct --build $(B)

# ---- one app (README, "Writing an app"): make app NAME=<app> builds it,
# app-test runs its test.py, run-app runs it on the host: a window or a
# service in an SDL window of the hosted supervisor, a command with ARGS.
APP_ONE := $(patsubst %/vyoma.toml,%,$(wildcard apps/*/$(NAME)/vyoma.toml))
app-named:
	@test -n "$(NAME)" || { echo "say which app: NAME=<app>" >&2; exit 2; }
	@test -n "$(APP_ONE)" || { echo "no app apps/*/$(NAME)/" >&2; exit 2; }
app: app-named | setup
	@$(MAKE) --no-print-directory $(B)/apps/$(NAME)/.stamp

app-test: app-named runtime supervisor apps
	@python3 tests/integration/run.py --build $(B) --app $(NAME)

run-app: app-named runtime supervisor app
	@d=$$(mktemp -d); cp -r $(B)/apps/$(NAME) $(B)/apps/.lib $$d/; \
	sed -i 's/^autostart *= *false/autostart = true/' $$d/$(NAME)/vyoma.toml; \
	if grep -q '^kind *= *"command"' $$d/$(NAME)/vyoma.toml; then \
		$(SUPERVISOR) --apps $$d --data $$d/.data --run "$(NAME) $(ARGS)"; \
	else \
		$(SUPERVISOR) --apps $$d --data $$d/.data --display sdl \
			--size 800x600; \
	fi; rm -rf $$d

# docs/apps.md and docs/apps.png, from the manifests and the build.
catalogue: runtime supervisor apps
	@python3 tools/catalogue.py --build $(B)

run-hosted: runtime supervisor apps
	$(SUPERVISOR) --apps $(B)/apps --display headless --size 800x600 \
		--screenshot $(B)/screenshot.png --exit-after 3000
	@echo "screenshot: $(B)/screenshot.png"

# ---- packages and the repository (docs/packages.md) -------------------------
# The keys: VYOMA_KEYS, at the top (the image carries root.pub).
REPO_TOOL := $(B)/bin/vyoma-repo
REPO_TOOL_OBJS := $(addprefix $(B)/obj/,vpk.o sign.o bundle.o manifest.o toml.o \
	utf8.o file.o log.o netpolicy.o message.o queue.o)
PACKAGES := $(B)/packages
REPO := $(B)/repo
# The index's version must never go down: seconds since 1970 by default.
REPO_VERSION ?= $(shell date +%s)
REPO_DAYS ?= 30
REPO_PORT ?= 8765

$(REPO_TOOL): tools/repo/vyoma-repo.c $(REPO_TOOL_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -iquote supervisor -o $@ $< $(REPO_TOOL_OBJS) \
		-lsodium -lpthread
# One recipe for both (&:), so two jobs never make two root keys.
$(VYOMA_KEYS)/root.pub $(VYOMA_KEYS)/repository.pub $(VYOMA_KEYS)/system.pub &: \
		| $(REPO_TOOL)
	@$(REPO_TOOL) keygen $(VYOMA_KEYS) root
	@$(REPO_TOOL) keygen $(VYOMA_KEYS) repository
	@$(REPO_TOOL) keygen $(VYOMA_KEYS) system

# The optional apps (apps/REPOSITORY), packed and signed; the same
# sources and keys give the same bytes (tests/integration/packages.py).
REPO_APPS := $(shell sed -e 's/\#.*//' apps/REPOSITORY)
packages: apps $(REPO_TOOL) $(VYOMA_KEYS)/repository.pub
	@rm -rf $(PACKAGES) && mkdir -p $(PACKAGES)
	@for a in $(REPO_APPS); do \
		$(REPO_TOOL) pack $(B)/apps/$$a $(VYOMA_KEYS) repository \
			$(PACKAGES) || exit 1; \
	done
	@echo "  PKG     $(PACKAGES): $$(ls $(PACKAGES) | wc -l) packages"

repo: packages
	@rm -rf $(REPO)/packages $(REPO)/keys $(REPO)/index
	@mkdir -p $(REPO)/packages $(REPO)/keys
	@cp $(PACKAGES)/*.vpk $(REPO)/packages/
	@now=$$(date +%s); \
	$(REPO_TOOL) certify $(VYOMA_KEYS) root repository 1 \
		$$((now + 365 * 86400)) $(REPO)/keys/repository.cert && \
	$(REPO_TOOL) index $(VYOMA_KEYS) repository $(REPO_VERSION) \
		$$((now + $(REPO_DAYS) * 86400)) $(REPO)/index \
		$(REPO)/packages/*.vpk
	@echo "  REPO    $(REPO): index version $(REPO_VERSION), $$(ls $(REPO)/packages | wc -l) packages"

# A system update (docs/updates.md): this build's slot image, signed by
# the system key, which the root certifies; served by repo-serve under
# updates/, with updates/latest naming the newest.
UPDATES := $(REPO)/updates
update-bundle: image $(REPO_TOOL) $(VYOMA_KEYS)/system.pub
	@mkdir -p $(UPDATES)
	@now=$$(date +%s); \
	$(REPO_TOOL) certify $(VYOMA_KEYS) root system 1 \
		$$((now + 365 * 86400)) $(B)/system.cert system
	@$(REPO_TOOL) bundle $(VYOMA_KEYS) system $(B)/system.cert $(VERSION) \
		"$(or $(NOTES),VyomaOS $(VERSION))" $(IMAGES)/slot.img \
		$(UPDATES)/vyoma-$(VERSION).bundle
	@printf '%s vyoma-%s.bundle %s\n' $(VERSION) $(VERSION) \
		$$(stat -c %s $(UPDATES)/vyoma-$(VERSION).bundle) >$(UPDATES)/latest
	@echo "  BUNDLE  $(UPDATES)/vyoma-$(VERSION).bundle: $$(stat -c %s $(UPDATES)/vyoma-$(VERSION).bundle) bytes"

repo-serve: repo
	@echo "serving $(REPO) on http://0.0.0.0:$(REPO_PORT)/ (the QEMU guest: http://10.0.2.2:$(REPO_PORT)/)"
	@cd $(REPO) && python3 -m http.server $(REPO_PORT)

# ---- tests -----------------------------------------------------------------
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
UNIT_DEPS := $(B)/obj/toml.o $(B)/obj/manifest.o $(B)/obj/draw.o \
	$(B)/obj/canvas.o $(B)/obj/font.o $(B)/obj/font_data.o \
	$(B)/obj/queue.o $(B)/obj/utf8.o $(B)/obj/message.o \
	$(B)/obj/input.o $(B)/obj/keymap.o $(B)/obj/file.o \
	$(B)/obj/wm.o $(B)/obj/input_evdev.o $(B)/obj/log.o \
	$(B)/obj/guest.o $(B)/obj/fdset.o $(B)/obj/lifecycle.o \
	$(B)/obj/grants.o $(B)/obj/pipe.o $(B)/obj/netpolicy.o \
	$(B)/obj/netif.o $(B)/obj/clipboard.o $(B)/obj/desktop_cmd.o \
	$(B)/obj/capwords.o $(B)/obj/importnames.o $(B)/obj/errtext.o
$(B)/tests/test_%: tests/unit/test_%.c $(UNIT_DEPS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< $(UNIT_DEPS) -lpthread
# The user database: Argon2id and BLAKE2b come from libsodium.
$(B)/tests/test_userdb: tests/unit/test_userdb.c $(UNIT_DEPS) $(B)/obj/userdb.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(B)/obj/userdb.o -lsodium -lpthread
# The repository's signed documents: ed25519 and SHA-256 from libsodium.
$(B)/tests/test_sign: tests/unit/test_sign.c $(UNIT_DEPS) $(B)/obj/sign.o \
		$(B)/obj/vpk.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(B)/obj/sign.o $(B)/obj/vpk.o -lsodium -lpthread
# A system update's boot state and bundles (docs/updates.md).
$(B)/tests/test_update: tests/unit/test_update.c $(UNIT_DEPS) $(B)/obj/sign.o \
		$(B)/obj/vpk.o $(B)/obj/bootenv.o $(B)/obj/bundle.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(B)/obj/sign.o $(B)/obj/vpk.o $(B)/obj/bootenv.o \
		$(B)/obj/bundle.o -lsodium -lpthread
# The growing delay after wrong passwords, on a clock the test drives.
$(B)/tests/test_authlimit: tests/unit/test_authlimit.c $(UNIT_DEPS) \
		$(B)/obj/authlimit.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(B)/obj/authlimit.o -lpthread
# The .vpk archive's reader and writer; GNU tar reads what it writes.
$(B)/tests/test_vpk: tests/unit/test_vpk.c $(UNIT_DEPS) $(B)/obj/vpk.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(B)/obj/vpk.o -lpthread
# The trust store and the installed-apps tree (docs/packages.md).
PKG_TEST_OBJS := $(addprefix $(B)/obj/,vpk.o sign.o trust.o pkgstore.o)
$(B)/tests/test_trust $(B)/tests/test_pkgstore: $(B)/tests/test_%: \
		tests/unit/test_%.c $(UNIT_DEPS) $(PKG_TEST_OBJS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit -o $@ $< \
		$(UNIT_DEPS) $(PKG_TEST_OBJS) -lsodium -lpthread
# Who apps run for (session.c) and what it asks: the users, their files.
SESSION_OBJS := session.o userdb.o quota.o
# The broker and the shell over a fake Process Manager (fake_proc.c).
BROKER_TEST_OBJS := $(addprefix $(B)/obj/,ipc.o shell.o registry.o \
	instance.o stream.o desktop.o userfiles.o $(SESSION_OBJS) usercmd.o \
	authlimit.o mounts.o)
# The version the shell answers: os-release's (fake_update.c), else the
# build's, which the test is told as shell.o is.
$(B)/tests/test_broker: tests/unit/test_broker.c tests/unit/fake_proc.c \
		tests/unit/open_stub.c tests/unit/fake_update.c VERSION \
		$(UNIT_DEPS) $(BROKER_TEST_OBJS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -DVYOMA_VERSION='"$(VERSION)"' -iquote supervisor \
		-iquote tests/unit -I$(B)/runtime/include -o $@ $< \
		tests/unit/fake_proc.c tests/unit/open_stub.c \
		tests/unit/fake_update.c $(UNIT_DEPS) $(BROKER_TEST_OBJS) \
		-lsodium -lpthread

# The spawn bookkeeping over the same fake, with the real registry.
INSTANCE_TEST_OBJS := $(addprefix $(B)/obj/,instance.o registry.o stream.o \
	userfiles.o $(SESSION_OBJS))
$(B)/tests/test_instance: tests/unit/test_instance.c tests/unit/fake_proc.c \
		$(UNIT_DEPS) $(INSTANCE_TEST_OBJS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit \
		-I$(B)/runtime/include -o $@ $< tests/unit/fake_proc.c \
		$(UNIT_DEPS) $(INSTANCE_TEST_OBJS) -lsodium -lpthread
# Who apps run for, and what two users' apps may do to each other.
$(B)/tests/test_session: tests/unit/test_session.c tests/unit/fake_proc.c \
		$(UNIT_DEPS) $(INSTANCE_TEST_OBJS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit \
		-I$(B)/runtime/include -o $@ $< tests/unit/fake_proc.c \
		$(UNIT_DEPS) $(INSTANCE_TEST_OBJS) -lsodium -lpthread

# The shim against a real Wasmtime store: the guest is a libc-free module
# whose exports call the shimmed WASI imports with whatever they are given.
SHIM_TEST_OBJS := $(addprefix $(B)/obj/,wasi_shim.o guest.o fdset.o \
	trampoline.o engine.o queue.o log.o utf8.o quota.o membudget.o pipe.o \
	stream.o net.o)
$(B)/tests/shim_guest.wasm: tests/unit/wasm/shim_guest.c | setup
	@mkdir -p $(@D)
	@$(WASM_CC) --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
		-Wl,--initial-memory=1048576 -Wl,--strip-all -o $@ $<
$(B)/tests/test_wasi_shim: tests/unit/test_wasi_shim.c $(SHIM_TEST_OBJS) \
		$(B)/tests/shim_guest.wasm $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -iquote tests/unit \
		-I$(B)/runtime/include \
		-DSHIM_GUEST='"$(B)/tests/shim_guest.wasm"' -o $@ $< \
		$(SHIM_TEST_OBJS) $(SUP_LIBS)

$(B)/tests/toml-decoder: tests/toml/decoder.c $(B)/obj/toml.o
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -o $@ $^ -lm

unit-test: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do $$t; done

toml-test: $(B)/tests/toml-decoder | setup
	@bash tools/toml-test.sh $(B)/tests/toml-decoder

integration-test: all test-apps $(REPO_TOOL)
	@python3 tests/integration/run.py --build $(B)

diff-test: all
	@python3 tests/diff/run.py --build $(B)

boot-test: all test-apps repo
	@python3 tests/boot/run.py --build $(B)

test: all
	@$(MAKE) --no-print-directory unit-test toml-test integration-test \
		diff-test boot-test fuzz-smoke

# ---- fuzzing: one libFuzzer target per parser, tests/fuzz/fuzz_<name>.c -----
# Built with clang, ASan and UBSan; UBSan does not recover, so any report
# stops a run like a crash, and LeakSanitizer reports leaks at the end of
# each input. The parsers' own sources are built again here, instrumented
# for coverage. `make fuzz` runs each target for FUZZ_SECONDS (two at a
# time with -j2) on a corpus under $(FUZZ_DIR) seeded from
# tests/fuzz/corpus/<name>, then lists the executions per target;
# fuzz-smoke is the same for 5 s each, for `make test`.
FUZZ_CC := clang
FUZZ_SECONDS ?= 180
FUZZ_DIR := $(B)/fuzz
# Argon2 at libsodium's cheapest limits, in the fuzz build only (userdb.h):
# a password hashed at the real ones takes 0.1 s and 64 MiB, and the
# users' commands hash on every useradd, passwd, login and su.
FUZZ_PWHASH := -DUSERDB_OPSLIMIT=crypto_pwhash_OPSLIMIT_MIN \
	-DUSERDB_MEMLIMIT=crypto_pwhash_MEMLIMIT_MIN
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(FUZZ_PWHASH)
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
# The parts of the supervisor the targets reach: no Wasmtime, no display.
FUZZ_OBJS := $(addprefix $(FUZZ_DIR)/obj/,toml.o manifest.o file.o \
	message.o queue.o utf8.o draw.o input.o keymap.o input_evdev.o \
	log.o guest.o pipe.o netpolicy.o clipboard.o desktop_cmd.o userdb.o \
	vpk.o sign.o bootenv.o bundle.o capwords.o importnames.o)
# The users' commands (fuzz_usercmd.c stubs the session and the broker):
# usercmd.c and what else it calls; proc.h wants Wasmtime's headers.
FUZZ_USERCMD_OBJS := $(addprefix $(FUZZ_DIR)/obj/,usercmd.o authlimit.o \
	lifecycle.o)
# Reached only through pattern rules, so make would delete them as
# intermediates; they are worth keeping.
.SECONDARY: $(FUZZ_OBJS) $(FUZZ_BINS) $(FUZZ_USERCMD_OBJS)

$(FUZZ_DIR)/obj/%.o: supervisor/%.c | setup
	@mkdir -p $(@D)
	@echo "  CC      $< (fuzz)"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -iquote supervisor \
		-c -o $@ $<
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -iquote supervisor \
		-iquote tests/fuzz -iquote apps -o $@ $< $(FUZZ_OBJS) -lsodium \
		-lpthread

$(FUZZ_DIR)/obj/usercmd.o: supervisor/usercmd.c | setup $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  CC      $< (fuzz)"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -iquote supervisor \
		-I$(B)/runtime/include -c -o $@ $<
$(FUZZ_DIR)/fuzz_usercmd: tests/fuzz/fuzz_usercmd.c $(FUZZ_OBJS) \
		$(FUZZ_USERCMD_OBJS) | $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -iquote supervisor \
		-I$(B)/runtime/include -o $@ $< $(FUZZ_OBJS) \
		$(FUZZ_USERCMD_OBJS) -lsodium -lpthread
# Built before FUZZ_PWHASH was, its hashes would cost the real price.
$(FUZZ_DIR)/obj/userdb.o: Makefile

# Then the parsers inside the apps, fuzzed as the .wasm they are:
# the command apps' on stdin (tests/fuzz/apps.py), the window apps'
# through typed lines and opened files (tests/fuzz/window_apps.py),
# FUZZ_SECONDS each too.
fuzz: $(FUZZ_BINS) supervisor apps test-apps
	@rm -f $(FUZZ_NAMES:%=$(FUZZ_DIR)/%.result)
	@$(MAKE) --no-print-directory -k $(FUZZ_NAMES:%=fuzz-run-%); rc=$$?; \
	echo "fuzz: executions per target, $(FUZZ_SECONDS) s each:"; \
	cat $(FUZZ_NAMES:%=$(FUZZ_DIR)/%.result) 2>/dev/null; \
	python3 tests/fuzz/apps.py --build $(B) --seconds $(FUZZ_SECONDS) \
		|| rc=1; \
	python3 tests/fuzz/window_apps.py --build $(B) \
		--seconds $(FUZZ_SECONDS) || rc=1; exit $$rc
fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@bash tools/fuzz.sh $* $(FUZZ_SECONDS) $(FUZZ_DIR)
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5

# ---- sanitizer build: the hosted supervisor under ASan and UBSan ------------
# Every supervisor/*.c (the hosted binary only, not the static vyoma-init)
# and the unit tests, built by the rules above into $(ASAN_B) with the
# sanitizers added to the compiler; Wasmtime stays uninstrumented, copied
# from the same cache. The integration suite then runs against it, with
# the apps of $(B). The suite reads only stdout, so sanitizer reports go
# to files in $(ASAN_LOGS), and any file there fails the run.
# handle_segv=0, allow_user_segv_handler=1: Wasmtime's traps and guard
# pages are SIGSEGVs for its own handler, not ASan's.
ASAN_B := build-asan
ASAN_LOGS := $(CURDIR)/$(ASAN_B)/sanitizer-logs
ASAN_CC := $(CC) -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
ASAN_SUPP := $(CURDIR)/tests/asan.supp
ASAN_OPTS := handle_segv=0:allow_user_segv_handler=1:detect_leaks=1
UBSAN_OPTS := print_stacktrace=1:halt_on_error=1
ASAN_ENV := ASAN_OPTIONS=$(ASAN_OPTS):log_path=$(ASAN_LOGS)/asan \
	LSAN_OPTIONS=suppressions=$(ASAN_SUPP):print_suppressions=0 \
	UBSAN_OPTIONS=$(UBSAN_OPTS):log_path=$(ASAN_LOGS)/ubsan
ASAN_TESTS := $(UNIT_TESTS:$(B)/%=$(ASAN_B)/%)
# Tests that bound the growth or size of the supervisor's RSS, which
# under ASan measures ASan: shadow memory, and freed blocks held back
# (256 MiB of quarantine) to catch use after free. LeakSanitizer checks
# those runs' leaks instead. And the run under an address-space limit:
# ASan's shadow memory cannot be mapped under one at all. And the
# README's workflow, which runs make itself, with the usual compiler.
ASAN_SKIP := test_a_thousand_apps test_start_stop_cycles_do_not_leak \
	test_supervisor_memory_stays_flat_under_flood \
	test_hostile_address_space_limit test_a_thousand_spawns_do_not_leak \
	test_readme_workflow_create_declare_build_boot

test-asan: apps test-apps
	@start=$$(date +%s); \
	$(MAKE) -s --no-print-directory B=$(ASAN_B) CC="$(ASAN_CC)" \
		$(ASAN_B)/bin/vyoma-supervisor $(ASAN_B)/bin/vyoma-repo \
		$(ASAN_TESTS) || exit 1; \
	ln -sfn $(CURDIR)/$(B)/apps $(ASAN_B)/apps; \
	ln -sfn $(CURDIR)/$(B)/test-apps $(ASAN_B)/test-apps; \
	ln -sfn $(CURDIR)/$(B)/test-libs $(ASAN_B)/test-libs; \
	rm -rf $(ASAN_LOGS) && mkdir -p $(ASAN_LOGS); \
	rc=0; \
	for t in $(ASAN_TESTS); do $(ASAN_ENV) $$t || rc=1; done; \
	$(ASAN_ENV) python3 tests/integration/run.py --build $(ASAN_B) \
		$(ASAN_SKIP:%=--skip %) || rc=1; \
	if [ -n "$$(ls -A $(ASAN_LOGS))" ]; then \
		echo "test-asan: sanitizer reports in $(ASAN_LOGS):"; \
		head -n 30 $(ASAN_LOGS)/*; rc=1; \
	fi; \
	echo "test-asan: $$([ $$rc = 0 ] && echo passed || echo FAILED)" \
		"in $$(( $$(date +%s) - start )) s"; \
	exit $$rc

# Benchmarks: figures and ratios against a baseline measured in the same run.
BENCH_APP_DIRS := $(patsubst %/main.c,%,$(wildcard bench/apps/*/main.c))
BENCH_APP_STAMPS := $(foreach d,$(BENCH_APP_DIRS),$(B)/bench-apps/$(notdir $(d))/.stamp)
$(foreach d,$(BENCH_APP_DIRS),$(eval $(call wasm_app,$(d),$(B)/bench-apps,$(notdir $(d)))))
$(B)/bench/pipe_baseline: bench/pipe_baseline.c
	@mkdir -p $(@D)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -pthread -o $@ $<

$(B)/bench/net_baseline: bench/net_baseline.c bench/apps/netbench/netbench_core.h
	@mkdir -p $(@D)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

$(B)/bench/start_baseline: bench/start_baseline.c $(RUNTIME_LIB)
	@mkdir -p $(@D)
	@$(CC) -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror \
		-I$(B)/runtime/include -o $@ $< $(SUP_LIBS)

COMPOSE_OBJS := $(addprefix $(B)/obj/,display.o display_headless.o \
	display_fbdev.o wm.o window.o canvas.o font.o font_data.o keymap.o \
	log.o utf8.o)
$(B)/bench/compose: bench/compose.c $(COMPOSE_OBJS)
	@mkdir -p $(@D)
	@$(CC) $(CFLAGS) -iquote supervisor -o $@ $^ -lpthread

bench: all test-apps $(BENCH_APP_STAMPS) $(B)/bench/pipe_baseline \
		$(B)/bench/start_baseline $(B)/bench/compose $(B)/bench/net_baseline
	@python3 bench/ipc.py --build $(B)
	@python3 bench/start.py --build $(B)
	@python3 bench/spawn.py --build $(B)
	@python3 bench/flood_rss.py --build $(B)
	@$(B)/bench/compose
	@python3 bench/latency.py --build $(B)
	@python3 bench/boot.py --build $(B)
	@python3 bench/shell.py --build $(B)
	@python3 bench/net.py --build $(B)

bench-net: all $(BENCH_APP_STAMPS) $(B)/bench/net_baseline
	@python3 bench/net.py --build $(B)

bench-spawn: all test-apps $(B)/bench/start_baseline
	@python3 bench/spawn.py --build $(B)

bench-boot: all
	@python3 bench/boot.py --build $(B)

bench-shell: all
	@python3 bench/shell.py --build $(B)

bench-compose: all test-apps $(BENCH_APP_STAMPS) $(B)/bench/compose
	@$(B)/bench/compose
	@python3 bench/latency.py --build $(B)

sizes: all
	@bash tools/sizes.sh $(B)

clean:
	rm -rf $(B) $(ASAN_B)

-include $(wildcard $(B)/obj/*.d)
-include $(wildcard $(FUZZ_DIR)/obj/*.d $(FUZZ_DIR)/*.d)
