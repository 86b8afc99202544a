#!/usr/bin/env bash
# ./shoal demo: what Shoal can do so far, with real kernel objects, step by step. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages
build_all -DskipTests
classpath=$(module_classpath engine-integration)

say "1. the kernel layer: two namespaces joined through a bridge by veth pairs, real UDP and TCP"
java -cp "$classpath" io.shoal.engine.demo.BridgeDemo

say "2. a bridge network with IPAM and the embedded DNS; three namespaces stand in for containers"
coproc DEMO { exec java -cp "$classpath" io.shoal.engine.demo.ShoalDemo; }
demo_pid=$DEMO_PID
ready=no
while IFS= read -r line <&"${DEMO[0]}"; do
    if [ "$line" = READY ]; then ready=yes; break; fi
    echo "$line"
done
if [ "$ready" != yes ]; then
    wait "$demo_pid" || true
    echo "demo FAILED: the network did not come up" >&2
    exit 1
fi

# What a user would type inside the container "client" (ip netns exec also bind-mounts the container's
# resolv.conf, which points at 127.0.0.11).
inside() {
    printf '    client$ %s\n' "$*"
    ip netns exec shoaldemo-client "$@" 2>&1 | sed 's/^/      /'
}
status=0
{
    inside dig +short web1
    inside dig +short web2 AAAA
    web1=$(ip netns exec shoaldemo-client dig +short web1 | head -1)
    inside dig +short -x "$web1"
    echo "    round-robin: the alias web names web1 and web2; each answer puts the other first"
    for _ in 1 2 3 4; do inside dig +short web; done
    echo "    so a client that takes the first address spreads its connections:"
    for _ in 1 2 3 4; do
        first=$(ip netns exec shoaldemo-client dig +short web | head -1)
        inside busybox nc -w 2 "$first" 8080
    done
} || status=1
eval "exec ${DEMO[1]}>&-"
cat <&"${DEMO[0]}" || true
wait "$demo_pid" || status=1
if [ "$status" = 0 ]; then say "demo finished: every step worked"; else say "demo FAILED"; fi
exit "$status"
