#!/usr/bin/env bash
# Issue 13 soak (not CI): one shoald (./shoal up in network namespace NETNS, data root and socket of its own), CLIENTS
# concurrent clients doing random create / run --rm / connect / disconnect / rm at its Engine API (curl, so every
# failure has its HTTP status and Docker's message), and every KILL_EVERY seconds shoald killed with SIGKILL and
# started again with the same environment (./shoal up). After each restart the clients pause and a checker compares
# what the engine says (API) with what the kernel and containerd hold:
#   namespaces   sandbox markers / /run/netns entries without a running container, running containers without one
#   interfaces   per running container: eth* links in its namespace vs the networks inspect names
#   veths        host-side veths in NETNS vs endpoints of running containers
#   bridges      br-* links and the br-* names in nftables table inet shoal vs user networks
#   containerd   containerd containers and tasks (ctr, namespace shoal) vs running containers
# and how long the restarted shoald took until a running container's embedded DNS answered (from the `up`).
# shoald's VmRSS is sampled every 5 s. Results in OUT (default /tmp/shoal-soak-<time>): ops.log (one line per
# operation), leaks.log, restarts.log, rss.log and summary.txt (printed at the end).
# Usage: bench/soak.sh [--minutes 30] [--clients 4] [--kill-every 120] [--networks 3] [--out DIR]
# Environment as ./shoal: SHOAL_NETNS (default shoal-soak), SHOAL_DATA_ROOT (/var/lib/shoal-soak), SHOAL_SOCKET
# (/run/shoal-soak/shoal.sock). The engine is brought down (./shoal down) and its data root removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

minutes=30 clients=4 kill_every=120 network_count=3 out=
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) minutes=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        --kill-every) kill_every=$2; shift 2 ;;
        --networks) network_count=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "soak: needs root (./shoal up)" >&2; exit 1; }

export SHOAL_NETNS=${SHOAL_NETNS:-shoal-soak}
export SHOAL_DATA_ROOT=${SHOAL_DATA_ROOT:-/var/lib/shoal-soak}
export SHOAL_SOCKET=${SHOAL_SOCKET:-/run/shoal-soak/shoal.sock}
export DOCKER_HOST=unix://$SHOAL_SOCKET
DOCKER=/usr/local/bin/docker
out=${out:-/tmp/shoal-soak-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$out"
: >"$out/ops.log"; : >"$out/leaks.log"; : >"$out/restarts.log"; : >"$out/rss.log"
PAUSE=$out/pause STOP=$out/stop
NETS=()
for i in $(seq 1 "$network_count"); do NETS+=("soak-net-$i"); done

log() { echo "soak: $*" >&2; }
now() { date +%s.%N; }
shoald_pid() { tr -dc '0-9' <"$SHOAL_DATA_ROOT/shoald.pid" 2>/dev/null || true; }

children=()
cleanup() {
    touch "$STOP"
    for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ./shoal down >"$out/down.log" 2>&1 || log "./shoal down failed; see $out/down.log"
    rm -rf "$SHOAL_DATA_ROOT"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# One API call: prints the HTTP status on the first line, then the body.
api() { # METHOD PATH [JSON]
    local body
    body=$(curl -s --max-time 60 --unix-socket "$SHOAL_SOCKET" -X "$1" -H 'Content-Type: application/json' \
        ${3:+-d "$3"} -w '\n%{http_code}' "http://shoal/v1.47$2" 2>/dev/null) || true
    local status=${body##*$'\n'}
    [ -n "$status" ] && [ "$status" != "$body" ] || status=000
    printf '%s\n%s\n' "$status" "${body%$'\n'*}"
}

# Records an operation: time, client, op, status, Docker's message (ids and numbers made generic).
record() { # CLIENT OP RESPONSE
    local status message
    status=$(head -n 1 <<<"$3")
    message=
    case "$status" in
        2*|304) ;;
        000) message="no answer (shoald down)" ;;
        *) message=$(sed -n '2,$p' <<<"$3" | sed -n 's/.*"message":"\(.*\)"}.*/\1/p' \
            | sed -E 's/[0-9a-f]{12,64}/<id>/g; s/soak-c[0-9]+-[0-9]+/<name>/g; s/[0-9]+(\.[0-9]+)*/N/g' | head -c 160) ;;
    esac
    printf '%s %s %s %s %s\n' "$(now)" "$1" "$2" "$status" "$message" >>"$out/ops.log"
}

mine() { # CLIENT: names of this client's containers
    api GET "/containers/json?all=1&filters=%7B%22name%22%3A%5B%22soak-c$1-%22%5D%7D" | sed -n '2,$p' \
        | grep -o '"Names":\["/[^"]*"' | sed 's/.*"\/\(.*\)"/\1/' || true
}

