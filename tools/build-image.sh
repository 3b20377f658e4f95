#!/usr/bin/env bash
# Builds the bootable disk image build/images/vyoma.img and the system
# slot image it is made of (docs/updates.md), without root or loop devices:
#
#   GPT  1 bios-boot    1 MiB  GRUB's core (i386-pc), with tools/grub.cfg inside
#        2 vyoma-state  1 MiB  ext2 with GRUB's environment block (grubenv):
#                              which slot to boot
#        3 vyoma-a     40 MiB  slot A: ext2 with bzImage, initramfs, release
#        4 vyoma-b     40 MiB  slot B: empty until an update writes it
#        5 vyoma-data  the rest: ext4 with project quotas, mounted on /data
#
# The slot image (BUILD/images/slot.img) is what an update bundle carries.
#
# usage: build-image.sh BUILD_DIR [--slot-only]
#   VYOMA_VERSION (default: the VERSION file) is the slot's version, as
#   for tools/build-rootfs.sh; --slot-only writes only the slot image.
set -euo pipefail

build=${1:?usage: build-image.sh BUILD_DIR [--slot-only]}
here=$(cd "$(dirname "$0")/.." && pwd)
version=${VYOMA_VERSION:-$(cat "$here/VERSION")}
images=$build/images
grub=/usr/lib/grub/i386-pc
mib=2048 # sectors
slot_mib=40
data_mib=128

work=$images/image-work
rm -rf "$work"
mkdir -p "$work/slot"

# --- the slot: an ext2 filesystem only as large as its files ----------------
# The names in a slot are the boot loader's contract: tools/grub.cfg is
# written once, when the disk is made, and every later release must boot
# through it. So the initramfs is `initrd`, whatever compresses it.
cp "$images/bzImage" "$work/slot/"
cp "$images/initramfs.cpio.xz" "$work/slot/initrd"
printf 'version=%s\n' "$version" >"$work/slot/release"
kib=$(du -sk --apparent-size "$work/slot" | cut -f1)
kib=$(( (kib * 105 / 100 + 512 + 1023) / 1024 * 1024 ))
[ $kib -le $((slot_mib * 1024)) ] ||
	{ echo "image: the slot needs $kib KiB, more than $slot_mib MiB" >&2; exit 1; }
mkfs=$(command -v mkfs.ext2 || echo /sbin/mkfs.ext2)
truncate -s "${kib}k" "$work/slot.img"
"$mkfs" -q -F -t ext2 -L vyoma-slot -m 0 -N 16 -b 1024 -d "$work/slot" \
	"$work/slot.img" "${kib}k"
if [ "${2:-}" = --slot-only ]; then
	mv "$work/slot.img" "$images/slot.img"
	rm -rf "$work"
	echo "  SLOT    $images/slot.img: version $version," \
	     "$(stat -c %s "$images/slot.img") bytes"
	exit 0
fi

# --- the boot loader ---------------------------------------------------------
cmdline=$(python3 "$here/tools/qemu.py" cmdline)
# The script rides in GRUB's core, on a memory disk: nothing on the disk
# but the environment block is read before the kernel.
mkdir -p "$work/memdisk/boot/grub"
sed "s|@CMDLINE@|$cmdline|" "$here/tools/grub.cfg" \
	>"$work/memdisk/boot/grub/grub.cfg"
tar -C "$work/memdisk" --format=ustar --owner=0 --group=0 --mtime=@0 \
	-cf "$work/memdisk.tar" boot/grub/grub.cfg
grub-mkimage -O i386-pc -o "$work/core.img" -p '(memdisk)/boot/grub' \
	-m "$work/memdisk.tar" \
	biosdisk part_gpt ext2 memdisk tar normal linux loadenv test echo \
	vbe video sleep reboot true
core_sectors=$(( ($(stat -c %s "$work/core.img") + 511) / 512 ))
[ $core_sectors -lt $mib ] || { echo "image: GRUB's core is too big" >&2; exit 1; }

