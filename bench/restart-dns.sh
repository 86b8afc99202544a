#!/usr/bin/env bash
# Time from a shoald restart to the first DNS answer inside a container, with N containers running.
#   bench/restart-dns.sh [-n N] [--kill 9|TERM]
# Uses ./shoal up with the caller's SHOAL_NETNS, SHOAL_DATA_ROOT and SHOAL_SOCKET (start it first). Runs N busybox
# containers on a network "restartbench" plus one prober that asks the embedded DNS (127.0.0.11) for one of them
# every 50 ms and logs "ok|fail <seconds since boot>" (/proc/uptime: the same clock inside and outside). Then kills
# shoald (SIGKILL by default), starts it again with ./shoal up and reads the prober's log: prints the seconds from
# the new shoald JVM's start (/proc/PID/stat field 22) and from the `./shoal up` call to the first answer.
# Removes its containers and network at the end. Needs the image "busybox" imported.
set -euo pipefail
cd "$(dirname "$0")/.."
N=10
SIGNAL=9
while [ $# -gt 0 ]; do
    case $1 in
        -n) N=$2; shift 2 ;;
        --kill) SIGNAL=$2; shift 2 ;;
        *) sed -n '2,10p' "$0"; exit 2 ;;
    esac
done
DATA_ROOT=${SHOAL_DATA_ROOT:-/var/lib/shoal}
SOCKET=${SHOAL_SOCKET:-/run/shoal/shoal.sock}
docker() { /usr/local/bin/docker -H "unix://$SOCKET" "$@"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }

docker network create restartbench >/dev/null
for i in $(seq 1 "$N"); do
    docker run -d --name "rb$i" --network restartbench busybox sleep 100000 >/dev/null
done
docker run -d --name rbprober --network restartbench busybox sh -c \
    'while true; do if nslookup rb1 127.0.0.11 >/dev/null 2>&1; then echo ok $(cut -d" " -f1 /proc/uptime);
     else echo fail $(cut -d" " -f1 /proc/uptime); fi; sleep 0.05; done' >/dev/null
sleep 2
pid=$(cat "$DATA_ROOT/shoald.pid")
kill "-$SIGNAL" "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
sleep 1
up_at=$(uptime_s)
./shoal up >/dev/null
pid=$(cat "$DATA_ROOT/shoald.pid")
jvm_at=$(awk '{ print $22 / 100 }' "/proc/$pid/stat")
ready_at=$(uptime_s)
first=$(docker logs rbprober | awk -v t="$jvm_at" '$1 == "ok" && $2 >= t { print $2; exit }')
awk -v n="$N" -v up="$up_at" -v jvm="$jvm_at" -v ok="$first" -v ready="$ready_at" 'BEGIN {
    printf "containers %d: first DNS answer %.2f s after the JVM started, %.2f s after ./shoal up (API ready %.2f s after the JVM)\n",
        n, ok - jvm, ok - up, ready - jvm }'
grep -E "shoald: (data root|containers: restored|shoald ready)" "$DATA_ROOT/shoald.log" | tail -3
docker rm -f rbprober $(seq -f 'rb%g' 1 "$N") >/dev/null
docker network rm restartbench >/dev/null
