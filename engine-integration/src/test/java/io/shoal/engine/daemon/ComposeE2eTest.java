package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.daemon.ShoaldUnderTest.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Debian's docker-compose 1.29.2 (Python, docker-py) against a real shoald, through one project's life: {@code up -d},
 * {@code up -d --scale web=3}, {@code ps}, {@code logs}, {@code exec -T}, {@code restart}, {@code stop}, {@code start},
 * {@code --scale web=1}, {@code down} twice and {@code up} again. The compose file is the kind people write: busybox
 * httpd replicas serving their hostname on {@code front} (labels, IPv6 with fixed subnets, an alias) and {@code back}
 * ({@code internal: true}), a client on front only, a db on back only, a published port, {@code depends_on}, labels.
 * The tests run in order, each on the state the previous one left. Runs as root through scripts/in-netns.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeE2eTest {
    private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");
    private static final String PROJECT = "shoale2e";
    private static final String FRONT = PROJECT + "_front";
    private static final String BACK = PROJECT + "_back";
    private static final List<String> WEB = List.of(PROJECT + "_web_1", PROJECT + "_web_2", PROJECT + "_web_3");
    private static final String CLIENT = PROJECT + "_client_1";
    private static final String DB = PROJECT + "_db_1";
    private static final Pattern ADDRESS = Pattern.compile("Address(?: \\d+)?: ([0-9a-f.:]+)$", Pattern.MULTILINE);
    private static final String FILE =
            """
            services:
              web:
                image: busybox
                command: ["sh", "-c", "mkdir -p /www; hostname > /www/index.html; exec httpd -f -p 80 -h /www"]
                labels:
                  shoal.role: web
                ports:
                  - "127.0.0.1::80"
                networks:
                  front:
                    aliases: [www]
                  back: {}
              db:
                image: busybox
                command: ["sh", "-c", "echo db ready; exec sleep 3600"]
                labels:
                  shoal.role: db
                networks: [back]
              client:
                image: busybox
                command: ["sh", "-c", "echo client ready; exec sleep 3600"]
                depends_on: [web]
                networks: [front]
            networks:
              front:
                labels:
                  shoal.net: front
                enable_ipv6: true
                ipam:
                  config:
                    - subnet: 10.77.0.0/24
                    - subnet: fd00:77::/64
              back:
                internal: true
                labels:
                  shoal.net: back
            """;

    @RegisterExtension
    static final ShoaldUnderTest shoald = ShoaldUnderTest.perClass();

    private Path project;
    private Path dockerConfig;
    private String frontId;
    private String backId;

    @BeforeAll
    void writeTheProject() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(COMPOSE), "docker-compose is not installed at " + COMPOSE);
        project = Files.createDirectories(shoald.dir().resolve("compose"));
        dockerConfig = Files.createDirectories(shoald.dir().resolve("compose-docker-config"));
        Files.writeString(project.resolve("docker-compose.yml"), FILE);
    }

    @AfterAll
    void takeTheProjectDown() throws Exception {
        if (project != null && shoald.started()) {
            compose("down", "-t", "1");
        }
    }

    /** Runs {@code docker-compose -f FILE -p PROJECT ARGS} against this shoald. */
    private Result compose(String... args) throws Exception {
        return compose(Map.of(), args);
    }

    private Result compose(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                COMPOSE.toString(), "-f", project.resolve("docker-compose.yml").toString(), "-p", PROJECT));
        command.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.put("DOCKER_HOST", "unix://" + shoald.socket());
        all.put("DOCKER_CONFIG", dockerConfig.toString());
        // compose exec runs the docker CLI, found on PATH.
        all.put("PATH", ShoaldUnderTest.DOCKER.getParent() + ":/usr/sbin:/usr/bin:/sbin:/bin");
        Result result = shoald.run(command, all);
        // The sandboxes of every container compose made are checked at the end (the CLI records the ids it prints).
        shoald.docker("ps", "-aq", "--no-trunc");
        return result;
    }

    private String composeOk(String... args) throws Exception {
        return composeOk(Map.of(), args);
    }

    private String composeOk(Map<String, String> env, String... args) throws Exception {
        Result result = compose(env, args);
        assertThat(result.exit())
                .as("docker-compose %s\n%s", String.join(" ", args), result)
                .isZero();
        return result.out() + result.err();
    }

    /** What {@code nslookup -type=TYPE NAME} answered inside the client (the lines after the server's). */
    private Lookup lookup(String type, String name) throws Exception {
        Result result = shoald.docker("exec", CLIENT, "nslookup", "-type=" + type, name);
        String afterServer = result.out().substring(result.out().indexOf("\n\n") + 1);
        List<String> found = new ArrayList<>();
        Matcher matcher = ADDRESS.matcher(afterServer);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return new Lookup(result.exit(), found, result.toString());
    }

    private record Lookup(int exit, List<String> answers, String output) {}

    private String frontAddress(String container) throws Exception {
        return shoald.ok("inspect", container, "--format", "{{.NetworkSettings.Networks." + FRONT + ".IPAddress}}");
    }

    private String shortId(String container) throws Exception {
        return shoald.ok("inspect", container, "--format", "{{.Id}}").substring(0, 12);
    }

    private List<String> containers() throws Exception {
        return shoald.ok("ps", "-a", "--format", "{{.Names}} {{.State}}")
                .lines()
                .sorted()
                .toList();
    }

    private List<String> networks() throws Exception {
        return shoald.ok("network", "ls", "--filter", "type=custom", "--format", "{{.Name}}")
                .lines()
                .sorted()
                .toList();
    }

    private String httpFromClient(String host) throws Exception {
        return shoald.ok("exec", CLIENT, "wget", "-q", "-O", "-", "http://" + host + "/");
    }

    @Test
    @Order(1)
    void upCreatesTheNetworksWithComposesLabelsAndStartsTheServices() throws Exception {
        String out = composeOk("up", "-d");
        assertThat(out).contains("Creating network \"" + FRONT + "\"", "Creating network \"" + BACK + "\"");
        assertThat(networks()).containsExactly(BACK, FRONT);
        assertThat(containers()).containsExactly(CLIENT + " running", DB + " running", WEB.get(0) + " running");
        String labels =
                "{{index .Labels \"com.docker.compose.project\"}} {{index .Labels \"com.docker.compose.network\"}}"
                        + " {{index .Labels \"shoal.net\"}}";
        assertThat(shoald.ok("network", "inspect", FRONT, "--format", labels + " {{.EnableIPv6}} {{.Internal}}"))
                .isEqualTo(PROJECT + " front front true false");
        assertThat(shoald.ok("network", "inspect", BACK, "--format", labels + " {{.EnableIPv6}} {{.Internal}}"))
                .isEqualTo(PROJECT + " back back false true");
        assertThat(shoald.ok("network", "inspect", FRONT, "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}"))
                .isEqualTo("10.77.0.0/24 fd00:77::/64");
        assertThat(shoald.ok("inspect", WEB.get(0), "--format", "{{index .Config.Labels \"shoal.role\"}}"))
                .isEqualTo("web");
        assertThat(shoald.ok(
                        "inspect",
                        WEB.get(0),
                        "--format",
                        "{{json (index .NetworkSettings.Networks \"" + FRONT + "\").Aliases}}"))
                .contains("\"web\"", "\"www\"", "\"" + shortId(WEB.get(0)) + "\"");
        frontId = shoald.ok("network", "inspect", FRONT, "--format", "{{.Id}}");
        backId = shoald.ok("network", "inspect", BACK, "--format", "{{.Id}}");
    }

    @Test
    @Order(2)
    void scalingUpAddsReplicasAndReusesTheNetworks() throws Exception {
        String out = composeOk("up", "-d", "--scale", "web=3");
        assertThat(out).doesNotContain("Creating network").contains(CLIENT + " is up-to-date", DB + " is up-to-date");
        assertThat(shoald.ok("network", "inspect", FRONT, "--format", "{{.Id}}"))
                .isEqualTo(frontId);
        assertThat(shoald.ok("network", "inspect", BACK, "--format", "{{.Id}}")).isEqualTo(backId);
        assertThat(containers())
                .containsExactly(
                        CLIENT + " running",
                        DB + " running",
                        WEB.get(0) + " running",
                        WEB.get(1) + " running",
                        WEB.get(2) + " running");
    }

    @Test
    @Order(3)
    void webResolvesToTheThreeReplicasRotatingAndEachAnswersHttp() throws Exception {
        Set<String> replicas = new LinkedHashSet<>();
        for (String web : WEB) {
            replicas.add(frontAddress(web));
        }
        assertThat(replicas).hasSize(3);
        Set<String> firsts = new LinkedHashSet<>();
        for (int i = 0; i < 6; i++) {
            Lookup web = lookup("a", "web");
            assertThat(web.answers()).as(web.output()).containsExactlyInAnyOrderElementsOf(replicas);
            firsts.add(web.answers().get(0));
        }
        assertThat(firsts).as("the first address across queries").hasSizeGreaterThan(1);
        assertThat(lookup("a", "www").answers()).containsExactlyInAnyOrderElementsOf(replicas);
        Set<String> hostnames = new LinkedHashSet<>();
        for (String web : WEB) {
            assertThat(lookup("a", web).answers()).containsExactly(frontAddress(web));
            assertThat(httpFromClient(web)).isEqualTo(shortId(web));
            hostnames.add(shortId(web));
        }
        assertThat(hostnames).contains(httpFromClient("web"));
        assertThat(lookup("aaaa", "web").answers()).hasSize(3).allMatch(address -> address.startsWith("fd00:77::"));
    }

    @Test
    @Order(4)
    void dbOnTheOtherNetworkIsNotResolvableFromTheClient() throws Exception {
        Lookup db = lookup("a", "db");
        assertThat(db.exit()).as(db.output()).isNotZero();
        assertThat(db.answers()).isEmpty();
        assertThat(lookup("a", DB).answers()).isEmpty();
        // web, on both networks, does reach db by its service name.
        Result fromWeb = shoald.docker("exec", WEB.get(0), "nslookup", "-type=a", "db");
        assertThat(fromWeb.exit()).as(fromWeb.toString()).isZero();
    }

    @Test
    @Order(5)
    void psLogsPortAndThePublishedPortFromTheHost() throws Exception {
        String ps = composeOk("ps");
        for (String name : List.of(CLIENT, DB, WEB.get(0), WEB.get(1), WEB.get(2))) {
            assertThat(ps).containsPattern("(?m)^" + name + "\\s.*\\sUp\\b");
        }
        assertThat(composeOk("logs", "client", "db")).contains("client ready", "db ready");
        String port = compose("port", "web", "80").out().strip();
        assertThat(port).startsWith("127.0.0.1:");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + port + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().strip()).isEqualTo(shortId(WEB.get(0)));
    }

    @Test
    @Order(6)
    void execGivesOutputAndExitCodeThroughTheCliAndThroughDockerPy() throws Exception {
        Result viaCli = compose("exec", "-T", "client", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(viaCli.exit()).as(viaCli.toString()).isEqualTo(3);
        assertThat(viaCli.out()).isEqualTo("out\n");
        assertThat(viaCli.err()).contains("err");
        Result viaPy = compose(
                Map.of("COMPOSE_INTERACTIVE_NO_CLI", "1"), "exec", "-T", "client", "sh", "-c", "echo out; exit 4");
        assertThat(viaPy.exit()).as(viaPy.toString()).isEqualTo(4);
        assertThat(viaPy.out()).isEqualTo("out\n");
    }

    @Test
    @Order(7)
    void restartStopAndStartKeepTheNamesAndAliases() throws Exception {
        composeOk("restart", "-t", "1");
        assertThat(containers()).allMatch(line -> line.endsWith(" running"));
        assertThat(lookup("a", "web").answers()).hasSize(3);
        composeOk("stop", "-t", "1");
        assertThat(containers()).hasSize(5).allMatch(line -> line.endsWith(" exited"));
        composeOk("start");
        assertThat(containers()).hasSize(5).allMatch(line -> line.endsWith(" running"));
        Set<String> replicas = new LinkedHashSet<>();
        for (String web : WEB) {
            replicas.add(frontAddress(web));
        }
        assertThat(lookup("a", "web").answers()).containsExactlyInAnyOrderElementsOf(replicas);
        assertThat(httpFromClient(WEB.get(2))).isEqualTo(shortId(WEB.get(2)));
    }

    @Test
    @Order(8)
    void scalingDownRemovesTheReplicasFromDnsBeforeTheCommandReturns() throws Exception {
        composeOk("up", "-d", "--scale", "web=1", "-t", "1");
        // Asked at once after the command returned: no waiting, no retry.
        assertThat(lookup("a", "web").answers()).containsExactly(frontAddress(WEB.get(0)));
        assertThat(lookup("a", WEB.get(1)).answers()).isEmpty();
        assertThat(lookup("a", WEB.get(2)).answers()).isEmpty();
        assertThat(containers()).containsExactly(CLIENT + " running", DB + " running", WEB.get(0) + " running");
    }

    @Test
    @Order(9)
    void downRemovesEverythingAndIsHarmlessTwice() throws Exception {
        String out = composeOk("down", "-t", "1");
        assertThat(out).contains("Removing network " + FRONT, "Removing network " + BACK);
        assertThat(containers()).isEmpty();
        assertThat(networks()).isEmpty();
        composeOk("down", "-t", "1");
        assertThat(containers()).isEmpty();
        assertThat(networks()).isEmpty();
    }

    @Test
    @Order(10)
    void upAfterDownBuildsTheProjectAgain() throws Exception {
        String out = composeOk("up", "-d");
        assertThat(out).contains("Creating network \"" + FRONT + "\"");
        assertThat(networks()).containsExactly(BACK, FRONT);
        assertThat(shoald.ok("network", "inspect", FRONT, "--format", "{{.Id}}"))
                .isNotEqualTo(frontId);
        assertThat(containers()).containsExactly(CLIENT + " running", DB + " running", WEB.get(0) + " running");
        assertThat(lookup("a", "web").answers()).containsExactly(frontAddress(WEB.get(0)));
        assertThat(composeOk("up", "-d")).contains(WEB.get(0) + " is up-to-date");
        composeOk("down", "-t", "1");
        assertThat(networks()).isEmpty();
    }
}
