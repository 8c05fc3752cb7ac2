#!/bin/sh
# /sbin/shutdown for qemu-ga's guest-shutdown, which runs: shutdown -h|-H|-P|-r +0 "message"
case " $* " in
	*" -r "*) exec reboot -f ;;
	*" -H "*) exec halt -f ;;
	*) exec poweroff -f ;;
esac
