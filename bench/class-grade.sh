#!/usr/bin/env bash
# Benchmark (not a test): grade a class of 50 simulated learners (libvirt test-driver host files,
# some solved, some partly wrong) with --parallel, and compare with grading one learner.
#
#   bench/class-grade.sh [learners=50] [parallel=8] [runs=3]
#
# Prints the median of `runs` for each, two ways: wall clock of the whole command (JVM start
# included, what an instructor waits for) and kvmlab's own grading time (class.json durationMillis).
# Goal: 50 learners in at most 3x the time of one.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
N=${1:-50}
P=${2:-8}
RUNS=${3:-3}
LAB=bridge-network
GOAL=3

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export KVMLAB_DATA="$WORK/data"

# ---- simulated learners: one host file each
mkdir -p "$WORK/hosts"
host() { # $1 file, $2 index, $3 variant (0 solved, 1 emulated NIC, 2 wrong bridge, 3 no VM)
  local nic_model=virtio bridge=lab-br0 vm=1
  case "$3" in 1) nic_model=e1000 ;; 2) bridge=lab-br9 ;; 3) vm=0 ;; esac
  {
    echo "<node>"
    printf '  <interface type="bridge" name="lab-br0"><start mode="onboot"/><bridge stp="off" delay="0">'
    printf '<interface type="ethernet" name="eth%d"/></bridge></interface>\n' "$2"
    printf '  <network><name>lab-bridge</name><forward mode="bridge"/><bridge name="%s"/></network>\n' "$bridge"
    if [ "$vm" = 1 ]; then
      printf '  <domain type="test"><name>lab-vm1</name><memory unit="MiB">128</memory><os><type arch="i686">hvm</type></os>'
      printf '<devices><interface type="network"><source network="lab-bridge"/><model type="%s"/></interface></devices></domain>\n' "$nic_model"
    fi
    echo "</node>"
  } >"$1"
}
roster() { # $1 file, $2 count
  {
    echo "format_version: 1"
    echo "learners:"
    for i in $(seq 1 "$2"); do
      printf '  - {name: learner-%02d, uri: "test://%s/hosts/h%02d.xml", labels: [bench]}\n' "$i" "$WORK" "$i"
    done
  } >"$1"
}
for i in $(seq 1 "$N"); do
  host "$WORK/hosts/h$(printf %02d "$i").xml" "$i" $((i % 4))
done
roster "$WORK/one.yaml" 1
roster "$WORK/class.yaml" "$N"

# ---- build once (the launcher builds when the sources changed) and warm the page cache
"$HERE/kvmlab" labs >/dev/null

run() { # $1 roster, $2 parallel, $3 out dir -> "wall_ms grading_ms"
  local start end
  start=$(date +%s%N)
  "$HERE/kvmlab" class grade "$1" --lab "$LAB" --parallel "$2" --out "$3" --format json >"$3.json" 2>/dev/null || true
  end=$(date +%s%N)
  local grading
  grading=$(sed -n 's/^  "durationMillis" : \([0-9]*\),$/\1/p' "$3.json" | head -1)
  echo "$(((end - start) / 1000000)) ${grading:-0}"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one_wall=(); one_grade=(); all_wall=(); all_grade=()
for r in $(seq 1 "$RUNS"); do
  read -r w g < <(run "$WORK/one.yaml" 1 "$WORK/out-one-$r")
  one_wall+=("$w"); one_grade+=("$g")
  read -r w g < <(run "$WORK/class.yaml" "$P" "$WORK/out-all-$r")
  all_wall+=("$w"); all_grade+=("$g")
done
ow=$(printf '%s\n' "${one_wall[@]}" | median); og=$(printf '%s\n' "${one_grade[@]}" | median)
aw=$(printf '%s\n' "${all_wall[@]}" | median); ag=$(printf '%s\n' "${all_grade[@]}" | median)
graded=$(grep -c '"outcome" : "\(PASS\|FAIL\)"' "$WORK/out-all-1.json" || true)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }'; }
wall_ratio=$(ratio "$aw" "$ow")
grade_ratio=$(ratio "$ag" "$og")
printf 'class grade %s: %d learners (graded %d) with --parallel %d, against 1 learner; median of %d runs\n' \
  "$LAB" "$N" "$graded" "$P" "$RUNS"
printf '  wall clock (JVM start included): 1 learner %6d ms   %d learners %6d ms   ratio %sx\n' "$ow" "$N" "$aw" "$wall_ratio"
printf '  grading (class.json durationMillis): 1 learner %6d ms   %d learners %6d ms   ratio %sx\n' "$og" "$N" "$ag" "$grade_ratio"
if awk -v r="$wall_ratio" -v g="$GOAL" 'BEGIN { exit !(r <= g) }'; then
  echo "  goal <= ${GOAL}x (wall clock): met"
else
  echo "  goal <= ${GOAL}x (wall clock): NOT met"
fi
