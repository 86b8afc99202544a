#!/usr/bin/env bash
# ./shoal up|down|status: shoald, Shoal's engine daemon, in the background.
#   up      install what is missing, build if the sources changed, start shoald (log DATA_ROOT/shoald.log), wait
#           until HEAD /_ping answers on its socket, print the DOCKER_HOST to export. Harmless when it already runs.
#   down    stop shoald (SIGTERM, then SIGKILL after 30 s), its private containerd, and what they left under the
#           data root (runc containers, shims, mounts, sandbox namespaces with a marker in DATA_ROOT/netns).
#           (shoald's own stop, or its death, leaves containerd and the containers running: the next `up` adopts them.)
#   status  what runs, with pids.
# Environment: SHOAL_DATA_ROOT (default /var/lib/shoal), SHOAL_SOCKET (default /run/shoal/shoal.sock); arguments
# after `up` go to shoald (see `java ... io.shoal.engine.daemon.Shoald --help`). SHOAL_NETNS=NAME runs shoald inside
# network namespace NAME (made by `up`, deleted by `down`) and a private mount namespace, so that its bridges, rules
# and containers never touch the machine's own network: what ./shoal demo and the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

DATA_ROOT=${SHOAL_DATA_ROOT:-/var/lib/shoal}
SOCKET=${SHOAL_SOCKET:-/run/shoal/shoal.sock}
PID_FILE=$DATA_ROOT/shoald.pid
LOG=$DATA_ROOT/shoald.log
CONTAINERD_CONFIG=$DATA_ROOT/containerd/config.toml
CONTAINERD_SOCKET=$DATA_ROOT/containerd/containerd.sock
MAIN_CLASS=io.shoal.engine.daemon.Shoald
CLASSPATH_FILE=$PWD/engine-integration/target/shoald.classpath
JARS_FILE=$PWD/engine-integration/target/shoald.jars
PACKAGES_STAMP=$PWD/engine-integration/target/packages.checked
CDS_ARCHIVE_NAME=shoald.jsa
NETNS=${SHOAL_NETNS:-}
DOCKER_CLI=/usr/local/bin/docker
START_SECONDS=120
STOP_SECONDS=30
SHOALD_JAVA_OPTS="-Xms10m -Xmx128m -Xmn2m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 \
-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:-UseCodeCacheFlushing \
-XX:MetaspaceReclaimPolicy=aggressive -XX:TrimNativeHeapInterval=1000 -Dsun.reflect.inflationThreshold=1000000 \
-Dio.netty.allocator.type=pooled -Dio.netty.allocator.numDirectArenas=1 \
-Dio.netty.allocator.numHeapArenas=1 -Dio.netty.allocator.maxOrder=7 -Dio.netty.jfr.enabled=false \
-Djnr.ffi.asm.enabled=false"

# The pid of the shoald the pid file names, if that process is alive and is shoald (pid_from_file, scripts/lib.sh).
shoald_pid() { pid_from_file "$PID_FILE" "$MAIN_CLASS"; }

# Pids of processes whose argument list holds exactly the words "$1 $2" (e.g. --config FILE): never a name match.
# Read with bash's own mapfile, no process per entry: a fork of tr for each of ~120 processes took 4.4 s at load 15,
# on the path of every restart (docs/performance.md, "Restart").
pids_with_args() {
    local pattern=" $1 $2 " dir args=()
    for dir in /proc/[0-9]*; do
        { mapfile -d '' args <"$dir/cmdline"; } 2>/dev/null || continue
        [[ " ${args[*]} " == *"$pattern"* ]] && echo "${dir#/proc/}"
    done
    return 0
}

containerd_pids() { pids_with_args --config "$CONTAINERD_CONFIG"; }
shim_pids() { pids_with_args -address "$CONTAINERD_SOCKET"; }

shoald_jar_classpath() { cached_jar_classpath "$CLASSPATH_FILE" "$JARS_FILE"; }

# install_packages once per change of dpkg's database: the stamp holds the list checked and is newer than
# /var/lib/dpkg/status while nothing was installed or removed since.
check_packages() {
    local wanted="${SHOAL_PACKAGES[*]}"
    if [ -f "$PACKAGES_STAMP" ] && [ "$PACKAGES_STAMP" -nt /var/lib/dpkg/status ] \
        && [ "$(<"$PACKAGES_STAMP")" == "$wanted" ]; then
        return 0
    fi
    install_packages
    [ -d "${PACKAGES_STAMP%/*}" ] && echo "$wanted" >"$PACKAGES_STAMP"
    return 0
}

