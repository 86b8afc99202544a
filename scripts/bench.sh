#!/usr/bin/env bash
# ./shoal bench [NAME]: the benchmarks in bench/ (netlink-endpoints, ipam, bridge-join, macvlan-join, dns-records,
# dnsperf).
# Figures go to docs/performance.md by hand, with the date and the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages "${BENCH_PACKAGES[@]}"
build_all -DskipTests
for b in bench/*.sh bench/*/*.sh; do
    name=$(basename "$b" .sh)
    if [ -z "${1:-}" ] || [ "$1" = "$name" ]; then
        say "bench: $name"
        bash "$b"
    fi
done
