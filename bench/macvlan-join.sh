#!/usr/bin/env bash
# Macvlan driver join/leave latency, parallel joins, network create+delete (bench/.../MacvlanJoinBench.java).
# Builds nothing: needs a built tree (the caller builds, e.g. ./shoal bench). Runs inside a network namespace of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=bench/target/macvlan-classpath.txt
mvn -o -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
scripts/in-netns java -cp "bench/target/classes:$(cat "$cp_file")" io.shoal.bench.MacvlanJoinBench
