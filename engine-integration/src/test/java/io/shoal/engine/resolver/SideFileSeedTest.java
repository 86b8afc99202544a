package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed before the store: what the side files hold is published and attached; bad files and attaches skipped. */
class SideFileSeedTest {
    private static final String APP = "a".repeat(64);
    private static final String DB = "b".repeat(64);
    private static final String BROKEN = "c".repeat(64);

    @TempDir
    Path root;

    /** Records the calls; attaching {@code failing} fails as a namespace that is gone would. */
    private static final class RecordingNames implements NameService {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final String failing;

        RecordingNames(String failing) {
            this.failing = failing;
        }

        @Override
        public void defineNetwork(String networkName, List<IpPrefix> subnets, boolean ownsReverse) {
            calls.add("define " + networkName + " " + subnets + " " + ownsReverse);
        }

        @Override
        public void removeNetwork(String networkName) {
            calls.add("remove " + networkName);
        }

        @Override
        public List<String> publish(String networkName, DnsEntry entry) {
            calls.add("publish " + networkName + " " + entry.containerName() + " " + entry.addresses());
            return List.of();
        }

        @Override
        public void withdraw(String networkName, String containerId) {
            calls.add("withdraw " + networkName);
        }

        @Override
        public void attachResolver(String containerId, Path namespace, List<InetSocketAddress> upstreams)
                throws EngineException {
            if (containerId.equals(failing)) {
                throw new EngineException(ErrorKind.INTERNAL, "cannot open the network namespace " + namespace);
            }
            calls.add("attach " + namespace + " " + upstreams);
        }

        @Override
        public void attachResolverEarly(String containerId, Path namespace, List<InetSocketAddress> upstreams)
                throws EngineException {
            if (containerId.equals(failing)) {
                throw new EngineException(ErrorKind.INTERNAL, "cannot open the network namespace " + namespace);
            }
            calls.add("attach early " + namespace + " " + upstreams);
        }

        @Override
        public void detachResolver(String containerId) {
            calls.add("detach " + containerId);
        }
    }

    @Test
    void publishesAndAttachesWhatTheReadableFilesHold() throws Exception {
        EarlyDnsFiles files = new EarlyDnsFiles(root);
        write(files, APP, "app", "10.1.0.2");
        write(files, DB, "db", "10.1.0.3");
        files.close(); // as the engine stops: what was told is on disk
        Files.writeString(root.resolve(BROKEN), "version=1\n");
        RecordingNames names = new RecordingNames(DB);

        SideFileSeed.Seeded seeded = SideFileSeed.seed(new EarlyDnsFiles(root), names);

        assertThat(seeded.files()).isEqualTo(2);
        assertThat(seeded.endpoints()).isEqualTo(2);
        assertThat(seeded.resolvers()).isEqualTo(1);
        assertThat(seeded.failed()).isEqualTo(1);
        assertThat(seeded.names().containersByNetwork()).isEqualTo(Map.of("web", Set.of(APP, DB)));
        assertThat(seeded.names().resolvers()).containsExactlyInAnyOrder(APP, DB);
        assertThat(names.calls)
                .contains(
                        "define web [10.1.0.0/24] true",
                        "publish web app [/10.1.0.2]",
                        "publish web db [/10.1.0.3]",
                        // early: the rule left by the earlier engine is taken on trust until the store-based step
                        "attach early /run/netns/shoal-" + APP.substring(0, 12) + " [/10.0.0.2:53]")
                .hasSize(5);
    }

    @Test
    void noFilesSeedNothing() {
        RecordingNames names = new RecordingNames("");

        SideFileSeed.Seeded seeded = SideFileSeed.seed(new EarlyDnsFiles(root.resolve("absent")), names);

        assertThat(seeded.files()).isZero();
        assertThat(seeded.names().resolvers()).isEmpty();
        assertThat(names.calls).isEmpty();
    }

    private static void write(EarlyDnsFiles files, String id, String name, String address) {
        files.defined("web", List.of(IpPrefix.parse("10.1.0.0/24")), true);
        files.published(
                "web", new DnsEntry(id, name, Optional.empty(), List.of(), List.of(IpAddresses.parse(address))));
        files.attached(
                id,
                Path.of("/run/netns/shoal-" + id.substring(0, 12)),
                List.of(new InetSocketAddress(IpAddresses.parse("10.0.0.2"), 53)));
    }
}
