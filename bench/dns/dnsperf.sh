#!/usr/bin/env bash
# DNS: Debian's dnsperf inside a namespace against Shoal's embedded resolver (127.0.0.11, through the DNAT) and,
# side by side in the same namespace, against NSD (2 server processes) serving the same names on 127.0.0.12, and
# against Docker 20.10's embedded resolver serving the same names to a container (bench/dns/docker-peer.sh: a private
# dockerd inside its own network namespace; the root namespace is compared before and after).
# Then a longer run against Shoal with the heap measured (after full GC) before and after.
#
# Usage: bench/dns/dnsperf.sh [SECONDS_PER_RUN=10] [LONG_RUN_SECONDS=60] [CONTAINERS=200] [UDP_SOCKETS=1]
# Needs root, dnsperf and nsd (Debian packages), and a built tree (./shoal bench builds it; by hand:
# mvn -q -B install -DskipTests, which makes bench/target/benchmarks.jar).
# PEERS=nsd,docker (default) picks the peers; PEERS=nsd skips Docker, which installs docker.io if missing and takes a
# minute or two to start the containers. Each response's latency comes from dnsperf -v, for the p99 (same for all).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
long_seconds=${2:-60}
containers=${3:-200}
udp_sockets=${4:-1}
peers=${PEERS:-nsd,docker}
with_docker=
case ",$peers," in *,docker,*) with_docker=1 ;; esac
ns=shoalbench-dns-$$
work=$(mktemp -d /tmp/shoal-dns-bench.XXXXXX)
server_pid=
nsd_pid=

source bench/dns/docker-peer.sh

cleanup() {
    local status=$?
    docker_peer_stop || status=1
    [ -n "$server_pid" ] && { echo quit >&3 || true; wait "$server_pid" 2>/dev/null || true; }
    [ -n "$nsd_pid" ] && { kill "$nsd_pid" 2>/dev/null || true; wait "$nsd_pid" 2>/dev/null || true; }
    ip netns del "$ns" 2>/dev/null || true
    ip netns del "$ns-churn" 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns add "$ns-churn"

# --- the names: svc-I and alias-I, A and AAAA, in a shuffled mix ----------------------------------------------------
{
    for i in $(seq 1 "$containers"); do
        printf 'svc-%d A\nsvc-%d AAAA\nalias-%d A\nalias-%d AAAA\n' "$i" "$i" "$i" "$i"
    done
} | shuf --random-source=<(yes) >"$work/queries.txt"

# --- NSD: the same names in the root zone, TTL 0 like Shoal's answers -------------------------------------------------
{
    echo '$TTL 0'
    echo '. IN SOA ns. hostmaster. 1 3600 600 86400 0'
    echo '. IN NS ns.'
    echo 'ns. IN A 127.0.0.12'
    for i in $(seq 1 "$containers"); do
        v4="10.77.$((i / 250)).$((i % 250 + 1))"
        v6=$(printf 'fd00:77::%x' "$i")
        printf 'svc-%d. IN A %s\nsvc-%d. IN AAAA %s\nalias-%d. IN A %s\nalias-%d. IN AAAA %s\n' \
            "$i" "$v4" "$i" "$v6" "$i" "$v4" "$i" "$v6"
    done
} >"$work/root.zone"
cat >"$work/nsd.conf" <<CONF
server:
    server-count: 2
    reuseport: yes
    ip-address: 127.0.0.12
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    zonesdir: "$work"
    database: ""
    zonelistfile: "$work/zone.list"
    xfrdfile: "$work/xfrd.state"
    xfrdir: "$work"
    pidfile: "$work/nsd.pid"
    logfile: "$work/nsd.log"
    verbosity: 0
    hide-version: yes
    # Response rate limiting would drop most of a benchmark's answers (nsd.conf(5), "rrl-ratelimit").
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: "."
    zonefile: "$work/root.zone"
CONF
ip netns exec "$ns" nsd -c "$work/nsd.conf" -d &
nsd_pid=$!

# --- Shoal: the resolver of one client container, listening in the namespace ------------------------------------------
mkfifo "$work/commands"
java -Xms256m -Xmx256m -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
    io.shoal.bench.dns.DnsBenchServer "$ns" "$containers" "$(nproc)" "$udp_sockets" <"$work/commands" >"$work/server.out" 2>&1 &
server_pid=$!
exec 3>"$work/commands"

wait_for() { # FILE PATTERN
    for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; exit 1
}
wait_for "$work/server.out" READY
for _ in $(seq 1 50); do ip netns exec "$ns" dig +short +time=1 +tries=1 @127.0.0.12 svc-1 A >/dev/null 2>&1 && break; sleep 0.1; done

ask_server() { # COMMAND -> prints the server's answer line
    local before
    before=$(wc -l <"$work/server.out")
    echo "$1" >&3
    for _ in $(seq 1 100); do
        [ "$(wc -l <"$work/server.out")" -gt "$before" ] && break
        sleep 0.1
    done
    tail -n +"$((before + 1))" "$work/server.out"
}

run_dnsperf() { # NAME ADDRESS SECONDS [NETWORK_NAMESPACE_PATH, default the bench's]
    local out="$work/dnsperf-$1-$RANDOM.txt"
    nsenter --net="${4:-/run/netns/$ns}" dnsperf -v -s "$2" -d "$work/queries.txt" -l "$3" -c 4 -q 100 >"$out" 2>&1
    local sent completed lost qps p99 rcodes
    sent=$(awk '/Queries sent:/ {print $3}' "$out")
    completed=$(awk '/Queries completed:/ {print $3}' "$out")
    lost=$(awk '/Queries lost:/ {print $3}' "$out")
    qps=$(awk '/Queries per second:/ {print $4}' "$out")
    # -v prints "> RCODE NAME TYPE SECONDS" per answer (dnsperf(1)); timeouts ("T") count as lost, not here.
    awk '/^> [A-Z]/ && $2 != "T" {print $NF}' "$out" | sort -g >"$out.latencies"
    p99=$(awk -v n="$(wc -l <"$out.latencies")" 'BEGIN {k = int(n * 0.99); if (k < n * 0.99) k++}
        NR == k {printf "%.3f", $1 * 1000; exit}' "$out.latencies")
    rm -f "$out.latencies"
    rcodes=$(awk '/Response codes:/ {sub(/.*Response codes: */, ""); print}' "$out")
    printf '%-6s %8.0f qps  sent %9s  completed %9s  lost %6s  %s, p99 %s ms%s\n' "$1" "$qps" "$sent" "$completed" \
        "$lost" "$(awk '/Average Latency/ {gsub(/[(),]/, ""); avg = $4; max = $8} /Latency StdDev/ {sd = $4}
            END {printf "latency avg %.3f ms, stddev %.3f ms, max %.3f ms", avg * 1000, sd * 1000, max * 1000}' "$out")" \
        "$p99" "$(case "$rcodes" in "NOERROR "*"(100.00%)") ;; *) echo "  rcodes $rcodes" ;; esac)"
    echo "$qps" >"$work/last-qps"
    echo "$p99" >"$work/last-p99"
}

if [ -n "$with_docker" ]; then
    docker_peer_start "$work" "$containers"
    echo "-- docker answers: svc-1 A $(nsenter --net="$docker_peer_client_netns" dig +short +time=2 +tries=1 @127.0.0.11 svc-1 A | xargs)," \
        "alias-1 AAAA $(nsenter --net="$docker_peer_client_netns" dig +short +time=2 +tries=1 @127.0.0.11 alias-1 AAAA | xargs)"
fi
peer_names="shoal nsd${with_docker:+ docker}"
run_peer() { # NAME SECONDS
    case $1 in
        shoal) run_dnsperf shoal 127.0.0.11 "$2" ;;
        nsd) run_dnsperf nsd 127.0.0.12 "$2" ;;
        docker) run_dnsperf docker 127.0.0.11 "$2" "$docker_peer_client_netns" ;;
    esac
}

