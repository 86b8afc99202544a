#!/usr/bin/env bash
# ./shoal demo: what Shoal can do so far, with real kernel objects, step by step.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages
build_all -DskipTests
cp_file=engine-integration/target/classpath.txt
"${MVN[@]}" -o -pl engine-integration dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
say "demo: two namespaces joined through a bridge, made with Shoal's netlink layer"
exec java -cp "engine-integration/target/classes:$(cat "$cp_file")" io.shoal.engine.demo.BridgeDemo "$@"
