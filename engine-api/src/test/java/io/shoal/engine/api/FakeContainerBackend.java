package io.shoal.engine.api;

import io.shoal.engine.container.ContainerBackend;
import io.shoal.engine.container.ContainerPort;
import io.shoal.engine.container.ContainerSpec;
import io.shoal.engine.container.ContainerState;
import io.shoal.engine.container.ContainerView;
import io.shoal.engine.container.CreatedContainer;
import io.shoal.engine.container.ExecSpec;
import io.shoal.engine.container.ExecView;
import io.shoal.engine.container.HostBinding;
import io.shoal.engine.container.LogOptions;
import io.shoal.engine.container.OutputSink;
import io.shoal.engine.container.OutputSubscription;
import io.shoal.engine.container.WaitCondition;
import io.shoal.engine.container.WaitResult;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.EndpointView;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ContainerBackend} that plays containers out from their command, on a thread of its own as the
 * engine would: {@code echo ARGS} prints ARGS on stdout and exits 0; {@code fail CODE} prints {@code failing} on
 * stderr and exits CODE; anything else runs until stopped (exit 0) or killed (137). Exec commands behave the same
 * and end at once. It records what it was asked (specs, names, calls), so route tests can check the parsing.
 */
final class FakeContainerBackend implements ContainerBackend, AutoCloseable {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.5Z");

    private final ExecutorService engine = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-engine"));
    private final Map<String, Fake> containers = new LinkedHashMap<>();
    private final Map<String, FakeExec> execs = new LinkedHashMap<>();
    private final AtomicInteger names = new AtomicInteger();
    final List<String> calls = new ArrayList<>();
    volatile ContainerSpec lastSpec;
    volatile Optional<String> lastName;
    volatile EndpointSettings lastConnect;
    volatile Instant now = Instant.parse("2026-01-02T03:05:00Z");

    private static final class Fake {
        String id;
        String name;
        ContainerSpec spec;
        ContainerState state =
                new ContainerState(ContainerState.Status.CREATED, 0, 0, Optional.empty(), Optional.empty(), "", false);
        final List<String> networks = new ArrayList<>();
        final List<OutputSink> attached = new ArrayList<>();
        final List<byte[]> stdout = new ArrayList<>();
        final List<CompletableFuture<WaitResult>> nextExit = new ArrayList<>();
        final List<CompletableFuture<WaitResult>> removal = new ArrayList<>();
        final List<String> execIds = new ArrayList<>();
        InputStream stdin;
    }

    private record FakeExec(String id, String containerId, ExecSpec spec, OptionalInt exitCode, boolean started) {}

