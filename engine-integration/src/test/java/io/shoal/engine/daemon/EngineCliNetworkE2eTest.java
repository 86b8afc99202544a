package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker network} against a real shoald: create with every option the issue names, ls with filters and
 * formats, inspect's shape, rm, prune, and the errors (duplicate name, overlapping subnet, rm with endpoints, connect
 * twice, unknown objects) with their exit codes and texts. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCliNetworkE2eTest {
    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    @Test
    void createWithEveryOptionAndInspect() throws Exception {
        String id = shoald.ok(
                "network",
                "create",
                "--subnet",
                "10.31.0.0/16",
                "--gateway",
                "10.31.0.254",
                "--ip-range",
                "10.31.5.0/24",
                "--aux-address",
                "reserved=10.31.5.1",
                "--ipv6",
                "--subnet",
                "fd00:31::/64",
                "--internal",
                "--label",
                "team=blue",
                "-o",
                "com.docker.network.bridge.name=br-opts31",
                "opts");
        assertThat(id).matches("[0-9a-f]{64}");

        assertThat(shoald.ok(
                        "network", "inspect", "opts", "--format", "{{.Id}} {{.Driver}} {{.EnableIPv6}} {{.Internal}}"))
                .isEqualTo(id + " bridge true true");
        assertThat(shoald.ok("network", "inspect", "opts", "--format", "{{json .IPAM.Config}}"))
                .contains("\"Subnet\":\"10.31.0.0/16\"", "\"Gateway\":\"10.31.0.254\"", "\"IPRange\":\"10.31.5.0/24\"")
                .contains("\"reserved\":\"10.31.5.1\"")
                .contains("\"Subnet\":\"fd00:31::/64\"");
        assertThat(shoald.ok("network", "inspect", "opts", "--format", "{{json .Labels}} {{json .Options}}"))
                .contains("\"team\":\"blue\"", "\"com.docker.network.bridge.name\":\"br-opts31\"");
        assertThat(ShoaldUnderTest.links()).contains("br-opts31");

        try {
            // As Docker's IPAM, the range's first address is a host of the /16 and so given out; the aux address
            // (.1) is skipped.
            shoald.ok("run", "-d", "--name", "opts-c1", "--network", "opts", ShoaldUnderTest.IMAGE, "sleep", "600");
            shoald.ok("run", "-d", "--name", "opts-c2", "--network", "opts", ShoaldUnderTest.IMAGE, "sleep", "600");
            String containers = shoald.ok("network", "inspect", "opts", "--format", "{{json .Containers}}");
            assertThat(containers)
                    .contains("\"Name\":\"opts-c1\"", "\"IPv4Address\":\"10.31.5.0/16\"")
                    .contains("\"Name\":\"opts-c2\"", "\"IPv4Address\":\"10.31.5.2/16\"")
                    .contains("\"IPv6Address\":\"fd00:31::2/64\"", "\"IPv6Address\":\"fd00:31::3/64\"");
            assertThat(shoald.ok("inspect", "opts-c2", "--format", "{{.NetworkSettings.Networks.opts.IPAddress}}"))
                    .isEqualTo("10.31.5.2");
            assertThat(shoald.ok("inspect", "opts-c2", "--format", "{{.NetworkSettings.Networks.opts.Gateway}}"))
                    .isEqualTo("10.31.0.254");

            // rm with endpoints is refused and changes nothing.
            Result refused = shoald.fails("network", "rm", "opts");
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("has active endpoints");
            assertThat(shoald.ok("network", "inspect", "opts", "--format", "{{.Id}}"))
                    .isEqualTo(id);
            assertThat(ShoaldUnderTest.links()).contains("br-opts31");
            assertThat(shoald.ok("exec", "opts-c2", "ip", "-4", "addr", "show", "eth0"))
                    .contains("10.31.5.2/16");
            assertThat(shoald.ok("exec", "opts-c2", "ping", "-c", "1", "-W", "2", "10.31.5.0"))
                    .contains("1 packets received");
        } finally {
            shoald.docker("rm", "-f", "opts-c1", "opts-c2");
        }
        assertThat(shoald.ok("network", "rm", "opts")).isEqualTo("opts");
        assertThat(ShoaldUnderTest.links()).doesNotContain("br-opts31");
        assertThat(shoald.fails("network", "inspect", "opts").err()).contains("network opts not found");
    }

    /**
     * rm -f answers with the container's name, fixed address and endpoint free (its namespace is deleted before the
     * driver's leave, the pair deleted in the background): the same name with the same {@code --ip} runs again at once
     * and is reached by that name, and after each removal the name no longer resolves.
     */
    @Test
    void aForceRemovedContainersNameAndAddressAreFreeAtOnce() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.33.0.0/24", "reuse");
        try {
            shoald.ok("run", "-d", "--name", "reuse-peer", "--network", "reuse", ShoaldUnderTest.IMAGE, "sleep", "600");
            for (int round = 0; round < 3; round++) {
                shoald.ok(
                        "run",
                        "-d",
                        "--name",
                        "reuse-c",
                        "--network",
                        "reuse",
                        "--ip",
                        "10.33.0.50",
                        ShoaldUnderTest.IMAGE,
                        "sleep",
                        "600");
                assertThat(shoald.ok("exec", "reuse-c", "ip", "-4", "addr", "show", "eth0"))
                        .contains("10.33.0.50/24");
                assertThat(shoald.ok("exec", "reuse-peer", "ping", "-c", "1", "-W", "2", "reuse-c"))
                        .contains("1 packets received");
                assertThat(shoald.ok("rm", "-f", "reuse-c")).isEqualTo("reuse-c");
                Result gone = shoald.docker("exec", "reuse-peer", "nslookup", "-type=a", "reuse-c");
                assertThat(gone.out()).as(gone.toString()).doesNotContain("10.33.0.50");
            }
        } finally {
            shoald.docker("rm", "-f", "reuse-c", "reuse-peer");
            shoald.docker("network", "rm", "reuse");
        }
    }

    @Test
    void lsFiltersAndFormats() throws Exception {
        shoald.ok("network", "create", "--label", "tier=front", "lsa");
        shoald.ok("network", "create", "--label", "tier=back", "lsb");
        try {
            assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines())
                    .contains("bridge", "host", "none", "lsa", "lsb");
            assertThat(shoald.ok("network", "ls", "--filter", "name=lsa", "--format", "{{.Name}}"))
                    .isEqualTo("lsa");
            assertThat(shoald.ok("network", "ls", "--filter", "label=tier=back", "--format", "{{.Name}}"))
                    .isEqualTo("lsb");
            assertThat(shoald.ok("network", "ls", "--filter", "label=tier", "--format", "{{.Name}}")
                            .lines())
                    .containsExactlyInAnyOrder("lsa", "lsb");
            assertThat(shoald.ok("network", "ls", "--filter", "type=custom", "--format", "{{.Name}}")
                            .lines())
                    .containsExactlyInAnyOrder("lsa", "lsb");
            assertThat(shoald.ok("network", "ls", "--filter", "type=builtin", "--format", "{{.Name}}")
                            .lines())
                    .containsExactlyInAnyOrder("bridge", "host", "none");
            assertThat(shoald.ok("network", "ls", "--filter", "driver=null", "--format", "{{.Name}} {{.Driver}}"))
                    .isEqualTo("none null");
            assertThat(shoald.ok(
                                    "network",
                                    "ls",
                                    "--filter",
                                    "driver=bridge",
                                    "--filter",
                                    "name=ls",
                                    "--format",
                                    "{{.Name}}")
                            .lines())
                    .containsExactlyInAnyOrder("lsa", "lsb");
            String lsaId = shoald.ok("network", "inspect", "lsa", "--format", "{{.Id}}");
            assertThat(shoald.ok("network", "ls", "-q", "--filter", "name=lsa")).isEqualTo(lsaId.substring(0, 12));
            assertThat(shoald.ok("network", "ls", "--no-trunc", "-q", "--filter", "name=lsa"))
                    .isEqualTo(lsaId);
        } finally {
            shoald.docker("network", "rm", "lsa", "lsb");
        }
    }

    @Test
    void pruneRemovesOnlyUnusedUserNetworks() throws Exception {
        shoald.ok("network", "create", "prune-unused");
        shoald.ok("network", "create", "prune-used");
        shoald.ok("run", "-d", "--name", "prune-c", "--network", "prune-used", ShoaldUnderTest.IMAGE, "sleep", "600");
        try {
            String out = shoald.ok("network", "prune", "-f");
            assertThat(out).contains("prune-unused").doesNotContain("prune-used");
            assertThat(shoald.ok("network", "ls", "--format", "{{.Name}}").lines())
                    .contains("prune-used", "bridge", "host", "none")
                    .doesNotContain("prune-unused");
        } finally {
            shoald.docker("rm", "-f", "prune-c");
            shoald.docker("network", "rm", "prune-used");
        }
    }

    @Test
    void errorsHaveDockersExitCodesAndTexts() throws Exception {
        shoald.ok("network", "create", "--subnet", "10.77.0.0/16", "errs");
        shoald.ok("run", "-d", "--name", "errs-c", "--network", "errs", ShoaldUnderTest.IMAGE, "sleep", "600");
        try {
            Result duplicate = shoald.fails("network", "create", "errs");
            assertThat(duplicate.exit()).isEqualTo(1);
            assertThat(duplicate.err()).contains("network with name errs already exists");

            Result overlap = shoald.fails("network", "create", "--subnet", "10.77.128.0/17", "errs2");
            assertThat(overlap.exit()).isEqualTo(1);
            assertThat(overlap.err()).contains("overlaps 10.77.0.0/16 of network errs");
            assertThat(shoald.docker("network", "inspect", "errs2").exit()).isEqualTo(1);

            Result twice = shoald.fails("network", "connect", "errs", "errs-c");
            assertThat(twice.err()).contains("already exists in network errs");

            assertThat(shoald.fails("network", "connect", "no-such-net", "errs-c")
                            .err())
                    .contains("network no-such-net not found");
            assertThat(shoald.fails("network", "connect", "errs", "no-such-ctr").err())
                    .contains("No such container: no-such-ctr");
            assertThat(shoald.fails("network", "rm", "no-such-net").err()).contains("network no-such-net not found");

            Result image = shoald.fails("run", "--rm", "no-such-image", "true");
            assertThat(image.exit()).isEqualTo(125);
            assertThat(image.err()).contains("no-such-image");
            Result container = shoald.fails("inspect", "--type", "container", "no-such-ctr");
            assertThat(container.exit()).isEqualTo(1);
            assertThat(container.err()).contains("No such container: no-such-ctr");
            Result exec = shoald.fails("exec", "no-such-ctr", "true");
            assertThat(exec.err()).contains("No such container: no-such-ctr");
            assertThat(shoald.fails("rmi", "no-such-image").err()).contains("No such image: no-such-image");
            Result network = shoald.fails("run", "--rm", "--network", "no-such-net", ShoaldUnderTest.IMAGE, "true");
            assertThat(network.exit()).isEqualTo(125);
            assertThat(network.err()).contains("network no-such-net not found");
            Result predefined = shoald.fails("network", "rm", "bridge");
            assertThat(predefined.err()).contains("bridge is a pre-defined network and cannot be removed");
            Result badSubnet = shoald.fails("network", "create", "--subnet", "10.0.0.0/33", "bad-subnet");
            assertThat(badSubnet.err()).contains("10.0.0.0/33");
            assertThat(shoald.docker("network", "inspect", "bad-subnet").exit()).isEqualTo(1);
        } finally {
            shoald.docker("rm", "-f", "errs-c");
            shoald.docker("network", "rm", "errs");
        }
    }
}
