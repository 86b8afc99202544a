package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.testing.TestcontainersClients;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers for Java against a real dockerd 20.10 whose networks come from Shoal's plugin: {@code
 * Network.builder().driver("shoal")}, {@code withNetwork}, {@code withNetworkAliases}, lookups through dockerd's own
 * embedded DNS and traffic between the containers, exec'd. Ryuk and the start-up checks are off and only the imported
 * image is used (engine-integration's surefire environment, as for {@code TestcontainersE2eTest}).
 */
@Tag("e2e")
class PluginTestcontainersE2eTest {
    private static final DockerImageName BUSYBOX = DockerImageName.parse(PrivateDockerdWithPlugin.IMAGE);
    private static final ImagePullPolicy NEVER_PULL = image -> false;
    private static final String STRATEGY =
            "org.testcontainers.dockerclient.EnvironmentAndSystemPropertyClientProviderStrategy";

    private static PrivateDockerdWithPlugin env;

    @BeforeAll
    static void startDockerdAndPlugin() throws Exception {
        Assumptions.assumeTrue(
                STRATEGY.equals(System.getenv("TESTCONTAINERS_DOCKER_CLIENT_STRATEGY"))
                        && "true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED")),
                "run through Maven: engine-integration's surefire configuration sets Testcontainers' environment");
        env = new PrivateDockerdWithPlugin(
                "shoalplug-tc", Path.of("..").toAbsolutePath().normalize());
        env.start();
        TestcontainersClients.forgetDaemon(); // another class of this JVM may have pointed it elsewhere
        System.setProperty("DOCKER_HOST", "unix://" + env.socket());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        System.clearProperty("DOCKER_HOST");
        TestcontainersClients.forgetDaemon();
        if (env != null) {
            env.close();
        }
    }

    private static GenericContainer<?> busybox(String... command) {
        return new GenericContainer<>(BUSYBOX).withImagePullPolicy(NEVER_PULL).withCommand(command);
    }

    @Test
    void containersOnAShoalNetworkFindAndReachEachOther() throws Exception {
        try (Network network = Network.builder().driver("shoal").build();
                GenericContainer<?> web =
                        busybox("sleep", "600").withNetwork(network).withNetworkAliases("web", "www");
                GenericContainer<?> asker = busybox("sleep", "600").withNetwork(network)) {
            web.start();
            asker.start();
            String networkName = web.getContainerInfo()
                    .getNetworkSettings()
                    .getNetworks()
                    .keySet()
                    .iterator()
                    .next();
            String webAddress = web.getContainerInfo()
                    .getNetworkSettings()
                    .getNetworks()
                    .get(networkName)
                    .getIpAddress();
            assertThat(env.docker("network", "inspect", networkName, "-f", "{{.Driver}}")
                            .ok()
                            .out()
                            .trim())
                    .isEqualTo("shoal");

            ExecResult lookup = asker.execInContainer("nslookup", "www", "127.0.0.11");
            assertThat(lookup.getStdout()).contains(webAddress);
            ExecResult ping = asker.execInContainer("ping", "-c1", "-W2", "web");
            assertThat(ping.getExitCode())
                    .as(ping.getStdout() + ping.getStderr())
                    .isZero();
            ExecResult back = web.execInContainer("ping", "-c1", "-W2", webAddress);
            assertThat(back.getExitCode()).isZero();
        }
    }
}
