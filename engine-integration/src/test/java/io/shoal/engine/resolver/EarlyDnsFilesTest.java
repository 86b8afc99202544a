package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private Path directory() {
        return root.resolve("early-dns");
    }

    private EarlyDnsFiles filesWithApp() {
        EarlyDnsFiles files = new EarlyDnsFiles(directory());
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        files.attached(APP, SANDBOX, UPSTREAMS);
        return files;
    }

    @Test
    void aFileAppearsOnlyOnceTheResolverIsAttachedAndHoldsItsNames() throws Exception {
        EarlyDnsFiles files = new EarlyDnsFiles(directory());
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        assertThat(directory().resolve(APP)).doesNotExist();

        files.attached(APP, SANDBOX, UPSTREAMS);

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
        assertThat(names(APP)).containsExactly("web", "lan");

        files.withdrawn("web", APP);
        assertThat(names(APP)).containsExactly("lan");
        files.removed("lan");
        assertThat(names(APP)).isEmpty();

        files.detached(APP);
        assertThat(directory().resolve(APP)).doesNotExist();
        files.published("web", entry(APP, "app", "10.1.0.2"));
        assertThat(directory().resolve(APP)).doesNotExist();
    }

    @Test
    void anotherStartReadsTheFilesAndWritesNothingForTheSameState() throws Exception {
        filesWithApp();
        Files.setLastModifiedTime(directory().resolve(APP), java.nio.file.attribute.FileTime.fromMillis(0));
        EarlyDnsFiles next = new EarlyDnsFiles(directory());

        List<EarlyDnsFile> read = next.readAll();
        next.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        next.published("web", entry(APP, "app", "10.1.0.2"));
        next.attached(APP, SANDBOX, UPSTREAMS);

        assertThat(read).extracting(EarlyDnsFile::containerId).containsExactly(APP);
        assertThat(Files.getLastModifiedTime(directory().resolve(APP)).toMillis())
                .isZero();
        next.published("web", entry(APP, "app", "10.1.0.7"));
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
        EarlyDnsFiles files = new EarlyDnsFiles(directory());
        assertThat(files.readAll()).isEmpty();

        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published("web", entry(APP, "app", "10.1.0.2"));
        files.attached(APP, SANDBOX, UPSTREAMS);

        assertThat(names(APP)).containsExactly("web");
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
