#!/usr/bin/env bash
# ./shoal demo: Shoal's engine driven by the real docker CLI. It starts shoald (./shoal up) inside a network
# namespace of its own, imports a busybox image, makes a user-defined network, starts three web servers that share
# the alias "web" and a client, shows round-robin DNS and HTTP spread over the three, then tidies up (./shoal down).
# Every docker command is printed as a person would type it. Can be run again; leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root

# The demo's engine: its own data root, socket and network namespace, so the machine's own network (and any dockerd
# or containerd on it) is never touched. A user on their own host runs plain ./shoal up.
export SHOAL_NETNS=shoal-demo
export SHOAL_DATA_ROOT=/var/lib/shoal-demo
export SHOAL_SOCKET=/run/shoal-demo/shoal.sock
export DOCKER_HOST=unix://$SHOAL_SOCKET
DOCKER=/usr/local/bin/docker
work=$(mktemp -d)

tidy() {
    say "tidying up"
    scripts/daemon.sh down || true
    rm -rf "$work"
    # The demo's own data root and socket directory go too, unless something is still mounted below them.
    if ! awk -v root="$SHOAL_DATA_ROOT/" 'index($5, root) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        rm -rf "$SHOAL_DATA_ROOT" "${SHOAL_SOCKET%/*}"
    fi
}
trap tidy EXIT

# Runs a docker command, printed first as a person would type it (arguments with spaces or shell characters in
# single quotes).
d() {
    local shown="docker" arg
    for arg in "$@"; do
        if [[ $arg =~ [^A-Za-z0-9_./:=@%+,-] ]]; then
            shown+=" '${arg//\'/\'\\\'\'}'"
        else
            shown+=" $arg"
        fi
    done
    printf '\n$ %s\n' "$shown"
    "$DOCKER" "$@"
}

[ -x "$DOCKER" ] || { echo "demo: the docker CLI is not at $DOCKER" >&2; exit 1; }
say "starting the engine: ./shoal up (shoald and a private containerd, in network namespace $SHOAL_NETNS)"
scripts/daemon.sh down >/dev/null 2>&1 || true
scripts/daemon.sh up

say "an image without a registry: Debian's busybox-static as a root filesystem tarball"
busybox_rootfs_tar "$work/busybox.tar" www
d import "$work/busybox.tar" busybox
d images

say "a user-defined network, three web servers sharing the alias web, and a client"
d network create --subnet 10.123.0.0/24 demo
for i in 1 2 3; do
    d run -d --name "web$i" --network demo --network-alias web -e "NAME=web$i" busybox \
        sh -c 'echo "hello from $NAME" > /www/index.html && exec httpd -f -h /www -p 80'
done
d run -d --name client --network demo busybox sleep 3600
d ps
d network inspect demo --format '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{"\n"}}{{end}}'

say "inside the client: the embedded DNS answers web with all three, rotating the order at each query"
d exec client cat /etc/resolv.conf
for _ in 1 2 3; do d exec client nslookup web; done
d exec client nslookup web1
ip1=$("$DOCKER" inspect web1 --format '{{.NetworkSettings.Networks.demo.IPAddress}}')
d exec client nslookup "$ip1"

say "HTTP to http://web/ from the client, six times"
for _ in 1 2 3 4 5 6; do d exec client wget -qO- http://web/; done
client_ip=$("$DOCKER" inspect client --format '{{.NetworkSettings.Networks.demo.IPAddress}}')
cat <<WHY
    The same backend answers each time although the DNS answers rotate: busybox wget asks glibc's getaddrinfo,
    which re-sorts the addresses by RFC 6724 rule 9 (longest prefix shared with the source address). The client
    is $client_ip; the backend sharing the most leading bits with it always comes first, whatever order the
    resolver gave. Docker's round-robin meets the same client behaviour. A client that keeps the resolver's
    order (here: the first address nslookup prints) spreads its requests:
WHY
for _ in 1 2 3 4 5 6; do
    d exec client sh -c 'wget -qO- "http://$(nslookup web | awk "/^Address: /{print \$2; exit}")/"'
done

say "a removed backend leaves DNS at once"
d rm -f web3
d exec client nslookup web

say "tidy up through the engine"
d rm -f web1 web2 client
d network rm demo
d rmi busybox
trap - EXIT
tidy
say "demo finished: every step worked"
