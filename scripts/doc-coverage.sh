#!/usr/bin/env bash
# Counts what a newcomer reads first: public types, methods and constructors of the driver SPI without a doc comment
# (issue 10), and packages without a package-info.java in every module. Needs only a JDK.
#   scripts/doc-coverage.sh            the SPI (net-driver-spi)
#   scripts/doc-coverage.sh MODULE…    other modules' main sources
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" scripts/DocCoverage.java
for module in "${@:-net-driver-spi}"; do
    echo "== $module"
    packages=$(find "$module/src/main/java" -name '*.java' -printf '%h\n' | sort -u \
        | sed "s|^$module/src/main/java/||; s|/|.|g" | tr '\n' ' ')
    # shellcheck disable=SC2086
    javadoc -quiet -doclet DocCoverage -docletpath "$work" -sourcepath "$module/src/main/java:net-types/src/main/java" $packages 2>&1 \
        | grep -v '^Loading\|^Constructing'
done

echo "== package-info.java"
main=0; bare=0
for dir in $(find . -path ./.git -prune -o -path '*/src/*/java/*' -name '*.java' -printf '%h\n' | sort -u); do
    package=${dir#*/src/*/java/}
    case "$dir" in
        */src/test/java/*) ls -d */src/main/java/"$package" >/dev/null 2>&1 && continue ;; # documented in main
    esac
    main=$((main + 1))
    [ -f "$dir/package-info.java" ] || { bare=$((bare + 1)); echo "  no package-info: $dir"; }
done
echo "packages: $main, without package-info.java: $bare"