# --- the disk ----------------------------------------------------------------
disk=$work/vyoma.img
total=$(( (1 + 1 + 1 + 2 * slot_mib + data_mib) * mib + 34 ))
truncate -s $((total * 512)) "$disk"
# Fixed identifiers, so two builds lay out the same disk.
sfdisk -q "$disk" <<EOF
label: gpt
label-id: 5659594F-4D41-4F53-0000-000000000000
first-lba: 2048
size=$mib, type=21686148-6449-6E6F-744E-656564454649, name=bios-boot, uuid=5659594F-4D41-4F53-0000-000000000001
size=$mib, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=vyoma-state, uuid=5659594F-4D41-4F53-0000-000000000002
size=$((slot_mib * mib)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=vyoma-a, uuid=5659594F-4D41-4F53-0000-000000000003
size=$((slot_mib * mib)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=vyoma-b, uuid=5659594F-4D41-4F53-0000-000000000004
size=$((data_mib * mib)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=vyoma-data, uuid=5659594F-4D41-4F53-0000-000000000005
EOF
start() { sfdisk -q --dump "$disk" | awk -v p="$disk$1 " \
	'index($0, p) == 1 { sub(/,.*/, ""); sub(/.*start= */, ""); print }'; }

# GRUB's boot sector goes in the MBR's code area (the partition table after
# it stays), told where the core starts; the core's first sector (diskboot)
# is told where the rest of the core is. grub-bios-setup does the same to
# a device; this does it to a file.
python3 - "$disk" "$grub/boot.img" "$work/core.img" "$(start 1)" <<'EOF'
import struct, sys
disk, boot, core, lba = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
boot = bytearray(open(boot, "rb").read())
core = bytearray(open(core, "rb").read())
core += bytes(-len(core) % 512)
struct.pack_into("<Q", boot, 0x5c, lba)  # GRUB_BOOT_MACHINE_KERNEL_SECTOR
# The blocklist ends diskboot's sector; the entry below it is the end.
struct.pack_into("<QHH", core, 0x200 - 12, lba + 1, len(core) // 512 - 1,
                 0x820)
core[0x200 - 24:0x200 - 12] = bytes(12)
with open(disk, "r+b") as f:
    f.write(boot[:440])
    f.seek(lba * 512)
    f.write(core)
EOF

# GRUB's environment block: exactly 1024 bytes, '#' after the variables,
# one file on a small ext2 (GRUB's save_env writes only a file's own
# blocks, in place). PID 1 writes the same bytes through the raw
# partition: where they are is written in the partition's first 1024
# bytes, which ext2 leaves alone.
mkdir -p "$work/state"
python3 -c 'import sys; env = b"# GRUB Environment Block\nslot_good=a\n"
sys.stdout.buffer.write(env + b"#" * (1024 - len(env)))' >"$work/state/grubenv"
[ "$(stat -c %s "$work/state/grubenv")" = 1024 ] ||
	{ echo "image: grubenv is not 1024 bytes" >&2; exit 1; }
truncate -s 1M "$work/state.img"
"$mkfs" -q -F -t ext2 -L vyoma-state -m 0 -N 16 -b 1024 -d "$work/state" \
	"$work/state.img"
debugfs=$(command -v debugfs || echo /sbin/debugfs)
block=$("$debugfs" -R "bmap grubenv 0" "$work/state.img" 2>/dev/null)
[ "${block:-0}" -gt 1 ] || { echo "image: no block for grubenv" >&2; exit 1; }
printf 'vyoma-bootenv %d\n' $((block * 1024)) |
	dd of="$work/state.img" conv=notrunc status=none
dd if="$work/state.img" of="$disk" bs=512 seek="$(start 2)" conv=notrunc \
	status=none

dd if="$work/slot.img" of="$disk" bs=512 seek="$(start 3)" conv=notrunc \
	status=none
python3 "$here/tools/qemu.py" mkdata "$work/data.img" $data_mib
dd if="$work/data.img" of="$disk" bs=1M seek=$(( $(start 5) / mib )) \
	conv=notrunc,sparse status=none

mv "$work/slot.img" "$images/slot.img"
mv "$disk" "$images/vyoma.img"
rm -rf "$work"
echo "  IMAGE   $images/vyoma.img: GRUB, slots A and B, /data;" \
     "slot image $(stat -c %s "$images/slot.img") bytes"
