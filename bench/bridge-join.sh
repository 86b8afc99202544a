#!/usr/bin/env bash
# Bridge driver join/leave latency, parallel joins, network create+delete (bench/.../BridgeJoinBench.java).
# Needs a built tree (./shoal bench builds it). Runs inside a network namespace of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/in-netns java -cp bench/target/benchmarks.jar io.shoal.bench.bridge.BridgeJoinBench