client() { # N
    local c=$1 i=0 names name net op count response
    while [ ! -e "$STOP" ]; do
        while [ -e "$PAUSE" ] && [ ! -e "$STOP" ]; do sleep 0.2; done
        mapfile -t names < <(mine "$c")
        count=${#names[@]}
        net=${NETS[RANDOM % ${#NETS[@]}]}
        name=${names[RANDOM % (count > 0 ? count : 1)]:-}
        if [ "$count" -lt 3 ]; then op=create; elif [ "$count" -gt 8 ]; then op=rm; else
            op=$(printf 'create\nrun\nconnect\ndisconnect\nrm\nrun\nconnect\ndisconnect' | shuf -n 1); fi
        case "$op" in
            create)
                i=$((i + 1)); name=soak-c$c-$i
                response=$(api POST "/containers/create?name=$name" \
                    "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"3600\"],\"HostConfig\":{\"NetworkMode\":\"$net\"}}")
                record "$c" create "$response"
                [ "$(head -n 1 <<<"$response")" = 201 ] && record "$c" start "$(api POST "/containers/$name/start")"
                ;;
            run)
                i=$((i + 1)); name=soak-c$c-$i
                response=$(api POST "/containers/create?name=$name" "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\
\"HostConfig\":{\"NetworkMode\":\"$net\",\"AutoRemove\":true}}")
                record "$c" run-create "$response"
                [ "$(head -n 1 <<<"$response")" = 201 ] && record "$c" run-start "$(api POST "/containers/$name/start")"
                ;;
            connect) record "$c" connect "$(api POST "/networks/$net/connect" "{\"Container\":\"$name\"}")" ;;
            disconnect) record "$c" disconnect "$(api POST "/networks/$net/disconnect" "{\"Container\":\"$name\"}")" ;;
            rm) record "$c" rm "$(api DELETE "/containers/$name?force=1")" ;;
        esac
    done
}

rss_sampler() {
    while [ ! -e "$STOP" ]; do
        local pid rss
        pid=$(shoald_pid)
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$rss" ] && echo "$(date +%s) $pid $rss" >>"$out/rss.log"
        sleep 5
    done
}

in_ns() { ip netns exec "$SHOAL_NETNS" "$@"; }
# Sandbox namespaces are bind-mounted in shoald's own mount namespace (./shoal up's unshare): look there.
in_mnt() { nsenter -t "$(shoald_pid)" -m "$@"; }

