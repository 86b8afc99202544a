package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the side files are written, rewritten, removed and read back, and what happens to garbled ones. */
class EarlyDnsFilesTest {
    private static final String APP = "a".repeat(64);
    private static final String DB = "b".repeat(64);
    private static final Path SANDBOX = Path.of("/run/netns/shoal-aaaaaaaaaaaa");
    private static final List<InetSocketAddress> UPSTREAMS =
            List.of(new InetSocketAddress(IpAddresses.parse("10.0.0.2"), 53));

    @TempDir
    Path root;

    /** The writer's drains, run when the test says: what is on disk before and after the writer ran. */
    private final Drains drains = new Drains();

    private static final class Drains implements SideFileWriter.Runner {
        final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void run(Runnable drain) {
            queued.add(drain);
        }

        /** Runs every queued drain; returns how many there were. */
        int runAll() {
            int count = 0;
            while (!queued.isEmpty()) {
                queued.poll().run();
                count++;
            }
            return count;
        }

        @Override
        public void close() {}
    }

    private EarlyDnsFiles newFiles() {
        return new EarlyDnsFiles(directory(), SideFileWriter.runningOn(drains));
    }

    private Path directory() {
        return root.resolve("early-dns");
    }

    private EarlyDnsFiles filesWithApp() {
        EarlyDnsFiles files = newFiles();
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        files.attached(APP, SANDBOX, UPSTREAMS);
        drains.runAll();
        return files;
    }

