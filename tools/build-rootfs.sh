#!/usr/bin/env bash
# Assembles the initramfs (layout: rootfs/README.md) reproducibly and
# writes SHA256SUMS over it and the kernel.
#
# usage: build-rootfs.sh BUILD_DIR [OPTIONAL_APPS ROOT_PUB]
#   reads  BUILD_DIR/bin/vyoma-init, BUILD_DIR/apps/, BUILD_DIR/images/gen_init_cpio,
#          OPTIONAL_APPS (apps/REPOSITORY: names left out of the image, for
#          the package repository) and ROOT_PUB (the packages' root key,
#          /etc/vyoma/root.pub in the image)
#   writes BUILD_DIR/images/initramfs.cpio.xz, BUILD_DIR/images/SHA256SUMS
# VYOMA_VERSION (default: the VERSION file) is the system's version, the
# VERSION_ID of /etc/vyoma/os-release, which updates compare against.
set -euo pipefail

build=${1:?usage: build-rootfs.sh BUILD_DIR [OPTIONAL_APPS ROOT_PUB]}
optional=${2:-/dev/null}
root_pub=${3:-}
# Beside the image, the key it trusts (and what a rebuild is given).
if [ -n "$root_pub" ] && [ "$root_pub" != "$build/images/root.pub" ]; then
	cp "$root_pub" "$build/images/root.pub"
fi
here=$(cd "$(dirname "$0")/.." && pwd)
images=$build/images
version=${VYOMA_VERSION:-$(cat "$here/VERSION")}
# 2026-01-01 00:00:00 UTC: every entry's mtime, whatever the files say.
epoch=1767225600
list=$images/initramfs.list
# gen_init_cpio stores a file's own mtime, so files are staged with the
# fixed one.
stage=$images/rootfs-stage
rm -rf "$stage"

# file ARCHIVE_PATH SOURCE MODE
file() {
	mkdir -p "$(dirname "$stage$1")"
	cp "$2" "$stage$1"
	touch -d "@$epoch" "$stage$1"
	echo "file $1 $stage$1 $3 0 0"
}

entries() {
	local path
	for dir in /apps /data /dev /etc /etc/vyoma /proc /run /sys /tmp; do
		echo "dir $dir 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	file /init "$build/bin/vyoma-init" 0755
	for path in "$here"/rootfs/etc/vyoma/*; do
		[ "${path##*/}" = os-release ] && continue
		file "/etc/vyoma/${path##*/}" "$path" 0644
	done
	{ cat "$here/rootfs/etc/vyoma/os-release"
	  echo "VERSION_ID=$version"; } >"$images/os-release"
	file /etc/vyoma/os-release "$images/os-release" 0644
	[ -n "$root_pub" ] && file /etc/vyoma/root.pub "$root_pub" 0644
	for app in "$build"/apps/*/; do
		app=${app%/}
		sed -e 's/#.*//' "$optional" | grep -qx "${app##*/}" && continue
		echo "dir /apps/${app##*/} 0755 0 0"
		for path in "$app"/*; do
			file "/apps/${app##*/}/${path##*/}" "$path" 0644
		done
	done
	# The shared libraries (docs/libraries.md), which base apps import.
	echo "dir /apps/.lib 0755 0 0"
	for path in "$build"/apps/.lib/*.wasm; do
		file "/apps/.lib/${path##*/}" "$path" 0644
	done
}

# Sorted by the path in the archive, so directory listing order never
# leaks into the image.
LC_ALL=C entries | LC_ALL=C sort -k2,2 >"$list"
"$images/gen_init_cpio" -t "$epoch" "$list" >"$images/initramfs.cpio"
# xz as the kernel's unxz wants it (CRC32 checks), on one thread so the
# output never depends on the machine. The x86 branch filter packs the
# static supervisor 145 KB smaller; the kernel allocates the whole
# dictionary while it unpacks, so 16 MiB, about the archive's size,
# rather than preset 9's 64.
xz -T1 --check=crc32 --x86 --lzma2=preset=9e,dict=16MiB \
	-c "$images/initramfs.cpio" >"$images/initramfs.cpio.xz"
rm -rf "$images/initramfs.cpio" "$stage" "$images/os-release"
(cd "$images" && sha256sum bzImage initramfs.cpio.xz >SHA256SUMS)
echo "  ROOTFS  $images/initramfs.cpio.xz:" \
     "$(stat -c %s "$images/initramfs.cpio.xz") bytes," \
     "$(grep -c '^file' "$list") files"