# The class-data sharing archive of a start that had none (cds_options with -XX:+RecordDynamicDumpInfo), dumped
# once shoald answers, while it runs: a shoald that is only ever killed (SIGKILL) would otherwise never write the one
# -XX:ArchiveClassesAtExit records at an orderly exit, and every later start would run without it.
# A start that restored nothing (no running container's side file in DATA_ROOT/early-dns) never loaded the restart
# path's classes (the store's records through Jackson, containerd's task lists, the resolvers' attach: ~1,250), so its
# archive is marked partial (ARCHIVE.partial) and recorded again by the first start that has containers to restore
# (restores_containers; up drops the partial archive then). Every later restart maps them all.
dump_cds_archive() {
    local pid=$1 restored=$2 archive=$DATA_ROOT/$CDS_ARCHIVE_NAME
    command -v jcmd >/dev/null || return 0
    rm -f "$archive.partial"
    if jcmd "$pid" VM.cds dynamic_dump "$archive" >/dev/null 2>&1 && [ -s "$archive" ]; then
        say "class-data sharing archive written: $archive"
        [ "$restored" == 1 ] || touch "$archive.partial"
    else
        rm -f "$archive"
        echo "shoal: no class-data sharing archive written (jcmd $pid VM.cds dynamic_dump); the next start records one" >&2
    fi
}

# The JVM ignores an archive it cannot use (classes or JVM options that no longer match) without a word at the log
# level cds_options sets: when shoald PID runs without ARCHIVE mapped, the archive goes and the next start records one.
check_cds_archive_mapped() {
    local pid=$1 archive=$DATA_ROOT/$CDS_ARCHIVE_NAME mapped
    mapped=$(realpath -m "$archive") # the maps name the file without symbolic links
    [ -r "/proc/$pid/maps" ] && ! grep -qF " $mapped" "/proc/$pid/maps" || return 0
    rm -f "$archive" "$archive.partial"
    echo "shoal: shoald (pid $pid) runs without its class-data sharing archive $archive (not mapped); removed, the next start records one" >&2
}

# True when DATA_ROOT/early-dns holds a side file: a running container whose restore the start will run.
restores_containers() { compgen -G "$DATA_ROOT/early-dns/*" >/dev/null; }

