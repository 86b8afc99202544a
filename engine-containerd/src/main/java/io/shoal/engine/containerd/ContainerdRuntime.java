package io.shoal.engine.containerd;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.StatusRuntimeException;
import io.shoal.engine.containerd.proto.containers.Container;
import io.shoal.engine.containerd.proto.containers.ContainersGrpc;
import io.shoal.engine.containerd.proto.containers.CreateContainerRequest;
import io.shoal.engine.containerd.proto.containers.DeleteContainerRequest;
import io.shoal.engine.containerd.proto.containers.ListContainersRequest;
import io.shoal.engine.containerd.proto.runc.Options;
import io.shoal.engine.containerd.proto.tasks.CloseIORequest;
import io.shoal.engine.containerd.proto.tasks.CreateTaskRequest;
import io.shoal.engine.containerd.proto.tasks.DeleteProcessRequest;
import io.shoal.engine.containerd.proto.tasks.DeleteResponse;
import io.shoal.engine.containerd.proto.tasks.DeleteTaskRequest;
import io.shoal.engine.containerd.proto.tasks.ExecProcessRequest;
import io.shoal.engine.containerd.proto.tasks.GetRequest;
import io.shoal.engine.containerd.proto.tasks.KillRequest;
import io.shoal.engine.containerd.proto.tasks.ListTasksRequest;
import io.shoal.engine.containerd.proto.tasks.ResizePtyRequest;
import io.shoal.engine.containerd.proto.tasks.StartRequest;
import io.shoal.engine.containerd.proto.tasks.TasksGrpc;
import io.shoal.engine.containerd.proto.tasks.WaitRequest;
import io.shoal.engine.containerd.proto.tasks.WaitResponse;
import io.shoal.engine.containerd.proto.types.Mount;
import io.shoal.engine.containerd.proto.types.Process;
import io.shoal.engine.containerd.proto.version.VersionGrpc;
import io.shoal.engine.containerd.proto.version.VersionResponse;
import io.shoal.engine.runtime.ContainerConfig;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.ContainerRuntimeException.Kind;
import io.shoal.engine.runtime.ExecConfig;
import io.shoal.engine.runtime.ExitStatus;
import io.shoal.engine.runtime.Rootfs;
import io.shoal.engine.runtime.RuntimeEvents;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.TaskState;
import io.shoal.engine.runtime.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@link ContainerRuntime} on containerd 1.6 over gRPC: containers of the runc v2 shim, in one containerd namespace
 * ({@link ContainerdSettings}). Every unary call has the settings' deadline; {@link #waitForExit} waits as long as it
 * is told, across containerd restarts. See docs/engine.md.
 */
public final class ContainerdRuntime implements ContainerRuntime {
    /** The shim containerd starts for each task. */
    static final String RUNTIME_NAME = "io.containerd.runc.v2";
    /** The type URL containerd expects on a container's spec: JSON bytes, not protobuf. */
    static final String SPEC_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** The type URL of an exec process's spec: the JSON of an OCI {@code process} object. */
    static final String PROCESS_TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    /** containerd 1.6 resolves the runc options by this bare name (a type.googleapis.com/ prefix is not). */
    static final String RUNC_OPTIONS_TYPE_URL = "containerd.runc.v1.Options";

    private static final Logger LOG = Logger.getLogger(ContainerdRuntime.class.getName());
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final int SIGKILL = 9;

    private final ContainerdSettings settings;
    private final ContainerdConnection connection;
    private final Map<String, StdioPipes> taskPipes = new ConcurrentHashMap<>();
    private final StdioPump stdioPump = new StdioPump();

