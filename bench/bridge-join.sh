#!/usr/bin/env bash
# Bridge driver join/leave latency, parallel joins, network create+delete (bench/.../BridgeJoinBench.java).
# Needs a built tree (./shoal bench builds it). Runs inside a network namespace of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=bench/target/classpath.txt
mvn -o -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
scripts/in-netns java -cp "bench/target/classes:$(cat "$cp_file")" io.shoal.bench.bridge.BridgeJoinBench
