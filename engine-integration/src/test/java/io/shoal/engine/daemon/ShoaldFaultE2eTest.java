package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.sqlite.HaltingCrashPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault injection with the real shoald: started with {@code -Dshoal.test.crashAt=POINT} (read only by the test class
 * path's {@link HaltingCrashPoint}), it halts as if killed by SIGKILL at that step of an operation (a commit of the
 * engine store, which precedes the kernel work of each step); then it is started again without the switch, store,
 * kernel and containerd must agree ({@link EngineConsistency}), and the operation, repeated, succeeds.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShoaldFaultE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @BeforeAll
    static void base() throws Exception {
        shoald.ok("network", "create", "base");
        shoald.ok("run", "-d", "--name", "c1", "--network", "base", ShoaldUnderTest.IMAGE, "sleep", "100000");
        shoald.ok("run", "-d", "--name", "c2", "--network", "base", ShoaldUnderTest.IMAGE, "sleep", "100000");
    }

    /** Restarts shoald armed with {@code point}, runs {@code operation} (which dies with it), restarts it plain. */
    private static void crashDuring(String point, String... operation) throws Exception {
        shoald.kill9();
        shoald.restart("-Dshoal.test.crashAt=" + point);
        ShoaldUnderTest.Result result = shoald.docker(operation);
        assertThat(shoald.process().waitFor(60, TimeUnit.SECONDS))
                .as("shoald halts at %s during docker %s (%s)", point, String.join(" ", operation), result)
                .isTrue();
        assertThat(shoald.process().exitValue()).isEqualTo(HaltingCrashPoint.STATUS);
        String reached = point.contains("#") ? point.substring(0, point.indexOf('#')) : point;
        assertThat(shoald.logText()).contains("crash point reached: " + reached);
        shoald.restart();
        assertThat(EngineConsistency.problems(shoald))
                .as("after a crash at " + point)
                .isEmpty();
    }

    @Test
    @Order(1)
    void networkCreate() throws Exception {
        crashDuring("after network:CREATING", "network", "create", "f1");
        shoald.ok("network", "create", "f1");
        crashDuring("after network:CREATING#2", "network", "create", "--subnet", "10.94.0.0/24", "f2");
        shoald.ok("network", "create", "--subnet", "10.94.0.0/24", "f2");
        crashDuring("before network:READY", "network", "create", "f3");
        shoald.ok("network", "create", "f3");
        assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines()).contains("f1", "f2", "f3");
    }

    @Test
    @Order(2)
    void networkRemove() throws Exception {
        crashDuring("after network:DELETING", "network", "rm", "f1");
        shoald.docker("network", "rm", "f1"); // finished by the restart (404) or done now
        crashDuring("before network:delete", "network", "rm", "f3");
        shoald.docker("network", "rm", "f3");
        assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines()).doesNotContain("f1", "f3");
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(3)
    void connectAndDisconnect() throws Exception {
        crashDuring("after endpoint:CREATING", "network", "connect", "f2", "c1");
        shoald.ok("network", "connect", "f2", "c1");
        crashDuring("before endpoint:JOINED", "network", "connect", "f2", "c2");
        shoald.ok("network", "connect", "f2", "c2");
        assertThat(shoald.ok("exec", "c1", "nslookup", "c2")).contains("10.94.0.");
        crashDuring("after endpoint:DELETING", "network", "disconnect", "f2", "c2");
        shoald.docker("network", "disconnect", "f2", "c2");
        shoald.ok("network", "connect", "f2", "c2");
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(4)
    void containerRunAndRemove() throws Exception {
        List<String> run = List.of("run", "-d", "--network", "f2", ShoaldUnderTest.IMAGE, "sleep", "100000");
        crashDuring("after container:STARTING", concat("r1", run));
        shoald.ok("start", "r1");
        crashDuring("before container:RUNNING", concat("r2", run));
        shoald.ok("start", "r2");
        assertThat(shoald.ok("exec", "r1", "nslookup", "r2")).contains("10.94.0.");
        crashDuring("after container:REMOVING", "rm", "-f", "r1");
        shoald.docker("rm", "-f", "r1");
        assertThat(shoald.docker("inspect", "r1").exit()).isNotZero();
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(5)
    void imageImport() throws Exception {
        String tar = shoald.dir().resolve("busybox.tar").toString();
        crashDuring("after image:put", "import", tar, "bb2");
        shoald.ok("import", tar, "bb2");
        assertThat(shoald.ok("run", "--rm", "bb2", "echo", "imported")).isEqualTo("imported");
    }

    /**
     * shoald killed while containerd creates a task (the shim has started, its Create runs): containerd 1.6 then
     * forgets the shim (containerd issue 6860). The kill is timed by watching for the new shim; whether it leaked is
     * printed, and after the restart no shim, containerd container or task may be left that no stored container runs.
     */
    @Test
    @Order(6)
    void killedWhileContainerdCreatesATask() throws Exception {
        String socket = shoald.dataRoot().resolve("containerd/containerd.sock").toString();
        ensureNetworkK();
        int leaked = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Set<String> before = EngineConsistency.shimIds(socket);
            String name = "k" + attempt;
            CompletableFuture<ShoaldUnderTest.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return shoald.docker(
                            "run", "-d", "--name", name, "--network", "k", ShoaldUnderTest.IMAGE, "sleep", "100000");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Even attempts: at the first sight of the shim (its short `start` action or the shim); odd: once it
            // serves.
            boolean early = attempt % 2 == 0;
            Set<String> fresh = Set.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fresh.isEmpty() && System.nanoTime() - deadline < 0) {
                Set<String> now = new TreeSet<>(EngineConsistency.shimIds(socket));
                if (early) {
                    now.addAll(startingShims(socket));
                }
                now.removeAll(before);
                fresh = now;
            }
            shoald.kill9();
            run.get(60, TimeUnit.SECONDS);
            assertThat(fresh).as("a shim started for " + name).isNotEmpty();
            Thread.sleep(1000); // containerd finishes the cancelled create
            Set<String> tasks = new TreeSet<>(
                    shoald.run(List.of("ctr", "--address", socket, "-n", "shoal", "tasks", "ls", "-q"), Map.of())
                            .lines());
            Set<String> untracked = new TreeSet<>(EngineConsistency.shimIds(socket));
            untracked.removeAll(tasks);
            System.out.printf(
                    "attempt %d: shim of %s, untracked by containerd after the kill: %s%n", attempt, fresh, untracked);
            leaked += untracked.isEmpty() ? 0 : 1;
            shoald.restart();
            assertThat(EngineConsistency.problems(shoald))
                    .as("after a kill while containerd created the task of " + name)
                    .isEmpty();
            assertThat(shoald.logText()).doesNotContain("orphans not looked for");
            shoald.docker("rm", "-f", name);
        }
        System.out.printf("kills that left a shim containerd did not track: %d of 4%n", leaked);
    }

    /**
     * A container's process killed while shoald is down: at the restart it shows exited (137) and everything it held
     * is gone (endpoint, address, veth, DNS names, its resolver's namespace); its address can be given to a new one.
     */
    @Test
    @Order(7)
    void containerKilledWhileShoaldIsDown() throws Exception {
        ensureNetworkK();
        shoald.ok("run", "-d", "--name", "prober", "--network", "k", ShoaldUnderTest.IMAGE, "sleep", "100000");
        String id =
                shoald.ok("run", "-d", "--name", "victim", "--network", "k", ShoaldUnderTest.IMAGE, "sleep", "100000");
        String address = shoald.ok("inspect", "-f", "{{.NetworkSettings.Networks.k.IPAddress}}", "victim");
        long pid = Long.parseLong(shoald.ok("inspect", "-f", "{{.State.Pid}}", "victim"));
        assertThat(shoald.ok("exec", "prober", "nslookup", "victim")).contains(address);
        shoald.kill9();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        shoald.restart();

        assertThat(shoald.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "victim"))
                .isEqualTo("exited 137");
        assertThat(shoald.ok("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "k"))
                .doesNotContain("victim");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", "shoal-" + id.substring(0, 12))))
                .as("the sandbox namespace of the dead container")
                .isFalse();
        assertThat(shoald.docker("exec", "prober", "nslookup", "victim").out()).doesNotContain(address);
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
        shoald.ok(
                "run",
                "-d",
                "--name",
                "heir",
                "--network",
                "k",
                "--ip",
                address,
                ShoaldUnderTest.IMAGE,
                "sleep",
                "100000");
        assertThat(shoald.ok("exec", "prober", "nslookup", "heir")).contains(address);
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
        shoald.ok("rm", "-f", "heir", "victim", "prober");
    }

    /** The container ids of the shims of namespace shoal at {@code socket} running their short `start` action. */
    private static Set<String> startingShims(String socket) {
        Set<String> ids = new TreeSet<>();
        ProcessHandle.allProcesses()
                .map(p -> p.info().arguments().map(List::of).orElse(List.<String>of()))
                .filter(args -> args.contains(socket) && args.contains("-id") && args.contains("start"))
                .forEach(args -> ids.add(args.get(args.indexOf("-id") + 1)));
        return ids;
    }

    private static void ensureNetworkK() throws Exception {
        if (shoald.docker("network", "inspect", "k").exit() != 0) {
            shoald.ok("network", "create", "--subnet", "10.95.0.0/24", "k");
        }
    }

    private static String[] concat(String name, List<String> run) {
        String[] args = new String[run.size() + 1];
        args[0] = run.get(0);
        args[1] = "--name=" + name;
        for (int i = 1; i < run.size(); i++) {
            args[i + 1] = run.get(i);
        }
        return args;
    }
}