# Store vs kernel vs containerd, clients paused. Prints "kind count detail" lines for each leak found.
check_leaks() {
    local running ids id key networks eths expected_veths=0 veths marker name
    mapfile -t ids < <($DOCKER ps -q --no-trunc)
    declare -A keys=()
    for id in "${ids[@]}"; do
        read -r key networks < <($DOCKER inspect --format '{{.NetworkSettings.SandboxKey}} {{len .NetworkSettings.Networks}}' "$id")
        keys[$(basename "$key")]=1
        expected_veths=$((expected_veths + networks))
        if ! in_mnt ip -n "$(basename "$key")" link show lo >/dev/null 2>&1; then
            echo "namespaces 1 running $id: its namespace $key cannot be entered from shoald"
            continue
        fi
        eths=$(in_mnt ip -n "$(basename "$key")" -o link show 2>/dev/null | grep -c ': eth' || true)
        [ "$eths" = "$networks" ] || echo "interfaces 1 $id: $eths eth links for $networks networks"
    done
    for marker in "$SHOAL_DATA_ROOT"/netns/*; do
        [ -e "$marker" ] || continue
        name=$(basename "$marker")
        [ -n "${keys[$name]:-}" ] || echo "namespaces 1 $name (marker) without a running container"
    done
    veths=$(in_ns ip -o link show type veth | wc -l)
    [ "$veths" = "$expected_veths" ] || echo "veths $((veths - expected_veths)) $veths host veths for $expected_veths endpoints"
    local nets bridge
    nets=" $($DOCKER network ls -q --filter type=custom | tr '\n' ' ') "
    for bridge in $(in_ns ip -o link show type bridge | awk -F': ' '{print $2}' | grep '^br-' || true) \
        $(in_ns nft list table inet shoal 2>/dev/null | grep -o 'br-[0-9a-f]\{12\}' | sort -u || true); do
        [[ "$nets" == *" ${bridge#br-}"* ]] || echo "bridges 1 $bridge of no network"
    done
    local sock=$SHOAL_DATA_ROOT/containerd/containerd.sock cid
    declare -A run=()
    for id in "${ids[@]}"; do run[$id]=1; done
    for cid in $(ctr --address "$sock" -n shoal containers ls -q 2>/dev/null || true); do
        [ -n "${run[$cid]:-}" ] || echo "containerd 1 container $cid of no running container"
    done
    for cid in $(ctr --address "$sock" -n shoal tasks ls -q 2>/dev/null || true); do
        [ -n "${run[$cid]:-}" ] || echo "containerd 1 task $cid of no running container"
    done
}

# Seconds from $1 until the embedded DNS of a running container answers a name (empty when none runs).
time_to_dns() { # START
    local id name key
    id=$($DOCKER ps -q --no-trunc | head -n 1)
    [ -n "$id" ] || return 0
    read -r name key < <($DOCKER inspect --format '{{.Name}} {{.NetworkSettings.SandboxKey}}' "$id")
    local deadline=$(($(date +%s) + 30))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if timeout 1 nsenter -t "$(shoald_pid)" -m ip netns exec "$(basename "$key")" \
            busybox nslookup "${name#/}" 127.0.0.11 >/dev/null 2>&1; then
            echo "$(now) - $1" | bc
            return 0
        fi
        sleep 0.05
    done
    echo "none-in-30s"
}

log "results in $out"
./shoal down >/dev/null 2>&1 || true
rm -rf "$SHOAL_DATA_ROOT"
./shoal up >"$out/up.log" 2>&1 || { cat "$out/up.log" >&2; exit 1; }
busybox_rootfs_tar "$out/busybox.tar"
$DOCKER import "$out/busybox.tar" busybox >/dev/null
for net in "${NETS[@]}"; do $DOCKER network create "$net" >/dev/null; done

rss_sampler & children+=($!)
for c in $(seq 1 "$clients"); do client "$c" & children+=($!); done

end=$(($(date +%s) + minutes * 60))
restart=0
while [ "$(date +%s)" -lt "$end" ]; do
    next=$(($(date +%s) + kill_every))
    [ "$next" -le "$end" ] || { sleep $((end - $(date +%s))); break; }
    sleep "$kill_every"
    restart=$((restart + 1))
    pid=$(shoald_pid)
    log "restart $restart: kill -9 shoald $pid"
    kill -9 "$pid"
    touch "$PAUSE"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    started=$(now)
    ./shoal up >>"$out/up.log" 2>&1 || log "restart $restart: ./shoal up failed (see $out/up.log)"
    up_seconds=$(echo "$(now) - $started" | bc)
    sleep 2 # operations in flight end
    dns=$(time_to_dns "$started")
    running=$($DOCKER ps -q | wc -l)
    leaks=$(check_leaks || true)
    echo "$restart $(date +%s) up=${up_seconds}s dns=${dns:-no-container}s running=$running leaks=$(grep -c . <<<"$leaks" || true)" \
        >>"$out/restarts.log"
    [ -z "$leaks" ] || sed "s/^/$restart /" <<<"$leaks" >>"$out/leaks.log"
    rm -f "$PAUSE"
done
touch "$STOP"
for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
children=()
final=$(check_leaks || true)
[ -z "$final" ] || sed 's/^/final /' <<<"$final" >>"$out/leaks.log"

{
    echo "soak: $minutes min, $clients clients, shoald kill -9 every ${kill_every}s, $(wc -l <"$out/restarts.log") restarts"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "operations: $(wc -l <"$out/ops.log")"
    echo "by operation (op: ok / failed):"
    awk '{ total[$3]++; if ($4 ~ /^2|^304$/) ok[$3]++ } END { for (o in total) printf "  %s: %d / %d\n", o, ok[o], total[o] - ok[o] }' \
        "$out/ops.log" | sort
    echo "failures by kind (count status message):"
    awk '$4 !~ /^2|^304$/ { $1 = ""; $2 = ""; $3 = ""; print }' "$out/ops.log" | sed 's/^ *//' | sort | uniq -c \
        | sort -rn | head -n 25 | sed 's/^/  /'
    echo "restarts (n time up dns running leaks):"
    sed 's/^/  /' "$out/restarts.log"
    echo "leaks (restart kind count detail), $(wc -l <"$out/leaks.log") lines:"
    sed 's/^/  /' "$out/leaks.log" | head -n 40
    echo "shoald VmRSS (KiB) per life (pid: first min max last samples):"
    awk '{ if (!($2 in first)) { first[$2] = $3; min[$2] = $3; max[$2] = $3; order[++n] = $2 }
           if ($3 < min[$2]) min[$2] = $3; if ($3 > max[$2]) max[$2] = $3; last[$2] = $3; count[$2]++ }
         END { for (i = 1; i <= n; i++) { p = order[i]; printf "  %s: %d %d %d %d %d\n", p, first[p], min[p], max[p], last[p], count[p] } }' \
        "$out/rss.log"
} | tee "$out/summary.txt"
