#!/usr/bin/env bash
# Macvlan driver join/leave latency, parallel joins, network create+delete (bench/.../MacvlanJoinBench.java).
# Builds nothing: needs a built tree (the caller builds, e.g. ./shoal bench). Runs inside a network namespace of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/in-netns java -cp bench/target/benchmarks.jar io.shoal.bench.MacvlanJoinBench