    private ContainerdRuntime(ContainerdSettings settings, ContainerdConnection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    /** Opens a connection (lazily: nothing is sent until the first call). */
    public static ContainerdRuntime connect(ContainerdSettings settings) {
        return new ContainerdRuntime(settings, new ContainerdConnection(settings.socket(), settings.namespace()));
    }

    /** containerd's version and revision: a cheap health check. */
    public String version() throws ContainerRuntimeException {
        try {
            VersionResponse response = VersionGrpc.newBlockingStub(connection.channel())
                    .withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .version(Empty.getDefaultInstance());
            return response.getVersion() + " " + response.getRevision();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("version", connection.socket().toString(), e);
        }
    }

    @Override
    public void createContainer(ContainerConfig config) throws ContainerRuntimeException {
        Container container = Container.newBuilder()
                .setId(config.id())
                .putAllLabels(config.labels())
                .setRuntime(Container.Runtime.newBuilder()
                        .setName(RUNTIME_NAME)
                        .setOptions(runcOptions())
                        .build())
                .setSpec(Any.newBuilder()
                        .setTypeUrl(SPEC_TYPE_URL)
                        .setValue(ByteString.copyFrom(OciJson.spec(config.spec())))
                        .build())
                .build();
        try {
            containers()
                    .create(CreateContainerRequest.newBuilder()
                            .setContainer(container)
                            .build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("create container", config.id(), e);
        }
    }

    @Override
    public void deleteContainer(String id) throws ContainerRuntimeException {
        try {
            containers().delete(DeleteContainerRequest.newBuilder().setId(id).build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("delete container", id, e);
        }
    }

    @Override
    public long createTask(String id, Rootfs rootfs, Stdio stdio) throws ContainerRuntimeException {
        StdioPipes pipes = StdioPipes.create(stdioPump, ioDirectory(id), "init", stdio, id);
        CreateTaskRequest.Builder request = CreateTaskRequest.newBuilder()
                .setContainerId(id)
                .setStdin(pipes.stdinUri())
                .setStdout(pipes.stdoutUri())
                .setStderr(pipes.stderrUri())
                .setTerminal(stdio.terminal())
                .setOptions(runcOptions());
        rootfsMount(rootfs).ifPresent(request::addRootfs);
        pipes.startCopying(id, () -> closeStdin(id, ""));
        long pid;
        try {
            pid = tasks().create(request.build()).getPid();
        } catch (StatusRuntimeException e) {
            pipes.abandon();
            throw GrpcErrors.of("create task", id, e);
        }
        StdioPipes previous = taskPipes.put(id, pipes);
        if (previous != null) {
            previous.remove();
        }
        return pid;
    }

    /**
     * The rootfs mount the shim performs on {@code <bundle>/rootfs} before runc create; none for a directory used in
     * place (the spec's absolute root.path points at it).
     */
    static Optional<Mount> rootfsMount(Rootfs rootfs) {
        if (rootfs instanceof Rootfs.Overlay overlay) {
            String lower = overlay.lower().stream().map(Path::toString).collect(Collectors.joining(":"));
            return Optional.of(Mount.newBuilder()
                    .setType("overlay")
                    .setSource("overlay")
                    .addOptions("workdir=" + overlay.work())
                    .addOptions("upperdir=" + overlay.upper())
                    .addOptions("lowerdir=" + lower)
                    .build());
        }
        return Optional.empty();
    }

    @Override
    public long start(String id) throws ContainerRuntimeException {
        try {
            return tasks().start(StartRequest.newBuilder().setContainerId(id).build())
                    .getPid();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("start task", id, e);
        }
    }

    @Override
    public void kill(String id, int signal, boolean all) throws ContainerRuntimeException {
        try {
            tasks().kill(KillRequest.newBuilder()
                    .setContainerId(id)
                    .setSignal(signal)
                    .setAll(all)
                    .build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("kill task", id, e);
        }
    }

    @Override
    public ExitStatus waitForExit(String id, Duration timeout) throws ContainerRuntimeException {
        return waitFor(id, "", timeout);
    }

    /**
     * Tasks.Wait until {@code deadline}; an UNAVAILABLE answer (containerd restarting) is retried, since the shim and
     * the process live on.
     */
    private ExitStatus waitFor(String id, String execId, Duration timeout) throws ContainerRuntimeException {
        String object = execId.isEmpty() ? id : id + "/" + execId;
        long deadline = System.nanoTime() + timeout.toNanos();
        WaitRequest request =
                WaitRequest.newBuilder().setContainerId(id).setExecId(execId).build();
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ContainerRuntimeException(
                        Kind.DEADLINE_EXCEEDED, "wait", object, "still running after " + timeout, null);
            }
            try {
                WaitResponse response = TasksGrpc.newBlockingStub(connection.channel())
                        .withDeadlineAfter(remaining, TimeUnit.NANOSECONDS)
                        .wait(request);
                return exitStatus(response.getExitStatus(), response.getExitedAt());
            } catch (StatusRuntimeException e) {
                ContainerRuntimeException failure = GrpcErrors.of("wait", object, e);
                if (failure.kind() != Kind.UNAVAILABLE) {
                    throw failure;
                }
                pause();
                connection.resetBackoff();
            }
        }
    }

    /**
     * The task's pipes are {@code io/<namespace>/<id>/init-stdout} and {@code -stderr}, made by an earlier engine; the
     * shim keeps a read end of each open itself (containerd 1.6 {@code pkg/process/io.go}), so its writes never fail
     * but block once a pipe is full, until this reader comes.
     */
    @Override
    public void reattachOutput(String id, Stdio stdio) throws ContainerRuntimeException {
        if (taskPipes.containsKey(id)) {
            return;
        }
        StdioPipes pipes = StdioPipes.existing(stdioPump, ioDirectory(id), "init", stdio);
        pipes.resumeCopying(id);
        if (taskPipes.putIfAbsent(id, pipes) != null) {
            pipes.abandonCopies();
        }
    }

    @Override
    public ExitStatus deleteTask(String id) throws ContainerRuntimeException {
        DeleteResponse response;
        try {
            response = tasks().delete(
                            DeleteTaskRequest.newBuilder().setContainerId(id).build());
        } catch (StatusRuntimeException e) {
            throw refineDeleteFailure(id, GrpcErrors.of("delete task", id, e));
        }
        StdioPipes pipes = taskPipes.remove(id);
        if (pipes != null) {
            pipes.drainAndRemove();
        }
        StdioPipes.removeDirectory(ioDirectory(id));
        return exitStatus(response.getExitStatus(), response.getExitedAt());
    }

    /**
     * containerd 1.6 reports deleting a task that still runs as UNKNOWN ("cannot delete a running process": the runc
     * shim's plain error, not an errdefs one), which would read as INTERNAL. The task's state tells what it is.
     */
    private ContainerRuntimeException refineDeleteFailure(String id, ContainerRuntimeException failure) {
        if (failure.kind() != Kind.INTERNAL) {
            return failure;
        }
        try {
            TaskStatus status = task(id).status();
            if (status == TaskStatus.RUNNING || status == TaskStatus.CREATED || status == TaskStatus.PAUSED) {
                return new ContainerRuntimeException(
                        Kind.FAILED_PRECONDITION, "delete task", id, "the task is " + status, failure);
            }
        } catch (ContainerRuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    @Override
    public ExitStatus exec(String id, ExecConfig exec, Duration timeout) throws ContainerRuntimeException {
        String object = id + "/" + exec.execId();
        StdioPipes pipes = StdioPipes.create(stdioPump, ioDirectory(id), "exec-" + exec.execId(), exec.stdio(), object);
        pipes.startCopying(object, () -> closeStdin(id, exec.execId()));
        try {
            tasks().exec(ExecProcessRequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(exec.execId())
                    .setStdin(pipes.stdinUri())
                    .setStdout(pipes.stdoutUri())
                    .setStderr(pipes.stderrUri())
                    .setTerminal(exec.stdio().terminal())
                    .setSpec(Any.newBuilder()
                            .setTypeUrl(PROCESS_TYPE_URL)
                            .setValue(ByteString.copyFrom(OciJson.processOnly(exec.process())))
                            .build())
                    .build());
        } catch (StatusRuntimeException e) {
            pipes.abandon();
            throw GrpcErrors.of("exec", object, e);
        }
        ContainerRuntimeException failure = null;
        ExitStatus status = null;
        try {
            tasks().start(StartRequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(exec.execId())
                    .build());
            status = waitFor(id, exec.execId(), timeout);
        } catch (StatusRuntimeException e) {
            failure = GrpcErrors.of("start exec", object, e);
        } catch (ContainerRuntimeException e) {
            failure = e;
        }
        failure = deleteProcess(id, exec.execId(), object, failure);
        if (status == null) {
            // The process never ran (runc could not start it: a missing executable) or was killed after the wait:
            // the shim keeps its write ends open after such a start, so no EOF would come; nothing more is coming.
            pipes.abandon();
        } else {
            pipes.drainAndRemove();
        }
        if (failure != null) {
            throw failure;
        }
        return status;
    }

    /** Removes an exec process, killing it first when it may still run; failures join {@code failure}. */
    private ContainerRuntimeException deleteProcess(
            String id, String execId, String object, ContainerRuntimeException failure) {
        if (failure != null) {
            try {
                tasks().kill(KillRequest.newBuilder()
                        .setContainerId(id)
                        .setExecId(execId)
                        .setSignal(SIGKILL)
                        .build());
                waitFor(id, execId, settings.callTimeout());
            } catch (StatusRuntimeException e) {
                failure.addSuppressed(GrpcErrors.of("kill exec process", object, e));
            } catch (ContainerRuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            tasks().deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(execId)
                    .build());
            return failure;
        } catch (StatusRuntimeException e) {
            ContainerRuntimeException cleanup = GrpcErrors.of("delete exec process", object, e);
            if (failure == null) {
                return cleanup;
            }
            failure.addSuppressed(cleanup);
            return failure;
        }
    }

    /**
     * The engine's stdin stream ended and the pipe is closed: Tasks.CloseIO tells the shim to close the process's
     * stdin too (as containerd's client and dockerd do; the shim may have seen the pipe's EOF first). A process that
     * is gone by now needs nothing.
     */
    private void closeStdin(String id, String execId) {
        try {
            tasks().closeIO(CloseIORequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(execId)
                    .setStdin(true)
                    .build());
        } catch (StatusRuntimeException e) {
            LOG.log(Level.FINE, "close stdin of " + id + "/" + execId, e);
        }
    }

    @Override
    public void resizePty(String id, String execId, int width, int height) throws ContainerRuntimeException {
        try {
            tasks().resizePty(ResizePtyRequest.newBuilder()
                    .setContainerId(id)
                    .setExecId(execId)
                    .setWidth(width)
                    .setHeight(height)
                    .build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("resize pty", execId.isEmpty() ? id : id + "/" + execId, e);
        }
    }

    @Override
    public TaskState task(String id) throws ContainerRuntimeException {
        try {
            return taskState(
                    tasks().get(GetRequest.newBuilder().setContainerId(id).build())
                            .getProcess());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("get task", id, e);
        }
    }

    @Override
    public List<TaskState> listTasks() throws ContainerRuntimeException {
        try {
            List<TaskState> states = new ArrayList<>();
            for (Process process :
                    tasks().list(ListTasksRequest.getDefaultInstance()).getTasksList()) {
                states.add(taskState(process));
            }
            return states;
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("list tasks", settings.namespace(), e);
        }
    }

    @Override
    public List<String> listContainers() throws ContainerRuntimeException {
        try {
            return containers().list(ListContainersRequest.getDefaultInstance()).getContainersList().stream()
                    .map(Container::getId)
                    .toList();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.of("list containers", settings.namespace(), e);
        }
    }

    @Override
    public List<String> endUntrackedTasks() throws ContainerRuntimeException {
        List<String> tracked = listTasks().stream().map(TaskState::containerId).toList();
        return new UntrackedShims(settings).end(java.util.Set.copyOf(tracked));
    }

    @Override
    public Subscription subscribe(RuntimeEvents events) {
        return ExitSubscription.start(connection, events, settings.namespace(), settings.callTimeout());
    }

    @Override
    public void close() {
        stdioPump.close();
        connection.close();
    }

    static TaskState taskState(Process process) {
        TaskStatus status = statusOf(process.getStatus());
        Optional<ExitStatus> exit = status == TaskStatus.STOPPED
                ? Optional.of(exitStatus(process.getExitStatus(), process.getExitedAt()))
                : Optional.empty();
        // containerd 1.6 fills only id (2) for a task's init process, which is the container id; container_id (1) is
        // set for exec processes.
        String containerId = process.getContainerId().isEmpty() ? process.getId() : process.getContainerId();
        return new TaskState(containerId, Integer.toUnsignedLong(process.getPid()), status, exit);
    }

    static TaskStatus statusOf(io.shoal.engine.containerd.proto.types.Status status) {
        return switch (status) {
            case CREATED -> TaskStatus.CREATED;
            case RUNNING -> TaskStatus.RUNNING;
            case STOPPED -> TaskStatus.STOPPED;
            case PAUSED -> TaskStatus.PAUSED;
            default -> TaskStatus.UNKNOWN;
        };
    }

    static ExitStatus exitStatus(int code, Timestamp exitedAt) {
        return new ExitStatus(code, Instant.ofEpochSecond(exitedAt.getSeconds(), exitedAt.getNanos()));
    }

    private Any runcOptions() {
        Options.Builder options = Options.newBuilder();
        settings.runcRoot().ifPresent(root -> options.setRoot(root.toString()));
        return Any.newBuilder()
                .setTypeUrl(RUNC_OPTIONS_TYPE_URL)
                .setValue(options.build().toByteString())
                .build();
    }

    private Path ioDirectory(String id) {
        return settings.ioDirectory().resolve(settings.namespace()).resolve(id);
    }

    private ContainersGrpc.ContainersBlockingStub containers() {
        return ContainersGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private TasksGrpc.TasksBlockingStub tasks() {
        return TasksGrpc.newBlockingStub(connection.channel())
                .withDeadlineAfter(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void pause() throws ContainerRuntimeException {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Kind.INTERNAL, "wait", "containerd", "interrupted", e);
        }
    }
}
