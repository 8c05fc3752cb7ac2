#!/usr/bin/env bash
# kvmlab cluster: two libvirt hosts on one machine, each a libvirtd + virtlogd in its own network,
# mount, UTS and cgroup namespaces, joined by a Linux bridge in a third network namespace.
#
#   cluster.sh up | down | status        (as root; kvmlab runs it as `kvmlab cluster up|down|status`)
#   cluster.sh san-up NAME IQN MIB | san-down NAME IQN
#                                        an iSCSI target on the cluster's bridge (labs' shared storage)
#
# Everything lives in the state folder this script sits in (KVMLAB_CLUSTER_DIR overrides it):
#   cluster.env          the layout kvmlab wrote: host names, addresses, namespace names
#   hosts                /etc/hosts inside every host (names both hosts)
#   journal              one line per thing this script (or kvmlab) created, which `down` removes
#   <host>/etc           bind-mounted on /etc/libvirt inside the host (libvirtd.conf by kvmlab)
#   <host>/run           on /run/libvirt: libvirt-sock (the host's URI from here), pid files
#   <host>/lib, log, cache   on /var/lib/libvirt, /var/log/libvirt, /var/cache/libvirt
#   <host>/holder.pid    the process that keeps the host's mount, UTS and cgroup namespaces
#   shared/              the same path on every host (guest kernels for migration)
#   san/                 the storage network's iSCSI target daemon (tgtd: its control socket and log)
#                        and each target's LUN file, NAME-lun1.img
#
# Output for kvmlab: "+ KIND NAME" created, "= KIND NAME" already there, "- KIND NAME" removed,
# "! message" a problem; `status` prints "key=value" lines. Exit status 0 done, 1 failed.
set -euo pipefail
umask 022
export LC_ALL=C
STATE=${KVMLAB_CLUSTER_DIR:-$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)}
JOURNAL=$STATE/journal
NETNS_DIR=/run/netns
CGROOT=/sys/fs/cgroup

# shellcheck source=/dev/null
. "$STATE/cluster.env"   # HOSTS=(...) ADDRS=(...) PREFIX BRIDGE_NS BRIDGE NS_PREFIX CGROUP HOST_DIRS=(...) MOUNTS=(...) SAN_ADDR
SAN_DIR=$STATE/san

say() { printf '%s\n' "$*"; }
die() { say "! $*"; exit 1; }
journal() { printf '%s\n' "$*" >> "$JOURNAL"; }
journaled() { [ -f "$JOURNAL" ] && grep -qxF -- "$*" "$JOURNAL"; }

host_netns() { printf '%s%s' "$NS_PREFIX" "$1"; }
host_dir() { printf '%s/%s' "$STATE" "$1"; }
alive() { # a process that runs: a zombie (killed, not yet reaped by its parent) does not count
  local stat
  [ -n "${1:-}" ] && stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
pid_of() { # pid_of HOST FILE NAME: the pid in FILE when that process runs NAME in the host's cgroup
  local pid # (a stale pid file, after a reboot, may name someone else's process: never that one)
  pid=$(cat "$2" 2>/dev/null || true)
  alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$3" ] \
    && grep -q ":/$CGROUP/$1\$" "/proc/$pid/cgroup" 2>/dev/null && printf '%s' "$pid"
  return 0
}
holder_pid() { pid_of "$1" "$(host_dir "$1")/holder.pid" sleep; }
libvirtd_pid() { pid_of "$1" "$(host_dir "$1")/run/libvirtd.pid" libvirtd; }
virtlogd_pid() { pid_of "$1" "$(host_dir "$1")/run/virtlogd.pid" virtlogd; }
socket_uri() { printf 'qemu:///system?socket=%s/run/libvirt-sock' "$(host_dir "$1")"; }

# The machine's cgroup v1 hierarchies: "mountpoint options" (options as the controller list).
hierarchies() {
  awk '{
    for (i = 7; $i != "-"; i++) ;   # optional fields (shared:N ...) end at "-"
    if ($(i + 1) != "cgroup" || index($5, "'"$CGROOT"'/") != 1) next
    n = split($(i + 3), o, ","); opts = ""
    for (j = 1; j <= n; j++) if (o[j] != "rw" && o[j] != "ro") opts = opts (opts == "" ? "" : ",") o[j]
    print $5, opts
  }' /proc/self/mountinfo
}

