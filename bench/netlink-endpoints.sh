#!/usr/bin/env bash
# The cost to plumb one container endpoint, three ways, in the same run:
#   shoal     Shoal's netlink layer (io.shoal.bench.EndpointPlumbing, in bench/target/benchmarks.jar)
#   ip-batch  iproute2 with as few processes as it allows: one `ip -batch` for the host side, then one
#             `ip -n CONTAINER -batch` per container (a batch line cannot switch namespace)
#   ip-steps  one `ip` process per step
# Each endpoint K is the same nine kernel requests: veth vhK in the host namespace with its peer tmpK created in
# container namespace K; vhK on bridge br0; vhK up; in K: rename tmpK to eth0, set its MAC, add IPv4 and IPv6
# (nodad) addresses, bring it up, add a default route.
#
# Every round makes fresh namespaces for each method (a host namespace with br0 and ENDPOINTS container namespaces,
# all named shoalbench-PID-*), times the plumbing alone, checks the result, and deletes them. Shoal's figure excludes
# JVM start-up and JIT warm-up (it plumbs --warmup endpoints into throw-away namespaces first): an engine is a
# long-running daemon. It includes opening each container namespace and a netlink handle inside it.
#
# Environment: ENDPOINTS (default 100), ROUNDS (default 3). Needs root. Touches only namespaces it creates.
set -euo pipefail
shopt -s inherit_errexit # a failing ip inside $(measure ...) must stop the run, not go unnoticed
cd "$(dirname "$0")/.."

ENDPOINTS=${ENDPOINTS:-100}
ROUNDS=${ROUNDS:-3}
PREFIX="shoalbench-$$"
HOST="$PREFIX-host"
JAR=bench/target/benchmarks.jar
WORK=$(mktemp -d)

if [ "$(id -u)" != 0 ]; then
    echo "netlink-endpoints: needs root (network namespaces)" >&2
    exit 1
fi

remove_namespaces() {
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX-" || true); do
        ip netns delete "$ns"
    done
}
cleanup() {
    remove_namespaces
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
    echo "building $JAR"
    mvn -o -q -B -pl bench package -DskipTests
fi

mac() { printf '02:42:0a:63:%02x:%02x' $((($1 >> 8) & 255)) $(($1 & 255)); }
ipv4() { echo "10.99.$(($1 / 250)).$(($1 % 250 + 2))/16"; }
ipv6() { printf 'fd99::%x/64' $(($1 + 2)); }
GATEWAY=10.99.0.1

make_namespaces() {
    ip netns add "$HOST"
    ip -n "$HOST" link add br0 type bridge
    ip -n "$HOST" link set br0 up
    for ((k = 0; k < ENDPOINTS; k++)); do
        ip netns add "$PREFIX-c$k"
    done
}

# Same nine requests per endpoint as EndpointPlumbing.plumb.
write_batches() {
    : >"$WORK/host"
    for ((k = 0; k < ENDPOINTS; k++)); do
        {
            echo "link add vh$k type veth peer name tmp$k netns $PREFIX-c$k"
            echo "link set vh$k master br0"
            echo "link set vh$k up"
        } >>"$WORK/host"
        {
            echo "link set tmp$k name eth0"
            echo "link set eth0 address $(mac "$k")"
            echo "address add $(ipv4 "$k") dev eth0"
            echo "address add $(ipv6 "$k") dev eth0 nodad"
            echo "link set eth0 up"
            echo "route add default via $GATEWAY"
        } >"$WORK/c$k"
    done
}

run_ip_batch() {
    ip -n "$HOST" -batch "$WORK/host"
    for ((k = 0; k < ENDPOINTS; k++)); do
        ip -n "$PREFIX-c$k" -batch "$WORK/c$k"
    done
}

run_ip_steps() {
    local c
    for ((k = 0; k < ENDPOINTS; k++)); do
        c="$PREFIX-c$k"
        ip -n "$HOST" link add "vh$k" type veth peer name "tmp$k" netns "$c"
        ip -n "$HOST" link set "vh$k" master br0
        ip -n "$HOST" link set "vh$k" up
        ip -n "$c" link set "tmp$k" name eth0
        ip -n "$c" link set eth0 address "$(mac "$k")"
        ip -n "$c" address add "$(ipv4 "$k")" dev eth0
        ip -n "$c" address add "$(ipv6 "$k")" dev eth0 nodad
        ip -n "$c" link set eth0 up
        ip -n "$c" route add default via "$GATEWAY"
    done
}

# Prints the elapsed microseconds of one method's plumbing of all endpoints.
measure() {
    local method=$1 start end
    case "$method" in
        shoal)
            java -cp "$JAR" io.shoal.bench.EndpointPlumbing --host "$HOST" --container-prefix "$PREFIX" \
                --count "$ENDPOINTS" --warmup 50 >"$WORK/shoal.out"
            echo $(($(sed -n 's/^shoal_total_ns=//p' "$WORK/shoal.out") / 1000))
            ;;
        ip-batch | ip-steps)
            write_batches
            start=${EPOCHREALTIME/./}
            if [ "$method" = ip-batch ]; then run_ip_batch; else run_ip_steps; fi
            end=${EPOCHREALTIME/./}
            echo $((end - start))
            ;;
    esac
}

