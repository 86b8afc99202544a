# Docker 20.10's embedded resolver as a peer for bench/dns/dnsperf.sh, which sources this file.
#
# A private dockerd (with its own containerd) runs inside network namespace shoalbench-docker-PID and a private mount
# namespace, so its bridge and iptables rules never reach the root namespace. It serves the same names as Shoal's run:
# containers svc-I with network alias alias-I on a user-defined dual-stack network (Docker's resolver serves only
# user-defined networks), plus a client container benchclient0 in whose namespace dnsperf asks 127.0.0.11.
# No registry is used: the image is Debian's busybox-static imported from a tar stream.
#
# Functions: docker_peer_start WORK CONTAINERS (sets docker_peer_client_netns, a path for nsenter --net=),
# docker_peer_stop (idempotent; call it from the EXIT trap). Needs root; installs docker.io if dockerd is missing.

docker_peer_id=shoalbench-docker-$$
docker_peer_ns=$docker_peer_id
docker_peer_data=/var/lib/shoalbench-docker
docker_peer_exec=/run/shoalbench-docker
docker_peer_sock=/run/shoalbench-docker.sock
docker_peer_cgroup=shoalbench-docker
docker_peer_pid=
docker_peer_client_netns=
docker_peer_made_run_containerd=
docker_peer_root_state=

# The Debian CLI, not whatever else is first on PATH, always against the private daemon.
docker_peer_cli() { DOCKER_HOST=unix://$docker_peer_sock /usr/bin/docker "$@"; }

docker_peer_install() {
    command -v dockerd >/dev/null && [ -x /usr/bin/docker ] && command -v containerd >/dev/null && return 0
    echo "-- installing docker.io (Debian 12: Docker 20.10, containerd, runc) for the docker peer"
    # policy-rc.d or the lack of systemd keeps the package's own daemons from starting; checked below anyway.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io busybox-static >/dev/null
}

# Links, routes and firewall of the root namespace, and its sysctls except counters that move by themselves.
docker_peer_root_snapshot() {
    ip -o link show | sed 's/ state [A-Z]*//'
    ip -o addr show | sed -E 's/(valid|preferred)_lft [^ ]+//g'
    ip route show table all | sed -E 's/expires [^ ]+//'
    ip -6 route show table all | sed -E 's/expires [^ ]+//'
    nft list ruleset 2>&1
    iptables-save 2>&1 | grep -v '^#' || true
    ip6tables-save 2>&1 | grep -v '^#' || true
    sysctl -a 2>/dev/null | grep -Ev '^(kernel\.random\.|kernel\.ns_last_pid|fs\.(dentry|inode|file-nr|aio-nr|quota)|net\.netfilter\.nf_conntrack_count|kernel\.pty\.nr|kernel\.perf_event_max_sample_rate|vm\.stat_refresh|fs\.binfmt_misc)' || true
}

docker_peer_start() { # WORK CONTAINERS
    local work=$1 containers=$2
    docker_peer_install
    for leftover in "$docker_peer_data" "$docker_peer_exec" "$docker_peer_sock"; do
        [ -e "$leftover" ] && { echo "$leftover exists (a previous run's leftover?); remove it first" >&2; return 1; }
    done
    docker_peer_root_state=$work/docker-root-before.txt
    docker_peer_root_snapshot >"$docker_peer_root_state"

    ip netns add "$docker_peer_ns"
    ip -n "$docker_peer_ns" link set lo up
    mkdir -p "$docker_peer_data" "$docker_peer_exec/containerd"
    # containerd 1.6 puts shim sockets under /run/containerd/s whatever its state dir; a tmpfs there inside the
    # private mount namespace keeps them off the host. The empty mount point is removed again if we made it.
    [ -d /run/containerd ] || { mkdir /run/containerd && docker_peer_made_run_containerd=1; }

    cat >"$docker_peer_exec/containerd.toml" <<TOML
version = 2
root = "$docker_peer_data/containerd"
state = "$docker_peer_exec/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$docker_peer_exec/containerd/containerd.sock"
[ttrpc]
  address = "$docker_peer_exec/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
    # "dns": a TEST-NET-1 address (RFC 5737), so a name Docker does not know is never forwarded anywhere real; the
    # namespace has no route out anyway. "bridge": "none" drops the default docker0, which the bench does not use.
    cat >"$docker_peer_exec/daemon.json" <<JSON
{
  "data-root": "$docker_peer_data",
  "exec-root": "$docker_peer_exec",
  "pidfile": "$docker_peer_exec/dockerd.pid",
  "hosts": ["unix://$docker_peer_sock"],
  "containerd": "$docker_peer_exec/containerd/containerd.sock",
  "containerd-namespace": "shoalbench",
  "containerd-plugins-namespace": "shoalbench-plugins",
  "cgroup-parent": "/$docker_peer_cgroup",
  "storage-driver": "overlay2",
  "log-driver": "none",
  "bridge": "none",
  "userland-proxy": false,
  "dns": ["192.0.2.53"],
  "iptables": true,
  "ip6tables": false
}
JSON
    # Inside the bench's network namespace, in a private mount namespace: a sysfs of that network namespace over
    # /sys (so /sys/class/net shows only its links) with the host's cgroup mounts moved back under it.
    cat >"$docker_peer_exec/daemons.sh" <<SH
set -e
mkdir -p "$docker_peer_exec/cgroup-keep"
mount --rbind /sys/fs/cgroup "$docker_peer_exec/cgroup-keep"
mount -t sysfs sysfs /sys
mount --move "$docker_peer_exec/cgroup-keep" /sys/fs/cgroup
mount -t tmpfs -o mode=0711 shoalbench-containerd /run/containerd
containerd --config "$docker_peer_exec/containerd.toml" >"$work/containerd.log" 2>&1 &
for _ in \$(seq 1 100); do [ -S "$docker_peer_exec/containerd/containerd.sock" ] && break; sleep 0.1; done
exec dockerd --config-file "$docker_peer_exec/daemon.json" >"$work/dockerd.log" 2>&1
SH
    nsenter --net="/run/netns/$docker_peer_ns" unshare --mount --propagation private \
        bash "$docker_peer_exec/daemons.sh" &
    docker_peer_pid=$!
    local ok=
    for _ in $(seq 1 300); do
        docker_peer_cli version >/dev/null 2>&1 && { ok=1; break; }
        kill -0 "$docker_peer_pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$ok" ] || { echo "dockerd did not come up:" >&2; tail -20 "$work/dockerd.log" "$work/containerd.log" >&2; return 1; }

    mkdir -p "$work/rootfs/bin"
    cp /bin/busybox "$work/rootfs/bin/busybox"
    ln -s busybox "$work/rootfs/bin/sleep"
    ln -s busybox "$work/rootfs/bin/sh"
    tar -C "$work/rootfs" -c . | docker_peer_cli import - shoalbench-busybox:local >/dev/null
    docker_peer_cli network create --ipv6 --subnet 10.99.0.0/16 --subnet fd99::/64 benchnet >/dev/null

    local start=$SECONDS
    docker_peer_cli run -d --name benchclient0 --network benchnet shoalbench-busybox:local sleep 86400 >/dev/null
    seq 1 "$containers" | xargs -P 4 -I{} /usr/bin/env DOCKER_HOST="unix://$docker_peer_sock" /usr/bin/docker run -d \
        --name svc-{} --network benchnet --network-alias alias-{} shoalbench-busybox:local sleep 86400 >/dev/null
    local running
    running=$(docker_peer_cli ps -q | wc -l)
    [ "$running" -eq "$((containers + 1))" ] || { echo "only $running of $((containers + 1)) containers run" >&2; return 1; }
    echo "-- docker peer: dockerd $(docker_peer_cli version -f '{{.Server.Version}}') in namespace $docker_peer_ns," \
        "$running containers started in $((SECONDS - start)) s"
    docker_peer_client_netns=/proc/$(docker_peer_cli inspect -f '{{.State.Pid}}' benchclient0)/ns/net
}

