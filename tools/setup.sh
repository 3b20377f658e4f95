#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need. Idempotent:
# prints nothing and exits 0 when everything is already there. Rust (cargo)
# cannot come from Debian (its version is too old for Wasmtime), so a missing
# cargo is reported, not installed.
#
# usage: setup.sh [--gui]   (--gui adds QEMU's window for `make run` on a desktop)
set -euo pipefail

packages=(
	make gcc pkg-config cmake python3	# supervisor, runtime headers, generators
	clang lld wasi-libc libclang-rt-14-dev-wasm32	# apps: C -> wasm32-wasi
	binaryen				# wasm-opt: smaller apps
	libclang-rt-14-dev			# libFuzzer and sanitizers (make fuzz)
	libpng-dev zlib1g-dev libsodium-dev	# screenshots, crypto
	libsdl2-dev				# --display sdl on a desktop
	xvfb xdotool				# testing it: an X server, real input
	xfonts-base xfonts-terminus pcf2bdf	# bitmap fonts for draw_text
	golang-go				# builds toml-test (if no newer Go)
	linux-source-6.1 bc bison flex libelf-dev patch xz-utils	# the kernel
	zstd e2fsprogs				# initramfs, the /data disk
	grub-pc-bin grub-common fdisk		# the disk image: GRUB, sfdisk
	qemu-system-x86 busybox-static		# booting it; the boot baseline
	dash coreutils grep sed gawk diffutils	# the differential tests' reference
	xxd					# vim's xxd, the reference for ours
	curl					# the network tests' HTTP client (httpd)
	cowsay					# the reference for ours (apps/creative/cowsay)
)
[ "${1:-}" = --gui ] && packages+=(qemu-system-gui)

missing=()
for p in "${packages[@]}"; do
	# golang-go is only needed when no Go toolchain is on the machine.
	if [ "$p" = golang-go ] && { command -v go >/dev/null ||
	     [ -x /usr/local/go/bin/go ]; }; then
		continue
	fi
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	sudo=""
	if [ "$(id -u)" != 0 ]; then
		command -v sudo >/dev/null || {
			echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
			exit 1
		}
		sudo="sudo -n"
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/tmp/vyoma-apt.log 2>&1; then
		$sudo apt-get update -qq >>/tmp/vyoma-apt.log 2>&1 || true
		$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
			>>/tmp/vyoma-apt.log 2>&1 || {
			tail -n 20 /tmp/vyoma-apt.log >&2
			echo "setup: apt-get could not install: ${missing[*]}" >&2
			exit 1
		}
	fi
fi

if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
	echo "setup: cargo (Rust stable >= 1.95, via rustup) is required to build" \
	     "the Wasmtime runtime; install it and re-run" >&2
	exit 1
fi
