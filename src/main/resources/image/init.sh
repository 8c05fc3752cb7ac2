#!/bin/sh
# /init of kvmlab's offline guest (rendered by kvmlab @@KVMLAB_FORMAT@@ for kernel @@KVMLAB_KERNEL@@).
# Kernel command line parameters:
#   kvmlab.hostname=NAME            hostname (default kvmlab-guest)
#   kvmlab.ip=dhcp|none|ADDR/PREFIX[,GATEWAY]   eth0 address (default dhcp, in the background)
#   kvmlab.heartbeat=1              print "KVMLAB-HEARTBEAT <hostname> <n>" on the console every second
#   kvmlab.dirty=MIB                keep rewriting MIB MiB of memory with random data
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
export HOME=/root
umask 022

mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev || mdev -s
mkdir -p /dev/pts /dev/shm /run /tmp
mount -t devpts -o nosuid,noexec,gid=5,mode=620 devpts /dev/pts
mount -t tmpfs -o nosuid,nodev,mode=0755 tmpfs /run
mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd

KVER=$(uname -r)
HOST=kvmlab-guest
IP=dhcp
HEARTBEAT=0
DIRTY=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
		kvmlab.hostname=*) HOST=${arg#kvmlab.hostname=} ;;
		kvmlab.ip=*) IP=${arg#kvmlab.ip=} ;;
		kvmlab.heartbeat=*) HEARTBEAT=${arg#kvmlab.heartbeat=} ;;
		kvmlab.dirty=*) DIRTY=${arg#kvmlab.dirty=} ;;
	esac
done

say() { echo "kvmlab: $*"; }

# Kernel modules, in dependency order (from modules.dep at build time).
load() {
	insmod "/lib/modules/$KVER/$1" 2>/run/insmod.err || {
		grep -q 'File exists' /run/insmod.err || say "insmod $1 failed: $(cat /run/insmod.err)"
	}
}
@@KVMLAB_MODULES@@

hostname "$HOST"
echo "$HOST" > /etc/hostname
echo "127.0.0.1 localhost $HOST" > /etc/hosts

# Network: eth0 by DHCP (udhcpc, in the background), a static address, or nothing.
ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
	ip link set eth0 up
	case "$IP" in
		none|off) ;;
		dhcp) udhcpc -f -i eth0 -s /etc/udhcpc/default.script -x "hostname:$HOST" -t 10 -T 2 >/run/udhcpc.log 2>&1 & ;;
		*)
			addr=${IP%%,*}
			ip addr add "$addr" dev eth0 && echo "KVMLAB-GUEST-IP eth0 $addr"
			case "$IP" in *,*) ip route add default via "${IP#*,}" dev eth0 ;; esac
			;;
	esac
fi

# virtio-serial ports by name, as udev would make them: /dev/virtio-ports/<name> -> ../vportNpM
vserial=0
for d in /sys/bus/virtio/devices/*; do
	[ "$(cat "$d/device" 2>/dev/null)" = 0x0003 ] && vserial=1
done
if [ "$vserial" = 1 ]; then
	n=0
	while [ ! -e /sys/class/virtio-ports ] || ! grep -qx org.qemu.guest_agent.0 /sys/class/virtio-ports/*/name 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -gt 50 ] && break
		usleep 100000
	done
fi
mkdir -p /dev/virtio-ports
for p in /sys/class/virtio-ports/*; do
	[ -r "$p/name" ] || continue
	name=$(cat "$p/name")
	[ -n "$name" ] && ln -sf "../${p##*/}" "/dev/virtio-ports/$name"
done

# The guest agent, when the domain has its channel.
if [ -e /dev/virtio-ports/org.qemu.guest_agent.0 ]; then
	qemu-ga -m virtio-serial -p /dev/virtio-ports/org.qemu.guest_agent.0 -f /run/qemu-ga.pid -t /run \
		-l /run/qemu-ga.log &
else
	say "no org.qemu.guest_agent.0 port: qemu-ga not started"
fi

# ACPI power button (virsh shutdown --mode acpi): busybox acpid runs /etc/acpi/PWRF/00000080.
[ -d /dev/input ] && acpid -c /etc/acpi -l /run/acpid.log

# PID 1 honours busybox's halt/poweroff/reboot.
trap 'poweroff -f' USR2
trap 'halt -f' USR1
trap 'reboot -f' TERM

if [ "$HEARTBEAT" = 1 ]; then
	(
		n=0
		while :; do
			n=$((n + 1))
			echo "KVMLAB-HEARTBEAT $HOST $n"
			sleep 1
		done
	) &
fi

case "$DIRTY" in
	''|*[!0-9]*) say "kvmlab.dirty=$DIRTY is not a number of MiB: ignored" ;;
	0) ;;
	*)
		mkdir -p /run/dirty
		mount -t tmpfs -o size=$((DIRTY + 1))m tmpfs /run/dirty
		(
			while :; do
				dd if=/dev/urandom of=/run/dirty/buf bs=1M count="$DIRTY" conv=notrunc 2>/dev/null
			done
		) &
		say "rewriting $DIRTY MiB of memory with random data in a loop"
		;;
esac

echo "KVMLAB-GUEST-READY $HOST $KVER"

# A shell on the console, started again when it exits. PID 1 waits in `wait`, which a trapped
# signal interrupts (a foreground command would delay the trap until the shell exits).
while :; do
	setsid cttyhack sh -l &
	shell=$!
	while kill -0 "$shell" 2>/dev/null; do
		wait "$shell"
	done
	sleep 1
done
