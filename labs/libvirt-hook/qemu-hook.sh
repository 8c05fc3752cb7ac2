#!/bin/sh
# kvmlab-lab: libvirt-hook
# libvirtd runs this as root: $1 domain, $2 operation, $3 sub-operation, $4 extra;
# the domain XML comes on stdin. Log each start and stop with a timestamp, and
# always exit 0: a non-zero exit on prepare or start stops the domain from starting.
case "$2" in
  start|started|stopped|release)
    echo "$(date -Is) $1 $2 $3" >> /var/log/libvirt/lab-hook.log ;;
esac
exit 0
