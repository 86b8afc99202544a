package io.shoal.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shoal.engine.api.RawHttp.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real docker CLI (28.2.2) against Shoal's server on a socket in a temporary directory, every route served over
 * the fake backends: negotiation, then the commands of issue 11 end to end on the wire (network create/ls/inspect/rm,
 * run attached and detached, ps, exec, import, images, info). It proves the wire, not the engine. Needs no root;
 * aborts when the CLI is missing.
 */
@Tag("e2e")
class DockerCliE2eTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");

    @RegisterExtension
    final ApiFixture api = ApiFixture.overFakes().withThisHost();

    @BeforeEach
    void needsTheCli() {
        assumeTrue(Files.isExecutable(DOCKER), "the docker CLI is not installed at " + DOCKER);
    }

    @Test
    void networkCreateLsInspectRm() throws Exception {
        Result created = docker(
                "network",
                "create",
                "--subnet",
                "10.77.0.0/24",
                "--gateway",
                "10.77.0.1",
                "--label",
                "team=blue",
                "-o",
                "com.docker.network.driver.mtu=1400",
                "blue");
        assertThat(created.exitCode()).as(created.output()).isZero();
        String id = created.stdout().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(api.networks.created.get(0).labels()).containsEntry("team", "blue");

        Result ls = docker("network", "ls");
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        assertThat(ls.stdout()).contains("NETWORK ID", id.substring(0, 12), "blue", "bridge", "local", "host", "none");

        Result filtered = docker("network", "ls", "--filter", "name=blu", "--format", "{{.Name}} {{.Driver}}");
        assertThat(filtered.stdout().strip()).isEqualTo("blue bridge");
        assertThat(api.networks.listed.get(api.networks.listed.size() - 1).values("name"))
                .containsExactly("blu");

        Result inspect = docker(
                "network",
                "inspect",
                "blue",
                "--format",
                "{{.Id}} {{(index .IPAM.Config 0).Subnet}} {{(index .IPAM.Config 0).Gateway}} {{.Labels}} {{.Created}}");
        assertThat(inspect.exitCode()).as(inspect.output()).isZero();
        assertThat(inspect.stdout().strip())
                .isEqualTo(id + " 10.77.0.0/24 10.77.0.1 map[team:blue] 2026-01-02T03:04:05.123456789Z");

        Result duplicate = docker("network", "create", "blue");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.stderr()).contains("network with name blue already exists");

        Result rm = docker("network", "rm", "blue");
        assertThat(rm.exitCode()).as(rm.output()).isZero();
        assertThat(rm.stdout().strip()).isEqualTo("blue");
        Result gone = docker("network", "inspect", "blue");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("network blue not found");
    }

    @Test
    void runRemovedAttachedStreamsOutputAndExitCode() throws Exception {
        Result hello = docker("run", "--rm", "--name", "greeter", "busybox", "echo", "hello", "world");
        assertThat(hello.exitCode()).as(hello.output()).isZero();
        assertThat(hello.stdout()).isEqualTo("hello world\n");
        assertThat(api.containers.lastSpec.host().autoRemove()).isTrue();
        assertThat(api.containers.calls).contains("wait " + created(0) + " REMOVED");

        Result failing = docker("run", "--rm", "busybox", "fail", "3");
        assertThat(failing.exitCode()).as(failing.output()).isEqualTo(3);
        assertThat(failing.stderr()).contains("failing");
    }

    private String created(int index) {
        return api.containers.calls.stream()
                .filter(call -> call.startsWith("wait "))
                .map(call -> call.substring(5, call.indexOf(' ', 5)))
                .skip(index)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void runDetachedPsExecAndRm() throws Exception {
        Result run = docker(
                "run",
                "-d",
                "--name",
                "web",
                "--network",
                "bridge",
                "-p",
                "8080:80",
                "-e",
                "A=1",
                "--label",
                "tier=front",
                "busybox",
                "httpd",
                "-f");
        assertThat(run.exitCode()).as(run.output()).isZero();
        String id = run.stdout().strip();
        assertThat(id).matches("[0-9a-f]{64}");

        Result ps = docker("ps");
        assertThat(ps.exitCode()).as(ps.output()).isZero();
        assertThat(ps.stdout())
                .contains(id.substring(0, 12), "busybox", "\"httpd -f\"", "Up ", "web", "0.0.0.0:8080->80/tcp");
        Result quiet = docker("ps", "-q", "--filter", "label=tier=front");
        assertThat(quiet.stdout().strip()).isEqualTo(id.substring(0, 12));

        Result exec = docker("exec", "web", "echo", "inside");
        assertThat(exec.exitCode()).as(exec.output()).isZero();
        assertThat(exec.stdout()).isEqualTo("inside\n");
        Result execFails = docker("exec", "web", "fail", "5");
        assertThat(execFails.exitCode()).as(execFails.output()).isEqualTo(5);
        Result detached = docker("exec", "-d", "web", "echo", "away");
        assertThat(detached.exitCode()).as(detached.output()).isZero();

        Result inspect = docker(
                "inspect",
                "--format",
                "{{.State.Status}} {{.State.Running}} {{.Name}} {{(index .NetworkSettings.Networks \"bridge\").IPAddress}}",
                "web");
        assertThat(inspect.stdout().strip()).isEqualTo("running true /web 172.17.0.2");

        Result busy = docker("rm", "web");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.stderr()).contains("container is running");
        Result rm = docker("rm", "-f", "web");
        assertThat(rm.exitCode()).as(rm.output()).isZero();
        assertThat(docker("ps", "-aq").stdout()).isEmpty();
    }

    @Test
    void createStartWaitLogsAndNetworkConnect() throws Exception {
        Result created = docker("create", "--name", "job", "busybox", "echo", "done");
        assertThat(created.exitCode()).as(created.output()).isZero();
        Result started = docker("start", "job");
        assertThat(started.stdout().strip()).isEqualTo("job");
        Result waited = docker("wait", "job");
        assertThat(waited.exitCode()).as(waited.output()).isZero();
        assertThat(waited.stdout().strip()).isEqualTo("0");
        Result logs = docker("logs", "job");
        assertThat(logs.exitCode()).as(logs.output()).isZero();
        assertThat(logs.stdout()).isEqualTo("done\n");
        assertThat(logs.stderr()).isEqualTo("from stderr\n");

        assertThat(docker("network", "create", "side").exitCode()).isZero();
        Result connect = docker("network", "connect", "--alias", "j", "--ip", "172.30.1.9", "side", "job");
        assertThat(connect.exitCode()).as(connect.output()).isZero();
        assertThat(api.containers.lastConnect.aliases()).containsExactly("j");
        Result twice = docker("network", "connect", "side", "job");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.stderr()).contains("already attached");
        Result disconnect = docker("network", "disconnect", "side", "job");
        assertThat(disconnect.exitCode()).as(disconnect.output()).isZero();
        Result prune = docker("network", "prune", "-f");
        assertThat(prune.exitCode()).as(prune.output()).isZero();
        assertThat(prune.stdout()).contains("Deleted Networks:", "side");

        Result missing = docker("run", "--rm", "missing");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.stderr()).contains("no registry");
    }

    @Test
    void importFromStdinThenImagesAndRmi() throws Exception {
        byte[] tarball = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(tarball);
        Result imported = docker(tarball, "import", "-m", "a rootfs", "-c", "CMD [\"sh\"]", "-", "busybox:local");
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.stdout().strip()).matches("sha256:[0-9a-f]{64}");
        assertThat(api.images.importedBytes).isEqualTo(tarball.length);
        assertThat(api.images.lastReference).hasValue("busybox:local");
        assertThat(api.images.lastComment).isEqualTo("a rootfs");
        assertThat(api.images.lastChanges).containsExactly("CMD [\"sh\"]");

        Result list = docker("images");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.stdout())
                .contains("busybox", "local", imported.stdout().strip().substring(7, 19));

        Result inspect = docker("image", "inspect", "--format", "{{.Id}} {{.Os}} {{.Comment}}", "busybox:local");
        assertThat(inspect.stdout().strip()).isEqualTo(imported.stdout().strip() + " linux a rootfs");

        Result rmi = docker("rmi", "busybox:local");
        assertThat(rmi.exitCode()).as(rmi.output()).isZero();
        assertThat(rmi.stdout())
                .contains(
                        "Untagged: busybox:local",
                        "Deleted: " + imported.stdout().strip());
    }

    @Test
    void infoRenders() throws Exception {
        Result info =
                docker("info", "--format", "{{.ServerVersion}} {{.Driver}} {{.Swarm.LocalNodeState}} {{.Containers}}");
        assertThat(info.exitCode()).as(info.output()).isZero();
        assertThat(info.stdout().strip()).isEqualTo(api.engine().version() + " overlay inactive 0");
        Result full = docker("info");
        assertThat(full.exitCode()).as(full.output()).isZero();
        assertThat(full.stdout()).contains("Server Version: " + api.engine().version(), "Storage Driver: overlay");
    }

    @Test
    void theCliNegotiatesTheServersMaximumVersion() throws Exception {
        Result result = docker("version", "--format", "{{.Server.APIVersion}}");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("1.47");
    }

    @Test
    void dockerVersionShowsTheEngineDetails() throws Exception {
        Result result = docker("version");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout())
                .contains("Server: Shoal", " Engine:", "1.47 (minimum version 1.24)")
                .contains(
                        api.engine().version(),
                        api.engine().runtimeVersion(),
                        api.engine().os() + "/" + api.engine().arch());
    }

    @Test
    void garbageGets400AndTheServerKeepsServing() throws Exception {
        try (RawHttp raw = RawHttp.connect(api.socket)) {
            raw.send(new byte[] {'G', 'E', 'T', ' ', 0, 1, 2, ' ', 'H', 'T', 'X', '\r', '\n', '\r', '\n'});
            Reply reply = raw.read(false);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        }

        Result result = docker("version", "--format", "{{.Server.APIVersion}}");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("1.47");
    }

    private Result docker(String... args) throws IOException, InterruptedException {
        return docker(new byte[0], args);
    }

    private Result docker(byte[] stdin, String... args) throws IOException, InterruptedException {
        Path config = Files.createDirectories(api.dir.resolve("docker-config"));
        Path input = api.dir.resolve("stdin");
        Files.write(input, stdin);
        ProcessBuilder builder = new ProcessBuilder(concat(DOCKER.toString(), args))
                .redirectInput(input.toFile())
                .redirectOutput(api.dir.resolve("stdout").toFile())
                .redirectError(api.dir.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DOCKER_"));
        env.put("DOCKER_HOST", "unix://" + api.socket);
        env.put("DOCKER_CONFIG", config.toString()); // no contexts or credentials from the machine's user
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(api.dir.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(api.dir.resolve("stderr"), StandardCharsets.UTF_8));
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.Arrays.stream(rest))
                .toList();
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
