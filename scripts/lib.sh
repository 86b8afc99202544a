# Shared by the ./shoal sub-commands. Sourced, not run.

# Debian packages Shoal's tests and demo need. iproute2 is only a test oracle and a bench peer:
# Shoal's own code never runs `ip`; conntrack is only a test oracle too. containerd (1.6) and runc (1.1) run the engine's containers; the engine starts
# a private containerd of its own, so the package's system service is neither needed nor started. curl asks
# shoald's socket whether it is up (./shoal up). bsdutils (Essential, so normally there) has script(1), which gives the
# docker CLI a terminal in the interactive e2e tests (EngineCliInteractiveE2eTest). docker-compose (1.29, Python,
# docker-py) is a second real client of shoald's API in the e2e tests (ComposeE2eTest); it brings no daemon.
SHOAL_PACKAGES=(openjdk-17-jdk-headless maven iproute2 nftables libnftables1 iptables busybox-static dnsutils conntrack containerd runc curl bsdutils docker-compose)
# Only the benchmarks need these (peers and load generators). docker.io (Docker 20.10) is the peer of the engine
# benchmarks; its service is never started (install_packages), scripts/private-dockerd runs a private daemon instead.
BENCH_PACKAGES=(dnsperf nsd bc docker.io)

# A command that ends a script under `set -e` is named on stderr (a fresh machine once ended ./shoal silently).
set -E
trap 'shoal_rc=$?; echo "shoal: ${BASH_SOURCE[0]}:$LINENO: \"$BASH_COMMAND\" failed (exit $shoal_rc)" >&2' ERR

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

require_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "shoal: this needs root (network namespaces, links and nftables). Run it with sudo." >&2
        exit 1
    fi
}

# Installs the packages that are missing; does nothing (and needs no network) when all are there.
install_packages() {
    local missing=() p installed
    # One dpkg-query for all (one per package took ~2.6 s at load 15, on the path of every `./shoal up`).
    # dpkg-query exits 1 when it knows none of a name (a fresh machine): that is an answer, not a failure,
    # and under `set -euo pipefail` it would end the script silently.
    installed=$'\n'$({ dpkg-query -W -f='${Package} ${Status}\n' "${SHOAL_PACKAGES[@]}" "$@" 2>/dev/null || true; } |
        awk '/ install ok installed$/ { print $1 }')$'\n'
    for p in "${SHOAL_PACKAGES[@]}" "$@"; do
        [[ $installed == *$'\n'"$p"$'\n'* ]] || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # No package's service may start on install (nsd would serve the host's port 53, containerd would take
    # /run/containerd): invoke-rc.d asks
    # policy-rc.d, and 101 means "not allowed" (invoke-rc.d(8)).
    local policy=/usr/sbin/policy-rc.d placed=no
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && placed=yes
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { [ "$placed" = yes ] && rm -f "$policy"; return 1; }
    [ "$placed" = yes ] && rm -f "$policy"
    return 0
}

MVN_LOUD=(mvn -B -Dstyle.color=never)
MVN=("${MVN_LOUD[@]}" -q)

# Compiles everything, installs the modules into the local repository and resolves every plugin the tests
# use (the surefire provider included), so a later offline run needs no network.
# A first build on a fresh machine takes many minutes: it prints one line per module as Maven reaches it and
# keeps Maven's whole output in SHOAL_BUILD_LOG, whose last lines it shows when the build fails.
# Per checkout (two clones must not write one log): target/ of the repository this lib.sh belongs to.
SHOAL_BUILD_LOG=${SHOAL_BUILD_LOG:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/shoal-build.log}
build_all() {
    say "building (Maven: format check, Error Prone, compile, package); full log in $SHOAL_BUILD_LOG"
    mkdir -p "$(dirname "$SHOAL_BUILD_LOG")"
    if ! "${MVN_LOUD[@]}" -ntp install -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Djqwik.tries.default=1 "$@" < /dev/null 2>&1 | tee "$SHOAL_BUILD_LOG" |
        { grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]$' | sed -u 's/^\[INFO\] /    /' || true; }; then
        grep -E '^\[(ERROR|WARNING)\]' "$SHOAL_BUILD_LOG" | tail -40 >&2
        echo "shoal: the build failed; the whole output is in $SHOAL_BUILD_LOG" >&2
        return 1
    fi
}

