#!/usr/bin/env bash
# Issue 12: docker-compose 1.29 (Debian) against Docker 20.10 and against Shoal's shoald, in one run.
# Docker is the private dockerd of scripts/private-dockerd (its own network and mount namespaces; stopped at the end
# unless it was already running); shoald is measured when its socket is given. Per engine, with the same
# busybox-static image (docker import) and a project of REPLICAS busybox httpd replicas of service web and one client
# on one user network (compose's own project network), RUNS times:
#   1. wall time of `docker-compose up -d --scale web=REPLICAS` on a fresh project (networks and containers created),
#   2. wall time of `docker-compose down -t 1` (containers stopped and removed, network removed),
# and, once more up with REPLICAS replicas, 3. the DNS lag of a scale-down: inside the client a loop asks
# `nslookup -type=a web` back to back and prints how many addresses came, each line time-stamped here as it arrives;
# `up -d --scale web=1` runs; reported are the command's wall time and the time from its start until the first answer
# with a single address (negative lag after the command's return = the replicas were gone before it returned).
# Medians of RUNS. Wall clock on a shared machine: compare the engines in the same run, and read the load average.
#
# Usage: bench/compose-compare.sh [--runs 5] [--replicas 10] [--shoald SOCKET] [--no-docker]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/private-dockerd

runs=5 replicas=10 shoald_socket= with_docker=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --replicas) replicas=$2; shift 2 ;;
        --shoald) shoald_socket=$2; shift 2 ;;
        --no-docker) with_docker=; shift ;;
        *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
require_root
[ -n "$with_docker" ] || [ -n "$shoald_socket" ] || { echo "compose-compare: no engine to measure" >&2; exit 2; }
if [ -n "$shoald_socket" ] && [ ! -S "$shoald_socket" ]; then
    echo "compose-compare: $shoald_socket is not a socket" >&2
    exit 1
fi
command -v docker-compose >/dev/null || install_packages docker-compose

PROJECT=shoalbenchcompose
work=$(mktemp -d /tmp/shoalbench-compose.XXXXXX)
results=$work/results.tsv
: >"$results"
started_dockerd=
current_socket=
poller=

cat >"$work/docker-compose.yml" <<EOF
services:
  web:
    image: $PD_IMAGE
    command: ["sh", "-c", "mkdir -p /www; hostname > /www/index.html; exec httpd -f -p 80 -h /www"]
  client:
    image: $PD_IMAGE
    command: ["sleep", "86400"]
    depends_on: [web]
EOF

