#!/usr/bin/env bash
# Whole-process cost of one hook (issue 15): the communicator's cluster-relation-changed that issues two tokens, run by
# the sample microctl charm published with Native AOT, against a `dispatch` shell script that makes exactly the calls
# the protocol needs (relation-list, three relation-get, `microctl list`, two `microctl add`, one relation-set) to the
# same tools. Both run against the same canned hook tools and workload CLI (benchmarks/canned-tool.c, one program under
# every name, which answers from canned files and logs each call), each run wrapped by benchmarks/hook-wrap.c, which
# reports the wall time, user + system CPU time and minor faults of the whole process tree, as /usr/bin/time does.
#
#   benchmarks/hook-processes.sh [rounds=20]
#
# The two contenders alternate (charm first in odd rounds, the script first in even ones) after one unmeasured run of
# each. Every run must have done the hook's work: two `add` calls and a relation-set that publishes `mirror=up` and the
# two tokens `add` printed under mirror-<host>; a run that did not fails the benchmark. Processes are counted from the
# call log: each tool or CLI call is a process, plus the charm (or the shell) itself.
#
# The charm is rebuilt first with samples/build-charms.sh; HOOK_PROCESSES_NO_BUILD=1 uses artifacts/charms/microctl as
# it is. Needs a C compiler (cc) and python3 (to check the runs and print the table).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-20}
case $rounds in
  '' | *[!0-9]* | 0) echo "error: rounds must be a positive whole number, not '$rounds' (usage: $0 [rounds=20])" >&2; exit 2 ;;
