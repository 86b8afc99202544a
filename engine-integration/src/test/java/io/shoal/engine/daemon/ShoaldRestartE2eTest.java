package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * shoald killed (SIGKILL) and stopped (SIGTERM) under running containers, then started again on the same data root
 * while its private containerd kept running: containers, long-lived TCP connections between containers and through a
 * published port, logs and DNS go on; store, kernel and containerd agree ({@link EngineConsistency}); a burst of
 * concurrent runs, connects and disconnects cut by a SIGKILL leaves a state the next start completes or undoes, and
 * every interrupted operation can be repeated.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShoaldRestartE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private static final Pattern SEQUENCE = Pattern.compile("[np](\\d+)");
    private static final int BURST_TARGETS = Integer.getInteger("shoal.restart.burstTargets", 10);
    private static final int BURST_RUNS = Integer.getInteger("shoal.restart.burstRuns", 30);

    private static final AtomicReference<Throwable> clientFailure = new AtomicReference<>();
    private static final AtomicInteger clientSent = new AtomicInteger();
    private static Socket client;
    private static Thread clientWriter;
    private static int webPort;

    @BeforeAll
    static void containers() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.93.0.0/24", "front");
        shoald.ok("network", "create", "back");
        shoald.ok("network", "create", "extra");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "web",
                "--network",
                "front",
                "--network-alias",
                "www",
                "-p",
                "127.0.0.1::80",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "mkdir /w && echo hello > /w/index.html && httpd -f -p 80 -h /w");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "srv",
                "--network",
                "front",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "sleep 100000 | nc -l -p 9000");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "feeder",
                "--network",
                "front",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "sleep 2; i=0; while true; do echo n$i; i=$((i+1)); sleep 0.2; done | nc srv 9000");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "psrv",
                "--network",
                "back",
                "-p",
                "127.0.0.1::9100",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "sleep 100000 | nc -l -p 9100");
        // 300 lines of ~100 bytes a second: more than a pipe holds (64 KiB) while shoald is down.
        shoald.ok(
                "run",
                "-d",
                "--name",
                "chatty",
                "--network",
                "back",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "i=0; while true; do i=$((i+1)); j=0; while [ $j -lt 300 ]; do j=$((j+1)); echo \"burst $i line $j"
                        + " ................................................................................\";"
                        + " done; echo done $i; sleep 1; done");
        shoald.ok(
                "run",
                "-d",
                "--name",
                "prober",
                "--network",
                "front",
                ShoaldUnderTest.IMAGE,
                "sh",
                "-c",
                "while true; do if nslookup www 127.0.0.11 >/dev/null 2>&1; then echo ok $(cut -d' ' -f1 /proc/uptime);"
                        + " else echo fail $(cut -d' ' -f1 /proc/uptime); fi; sleep 0.05; done");
        shoald.ok("run", "-d", "--name", "both", "--network", "front", ShoaldUnderTest.IMAGE, "sleep", "100000");
        shoald.ok("network", "connect", "back", "both");
        webPort = hostPort("web", "80");
        int psrvPort = hostPort("psrv", "9100");
        client = new Socket();
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), psrvPort), 5000);
        OutputStream out = client.getOutputStream();
        clientWriter = new Thread(
                () -> {
                    try {
                        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                            out.write(("p" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            clientSent.set(i);
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        clientFailure.set(e);
                    }
                },
                "published-port client");
        clientWriter.setDaemon(true);
        clientWriter.start();
        awaitLast("srv", 3);
        awaitLast("psrv", 3);
    }

    @AfterAll
    static void closeClient() throws IOException, InterruptedException {
        if (clientWriter != null) {
            clientWriter.interrupt();
            clientWriter.join(5000);
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void killedWhileIdleEverythingGoesOnAndIsAdoptedAgain() throws Exception {
        Map<String, String> started = startedAt();
        int chattyBefore = count(shoald.ok("logs", "chatty"), "done ");
        int srvBefore = last("srv");

        shoald.kill9();
        assertThat(shoald.containerd()).as("containerd outlives shoald").isPresent();
        // While shoald is down: a new connection through the published port is answered.
        assertThat(httpGet(webPort)).contains("hello");
        Thread.sleep(3000);
        long restartTicks = System.nanoTime();
        shoald.restart();
        double jvmStart = processStartSeconds(shoald.process().pid());
        System.out.printf("restart: shoald ready %.2f s after its launch%n", (System.nanoTime() - restartTicks) / 1e9);

        assertThat(startedAt())
                .as("every container still runs, the same process")
                .isEqualTo(started);
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
        assertThat(clientFailure.get())
                .as("the connection through the published port")
                .isNull();
        int sent = clientSent.get();
        awaitLast("psrv", sent);
        awaitLast("srv", srvBefore + 20); // feeder's connection to srv still carries its sequence
        assertThat(running("feeder")).isTrue();
        awaitCondition(
                () -> count(shoald.ok("logs", "chatty"), "done ") >= chattyBefore + 5,
                "chatty's output flows again (it would block on a full pipe)");
        assertThat(shoald.ok("exec", "both", "nslookup", "www")).contains("10.93.0.");
        reportDnsGap(jvmStart);
    }

    @Test
    @Order(2)
    void killedDuringABurstEveryOperationIsCompletedOrUndoneAndCanBeRepeated() throws Exception {
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < BURST_TARGETS; i++) {
            String name = "t" + i;
            shoald.ok("run", "-d", "--name", name, "--network", "front", ShoaldUnderTest.IMAGE, "sleep", "100000");
            shoald.ok("network", "connect", "back", name);
            targets.add(name);
        }
        Map<String, String> started = startedAt();
        List<List<String>> operations = new ArrayList<>();
        for (String target : targets) {
            operations.add(List.of("network", "disconnect", "back", target));
            operations.add(List.of("network", "connect", "extra", target));
        }
        for (int i = 0; i < BURST_RUNS; i++) {
            operations.add(List.of(
                    "run",
                    "-d",
                    "--name",
                    "burst" + i,
                    "--network",
                    i % 2 == 0 ? "front" : "back",
                    ShoaldUnderTest.IMAGE,
                    "sleep",
                    "100000"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(operations.size());
        List<Future<ShoaldUnderTest.Result>> results = new ArrayList<>();
        for (List<String> operation : operations) {
            results.add(pool.submit(() -> shoald.docker(operation.toArray(String[]::new))));
        }
        Thread.sleep(Long.getLong("shoal.restart.burstKillMillis", 2500));
        shoald.kill9();
        int succeeded = 0;
        for (Future<ShoaldUnderTest.Result> result : results) {
            succeeded += result.get().exit() == 0 ? 1 : 0;
        }
        pool.shutdown();
        System.out.printf("burst: %d of %d operations finished before the kill%n", succeeded, operations.size());
        shoald.restart();

        Map<String, String> after = startedAt();
        started.forEach((name, time) ->
                assertThat(after.get(name)).as(name + " still runs").isEqualTo(time));
        assertThat(EngineConsistency.problems(shoald)).isEmpty();

        // Every operation again: each must reach its end state.
        for (String target : targets) {
            String networks =
                    shoald.ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", target);
            if (networks.contains("back")) {
                shoald.ok("network", "disconnect", "back", target);
            }
            if (networks.contains("extra")) {
                shoald.ok("network", "disconnect", "extra", target);
            }
            shoald.ok("network", "connect", "extra", target);
        }
        for (int i = 0; i < BURST_RUNS; i++) {
            shoald.docker("rm", "-f", "burst" + i);
            shoald.ok(
                    "run",
                    "-d",
                    "--name",
                    "burst" + i,
                    "--network",
                    i % 2 == 0 ? "front" : "back",
                    ShoaldUnderTest.IMAGE,
                    "sleep",
                    "100000");
        }
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
        for (int i = 0; i < BURST_RUNS; i++) {
            shoald.ok("rm", "-f", "burst" + i);
        }
        for (String target : targets) {
            shoald.ok("rm", "-f", target);
        }
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
    }

    @Test
    @Order(3)
    void sigtermLeavesContainersAndContainerdRunning() throws Exception {
        Map<String, String> started = startedAt();
        assertThat(shoald.terminate()).isEqualTo(143);
        assertThat(shoald.logText()).contains("stop: private containerd left running");
        assertThat(shoald.containerd()).isPresent();
        assertThat(httpGet(webPort)).contains("hello");
        shoald.restart();
        assertThat(startedAt()).isEqualTo(started);
        assertThat(EngineConsistency.problems(shoald)).isEmpty();
        assertThat(clientFailure.get()).isNull();
        awaitLast("psrv", clientSent.get());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** Each running container's name and State.StartedAt. */
    private static Map<String, String> startedAt() throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : shoald.docker("ps", "--format", "{{.Names}}").lines()) {
            map.put(line, shoald.ok("inspect", "-f", "{{.State.StartedAt}} {{.State.Pid}}", line));
        }
        return map;
    }

    private static boolean running(String name) throws Exception {
        return shoald.ok("inspect", "-f", "{{.State.Running}}", name).equals("true");
    }

    private static int hostPort(String container, String port) throws Exception {
        String mapping = shoald.ok("port", container, port).lines().findFirst().orElseThrow();
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
    }

    /** The highest sequence number in a container's log (n123 or p123); -1 when none. */
    private static int last(String container) throws Exception {
        Matcher matcher = SEQUENCE.matcher(shoald.ok("logs", container));
        int last = -1;
        while (matcher.find()) {
            last = Math.max(last, Integer.parseInt(matcher.group(1)));
        }
        return last;
    }

    private static void awaitLast(String container, int atLeast) throws Exception {
        awaitCondition(() -> last(container) >= atLeast, container + "'s log reaching " + atLeast);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static int count(String text, String word) {
        return (int) text.lines().filter(line -> line.startsWith(word)).count();
    }

    private static String httpGet(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** A process's start, in seconds since boot (proc(5) stat field 22, clock ticks of 1/100 s). */
    private static double processStartSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(")") + 2).split(" ", -1);
        return Long.parseLong(fields[19]) / 100.0;
    }

    /** The prober's first answer after shoald's JVM started, from its log (times since boot, /proc/uptime). */
    private static void reportDnsGap(double jvmStart) throws Exception {
        double firstOk = -1;
        double lastFail = -1;
        for (String line : shoald.ok("logs", "prober").lines().toList()) {
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) {
                continue;
            }
            double time = Double.parseDouble(parts[1]);
            if (parts[0].equals("fail")) {
                lastFail = time;
                firstOk = -1;
            } else if (firstOk < 0 && time >= jvmStart) {
                firstOk = time;
            }
        }
        System.out.printf(
                "restart: first DNS answer inside a container %.2f s after shoald's JVM started (last failure %.2f s"
                        + " after)%n",
                firstOk - jvmStart, lastFail - jvmStart);
        assertThat(firstOk).as("the prober got an answer after the restart").isPositive();
    }
}
