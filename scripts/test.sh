#!/usr/bin/env bash
# ./shoal test: every test (unit, netns, e2e), then the kernel tests again as on a Docker host. The test JVM runs inside a network namespace made for this run,
# so nothing a test does can touch this machine's own links, routes or firewall.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_root
install_packages
build_all  # outside the namespace: it fetches dependencies

say "running every test inside a network namespace of its own (scripts/in-netns)"
rm -rf ./*/target/surefire-reports  # the summary below reads this run's reports only
scripts/in-netns "${MVN_LOUD[@]}" -o verify "$@"
empty_classes=0
summarize_tests "every test" || empty_classes=1

# The same kernel tests once more as on a host where dockerd runs (ip_forward=1, docker0, Docker's iptables-nft
# tables): no test may depend on the host's settings (issue 9, item 13).
say "the kernel tests again, as on a host where Docker runs (scripts/test-on-docker-like-host)"
rm -rf ./*/target/surefire-reports
scripts/in-netns scripts/test-on-docker-like-host
summarize_tests "kernel tests as on a Docker host" || empty_classes=1
exit "$empty_classes"