    @Override
    public synchronized CreatedContainer create(Optional<String> name, ContainerSpec spec) throws EngineException {
        lastSpec = spec;
        lastName = name;
        calls.add("create");
        if (spec.image().equals("missing")) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such image: missing:latest");
        }
        String wanted = name.map(n -> n.startsWith("/") ? n.substring(1) : n).orElse("fake_" + names.incrementAndGet());
        for (Fake other : containers.values()) {
            if (other.name.equals(wanted)) {
                throw new EngineException(
                        ErrorKind.CONFLICT,
                        "Conflict. The container name \"/" + wanted
                                + "\" is already in use by container \"" + other.id
                                + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
        }
        Fake fake = new Fake();
        fake.id = FakeIds.hex("container " + wanted + " " + System.nanoTime());
        fake.name = wanted;
        fake.spec = spec;
        String mode = spec.host().networkMode();
        if (!mode.equals("host") && !mode.equals("none")) {
            fake.networks.add(mode.equals("default") ? "bridge" : mode);
        }
        containers.put(fake.id, fake);
        return new CreatedContainer(fake.id, List.of());
    }

    private Fake find(String idOrName) throws EngineException {
        String name = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        if (containers.containsKey(idOrName)) {
            return containers.get(idOrName);
        }
        for (Fake fake : containers.values()) {
            if (fake.name.equals(name)) {
                return fake;
            }
        }
        List<Fake> prefixed = containers.values().stream()
                .filter(f -> f.id.startsWith(idOrName))
                .toList();
        if (prefixed.size() == 1 && !idOrName.isEmpty()) {
            return prefixed.get(0);
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "No such container: " + idOrName);
    }

    @Override
    public synchronized void start(String idOrName) throws EngineException {
        calls.add("start " + idOrName);
        Fake fake = find(idOrName);
        if (fake.state.running()) {
            throw new EngineException(ErrorKind.NOT_MODIFIED, "container is already running");
        }
        fake.state = new ContainerState(
                ContainerState.Status.RUNNING, 4242, 0, Optional.of(now.minusSeconds(3)), Optional.empty(), "", false);
        List<String> cmd = fake.spec.cmd();
        if (!cmd.isEmpty() && (cmd.get(0).equals("echo") || cmd.get(0).equals("fail"))) {
            engine.execute(() -> play(fake));
        }
        if (!cmd.isEmpty() && cmd.get(0).equals("cat") && fake.stdin != null) {
            InputStream stdin = fake.stdin;
            engine.execute(() -> echo(fake, stdin));
        }
    }

    private void play(Fake fake) {
        Run run = run(fake.spec.cmd());
        List<OutputSink> sinks;
        synchronized (this) {
            sinks = List.copyOf(fake.attached);
            if (run.stdout.length > 0) {
                fake.stdout.add(run.stdout);
            }
        }
        for (OutputSink sink : sinks) {
            if (run.stdout.length > 0) {
                sink.write(OutputSink.Stream.STDOUT, run.stdout);
            }
            if (run.stderr.length > 0) {
                sink.write(OutputSink.Stream.STDERR, run.stderr);
            }
        }
        exit(fake, run.exitCode);
    }

    /** "cat": what the attached client sends comes back on stdout (raw), until its EOF ends the container. */
    private void echo(Fake fake, InputStream stdin) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = stdin.read(buffer)) >= 0) {
                byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                List<OutputSink> sinks;
                synchronized (this) {
                    sinks = List.copyOf(fake.attached);
                }
                sinks.forEach(sink -> sink.write(OutputSink.Stream.STDOUT, chunk));
            }
        } catch (java.io.IOException e) {
            // the client left
        }
        exit(fake, 0);
    }

    private static final class Run {
        final byte[] stdout;
        final byte[] stderr;
        final int exitCode;

        Run(byte[] stdout, byte[] stderr, int exitCode) {
            this.stdout = stdout;
            this.stderr = stderr;
            this.exitCode = exitCode;
        }
    }

    private static Run run(List<String> cmd) {
        if (!cmd.isEmpty() && cmd.get(0).equals("echo")) {
            String text = String.join(" ", cmd.subList(1, cmd.size())) + "\n";
            return new Run(text.getBytes(StandardCharsets.UTF_8), new byte[0], 0);
        }
        if (!cmd.isEmpty() && cmd.get(0).equals("fail")) {
            int code = cmd.size() > 1 ? Integer.parseInt(cmd.get(1)) : 1;
            return new Run(new byte[0], "failing\n".getBytes(StandardCharsets.UTF_8), code);
        }
        return new Run(new byte[0], new byte[0], 0);
    }

    private void exit(Fake fake, int code) {
        List<OutputSink> sinks;
        List<CompletableFuture<WaitResult>> waits;
        List<CompletableFuture<WaitResult>> removals = List.of();
        synchronized (this) {
            fake.state = new ContainerState(
                    ContainerState.Status.EXITED,
                    0,
                    code,
                    fake.state.startedAt(),
                    Optional.of(now.minusSeconds(2)),
                    "",
                    false);
            sinks = List.copyOf(fake.attached);
            fake.attached.clear();
            waits = List.copyOf(fake.nextExit);
            fake.nextExit.clear();
            if (fake.spec.host().autoRemove()) {
                containers.remove(fake.id);
                removals = List.copyOf(fake.removal);
            }
        }
        sinks.forEach(OutputSink::end);
        waits.forEach(w -> w.complete(new WaitResult(code, Optional.empty())));
        removals.forEach(w -> w.complete(new WaitResult(code, Optional.empty())));
    }

    @Override
    public void stop(String idOrName, Optional<Duration> timeout) throws EngineException {
        Fake fake;
        synchronized (this) {
            calls.add(
                    "stop " + idOrName + " " + timeout.map(Duration::toSeconds).orElse(-1L));
            fake = find(idOrName);
            if (!fake.state.running()) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container is not running");
            }
        }
        exit(fake, 0);
    }

    @Override
    public void restart(String idOrName, Optional<Duration> timeout) throws EngineException {
        synchronized (this) {
            calls.add("restart " + idOrName);
        }
        try {
            stop(idOrName, timeout);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_MODIFIED) {
                throw e;
            }
        }
        start(idOrName);
    }

    @Override
    public void kill(String idOrName, String signal) throws EngineException {
        Fake fake;
        synchronized (this) {
            calls.add("kill " + idOrName + " " + signal);
            fake = find(idOrName);
            if (!fake.state.running()) {
                throw new EngineException(ErrorKind.CONFLICT, "Container " + fake.id + " is not running");
            }
        }
        exit(fake, 137);
    }

    @Override
    public void remove(String idOrName, boolean force) throws EngineException {
        Fake fake;
        synchronized (this) {
            calls.add("remove " + idOrName + " force=" + force);
            fake = find(idOrName);
            if (fake.state.running() && !force) {
                throw new EngineException(
                        ErrorKind.CONFLICT,
                        "cannot remove container \"/" + fake.name
                                + "\": container is running: stop the container before removing or force remove");
            }
        }
        if (fake.state.running()) {
            exit(fake, 137);
        }
        List<CompletableFuture<WaitResult>> removals;
        synchronized (this) {
            containers.remove(fake.id);
            removals = List.copyOf(fake.removal);
        }
        removals.forEach(w -> w.complete(new WaitResult(fake.state.exitCode(), Optional.empty())));
    }

    @Override
    public synchronized ContainerView inspect(String idOrName) throws EngineException {
        return view(find(idOrName));
    }

    private ContainerView view(Fake fake) {
        Map<String, EndpointView> endpoints = new LinkedHashMap<>();
        int index = 2;
        for (String network : fake.networks) {
            Optional<EndpointSettings> asked =
                    Optional.ofNullable(fake.spec.endpoints().get(network));
            endpoints.put(
                    network,
                    new EndpointView(
                            FakeIds.hex("network " + network),
                            network,
                            FakeIds.hex("endpoint " + fake.id + network),
                            fake.id,
                            fake.name,
                            Optional.of(MacAddress.parse("02:42:ac:11:00:0" + index)),
                            Optional.of(IpPrefix.parse("172.17.0." + index + "/16")),
                            Optional.empty(),
                            Optional.of(IpAddresses.parse("172.17.0.1")),
                            Optional.empty(),
                            asked.map(EndpointSettings::aliases).orElse(List.of()),
                            network.equals("bridge") ? List.of() : List.of(fake.name, fake.id.substring(0, 12))));
            index++;
        }
        Map<ContainerPort, List<HostBinding>> ports = new LinkedHashMap<>();
        fake.spec.host().portBindings().forEach((port, bindings) -> {
            List<HostBinding> bound = new ArrayList<>();
            bindings.forEach(b -> bound.add(new HostBinding(
                    b.hostIp().isEmpty() ? "0.0.0.0" : b.hostIp(), b.hostPort().isEmpty() ? "32768" : b.hostPort())));
            ports.put(port, bound);
        });
        List<String> cmd = fake.spec.cmd().isEmpty() ? List.of("sh") : fake.spec.cmd();
        Path dir = Path.of("/var/lib/shoal/containers", fake.id);
        return new ContainerView(
                fake.id,
                fake.name,
                CREATED,
                fake.spec.image(),
                "sha256:" + FakeIds.hex("image"),
                cmd.get(0),
                cmd.subList(1, cmd.size()),
                fake.state,
                fake.spec,
                fake.state.running()
                        ? Optional.of(Path.of("/run/shoal/netns", fake.id.substring(0, 12)))
                        : Optional.empty(),
                endpoints,
                fake.state.running() ? ports : Map.of(),
                dir.resolve("resolv.conf"),
                dir.resolve("hosts"),
                dir.resolve("hostname"),
                dir.resolve("output.log"),
                0,
                fake.execIds);
    }

    @Override
    public synchronized List<ContainerView> list(boolean all, Filters filters, int limit) throws EngineException {
        filters.requireKeys(Set.of("id", "name", "label", "status", "network", "ancestor", "exited"));
        calls.add("list all=" + all + " limit=" + limit + " filters=" + filters.terms());
        List<ContainerView> list = new ArrayList<>();
        for (Fake fake : containers.values()) {
            boolean labels = filters.values("label").stream().allMatch(term -> {
                int eq = term.indexOf('=');
                return eq < 0
                        ? fake.spec.labels().containsKey(term)
                        : term.substring(eq + 1).equals(fake.spec.labels().get(term.substring(0, eq)));
            });
            if ((all || fake.state.running()) && labels) {
                list.add(0, view(fake));
            }
        }
        return limit > 0 && list.size() > limit ? list.subList(0, limit) : list;
    }

    @Override
    public synchronized CompletionStage<WaitResult> await(String idOrName, WaitCondition condition)
            throws EngineException {
        calls.add("wait " + idOrName + " " + condition);
        Fake fake = find(idOrName);
        CompletableFuture<WaitResult> done = new CompletableFuture<>();
        switch (condition) {
            case NOT_RUNNING -> {
                if (fake.state.running()) {
                    fake.nextExit.add(done);
                } else {
                    done.complete(new WaitResult(fake.state.exitCode(), Optional.empty()));
                }
            }
            case NEXT_EXIT -> fake.nextExit.add(done);
            case REMOVED -> fake.removal.add(done);
        }
        return done;
    }

    @Override
    public synchronized OutputSubscription attach(String idOrName, boolean stdout, boolean stderr, OutputSink sink)
            throws EngineException {
        calls.add("attach " + idOrName + " stdout=" + stdout + " stderr=" + stderr);
        Fake fake = find(idOrName);
        if (fake.state.status() == ContainerState.Status.EXITED) {
            sink.end();
            return () -> {};
        }
        fake.attached.add(sink);
        return () -> {
            boolean removed;
            synchronized (this) {
                removed = fake.attached.remove(sink);
                calls.add("detach " + fake.id);
            }
            if (removed) {
                sink.end();
            }
        };
    }

    @Override
    public OutputSubscription attach(
            String idOrName,
            boolean stdout,
            boolean stderr,
            Optional<InputStream> stdin,
            String detachKeys,
            OutputSink sink)
            throws EngineException {
        synchronized (this) {
            calls.add("attach " + idOrName + " stdin=" + stdin.isPresent() + " detachKeys=" + detachKeys);
            Fake fake = find(idOrName);
            if (stdin.isPresent()) {
                fake.stdin = stdin.get();
            }
        }
        return attach(idOrName, stdout, stderr, sink);
    }

    @Override
    public synchronized void resize(String idOrName, int height, int width) throws EngineException {
        Fake fake = find(idOrName);
        if (!fake.state.running()) {
            throw new EngineException(ErrorKind.CONFLICT, "Container " + fake.id + " is not running");
        }
        calls.add("resize " + idOrName + " " + height + "x" + width);
    }

    @Override
    public synchronized void resizeExec(String execId, int height, int width) throws EngineException {
        if (!execs.containsKey(execId)) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such exec instance: " + execId);
        }
        calls.add("resize exec " + height + "x" + width);
    }

    @Override
    public void startExec(String execId, Optional<OutputSink> sink, Optional<InputStream> stdin)
            throws EngineException {
        synchronized (this) {
            calls.add("start exec stdin=" + stdin.isPresent());
        }
        startExec(execId, sink);
    }

    @Override
    public OutputSubscription logs(String idOrName, LogOptions options, OutputSink sink) throws EngineException {
        List<byte[]> stored;
        Fake fake;
        synchronized (this) {
            calls.add("logs " + idOrName + " " + options);
            fake = find(idOrName);
            stored = List.copyOf(fake.stdout);
        }
        engine.execute(() -> {
            stored.forEach(chunk -> sink.write(OutputSink.Stream.STDOUT, chunk));
            sink.write(OutputSink.Stream.STDERR, "from stderr\n".getBytes(StandardCharsets.UTF_8));
            synchronized (this) {
                if (options.follow() && fake.state.running()) {
                    fake.attached.add(sink);
                    return;
                }
            }
            sink.end();
        });
        return () -> {
            synchronized (this) {
                fake.attached.remove(sink);
                calls.add("logs closed " + fake.id);
            }
            sink.end();
        };
    }

    @Override
    public synchronized void connect(String network, String idOrName, EndpointSettings settings)
            throws EngineException {
        calls.add("connect " + network + " " + idOrName);
        lastConnect = settings;
        Fake fake = find(idOrName);
        if (fake.networks.contains(network)) {
            throw new EngineException(
                    ErrorKind.CONFLICT, "container " + fake.name + " is already attached to network " + network);
        }
        fake.networks.add(network);
    }

    @Override
    public synchronized void disconnect(String network, String idOrName, boolean force) throws EngineException {
        calls.add("disconnect " + network + " " + idOrName + " force=" + force);
        Fake fake = find(idOrName);
        if (!fake.networks.remove(network)) {
            throw new EngineException(
                    ErrorKind.NOT_FOUND, "container " + fake.id + " is not connected to network " + network);
        }
    }

    @Override
    public synchronized String createExec(String idOrName, ExecSpec spec) throws EngineException {
        calls.add("exec " + idOrName + " " + spec.cmd());
        Fake fake = find(idOrName);
        if (!fake.state.running()) {
            throw new EngineException(ErrorKind.CONFLICT, "container " + fake.id + " is not running");
        }
        String id = FakeIds.hex("exec " + System.nanoTime());
        execs.put(id, new FakeExec(id, fake.id, spec, OptionalInt.empty(), false));
        fake.execIds.add(id);
        return id;
    }

    @Override
    public void startExec(String execId, Optional<OutputSink> sink) throws EngineException {
        FakeExec exec;
        synchronized (this) {
            calls.add("start exec " + execId + (sink.isPresent() ? " attached" : " detached"));
            exec = execs.get(execId);
            if (exec == null) {
                throw new EngineException(ErrorKind.NOT_FOUND, "No such exec instance: " + execId);
            }
            if (exec.started()) {
                throw new EngineException(ErrorKind.CONFLICT, "exec " + execId + " has already been started");
            }
            execs.put(execId, new FakeExec(exec.id(), exec.containerId(), exec.spec(), OptionalInt.empty(), true));
        }
        engine.execute(() -> {
            Run run = run(exec.spec().cmd());
            sink.ifPresent(s -> {
                if (run.stdout.length > 0) {
                    s.write(OutputSink.Stream.STDOUT, run.stdout);
                }
                if (run.stderr.length > 0) {
                    s.write(OutputSink.Stream.STDERR, run.stderr);
                }
            });
            synchronized (this) {
                execs.put(
                        execId,
                        new FakeExec(exec.id(), exec.containerId(), exec.spec(), OptionalInt.of(run.exitCode), true));
            }
            sink.ifPresent(OutputSink::end);
        });
    }

    @Override
    public synchronized ExecView inspectExec(String execId) throws EngineException {
        FakeExec exec = execs.get(execId);
        if (exec == null) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such exec instance: " + execId);
        }
        boolean running = exec.started() && exec.exitCode().isEmpty();
        return new ExecView(exec.id(), exec.containerId(), running, exec.exitCode(), running ? 4343 : 0, exec.spec());
    }

    @Override
    public void close() {
        engine.shutdownNow();
    }
}
