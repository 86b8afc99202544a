#!/usr/bin/env bash
# ./shoal test: every test (unit, netns, e2e). The test JVM runs inside a network namespace made for this run,
# so nothing a test does can touch this machine's own links, routes or firewall.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages
build_all  # outside the namespace: it fetches dependencies

say "running every test inside a network namespace of its own (scripts/in-netns)"
scripts/in-netns "${MVN_LOUD[@]}" -o verify "$@"