    @Test
    void aFileAppearsOnlyOnceTheResolverIsAttachedAndHoldsItsNames() throws Exception {
        EarlyDnsFiles files = newFiles();
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        assertThat(drains.runAll()).isZero();
        assertThat(directory().resolve(APP)).doesNotExist();

        files.attached(APP, SANDBOX, UPSTREAMS);
        assertThat(drains.runAll()).isEqualTo(1);

        EarlyDnsFile read = EarlyDnsFile.parse(Files.readString(directory().resolve(APP)));
        assertThat(read.sandbox()).isEqualTo(SANDBOX);
        assertThat(read.upstreams()).isEqualTo(UPSTREAMS);
        assertThat(read.networks()).extracting(EarlyDnsFile.Network::name).containsExactly("web");
        assertThat(read.networks().get(0).entry()).isEqualTo(entry(APP, "app", "10.1.0.2"));
        assertThat(directory()).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void changesRewriteTheFileAndADetachRemovesIt() throws Exception {
        EarlyDnsFiles files = filesWithApp();
        files.defined("lan", List.of(IpPrefix.parse("192.168.5.0/24")), false);
        files.published("lan", entry(APP, "app", "192.168.5.9"));
        drains.runAll();
        assertThat(names(APP)).containsExactly("web", "lan");

        files.withdrawn("web", APP);
        drains.runAll();
        assertThat(names(APP)).containsExactly("lan");
        files.removed("lan");
        drains.runAll();
        assertThat(names(APP)).isEmpty();

        files.detached(APP);
        drains.runAll();
        assertThat(directory().resolve(APP)).doesNotExist();
        files.published("web", entry(APP, "app", "10.1.0.2"));
        assertThat(drains.runAll()).isZero();
        assertThat(directory().resolve(APP)).doesNotExist();
    }

    @Test
    void anotherStartReadsTheFilesAndWritesNothingForTheSameState() throws Exception {
        filesWithApp();
        Files.setLastModifiedTime(directory().resolve(APP), java.nio.file.attribute.FileTime.fromMillis(0));
        EarlyDnsFiles next = newFiles();

        List<EarlyDnsFile> read = next.readAll();
        next.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        next.published("web", entry(APP, "app", "10.1.0.2"));
        next.attached(APP, SANDBOX, UPSTREAMS);

        assertThat(drains.runAll()).isZero();
        assertThat(read).extracting(EarlyDnsFile::containerId).containsExactly(APP);
        assertThat(Files.getLastModifiedTime(directory().resolve(APP)).toMillis())
                .isZero();
        next.published("web", entry(APP, "app", "10.1.0.7"));
        drains.runAll();
        assertThat(Files.getLastModifiedTime(directory().resolve(APP)).toMillis())
                .isNotZero();
    }

    @Test
    void garbledMisnamedAndForeignFilesAreSkipped() throws Exception {
        filesWithApp();
        Files.writeString(directory().resolve(DB), "version=1\ncontainer=" + DB + "\nsandbox=/x\n"); // cut short
        Files.copy(directory().resolve(APP), directory().resolve("c".repeat(64))); // names another container
        Files.writeString(directory().resolve(APP + ".tmp"), "left by a kill");
        Files.writeString(directory().resolve("README"), "not a container");

        assertThat(new EarlyDnsFiles(directory()).readAll())
                .extracting(EarlyDnsFile::containerId)
                .containsExactly(APP);
    }

    @Test
    void noDirectoryReadsAsNoFiles() {
        assertThat(new EarlyDnsFiles(root.resolve("absent")).readAll()).isEmpty();
    }

    @Test
    void aGarbledFileIsReplacedAtTheNextAttach() throws Exception {
        Files.createDirectories(directory());
        Files.writeString(directory().resolve(APP), "garbage");
        EarlyDnsFiles files = newFiles();
        assertThat(files.readAll()).isEmpty();

        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        files.attached(APP, SANDBOX, UPSTREAMS);
        drains.runAll();

        assertThat(names(APP)).containsExactly("web");
    }

    @Test
    void aConnectAndDisconnectReturnBeforeTheWriteAndChangesWaitingAreWrittenOnceAsTheLast() throws Exception {
        EarlyDnsFiles files = filesWithApp();
        files.defined("lan", List.of(IpPrefix.parse("192.168.5.0/24")), false);

        files.published("lan", entry(APP, "app", "192.168.5.9"));
        assertThat(names(APP)).containsExactly("web"); // the caller did not wait for the disk
        files.withdrawn("web", APP);
        files.published("web", entry(APP, "app", "10.1.0.2"));

        assertThat(drains.runAll()).isEqualTo(1);
        assertThat(names(APP)).containsExactly("lan", "web");
        assertThat(directory()).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aConnectAndDisconnectBeforeTheWriterRunsWriteNothing() throws Exception {
        EarlyDnsFiles files = filesWithApp();
        files.defined("lan", List.of(IpPrefix.parse("192.168.5.0/24")), false);
        Files.setLastModifiedTime(directory().resolve(APP), java.nio.file.attribute.FileTime.fromMillis(0));

        files.published("lan", entry(APP, "app", "192.168.5.9"));
        files.withdrawn("lan", APP);
        assertThat(drains.runAll()).isEqualTo(1);

        assertThat(Files.getLastModifiedTime(directory().resolve(APP)).toMillis())
                .isZero();
        assertThat(names(APP)).containsExactly("web");
    }

    @Test
    void aDetachAfterAWaitingRewriteLeavesNoFileAndAnAttachAfterADetachOne() throws Exception {
        EarlyDnsFiles files = filesWithApp();
        files.published("web", entry(APP, "app", "10.1.0.7"));
        files.detached(APP);
        drains.runAll();
        assertThat(directory().resolve(APP)).doesNotExist();

        files.published("web", entry(APP, "app", "10.1.0.8"));
        files.attached(APP, SANDBOX, UPSTREAMS);
        files.detached(APP);
        files.attached(APP, SANDBOX, UPSTREAMS);
        drains.runAll();
        assertThat(EarlyDnsFile.parse(Files.readString(directory().resolve(APP)))
                        .networks()
                        .get(0)
                        .entry())
                .isEqualTo(entry(APP, "app", "10.1.0.8"));
    }

    @Test
    void closeLeavesTheFilesCurrentAndLaterChangesAreWrittenAtOnce() throws Exception {
        EarlyDnsFiles files = new EarlyDnsFiles(directory()); // its own writer thread
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        files.attached(APP, SANDBOX, UPSTREAMS);
        files.published("web", entry(APP, "app", "10.1.0.3"));

        files.close();
        assertThat(EarlyDnsFile.parse(Files.readString(directory().resolve(APP)))
                        .networks()
                        .get(0)
                        .entry())
                .isEqualTo(entry(APP, "app", "10.1.0.3"));

        files.withdrawn("web", APP);
        assertThat(names(APP)).isEmpty();
        files.detached(APP);
        assertThat(directory().resolve(APP)).doesNotExist();
    }

    private List<String> names(String containerId) throws Exception {
        return EarlyDnsFile.parse(Files.readString(directory().resolve(containerId))).networks().stream()
                .map(EarlyDnsFile.Network::name)
                .toList();
    }

    private static DnsEntry entry(String id, String name, String address) {
        return new DnsEntry(id, name, Optional.empty(), List.of(), List.of(IpAddresses.parse(address)));
    }
}