esac
command -v cc >/dev/null || { echo "error: a C compiler (cc) is needed for the tools and the measuring wrapper" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is needed to check the runs and print the table" >&2; exit 1; }

out=$root/artifacts/bench-processes
rm -rf "$out"; mkdir -p "$out"
cc -O2 -Wall -Werror -o "$out/hook-wrap" benchmarks/hook-wrap.c
cc -O2 -Wall -Werror -o "$out/canned-tool" benchmarks/canned-tool.c

if [ "${HOOK_PROCESSES_NO_BUILD:-0}" != "1" ]; then
  echo "==> building the AOT microctl charm (samples/build-charms.sh)" >&2
  samples/build-charms.sh >/dev/null
fi
charm_src=artifacts/charms/microctl
[ -x "$charm_src/dispatch" ] || { echo "error: no charm at $charm_src; run samples/build-charms.sh (or unset HOOK_PROCESSES_NO_BUILD)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the canned world: this unit, microctl/0 on host $self, is the cluster's smallest online voter (the communicator).
# The distributor leader's databag (seed format) mirrors four hosts, all "empty": this one and $self-b are members,
# node-c and node-f are not, so the communicator issues a token for each of those two. As in the consumer test
# The_communicator_issuing_two_tokens_runs_at_most_nine_processes_and_no_status_get.
self=$(uname -n)
other=$self-b # sorts after $self whatever the host is called, so $self is the communicator
canned=$work/canned
mkdir -p "$canned" "$work/tools" "$work/workload" "$work/calls"
relation=cluster:1
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
answer() { printf '%s\n' "$2" > "$canned/$1"; }
answer "relation-list --format=json -r $relation" '["distributor/0"]'
answer "relation-get --format=json -r $relation - distributor%0" \
  "{\"mirror\":\"up\",\"mirror-$self\":\"empty\",\"mirror-$other\":\"empty\",\"mirror-node-c\":\"empty\",\"mirror-node-f\":\"empty\"}"
answer "relation-get --format=json -r $relation --app - distributor" '{}'
answer "relation-get --format=json -r $relation - microctl%0" "{\"hostname\":\"$self\"}"
# Tools this hook should not need answer as Juju would, so a charm that calls them still works and the count shows it.
answer "relation-ids cluster --format=json" "[\"$relation\"]"
answer "is-leader --format=json" 'false'
answer "status-get --include-data --format=json --application=False" '{"message":"","status":"unknown","status-data":{}}'
answer "config-get --format=json" '{"cluster-port":0}'
answer "state-get --format=json" '{}'
member() { # name address
  printf '{"name":"%s","address":"%s:7000","certificate":"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n","role":"voter","schema_internal_version":1,"schema_external_version":1,"last_heartbeat":"%s","status":"ONLINE","extensions":[],"secret":""}' "$1" "$2" "$now"
}
answer "microctl list -f json" "[$(member "$self" 10.0.0.1),$(member "$other" 10.0.0.2)]"
for host in node-c node-f; do
  # A join token as microcluster prints it: base64 of a JSON object (its content does not matter to the consumer).
  answer "microctl add $host" "$(printf '{"name":"%s","secret":"%s","fingerprint":"%s","join_addresses":["10.0.0.1:7000"]}' \
    "$host" "$(printf 'secret-%s' "$host" | sha256sum | cut -c1-64)" "$(printf 'fp' | sha256sum | cut -c1-64)" | base64 -w0)"
done
for tool in relation-list relation-get relation-set relation-ids juju-log status-set status-get is-leader config-get \
  state-get state-set state-delete application-version-set network-get goal-state; do
  ln -s "$out/canned-tool" "$work/tools/$tool"
done
# The workload CLI lives apart from the hook tools: the framework runs it with the tools' directory taken off PATH.
ln -s "$out/canned-tool" "$work/workload/microctl"

# --- the contenders: a copy of the charm (its state file is reset before each run: this unit is already a member)
# and the baseline script.
charm=$work/charm
cp -a "$charm_src" "$charm"
printf '%s\n' '{"format":"charm-state","version":1,"stored":{"token-consumer/cluster":{"in-cluster":true}},"deferred":[]}' > "$work/state.json"
script=$work/script
mkdir -p "$script"
cat > "$script/dispatch" <<'SCRIPT'
#!/bin/sh
# The baseline: the calls the protocol needs and nothing else, with shell built-ins in between (no other process).
# The communicator reads the remote, remote application and own databags, lists the cluster, issues a token for every
# mirrored "empty" host that is not a member and that it has not set, and publishes them with mirror=up.
r=$JUJU_RELATION_ID
units=$(relation-list --format=json -r "$r")
unit=${units#*\"}; unit=${unit%%\"*}
remote=$(relation-get --format=json -r "$r" - "$unit")
# Read as the consumer reads it (the distributor's extensions live there); a seed distributor leaves it empty.
remote_app=$(relation-get --format=json -r "$r" --app - "$JUJU_REMOTE_APP")
own=$(relation-get --format=json -r "$r" - "$JUJU_UNIT_NAME")
members=$(microctl list -f json)
changes='"mirror":"up"'
rest=$remote
while :; do
  case $rest in *'"mirror-'*) ;; *) break ;; esac
  rest=${rest#*\"mirror-}
  host=${rest%%\"*}
  rest=${rest#*\"}; rest=${rest#*:}
  case $rest in '"empty"'*) ;; *) continue ;; esac
  case $members in *"\"name\":\"$host\""*) continue ;; esac
  case $own in *"\"mirror-$host\""*) continue ;; esac
  token=$(microctl add "$host")
  changes="$changes,\"mirror-$host\":\"$token\""
done
relation-set -r "$r" --file - <<EOF
{$changes}
EOF
SCRIPT
chmod 0755 "$script/dispatch"

run() { # contender (charm|script), round
  local dir=$work/$1
  if [ "$1" = charm ]; then
    rm -f "$charm/.unit-state.json" "$charm/.unit-state.json.bak"
    cp "$work/state.json" "$charm/.unit-state.json"
  fi
  local calls=$work/calls/$1-$2.log
  : > "$calls"
  if ! (cd "$dir" && env -i PATH="$work/tools:$work/workload:/usr/bin:/bin" HOME="$work" LANG=C.UTF-8 \
    CANNED_DIR="$canned" CANNED_CALL_LOG="$calls" \
    JUJU_DISPATCH_PATH=hooks/cluster-relation-changed JUJU_UNIT_NAME=microctl/0 JUJU_MODEL_NAME=bench \
    JUJU_MODEL_UUID=00000000-0000-4000-8000-000000000000 JUJU_VERSION=3.6.4 JUJU_CHARM_DIR="$dir" \
    JUJU_RELATION=cluster JUJU_RELATION_ID="$relation" JUJU_REMOTE_APP=distributor JUJU_REMOTE_UNIT=distributor/0 \
    "$out/hook-wrap" "$out/$1.times" "$dir/dispatch" >"$work/calls/$1-$2.out" 2>&1); then
    echo "error: the $1's hook failed in round $2:" >&2
    cat "$work/calls/$1-$2.out" >&2
    exit 1
  fi
}

