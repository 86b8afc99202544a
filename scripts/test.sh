#!/usr/bin/env bash
# ./shoal test: every test (unit, netns, e2e). The test JVM runs inside a network namespace made for this run,
# so nothing a test does can touch this machine's own links, routes or firewall.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages
build_all  # outside the namespace: it fetches dependencies

ns="shoal-ci-$$"
cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
}
trap cleanup EXIT
say "making network namespace $ns for the test JVM"
ip netns add "$ns"
ip -n "$ns" link set lo up

say "running every test inside $ns"
ip netns exec "$ns" "${MVN_LOUD[@]}" -o verify "$@"
