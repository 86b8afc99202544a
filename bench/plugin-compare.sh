#!/usr/bin/env bash
# Issue 14: the same dockerd 20.10 with Shoal's plugin against its own built-in bridge driver, side by side, in one run.
# A private Debian dockerd (scripts/private-dockerd under names of its own, PD_NAME=shoalplug-bench by default: never
# the benchmarks' shoalbench dockerd, never the machine's) with `shoald plugin` in its network namespace; two networks,
# `-d bridge` (dockerd's) and `-d shoal --ipam-driver shoal`, one running container. Interleaved rounds (bridge, shoal,
# bridge, shoal…), each timing at dockerd's API (curl on its socket, time_total):
#   connect     POST /networks/ID/connect of the running container
#   disconnect  POST /networks/ID/disconnect
#   run         docker run -d on the network (create + start through the CLI), then rm -f (untimed)
# Prints the median and p90 per operation and driver, the load average, and each daemon's CPU time (utime+stime
# ticks of dockerd and of the plugin over the run). Stops and removes everything at the end.
#
# Usage: bench/plugin-compare.sh [--rounds 20] [--warmup 3]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export PD_NAME=${PD_NAME:-shoalplug-bench}
export PD_PLUGIN_DIR=${PD_PLUGIN_DIR:-/run/$PD_NAME/plugins}
. scripts/private-dockerd

rounds=20 warmup=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
require_root
[ -f engine-integration/target/shoald.classpath ] || { echo "build first: ./shoal plugin up builds it" >&2; exit 1; }

PLUGIN_DATA=/var/lib/$PD_NAME-plugin
plugin_env=(SHOAL_PLUGIN_NETNS="$PD_NS" SHOAL_PLUGIN_DATA_ROOT="$PLUGIN_DATA" SHOAL_PLUGIN_SOCKET="$PD_PLUGIN_DIR/shoal.sock")
cleanup() {
    env "${plugin_env[@]}" scripts/plugin.sh down >/dev/null 2>&1 || true
    pd_stop >/dev/null 2>&1 || true
    rm -rf "$PLUGIN_DATA"
}
trap cleanup EXIT
pd_start
pd_import_busybox >/dev/null
env "${plugin_env[@]}" scripts/plugin.sh up >/dev/null

api() { curl -s -o /dev/null -w '%{time_total}\n' --unix-socket "$PD_SOCK" -X POST -H 'Content-Type: application/json' \
    "http://docker/v1.41$1" -d "$2"; }
bridge_id=$(pd_cli network create -d bridge --subnet 10.50.0.0/24 bench-bridge)
shoal_id=$(pd_cli network create -d shoal --ipam-driver shoal --subnet 10.51.0.0/24 bench-shoal)
pd_cli run -d --name bench-c --network none "$PD_IMAGE" sleep 86400 >/dev/null
pd_cli network disconnect none bench-c

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
dockerd_pid=$(pd_dockerd_pid)
plugin_pid=$(tr -dc '0-9' <"$PLUGIN_DATA/shoald.pid")
d0=$(ticks "$dockerd_pid") p0=$(ticks "$plugin_pid")
out=$(mktemp)
for round in $(seq 1 $((warmup + rounds))); do
    for driver in bridge shoal; do
        id=$bridge_id; [ "$driver" = shoal ] && id=$shoal_id
        c=$(api "/networks/$id/connect" '{"Container":"bench-c"}')
        d=$(api "/networks/$id/disconnect" '{"Container":"bench-c"}')
        start=$(date +%s%N)
        pd_cli run -d --name "bench-r" --network "$id" "$PD_IMAGE" sleep 86400 >/dev/null
        r=$(( ($(date +%s%N) - start) / 1000 ))
        pd_cli rm -f bench-r >/dev/null
        if [ "$round" -gt "$warmup" ]; then
            echo "$driver connect $c" >>"$out"
            echo "$driver disconnect $d" >>"$out"
            echo "$driver run $(awk "BEGIN{print $r/1000000}")" >>"$out"
        fi
    done
done
d1=$(ticks "$dockerd_pid") p1=$(ticks "$plugin_pid")
printf '%-8s %-11s %10s %10s\n' driver operation median_ms p90_ms
for driver in bridge shoal; do
    for op in connect disconnect run; do
        awk -v d="$driver" -v o="$op" '$1==d && $2==o {print $3*1000}' "$out" | sort -n | awk -v d="$driver" -v o="$op" \
            '{v[NR]=$1} END {printf "%-8s %-11s %10.1f %10.1f\n", d, o, v[int((NR+1)/2)], v[int(NR*0.9+0.5)]}'
    done
done
echo "rounds $rounds (after $warmup), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU ticks over the run: dockerd $((d1 - d0)), shoal plugin $((p1 - p0)) (both drivers' rounds together)"
rm -f "$out"
pd_cli rm -f bench-c >/dev/null
pd_cli network rm bench-bridge bench-shoal >/dev/null