# ------------------------------------------------------------------ up

netns_add() {
  local ns=$1
  if [ -e "$NETNS_DIR/$ns" ]; then
    journaled "netns $ns" || die "a network namespace $ns is here that kvmlab did not make; not using it"
    say "= netns $ns"; return
  fi
  if [ ! -d "$NETNS_DIR" ] && ! journaled "dir $NETNS_DIR"; then journal "dir $NETNS_DIR"; fi
  if ! awk -v d="$NETNS_DIR" '$5 == d { f = 1 } END { exit !f }' /proc/self/mountinfo && ! journaled "mount $NETNS_DIR"; then
    journal "mount $NETNS_DIR" # ip netns add makes /run/netns a mount of itself the first time
  fi
  journaled "netns $ns" || journal "netns $ns" # journal first: an up killed half-way leaves nothing unrecorded
  ip netns add "$ns"
  say "+ netns $ns"
}

cgroups_add() { # the cluster's cgroup and one per host, in every hierarchy
  local mp opts dir host mark="="
  while read -r mp opts; do
    for dir in "$mp/$CGROUP" "${HOSTS[@]/#/$mp/$CGROUP/}"; do
      if [ -d "$dir" ]; then
        journaled "cgroup $dir" || die "a cgroup $dir is here that kvmlab did not make; not using it"
        continue
      fi
      journaled "cgroup $dir" || journal "cgroup $dir" # first, as for namespaces
      mkdir "$dir"
      mark="+"
      if [ -f "$mp/cpuset.cpus" ]; then # a v1 cpuset starts empty: no task may join it until it has CPUs and memory
        cat "$(dirname "$dir")/cpuset.cpus" > "$dir/cpuset.cpus"
        cat "$(dirname "$dir")/cpuset.mems" > "$dir/cpuset.mems"
      fi
    done
  done < <(hierarchies)
  for host in "${HOSTS[@]}"; do say "$mark cgroup $CGROUP/$host"; done
}

join_cgroups() { # join_cgroups HOST PID: moves the process into the host's cgroup in every hierarchy
  local mp opts
  while read -r mp opts; do
    echo "$2" > "$mp/$CGROUP/$1/cgroup.procs"
  done < <(hierarchies)
}

network_up() {
  local i host ns veth
  netns_add "$BRIDGE_NS"
  ip -n "$BRIDGE_NS" link set lo up
  if ! ip -n "$BRIDGE_NS" link show "$BRIDGE" >/dev/null 2>&1; then
    ip -n "$BRIDGE_NS" link add "$BRIDGE" type bridge || die "the kernel cannot make a Linux bridge (bridge module)"
    say "+ bridge $BRIDGE_NS/$BRIDGE"
  fi
  ip -n "$BRIDGE_NS" link set "$BRIDGE" up
  for i in "${!HOSTS[@]}"; do
    host=${HOSTS[$i]}; ns=$(host_netns "$host"); veth=v-$host
    netns_add "$ns"
    ip -n "$ns" link set lo up
    if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
      ip -n "$BRIDGE_NS" link del "$veth" 2>/dev/null || true
      ip -n "$BRIDGE_NS" link add "$veth" type veth peer name eth0 netns "$ns" \
        || die "the kernel cannot make a veth pair (veth module)"
      say "+ veth $BRIDGE_NS/$veth $ns/eth0"
    fi
    ip -n "$BRIDGE_NS" link set "$veth" master "$BRIDGE" up
    ip -n "$ns" addr replace "${ADDRS[$i]}/$PREFIX" dev eth0
    ip -n "$ns" link set eth0 up
  done
}