echo "== dnsperf: $containers containers, $((containers * 4)) questions (A and AAAA of names and aliases), -c 4, ${seconds}s per run"
echo "-- warm-up (JIT), 5 s each"
for peer in $peer_names; do run_peer "$peer" 5; done
echo "-- measured, alternating"
declare -A qps_total p99_worst
for peer in $peer_names; do qps_total[$peer]=0; p99_worst[$peer]=0; done
for round in 1 2; do
    for peer in $peer_names; do
        run_peer "$peer" "$seconds"
        qps_total[$peer]=$(echo "${qps_total[$peer]} + $(cat "$work/last-qps")" | bc)
        p99_worst[$peer]=$(echo "$(cat "$work/last-p99") ${p99_worst[$peer]}" | awk '{print ($1 > $2) ? $1 : $2}')
    done
done
echo "shoal/nsd rate: $(echo "scale=1; 100 * ${qps_total[shoal]} / ${qps_total[nsd]}" | bc) %" \
    " p99 (worse of the rounds): shoal ${p99_worst[shoal]} ms, nsd ${p99_worst[nsd]} ms"
if [ -n "$with_docker" ]; then
    echo "shoal/docker rate: $(echo "scale=2; ${qps_total[shoal]} / ${qps_total[docker]}" | bc) x" \
        " p99 (worse of the rounds): shoal ${p99_worst[shoal]} ms, docker ${p99_worst[docker]} ms"
    docker_peer_stop || exit 1
fi

echo "== the same run while 200 other containers' resolvers are attached and detached one after the other"
run_dnsperf shoal 127.0.0.11 "$seconds" &
perf_pid=$!
sleep 1
ask_server "churn $ns-churn 200"
wait "$perf_pid"

echo "== heap over a ${long_seconds}s run against Shoal"
ask_server heap
run_dnsperf shoal 127.0.0.11 "$long_seconds"
ask_server heap
ask_server metrics