echo "==> warm-up (not measured), then $rounds rounds alternating charm and script" >&2
run charm 0; run script 0
: > "$out/charm.times"; : > "$out/script.times"
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then run charm "$round"; run script "$round"; else run script "$round"; run charm "$round"; fi
done
cp -r "$work/calls" "$out/calls"; cp -r "$canned" "$out/canned"
uptime >&2

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])

def calls(contender, n):
    rows = []
    for line in open(f"{out}/calls/{contender}-{n}.log", encoding="utf-8"):
        fields = [f.replace("\\t", "\t").replace("\\n", "\n").replace("\\\\", "\\") for f in line.rstrip("\n").split("\t")]
        rows.append(fields)
    return rows

def check(contender, n, rows):
    """The hook's work was done: two adds, and one relation-set publishing mirror=up and the two tokens they printed."""
    adds = [r for r in rows if r[:2] == ["microctl", "add"]]
    hosts = sorted(r[2] for r in adds)
    if hosts != ["node-c", "node-f"]:
        sys.exit(f"error: {contender} round {n}: expected `microctl add` for node-c and node-f, got {hosts}")
    sets = [r for r in rows if r[0] == "relation-set"]
    if len(sets) != 1 or not sets[0][-1].startswith("<"):
        sys.exit(f"error: {contender} round {n}: expected one relation-set reading its file from standard input, got {len(sets)}")
    data = json.loads(sets[0][-1][1:])
    for host in hosts:
        with open(f"{out}/canned/microctl add {host}", encoding="utf-8") as f:
            token = f.read().strip()
        if data.get("mirror-" + host) != token:
            sys.exit(f"error: {contender} round {n}: relation-set did not publish the token `add` printed for {host}: {data}")
    if data.get("mirror") != "up":
        sys.exit(f"error: {contender} round {n}: relation-set did not publish mirror=up: {data}")
    return len(rows)  # every call is a process

def times(contender):
    rows = [line.split() for line in open(f"{out}/{contender}.times")]
    rows = [r for r in rows if r[0] == "cluster-relation-changed"]
    if len(rows) != rounds:
        sys.exit(f"error: {contender}: {len(rows)} timed runs, expected {rounds}")
    return rows

result = {}
for contender in ("charm", "script"):
    processes = {check(contender, n, calls(contender, n)) for n in range(1, rounds + 1)}
    rows = times(contender)
    result[contender] = {
        "wall": statistics.median(int(r[1]) for r in rows) / 1000,
        "cpu": statistics.median(int(r[3]) for r in rows) / 1000,
        "faults": statistics.median(int(r[4]) for r in rows),
        "rss": max(int(r[2]) for r in rows) / 1024,
        "processes": processes,
        "tools": sorted(set(r[0] for n in range(1, rounds + 1) for r in calls(contender, n))),
    }

def procs(p):
    return "/".join(str(x) for x in sorted(p))

print("| contender | runs | tool/CLI processes | all processes | median wall (ms) | median CPU user+sys (ms) | median minor faults | peak RSS (MiB) |")
print("|---|---|---|---|---|---|---|---|")
for name, c in (("Native AOT charm", result["charm"]), ("dispatch shell script", result["script"])):
    print(f"| {name} | {rounds} | {procs(c['processes'])} | {procs(p + 1 for p in c['processes'])} | {c['wall']:.1f} | {c['cpu']:.1f} | {c['faults']:.0f} | {c['rss']:.1f} |")
charm, script = result["charm"], result["script"]
cpu, wall = charm["cpu"] / script["cpu"], charm["wall"] / script["wall"]
calls_max = max(charm["processes"])
print()
print(f"charm/script: CPU {cpu:.2f}x (target <= 1.3x: {'met' if cpu <= 1.3 else 'NOT met'}), "
      f"wall {wall:.2f}x (target <= 1.5x: {'met' if wall <= 1.5 else 'NOT met'}); "
      f"charm tool/CLI processes {calls_max} (target <= 9: {'met' if calls_max <= 9 else 'NOT met'})")
print(f"tools the charm called: {', '.join(charm['tools'])}")
PY
