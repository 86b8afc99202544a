package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Version;
import io.shoal.engine.daemon.RecordingRelay.Exchange;
import io.shoal.engine.testing.TestcontainersClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ResourceReaper;

/**
 * Testcontainers for Java (docker-java inside) as a client of a real shoald: GenericContainer's life cycle with a
 * command, env, labels and a mapped port reached from this JVM, exec, logs and a log-message wait; a network made by
 * {@link Network#newNetwork()} with two containers under one alias that a third resolves round robin; and the
 * DockerClientFactory client calls those features rest on. Runs as root through scripts/in-netns: this JVM shares
 * shoald's namespace (its "host"), so a port published on every address is reached on 127.0.0.1.
 *
 * <p>Testcontainers is configured without touching the user's files: the surefire configuration of this module sets
 * TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_CHECKS_DISABLE, TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 and pins the
 * strategy that reads DOCKER_HOST, which {@link #pointTestcontainersAtShoald} sets as a system property (docker-java
 * reads those over the environment); images are never pulled (only the imported busybox exists).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestcontainersE2eTest {
    private static final DockerImageName BUSYBOX = DockerImageName.parse(ShoaldUnderTest.IMAGE + ":latest");
    private static final ImagePullPolicy NEVER_PULL = image -> false;
    private static final Pattern ADDRESS = Pattern.compile("Address(?: \\d+)?: ([0-9a-f.:]+)$", Pattern.MULTILINE);
    /** The strategy that reads DOCKER_HOST (deprecated as public API in 2.0, still the one chosen for it). */
    private static final String STRATEGY =
            "org.testcontainers.dockerclient.EnvironmentAndSystemPropertyClientProviderStrategy";

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    /** Between Testcontainers and shoald: what docker-java asks and what it is answered. */
    private RecordingRelay relay;

    @BeforeAll
    void pointTestcontainersAtShoald() throws Exception {
        Assumptions.assumeTrue(
                STRATEGY.equals(System.getenv("TESTCONTAINERS_DOCKER_CLIENT_STRATEGY"))
                        && "true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED")),
                "run through Maven: engine-integration's surefire configuration sets Testcontainers' environment");
        relay = RecordingRelay.start(shoald.socket(), shoald.dir().resolve("relay.sock"));
        TestcontainersClients.forgetDaemon(); // another class of this JVM may have pointed it elsewhere
        System.setProperty("DOCKER_HOST", "unix://" + relay.socket());
    }

    /**
     * Every request Testcontainers sent was answered with a success, as dockerd 20.10 answered the same calls
     * (clients-wire.md §2), but for the inspects of a container or network this class removed; the calls its
     * features rest on were all made. Testcontainers swallows some failures (the architecture check after a start),
     * so a status it would not show is seen here.
     */
    @AfterAll
    void everyCallWasAnsweredAsDockerAnswersIt() throws Exception {
        if (relay == null) {
            return;
        }
        relay.close();
        System.clearProperty("DOCKER_HOST"); // the socket is gone with this class's shoald
        TestcontainersClients.forgetDaemon();
        List<Exchange> exchanges = relay.exchanges();
        // Kept in the class's surefire output, to compare with clients-wire.md §2.
        exchanges.forEach(exchange -> System.out.println("testcontainers wire: " + exchange));
        assertThat(exchanges).as("the exchanges").allSatisfy(exchange -> assertThat(exchange.status() / 100 == 2
                        || exchange.status() == 101
                        || (exchange.status() == 404 && removedThingInspected(exchange)))
                .as(exchange.toString())
                .isTrue());
        Set<String> calls = new LinkedHashSet<>();
        for (Exchange exchange : exchanges) {
            calls.add(exchange.method() + " " + exchange.path().replaceAll("[0-9a-f]{64}", "{id}"));
        }
        assertThat(calls)
                .contains(
                        "GET /_ping",
                        "GET /info",
                        "GET /version",
                        "POST /networks/create",
                        "DELETE /networks/{id}",
                        "POST /containers/create",
                        "POST /containers/{id}/start",
                        "GET /containers/{id}/json",
                        "GET /images/sha256:{id}/json",
                        "POST /containers/{id}/exec",
                        "POST /exec/{id}/start",
                        "GET /exec/{id}/json",
                        "GET /containers/{id}/logs",
                        "POST /containers/{id}/kill",
                        "DELETE /containers/{id}",
                        "POST /networks/prune",
                        "POST /volumes/prune",
                        "POST /images/prune");
        assertThat(exchanges)
                .as("Testcontainers probes /v1.44/_ping and keeps 1.44 when it is served (shoald serves up to 1.47)")
                .anySatisfy(exchange -> assertThat(exchange.target()).isEqualTo("/v1.44/_ping"));
    }

    private static boolean removedThingInspected(Exchange exchange) {
        return exchange.method().equals("GET")
                && exchange.path().matches("/containers/[^/]+/json|/networks/[0-9a-f]{64}");
    }

    private static GenericContainer<?> busybox(String script) {
        return new GenericContainer<>(BUSYBOX).withImagePullPolicy(NEVER_PULL).withCommand("sh", "-c", script);
    }

    @Test
    void clientAnswersAsDockersDoes() {
        DockerClient client = DockerClientFactory.instance().client();
        Info info = client.infoCmd().exec();
        assertThat(info.getServerVersion()).isNotBlank();
        assertThat(info.getOperatingSystem()).isNotBlank();
        assertThat(info.getMemTotal()).isPositive();
        Version version = client.versionCmd().exec();
        assertThat(version.getApiVersion()).matches("1\\.\\d+");
        assertThat(version.getArch()).isNotBlank();
        assertThat(DockerClientFactory.instance().getActiveApiVersion()).isEqualTo(version.getApiVersion());
        assertThat(client.listImagesCmd().exec())
                .anySatisfy(image -> assertThat(image.getRepoTags()).contains("busybox:latest"));
        assertThatThrownBy(() -> client.inspectContainerCmd("no-such-container").exec())
                .isInstanceOf(NotFoundException.class);
        // What Testcontainers dials when /.dockerenv exists and no host override is set (clients-wire.md §2.1).
        assertThat(client.inspectNetworkCmd()
                        .withNetworkId("bridge")
                        .exec()
                        .getIpam()
                        .getConfig())
                .anySatisfy(config -> assertThat(config.getGateway()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void genericContainerServesExecsLogsAndStops() throws Exception {
        String script = "mkdir -p /www && echo \"hello $GREETING\" > /www/index.html && echo to-stderr >&2"
                + " && echo web-ready && exec httpd -f -p 80 -h /www";
        String id;
        try (GenericContainer<?> web = busybox(script)
                .withEnv("GREETING", "shoal")
                .withLabel("io.shoal.test", "testcontainers")
                .withExposedPorts(80)
                .waitingFor(new WaitAllStrategy()
                        .withStrategy(Wait.forLogMessage(".*web-ready.*\\n", 1))
                        .withStrategy(Wait.forListeningPort())
                        .withStartupTimeout(Duration.ofSeconds(60)))) {
            web.start();
            id = web.getContainerId();
            assertThat(shoald.ok("inspect", "--format", "{{.Id}}", id)).isEqualTo(id);
            assertThat(web.getHost()).isEqualTo("127.0.0.1");
            int port = web.getMappedPort(80);
            assertThat(port).isPositive().isNotEqualTo(80);
            assertThat(httpGet(port)).isEqualTo("hello shoal\n");

            ExecResult exec = web.execInContainer("sh", "-c", "echo out-$GREETING; echo err-line >&2; exit 3");
            assertThat(exec.getExitCode()).isEqualTo(3);
            assertThat(exec.getStdout()).isEqualTo("out-shoal\n");
            assertThat(exec.getStderr()).isEqualTo("err-line\n");
            assertThat(web.execInContainer("true").getExitCode()).isZero();

            assertThat(web.getLogs()).contains("to-stderr\n", "web-ready\n");
            assertThat(web.getLogs(OutputType.STDOUT)).isEqualTo("web-ready\n");
            assertThat(web.getLogs(OutputType.STDERR)).isEqualTo("to-stderr\n");

            DockerClient client = DockerClientFactory.instance().client();
            InspectContainerResponse inspect = client.inspectContainerCmd(id).exec();
            assertThat(inspect.getState().getRunning()).isTrue();
            assertThat(inspect.getState().getPaused()).isFalse();
            assertThat(Instant.parse(inspect.getState().getStartedAt())).isAfter(Instant.EPOCH);
            assertThat(inspect.getState().getFinishedAt()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(inspect.getName()).as("a generated name").matches("/[a-z]+_[a-z]+[0-9]*");
            assertThat(inspect.getHostConfig().getNetworkMode()).isEqualTo("default");
            assertThat(inspect.getNetworkSettings().getNetworks()).containsOnlyKeys("bridge");
            assertThat(inspect.getConfig().getLabels())
                    .containsEntry("io.shoal.test", "testcontainers")
                    .containsEntry("org.testcontainers", "true");
            assertThat(inspect.getConfig().getEnv()).contains("GREETING=shoal");
            Ports.Binding[] bindings =
                    inspect.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(80));
            assertThat(bindings).isNotEmpty();
            assertThat(bindings[0].getHostIp())
                    .as("Docker lists IPv4's binding first")
                    .isEqualTo("0.0.0.0");
            assertThat(bindings[0].getHostPortSpec()).isEqualTo(Integer.toString(port));
            assertThat(client.listContainersCmd()
                            .withLabelFilter(Map.of("io.shoal.test", "testcontainers"))
                            .exec())
                    .singleElement()
                    .satisfies(container -> assertThat(container.getId()).isEqualTo(id));
        }
        DockerClient client = DockerClientFactory.instance().client();
        assertThatThrownBy(() -> client.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
        assertThat(client.listContainersCmd()
                        .withShowAll(true)
                        .withIdFilter(List.of(id))
                        .exec())
                .isEmpty();
    }

    @Test
    void networkAliasIsResolvedRoundRobinAndTheNetworkIsClosed() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        Network network = Network.newNetwork();
        String networkId;
        try (GenericContainer<?> first = aliased(network);
                GenericContainer<?> second = aliased(network);
                GenericContainer<?> asker = busybox("exec sleep 600").withNetwork(network)) {
            first.start();
            second.start();
            asker.start();
            networkId = network.getId();
            for (GenericContainer<?> container : List.of(first, second, asker)) {
                String id = container.getContainerId();
                assertThat(shoald.ok("inspect", "--format", "{{.Id}}", id)).isEqualTo(id);
            }
            String name =
                    client.inspectNetworkCmd().withNetworkId(networkId).exec().getName();
            assertThat(first.getContainerInfo()
                            .getNetworkSettings()
                            .getNetworks()
                            .get(name)
                            .getAliases())
                    .as("Testcontainers' own random alias and the user's")
                    .contains("web")
                    .anySatisfy(alias -> assertThat(alias).matches("tc-[A-Za-z0-9]{8}"));
            Set<String> expected = Set.of(address(first, name), address(second, name));
            assertThat(expected).hasSize(2);

            Set<String> firsts = new LinkedHashSet<>();
            for (int i = 0; i < 6; i++) {
                ExecResult lookup = asker.execInContainer("nslookup", "-type=a", "web");
                assertThat(lookup.getExitCode()).as(lookup.toString()).isZero();
                List<String> found = answers(lookup.getStdout());
                assertThat(found).as(lookup.getStdout()).containsExactlyInAnyOrderElementsOf(expected);
                firsts.add(found.get(0));
            }
            assertThat(firsts).as("the first address across queries").hasSize(2);
        } finally {
            network.close();
        }
        assertThat(client.listNetworksCmd().withIdFilter(networkId).exec()).isEmpty();
        assertThat(shoald.ok("network", "ls", "-q", "--no-trunc")).doesNotContain(networkId);
    }

    /**
     * What Testcontainers' JVM shutdown hook does when Ryuk is disabled, run while shoald is up: a container left
     * running on a network left open are removed by the session's labels (container list with label filters, forced
     * DELETE, then network, volume and image prunes with the same filters).
     */
    @Test
    @SuppressWarnings("deprecation") // performCleanup is deprecated as API, and it is what the hook thread runs
    void shutdownHookCleanUpRemovesWhatWasLeft() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        Network network = Network.newNetwork();
        GenericContainer<?> left = busybox("exec sleep 600").withNetwork(network);
        left.start();
        String id = left.getContainerId();
        String networkId = network.getId();
        assertThat(shoald.ok("inspect", "--format", "{{.Id}}", id)).isEqualTo(id);

        ResourceReaper.instance().performCleanup();

        assertThatThrownBy(() -> client.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() ->
                        client.inspectNetworkCmd().withNetworkId(networkId).exec())
                .isInstanceOf(NotFoundException.class);
        assertThat(client.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(DockerClientFactory.DEFAULT_LABELS)
                        .exec())
                .isEmpty();
    }

    private static GenericContainer<?> aliased(Network network) {
        return busybox("exec sleep 600").withNetwork(network).withNetworkAliases("web");
    }

    private static String address(GenericContainer<?> container, String network) {
        return container
                .getContainerInfo()
                .getNetworkSettings()
                .getNetworks()
                .get(network)
                .getIpAddress();
    }

    /** The answers of busybox's nslookup, as printed after the server's lines. */
    private static List<String> answers(String output) {
        String afterServer = output.substring(output.indexOf("\n\n") + 1);
        List<String> found = new ArrayList<>();
        Matcher matcher = ADDRESS.matcher(afterServer);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String httpGet(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
