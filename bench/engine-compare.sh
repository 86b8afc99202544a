#!/usr/bin/env bash
# Engine (issue 11): Docker 20.10 and Shoal's shoald measured at their Engine API, side by side, in one run.
# Docker is a private Debian dockerd started by scripts/private-dockerd (its own network and mount namespaces; stopped
# and removed at the end unless it was already running). shoald is measured when its socket is given.
# Per engine, with the same busybox-static image (docker import) and command (sleep 86400):
#   1. API latencies (io.shoal.bench.engine.LatencyScenarios): network create, rm, connect, disconnect; create+start and
#      rm -f on a user network vs --network none (networking's share = the difference of the medians); P parallel
#      create+start, user network vs none (wall). Median / p90 of RUNS runs after WARMUP untimed ones. Run twice per
#      engine, each time in full (warm-up and timed runs): a first pass, reported in rows of its own ("first pass after
#      start"), then the measured one. A JVM daemon compiles a request path only after a few hundred calls (C1's
#      thresholds): in its first pass a freshly started shoald runs much of it in the interpreter, so the first pass
#      shows a fresh daemon and the second the steady state both daemons serve in (docs/performance.md, session 14).
#      The label assumes a daemon started just before: the dockerd this script starts is; a shoald (--shoald) or a
#      dockerd already running may not be. --no-first-pass measures once, as before session 14.
#   2. 100 containers on 5 networks (Population), then the daemon's and its containerd's VmRSS (/proc/PID/status).
#   3. With them running: dnsperf in the network namespace of a container on network 1 (nsenter -t PID -n), against
#      127.0.0.11, A questions for the names of network 1's containers, -c 4 -l DNS_SECONDS, -v for the percentiles.
#      The daemon's CPU (utime + stime) over that run divided by the answers: its CPU per query.
# --rss-later LIST (comma-separated seconds after the population, e.g. 15,60) reads both VmRSS again at those times,
# before dnsperf (the 2 s reading stays the benchmark's figure): how much of it is warm-up that settles.
# --scenarios LIST (comma-separated, default all: network,connect,run,parallel,population) runs only those: the first
# four are the API latencies of step 1, population is steps 2 and 3.
# Then the table of both. Needs root and bench/target/benchmarks.jar (./shoal bench builds it; by hand:
# mvn -o -q -pl bench -am install -DskipTests).
#
# Usage: bench/engine-compare.sh [--runs 20] [--warmup 3] [--parallel 20] [--rounds 3] [--networks 5]
#            [--per-network 20] [--dns-seconds 10] [--shoald SOCKET [--shoald-pid PID] [--shoald-containerd-pid PID]]
#            [--no-docker] [--scenarios LIST] [--rss-later LIST] [--no-first-pass]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/private-dockerd

runs=20 warmup=3 parallel=20 rounds=3 networks=5 per_network=20 dns_seconds=10
shoald_socket= shoald_pid= shoald_containerd_pid= with_docker=1 scenarios=network,connect,run,parallel,population
rss_later= first_pass=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --parallel) parallel=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --networks) networks=$2; shift 2 ;;
        --per-network) per_network=$2; shift 2 ;;
        --dns-seconds) dns_seconds=$2; shift 2 ;;
        --shoald) shoald_socket=$2; shift 2 ;;
        --shoald-pid) shoald_pid=$2; shift 2 ;;
        --shoald-containerd-pid) shoald_containerd_pid=$2; shift 2 ;;
        --no-docker) with_docker=; shift ;;
        --scenarios) scenarios=$2; shift 2 ;;
        --rss-later) rss_later=$2; shift 2 ;;
        --no-first-pass) first_pass=; shift ;;
        *) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
