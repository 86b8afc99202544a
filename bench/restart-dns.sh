#!/usr/bin/env bash
# Time from a shoald restart to the first DNS answer inside a container, with N containers running.
#   bench/restart-dns.sh [-n N] [--networks K] [--restarts R] [--kill 9|TERM] [--keep] [--no-side-files]
# Uses ./shoal up with the caller's SHOAL_NETNS, SHOAL_DATA_ROOT and SHOAL_SOCKET (start it first). Runs N busybox
# `sleep` containers spread over K networks restartbench1..K (4 started at a time) plus one prober on restartbench1
# that asks the embedded DNS (127.0.0.11) for rb1 every 50 ms and logs "ok|fail <seconds since boot>" (/proc/uptime:
# the same clock inside and outside). Then R times: kills shoald (SIGKILL by default), starts it again with ./shoal up
# and reads the prober's log: prints the seconds from the new shoald JVM's start (/proc/PID/stat field 22) and from
# the `./shoal up` call to the first answer, then the median of the R restarts. Also, from shoald's log, the seconds
# from the JVM's start to the store opened and to the `early DNS` line (every running container's resolver attached:
# the figure for all N containers, where the prober shows one) with the JVM's CPU time by then (logged on that line),
# and the seconds ./shoal up spends before the JVM starts, with their medians; and to the `early DNS from side files`
# line (names and resolvers from DATA_ROOT/early-dns before the store, docs/engine.md "Restart") with its CPU time.
# Every container's own first answer too: bench/dns-first-answers.py asks, from one host process with a socket in
# each container's network namespace, for each container's name every 20 ms from the kill on; the bench prints the
# first and the LAST container's first answer after the JVM's start (the goal: every container within 1 s).
# A class-data sharing archive recorded by a start that restored nothing (DATA_ROOT/shoald.jsa.partial, scripts/
# daemon.sh) is recorded again by the next start with containers: that restart is made first and not counted.
# --no-side-files removes DATA_ROOT/early-dns before each start, so the start takes the store-only path (A/B runs).
# Removes its containers and networks at the end unless --keep (for runs that compare two builds over the same
# containers: a run that finds rbprober running reuses them). Needs the image "busybox" imported.
set -euo pipefail
cd "$(dirname "$0")/.."
N=10
NETWORKS=1
RESTARTS=1
SIGNAL=9
KEEP=
NO_SIDE=
while [ $# -gt 0 ]; do
    case $1 in
        -n) N=$2; shift 2 ;;
        --networks) NETWORKS=$2; shift 2 ;;
        --restarts) RESTARTS=$2; shift 2 ;;
        --kill) SIGNAL=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --no-side-files) NO_SIDE=1; shift ;;
        *) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2 ;;
    esac
