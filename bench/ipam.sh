#!/usr/bin/env bash
# IPAM: allocate+release per second in memory (/16 at 0, 50, 99 % full; /8 at 50 %) and persisted in SQLite
# (two fsync'd transactions per operation), then retained heap of a /64 holding 100,000 addresses.
# Needs bench/target/benchmarks.jar (./shoal bench builds it). No root, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
java -jar "$jar" 'io.shoal.bench.ipam.Ipam(Allocation|Persistent)Bench' -f 1 -wi 2 -i 3 -w 2s -r 3s -jvmArgs -Xmx2g
java -Xmx1g -cp "$jar" io.shoal.bench.ipam.IpamMemoryMain