ping_ok() { curl -sf -o /dev/null --max-time 2 --unix-socket "$SOCKET" -I http://shoal/_ping; }

needs_build() {
    local stamp=$CLASSPATH_FILE
    [ -f "$stamp" ] || return 0
    [ -n "$(find . -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml -o -name '*.proto' \) \
        -newer "$stamp" -print -quit)" ]
}

up() {
    require_root
    local pid
    if pid=$(shoald_pid); then
        say "shoald already runs (pid $pid, data root $DATA_ROOT)"
    else
        check_packages
        if needs_build; then
            build_all -DskipTests
            module_classpath engine-integration >"$CLASSPATH_FILE.tmp"
            mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
        fi
        mkdir -p "$DATA_ROOT"
        # A private containerd left by an earlier shoald (stopped, or killed) keeps running with the containers:
        # the new shoald adopts it (its --config names this data root).
        local containerd
        containerd=$(containerd_pids | head -n 1)
        [ -n "$containerd" ] && say "adopting the private containerd left by an earlier shoald (pid $containerd)"
        say "starting shoald (data root $DATA_ROOT, log $LOG)"
        local in_netns=()
        if [ -n "$NETNS" ]; then
            [ -e "/run/netns/$NETNS" ] || { ip netns add "$NETNS" && ip -n "$NETNS" link set lo up; }
            # nsenter, not `ip netns exec`: the latter mounts a fresh /sys without the cgroup hierarchies runc needs.
            if [ -n "$containerd" ]; then
                # The sandboxes' namespace mounts live in the mount namespace the earlier shoald made: join it.
                in_netns=(nsenter "--net=/run/netns/$NETNS" "--mount=/proc/$containerd/ns/mnt")
                say "shoald runs in network namespace $NETNS (and the mount namespace of containerd $containerd)"
            else
                in_netns=(nsenter "--net=/run/netns/$NETNS" unshare --mount --propagation private)
                say "shoald runs in network namespace $NETNS (and a mount namespace of its own)"
            fi
        fi
        # Sized for a small daemon (docs/performance.md, Engine, measured with 100 containers): a heap ceiling and the
        # serial collector (live data ~10 MiB; the defaults take a quarter of the machine), which gives back what
        # exceeds 20 % free after a full collection (29 -> 19 MiB committed with 100 containers), from a floor of 10 MiB
        # (-Xms: with 16 the old generation stayed at 14 MiB, every page resident, over ~9.5 MiB live; the floor costs
        # a few more full collections, docs/performance.md "shoald memory: the default settings"), with a young generation of
        # 2 MiB (-Xmn): eden's pages stay resident once touched, and the default third of the heap (5.5 MiB) kept ~3 MiB
        # more resident in the short engine benchmark (not in its default settings, one pair: docs/performance.md; young
        # collections ~2.7 times as many, ~0.1 s more of their time per run); C1 only (13 MiB less than tiered C2, and
        # less CPU per DNS query in the first seconds; at the default thresholds: three times them saved ~3.5 MiB of
        # code cache but slowed connect by ~1.5 ms, docs/performance.md "shoald memory: the default settings"), its
        # compiled code kept (the code cache's sweeper took the request paths' code, compiled while one command ran, for
        # cold before the next few and had it compiled again, as the plugin's: a fresh daemon's connect 6.1 -> 5.4 ms and
        # disconnect 4.3 -> 3.4 ms, medians of four alternated pairs, lower in each; no more resident memory:
        # docs/performance.md, session 14); the native heap trimmed every second (glibc kept ~23 MiB of freed memory;
        # every 10 s left 4-5 MiB of it resident when the engine benchmark reads VmRSS 2 s after its population, at no
        # CPU cost seen: docs/performance.md, session 13); one pooled Netty arena of 1 MiB chunks, for the one Netty 4.2 the API, DNS and gRPC share (otherwise
        # 2 per core of 2 MiB: 12.5 -> 2.8 MiB of direct memory), and no Netty JFR events (their registration loads
        # JFR's machinery, ~70 classes); reflection through the JDK's native accessors rather than a generated class
        # (and class loader) per reflected method Jackson calls often; metaspace returned eagerly when it empties; two
        # malloc arenas; jnr-ffi's calls bound by reflection instead of classes it generates with ASM and stubs it
        # assembles (both at the first use of each library: libc's namespace calls bound so cost the side-file seed of
        # a restart ~0.1 s of CPU with 10 containers, and more with 200, docs/performance.md "Restart: jnr-ffi without
        # ASM"). SHOAL_JAVA_OPTS replaces the JVM options, MALLOC_ARENA_MAX the arenas. Then the class-data sharing
        # archive (cds_options), unless SHOAL_CDS=0, which runs the classes directories without it.
        # sqlite-jdbc's native library from a copy extracted once into DATA_ROOT/native, as the plugin does
        # (sqlite_native_options), not into /tmp at every start; Netty's epoll library likewise (netty_native_options:
        # otherwise copied into /tmp and deleted again at every start, before the embedded DNS can answer).
        local java_opts classpath cds=() sqlite=() netty=() restoring=0
        read -r -a java_opts <<<"${SHOAL_JAVA_OPTS:-$SHOALD_JAVA_OPTS}"
        classpath=$(shoald_jar_classpath)
        restores_containers && restoring=1
        if [ -f "$DATA_ROOT/$CDS_ARCHIVE_NAME.partial" ] && [ $restoring == 1 ]; then
            rm -f "$DATA_ROOT/$CDS_ARCHIVE_NAME" "$DATA_ROOT/$CDS_ARCHIVE_NAME.partial"
            say "recording the class-data sharing archive again: the last one lacks the restart path's classes"
        fi
        if [ -n "$classpath" ] && [ "${SHOAL_CDS:-1}" != 0 ]; then
            read -r -a cds <<<"$(cds_options "$DATA_ROOT/$CDS_ARCHIVE_NAME" "$CLASSPATH_FILE" "$classpath" \
                -XX:+RecordDynamicDumpInfo)"
            java_opts+=("${cds[@]}")
        else
            classpath=$(<"$CLASSPATH_FILE")
        fi
        read -r -a sqlite <<<"$(sqlite_native_options "$DATA_ROOT/native" "$classpath")"
        java_opts+=("${sqlite[@]}")
        read -r -a netty <<<"$(netty_native_options "$DATA_ROOT/native" "$classpath")"
        java_opts+=("${netty[@]}")
        MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} nohup "${in_netns[@]}" java "${java_opts[@]}" -cp "$classpath" "$MAIN_CLASS" --data-root "$DATA_ROOT" \
            --host "unix://$SOCKET" "$@" >>"$LOG" 2>&1 </dev/null &
        pid=$!
    fi
    local waited=0
    until ping_ok; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "shoal: shoald (pid $pid) exited; the end of $LOG:" >&2
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        if [ $waited -ge $((START_SECONDS * 10)) ]; then
            echo "shoal: shoald (pid $pid) does not answer on $SOCKET after ${START_SECONDS}s; see $LOG" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    [[ " ${java_opts[*]:-} " == *" -XX:+RecordDynamicDumpInfo "* ]] && dump_cds_archive "$pid" "$restoring"
    [[ " ${java_opts[*]:-} " == *" -XX:SharedArchiveFile="* ]] && check_cds_archive_mapped "$pid"
    say "shoald is up (pid $pid); point the docker CLI at it with:"
    echo "export DOCKER_HOST=unix://$SOCKET"
}