require_root
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "engine-compare: $jar is missing; build it first (./shoal bench, or see the header)" >&2; exit 1; }
[ -n "$with_docker" ] || [ -n "$shoald_socket" ] || { echo "engine-compare: no engine to measure" >&2; exit 2; }
wants() { case ",$scenarios," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
latency_scenarios=$(tr ',' '\n' <<<"$scenarios" | { grep -vx population || true; } | paste -sd, -)
if [ -n "$shoald_socket" ] && [ ! -S "$shoald_socket" ]; then
    echo "engine-compare: $shoald_socket is not a socket" >&2
    exit 1
fi
! wants population || command -v dnsperf >/dev/null || install_packages dnsperf

work=$(mktemp -d /tmp/shoalbench-engine.XXXXXX)
results=$work/results.tsv
: >"$results"
started_dockerd=
current_socket=
compare() { java -Xmx256m -cp "$jar" io.shoal.bench.engine.EngineCompare "$@"; }

cleanup() {
    local status=$?
    # A population left by a failed step (404s are ignored).
    [ -n "$current_socket" ] && compare depopulate --socket "$current_socket" --networks "$networks" \
        --per-network "$per_network" 2>/dev/null || true
    if [ -n "$started_dockerd" ]; then
        pd_stop || status=1
    fi
    cp "$results" /tmp/shoalbench-engine-results.tsv 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

result() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; } # ENGINE METRIC VALUE SECOND UNIT

# VmRSS of a process in MiB (proc(5): the resident set, anonymous + file-backed + shared memory, in kB).
rss_mib() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# The pid of the process listening on a unix socket (ss(8) in this network namespace).
listener_pid() { ss -Hxlp src "$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }

# CPU time a process has used (utime + stime from /proc/PID/stat, proc(5)), in clock ticks; 0 when unknown.
cpu_ticks() { [ -n "$1" ] && awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# utime of PID in clock ticks (proc(5)): with cpu_ticks, splits the daemon's CPU per DNS query into user and system.
user_ticks() { [ -n "$1" ] && awk '{sub(/^.*\) /, ""); print $12}' "/proc/$1/stat" 2>/dev/null || echo 0; }

dns_run() { # ENGINE CLIENT_PID QUERIES [DAEMON_PID]
    local engine=$1 out=$work/dnsperf-$1.txt daemon_pid=${4:-} cpu_before user_before
    cpu_before=$(cpu_ticks "$daemon_pid")
    user_before=$(user_ticks "$daemon_pid")
    nsenter -t "$2" -n dnsperf -v -s 127.0.0.11 -d "$3" -c 4 -l "$dns_seconds" >"$out" 2>&1 || {
        echo "engine-compare: dnsperf failed against $engine:" >&2
        grep -v '^>' "$out" | tail -20 >&2
        return 1
    }
    local qps lost completed cpu_after user_after
    cpu_after=$(cpu_ticks "$daemon_pid")
    user_after=$(user_ticks "$daemon_pid")
    qps=$(awk '/Queries per second:/ {print $4}' "$out")
    lost=$(awk '/Queries lost:/ {print $3}' "$out")
    completed=$(awk '/Queries completed:/ {print $3}' "$out")
    # -v prints "> RCODE NAME TYPE SECONDS" per answer (dnsperf(1)); "T" lines are timeouts, counted as lost.
    awk '/^> [A-Z]/ && $2 != "T" {print $NF * 1000}' "$out" | sort -g >"$out.ms"
    local n p50 p90 p99
    n=$(wc -l <"$out.ms")
    pct() { awk -v n="$n" -v p="$1" 'BEGIN {k = int(n * p); if (k < n * p) k++; if (k < 1) k = 1} NR == k {print; exit}' "$out.ms"; }
    p50=$(pct 0.50) p90=$(pct 0.90) p99=$(pct 0.99)
    echo "  dnsperf: $qps qps, $completed completed, $lost lost, latency median $p50 ms, p90 $p90 ms, p99 $p99 ms;" \
        "$(awk '/Response codes:/ {sub(/.*Response codes: */, ""); print}' "$out")"
    if [ -n "$daemon_pid" ] && [ "${completed:-0}" -gt 0 ]; then
        # The daemon's CPU per answered query, which the machine's load disturbs much less than the rate.
        local us_per_query user_us
        us_per_query=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" -v n="$completed" \
            'BEGIN {printf "%.2f", t * 1e6 / hz / n}')
        user_us=$(awk -v t=$((user_after - user_before)) -v hz="$(getconf CLK_TCK)" -v n="$completed" \
            'BEGIN {printf "%.2f", t * 1e6 / hz / n}')
        # The user part is the resolver's own code; the system part the kernel's UDP, conntrack and DNAT per packet.
        echo "  daemon CPU (utime + stime) per query: $us_per_query us, of which user $user_us us"
        result "$engine" "daemon CPU per DNS query" "$us_per_query" - us
        result "$engine" "daemon CPU per DNS query, user part" "$user_us" - us
    fi
    result "$engine" "DNS queries per second (dnsperf -c 4, ${dns_seconds} s)" "$qps" - qps
    result "$engine" "DNS latency, median / p99" "$p50" "$p99" ms
    result "$engine" "DNS queries lost" "$lost" - queries
}

latencies() { # ENGINE SOCKET RESULTS_FILE
    compare latency --engine "$1" --socket "$2" --results "$3" --runs "$runs" --warmup "$warmup" \
        --parallel "$parallel" --rounds "$rounds" --scenarios "$latency_scenarios" --image "$PD_IMAGE"
}

measure() { # ENGINE SOCKET DAEMON_PID CONTAINERD_PID
    local engine=$1 socket=$2 daemon_pid=$3 containerd_pid=$4
    current_socket=$socket
    say "$engine: unix://$socket"
    DOCKER_HOST=unix://$socket "$PD_CLI" image inspect "$PD_IMAGE" >/dev/null 2>&1 || pd_import_busybox "$socket"
    if [ -n "$latency_scenarios" ] && [ -n "$first_pass" ]; then
        say "$engine: API latencies, first pass after start ($latency_scenarios; reported in rows of their own)"
        latencies "$engine" "$socket" "$work/first-pass.tsv"
        # The same metrics, named apart so the table shows both passes.
        sed 's/\t/ (first pass after start)\t/2' "$work/first-pass.tsv" >>"$results"
        rm -f "$work/first-pass.tsv"
    fi
    if [ -n "$latency_scenarios" ]; then
        say "$engine: API latencies ($latency_scenarios; $runs runs after $warmup warm-up; $parallel parallel x $rounds rounds)"
        latencies "$engine" "$socket" "$results"
    fi
    if ! wants population; then
        current_socket=
        return 0
    fi
    local containers=$((networks * per_network))
    say "$engine: $containers containers on $networks networks"
    local client
    client=$(compare populate --socket "$socket" --networks "$networks" --per-network "$per_network" \
        --queries "$work/queries.txt" --image "$PD_IMAGE" | sed -n 's/^client-pid //p')
    sleep 2 # let the daemons settle before reading their memory
    if [ -n "$daemon_pid" ]; then
        local daemon_rss
        daemon_rss=$(rss_mib "$daemon_pid")
        echo "  $engine (pid $daemon_pid) VmRSS $daemon_rss MiB"
        result "$engine" "daemon VmRSS, $containers containers on $networks networks" "$daemon_rss" - MiB
    else
        echo "  $engine: daemon pid unknown (--shoald-pid), memory not measured"
    fi
    if [ -n "$containerd_pid" ]; then
        local containerd_rss
        containerd_rss=$(rss_mib "$containerd_pid")
        echo "  its containerd (pid $containerd_pid) VmRSS $containerd_rss MiB"
        result "$engine" "its containerd's VmRSS (same load)" "$containerd_rss" - MiB
    fi
    local later waited=2
    for later in ${rss_later//,/ }; do
        [ "$later" -gt "$waited" ] && sleep $((later - waited)) && waited=$later
        echo "  $engine VmRSS $later s after the population: $(rss_mib "${daemon_pid:-self}") MiB" \
            "(its containerd $([ -n "$containerd_pid" ] && rss_mib "$containerd_pid" || echo -) MiB)"
        [ -z "$daemon_pid" ] || result "$engine" "daemon VmRSS ${later} s after the population" "$(rss_mib "$daemon_pid")" - MiB
    done
    say "$engine: dnsperf inside ${PD_IMAGE%%:*} container shoalbench-pop-1-1 (pid $client), $dns_seconds s"
    dns_run "$engine" "$client" "$work/queries.txt" "$daemon_pid"
    say "$engine: removing the $containers containers"
    compare depopulate --socket "$socket" --networks "$networks" --per-network "$per_network"
    current_socket=
}

if [ -n "$with_docker" ]; then
    if pd_answers; then
        say "using the private dockerd that already runs (it is left running)"
    else
        pd_start
        started_dockerd=1
    fi
    measure docker "$PD_SOCK" "$(pd_dockerd_pid)" "$(pd_containerd_pid)"
fi
if [ -n "$shoald_socket" ]; then
    [ -n "$shoald_pid" ] || shoald_pid=$(listener_pid "$shoald_socket")
    # shoald's private containerd is its child (PrivateContainerd), unless it was pointed at another one.
    [ -n "$shoald_containerd_pid" ] || [ -z "$shoald_pid" ] ||
        shoald_containerd_pid=$(pgrep -P "$shoald_pid" -x containerd | head -1 || true)
    measure shoald "$shoald_socket" "$shoald_pid" "$shoald_containerd_pid"
fi

say "side by side (median / p90 where two figures; machine load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
compare table "$results"
echo "(results kept in /tmp/shoalbench-engine-results.tsv)"