# docker-compose on the engine being measured; its output (progress lines) is kept out of the figures.
dc() { DOCKER_HOST=unix://$current_socket docker-compose -f "$work/docker-compose.yml" -p "$PROJECT" "$@"; }

cleanup() {
    local status=$?
    [ -n "$poller" ] && kill "$poller" 2>/dev/null || true
    [ -n "$current_socket" ] && dc down -t 1 >/dev/null 2>&1 || true
    if [ -n "$started_dockerd" ]; then
        pd_stop || status=1
    fi
    cp "$results" /tmp/shoalbench-compose-results.tsv 2>/dev/null || true
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Milliseconds since the epoch, without a fork (bash 5's EPOCHREALTIME, microseconds after a dot).
now_ms() {
    local us=${EPOCHREALTIME/./}
    echo $((us / 1000))
}

# Runs a command and prints its wall time in ms; fails when the command fails (its output shown then).
timed() {
    local start end
    start=$(now_ms)
    if ! "$@" >"$work/out.txt" 2>&1; then
        cat "$work/out.txt" >&2
        return 1
    fi
    end=$(now_ms)
    echo $((end - start))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

result() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$results"; } # ENGINE METRIC MEDIAN UNIT

# The scale-down's DNS lag, once: prints "WALL LAG" in ms (LAG from the command's start to the first single answer).
scale_down_lag() {
    local client start end gone
    client=$(DOCKER_HOST=unix://$current_socket "$PD_CLI" ps -q --filter "name=${PROJECT}_client_1")
    # One line per answer, stamped on arrival: "<ms> <number of addresses>". The stamp forks nothing, so the reader
    # keeps up with the loop and a line is not stamped late (a date(1) per line lagged by a second under load).
    DOCKER_HOST=unix://$current_socket "$PD_CLI" exec "$client" sh -c \
        'while :; do nslookup -type=a web 2>/dev/null | grep -c "^Address: "; done' |
        while read -r count; do
            us=${EPOCHREALTIME/./}
            echo "$((us / 1000)) $count"
        done >"$work/answers.txt" &
    poller=$!
    # Wait until the loop answers with every replica.
    local waited=0
    until awk -v n="$replicas" '$2 == n { found = 1 } END { exit !found }' "$work/answers.txt" 2>/dev/null; do
        sleep 0.1
        waited=$((waited + 1))
        [ "$waited" -lt 600 ] || { echo "compose-compare: web never answered with $replicas addresses" >&2; return 1; }
    done
    start=$(now_ms)
    dc up -d --scale web=1 -t 1 >"$work/out.txt" 2>&1 || { cat "$work/out.txt" >&2; return 1; }
    end=$(now_ms)
    until gone=$(awk -v t="$start" '$1 >= t && $2 == 1 { print $1; exit }' "$work/answers.txt") && [ -n "$gone" ]; do
        sleep 0.05
        [ $(($(now_ms) - end)) -lt 30000 ] || { echo "compose-compare: replicas still answer 30 s later" >&2; return 1; }
    done
    kill "$poller" 2>/dev/null || true
    poller=
    # The last run's trace, relative to the command's start: "<ms> <addresses>" (and "end <ms>" at its return).
    { awk -v t="$start" '{ print $1 - t, $2 }' "$work/answers.txt"; echo "end $((end - start))"; } \
        >"/tmp/shoalbench-compose-dns-trace.txt"
    echo "$((end - start)) $((gone - start))"
}

measure() { # ENGINE SOCKET
    local engine=$1 run up down lag line
    current_socket=$2
    say "$engine: unix://$current_socket"
    DOCKER_HOST=unix://$current_socket "$PD_CLI" image inspect "$PD_IMAGE" >/dev/null 2>&1 ||
        pd_import_busybox "$current_socket"
    dc down -t 1 >/dev/null 2>&1 || true
    : >"$work/up.txt" && : >"$work/down.txt" && : >"$work/wall.txt" && : >"$work/lag.txt"
    for run in $(seq 1 "$runs"); do
        up=$(timed dc up -d --scale "web=$replicas")
        line=$(scale_down_lag)
        down=$(timed dc down -t 1)
        echo "$up" >>"$work/up.txt"
        echo "$down" >>"$work/down.txt"
        echo "${line% *}" >>"$work/wall.txt"
        echo "${line#* }" >>"$work/lag.txt"
        echo "  run $run: up --scale web=$replicas $up ms, scale to 1 ${line% *} ms (DNS gone after ${line#* } ms), down $down ms"
    done
    result "$engine" "up -d --scale web=$replicas" "$(median <"$work/up.txt")" ms
    result "$engine" "down" "$(median <"$work/down.txt")" ms
    result "$engine" "up -d --scale web=1 (from $replicas)" "$(median <"$work/wall.txt")" ms
    result "$engine" "scale-down start until the removed replicas stop answering" "$(median <"$work/lag.txt")" ms
    current_socket=
}

if [ -n "$with_docker" ]; then
    if pd_answers; then
        say "using the private dockerd that already runs (it is left running)"
    else
        pd_start
        started_dockerd=1
    fi
    measure docker "$PD_SOCK"
fi
[ -z "$shoald_socket" ] || measure shoald "$shoald_socket"

say "medians of $runs runs (machine load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' '{ printf "%-8s %-62s %10s %s\n", $1, $2, $3, $4 }' "$results"
echo "(results kept in /tmp/shoalbench-compose-results.tsv)"
