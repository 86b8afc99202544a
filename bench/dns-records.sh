#!/usr/bin/env bash
# DNS records: one join, one leave, one alias added and removed, and one lookup on a network of 100, 1,000, 10,000
# and 50,000 endpoints (DnsRecordsBench), then loading 50,000 endpoints into an empty registry (DnsRecordsFillBench).
# In memory only: no root, no network. Needs bench/target/benchmarks.jar (./shoal bench builds it).
# Short settings (the figures in docs/performance.md were taken so on a loaded 2-core machine); pass JMH options to
# change them, e.g. bench/dns-records.sh -p endpoints=100,1000.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/benchmarks.jar
java -jar "$jar" 'io.shoal.bench.dns.DnsRecordsBench' -f 1 -wi 2 -i 3 -w 1s -r 2s -jvmArgs -Xmx2g "$@"
java -jar "$jar" 'io.shoal.bench.dns.DnsRecordsFillBench' -f 1 -wi 1 -i 3 -jvmArgs -Xmx2g