# Prints the run-time class path of a module (its classes and every dependency), for `java -cp`.
module_classpath() {
    local module=$1 file
    file="$PWD/$module/target/classpath.txt"
    "${MVN[@]}" -pl "$module" dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$file" >/dev/null
    # Shoal's own modules resolve to the SNAPSHOT jars in the shared local repository, which another checkout's
    # build may replace under a running shoald: this checkout's own classes are used instead.
    local entry entries=() shoal_jar='/io/shoal/([a-z0-9-]+)/[^/]+-SNAPSHOT/[a-z0-9-]+-[^/]+-SNAPSHOT\.jar$'
    IFS=: read -r -a entries <"$file" || true # the file ends without a newline: read says EOF
    for entry in "${entries[@]}"; do
        if [[ $entry =~ $shoal_jar ]] && [ -d "$PWD/${BASH_REMATCH[1]}/target/classes" ]; then
            entry=$PWD/${BASH_REMATCH[1]}/target/classes
        fi
        printf ':%s' "$entry"
    done | { printf '%s' "$PWD/$module/target/classes"; cat; }
}

# ---- daemons in the background (scripts/daemon.sh: shoald; scripts/plugin.sh: shoald plugin) ----

# The command line of process $1, arguments separated by spaces; empty when it is gone.
cmdline() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true; }

# pid_from_file FILE WORDS: the pid FILE names, if that process is alive and its argument list holds WORDS (e.g.
# "io.shoal.engine.daemon.Shoald plugin"): a pid reused by another program after a crash does not count.
pid_from_file() {
    [ -f "$1" ] || return 1
    local pid
    pid=$(tr -dc '0-9' <"$1")
    [ -n "$pid" ] && [[ " $(cmdline "$pid")" == *" $2 "* ]] && echo "$pid"
}

