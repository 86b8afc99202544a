#!/usr/bin/env bash
# ./shoal plugin up|down|status: Shoal's drivers and IPAM as the remote plugin "shoal" of an existing dockerd
# (docs/plugin.md). dockerd finds the plugin by its socket, /run/docker/plugins/shoal.sock, when a network asks for it:
#   docker network create -d shoal --ipam-driver shoal --subnet 10.20.0.0/24 app
#   up      build if the sources changed, start `shoald plugin` in the background (log DATA_ROOT/plugin.log), wait
#           until Plugin.Activate answers on the socket. Harmless when it already runs.
#   down    stop it (SIGTERM, then SIGKILL after 30 s). Networks and endpoints stay: they are dockerd's; remove them
#           with docker network rm first if the plugin is to go for good.
#   status  whether it runs, with its pid.
# Environment: SHOAL_PLUGIN_DATA_ROOT (default /var/lib/shoal-plugin), SHOAL_PLUGIN_SOCKET (default
# /run/docker/plugins/shoal.sock), SHOAL_PLUGIN_NETNS=NAME runs it in network namespace NAME (it must be dockerd's:
# the plugin's bridges and the interfaces it hands over live in the namespace it runs in). Arguments after `up` go to
# `shoald plugin` (--default-address-pool, --log-level).
# dockerd with --iptables (its default) sets the FORWARD policy to DROP; `up` therefore inserts two rules in its
# DOCKER-USER chain, -i sh-+ -j ACCEPT and -o sh-+ -j ACCEPT, which hand the plugin's bridges (sh-<12 hex>) to Shoal's
# own nftables table (isolation, --internal, published ports are decided there); `down` removes them.
# SHOAL_PLUGIN_DOCKER_USER=0 leaves dockerd's firewall alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

DATA_ROOT=${SHOAL_PLUGIN_DATA_ROOT:-/var/lib/shoal-plugin}
SOCKET=${SHOAL_PLUGIN_SOCKET:-/run/docker/plugins/shoal.sock}
NETNS=${SHOAL_PLUGIN_NETNS:-}
PID_FILE=$DATA_ROOT/shoald.pid
LOG=$DATA_ROOT/plugin.log
MAIN_CLASS=io.shoal.engine.daemon.Shoald
CLASSPATH_FILE=$PWD/engine-integration/target/shoald.classpath
# The jar class path, kept between starts (cached_jar_classpath, scripts/lib.sh); the same file ./shoal up keeps.
JARS_FILE=$PWD/engine-integration/target/shoald.jars
CDS_ARCHIVE_NAME=plugin.jsa
START_SECONDS=60
STOP_SECONDS=30
# A small daemon: the engine's settings (scripts/daemon.sh), C1 only, which also starts fastest. dockerd calls the
# plugin a few times per connect, so at the JVM's default thresholds (a method compiled after ~200 calls) most of a
# call's code stays interpreted for hundreds of connects, and the code cache's sweeper threw out, as cold, what had
# been compiled, to be compiled again a few calls later (the C1 thread busy at every connect): thresholds at a fifth
# (CompileThresholdScaling, ~40 calls) and no flushing (the plugin's compiled code takes ~11 of the 32 MB) cut the
# plugin's CPU per connect and disconnect by about a quarter (docs/performance.md, issue 14).
PLUGIN_JAVA_OPTS="-Xms16m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m \
-XX:CompileThresholdScaling=0.2 -XX:-UseCodeCacheFlushing \
-Dio.netty.allocator.type=pooled -Dio.netty.allocator.numDirectArenas=1 \
-Dio.netty.allocator.numHeapArenas=1 -Dio.netty.allocator.maxOrder=7 -Dio.netty.jfr.enabled=false"

DOCKER_USER=${SHOAL_PLUGIN_DOCKER_USER:-1}

# iptables in the plugin's network namespace.
ns_iptables() {
    if [ -n "$NETNS" ]; then ip netns exec "$NETNS" iptables "$@"; else iptables "$@"; fi
}

# Inserts (add) or deletes (del) the DOCKER-USER rules for the plugin's bridges; a no-op without that chain.
docker_user_rules() {
    [ "$DOCKER_USER" = 1 ] || return 0
    ns_iptables -w -S DOCKER-USER >/dev/null 2>&1 || return 0
    local direction
    for direction in -i -o; do
        if ns_iptables -w -C DOCKER-USER "$direction" sh-+ -j ACCEPT 2>/dev/null; then
            [ "$1" = del ] && ns_iptables -w -D DOCKER-USER "$direction" sh-+ -j ACCEPT
        elif [ "$1" = add ]; then
            ns_iptables -w -I DOCKER-USER "$direction" sh-+ -j ACCEPT
        fi
    done
    return 0
}