# The result must be the same whoever plumbed: every host end on br0, and each checked container as asked.
verify() {
    local method=$1 ports k c link addresses routes
    ports=$(ip -n "$HOST" -o link show master br0)
    ports=$(grep -c ',UP' <<<"$ports" || true)
    if [ "$ports" != "$ENDPOINTS" ]; then
        echo "$method: $ports of $ENDPOINTS host ends are up on br0" >&2
        return 1
    fi
    for k in 0 $((ENDPOINTS / 2)) $((ENDPOINTS - 1)); do
        c="$PREFIX-c$k"
        # Outputs are captured first: `ip ... | grep -q` fails under pipefail when grep exits before ip has written.
        link=$(ip -n "$c" -o link show eth0)
        addresses=$(ip -n "$c" -o address show dev eth0)
        routes=$(ip -n "$c" route show default)
        grep -q "link/ether $(mac "$k")" <<<"$link" &&
            grep -q ',UP' <<<"$link" &&
            grep -q " $(ipv4 "$k") " <<<"$addresses" &&
            grep -q " $(ipv6 "$k") " <<<"$addresses" &&
            grep -q "via $GATEWAY dev eth0" <<<"$routes" ||
            {
                echo "$method: endpoint $k in $c is not plumbed as asked" >&2
                return 1
            }
    done
}

METHODS=(shoal ip-batch ip-steps)
declare -A RESULTS
echo "plumbing $ENDPOINTS endpoints per method, $ROUNDS rounds (namespaces $PREFIX-*)"
for ((round = 1; round <= ROUNDS; round++)); do
    for ((i = 0; i < ${#METHODS[@]}; i++)); do
        # Rotate the order each round, so no method always runs right after another's teardown.
        method=${METHODS[$(((i + round - 1) % ${#METHODS[@]}))]}
        make_namespaces
        micros=$(measure "$method")
        verify "$method"
        remove_namespaces
        per=$(awk -v t="$micros" -v n="$ENDPOINTS" 'BEGIN { printf "%.1f", t / n }')
        RESULTS[$method]="${RESULTS[$method]:-} $per"
        printf '  round %d  %-8s  %9.1f us per endpoint\n' "$round" "$method" "$per"
        sleep 1 # let the kernel finish destroying the namespaces (cleanup_net runs in the background)
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
shoal=$(echo "${RESULTS[shoal]}" | median)
batch=$(echo "${RESULTS[ip-batch]}" | median)
steps=$(echo "${RESULTS[ip-steps]}" | median)
echo
echo "median per endpoint over $ROUNDS rounds of $ENDPOINTS endpoints:"
printf '  %-8s %9.1f us\n' shoal "$shoal" ip-batch "$batch" ip-steps "$steps"
awk -v s="$shoal" -v b="$batch" -v p="$steps" 'BEGIN {
    printf "shoal / ip-batch = %.2f (goal: at most 1.5)\n", s / b
    printf "ip-steps / shoal = %.1f (goal: at least 10)\n", p / s
}'