done
DATA_ROOT=${SHOAL_DATA_ROOT:-/var/lib/shoal}
SOCKET=${SHOAL_SOCKET:-/run/shoal/shoal.sock}
docker() { /usr/local/bin/docker -H "unix://$SOCKET" "$@"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# Seconds since boot of the log line matching $1 written after line $2 of the log (its ISO time, converted with the
# offset between the wall clock and /proc/uptime).
log_uptime() {
    local line offset
    line=$(tail -n "+$2" "$DATA_ROOT/shoald.log" | grep -m1 -E "$1" | cut -d' ' -f1)
    [ -n "$line" ] || { echo nan; return; }
    offset=$(awk -v now="$(date +%s.%N)" -v up="$(uptime_s)" 'BEGIN { printf "%.3f", now - up }')
    awk -v t="$(date -d "$line" +%s.%N)" -v o="$offset" 'BEGIN { printf "%.3f", t - o }'
}
# The JVM's CPU seconds logged on the first line matching $1 after line $2 of the log.
log_cpu() {
    tail -n "+$2" "$DATA_ROOT/shoald.log" | grep -m1 -E "$1" |
        sed -n 's/.*process CPU \([0-9]*\) ms.*/\1/p' | awk '{ printf "%.2f", $1 / 1000 } END { if (NR == 0) printf "nan" }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }

if [ -z "$(docker ps -q --filter name=rbprober)" ]; then
    for k in $(seq 1 "$NETWORKS"); do
        docker network create "restartbench$k" >/dev/null
    done
    for i in $(seq 1 "$N"); do
        docker run -d --name "rb$i" --network "restartbench$(( (i - 1) % NETWORKS + 1 ))" busybox sleep 100000 >/dev/null &
        if (( i % 4 == 0 )); then wait; fi
    done
    wait
    docker run -d --name rbprober --network restartbench1 busybox sh -c \
        'while true; do if nslookup rb1 127.0.0.11 >/dev/null 2>&1; then echo ok $(cut -d" " -f1 /proc/uptime);
         else echo fail $(cut -d" " -f1 /proc/uptime); fi; sleep 0.05; done' >/dev/null
    sleep 2
fi
# The containers' main processes (pids in the host's pid namespace) hold their network namespaces for the prober.
mapfile -t probe_targets < <(docker inspect -f '{{.Name}}={{.State.Pid}}' rbprober $(seq -f 'rb%g' 1 "$N") | sed 's#^/##')
if [ -f "$DATA_ROOT/shoald.jsa.partial" ]; then
    echo "recording the class-data sharing archive with the restart path (one SIGTERM restart, not counted)"
    kill -TERM "$(cat "$DATA_ROOT/shoald.pid")"
    while [ -f "$DATA_ROOT/shoald.pid" ] && kill -0 "$(cat "$DATA_ROOT/shoald.pid")" 2>/dev/null; do sleep 0.1; done
    ./shoal up >/dev/null
fi
figures=()
lasts=()
firsts=()
stores=()
earlies=()
cpus=()
scripts=()
sides=()
side_cpus=()
for r in $(seq 1 "$RESTARTS"); do
    pid=$(cat "$DATA_ROOT/shoald.pid")
    kill "-$SIGNAL" "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    answers=$(mktemp)
    bench/dns-first-answers.py 60 "${probe_targets[@]}" >"$answers" &
    prober=$!
    sleep 1
    [ -n "$NO_SIDE" ] && rm -rf "$DATA_ROOT/early-dns"
    up_at=$(uptime_s)
    log_from=$(( $(wc -l <"$DATA_ROOT/shoald.log") + 1 ))
    ./shoal up >/dev/null
    pid=$(cat "$DATA_ROOT/shoald.pid")
    jvm_at=$(awk '{ print $22 / 100 }' "/proc/$pid/stat")
    ready_at=$(uptime_s)
    # awk reads to the end: leaving early would end `docker logs` with SIGPIPE, which pipefail turns into an exit.
    first=$(docker logs rbprober | awk -v t="$jvm_at" '!found && $1 == "ok" && $2 >= t { print $2; found = 1 }')
    figures+=("$(awk -v j="$jvm_at" -v ok="$first" 'BEGIN { printf "%.2f", ok - j }')")
    wait "$prober"
    firsts+=("$(awk -v j="$jvm_at" '{ t = $2 == "nan" ? 1e9 : $2 - j; if (NR == 1 || t < m) m = t } END { printf "%.2f", m }' "$answers")")
    lasts+=("$(awk -v j="$jvm_at" '{ t = $2 == "nan" ? 1e9 : $2 - j; if (t > m) m = t } END { printf "%.2f", m }' "$answers")")
    unanswered=$(grep -c ' nan$' "$answers" || true)
    rm -f "$answers"
    store_at=$(log_uptime "shoald: store: " "$log_from")
    early_at=$(log_uptime "shoald: early DNS: " "$log_from")
    stores+=("$(awk -v j="$jvm_at" -v t="$store_at" 'BEGIN { printf "%.2f", t - j }')")
    earlies+=("$(awk -v j="$jvm_at" -v t="$early_at" 'BEGIN { printf "%.2f", t - j }')")
    # shoald logs its own CPU time (all threads) on the `early DNS` line: load disturbs it much less than wall time.
    cpus+=("$(log_cpu "shoald: early DNS: " "$log_from")")
    side_at=$(log_uptime "shoald: early DNS from side files: " "$log_from")
    sides+=("$(awk -v j="$jvm_at" -v t="$side_at" 'BEGIN { printf "%.2f", t - j }')")
    side_cpus+=("$(log_cpu "shoald: early DNS from side files: " "$log_from")")
    scripts+=("$(awk -v u="$up_at" -v j="$jvm_at" 'BEGIN { printf "%.2f", j - u }')")
    echo "JVM start -> side files served ${sides[-1]} s (JVM CPU ${side_cpus[-1]} s)," \
        "-> store opened ${stores[-1]} s, -> early DNS done (all resolvers) ${earlies[-1]} s" \
        "(JVM CPU by then ${cpus[-1]} s); ./shoal up -> JVM start ${scripts[-1]} s"
    echo "every container: first answer ${firsts[-1]} s, the last container's first answer ${lasts[-1]} s after the JVM" \
        "started (${#probe_targets[@]} containers, $unanswered without an answer in 60 s)"
    awk -v n="$N" -v up="$up_at" -v jvm="$jvm_at" -v ok="$first" -v ready="$ready_at" 'BEGIN {
        printf "containers %d: first DNS answer %.2f s after the JVM started, %.2f s after ./shoal up (API ready %.2f s after the JVM)\n",
            n, ok - jvm, ok - up, ready - jvm }'
    grep -E "shoald: (data root|store|early DNS|containers: restored|shoald ready)" "$DATA_ROOT/shoald.log" | tail -6
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "median of $RESTARTS restarts, $N containers: first DNS answer $(printf '%s\n' "${figures[@]}" | median) s" \
    "(prober), first container $(printf '%s\n' "${firsts[@]}" | median) s, LAST container $(printf '%s\n' "${lasts[@]}" | median) s," \
    "store opened $(printf '%s\n' "${stores[@]}" | median) s, early DNS done $(printf '%s\n' "${earlies[@]}" | median) s" \
    "after the JVM start; JVM CPU to early DNS $(printf '%s\n' "${cpus[@]}" | median) s;" \
    "./shoal up -> JVM start $(printf '%s\n' "${scripts[@]}" | median) s;" \
    "side files served $(printf '%s\n' "${sides[@]}" | median) s (JVM CPU $(printf '%s\n' "${side_cpus[@]}" | median) s)"
[ -n "$KEEP" ] && exit 0
docker rm -f rbprober $(seq -f 'rb%g' 1 "$N") >/dev/null
for k in $(seq 1 "$NETWORKS"); do
    docker network rm "restartbench$k" >/dev/null
done