host_dirs() {
  local h d m src dst
  h=$(host_dir "$1")
  for d in "${HOST_DIRS[@]}"; do mkdir -p "$h/$d"; done
  # Each bind-mounted folder starts as the machine's does: its first level of folders (log/qemu,
  # lib/qemu, lib/images ...) with their owners and modes, but none of their files.
  for m in "${MOUNTS[@]}"; do
    src=${m#*:}
    while IFS= read -r -d '' d; do
      dst=$h/${m%%:*}${d#"$src"}
      [ -d "$dst" ] || mkdir "$dst"
      chown --reference="$d" "$dst"
      chmod --reference="$d" "$dst"
    done < <(find "$src" -maxdepth 1 -type d -print0)
  done
  # The machine's libvirt settings (qemu.conf, virtlogd.conf ...) without its domains, networks,
  # hooks or secrets; libvirtd.conf is kvmlab's own.
  for d in /etc/libvirt/*.conf; do
    [ "$(basename "$d")" = libvirtd.conf ] || [ -e "$h/etc/$(basename "$d")" ] || cp -p "$d" "$h/etc/"
  done
  [ -d /etc/libvirt/nwfilter ] && [ ! -d "$h/etc/nwfilter" ] && cp -a /etc/libvirt/nwfilter "$h/etc/"
  return 0
}

# Runs in the host's new mount and UTS namespaces (and its network namespace), still in the
# machine's cgroup namespace: joins the host's cgroups, then takes a cgroup namespace of its own.
stage1() {
  join_cgroups "$1" $$
  exec unshare --cgroup -- bash "$STATE/cluster.sh" _stage2 "$1"
}

# Inside all of the host's namespaces: its own /sys (this network namespace's), cgroups rooted at
# the host's cgroup, its libvirt folders, /etc/hosts and hostname. Then it stays, as the holder.
stage2() {
  local host=$1 h mp opts m
  h=$(host_dir "$host")
  local -a cg=()
  while read -r mp opts; do cg+=("$mp $opts"); done < <(hierarchies)
  hostname "$host"
  mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
  mount -t tmpfs -o mode=755,nosuid,nodev,noexec cgroup "$CGROOT"
  for m in "${cg[@]}"; do
    mp=${m%% *}; opts=${m#* }
    mkdir -p "$mp"
    mount -t cgroup -o "$opts" cgroup "$mp"
  done
  for m in "${MOUNTS[@]}"; do # "dir-in-host-folder:mount-point"
    mount --bind "$h/${m%%:*}" "${m#*:}"
  done
  mount --bind "$STATE/hosts" /etc/hosts
  mount -t hugetlbfs hugetlbfs /var/lib/libvirt/hugepages
  echo $$ > "$h/holder.pid"
  exec -a "kvmlab-cluster-$host" sleep infinity </dev/null >/dev/null 2>&1
}

# Closes every descriptor above 2 in this (sub)shell. Daemons must not inherit the lock this
# script holds (fd 9 on the state folder) or one a caller holds (`flock FILE cluster.sh up` passes
# its locked descriptor on): a daemon keeping a lock open holds it for as long as it runs.
close_inherited() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  return 0
}

enter() { # enter HOST COMMAND...: runs a command inside the host (its namespaces and cgroups)
  local pid
  pid=$(holder_pid "$1")
  alive "$pid" || die "$1 has no namespaces (its holder process is gone)"
  ( close_inherited; join_cgroups "$1" "$BASHPID"; exec nsenter -t "$pid" -n -m -u -C -- "${@:2}" )
}

host_up() {
  local host=$1 h pid i
  h=$(host_dir "$host")
  host_dirs "$host"
  if ! alive "$(holder_pid "$host")"; then
    host_kill "$host" # a host whose namespaces went away is started again from scratch
    rm -f "$h/holder.pid"
    ( close_inherited; exec setsid nsenter --net="$NETNS_DIR/$(host_netns "$host")" -- \
      unshare --mount --uts --propagation private -- bash "$STATE/cluster.sh" _stage1 "$host" ) \
      </dev/null >>"$h/log/holder.log" 2>&1 &
    for i in $(seq 1 100); do
      [ -n "$(holder_pid "$host")" ] && break
      alive $! || break
      sleep 0.1
    done
    [ -n "$(holder_pid "$host")" ] || die "$host: its namespaces could not be set up: $(tail -n 1 "$h/log/holder.log" 2>/dev/null)"
    say "+ namespaces $host (holder $(holder_pid "$host"))"
  else
    say "= namespaces $host (holder $(holder_pid "$host"))"
  fi
  if [ -z "$(virtlogd_pid "$host")" ]; then
    enter "$host" virtlogd -d -p /run/libvirt/virtlogd.pid </dev/null >>"$h/log/daemons.log" 2>&1 \
      || die "$host: virtlogd did not start (see $h/log/daemons.log)"
    say "+ virtlogd $host"
  else
    say "= virtlogd $host"
  fi
  if [ -z "$(libvirtd_pid "$host")" ]; then
    rm -f "$h/run/libvirtd.pid"
    enter "$host" libvirtd -d -l -p /run/libvirt/libvirtd.pid -f /etc/libvirt/libvirtd.conf \
      </dev/null >>"$h/log/daemons.log" 2>&1 || die "$host: libvirtd did not start (see $h/log/libvirtd.log)"
    say "+ libvirtd $host"
  else
    say "= libvirtd $host"
  fi
  for i in $(seq 1 300); do
    virsh -c "$(socket_uri "$host")" version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$host: libvirtd does not answer on $(socket_uri "$host") (see $h/log/libvirtd.log)"
}

up() {
  local host
  if [ -f "$STATE/sysctl.want" ]; then
    local key value old
    while read -r key value; do
      old=$(sysctl -n "$key")
      if [ "$old" != "$value" ]; then
        grep -q "^sysctl $key " "$JOURNAL" 2>/dev/null || journal "sysctl $key $old"
        sysctl -q -w "$key=$value"
        say "+ sysctl $key=$value (was $old)"
      fi
    done < "$STATE/sysctl.want"
  fi
  cgroups_add
  network_up
  for host in "${HOSTS[@]}"; do host_up "$host"; done
}

# ------------------------------------------------------------------ down

cgroup_pids() { # every process in the host's cgroups (or the whole cluster's with no host)
  local mp opts
  while read -r mp opts; do
    [ -d "$mp/$CGROUP/${1:-}" ] && find "$mp/$CGROUP/${1:-}" -name cgroup.procs -exec cat {} + 2>/dev/null
  done < <(hierarchies) | sort -un
}

kill_all() { # kill_all LISTER...: TERM, then KILL, whatever the lister prints, until it prints nothing
  local i pids
  for i in $(seq 1 50); do
    pids=$("$@" | xargs)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    kill -s "$([ "$i" -le 20 ] && echo TERM || echo KILL)" $pids 2>/dev/null || true
    sleep 0.1
  done
  pids=$("$@" | xargs)
  [ -z "$pids" ] || say "! processes still running: $pids"
}

netns_pids() { journaled "netns $1" && [ -e "$NETNS_DIR/$1" ] && ip netns pids "$1" 2>/dev/null; return 0; } # ours only
host_procs() { cgroup_pids "$1"; netns_pids "$(host_netns "$1")"; holder_pid "$1"; libvirtd_pid "$1"; virtlogd_pid "$1"; }
host_kill() {
  local host=$1
  if [ -n "$(host_procs "$host" | xargs)" ]; then
    kill_all host_procs "$host"
    say "- processes $host"
  fi
}

no_mounts_below() { ! awk -v d="$1/" 'index($5, d) == 1 { f = 1 } END { exit !f }' /proc/self/mountinfo; }

down() {
  local host line kind arg rest
  [ -f "$JOURNAL" ] || { say "= nothing to remove"; return 0; }
  for host in "${HOSTS[@]}"; do host_kill "$host"; done
  [ -z "$(tgtd_pid)" ] || san_stop
  kill_all netns_pids "$BRIDGE_NS"
  # in reverse order of creation
  while read -r kind arg rest; do
    case $kind in
      netns)
        if [ -e "$NETNS_DIR/$arg" ]; then ip netns del "$arg" && say "- netns $arg"; fi ;;
      cgroup)
        if [ -d "$arg" ]; then
          find "$arg" -depth -mindepth 1 -type d -exec rmdir {} + 2>/dev/null || true
          rmdir "$arg" && say "- cgroup $arg"
        fi ;;
      mount)
        while [ -z "$(ls -A "$arg" 2>/dev/null)" ] && awk -v d="$arg" '$5 == d { f = 1 } END { exit !f }' /proc/self/mountinfo; do
          umount "$arg" || break
          say "- mount $arg"
        done ;;
      dir)
        if [ "$arg" = "$STATE" ]; then :; elif [ -d "$arg" ] && rmdir "$arg" 2>/dev/null; then say "- dir $arg"; fi ;;
      sysctl)
        sysctl -q -w "$arg=$rest" && say "- sysctl $arg=$rest (restored)" ;;
    esac
  done < <(tac "$JOURNAL")
  no_mounts_below "$STATE" || die "something is still mounted below $STATE; not removing it"
  local parents
  parents=$(awk '$1 == "parent" { print $2 }' "$JOURNAL" | tac)
  rm -rf --one-file-system "$STATE"
  say "- dir $STATE"
  for line in $parents; do
    if [ -d "$line" ] && rmdir "$line" 2>/dev/null; then say "- dir $line"; fi
  done
}

# ------------------------------------------------------------------ san

# The storage network: a userspace iSCSI target (tgtd) in the bridge's namespace at $SAN_ADDR, the
# "storage array" both hosts reach over the cluster bridge (kernel iSCSI/NFS servers are not needed).
# tgtd's control socket lives in $SAN_DIR (TGT_IPC_SOCKET), so a tgtd of the machine is never touched.
tgtd_pid() {
  local p
  for p in $(netns_pids "$BRIDGE_NS"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = tgtd ] && { printf '%s' "$p"; return 0; }
  done
  return 0
}
tgt() { TGT_IPC_SOCKET=$SAN_DIR/tgtd.socket tgtadm --lld iscsi "$@"; }
tid_of() { tgt --mode target --op show 2>/dev/null | awk -v iqn="$1" '$1 == "Target" && $3 == iqn { sub(":", "", $2); print $2 }'; }
san_addr_present() { local a; a=$(ip -n "$BRIDGE_NS" -o -4 addr show dev "$BRIDGE" 2>/dev/null || true); [[ $a == *" $SAN_ADDR/"* ]]; }
targets() { tgt --mode target --op show 2>/dev/null | awk '$1 == "Target" { print $3 }'; }

san_up() {
  local name=$1 iqn=$2 mib=$3 tid img host i
  [ -e "$NETNS_DIR/$BRIDGE_NS" ] && journaled "netns $BRIDGE_NS" || die "the cluster is not up: run kvmlab cluster up"
  command -v tgtd >/dev/null 2>&1 || die "tgtd is not installed: apt-get install tgt"
  local caps
  for host in "${HOSTS[@]}"; do # the hosts' libvirtd must have the iscsi-direct pool driver (loaded when it starts)
    caps=$(virsh -c "$(socket_uri "$host")" pool-capabilities 2>/dev/null || true) # whole, not piped: grep -q under pipefail
    [[ $caps == *"<pool type='iscsi-direct' supported='yes'"* ]] \
      || die "$host's libvirtd has no iscsi-direct storage pool driver: apt-get install libvirt-daemon-driver-storage-iscsi-direct qemu-block-extra, then kvmlab cluster down and kvmlab cluster up"
  done
  mkdir -p "$SAN_DIR"
  if ! san_addr_present; then
    ip -n "$BRIDGE_NS" addr add "$SAN_ADDR/$PREFIX" dev "$BRIDGE"
    say "+ address $BRIDGE_NS/$BRIDGE $SAN_ADDR"
  fi
  if [ -z "$(tgtd_pid)" ]; then
    rm -f "$SAN_DIR"/tgtd.socket.*
    ( close_inherited; cd /; export TGT_IPC_SOCKET=$SAN_DIR/tgtd.socket
      exec setsid ip netns exec "$BRIDGE_NS" tgtd -f ) </dev/null >>"$SAN_DIR/tgtd.log" 2>&1 &
    for i in $(seq 1 100); do
      [ -n "$(tgtd_pid)" ] && tgt --mode system --op show >/dev/null 2>&1 && break
      sleep 0.1
    done
    [ -n "$(tgtd_pid)" ] || die "tgtd did not start (see $SAN_DIR/tgtd.log: $(tail -n 1 "$SAN_DIR/tgtd.log" 2>/dev/null))"
    say "+ tgtd $BRIDGE_NS $SAN_ADDR:3260 (pid $(tgtd_pid))"
  fi
  tid=$(tid_of "$iqn")
  if [ -n "$tid" ]; then say "= iscsi-target $iqn"; return 0; fi
  img=$SAN_DIR/$name-lun1.img
  [ -f "$img" ] || truncate -s "${mib}M" "$img"
  tid=$(( $(tgt --mode target --op show | awk '$1 == "Target" { sub(":", "", $2); if ($2 > m) m = $2 } END { print m + 0 }') + 1 ))
  tgt --mode target --op new --tid "$tid" --targetname "$iqn"
  tgt --mode logicalunit --op new --tid "$tid" --lun 1 --backing-store "$img"
  tgt --mode target --op bind --tid "$tid" --initiator-address ALL
  say "+ iscsi-target $iqn (LUN 1: $img, $mib MiB)"
}

san_stop() { # no target left: tgtd goes, with its socket and the bridge's address
  local pid
  pid=$(tgtd_pid)
  if [ -n "$pid" ]; then
    tgt --mode system --op delete >/dev/null 2>&1 || true
    kill_all tgtd_pid
    say "- tgtd $BRIDGE_NS"
  fi
  rm -f "$SAN_DIR"/tgtd.socket.* "$SAN_DIR/tgtd.log"
  rmdir "$SAN_DIR" 2>/dev/null || true # unless a LUN file is left
  if [ -e "$NETNS_DIR/$BRIDGE_NS" ] && san_addr_present; then
    ip -n "$BRIDGE_NS" addr del "$SAN_ADDR/$PREFIX" dev "$BRIDGE" && say "- address $BRIDGE_NS/$BRIDGE $SAN_ADDR"
  fi
  return 0
}

san_down() {
  local name=$1 iqn=$2 tid
  if [ -n "$(tgtd_pid)" ]; then
    tid=$(tid_of "$iqn")
    if [ -n "$tid" ]; then
      tgt --mode target --op delete --force --tid "$tid"
      say "- iscsi-target $iqn"
    fi
  fi
  if [ -f "$SAN_DIR/$name-lun1.img" ]; then
    rm -f "$SAN_DIR/$name-lun1.img"
    say "- file $SAN_DIR/$name-lun1.img"
  fi
  [ -n "$(tgtd_pid)" ] && [ -n "$(targets)" ] || san_stop
}

# ------------------------------------------------------------------ status

status() {
  local host h pid
  say "dir=$STATE"
  say "journal=$([ -f "$JOURNAL" ] && echo present || echo absent)"
  say "bridge.netns=$([ -e "$NETNS_DIR/$BRIDGE_NS" ] && echo present || echo absent)"
  say "san.tgtd=$(tgtd_pid)"
  [ -z "$(tgtd_pid)" ] || say "san.targets=$(targets | xargs)"
  for host in "${HOSTS[@]}"; do
    h=$(host_dir "$host")
    say "host.$host.netns=$([ -e "$NETNS_DIR/$(host_netns "$host")" ] && echo present || echo absent)"
    pid=$(holder_pid "$host"); say "host.$host.holder=${pid:-none}"
    say "host.$host.virtlogd=$(virtlogd_pid "$host")"
    say "host.$host.libvirtd=$(libvirtd_pid "$host")"
    if alive "$pid"; then
      say "host.$host.hostname=$(nsenter -t "$pid" -u hostname 2>/dev/null)"
      say "host.$host.eth0=$(ip -n "$(host_netns "$host")" -o -4 addr show dev eth0 2>/dev/null | awk '{ print $4 }')"
    fi
  done
}

case "${1:-}" in
  up) exec 9<"$STATE"; flock 9; up ;;     # one up or down at a time; fd 9 is closed for every daemon
  down) exec 9<"$STATE"; flock 9; down ;;
  status) status ;;
  san-up) exec 9<"$STATE"; flock 9; san_up "$2" "$3" "$4" ;;
  san-down) exec 9<"$STATE"; flock 9; san_down "$2" "$3" ;;
  _stage1) stage1 "$2" ;;
  _stage2) stage2 "$2" ;;
  *) echo "usage: $0 up|down|status|san-up NAME IQN MIB|san-down NAME IQN" >&2; exit 2 ;;
esac