# Pids of everything the private daemons started: whatever lives in their network namespace or cgroups.
docker_peer_pids() {
    ip netns pids "$docker_peer_ns" 2>/dev/null || true
    cat /sys/fs/cgroup/*/"$docker_peer_cgroup"/*/cgroup.procs 2>/dev/null || true
}

docker_peer_stop() {
    [ -n "$docker_peer_root_state" ] || return 0
    if [ -n "$docker_peer_pid" ]; then
        if docker_peer_cli version >/dev/null 2>&1; then
            local ids
            ids=$(docker_peer_cli ps -aq)
            [ -n "$ids" ] && echo "$ids" | xargs -n 50 /usr/bin/env DOCKER_HOST="unix://$docker_peer_sock" \
                /usr/bin/docker rm -f >/dev/null 2>&1
            docker_peer_cli network rm benchnet >/dev/null 2>&1 || true
        fi
        local pid
        pid=$(cat "$docker_peer_exec/dockerd.pid" 2>/dev/null || true)
        [ -n "$pid" ] && kill "$pid" 2>/dev/null
        for _ in $(seq 1 150); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        for pid in $(docker_peer_pids); do kill "$pid" 2>/dev/null || true; done
        sleep 1
        for pid in $(docker_peer_pids); do kill -9 "$pid" 2>/dev/null || true; done
        wait "$docker_peer_pid" 2>/dev/null || true
        docker_peer_pid=
    fi
    for dir in /sys/fs/cgroup/*/"$docker_peer_cgroup"; do
        [ -d "$dir" ] || continue
        find "$dir" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
        rmdir "$dir" 2>/dev/null || echo "warning: could not remove cgroup $dir" >&2
    done
    ip netns del "$docker_peer_ns" 2>/dev/null || true
    # The mounts lived in the private mount namespace, which ended with its last process; check the host's anyway.
    if grep -q shoalbench-docker /proc/self/mountinfo; then
        echo "warning: mounts left behind, unmounting:" >&2
        grep shoalbench-docker /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r mnt; do
            echo "  $mnt" >&2
            umount -l "$mnt" || true
        done
    fi
    grep -q shoalbench-docker /proc/self/mountinfo || rm -rf "$docker_peer_data" "$docker_peer_exec"
    rm -f "$docker_peer_sock"
    [ -n "$docker_peer_made_run_containerd" ] && rmdir /run/containerd 2>/dev/null
    docker_peer_made_run_containerd=

    local after=${docker_peer_root_state%-before.txt}-after.txt
    docker_peer_root_snapshot >"$after"
    if ! diff -u "$docker_peer_root_state" "$after" >"$after.diff"; then
        echo "!!! the ROOT namespace's links, routes, firewall or sysctls changed during the docker peer run:" >&2
        cat "$after.diff" >&2
        docker_peer_root_state=
        return 1
    fi
    echo "-- docker peer cleaned up; root namespace links, routes, firewall and sysctls unchanged"
    docker_peer_root_state=
}
