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
# ticks of dockerd and of the plugin over the run). With --calls the plugin runs at --log-level debug (one line per
# call with its wall and CPU time in the plugin) and the calls of the shoal rounds are listed: count per round, median
# wall and CPU per call. Stops and removes everything at the end. PD_NAME (default shoalplug-bench) names the private
# dockerd and the plugin's data root, so two runs on one machine do not collide.
#
# Usage: bench/plugin-compare.sh [--rounds 20] [--warmup 3] [--calls]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export PD_NAME=${PD_NAME:-shoalplug-bench}
export PD_PLUGIN_DIR=${PD_PLUGIN_DIR:-/run/$PD_NAME/plugins}
. scripts/private-dockerd

rounds=20 warmup=3 plugin_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --calls) plugin_args=(--log-level debug); shift ;;
        *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
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
env "${plugin_env[@]}" scripts/plugin.sh up "${plugin_args[@]}" >/dev/null

api() { curl -s -o /dev/null -w '%{time_total}\n' --unix-socket "$PD_SOCK" -X POST -H 'Content-Type: application/json' \
    "http://docker/v1.41$1" -d "$2"; }
bridge_id=$(pd_cli network create -d bridge --subnet 10.50.0.0/24 bench-bridge)
shoal_id=$(pd_cli network create -d shoal --ipam-driver shoal --subnet 10.51.0.0/24 bench-shoal)
pd_cli run -d --name bench-c --network none "$PD_IMAGE" sleep 86400 >/dev/null
pd_cli network disconnect none bench-c

# The plugin's call lines (PluginCalls at debug level) from line $1 to line $2 of its log, each printed as
# "OPERATION CALL WALL_US CPU_US"; CALL ends in "(loop)" for a call answered on the event loop (PluginCalls.quickCall),
# in "(inline)" for a connect's own call answered there while no other call ran (PluginCalls.shortCall).
calls_between() {
    sed -n "$1,$2p" "$PLUGIN_DATA/plugin.log" \
        | sed -n -e "s/.* call \([A-Za-z.]*\) [0-9]* wall_us=\([0-9]*\) cpu_us=\([0-9]*\) quick.*/$3 \1(loop) \2 \3/p" \
            -e "s/.* call \([A-Za-z.]*\) [0-9]* wall_us=\([0-9]*\) cpu_us=\([0-9]*\) inline.*/$3 \1(inline) \2 \3/p" \
            -e "s/.* call \([A-Za-z.]*\) [0-9]* wall_us=\([0-9]*\) cpu_us=\([0-9]*\).*/$3 \1 \2 \3/p"
}
log_lines() { wc -l <"$PLUGIN_DATA/plugin.log"; }
# Per operation and call: calls per round, median wall and CPU (ms) in the plugin.
call_summary() {
    sort -k1,1 -k2,2 -k3,3n "$1" | awk -v n="$2" '
        function flush(   i, j, t) {
            if (key == "") return
            for (i = 2; i <= c; i++) { t = cpu[i]; for (j = i - 1; j >= 1 && cpu[j] > t; j--) cpu[j + 1] = cpu[j]; cpu[j + 1] = t }
            printf "  %-10s %-40s %4.1f per round  wall %6.2f ms  cpu %5.2f ms\n", op, call, c / n, w[int((c + 1) / 2)] / 1000, cpu[int((c + 1) / 2)] / 1000
        }
        $1 " " $2 != key { flush(); key = $1 " " $2; op = $1; call = $2; c = 0 }
        { c++; w[c] = $3; cpu[c] = $4 }
        END { flush() }'
}
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
dockerd_pid=$(pd_dockerd_pid)
plugin_pid=$(tr -dc '0-9' <"$PLUGIN_DATA/shoald.pid")
d0=$(ticks "$dockerd_pid") p0=$(ticks "$plugin_pid")
out=$(mktemp)
calls=$(mktemp)
for round in $(seq 1 $((warmup + rounds))); do
    for driver in bridge shoal; do
        id=$bridge_id; [ "$driver" = shoal ] && id=$shoal_id
        l0=$(log_lines)
        c=$(api "/networks/$id/connect" '{"Container":"bench-c"}')
        l1=$(log_lines)
        d=$(api "/networks/$id/disconnect" '{"Container":"bench-c"}')
        l2=$(log_lines)
        if [ "$driver" = shoal ] && [ "$round" -gt "$warmup" ] && [ ${#plugin_args[@]} -gt 0 ]; then
            calls_between $((l0 + 1)) "$l1" connect >>"$calls"
            calls_between $((l1 + 1)) "$l2" disconnect >>"$calls"
        fi
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
if [ ${#plugin_args[@]} -gt 0 ]; then
    echo "plugin calls per shoal connect and disconnect (median time in the plugin, from its debug log):"
    call_summary "$calls" "$rounds"
fi
rm -f "$calls"
rm -f "$out"
pd_cli rm -f bench-c >/dev/null
pd_cli network rm bench-bridge bench-shoal >/dev/null