down() {
    require_root
    local pid
    if pid=$(shoald_pid); then
        remove_containers_and_networks
        stop_pids shoald "$pid"
    else
        say "shoald is not running (data root $DATA_ROOT)"
    fi
    # Containers: until the engine removes its own, runc's view of the private containerd's namespace.
    local runc_root=$DATA_ROOT/containerd/runc/shoal
    if [ -d "$runc_root" ]; then
        local id
        for id in $(runc --root "$runc_root" list -q 2>/dev/null); do
            say "removing container $id"
            runc --root "$runc_root" kill -a "$id" KILL 2>/dev/null || true
            runc --root "$runc_root" delete -f "$id" || true
        done
    fi
    # shellcheck disable=SC2046
    stop_pids "containerd shims" $(shim_pids)
    # shellcheck disable=SC2046
    stop_pids "the private containerd" $(containerd_pids)
    remove_sandbox_namespaces
    remove_forward_handover "$NETNS"
    remove_shoal_table "$NETNS"
    unmount_under_data_root
    [ -S "$SOCKET" ] && ! ping_ok && rm -f "$SOCKET"
    if [ -n "$NETNS" ] && [ -e "/run/netns/$NETNS" ]; then
        say "removing network namespace $NETNS"
        ip netns delete "$NETNS"
    fi
    say "down: nothing of shoald runs on $DATA_ROOT"
}

# Through the engine itself, as a user would: every container (forced) and every network it made.
remove_containers_and_networks() {
    ping_ok || return 0
    if [ ! -x "$DOCKER_CLI" ]; then
        echo "shoal: no docker CLI at $DOCKER_CLI; containers and networks are left to the next start" >&2
        return 0
    fi
    local docker=("$DOCKER_CLI" -H "unix://$SOCKET") ids
    ids=$("${docker[@]}" ps -aq)
    if [ -n "$ids" ]; then
        say "removing containers: $(echo $ids)"
        # shellcheck disable=SC2086
        "${docker[@]}" rm -f $ids >/dev/null || true
    fi
    ids=$("${docker[@]}" network ls -q --filter type=custom)
    if [ -n "$ids" ]; then
        say "removing networks: $(echo $ids)"
        # shellcheck disable=SC2086
        "${docker[@]}" network rm $ids >/dev/null || true
    fi
}

# Only namespaces shoald recorded with a marker, and only names of its own form.
remove_sandbox_namespaces() {
    local marker name
    for marker in "$DATA_ROOT"/netns/*; do
        [ -e "$marker" ] || continue
        name=${marker##*/}
        if [[ $name =~ ^shoal-[0-9a-f]{12,64}$ ]]; then
            if [ -e "/run/netns/$name" ]; then
                say "removing network namespace $name"
                ip netns delete "$name"
            fi
            rm -f "$marker"
        fi
    done
}

# Mount points strictly under the data root, deepest first (mountinfo(5) field 5; \040 is a space).
unmount_under_data_root() {
    local point
    awk -v root="$DATA_ROOT/" 'index($5, root) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r point; do
        point=$(printf '%b' "${point//\\/\\0}")
        say "unmounting $point"
        umount -l "$point" || true
    done
}

status() {
    local pid running=0
    if pid=$(shoald_pid); then
        echo "shoald: running, pid $pid, data root $DATA_ROOT, log $LOG"
        if ping_ok; then echo "api: answers on unix://$SOCKET"; else echo "api: no answer on unix://$SOCKET"; running=1; fi
    else
        echo "shoald: not running (data root $DATA_ROOT)"
        running=3
    fi
    local pids
    pids=$(containerd_pids | paste -sd ' ' -)
    echo "containerd: ${pids:-not running}"
    pids=$(shim_pids | paste -sd ' ' -)
    echo "containerd shims: ${pids:-none}"
    local count=0 marker
    for marker in "$DATA_ROOT"/netns/*; do [ -e "$marker" ] && count=$((count + 1)); done
    echo "sandbox namespaces: $count"
    # The exit status says it too, as LSB init scripts' status does: 0 serving, 1 running but not answering,
    # 3 not running (so `./shoal status && docker ps` does not talk to a socket nobody serves).
    return "$running"
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    status) code=0; status || code=$?; exit "$code" ;;  # not through the ERR trap: 3 is an answer here
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
