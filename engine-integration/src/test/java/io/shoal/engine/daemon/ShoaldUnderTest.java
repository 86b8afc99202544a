package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.BusyboxRootfs;
import io.shoal.engine.containerd.CgroupMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One shoald process for a test class, driven by the real docker CLI: its own temporary data root and private
 * containerd, started inside the test JVM's namespaces (scripts/in-netns as root, so the test namespace is shoald's
 * "host"), with a busybox-static rootfs imported as image {@code busybox}. {@link #close} removes every container and
 * user network through the CLI, stops shoald with SIGTERM and reports what was left: sandbox namespaces, links other
 * than {@code lo}, Shoal's nftables table, mounts under the data root, processes naming it.
 */
final class ShoaldUnderTest implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    static final Path DOCKER = Path.of("/usr/local/bin/docker");
    static final String IMAGE = "busybox";
    private static final Duration START_BOUND = Duration.ofSeconds(90);
    private static final Duration COMMAND_BOUND = Duration.ofSeconds(60);
    private static final Duration SHIM_EXIT_BOUND = Duration.ofSeconds(10);
    private static final Pattern PORT_RULE = Pattern.compile("dnat (ip6? )?to");
    // A user network's bridge named in a rule or map element; not the isolation rule's wildcard "br-*" (a dockerd's).
    private static final Pattern USER_BRIDGE = Pattern.compile("\"br-(?!\\*\")");
    private static final Pattern CONTAINER_ID = Pattern.compile("\\b[0-9a-f]{64}\\b");

    private Path dir;
    private Path root;
    private Path socket;
    private Path log;
    private Path dockerConfig;
    private boolean started;
    /** Whether the directory is this object's own (made by {@link #beforeAll}, deleted by {@link #afterAll}). */
    private boolean ownsDir;
    /** Every full id the CLI printed (run -d, create, ps --no-trunc): their sandboxes must be gone at the end. */
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    /** Links of another engine in the test namespace (a dockerd beside shoald): {@link #close} leaves them alone. */
    private java.util.function.Predicate<String> foreignLink = name -> false;
    /** Whether {@link #shoalDown} stopped shoald and its containerd (so their absence at close is expected). */
    private boolean downByScript;

    private Process shoald;
    /** The external containerd's socket shoald uses ({@code --containerd}), or null for a private one. */
    private Path externalContainerd;

    private ShoaldUnderTest() {}

    /** Starts shoald on a fresh data root under {@code dir} and imports the busybox image; aborts without root. */
    static ShoaldUnderTest start(Path dir) throws Exception {
        ShoaldUnderTest daemon = new ShoaldUnderTest();
        daemon.startIn(dir);
        return daemon;
    }

    /**
     * As {@link #start(Path)}, with shoald pointed at an external containerd ({@code --containerd socket}): at
     * {@link #close} no private containerd is expected, and the external one is left alone.
     */
    static ShoaldUnderTest startWithContainerd(Path dir, Path socket) throws Exception {
        ShoaldUnderTest daemon = new ShoaldUnderTest();
        daemon.externalContainerd = socket;
        daemon.startIn(dir);
        return daemon;
    }

    /**
     * One shoald for a whole test class, as a JUnit 5 extension: {@code @RegisterExtension static final
     * ShoaldUnderTest shoald = ShoaldUnderTest.perClass();} starts it in a temporary directory of its own before the
     * class's {@code @BeforeAll} methods (or aborts the class, as {@link #start} does) and closes it after its
     * {@code @AfterAll} methods, failing the class when something was left; the directory is then deleted unless a
     * mount is still under it.
     */
    static ShoaldUnderTest perClass() {
        return new ShoaldUnderTest();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ownsDir = true;
        startIn(Files.createTempDirectory("shoald-e2e-"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (dir == null) {
            return;
        }
        try {
            if (shoald != null) {
                close();
            }
        } finally {
            if (ownsDir && mountsUnder(dir).isEmpty()) {
                deleteTree(dir);
            }
        }
    }

    /** The directory shoald's data root, socket, log and the busybox tar are in. */
    Path dir() {
        return dir;
    }

    /** Whether shoald was started and the image imported (an aborted class has none). */
    boolean started() {
        return started;
    }

    private void startIn(Path directory) throws Exception {
        // Kept first, so that afterAll deletes the directory of a class the assumptions below abort.
        dir = directory;
        Assumptions.assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0, "needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is not installed");
        Assumptions.assumeTrue(Files.isExecutable(DOCKER), "the docker CLI is not installed at " + DOCKER);
        requireOnlyLoopback();
        CgroupMounts.ensure();
        root = dir.resolve("root");
        socket = dir.resolve("shoal.sock");
        log = dir.resolve("shoald.log");
        dockerConfig = Files.createDirectories(dir.resolve("docker-config"));
        launch();
        Path tar = busyboxTar();
        ok("import", tar.toString(), IMAGE);
        started = true;
    }

    private static void deleteTree(Path top) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(top)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }

    private void launch(String... systemProperties) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(systemProperties));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Shoald.class.getName(),
                "--data-root",
                root.toString(),
                "--host",
                "unix://" + socket,
                // Never a real upstream: a forwarded query meets a closed port at once.
                "--dns",
                "127.0.0.1"));
        if (externalContainerd != null) {
            command.addAll(List.of("--containerd", externalContainerd.toString()));
        }
        int readyBefore = readyLines();
        shoald = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (readyLines() == readyBefore) {
            if (!shoald.isAlive() || System.nanoTime() > deadline) {
                boolean alive = shoald.isAlive();
                Thread.sleep(alive ? 0 : 2000); // what a dying JVM prints last (a fatal error report) reaches the log
                throw new AssertionError("shoald did not start (alive: " + alive
                        + (alive ? "" : ", exit status " + shoald.exitValue()) + "):\n" + logText());
            }
            Thread.sleep(100);
        }
    }

    private int readyLines() throws IOException {
        return (int)
                logText().lines().filter(line -> line.endsWith("shoald ready")).count();
    }

    /**
     * Declares which links of the test namespace belong to another engine (a dockerd sharing the namespace):
     * {@link #close} neither reports nor removes them.
     */
    void leaveLinksAlone(java.util.function.Predicate<String> foreign) {
        foreignLink = foreign;
    }

    /**
     * Runs {@code ./shoal down} (scripts/daemon.sh of {@code repository}) on this shoald's data root and socket, as
     * an operator would: containers and networks removed through the CLI, shoald and its containerd stopped, marked
     * namespaces and mounts removed. {@link #close} then checks what is left.
     */
    Result shoalDown(Path repository) throws IOException, InterruptedException {
        Result result = run(
                List.of(repository.resolve("scripts/daemon.sh").toString(), "down"),
                Map.of("SHOAL_DATA_ROOT", root.toString(), "SHOAL_SOCKET", socket.toString()),
                START_BOUND);
        downByScript = true;
        if (!shoald.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("shoald still runs after ./shoal down:\n" + result);
        }
        return result;
    }

    /** The running shoald's process. */
    Process process() {
        return shoald;
    }

    /** Kills shoald with SIGKILL and waits for its end; containerd and the containers go on. */
    void kill9() throws InterruptedException {
        shoald.destroyForcibly();
        if (!shoald.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("shoald did not die on SIGKILL");
        }
    }

    /** Stops shoald with SIGTERM and returns its exit status. */
    int terminate() throws InterruptedException {
        shoald.destroy();
        if (!shoald.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("shoald did not stop on SIGTERM");
        }
        return shoald.exitValue();
    }

    /**
     * Starts shoald again on the same data root (after {@link #kill9} or {@link #terminate}), with JVM options such as
     * {@code -Dshoal.test.crashAt=POINT}; waits until ready.
     */
    void restart(String... jvmOptions) throws Exception {
        if (shoald.isAlive()) {
            throw new IllegalStateException("shoald still runs");
        }
        launch(jvmOptions);
    }

    /** The private containerd of this data root (found by its --config argument), if it runs. */
    java.util.Optional<ProcessHandle> containerd() {
        String config = root.resolve("containerd/config.toml").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> Arrays.asList(args).contains(config))
                        .orElse(false))
                .findFirst();
    }

    private Path busyboxTar() throws Exception {
        Path rootfs = BusyboxRootfs.create(dir.resolve("rootfs"));
        Path tar = dir.resolve("busybox.tar");
        Result result = run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), Map.of());
        assertThat(result.exit()).as(result.err()).isZero();
        return tar;
    }

    Path dataRoot() {
        return root;
    }

    Path socket() {
        return socket;
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** What a docker CLI command printed and its exit status. */
    record Result(int exit, String out, String err) {
        /** Stdout without the final newline. */
        String text() {
            return out.strip();
        }

        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code docker ARGS} against this shoald. */
    Result docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DOCKER.toString());
        command.addAll(Arrays.asList(args));
        Result result =
                run(command, Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dockerConfig.toString()));
        CONTAINER_ID.matcher(result.out()).results().forEach(match -> seenIds.add(match.group()));
        return result;
    }

    /** Runs {@code docker ARGS}, failing the test with the output unless it exits 0; its stdout stripped. */
    String ok(String... args) throws IOException, InterruptedException {
        Result result = docker(args);
        assertThat(result.exit())
                .as("docker %s\n%s", String.join(" ", args), result)
                .isZero();
        return result.text();
    }

    /** Runs {@code docker ARGS}, failing the test unless it exits non-zero; the result. */
    Result fails(String... args) throws IOException, InterruptedException {
        Result result = docker(args);
        assertThat(result.exit())
                .as("docker %s should fail\n%s", String.join(" ", args), result)
                .isNotZero();
        return result;
    }

    /**
     * Runs {@code sh -c SCRIPT} with {@code input} on its stdin and the docker CLI pointed at this shoald: the script
     * names it {@code "$DOCKER"} (for pipes, and script(1) giving the CLI a terminal).
     */
    Result shell(String input, String script) throws IOException, InterruptedException {
        Path stdin = Files.createTempFile(dir, "in", ".txt");
        Files.writeString(stdin, input);
        try {
            Result result = run(
                    List.of("sh", "-c", script),
                    Map.of(
                            "DOCKER", DOCKER.toString(),
                            "DOCKER_HOST", "unix://" + socket,
                            "DOCKER_CONFIG", dockerConfig.toString()),
                    stdin);
            CONTAINER_ID.matcher(result.out()).results().forEach(match -> seenIds.add(match.group()));
            return result;
        } finally {
            Files.delete(stdin);
        }
    }

    /**
     * The HTTP status code (e.g. {@code "503"}) shoald answers to a raw request on its API socket, sent with curl;
     * {@code jsonBody} null for none.
     */
    String httpStatus(String method, String path, String jsonBody) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "--unix-socket",
                socket().toString(),
                "-X",
                method));
        if (jsonBody != null) {
            line.addAll(List.of("-H", "Content-Type: application/json", "-d", jsonBody));
        }
        line.add("http://shoal" + path);
        return run(line, Map.of()).out();
    }

    Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, env, Path.of("/dev/null"));
    }

    /** Runs {@code command}, failing the test if it does not end within {@code bound}. */
    Result run(List<String> command, Map<String, String> env, Duration bound) throws IOException, InterruptedException {
        return run(command, env, Path.of("/dev/null"), bound);
    }

    private Result run(List<String> command, Map<String, String> env, Path stdin)
            throws IOException, InterruptedException {
        return run(command, env, stdin, COMMAND_BOUND);
    }

    private Result run(List<String> command, Map<String, String> env, Path stdin, Duration bound)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + bound + ":\n"
                    + Files.readString(out) + Files.readString(err));
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /**
     * Removes every container and user network through the CLI, stops shoald (SIGTERM) and checks that nothing of it
     * is left; kills what is left in any case, then throws an AssertionError naming the leftovers.
     */
    @Override
    public void close() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> sandboxIds = List.of();
        if (shoald != null && shoald.isAlive()) {
            try {
                Result all = docker("ps", "-aq", "--no-trunc");
                sandboxIds = all.lines();
                if (!sandboxIds.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(sandboxIds);
                    expect(problems, docker(rm.toArray(String[]::new)), "rm -f");
                }
                List<String> networks =
                        docker("network", "ls", "-q", "--filter", "type=custom").lines();
                if (!networks.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("network", "rm"));
                    rm.addAll(networks);
                    expect(problems, docker(rm.toArray(String[]::new)), "network rm");
                }
            } catch (AssertionError | IOException e) {
                problems.add("clean-up through the CLI failed: " + e);
            }
            shoald.destroy();
            if (!shoald.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                problems.add("shoald did not stop on SIGTERM");
                shoald.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        // shoald's stop leaves its private containerd running for the next shoald (./shoal down stops it): so here.
        java.util.Optional<ProcessHandle> containerd = containerd();
        if (shoald != null && containerd.isEmpty() && !downByScript && externalContainerd == null) {
            problems.add("the private containerd did not outlive shoald's SIGTERM");
        }
        if (containerd.isPresent()) {
            containerd.get().destroy();
            try {
                containerd.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                problems.add("the private containerd did not stop on SIGTERM");
            }
        }
        // Other engines may share /run/netns: only the namespaces of this shoald's containers are looked for.
        List<String> namespaces = seenIds.stream()
                .map(id -> "shoal-" + id.substring(0, 12))
                .filter(name -> Files.exists(Path.of("/run/netns", name)))
                .sorted()
                .toList();
        check(problems, "sandbox namespaces left", namespaces);
        try (Stream<Path> markers = Files.exists(root.resolve("netns")) ? Files.list(root.resolve("netns")) : null) {
            check(
                    problems,
                    "namespace markers left",
                    markers == null ? List.of() : markers.map(Path::toString).toList());
        }
        List<String> links = new ArrayList<>(links());
        links.remove("lo");
        links.removeIf(foreignLink);
        // The predefined network bridge's bridge outlives the daemon, as docker0 outlives dockerd.
        links.remove("shoal0");
        check(problems, "links left in the test namespace", links);
        // The predefined bridge's rules stay with shoal0 (as Docker's iptables rules with docker0); nothing of a
        // user network or a published port may.
        String table = shoalTables().isEmpty()
                ? ""
                : run(List.of("nft", "list", "table", "inet", "shoal"), Map.of())
                        .out();
        if (USER_BRIDGE.matcher(table).find() || PORT_RULE.matcher(table).find()) {
            problems.add("Shoal's nftables table keeps rules of removed networks or ports:\n" + table);
        }
        // Nor the bridge driver's hand-over past a dockerd's iptables (chain SHOAL-FORWARD), when there is one.
        Result handover = run(List.of("nft", "list", "chain", "ip", "filter", "SHOAL-FORWARD"), Map.of());
        if (handover.exit() == 0 && handover.out().contains("br-")) {
            problems.add("Shoal's SHOAL-FORWARD chain keeps rules of removed networks:\n" + handover.out());
        }
        check(problems, "mounts left under the data root", mountsUnder(root));
        check(problems, "processes naming the data root", processesGoneWithin(root.toString(), SHIM_EXIT_BOUND));
        Path runc = root.resolve("containerd/runc");
        if (Files.isDirectory(runc)) {
            try (Stream<Path> state = Files.walk(runc)) {
                check(
                        problems,
                        "runc containers left",
                        state.filter(path -> path.getNameCount() == runc.getNameCount() + 2)
                                .map(Path::toString)
                                .toList());
            }
        }
        forceCleanUp(namespaces);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems) + "\nshoald's log:\n" + logText());
        }
    }

    private static void expect(List<String> problems, Result result, String what) {
        if (result.exit() != 0) {
            problems.add(what + " failed: " + result);
        }
    }

    private static void check(List<String> problems, String what, List<String> found) {
        if (!found.isEmpty()) {
            problems.add(what + ": " + found);
        }
    }

    /** What a failed run may have left, removed after the checks so the next class starts clean. */
    private void forceCleanUp(List<String> namespaces) throws IOException, InterruptedException {
        ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(line -> line.contains(root.toString()))
                        .orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .forEach(ProcessHandle::destroyForcibly);
        for (String namespace : namespaces) {
            run(List.of("ip", "netns", "delete", namespace), Map.of());
        }
        List<String> links = new ArrayList<>(links());
        links.remove("lo");
        links.removeIf(foreignLink);
        for (String link : links) {
            run(List.of("ip", "link", "delete", link), Map.of());
        }
        if (!shoalTables().isEmpty()) {
            run(List.of("nft", "delete", "table", "inet", "shoal"), Map.of());
        }
        List<String> mounts = new ArrayList<>(mountsUnder(root));
        mounts.sort(Comparator.comparing(String::length).reversed());
        for (String mount : mounts) {
            run(List.of("umount", "-l", mount), Map.of());
        }
    }

    private List<String> shoalTables() throws IOException, InterruptedException {
        Result tables = run(List.of("nft", "list", "tables"), Map.of());
        return tables.lines().stream().filter(line -> line.contains("shoal")).toList();
    }

    /**
     * Aborts outside scripts/in-netns's namespace (the host's links are not a test's to touch), and fails inside it when
     * a link other than lo is there: an earlier class left it, and aborting would skip this class without a word (an
     * aborted class counts as zero tests run in surefire's summary).
     */
    static void requireOnlyLoopback() throws IOException {
        List<String> links = links();
        if (System.getenv("SHOAL_TEST_NETNS") != null) {
            assertThat(links)
                    .as("links in the test namespace left by an earlier test")
                    .containsExactly("lo");
        }
        Assumptions.assumeTrue(
                links.equals(List.of("lo")), "the test namespace must hold only lo (run through scripts/in-netns)");
    }

    /**
     * Removes what a shoald leaves in the test namespace by design after a SIGTERM (the predefined bridge shoal0, as
     * docker0 outlives dockerd, and Shoal's nftables table): for tests that run shoald without this class. Does nothing
     * outside scripts/in-netns's namespace (SHOAL_TEST_NETNS unset), where every link would be the host's.
     */
    static void removeWhatAStoppedShoaldKeeps() throws IOException, InterruptedException {
        if (System.getenv("SHOAL_TEST_NETNS") == null) {
            // Outside scripts/in-netns this would be the host's namespace: its links and tables are not ours to delete.
            return;
        }
        for (String link : links()) {
            if (!link.equals("lo")) {
                quietly("ip", "link", "delete", link);
            }
        }
        quietly("nft", "delete", "table", "inet", "shoal");
    }

    /** Runs a clean-up command whose failure (the object was not there) is no problem; bounded to 30 s. */
    private static void quietly(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The names of the links in the test JVM's namespace. */
    static List<String> links() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> mountsUnder(Path root) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ", -1)[4])
                .filter(point -> point.startsWith(root.toString()))
                .toList();
    }

    /**
     * The processes still naming {@code text} after waiting up to {@code bound} for them to end: a shim exits on its
     * own shortly after containerd deleted its task (runc shim v2's Shutdown), so one seen right after the last
     * {@code rm -f} is not yet a leak; one still there after the bound is.
     */
    static List<String> processesGoneWithin(String text, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<String> left = processesNaming(text);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            left = processesNaming(text);
        }
        return left;
    }

    static List<String> processesNaming(String text) {
        return ProcessHandle.allProcesses()
                .filter(p ->
                        p.info().commandLine().map(line -> line.contains(text)).orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }
}
