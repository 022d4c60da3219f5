#!/usr/bin/env bash
# Proves the Slurm path on a real Slurm: a single-node cluster on this machine
# (munge + slurmctld + slurmd from Debian), the emitted job array over the 20
# example cities, the merge job, and the merged outputs compared with the
# local runner's. Stops the daemons it started. Not in CI (it starts daemons).
# Ends with one line: "ok: …" or "FAIL: …".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fail() { keep=1; echo "FAIL: $* (kept $work)"; cleanup; exit 1; }
keep=0
work=$(mktemp -d /tmp/lifecircle-slurm.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  [ "$keep" -eq 1 ] || rm -rf "$work"
}

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq slurm-wlm munge >/dev/null || fail "cannot install slurm-wlm and munge"
fi
[ -f ../shared/geodata/sao_paulo/spo_hexgrid_EPSG32723.gpkg ] || fail "../shared/geodata is absent beside the checkout: the example cities need it"
bin="$root/.build/release/lifecircle"
[ -x "$bin" ] || bin="$root/.build/debug/lifecircle"
[ -x "$bin" ] || { swift build >/dev/null 2>&1 || fail "swift build failed"; bin="$root/.build/debug/lifecircle"; }

# munge: a key of our own and a daemon on a private socket.
mkdir -p "$work/munge" && chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null && chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" || fail "munged did not start (see $work/munge/munged.log)"
pids+=("$(cat "$work/munge/munged.pid")")

host=$(hostname -s)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool" "$work/log"
cat > "$work/slurm.conf" <<CONF
ClusterName=lifecircle-check
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start (see $work/log/slurmctld.log)"
sleep 1; pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || fail "slurmd did not start (see $work/log/slurmd.log)"
sleep 1; pids+=("$(cat "$work/slurmd.pid")")
for i in $(seq 1 30); do sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mix' && break; sleep 1; done
sinfo -h -o %T | grep -qE 'idle|mix' || fail "the node did not come up: $(sinfo -h 2>&1 | head -1)"

manifest="$root/examples/batch/spo-cities.yaml"
"$bin" batch "$manifest" --output "$work/slurm-out" --emit slurm --emit-to "$work/jobs" --executable "$bin" >/dev/null || fail "emit failed"
submitted=$(bash "$work/jobs/submit.sh") || fail "sbatch failed: $submitted"
for i in $(seq 1 900); do
  [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h 2>/dev/null)" ] || fail "jobs still queued after 15 minutes: $(squeue -h | head -3)"
[ -f "$work/slurm-out/batch_summary.json" ] || fail "the merge job wrote no batch_summary.json ($(tail -3 "$work/slurm-out/logs/merge.out" 2>/dev/null))"

"$bin" batch "$manifest" --output "$work/local-out" --jobs 2 --quiet >/dev/null 2>&1 || fail "the local runner failed"
python3 - "$work/slurm-out" "$work/local-out" <<'PY' || fail "the Slurm and local outputs differ (see above)"
import json, sys
def load(d):
    s = json.load(open(d + "/batch_summary.json"))
    for c in s["cities"]:
        for k in ("seconds", "peak_memory_mb"): c.pop(k, None)
    return s
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print("batch_summary.json differs"); sys.exit(1)
def table(d):
    lines = open(d + "/tables/cities.csv", encoding="utf-8-sig").read().splitlines()
    head = lines[0].split(",")
    drop = [i for i, h in enumerate(head) if h.strip('"') in ("seconds", "peak_memory_mb")]
    return [[v for i, v in enumerate(l.split(",")) if i not in drop] for l in lines]
if table(sys.argv[1]) != table(sys.argv[2]):
    print("tables/cities.csv differs"); sys.exit(1)
print(f"{a['ok']} cities ok in both")
PY
ok=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ok'])" "$work/slurm-out/batch_summary.json")
tasks=$(ls "$work/slurm-out/logs"/row-*.out 2>/dev/null | wc -l)
cleanup
echo "ok: $ok cities through a Slurm job array ($tasks array tasks, then the afterany merge job), merged outputs equal to the local runner's"
