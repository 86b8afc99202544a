#!/usr/bin/env bash
# DNS: Debian's dnsperf inside a namespace against Shoal's embedded resolver (127.0.0.11, through the DNAT) and,
# side by side in the same namespace, against NSD (2 server processes) serving the same names on 127.0.0.12.
# Then a longer run against Shoal with the heap measured (after full GC) before and after.
#
# Usage: bench/dns/dnsperf.sh [SECONDS_PER_RUN=10] [LONG_RUN_SECONDS=60] [CONTAINERS=200] [UDP_SOCKETS=1]
# Needs root, dnsperf and nsd (Debian packages), and a built tree (./shoal bench builds it; by hand:
# mvn -q -B install -DskipTests, which makes bench/target/benchmarks.jar).
# Docker's own resolver is not measured: it needs a running dockerd.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
long_seconds=${2:-60}
containers=${3:-200}
udp_sockets=${4:-1}
ns=shoalbench-dns-$$
work=$(mktemp -d /tmp/shoal-dns-bench.XXXXXX)
server_pid=
nsd_pid=

cleanup() {
    [ -n "$server_pid" ] && { echo quit >&3 || true; wait "$server_pid" 2>/dev/null || true; }
    [ -n "$nsd_pid" ] && { kill "$nsd_pid" 2>/dev/null || true; wait "$nsd_pid" 2>/dev/null || true; }
    ip netns del "$ns" 2>/dev/null || true
    ip netns del "$ns-churn" 2>/dev/null || true
    rm -rf "$work"
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

run_dnsperf() { # NAME ADDRESS SECONDS
    local out="$work/dnsperf-$1-$RANDOM.txt"
    ip netns exec "$ns" dnsperf -s "$2" -d "$work/queries.txt" -l "$3" -c 4 -q 100 >"$out" 2>&1
    local sent completed lost qps
    sent=$(awk '/Queries sent:/ {print $3}' "$out")
    completed=$(awk '/Queries completed:/ {print $3}' "$out")
    lost=$(awk '/Queries lost:/ {print $3}' "$out")
    qps=$(awk '/Queries per second:/ {print $4}' "$out")
    printf '%-6s %8.0f qps  sent %9s  completed %9s  lost %6s  %s\n' "$1" "$qps" "$sent" "$completed" "$lost" \
        "$(awk '/Average Latency/ {gsub(/[(),]/, ""); printf "latency avg %.3f ms, max %.3f ms", $4 * 1000, $8 * 1000}' "$out")"
    echo "$qps" >"$work/last-qps"
}

echo "== dnsperf: $containers containers, $((containers * 4)) questions (A and AAAA of names and aliases), -c 4, ${seconds}s per run"
echo "-- warm-up (JIT), 5 s each"
run_dnsperf shoal 127.0.0.11 5
run_dnsperf nsd 127.0.0.12 5
echo "-- measured"
shoal_total=0
nsd_total=0
for round in 1 2; do
    run_dnsperf shoal 127.0.0.11 "$seconds"
    shoal_total=$(echo "$shoal_total + $(cat "$work/last-qps")" | bc)
    run_dnsperf nsd 127.0.0.12 "$seconds"
    nsd_total=$(echo "$nsd_total + $(cat "$work/last-qps")" | bc)
done
echo "shoal/nsd rate: $(echo "scale=1; 100 * $shoal_total / $nsd_total" | bc) %"

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
