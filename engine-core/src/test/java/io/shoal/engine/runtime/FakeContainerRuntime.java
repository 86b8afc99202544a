package io.shoal.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory container runtime for tests: containers and tasks in maps, exits triggered by the test ({@link
 * #exit}) or by a signal the task does not ignore (exit code 128+N, reported at once), output written by the test
 * into a task's {@link Stdio} files ({@link #write}), exec processes answered by scripts ({@link #onExec}). {@link
 * #waitForExit} never waits: a task that has not exited gives DEADLINE_EXCEEDED at once. {@link #failOn} makes the
 * next call of an operation fail. Every call is logged in {@link #calls()} as {@code "operation id [arg]"}.
 */
public final class FakeContainerRuntime implements ContainerRuntime {
    /**
     * What an exec of a command does: output written to its files, then (with {@code echoStdin}) everything read
     * from its stdin until EOF copied to its stdout, then its exit code.
     */
    public record ExecScript(String stdout, String stderr, int exitCode, boolean echoStdin) {
        public ExecScript(String stdout, String stderr, int exitCode) {
            this(stdout, stderr, exitCode, false);
        }
    }

    private final Map<String, ContainerConfig> containers = new HashMap<>();
    private final Map<String, Task> tasks = new HashMap<>();
    private final Map<String, ContainerRuntimeException.Kind> failures = new HashMap<>();
    private final Map<String, String> details = new HashMap<>();
    private final Map<String, ExecScript> scripts = new HashMap<>();
    private final Set<Integer> ignoredSignals = new HashSet<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<RuntimeEvents> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong pids = new AtomicLong(1000);
    private final Map<String, Stdio> execStdio = new HashMap<>();

    private static final class Task {
        final Rootfs rootfs;
        final Stdio stdio;
        final long pid;
        TaskStatus status = TaskStatus.CREATED;
        Optional<ExitStatus> exit = Optional.empty();

        Task(Rootfs rootfs, Stdio stdio, long pid) {
            this.rootfs = rootfs;
            this.stdio = stdio;
            this.pid = pid;
        }
    }

    /** The next call of {@code operation} ({@code "createTask"}, {@code "start"}, …) fails with {@code kind}. */
    public synchronized void failOn(String operation, ContainerRuntimeException.Kind kind) {
        failures.put(operation, kind);
    }

    /** Tasks ignore {@code signal} (e.g. 15, so that a stop must use SIGKILL). */
    /** The next call of {@code operation} fails with {@code kind} and the runtime's own text {@code detail}. */
    public synchronized void failOn(String operation, ContainerRuntimeException.Kind kind, String detail) {
        failOn(operation, kind);
        details.put(operation, detail);
    }

    public synchronized void ignoreSignal(int signal) {
        ignoredSignals.add(signal);
    }

    /** An exec whose first argument is {@code command} writes the script's output and exits with its code. */
    public synchronized void onExec(String command, ExecScript script) {
        scripts.put(command, script);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized Map<String, ContainerConfig> containers() {
        return Map.copyOf(containers);
    }

    public synchronized Set<String> taskIds() {
        return Set.copyOf(tasks.keySet());
    }

    public synchronized Optional<Rootfs> rootfsOf(String id) {
        return Optional.ofNullable(tasks.get(id)).map(t -> t.rootfs);
    }

    /** The task's streams as given to createTask (stdin, terminal). */
    public synchronized Stdio stdioOf(String id) {
        return tasks.get(id).stdio;
    }

    /** The streams the last exec of {@code command} was given. */
    public synchronized Optional<Stdio> execStdioOf(String command) {
        return Optional.ofNullable(execStdio.get(command));
    }

    /** Appends {@code text} to the task's standard output (or error). */
    public void write(String id, boolean stderr, String text) {
        Stdio stdio;
        synchronized (this) {
            stdio = tasks.get(id).stdio;
        }
        append(stderr ? stdio.stderr() : stdio.stdout(), text);
    }

    /** The task's init process exits with {@code code}; reported to the subscribers when {@code report}. */
    public void exit(String id, int code, boolean report) {
        TaskExit exit;
        synchronized (this) {
            Task task = tasks.get(id);
            task.status = TaskStatus.STOPPED;
            task.exit = Optional.of(new ExitStatus(code, Instant.now()));
            exit = new TaskExit(id, id, task.pid, task.exit.get());
        }
        if (report) {
            subscribers.forEach(s -> s.onExit(exit));
        }
    }

    /** Tells the subscribers the runtime came back (they must reconcile). */
    public void reconnect() {
        subscribers.forEach(RuntimeEvents::onReconnected);
    }

    @Override
    public synchronized void createContainer(ContainerConfig config) throws ContainerRuntimeException {
        call("createContainer", config.id());
        if (containers.containsKey(config.id())) {
            throw error(ContainerRuntimeException.Kind.ALREADY_EXISTS, "createContainer", config.id());
        }
        containers.put(config.id(), config);
    }

    @Override
    public synchronized void deleteContainer(String id) throws ContainerRuntimeException {
        call("deleteContainer", id);
        if (tasks.containsKey(id)) {
            throw error(ContainerRuntimeException.Kind.FAILED_PRECONDITION, "deleteContainer", id);
        }
        if (containers.remove(id) == null) {
            throw error(ContainerRuntimeException.Kind.NOT_FOUND, "deleteContainer", id);
        }
    }

    @Override
    public synchronized long createTask(String id, Rootfs rootfs, Stdio stdio) throws ContainerRuntimeException {
        call("createTask", id);
        if (!containers.containsKey(id)) {
            throw error(ContainerRuntimeException.Kind.NOT_FOUND, "createTask", id);
        }
        if (tasks.containsKey(id)) {
            throw error(ContainerRuntimeException.Kind.ALREADY_EXISTS, "createTask", id);
        }
        Task task = new Task(rootfs, stdio, pids.incrementAndGet());
        tasks.put(id, task);
        return task.pid;
    }

    @Override
    public synchronized long start(String id) throws ContainerRuntimeException {
        call("start", id);
        Task task = task0("start", id);
        task.status = TaskStatus.RUNNING;
        return task.pid;
    }

    @Override
    public void kill(String id, int signal, boolean all) throws ContainerRuntimeException {
        boolean exits;
        synchronized (this) {
            call("kill", id + " " + signal);
            Task task = task0("kill", id);
            if (task.status == TaskStatus.STOPPED) {
                throw error(ContainerRuntimeException.Kind.NOT_FOUND, "kill", id);
            }
            exits = !ignoredSignals.contains(signal);
        }
        if (exits) {
            exit(id, 128 + signal, true);
        }
    }

    @Override
    public synchronized ExitStatus waitForExit(String id, Duration timeout) throws ContainerRuntimeException {
        call("waitForExit", id);
        Task task = task0("waitForExit", id);
        return task.exit.orElseThrow(() -> error(ContainerRuntimeException.Kind.DEADLINE_EXCEEDED, "waitForExit", id));
    }

    @Override
    public synchronized ExitStatus deleteTask(String id) throws ContainerRuntimeException {
        call("deleteTask", id);
        Task task = task0("deleteTask", id);
        if (task.status == TaskStatus.RUNNING) {
            throw error(ContainerRuntimeException.Kind.FAILED_PRECONDITION, "deleteTask", id);
        }
        tasks.remove(id);
        return task.exit.orElse(new ExitStatus(0, Instant.now()));
    }

    @Override
    public ExitStatus exec(String id, ExecConfig exec, Duration timeout) throws ContainerRuntimeException {
        ExecScript script;
        synchronized (this) {
            call("exec", id + " " + String.join(" ", exec.process().args()));
            Task task = task0("exec", id);
            if (task.status != TaskStatus.RUNNING) {
                throw error(ContainerRuntimeException.Kind.FAILED_PRECONDITION, "exec", id);
            }
            script = scripts.get(exec.process().args().get(0));
            execStdio.put(exec.process().args().get(0), exec.stdio());
        }
        if (script == null) {
            throw error(ContainerRuntimeException.Kind.INVALID_ARGUMENT, "exec", id);
        }
        append(exec.stdio().stdout(), script.stdout());
        append(exec.stdio().stderr(), script.stderr());
        if (script.echoStdin() && exec.stdio().stdin().isPresent()) {
            try {
                byte[] input = exec.stdio().stdin().get().readAllBytes();
                append(exec.stdio().stdout(), new String(input, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ExitStatus(script.exitCode(), Instant.now());
    }

    @Override
    public synchronized void resizePty(String id, String execId, int width, int height)
            throws ContainerRuntimeException {
        call("resizePty", (execId.isEmpty() ? id : id + "/" + execId) + " " + width + "x" + height);
        Task task = task0("resizePty", id);
        if (execId.isEmpty() && !task.stdio.terminal()) {
            throw error(ContainerRuntimeException.Kind.FAILED_PRECONDITION, "resizePty", id);
        }
    }

    @Override
    public synchronized TaskState task(String id) throws ContainerRuntimeException {
        Task task = task0("task", id);
        return new TaskState(id, task.pid, task.status, task.exit);
    }

    @Override
    public synchronized List<TaskState> listTasks() throws ContainerRuntimeException {
        call("listTasks", "");
        List<TaskState> states = new ArrayList<>();
        tasks.forEach((id, task) -> states.add(new TaskState(id, task.pid, task.status, task.exit)));
        return states;
    }

    @Override
    public synchronized List<String> listContainers() throws ContainerRuntimeException {
        call("listContainers", "");
        Set<String> ids = new java.util.TreeSet<>(containers.keySet());
        ids.addAll(tasks.keySet());
        return List.copyOf(ids);
    }

    @Override
    public Subscription subscribe(RuntimeEvents events) {
        subscribers.add(events);
        return () -> subscribers.remove(events);
    }

    @Override
    public void close() {}

    private Task task0(String operation, String id) throws ContainerRuntimeException {
        Task task = tasks.get(id);
        if (task == null) {
            throw error(ContainerRuntimeException.Kind.NOT_FOUND, operation, id);
        }
        return task;
    }

    private void call(String operation, String object) throws ContainerRuntimeException {
        calls.add(operation + " " + object);
        ContainerRuntimeException.Kind kind = failures.remove(operation);
        if (kind != null) {
            String detail = details.remove(operation);
            throw detail == null
                    ? error(kind, operation, object)
                    : new ContainerRuntimeException(kind, operation, object, "fake runtime", detail, null);
        }
    }

    private static ContainerRuntimeException error(ContainerRuntimeException.Kind kind, String operation, String id) {
        return new ContainerRuntimeException(kind, operation, id, "fake runtime", null);
    }

    private static void append(Optional<Path> file, String text) {
        if (file.isEmpty() || text.isEmpty()) {
            return;
        }
        try {
            Files.writeString(
                    file.get(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
