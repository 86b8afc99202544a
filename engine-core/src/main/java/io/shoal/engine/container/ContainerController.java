package io.shoal.engine.container;

import io.shoal.engine.container.ContainerRecord.Attachment;
import io.shoal.engine.container.ContainerRecord.Phase;
import io.shoal.engine.dns.NameService;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.image.ImageBackend;
import io.shoal.engine.image.ImageView;
import io.shoal.engine.network.EndpointSettings;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkAttachments;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ExitStatus;
import io.shoal.engine.runtime.RuntimeEvents;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.TaskExit;
import io.shoal.engine.runtime.TaskState;
import io.shoal.engine.runtime.TaskStatus;
import io.shoal.engine.sandbox.SandboxHost;
import io.shoal.engine.store.Change;
import io.shoal.engine.store.Collection;
import io.shoal.engine.store.EngineStore;
import io.shoal.engine.undo.Undo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The container side of the engine ({@link ContainerBackend}) over the ports: the container runtime, the network
 * attachments, the sandbox host, the name service, the engine store and the image backend.
 *
 * <p>Each container's calls take its lock, so they take effect one at a time; every change is one store transaction
 * written before the runtime or kernel work it describes ({@link ContainerRecord.Phase}). Exits reported by the
 * runtime are handled on one thread of this class; exec processes run on a pool (the runtime's {@code exec} blocks).
 * Output files are polled every {@code pollInterval} while a task runs (see {@link ContainerOutput}).
 *
 * <p>Files under {@code DATA_ROOT/containers/<id>/}: {@code hosts}, {@code hostname}, {@code resolv.conf}, {@code
 * stdout} and {@code stderr} (the runtime's), {@code container.log}, {@code upper/} and {@code work/} (the overlay's
 * writable layer), {@code exec/} (exec processes' output while they run).
 *
 * <p>Call {@link #restore} once before serving; {@link #close} stops the threads (containers keep running).
 */
public final class ContainerController implements ContainerBackend, AutoCloseable {
    /** The stored records. */
    public static final Collection<ContainerRecord> CONTAINERS = new Collection<>("container", ContainerRecord.class);

    private static final Logger LOG = Logger.getLogger(ContainerController.class.getName());
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofMinutes(1);
    private static final Duration FOREVER = Duration.ofDays(3650);
    private static final Set<String> FILTER_KEYS =
            Set.of("id", "name", "label", "status", "network", "ancestor", "exited");

    private final EngineStore store;
    private final ContainerRuntime runtime;
    private final NetworkAttachments networks;
    private final NameService dns;
    private final ImageBackend images;
    private final Path containersDir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService exits = Executors.newSingleThreadExecutor(daemon("shoal-container-exits"));
    private final ExecutorService work = Executors.newCachedThreadPool(daemon("shoal-container-exec"));
    /**
     * Where starts run their DNS resolver's start ({@link ResolverStart}): one thread per start in flight, idle ones
     * ending after 5 s rather than the cached pool's 60, so that a burst of parallel starts does not leave a stack per
     * start resident (~100 KiB each) for a minute, as the API's handlers.
     */
    private final ExecutorService resolverStarts = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("shoal-resolver-start"));

    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(daemon("shoal-container-output"));
    private final Map<String, Entry> containers = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Object registry = new Object();
    private final ExecProcesses execs;
    private final SandboxSetup sandboxes;
    private final java.util.concurrent.ScheduledFuture<?> pollTask;
    private final RestartSupervisor restarts;
    private ContainerRuntime.Subscription subscription;
    private final ContainerEvents events = new ContainerEvents();

    /**
     * @param dataRoot the engine's data root; containers live under {@code dataRoot/containers}
     * @param pollInterval how often running tasks' output files are read for attach and logs
     */
    public ContainerController(
            EngineStore store,
            ContainerRuntime runtime,
            NetworkAttachments networks,
            SandboxHost sandboxHost,
            NameService dns,
            ImageBackend images,
            Path dataRoot,
            Clock clock,
            Duration pollInterval) {
        this(store, runtime, networks, sandboxHost, dns, images, dataRoot, clock, pollInterval, null);
    }

    /** As above, with delayed restarts run by {@code restartScheduler} (tests) rather than a timer thread. */
    ContainerController(
            EngineStore store,
            ContainerRuntime runtime,
            NetworkAttachments networks,
            SandboxHost sandboxHost,
            NameService dns,
            ImageBackend images,
            Path dataRoot,
            Clock clock,
            Duration pollInterval,
            RestartSupervisor.Scheduler restartScheduler) {
        this.store = store;
        this.runtime = runtime;
        this.networks = networks;
        this.dns = dns;
        this.images = images;
        this.containersDir = dataRoot.resolve("containers");
        this.clock = clock;
        this.sandboxes = new SandboxSetup(networks, sandboxHost, dns, this::dirOf);
        this.execs = new ExecProcesses(runtime, work, random);
        long millis = Math.max(1, pollInterval.toMillis());
        this.pollTask = poller.scheduleWithFixedDelay(this::pollOutputWhenDue, millis, millis, TimeUnit.MILLISECONDS);
        this.restarts = new RestartSupervisor(
                restartScheduler != null ? restartScheduler : RestartSupervisor.on(poller, work),
                this::restartAfterDelay);
    }

    /** From now on, what happens to containers is published to {@code bus} ({@code docker events}). */
    public void publishEventsTo(io.shoal.engine.events.EventBus bus) {
        events.sink.to(bus);
    }

    // ---------------------------------------------------------------------------------------------------- restore

    /**
     * Loads the stored containers, subscribes to the runtime's exits and reconciles with its tasks: a running task
     * keeps running (its sandbox is still there), a task that exited meanwhile has its exit recorded and its sandbox
     * torn down, work interrupted by a crash (starting, stopping, removing) is finished or undone.
     */
    public void restore() throws EngineException {
        for (ContainerRecord record : store.load(CONTAINERS).values()) {
            Entry entry = new Entry(record, new ContainerOutput(dirOf(record.id()), clock));
            containers.put(record.id(), entry);
            names.put(record.name(), record.id());
        }
        subscription = runtime.subscribe(new RuntimeEvents() {
            @Override
            public void onExit(TaskExit exit) {
                if (exit.isInit()) {
                    exits.execute(() -> handleExit(exit));
                }
            }

            @Override
            public void onReconnected() {
                exits.execute(ContainerController.this::reconcileAll);
            }
        });
        reconcileAll();
        new EndpointOrphans(networks).remove(Set.copyOf(containers.keySet()));
        new RuntimeOrphans(runtime).remove(runningIds());
        resumeRestarts();
    }

    /** The containers whose records say RUNNING: their runtime containers and tasks are theirs. */
    private Set<String> runningIds() {
        Set<String> running = new java.util.HashSet<>();
        containers.values().stream()
                .filter(entry -> !entry.removed && entry.record.phase() == Phase.RUNNING)
                .forEach(entry -> running.add(entry.id));
        return running;
    }

    private void reconcileAll() {
        Map<String, TaskState> tasks = new LinkedHashMap<>();
        try {
            for (TaskState task : runtime.listTasks()) {
                tasks.put(task.containerId(), task);
            }
        } catch (ContainerRuntimeException e) {
            LOG.log(Level.WARNING, "cannot list the runtime's tasks; reconciliation postponed", e);
            return;
        }
        for (Entry entry : new ArrayList<>(containers.values())) {
            entry.lock.lock();
            try {
                if (!entry.removed) {
                    reconcile(entry, Optional.ofNullable(tasks.get(entry.id)));
                }
            } catch (EngineException | RuntimeException e) {
                LOG.log(Level.WARNING, "reconciling container " + entry.id + " failed", e);
            } finally {
                entry.lock.unlock();
            }
        }
    }

    private void reconcile(Entry entry, Optional<TaskState> task) throws EngineException {
        ContainerRecord record = entry.record;
        switch (record.phase()) {
            case IDLE -> {}
            case REMOVING -> removeLocked(entry);
            case STOPPING -> finishInterruptedStop(entry, true);
            case STARTING -> undoInterruptedStart(entry, task);
            case RUNNING -> {
                boolean alive = task.isPresent()
                        && task.get().status() != TaskStatus.STOPPED
                        && task.get().status() != TaskStatus.UNKNOWN;
                if (alive) {
                    ContainerSpec spec = SpecCodec.load(record.spec());
                    sandboxes.reattachResolver(record, spec);
                    List<Attachment> settled = sandboxes.settleAfterCrash(record);
                    if (!settled.equals(record.networks())) {
                        put(entry, record.withNetworks(settled));
                    }
                    if (!entry.output.following()) {
                        entry.output.beginRun();
                    }
                    // After an engine restart nobody reads the task's pipes: its output would block once they fill.
                    Stdio stdio = Stdio.toFiles(entry.output.stdoutFile(), entry.output.stderrFile());
                    ignoreMissing(() -> runtime.reattachOutput(entry.id, spec.tty() ? stdio.onTerminal() : stdio));
                } else {
                    ExitStatus status = task.flatMap(TaskState::exit).orElse(new ExitStatus(255, clock.instant()));
                    finishRun(entry, status, true);
                    applyRestartPolicy(entry);
                }
            }
        }
    }

    private void undoInterruptedStart(Entry entry, Optional<TaskState> task) throws EngineException {
        if (task.isPresent()) {
            killAndWait(entry.id);
            ignoreNotFound(() -> runtime.deleteTask(entry.id));
        }
        ignoreMissing(() -> runtime.deleteContainer(entry.id));
        sandboxes.teardown(entry.record);
        ContainerState before = entry.record.state();
        // The STARTING record keeps the state from before the start; a running one here would be a stale record.
        ContainerState state = new ContainerState(
                before.running() ? ContainerState.Status.EXITED : before.status(),
                0,
                before.exitCode(),
                before.startedAt(),
                before.finishedAt(),
                "the engine stopped while the container was starting",
                false);
        putIdleWithoutSandbox(entry, state);
    }

    /** Records the container as IDLE in {@code state}, its sandbox and its endpoints' interfaces gone. */
    private void putIdleWithoutSandbox(Entry entry, ContainerState state) throws EngineException {
        put(
                entry,
                entry.record
                        .withState(state, Phase.IDLE)
                        .withSandbox(Optional.empty(), Map.of())
                        .withNetworks(clearInterfaces(entry.record.networks())));
    }

    // ---------------------------------------------------------------------------------------------------- create

    @Override
    public CreatedContainer create(Optional<String> requestedName, ContainerSpec spec) throws EngineException {
        Optional<String> name =
                requestedName.isPresent() && !requestedName.get().isEmpty()
                        ? Optional.of(ContainerNames.validate(requestedName.get()))
                        : Optional.empty();
        ImageView image = findImage(spec.image());
        CreateRequest request = CreateRequest.prepare(spec, image, networks, dns);
        ContainerRecord record;
        synchronized (registry) {
            String chosen = name.orElseGet(() -> ContainerNames.generate(random, names::containsKey));
            String holder = names.get(chosen);
            if (holder != null) {
                throw new EngineException(
                        ErrorKind.CONFLICT,
                        "Conflict. The container name \"/" + chosen + "\" is already in use by container \"" + holder
                                + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
            String id = newId();
            record = new ContainerRecord(
                    id,
                    chosen,
                    clock.instant(),
                    spec.image(),
                    image.id(),
                    request.path(),
                    request.args(),
                    SpecCodec.store(request.spec()),
                    request.networks(),
                    new ContainerState(
                            ContainerState.Status.CREATED, 0, 0, Optional.empty(), Optional.empty(), "", false),
                    Phase.IDLE,
                    Optional.empty(),
                    Map.of(),
                    0,
                    false);
            store.apply(List.of(Change.put(CONTAINERS, id, record)));
            names.put(chosen, id);
            containers.put(id, new Entry(record, new ContainerOutput(dirOf(id), clock)));
        }
        events.publish("create", record);
        createDirectory(dirOf(record.id()));
        return new CreatedContainer(record.id(), request.warnings());
    }

    private ImageView findImage(String reference) throws EngineException {
        try {
            return images.inspect(reference);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
            boolean tagged = reference.lastIndexOf(':') > reference.lastIndexOf('/');
            String shown = tagged || reference.startsWith("sha256:") ? reference : reference + ":latest";
            throw new EngineException(ErrorKind.NOT_FOUND, "No such image: " + shown, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- start

    @Override
    public void start(String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            if (entry.record.state().status() == ContainerState.Status.RESTARTING) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container " + entry.id + " is already running");
            }
            beginUserStart(entry);
            startLocked(entry);
        } finally {
            entry.lock.unlock();
        }
    }

    private void startLocked(Entry entry) throws EngineException {
        if (entry.record.phase() == Phase.STOPPING) {
            // A stop (or rm -f) that the runtime failed half-way left the task's exit recorded and the sandbox up:
            // finish that stop first, so the start begins from an exited container as Docker's would (issue 13).
            finishInterruptedStop(entry, false);
        }
        ContainerRecord record = entry.record;
        if (record.state().running()) {
            throw new EngineException(ErrorKind.NOT_MODIFIED, "container " + entry.id + " is already running");
        }
        if (record.phase() != Phase.IDLE) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "container " + entry.id + " is busy ("
                            + record.phase().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        ContainerRecord starting = record.withState(withError(record.state(), ""), Phase.STARTING);
        put(entry, starting);
        Path dir = dirOf(entry.id);
        Undo undo = new Undo();
        try {
            ContainerSpec spec = SpecCodec.load(starting.spec());
            Path rootfs = images.rootfs(starting.imageId());
            SandboxSetup.Sandbox sandbox = sandboxes.setUp(starting, spec, dir, undo, resolverStarts);
            entry.output.beginRun();
            undo.onFailure("abort the output of " + entry.id, entry.output::abortRun);
            long pid = new TaskLauncher(runtime)
                    .launch(starting, spec, rootfs, sandbox, dir, entry.output, entry.stdin, undo);
            ContainerState running = new ContainerState(
                    ContainerState.Status.RUNNING, pid, 0, Optional.of(clock.instant()), Optional.empty(), "", false);
            put(
                    entry,
                    starting.withState(running, Phase.RUNNING)
                            .withNetworks(sandbox.attachments())
                            .withSandbox(
                                    Optional.of(sandbox.namespace().toString()),
                                    SpecCodec.storePorts(sandbox.ports())));
            events.publish("start", entry.record);
        } catch (EngineException | RuntimeException e) {
            undo.rollBack(e);
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            put(
                    entry,
                    starting.withState(
                            StartFailures.failedState(record.state(), message, e, record.path()), Phase.IDLE));
            EngineException failure = e instanceof EngineException engine
                    ? engine
                    : new EngineException(ErrorKind.INTERNAL, "starting " + entry.id + ": " + message, e);
            // As Docker, a --rm container whose start failed is removed: `docker run --rm` waits for "removed"
            // after a failed start and would otherwise wait forever.
            if (SpecCodec.load(record.spec()).host().autoRemove()) {
                try {
                    removeLocked(entry);
                } catch (EngineException | RuntimeException removal) {
                    failure.addSuppressed(removal);
                }
            }
            throw failure;
        }
    }

    // ---------------------------------------------------------------------------------------------------- exits

    private void handleExit(TaskExit exit) {
        Entry entry = containers.get(exit.containerId());
        if (entry == null) {
            return;
        }
        entry.lock.lock();
        try {
            ContainerRecord record = entry.record;
            boolean current = record.phase() == Phase.RUNNING
                    && (record.state().pid() == 0
                            || exit.pid() == 0
                            || exit.pid() == record.state().pid());
            if (!entry.removed && current) {
                finishRun(entry, exit.status(), true);
                applyRestartPolicy(entry);
            }
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "handling the exit of " + exit.containerId() + " failed", e);
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * The task exited: records the exit, deletes the task and the runtime's container, tears the sandbox down,
     * completes the waiters and, with {@code --rm}, removes the container.
     */
    private void finishRun(Entry entry, ExitStatus exit, boolean autoRemove) throws EngineException {
        ContainerRecord record = entry.record;
        ContainerState exited = new ContainerState(
                ContainerState.Status.EXITED,
                0,
                exit.code(),
                record.state().startedAt(),
                Optional.of(exit.exitedAt()),
                record.state().error(),
                false);
        put(entry, record.withState(exited, Phase.STOPPING));
        ignoreNotFound(() -> runtime.deleteTask(entry.id));
        entry.output.endRun();
        entry.stdin.endRun();
        ignoreMissing(() -> runtime.deleteContainer(entry.id));
        // One unit of work (EngineStore#beginUnit): the endpoints' removals and address releases wait for the record's
        // IDLE and are committed with it, not in a transaction each. A crash before that commit leaves the record
        // STOPPING, whose restore runs the teardown again (each of its steps counts what is gone as done).
        try (EngineStore.Unit unit = store.beginUnit()) {
            sandboxes.teardown(entry.record);
            putIdleWithoutSandbox(entry, exited);
        }
        int code = exit.code();
        events.publish("die", entry.record, Map.of("exitCode", Integer.toString(code)));
        entry.complete(Set.of(WaitCondition.NEXT_EXIT, WaitCondition.NOT_RUNNING), code);
        if (autoRemove && SpecCodec.load(record.spec()).host().autoRemove()) {
            removeLocked(entry);
        }
    }

    /** Completes a {@link #finishRun} that failed after recording STOPPING, with the exit it recorded. */
    private void finishInterruptedStop(Entry entry, boolean autoRemove) throws EngineException {
        ContainerState state = entry.record.state();
        finishRun(entry, new ExitStatus(state.exitCode(), state.finishedAt().orElse(clock.instant())), autoRemove);
    }

    // ---------------------------------------------------------------------------------------------------- restarts

    /** After an exit of the task's own: the container is marked restarting when its restart policy says so. */
    private void applyRestartPolicy(Entry entry) throws EngineException {
        ContainerRecord record = entry.record;
        ContainerState state = record.state();
        if (entry.removed
                || state.status() != ContainerState.Status.EXITED
                || state.finishedAt().isEmpty()) {
            return;
        }
        Duration ran = Duration.between(
                state.startedAt().orElse(state.finishedAt().get()),
                state.finishedAt().get());
        RestartPolicy policy = policyOf(record);
        if (restarts.onExit(entry.id, policy, state.exitCode(), record.manuallyStopped(), record.restartCount(), ran)
                .isPresent()) {
            put(
                    entry,
                    record.withState(withStatus(state, ContainerState.Status.RESTARTING), Phase.IDLE)
                            .withRestart(record.restartCount() + 1, record.manuallyStopped()));
        }
    }

    /** The restart policy's delay has passed: the container is started again, unless the user ended it meanwhile. */
    private void restartAfterDelay(String id) {
        Entry entry = containers.get(id);
        if (entry == null) {
            return;
        }
        entry.lock.lock();
        try {
            if (entry.removed
                    || entry.record.state().status() != ContainerState.Status.RESTARTING
                    || !restarts.isPending(id)) {
                return;
            }
            try {
                startLocked(entry);
            } catch (EngineException | RuntimeException e) {
                // As dockerd: a restart that fails leaves the container stopped, with the start's error.
                LOG.log(Level.WARNING, "restarting container " + id + " failed", e);
                put(
                        entry,
                        entry.record.withState(
                                withStatus(entry.record.state(), ContainerState.Status.EXITED), Phase.IDLE));
            }
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "recording the failed restart of container " + id + " failed", e);
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * At the engine's start, as dockerd's restore: a container left restarting is restarted, and a stopped one that
     * ran before is started when its policy says so ({@code always}; {@code unless-stopped} unless the user stopped
     * it; {@code on-failure} after a failure with retries left), as a start by the user.
     */
    private void resumeRestarts() {
        for (Entry entry : new ArrayList<>(containers.values())) {
            ContainerRecord record = entry.record;
            ContainerState state = record.state();
            if (entry.removed || record.phase() != Phase.IDLE) {
                continue;
            }
            if (state.status() == ContainerState.Status.RESTARTING) {
                restarts.resume(entry.id);
            } else if (state.status() == ContainerState.Status.EXITED
                    && state.startedAt().isPresent()
                    && policyOf(record).restarts(state.exitCode(), record.manuallyStopped(), record.restartCount())) {
                restarts.soon(() -> startWithEngine(entry.id));
            }
        }
    }

    private static RestartPolicy policyOf(ContainerRecord record) {
        try {
            return RestartPolicy.of(SpecCodec.load(record.spec()).host());
        } catch (EngineException e) {
            LOG.log(Level.WARNING, "container " + record.id() + ": unreadable restart policy, taken as 'no'", e);
            return RestartPolicy.of(HostSettings.defaults());
        }
    }

    private void startWithEngine(String id) {
        try {
            start(id);
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "starting container " + id + " by its restart policy failed", e);
        }
    }

    /** A start by the user: restarts begin afresh (count 0, not manually stopped), as dockerd's reset. */
    private void beginUserStart(Entry entry) throws EngineException {
        restarts.reset(entry.id);
        if (entry.record.restartCount() != 0 || entry.record.manuallyStopped()) {
            put(entry, entry.record.withRestart(0, false));
        }
    }

    /** {@code docker stop}/{@code kill}: the user stopped it; {@code cancel} also drops this run's restarts. */
    private void markManuallyStopped(Entry entry, boolean cancel) throws EngineException {
        if (cancel) {
            restarts.cancel(entry.id);
        }
        if (!entry.record.manuallyStopped()) {
            put(entry, entry.record.withRestart(entry.record.restartCount(), true));
        }
    }

    /** Docker's {@code killWithSignal}: a signal cancels restarts unless a stop signal is set and it is another one. */
    private static boolean stopsRestarts(Entry entry, int signal) throws EngineException {
        Optional<String> stopSignal = SpecCodec.load(entry.record.spec()).stopSignal();
        return stopSignal.isEmpty() || Signals.parse(stopSignal.get()) == signal;
    }

    /** A container waiting for its restart is stopped instead (stop, kill, rm -f, restart win); false if none. */
    private boolean endPendingRestart(Entry entry) throws EngineException {
        ContainerRecord record = entry.record;
        if (record.state().status() != ContainerState.Status.RESTARTING) {
            return false;
        }
        restarts.cancel(entry.id);
        put(
                entry,
                record.withState(withStatus(record.state(), ContainerState.Status.EXITED), Phase.IDLE)
                        .withRestart(record.restartCount(), true));
        entry.complete(
                Set.of(WaitCondition.NEXT_EXIT, WaitCondition.NOT_RUNNING),
                record.state().exitCode());
        return true;
    }

    private static ContainerState withStatus(ContainerState state, ContainerState.Status status) {
        return new ContainerState(
                status, 0, state.exitCode(), state.startedAt(), state.finishedAt(), state.error(), state.oomKilled());
    }

    // ---------------------------------------------------------------------------------------------------- stop, kill

    @Override
    public void stop(String idOrName, Optional<Duration> timeout) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            if (endPendingRestart(entry)) {
                return;
            }
            if (!entry.record.state().running()) {
                throw new EngineException(ErrorKind.NOT_MODIFIED, "container " + entry.id + " is not running");
            }
            markManuallyStopped(entry, true);
            stopLocked(entry, timeout, true);
            events.publish("stop", entry.record);
        } finally {
            entry.lock.unlock();
        }
    }

    private void stopLocked(Entry entry, Optional<Duration> timeout, boolean autoRemove) throws EngineException {
        ContainerSpec spec = SpecCodec.load(entry.record.spec());
        int signal = Signals.parse(spec.stopSignal().orElse("SIGTERM"));
        Duration grace = timeout.orElse(
                spec.stopTimeoutSeconds().map(Duration::ofSeconds).orElse(DEFAULT_STOP_TIMEOUT));
        if (grace.isNegative()) {
            grace = FOREVER;
        }
        ExitStatus status;
        try {
            ignoreMissing(() -> runtime.kill(entry.id, signal, false));
            status = runtime.waitForExit(entry.id, grace);
        } catch (ContainerRuntimeException e) {
            if (e.kind() != ContainerRuntimeException.Kind.DEADLINE_EXCEEDED) {
                throw runtimeError(e);
            }
            status = killAndWait(entry.id);
        }
        finishRun(entry, status, autoRemove);
    }

    private ExitStatus killAndWait(String id) throws EngineException {
        try {
            ignoreMissing(() -> runtime.kill(id, Signals.SIGKILL, true));
            return runtime.waitForExit(id, KILL_WAIT);
        } catch (ContainerRuntimeException e) {
            throw runtimeError(e);
        }
    }

    @Override
    public void restart(String idOrName, Optional<Duration> timeout) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            endPendingRestart(entry);
            if (entry.record.state().running()) {
                restarts.cancel(entry.id);
                stopLocked(entry, timeout, false);
            }
            beginUserStart(entry);
            startLocked(entry);
            events.publish("restart", entry.record);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public void kill(String idOrName, String signal) throws EngineException {
        int number = Signals.parse(signal);
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            if (endPendingRestart(entry)) {
                return;
            }
            if (!entry.record.state().running()) {
                throw new EngineException(ErrorKind.CONFLICT, "Container " + entry.id + " is not running");
            }
            markManuallyStopped(entry, number == Signals.SIGKILL || stopsRestarts(entry, number));
            ignoreMissing(() -> runtime.kill(entry.id, number, false));
            events.publish("kill", entry.record, Map.of("signal", Integer.toString(number)));
            if (number == Signals.SIGKILL) {
                // As dockerd: a SIGKILL returns once the container has stopped, so that a `docker start` right
                // after `docker kill` finds it stopped (its sandbox torn down) rather than still running.
                finishRun(entry, killAndWait(entry.id), true);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- remove

    @Override
    public void remove(String idOrName, boolean force) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            if (entry.record.state().status() == ContainerState.Status.RESTARTING) {
                if (!force) {
                    throw new EngineException(
                            ErrorKind.CONFLICT,
                            "cannot remove container \"/" + entry.record.name() + "\": container is restarting: stop"
                                    + " the container before removing or force remove");
                }
                endPendingRestart(entry);
            }
            if (entry.record.state().running()) {
                if (!force) {
                    throw new EngineException(
                            ErrorKind.CONFLICT,
                            "cannot remove container \"/" + entry.record.name() + "\": container is running: stop the"
                                    + " container before removing or force remove");
                }
                finishRun(entry, killAndWait(entry.id), false);
            }
            removeLocked(entry);
        } finally {
            entry.lock.unlock();
        }
    }

    private void removeLocked(Entry entry) throws EngineException {
        if (entry.record.phase() == Phase.STOPPING) {
            // A stop (or rm -f) that the runtime failed half-way kept the sandbox and its endpoints: tear them down
            // first, or the record's deletion would orphan them (issue 13). If the runtime fails again, rm fails again
            // and the container stays, as Docker's.
            finishInterruptedStop(entry, false);
        }
        put(entry, entry.record.withPhase(Phase.REMOVING));
        ignoreMissing(() -> runtime.deleteContainer(entry.id));
        execs.forget(entry.id);
        restarts.forget(entry.id);
        deleteTree(dirOf(entry.id));
        store.apply(List.of(Change.delete(CONTAINERS, entry.id)));
        events.publish("destroy", entry.record);
        synchronized (registry) {
            names.remove(entry.record.name(), entry.id);
            containers.remove(entry.id);
            entry.removed = true;
        }
        entry.output.endAll();
        entry.complete(Set.of(WaitCondition.values()), entry.record.state().exitCode());
    }

    // ---------------------------------------------------------------------------------------------------- views

    @Override
    public ContainerView inspect(String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            return view(entry);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public List<ContainerView> list(boolean all, Filters filters, int limit) throws EngineException {
        filters.requireKeys(FILTER_KEYS);
        ContainerFilter filter = ContainerFilter.of(filters, images);
        List<ContainerView> views = new ArrayList<>();
        List<Entry> entries = new ArrayList<>(containers.values());
        entries.sort(
                Comparator.comparing((Entry e) -> e.record.created()).reversed().thenComparing(e -> e.id));
        for (Entry entry : entries) {
            ContainerRecord record = entry.record;
            boolean shown = all
                    || filter.impliesAll()
                    || record.state().running()
                    || record.state().status() == ContainerState.Status.RESTARTING;
            if (!entry.removed && shown && filter.matches(record)) {
                views.add(view(entry));
                if (limit > 0 && views.size() >= limit) {
                    break;
                }
            }
        }
        return views;
    }

    private ContainerView view(Entry entry) throws EngineException {
        ContainerRecord record = entry.record;
        Map<String, EndpointView> endpoints = new LinkedHashMap<>();
        List<EndpointView> attached = record.state().running() ? networks.endpointsOf(entry.id) : List.of();
        for (Attachment attachment : record.networks()) {
            EndpointView endpoint = attached.stream()
                    .filter(e -> e.networkId().equals(attachment.networkId()))
                    .findFirst()
                    .orElseGet(() -> detachedView(record, attachment));
            endpoints.put(attachment.networkName(), endpoint);
        }
        Path dir = dirOf(entry.id);
        return new ContainerView(
                entry.id,
                record.name(),
                record.created(),
                record.image(),
                record.imageId(),
                record.path(),
                record.args(),
                record.state(),
                specAsAttached(record),
                record.sandboxKey().map(Path::of),
                endpoints,
                SpecCodec.loadPorts(record.ports()),
                dir.resolve("resolv.conf"),
                dir.resolve("hosts"),
                dir.resolve("hostname"),
                entry.output.logFile(),
                record.restartCount(),
                execs.idsOf(entry.id));
    }

    /**
     * The container's spec with, for each network it is attached to, the settings that attachment asked for: those of
     * the create request, or of the {@code docker network connect} that added it ({@code --ip}, {@code --alias}),
     * which inspect shows as that network's {@code IPAMConfig} and aliases, as Docker does.
     */
    private static ContainerSpec specAsAttached(ContainerRecord record) throws EngineException {
        ContainerSpec spec = SpecCodec.load(record.spec());
        Map<String, EndpointSettings> asked = new LinkedHashMap<>(spec.endpoints());
        for (Attachment attachment : record.networks()) {
            asked.put(attachment.networkName(), SpecCodec.load(attachment.settings()));
        }
        return spec.withEndpoints(asked);
    }

    private static EndpointView detachedView(ContainerRecord record, Attachment attachment) {
        return new EndpointView(
                attachment.networkId(),
                attachment.networkName(),
                "",
                record.id(),
                record.name(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                attachment.settings().aliases(),
                List.of());
    }

    /** The id of a container created from image {@code imageId}, if any (for the image side's removal check). */
    public Optional<String> containerUsing(String imageId) {
        return containers.values().stream()
                .filter(e -> !e.removed && e.record.imageId().equals(imageId))
                .map(e -> e.id)
                .findFirst();
    }

    // ---------------------------------------------------------------------------------------------------- wait, output

    @Override
    public CompletionStage<WaitResult> await(String idOrName, WaitCondition condition) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            CompletableFuture<WaitResult> future = new CompletableFuture<>();
            boolean idle = !entry.record.state().running()
                    && entry.record.state().status() != ContainerState.Status.RESTARTING
                    && entry.record.phase() == Phase.IDLE;
            if (condition == WaitCondition.NOT_RUNNING && idle) {
                future.complete(new WaitResult(entry.record.state().exitCode(), Optional.empty()));
            } else {
                entry.waiters.add(new Waiter(condition, future));
            }
            return future;
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public OutputSubscription attach(String idOrName, boolean stdout, boolean stderr, OutputSink sink)
            throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            // A container that is not running keeps the listener until its next run ends: docker run and docker
            // start -a attach before they start.
            return entry.output.attach(stdout, stderr, sink, false);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public OutputSubscription logs(String idOrName, LogOptions options, OutputSink sink) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            entry.output.poll();
            return entry.output.logs(options, sink, entry.record.state().running());
        } finally {
            entry.lock.unlock();
        }
    }

    /** Reads new output of every running task (the poller's job; tests call it to deliver output deterministically). */
    void pollOutput() {
        for (Entry entry : containers.values()) {
            entry.output.poll();
        }
        execs.poll();
    }

    /** The poller's job: {@link #pollOutput} with each container's idle back-off (OutputTailer). */
    private void pollOutputWhenDue() {
        for (Entry entry : containers.values()) {
            entry.output.pollWhenDue();
        }
        execs.poll();
    }

    // ---------------------------------------------------------------------------------------------------- stdin, tty

    @Override
    public OutputSubscription attach(
            String idOrName,
            boolean stdout,
            boolean stderr,
            Optional<InputStream> stdin,
            String detachKeys,
            OutputSink sink)
            throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            ContainerSpec spec = SpecCodec.load(entry.record.spec());
            Optional<byte[]> keys = spec.tty() ? Optional.of(detachKeys(detachKeys)) : Optional.empty();
            OutputSubscription subscription = entry.output.attach(stdout, stderr, sink, false);
            if (stdin.isPresent() && spec.openStdin()) {
                entry.stdin.attach(stdin.get(), spec.stdinOnce() && !spec.tty(), keys, subscription::close, work);
            }
            return subscription;
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public void resize(String idOrName, int height, int width) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            requireRunning(entry);
            if (SpecCodec.load(entry.record.spec()).tty()) {
                runtime.resizePty(entry.id, "", width, height);
            }
        } catch (ContainerRuntimeException e) {
            throw runtimeError(e);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public void resizeExec(String execId, int height, int width) throws EngineException {
        execs.resize(execs.find(execId), height, width);
    }

    static byte[] detachKeys(String text) throws EngineException {
        try {
            return ContainerStdin.parseDetachKeys(text);
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorKind.INVALID_ARGUMENT, "Invalid detach keys (" + text + ") provided", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- networks

    @Override
    public void connect(String network, String idOrName, EndpointSettings settings) throws EngineException {
        NetworkView target = networks.find(network);
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        // One unit of work: the records wait for the driver's intent, committed before the kernel work (EngineStore).
        try (EngineStore.Unit unit = store.beginUnit()) {
            requireExists(entry, idOrName);
            ContainerRecord record = entry.record;
            if (record.networks().stream().anyMatch(a -> a.networkId().equals(target.id()))) {
                throw new EngineException(
                        ErrorKind.CONFLICT,
                        "endpoint with name " + record.name() + " already exists in network " + target.name());
            }
            // A created container that compose disconnected from its only network has none left: nothing forbids.
            if (record.networks().stream().anyMatch(a -> CreateRequest.exclusiveMode(a.networkName()))
                    || CreateRequest.exclusiveMode(target.name())) {
                throw new EngineException(
                        ErrorKind.FORBIDDEN,
                        "container sharing network namespace with another container or host cannot be connected to"
                                + " any other network");
            }
            List<Attachment> attachments = new ArrayList<>(record.networks());
            attachments.add(new Attachment(target.id(), target.name(), SpecCodec.store(settings), Optional.empty()));
            putLater(entry, record.withNetworks(attachments));
            if (record.state().running()) {
                try {
                    putLater(entry, entry.record.withNetworks(sandboxes.connect(entry.record, target)));
                } catch (EngineException | RuntimeException e) {
                    putLater(entry, record);
                    throw e;
                }
            }
            undoIfUnitFails(entry, record, "connect " + record.name() + " to " + target.name(), true);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public void disconnect(String network, String idOrName, boolean force) throws EngineException {
        NetworkView target = networks.find(network);
        Entry entry;
        try {
            entry = lookup(idOrName);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND && force) {
                // A stale endpoint of a container that no longer exists.
                new EndpointOrphans(networks).forceDisconnect(target.id(), idOrName);
                return;
            }
            throw e;
        }
        entry.lock.lock();
        try (EngineStore.Unit unit = store.beginUnit()) {
            requireExists(entry, idOrName);
            ContainerRecord record = entry.record;
            Optional<Attachment> attachment = record.networks().stream()
                    .filter(a -> a.networkId().equals(target.id()))
                    .findFirst();
            if (attachment.isEmpty()) {
                throw new EngineException(
                        ErrorKind.NOT_FOUND, "container " + entry.id + " is not connected to network " + target.name());
            }
            List<Attachment> rest = new ArrayList<>(record.networks());
            rest.remove(attachment.get());
            putLater(entry, record.withNetworks(rest));
            if (record.state().running() && attachment.get().interfaceName().isPresent()) {
                sandboxes.disconnect(entry.record, attachment.get());
            }
            undoIfUnitFails(entry, record, "disconnect " + record.name() + " from " + target.name(), false);
        } finally {
            entry.lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- exec

    @Override
    public String createExec(String idOrName, ExecSpec spec) throws EngineException {
        Entry entry = lookup(idOrName);
        entry.lock.lock();
        try {
            requireExists(entry, idOrName);
            requireRunning(entry);
            return execs.create(entry.id, spec);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public void startExec(String execId, Optional<OutputSink> sink) throws EngineException {
        startExec(execId, sink, Optional.empty());
    }

    @Override
    public void startExec(String execId, Optional<OutputSink> sink, Optional<InputStream> stdin)
            throws EngineException {
        ExecProcesses.Exec exec = execs.find(execId);
        Entry entry = containers.get(exec.containerId());
        if (entry == null) {
            throw new EngineException(ErrorKind.CONFLICT, "Container " + exec.containerId() + " is not running");
        }
        entry.lock.lock();
        try {
            requireRunning(entry);
            ContainerSpec spec = SpecCodec.load(entry.record.spec());
            execs.start(exec, spec, dirOf(entry.id).resolve("exec"), sink, stdin);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public ExecView inspectExec(String execId) throws EngineException {
        return execs.find(execId).view();
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        pollTask.cancel(false);
        poller.shutdownNow();
        exits.shutdown();
        work.shutdown();
        resolverStarts.shutdown();
    }

    private Entry lookup(String idOrName) throws EngineException {
        if (idOrName.isEmpty()) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such container: " + idOrName);
        }
        Entry exact = containers.get(idOrName);
        if (exact != null) {
            return exact;
        }
        String id = names.get(idOrName.startsWith("/") ? idOrName.substring(1) : idOrName);
        if (id != null && containers.containsKey(id)) {
            return containers.get(id);
        }
        List<Entry> matches = containers.values().stream()
                .filter(e -> e.id.startsWith(idOrName))
                .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT, "multiple IDs found with provided prefix: " + idOrName);
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "No such container: " + idOrName);
    }

    private static void requireExists(Entry entry, String idOrName) throws EngineException {
        if (entry.removed) {
            throw new EngineException(ErrorKind.NOT_FOUND, "No such container: " + idOrName);
        }
    }

    private static void requireRunning(Entry entry) throws EngineException {
        if (entry.removed || !entry.record.state().running()) {
            throw new EngineException(ErrorKind.CONFLICT, "Container " + entry.id + " is not running");
        }
    }

    private void put(Entry entry, ContainerRecord record) throws EngineException {
        store.apply(List.of(Change.put(CONTAINERS, record.id(), record)));
        entry.record = record;
    }

    /**
     * If the unit's final commit fails, the container's record in memory goes back to {@code before} (the network
     * side takes back its own part, EngineStore#onFailedCommit): after a connect also its routes and hosts; after a
     * disconnect the container lists the network again, and a retried disconnect finishes the endpoint's removal.
     */
    private void undoIfUnitFails(Entry entry, ContainerRecord before, String what, boolean connect) {
        ContainerRecord after = entry.record;
        store.onFailedCommit(what, () -> {
            if (!entry.record.equals(after)) {
                return;
            }
            entry.record = before;
            if (connect && before.state().running()) {
                sandboxes.revertConnect(before);
            }
        });
    }

    /** {@link #put} inside a unit of work: committed with the unit's next durable write (EngineStore#applyLater). */
    private void putLater(Entry entry, ContainerRecord record) throws EngineException {
        store.applyLater(List.of(Change.put(CONTAINERS, record.id(), record)));
        entry.record = record;
    }

    private static ContainerState withError(ContainerState state, String error) {
        return new ContainerState(
                state.status(),
                state.pid(),
                state.exitCode(),
                state.startedAt(),
                state.finishedAt(),
                error,
                state.oomKilled());
    }

    static List<Attachment> clearInterfaces(List<Attachment> attachments) {
        List<Attachment> cleared = new ArrayList<>();
        attachments.forEach(a -> cleared.add(a.withInterface(Optional.empty())));
        return cleared;
    }

    private Path dirOf(String id) {
        return containersDir.resolve(id);
    }

    private String newId() {
        byte[] bytes = new byte[32];
        while (true) {
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            // Docker never hands out an id that reads as a number, so that a short id is never taken for one.
            if (!id.substring(0, 12).matches("[0-9]+") && !containers.containsKey(id)) {
                return id;
            }
        }
    }

    /** A runtime call whose NOT_FOUND means "already gone"; returns null then. */
    interface RuntimeCall<T> {
        T call() throws ContainerRuntimeException;
    }

    /** A runtime call without a result. */
    interface RuntimeAction {
        void run() throws ContainerRuntimeException;
    }

    static void ignoreMissing(RuntimeAction action) throws EngineException {
        ignoreNotFound(() -> {
            action.run();
            return null;
        });
    }

    static <T> T ignoreNotFound(RuntimeCall<T> call) throws EngineException {
        try {
            return call.call();
        } catch (ContainerRuntimeException e) {
            if (e.kind() == ContainerRuntimeException.Kind.NOT_FOUND) {
                return null;
            }
            throw runtimeError(e);
        }
    }

    static EngineException runtimeError(ContainerRuntimeException e) {
        ErrorKind kind =
                switch (e.kind()) {
                    case NOT_FOUND -> ErrorKind.NOT_FOUND;
                    case ALREADY_EXISTS, FAILED_PRECONDITION -> ErrorKind.CONFLICT;
                    case INVALID_ARGUMENT -> ErrorKind.INVALID_ARGUMENT;
                    case UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorKind.UNAVAILABLE;
                    case NOT_IMPLEMENTED -> ErrorKind.NOT_IMPLEMENTED;
                    case INTERNAL -> ErrorKind.INTERNAL;
                };
        return new EngineException(kind, e.getMessage(), e);
    }

    private static void createDirectory(Path dir) throws EngineException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws EngineException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A waiter on one condition. */
    private record Waiter(WaitCondition condition, CompletableFuture<WaitResult> future) {}

    /** One container's record, lock, output and waiters. */
    private static final class Entry {
        final String id;
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        final ContainerOutput output;
        final ContainerStdin stdin = new ContainerStdin();
        final List<Waiter> waiters = new ArrayList<>();
        volatile ContainerRecord record;
        volatile boolean removed;

        Entry(ContainerRecord record, ContainerOutput output) {
            this.id = record.id();
            this.record = record;
            this.output = output;
        }

        /** Completes (and drops) the waiters on any of {@code conditions}; called with the lock held. */
        void complete(Set<WaitCondition> conditions, int exitCode) {
            for (Waiter waiter : new ArrayList<>(waiters)) {
                if (conditions.contains(waiter.condition())) {
                    waiters.remove(waiter);
                    waiter.future().complete(new WaitResult(exitCode, Optional.empty()));
                }
            }
        }
    }

    /** Regular-expression match as Docker's {@code name} and {@code id} filters do it (or equality). */
    static boolean regexMatch(String pattern, String text) {
        if (text.equals(pattern)) {
            return true;
        }
        try {
            return Pattern.compile(pattern).matcher(text).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    static OptionalInt parseExitCode(String text) {
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