# The plugin's pid from its pid file, if that process is alive and is `shoald plugin` (scripts/lib.sh).
plugin_pid() { pid_from_file "$PID_FILE" "$MAIN_CLASS plugin"; }

activate_ok() {
    curl -sf -o /dev/null --max-time 2 --unix-socket "$SOCKET" -X POST http://plugin.moby.localhost/Plugin.Activate
}

needs_build() {
    [ -f "$CLASSPATH_FILE" ] || return 0
    [ -n "$(find . -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$CLASSPATH_FILE" \
        -print -quit)" ]
}

up() {
    require_root
    local pid
    if pid=$(plugin_pid); then
        say "the Shoal plugin already runs (pid $pid, data root $DATA_ROOT)"
    else
        if needs_build; then
            build_all -DskipTests
            module_classpath engine-integration >"$CLASSPATH_FILE.tmp"
            mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
        fi
        mkdir -p "$DATA_ROOT"
        chmod 0700 "$DATA_ROOT"
        local in_netns=()
        if [ -n "$NETNS" ]; then
            [ -e "/run/netns/$NETNS" ] || { echo "shoal: network namespace $NETNS does not exist" >&2; exit 1; }
            in_netns=(nsenter "--net=/run/netns/$NETNS")
        fi
        say "starting the Shoal plugin (data root $DATA_ROOT, socket $SOCKET, log $LOG)"
        # From the modules' jars with a class-data sharing archive of its own, as ./shoal up runs shoald (cds_options,
        # scripts/lib.sh): the first start after a build records it when it stops, later starts map it. SHOAL_CDS=0
        # runs the classes directories without it.
        local java_opts classpath cds=()
        read -r -a java_opts <<<"${SHOAL_JAVA_OPTS:-$PLUGIN_JAVA_OPTS}"
        classpath=$(cached_jar_classpath "$CLASSPATH_FILE" "$JARS_FILE")
        if [ -n "$classpath" ] && [ "${SHOAL_CDS:-1}" != 0 ]; then
            read -r -a cds <<<"$(cds_options "$DATA_ROOT/$CDS_ARCHIVE_NAME" "$CLASSPATH_FILE" "$classpath")"
            java_opts+=("${cds[@]}")
        else
            classpath=$(cat "$CLASSPATH_FILE")
        fi
        local sqlite=()
        read -r -a sqlite <<<"$(sqlite_native_options "$DATA_ROOT/native" "$classpath")"
        java_opts+=("${sqlite[@]}")
        local netty=()
        read -r -a netty <<<"$(netty_native_options "$DATA_ROOT/native" "$classpath")"
        java_opts+=("${netty[@]}")
        MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} nohup "${in_netns[@]}" java "${java_opts[@]}" \
            -cp "$classpath" "$MAIN_CLASS" plugin --data-root "$DATA_ROOT" --socket "$SOCKET" "$@" \
            >>"$LOG" 2>&1 </dev/null &
        pid=$!
    fi
    local waited=0
    until activate_ok; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "shoal: the plugin (pid $pid) exited; the end of $LOG:" >&2
            tail -n 20 "$LOG" >&2
            exit 1
        fi
        if [ $waited -ge $((START_SECONDS * 10)) ]; then
            echo "shoal: the plugin (pid $pid) does not answer on $SOCKET after ${START_SECONDS}s; see $LOG" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    docker_user_rules add
    say "the Shoal plugin is up (pid $pid): docker network create -d shoal --ipam-driver shoal ..."
}

down() {
    require_root
    local pid
    if ! pid=$(plugin_pid); then
        say "the Shoal plugin is not running (data root $DATA_ROOT)"
    else
        stop_pids "the Shoal plugin" "$pid"
    fi
    if [ -S "$SOCKET" ] && ! activate_ok; then rm -f "$SOCKET"; fi
    docker_user_rules del
    remove_forward_handover "$NETNS"
    say "down: the Shoal plugin does not run on $DATA_ROOT"
}

status() {
    local pid
    if pid=$(plugin_pid); then
        echo "Shoal plugin: running, pid $pid, socket $SOCKET, data root $DATA_ROOT"
    else
        echo "Shoal plugin: not running (data root $DATA_ROOT)"
        return 3
    fi
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) down ;;
    status) code=0; status || code=$?; exit "$code" ;;  # not through the ERR trap: 3 is an answer here
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