# stop_pids WHAT PID...: sends TERM, waits up to $STOP_SECONDS (default 30) for them to end, then KILLs what is left.
stop_pids() {
    local what=$1 seconds=${STOP_SECONDS:-30}; shift
    [ $# -eq 0 ] && return 0
    say "stopping $what (pid $*)"
    kill -TERM "$@" 2>/dev/null || true
    local waited=0
    while [ $waited -lt $((seconds * 10)) ]; do
        local alive=()
        for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
        [ ${#alive[@]} -eq 0 ] && return 0
        sleep 0.1
        waited=$((waited + 1))
    done
    echo "shoal: $what did not stop in ${seconds}s; sending SIGKILL" >&2
    kill -KILL "$@" 2>/dev/null || true
}

# jar_classpath CLASSPATH_FILE: that class path with each Shoal module's classes directory replaced by the jar the
# build made next to it (CDS archives classes from jar files only; the JVM refuses to dump with a non-empty directory
# on the class path). Prints nothing when a module has no single jar (a tree built without `package`).
jar_classpath() {
    local entry entries=() jars=() found
    IFS=: read -r -a entries <"$1" || true
    for entry in "${entries[@]}"; do
        [ -n "$entry" ] || continue
        if [[ $entry == */target/classes ]]; then
            found=$(find "${entry%/classes}" -maxdepth 1 -name '*.jar' ! -name '*-tests.jar' ! -name '*-sources.jar' \
                ! -name '*-shaded.jar')
            # One jar, and no class compiled after it (else the jar would run stale code).
            [ -n "$found" ] && [ "$(wc -l <<<"$found")" -eq 1 ] || return 0
            [ -z "$(find "$entry" -newer "$found" -print -quit)" ] || return 0
            entry=$found
        fi
        jars+=("$entry")
    done
    (IFS=:; echo "${jars[*]}")
}

# cached_jar_classpath CLASSPATH_FILE JARS_FILE: jar_classpath's answer (two finds per module, ~40 processes on the
# path of every restart), kept in JARS_FILE and used while that file is newer than CLASSPATH_FILE (written by the build
# `up` makes) and than every jar it names (a build rewrites them). Classes compiled without `package` after that are
# seen by the scripts' needs_build (their sources are newer than CLASSPATH_FILE), whose build makes the jars again.
cached_jar_classpath() {
    local cached= entry entries=()
    if [ -f "$2" ] && [ "$2" -nt "$1" ]; then
        read -r cached <"$2" || true
        IFS=: read -r -a entries <<<"$cached"
        for entry in "${entries[@]}"; do
            if [ ! -f "$entry" ] || [ "$entry" -nt "$2" ]; then
                cached=
                break
            fi
        done
    fi
    if [ -z "$cached" ]; then
        cached=$(jar_classpath "$1")
        [ -n "$cached" ] && echo "$cached" >"$2"
    fi
    echo "$cached"
}

# cds_options ARCHIVE CLASSPATH_FILE CLASSPATH: JVM options for an application class-data sharing archive of the
# classes a daemon loads from CLASSPATH (docs/performance.md, "Class data sharing and repeated DNS answers"): the
# first start after a build records them into ARCHIVE when it exits (java -XX:ArchiveClassesAtExit); later starts map
# that archive (-XX:SharedArchiveFile) instead of parsing the class files. The JVM would ignore an archive that no
# longer matches the jars (paths, sizes, times): one older than CLASSPATH_FILE or than any jar is recorded again.
# A fourth argument replaces the recording option (scripts/daemon.sh: -XX:+RecordDynamicDumpInfo, the archive then
# dumped by `jcmd PID VM.cds dynamic_dump` while the daemon runs, so that a daemon only ever killed still leaves one).
# Both map the archives at the address they were dumped for (ArchiveRelocationMode=0, a diagnostic option of JDK 17;
# the JVM still relocates when that address is taken): this JDK build defaults to 1, relocating the JDK's and the
# 23 MB dynamic archive at every start, ~0.1 s of CPU and 0.4 s of wall time at load 12 before the first class loads
# (-Xlog:startuptime "Genesis"; docs/performance.md, "Restart"). The price: the archives' classes sit at the same
# address in every run (no address-space randomisation for them).
CDS_FIXED_ADDRESS="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
cds_options() {
    local archive=$1 record=${4:-} entry entries=() stale=
    if [ -f "$archive" ] && [ "$archive" -nt "$2" ]; then
        IFS=: read -r -a entries <<<"$3"
        for entry in "${entries[@]}"; do
            if [ "$entry" -nt "$archive" ]; then
                stale=1
                break
            fi
        done
    else
        stale=1
    fi
    if [ -z "$stale" ]; then
        echo "$CDS_FIXED_ADDRESS -XX:SharedArchiveFile=$archive -Xlog:cds=error,cds+dynamic=error"
    else
        rm -f "$archive"
        echo "$CDS_FIXED_ADDRESS ${record:--XX:ArchiveClassesAtExit=$archive} -Xlog:cds=error,cds+dynamic=error"
    fi
}

# sqlite_native_options DIR CLASSPATH: JVM options that load sqlite-jdbc's native library from DIR, extracted there
# from the jar on CLASSPATH once (again when the jar is newer), instead of sqlite-jdbc extracting a copy into /tmp at
# every start and scanning /tmp for old copies (org.sqlite.tmpdir points that scan at DIR). Nothing without unzip.
sqlite_native_options() {
    local dir=$1 jar lib
    jar=$(tr ':' '\n' <<<"$2" | grep '/sqlite-jdbc-[^/]*\.jar$' | head -n 1)
    [ -n "$jar" ] && command -v unzip >/dev/null || return 0
    lib=$dir/libsqlitejdbc.so
    if [ ! -f "$lib" ] || [ "$jar" -nt "$lib" ]; then
        mkdir -p "$dir"
        unzip -p "$jar" "org/sqlite/native/Linux/$(uname -m)/libsqlitejdbc.so" >"$lib.tmp" && [ -s "$lib.tmp" ] \
            && mv "$lib.tmp" "$lib" || { rm -f "$lib.tmp"; return 0; }
    fi
    echo "-Dorg.sqlite.lib.path=$dir -Dorg.sqlite.lib.name=libsqlitejdbc.so -Dorg.sqlite.tmpdir=$dir"
}

# netty_native_options DIR CLASSPATH: JVM options that load Netty's epoll library from DIR, extracted there from the
# jar on CLASSPATH once (again when the jar is newer). Netty tries java.library.path before its jar and otherwise
# copies the library into /tmp (io.netty.native.workdir) at every start and deletes it after loading. Nothing
# without unzip, or when the class path has no native epoll jar.
netty_native_options() {
    local dir=$1 jar lib name
    jar=$(tr ':' '\n' <<<"$2" | grep '/netty-transport-native-epoll-[^/]*-linux-[^/]*\.jar$' | head -n 1)
    [ -n "$jar" ] && command -v unzip >/dev/null || return 0
    name=$(unzip -Z1 "$jar" 'META-INF/native/libnetty_transport_native_epoll_*.so' 2>/dev/null | head -n 1)
    [ -n "$name" ] || return 0
    lib=$dir/${name##*/}
    if [ ! -f "$lib" ] || [ "$jar" -nt "$lib" ]; then
        mkdir -p "$dir"
        unzip -p "$jar" "$name" >"$lib.tmp" && [ -s "$lib.tmp" ] && mv "$lib.tmp" "$lib" || { rm -f "$lib.tmp"; return 0; }
    fi
    # The JDK's default path after DIR, for other libraries looked up by name (jnr-ffi's libc).
    echo "-Djava.library.path=$dir:/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib -Dio.netty.native.workdir=$dir"
}

# Prints what the surefire reports of the last run say: each test aborted by a kernel probe (or otherwise skipped)
# with its reason, then one closing line "N passed, N failed, N skipped" for the whole run.
summarize_tests() {
    local label=$1 tests=0 failures=0 errors=0 skipped=0 empty=0 f line
    shopt -s nullglob
    for f in */target/surefire-reports/TEST-*.xml; do
        line=$(grep -o '<testsuite [^>]*>' "$f" | head -1)
        tests=$((tests + $(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")))
        failures=$((failures + $(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")))
        errors=$((errors + $(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")))
        skipped=$((skipped + $(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")))
        # A class that ran nothing was aborted before its first test (an assumption in a @BeforeAll or a class-level
        # extension): surefire counts it as zero tests, neither failed nor skipped, so it would pass unseen.
        if [[ $line == *' tests="0"'* ]]; then
            echo "  ran no test: $(sed -n 's/.* name="\([^"]*\)".*/\1/p' <<<"$line")"
            empty=$((empty + 1))
        fi
        # A skipped test case: its name, then the first line of the reason (the probe's answer).
        awk '/<testcase /{match($0, /name="[^"]*"/); name=substr($0, RSTART+6, RLENGTH-7);
                          match($0, /classname="[^"]*"/); cls=substr($0, RSTART+11, RLENGTH-12)}
             /<skipped/{sub(/.*CDATA\[/, ""); sub(/^org\.opentest4j\.TestAbortedException: /, "");
                        print "  skipped " cls "." name ": " $0}' "$f"
    done
    shopt -u nullglob
    say "$label"
    # The plain closing line, alone and uncoloured.
    echo "tests: $((tests - failures - errors - skipped)) passed, $((failures + errors)) failed, $skipped skipped"
    if [ "$empty" -gt 0 ]; then
        echo "$empty test classes ran no test (listed above): each is a failure of this run" >&2
        return 1
    fi
}

# Writes a root filesystem tarball of Debian's busybox-static to FILE: /bin/busybox, a relative symlink per applet
# (`busybox --install -s` would make absolute links to the host's path),
# the usual empty mount points, and any further empty directories named after FILE; owned by root in the archive.
# The image `docker import` makes of it is what the demo and the engine benchmarks run.
busybox_rootfs_tar() { # FILE [DIRECTORY...]
    local tar=$1 dir applet extra
    shift
    [ -x /bin/busybox ] || { echo "busybox-static is not installed (/bin/busybox)" >&2; return 1; }
    dir=$(mktemp -d /tmp/shoal-rootfs.XXXXXX)
    mkdir -p "$dir/bin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/etc" "$dir/tmp" "$dir/run"
    for extra in "$@"; do mkdir -p "$dir/$extra"; done
    cp /bin/busybox "$dir/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
    done
    tar -C "$dir" --numeric-owner --owner=0 --group=0 -cf "$tar" .
    rm -rf "$dir"
}

# The nft command for network namespace $1 (empty: this one) in NFT_IN; false when $1 names a namespace that is gone:
# its tables went with it, and falling back to this namespace would touch tables that are not Shoal's to remove.
nft_in() {
    if [ -z "${1:-}" ]; then NFT_IN=(nft); return 0; fi
    [ -e "/run/netns/$1" ] || return 1
    NFT_IN=(ip netns exec "$1" nft)
}

# Shoal's own nftables table (the bridge driver's, docs/bridge.md "Firewall"): what is left of it once shoald stopped
# and its networks are gone (base chains, among them the drop of new connections towards bridges not Shoal's). $1: the
# network namespace's name, empty for this one. Run after the daemon stopped: its start renders the table whole again.
remove_shoal_table() {
    nft_in "${1:-}" || return 0
    local nft=("${NFT_IN[@]}")
    "${nft[@]}" list table inet shoal >/dev/null 2>&1 || return 0
    say "removing nftables table inet shoal"
    "${nft[@]}" delete table inet shoal
}

# Runs "$@" with its stderr passed on, less nft's line "# Warning: table ip filter is managed by iptables-nft, do not
# touch!" (and ip6's): nftables 1.0.6 prints it when listing a table that holds iptables-nft's rules (a dockerd's
# filter table), a caution against hand edits; Shoal only removes its own chain there. Every other line of stderr,
# and the exit status, are the command's.
without_iptables_nft_warning() {
    local errors status=0
    errors=$(mktemp)
    "$@" 2>"$errors" || status=$?
    grep -v -x -F \
        -e '# Warning: table ip filter is managed by iptables-nft, do not touch!' \
        -e '# Warning: table ip6 filter is managed by iptables-nft, do not touch!' \
        "$errors" >&2 || true
    rm -f "$errors"
    return "$status"
}

# The bridge driver's hand-over past a dockerd's iptables (docs/engine.md, "Beside a dockerd"), in ip and ip6 filter:
# its jump in DOCKER-USER (found by its handle) and its own chain SHOAL-FORWARD; then DOCKER-USER and the table only
# when nothing but what Shoal made is left (no rule in DOCKER-USER, no jump to it, no other chain: a dockerd's
# DOCKER-USER has its RETURN and FORWARD's jump). $1: the network namespace's name, empty for this one. Run after the
# daemon (shoald, or the plugin) stopped: its restore would put the rules back.
remove_forward_handover() {
    nft_in "${1:-}" || return 0
    local nft=("${NFT_IN[@]}") family handle listing
    for family in ip ip6; do
        "${nft[@]}" list chain "$family" filter SHOAL-FORWARD >/dev/null 2>&1 || continue
        say "removing Shoal's chain SHOAL-FORWARD (its hand-over past a dockerd's rules) from $family filter"
        listing=$("${nft[@]}" -a list chain "$family" filter DOCKER-USER 2>/dev/null || true)
        for handle in $(sed -n 's/^[[:space:]]*jump SHOAL-FORWARD # handle \([0-9]*\)$/\1/p' <<<"$listing"); do
            "${nft[@]}" delete rule "$family" filter DOCKER-USER handle "$handle"
        done
        printf 'flush chain %s filter SHOAL-FORWARD\ndelete chain %s filter SHOAL-FORWARD\n' "$family" "$family" |
            "${nft[@]}" -f -
        listing=$(without_iptables_nft_warning "${nft[@]}" list table "$family" filter)
        if [[ $listing != *"jump DOCKER-USER"* ]] &&
            [ -z "$(sed -n '/chain DOCKER-USER {/,/}/p' <<<"$listing" | grep -v -e 'chain DOCKER-USER {' -e '}' -e '^[[:space:]]*$')" ]; then
            "${nft[@]}" delete chain "$family" filter DOCKER-USER
            listing=$(without_iptables_nft_warning "${nft[@]}" list table "$family" filter)
        fi
        if [[ $listing != *"chain "* ]]; then
            "${nft[@]}" delete table "$family" filter
        fi
    done
}
