#!/bin/sh
# kvmlab-lab: libvirt-hook
# The grader's self-test: the reference hook without its stop lines.
case "$2" in
  start|started)
    echo "$(date -Is) $1 $2 $3" >> /var/log/libvirt/lab-hook.log ;;
esac
exit 0
