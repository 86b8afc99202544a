package io.shoal.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.engine.containerd.CgroupMounts;
import io.shoal.engine.daemon.Shoald;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private Debian dockerd 20.10 (scripts/private-dockerd, with names of its own: never the benchmarks' dockerd, never
 * the machine's) whose /run/docker/plugins is a directory where {@code shoald plugin} listens, the plugin running in
 * dockerd's network namespace as a process of this test's class path. Everything stays in that namespace and goes
 * with {@link #close}.
 */
final class PrivateDockerdWithPlugin implements AutoCloseable {
    static final Path DOCKER = Path.of("/usr/local/bin/docker");
    static final String IMAGE = "shoalplug-e2e-busybox:latest";

    private final String name;
    private final Path repository;
    private final Path run;
    private final Path pluginData;
    private Process plugin;

    /** One command's outcome. */
    record Result(int exit, String out) {
        Result ok() {
            assertThat(exit).as("exit status; output:%n%s", out).isZero();
            return this;
        }
    }

    PrivateDockerdWithPlugin(String name, Path repository) {
        this.name = name;
        this.repository = repository;
        this.run = Path.of("/run", name);
        this.pluginData = Path.of("/var/lib", name + "-plugin");
    }

    String netns() {
        return name + "-docker";
    }

    Path socket() {
        return run.resolve("docker.sock");
    }

    Map<String, String> scriptEnv() {
        return Map.of(
                "PD_NAME",
                name,
                "PD_PLUGIN_DIR",
                run.resolve("plugins").toString(),
                "PD_DOCKERD_FLAGS",
                "--live-restore",
                "PD_IMAGE",
                IMAGE);
    }

    void start() throws Exception {
        // Under scripts/in-netns (as ./shoal test runs) this JVM's /sys has no cgroup hierarchies, and dockerd
        // refuses to start without them ("Devices cgroup isn't mounted"): mount the host's again, privately.
        CgroupMounts.ensure();
        script("start").ok();
        script("import-busybox").ok();
        startPlugin();
        // dockerd's FORWARD policy is DROP (--iptables): its DOCKER-USER chain hands Shoal's bridges to Shoal's table,
        // as ./shoal plugin up does (docs/plugin.md).
        for (String direction : List.of("-i", "-o")) {
            inNetns("iptables", "-w", "-I", "DOCKER-USER", direction, "sh-+", "-j", "ACCEPT")
                    .ok();
        }
    }

    Result script(String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(repository.resolve("scripts/private-dockerd").toString()));
        command.addAll(List.of(args));
        return exec(command, scriptEnv(), 300);
    }

    /** Starts {@code shoald plugin} in dockerd's network namespace; returns once Plugin.Activate answers. */
    void startPlugin() throws Exception {
        Files.createDirectories(pluginData);
        List<String> command = List.of(
                "nsenter",
                "--net=/run/netns/" + netns(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Shoald.class.getName(),
                "plugin",
                "--data-root",
                pluginData.toString(),
                "--socket",
                run.resolve("plugins/shoal.sock").toString());
        plugin = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        pluginData.resolve("plugin.log").toFile()))
                .start();
        for (int i = 0; i < 1200; i++) {
            if (!plugin.isAlive()) {
                throw new IllegalStateException("shoald plugin exited: " + pluginLog());
            }
            if (exec(
                                    List.of(
                                            "curl",
                                            "-sf",
                                            "-o",
                                            "/dev/null",
                                            "--unix-socket",
                                            run.resolve("plugins/shoal.sock").toString(),
                                            "-X",
                                            "POST",
                                            "http://plugin/Plugin.Activate"),
                                    Map.of(),
                                    10)
                            .exit()
                    == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("shoald plugin does not answer: " + pluginLog());
    }

    /** One plugin call made as dockerd makes it: {@code POST /CALL} with a JSON body; the reply's status and body. */
    Result pluginCall(String call, String json) throws Exception {
        return exec(
                List.of(
                        "curl",
                        "-s",
                        "-w",
                        "\n%{http_code}",
                        "--unix-socket",
                        run.resolve("plugins/shoal.sock").toString(),
                        "-X",
                        "POST",
                        "-d",
                        json,
                        "http://plugin/" + call),
                Map.of(),
                30);
    }

    /** kill -9 of the plugin, as a crash. */
    void killPlugin() throws Exception {
        plugin.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    String pluginLog() throws IOException {
        Path log = pluginData.resolve("plugin.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    Result docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString()));
        command.addAll(List.of(args));
        return exec(command, Map.of("DOCKER_HOST", "unix://" + socket()), 120);
    }

    Result inNetns(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns()));
        command.addAll(List.of(args));
        return exec(command, Map.of(), 60);
    }

    static Result exec(List<String> command, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        try {
            if (plugin != null) {
                plugin.destroy();
                if (!plugin.waitFor(30, TimeUnit.SECONDS)) {
                    plugin.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            // A stop that fails keeps dockerd's state on purpose (its processes or mounts are still there): the class
            // fails with what was left instead of passing with a dockerd and its namespace behind.
            Result stopped = script("stop");
            exec(List.of("rm", "-rf", pluginData.toString()), Map.of(), 30);
            stopped.ok();
        }
    }
}
