#!/usr/bin/env bash
# Builds build/images/bzImage from Debian's linux-source-6.1 tarball,
# with kernel/patches/*.patch applied: `make tinyconfig`, then
# kernel/vyoma.config merged on top, compressed by kernel/xz. Also keeps the
# kernel's own gen_init_cpio, which tools/build-rootfs.sh uses to write a
# reproducible initramfs.
#
# The result is cached outside the clone in $VYOMA_CACHE/kernel/<key>,
# keyed by the tarball's package version, the patches, the fragment, the
# compressor's options, this script and the compiler, so a second build
# (or a second CI run) is a copy.
# Reproducible: fixed build timestamp, user, host and version number.
#
# usage: build-kernel.sh OUTDIR   (writes OUTDIR/bzImage, OUTDIR/gen_init_cpio)
set -euo pipefail

out=${1:?usage: build-kernel.sh OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
fragment=$here/kernel/vyoma.config
patches=("$here"/kernel/patches/*.patch)
xz_wrapper=$here/kernel/xz
tarball=/usr/src/linux-source-6.1.tar.xz
cache_root=${VYOMA_CACHE:-$HOME/.cache/vyoma}/kernel

[ -f "$tarball" ] || { echo "kernel: $tarball missing (make setup)" >&2; exit 1; }
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
patch_key=$(cat "${patches[@]}" | sha256sum | cut -c1-12)
key=$( { echo "linux-source-6.1 $version $patch_key"; cat "$fragment" \
	 "$xz_wrapper" "$0"; gcc --version | head -n1; } |
	sha256sum | cut -c1-16)
cached=$cache_root/$key

if [ ! -f "$cached/bzImage" ]; then
	jobs=$(nproc)
	# One tree per set of patches, so changing them never builds on a
	# half-patched tree.
	tree=$cache_root/tree-$version-$patch_key
	if [ ! -f "$tree/.extracted" ]; then
		echo "  KERNEL  extracting linux-source $version (once)"
		rm -rf "$tree"
		mkdir -p "$tree"
		tar -xf "$tarball" -C "$tree" --strip-components=1
		for p in "${patches[@]}"; do
			patch -s -p1 -d "$tree" <"$p" || {
				echo "kernel: $p does not apply" >&2; exit 1; }
		done
		touch "$tree/.extracted"
	fi
	export KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00 UTC"
	export KBUILD_BUILD_USER=vyoma KBUILD_BUILD_HOST=vyoma
	export KBUILD_BUILD_VERSION=1
	kmake=(make -C "$tree" ARCH=x86_64 -j"$jobs")
	log=$cache_root/build-$key.log
	echo "  KERNEL  tinyconfig + kernel/vyoma.config ($jobs jobs; a few" \
	     "minutes the first time; log: $log)"
	"${kmake[@]}" -s tinyconfig >"$log" 2>&1
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$tree" "$tree/.config" \
		"$fragment" >>"$log" 2>&1
	"${kmake[@]}" -s olddefconfig >>"$log" 2>&1
	# A fragment line Kconfig dropped (a typo, an unmet dependency) is
	# an error: the image would silently lack what the line asked for.
	missing=0
	while IFS= read -r line; do
		case $line in
		'# CONFIG_'*' is not set')
			option=${line#\# }; option=${option%% *}
			grep -q "^$option=" "$tree/.config" || continue ;;
		''|'#'*) continue ;;
		*) grep -qx -- "$line" "$tree/.config" && continue ;;
		esac
		if true; then
			echo "kernel: $fragment: '$line' did not survive" \
			     "olddefconfig (dependency missing?)" >&2
			missing=1
		fi
	done <"$fragment"
	[ $missing = 0 ] || exit 1
	start=$SECONDS
	# bzImage builds usr/ too, and with it gen_init_cpio.
	# Success is read from the log below, not from the pipeline.
	# SVGA_MODE is the video mode in the bzImage header, which the
	# kernel's setup code sets when a boot loader runs it (QEMU's
	# -kernel does): 0x200 + VBE mode 0x17a, 1280x800x32 on QEMU's
	# standard VGA, for vesafb. GRUB enters past the setup code and sets
	# the mode itself (gfxpayload in tools/grub.cfg).
	# XZ: kernel/xz, which tunes the compressor for x86 code.
	# KCFLAGS: GCC 12's -Oz after the -Os of CC_OPTIMIZE_FOR_SIZE
	# (shorter immediates and stack adjustments; 8 KB smaller).
	{ "${kmake[@]}" bzImage SVGA_MODE=-DSVGA_MODE=0x37a \
		XZ="$xz_wrapper" KCFLAGS=-Oz 2>&1 || true; } |
		tee -a "$log" |
		awk '/^  (CC|LD|AR|AS) /{ n++; if (n % 250 == 0) {
			printf "  KERNEL  %d objects built\n", n; fflush() } }'
	if ! [ -f "$tree/arch/x86/boot/bzImage" ] ||
	   ! grep -q "Kernel: arch/x86/boot/bzImage is ready" "$log"; then
		tail -n 30 "$log" >&2
		echo "kernel: build failed (log: $log)" >&2
		exit 1
	fi
	mkdir -p "$cached.tmp"
	cp "$tree/arch/x86/boot/bzImage" "$tree/usr/gen_init_cpio" \
		"$tree/.config" "$cached.tmp/"
	echo $((SECONDS - start)) >"$cached.tmp/build-seconds"
	rm -rf "$cached"
	mv "$cached.tmp" "$cached"
	echo "  KERNEL  built in $(cat "$cached/build-seconds") s:" \
	     "$(stat -c %s "$cached/bzImage") bytes"
fi
mkdir -p "$out"
cp "$cached/bzImage" "$cached/gen_init_cpio" "$out/"
cp "$cached/.config" "$out/kernel.config"
