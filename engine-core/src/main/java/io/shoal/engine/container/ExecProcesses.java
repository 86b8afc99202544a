package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ExecConfig;
import io.shoal.engine.runtime.ExitStatus;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.oci.ContainerSpecBuilder;
import io.shoal.engine.runtime.oci.OciProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exec processes, kept in memory only (Docker forgets them at a restart too). The runtime's {@code exec} blocks until
 * the process has exited, so each runs on the pool; its output goes to two files under the container's {@code exec/}
 * directory, followed by an {@link OutputTailer} while it runs (the controller's poller) and drained once more when it
 * has exited, before the sink is ended. Exit code 126 when the runtime could not run it (Docker's "cannot invoke").
 */
final class ExecProcesses {
    private static final Logger LOG = Logger.getLogger(ExecProcesses.class.getName());
    private static final Duration EXEC_TIMEOUT = Duration.ofDays(3650);
    private static final int CANNOT_INVOKE = 126;

    private final ContainerRuntime runtime;
    private final ExecutorService pool;
    private final SecureRandom random;
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();
    private final Set<Exec> followed = ConcurrentHashMap.newKeySet();

    ExecProcesses(ContainerRuntime runtime, ExecutorService pool, SecureRandom random) {
        this.runtime = runtime;
        this.pool = pool;
        this.random = random;
    }

    /** One exec process. */
    static final class Exec {
        private final String id;
        private final String containerId;
        private final ExecSpec spec;
        private boolean started;
        private boolean running;
        private OptionalInt exitCode = OptionalInt.empty();
        private OutputTailer tailer;
        private Optional<OutputSink> sink = Optional.empty();
        private StdinPipe stdin;

        Exec(String id, String containerId, ExecSpec spec) {
            this.id = id;
            this.containerId = containerId;
            this.spec = spec;
        }

        String containerId() {
            return containerId;
        }

        synchronized ExecView view() {
            return new ExecView(id, containerId, running, exitCode, 0, spec);
        }

        synchronized void poll() {
            if (tailer == null || sink.isEmpty()) {
                return;
            }
            try {
                tailer.poll((stream, bytes) -> {
                    boolean wanted = stream == OutputSink.Stream.STDOUT ? spec.attachStdout() : spec.attachStderr();
                    if (wanted) {
                        sink.get().write(stream, bytes);
                    }
                });
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "reading the output of exec " + id + " failed", e);
            }
        }
    }

    String create(String containerId, ExecSpec spec) throws EngineException {
        if (spec.cmd().isEmpty()) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "No exec command specified");
        }
        if (!spec.user().isEmpty()
                && !spec.user().equals("root")
                && !spec.user().equals("0")) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "user " + spec.user() + ": only root is supported for now");
        }
        if (!spec.workingDir().isEmpty() && !spec.workingDir().startsWith("/")) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "the working directory '" + spec.workingDir() + "' is invalid, it"
                            + " needs to be an absolute path");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        execs.put(id, new Exec(id, containerId, spec));
        return id;
    }

    Exec find(String execId) throws EngineException {
        Exec exec = execs.get(execId);
        if (exec == null) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such exec instance: " + execId);
        }
        return exec;
    }

    List<String> idsOf(String containerId) {
        return execs.values().stream()
                .filter(e -> e.containerId.equals(containerId))
                .map(e -> e.id)
                .sorted()
                .toList();
    }

    void forget(String containerId) {
        execs.values().removeIf(e -> e.containerId.equals(containerId));
    }

    /**
     * Starts {@code exec} in its container (which runs, with {@code containerSpec}); returns at once. {@code stdin},
     * when the exec attaches it, is copied into the process's stdin (see {@link ContainerStdin}: closed at its end
     * without a TTY; with one, its end or the detach keys end the output instead).
     */
    void start(
            Exec exec,
            ContainerSpec containerSpec,
            Path execDir,
            Optional<OutputSink> sink,
            Optional<InputStream> stdin)
            throws EngineException {
        synchronized (exec) {
            if (exec.started) {
                throw new EngineException(ErrorKind.CONFLICT, "Exec command " + exec.id + " has already been started");
            }
            exec.started = true;
            exec.running = true;
            exec.sink = sink;
        }
        Path stdout = execDir.resolve(exec.id + ".stdout");
        Path stderr = execDir.resolve(exec.id + ".stderr");
        try {
            Files.createDirectories(execDir);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            finish(exec, CANNOT_INVOKE, stdout, stderr);
            throw new EngineException(ErrorKind.INTERNAL, "cannot prepare " + execDir + ": " + e.getMessage(), e);
        }
        String cwd = exec.spec.workingDir().isEmpty()
                ? (containerSpec.workingDir().isEmpty() ? "/" : containerSpec.workingDir())
                : exec.spec.workingDir();
        boolean tty = exec.spec.tty();
        OciProcess process = ContainerSpecBuilder.execProcess(
                        exec.spec.cmd(), CreateRequest.mergeEnv(containerSpec.env(), exec.spec.env()), cwd, tty)
                .withConsoleSize(consoleSize(tty, exec.spec.consoleSize()));
        Stdio stdio = sink.isPresent() ? Stdio.toFiles(stdout, stderr) : Stdio.discard();
        if (tty) {
            stdio = stdio.onTerminal();
        }
        if (stdin.isPresent() && exec.spec.attachStdin()) {
            StdinPipe pipe = new StdinPipe();
            synchronized (exec) {
                exec.stdin = pipe;
            }
            stdio = stdio.withStdin(pipe);
            Optional<byte[]> keys = tty ? Optional.of(ContainerStdin.DEFAULT_DETACH_KEYS) : Optional.empty();
            Runnable detach = () -> sink.ifPresent(OutputSink::end);
            pool.execute(() -> ContainerStdin.copy(stdin.get(), pipe, !tty, keys, detach));
        }
        if (sink.isPresent()) {
            synchronized (exec) {
                exec.tailer = new OutputTailer(stdout, stderr, 0, 0);
            }
            followed.add(exec);
        }
        ExecConfig config = new ExecConfig(exec.id, process, stdio);
        pool.execute(() -> run(exec, config, stdout, stderr));
    }

    private void run(Exec exec, ExecConfig config, Path stdout, Path stderr) {
        int code;
        try {
            ExitStatus status = runtime.exec(exec.containerId, config, EXEC_TIMEOUT);
            code = status.code();
        } catch (ContainerRuntimeException e) {
            LOG.log(Level.WARNING, "exec " + exec.id + " in " + exec.containerId + " failed", e);
            code = StartFailures.exitCode(exec.spec.cmd().get(0), e.detail()).orElse(CANNOT_INVOKE);
            reportFailure(exec, e);
        }
        finish(exec, code, stdout, stderr);
    }

    /** As dockerd: the runtime's text, then CR LF, on the attached client's stdout stream. */
    private static void reportFailure(Exec exec, ContainerRuntimeException e) {
        Optional<OutputSink> sink;
        synchronized (exec) {
            sink = exec.sink;
        }
        String text = e.detail().isEmpty() ? e.getMessage() : e.detail();
        sink.ifPresent(s -> s.write(OutputSink.Stream.STDOUT, (text + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void finish(Exec exec, int code, Path stdout, Path stderr) {
        followed.remove(exec);
        exec.poll();
        Optional<OutputSink> sink;
        synchronized (exec) {
            exec.running = false;
            exec.exitCode = OptionalInt.of(code);
            exec.tailer = null;
            sink = exec.sink;
            if (exec.stdin != null) {
                exec.stdin.close();
            }
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete the output of exec " + exec.id, e);
        }
        sink.ifPresent(OutputSink::end);
    }

    /** A terminal's initial size from Docker's {@code ConsoleSize} ([rows, columns]; ignored unless both set). */
    static Optional<OciProcess.ConsoleSize> consoleSize(boolean tty, List<Integer> size) {
        if (!tty || size.size() != 2 || size.get(0) == 0 || size.get(1) == 0) {
            return Optional.empty();
        }
        return Optional.of(new OciProcess.ConsoleSize(size.get(0), size.get(1)));
    }

    /**
     * Sets the size of {@code exec}'s terminal (rows, columns); nothing for an exec without one. CONFLICT when it does
     * not run, or is not running in the runtime yet (the docker CLI retries).
     */
    void resize(Exec exec, int height, int width) throws EngineException {
        synchronized (exec) {
            if (!exec.running) {
                throw new EngineException(ErrorKind.CONFLICT, "Exec " + exec.id + " is not running");
            }
        }
        if (!exec.spec.tty()) {
            return;
        }
        try {
            runtime.resizePty(exec.containerId, exec.id, width, height);
        } catch (ContainerRuntimeException e) {
            if (e.kind() == ContainerRuntimeException.Kind.NOT_FOUND) {
                throw new EngineException(ErrorKind.CONFLICT, "Exec " + exec.id + " is not running yet", e);
            }
            throw ContainerController.runtimeError(e);
        }
    }

    /** Reads new output of every attached exec process that runs. */
    void poll() {
        followed.forEach(Exec::poll);
    }
}
