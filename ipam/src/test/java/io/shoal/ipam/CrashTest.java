package io.shoal.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.HostRoutes;
import io.shoal.spi.ipam.PoolAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL in the middle of a burst of allocations, twice, and checks the store afterwards:
 * every address the child reported is still allocated, none was handed out twice (not even by the second child,
 * which allocates after the first crash without any reconcile), and reconcile with the reported set leaves exactly
 * that set.
 */
class CrashTest {
    private static final int ALLOCATIONS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    /** One line the child completed: an allocation ({@code +}) or a release about to happen ({@code -}). */
    private record Event(boolean allocated, InetAddress address) {}

    /** What one child reported, in order. */
    private record Report(List<Event> events, String stderr) {
        long allocations() {
            return events.stream().filter(Event::allocated).count();
        }
    }

    @Test
    void killedMidBurstNothingIsDuplicatedAndNothingLeaks() throws Exception {
        Path db = dir.resolve("crash.db");
        Set<InetAddress> live = new LinkedHashSet<>();
        for (int round = 0; round < 2; round++) {
            Report report = runAndKill(db, dir.resolve("child-" + round + ".err"));
            assertThat(report.allocations())
                    .as("child stderr: %s", report.stderr())
                    .isGreaterThanOrEqualTo(ALLOCATIONS_BEFORE_KILL);
            for (Event event : report.events()) {
                if (event.allocated()) {
                    // An address may come back only after its release: check against what is held right now.
                    assertThat(live.add(event.address()))
                            .as("%s handed out while still held", event.address())
                            .isTrue();
                } else {
                    assertThat(live.remove(event.address()))
                            .as("released %s", event.address())
                            .isTrue();
                }
            }
        }
        try (DefaultIpamDriver driver =
                DefaultIpamDriver.open(SqliteIpamStore.open(db), IpamConfig.defaults(), HostRoutes.none())) {
            Set<InetAddress> stored = new HashSet<>(driver.endpointAddresses(CrashChild.POOL));
            assertThat(stored).as("every reported allocation is durable").containsAll(live);
            Set<InetAddress> extra = new HashSet<>(stored);
            extra.removeAll(live);
            assertThat(extra.size())
                    .as("only requests in flight at each kill (2 threads, 2 kills) may be stored unreported: %s", extra)
                    .isLessThanOrEqualTo(4);
            Set<PoolAddress> held = live.stream()
                    .map(address -> new PoolAddress(CrashChild.POOL, address))
                    .collect(Collectors.toSet());
            Set<PoolAddress> freed = driver.reconcile(held);
            assertThat(freed.stream().map(PoolAddress::address).collect(Collectors.toSet()))
                    .isEqualTo(extra);
            assertThat(new HashSet<>(driver.endpointAddresses(CrashChild.POOL))).isEqualTo(live);
            for (int i = 0; i < 500; i++) {
                InetAddress fresh = driver.requestAddress(AddressRequest.next(CrashChild.POOL))
                        .address()
                        .address();
                assertThat(live.add(fresh)).as("%s is still held", fresh).isTrue();
            }
        }
    }

    private Report runAndKill(Path db, Path stderr) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString())
                .redirectError(stderr.toFile())
                .start();
        List<Event> events = new ArrayList<>();
        byte[] rest;
        try (InputStream out = child.getInputStream()) {
            StringBuilder line = new StringBuilder();
            int c;
            int allocations = 0;
            while (allocations < ALLOCATIONS_BEFORE_KILL && (c = out.read()) >= 0) {
                if (c == '\n') {
                    allocations += record(line.toString(), events);
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            // SIGKILL: no shutdown hooks, no finally blocks. (Through the handle: Process.destroyForcibly would
            // also close our end of its stdout, losing the lines it wrote just before dying.)
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            rest = out.readAllBytes();
            String tail = line + new String(rest, StandardCharsets.US_ASCII);
            int lastNewline = tail.lastIndexOf('\n');
            // Only lines the child finished count; a half-written last line reported nothing.
            for (String complete : lastNewline < 0
                    ? new String[0]
                    : tail.substring(0, lastNewline).split("\n")) {
                record(complete, events);
            }
        }
        return new Report(events, Files.exists(stderr) ? Files.readString(stderr) : "");
    }

    /** Adds the line's event; returns 1 for an allocation. */
    private static int record(String line, List<Event> events) {
        if (line.startsWith("+ ")) {
            events.add(new Event(true, Fixtures.ip(line.substring(2))));
            return 1;
        }
        if (line.startsWith("- ")) {
            events.add(new Event(false, Fixtures.ip(line.substring(2))));
        } else if (line.startsWith("! ")) {
            throw new AssertionError("child failed: " + line);
        }
        return 0;
    }
}
