package io.shoal.engine.runtime;

import java.time.Duration;
import java.util.List;

/**
 * The engine's port to whatever runs containers (containerd + runc in production, a fake in tests).
 *
 * <p>A <em>container</em> is the stored configuration ({@link #createContainer}); a <em>task</em> is its running
 * incarnation: namespaces plus init process ({@link #createTask}, {@link #start}). Tasks outlive the engine and the
 * runtime daemon: after either restarts, {@link #listTasks} tells what is still running and what exited meanwhile.
 *
 * <p>Every method may be called from any thread, concurrently. Every failure is a {@link ContainerRuntimeException}
 * whose kind says what happened: NOT_FOUND (no such container, task or process), ALREADY_EXISTS, FAILED_PRECONDITION
 * (wrong state, e.g. deleting a running task), INVALID_ARGUMENT, UNAVAILABLE (runtime down; retry later),
 * DEADLINE_EXCEEDED.
 */
public interface ContainerRuntime extends AutoCloseable {
    /** Stores a container; nothing runs yet. ALREADY_EXISTS when the id is taken. */
    void createContainer(ContainerConfig config) throws ContainerRuntimeException;

    /** Removes a stored container. FAILED_PRECONDITION while it has a task; NOT_FOUND when unknown. */
    void deleteContainer(String id) throws ContainerRuntimeException;

    /**
     * Creates the container's task: namespaces, mounts (the {@code rootfs}, which must be the one the spec was built
     * for), and the init process, not yet started. Returns the init process's host PID.
     */
    long createTask(String id, Rootfs rootfs, Stdio stdio) throws ContainerRuntimeException;

    /** Starts the created task's init process; returns its PID. */
    long start(String id) throws ContainerRuntimeException;

    /**
     * Sends {@code signal} (signal(7) number, e.g. 15 for SIGTERM) to the init process, or to every process of the
     * container when {@code all}. NOT_FOUND when there is no task or it has already exited.
     */
    void kill(String id, int signal, boolean all) throws ContainerRuntimeException;

    /**
     * Waits until the task's init process has exited and returns its status (at once if it already has).
     * DEADLINE_EXCEEDED after {@code timeout}. A runtime restart while waiting does not end the wait.
     */
    ExitStatus waitForExit(String id, Duration timeout) throws ContainerRuntimeException;

    /**
     * Deletes the stopped task (its namespaces, its rootfs mount) and returns how it exited; its output has then all
     * reached the {@link Stdio} files. FAILED_PRECONDITION while it runs.
     */
    ExitStatus deleteTask(String id) throws ContainerRuntimeException;

    /**
     * Runs an extra process in the running container, waits up to {@code timeout} for it to exit, deletes it, and
     * returns its exit status; its output has then all reached the {@link Stdio} files.
     */
    ExitStatus exec(String id, ExecConfig exec, Duration timeout) throws ContainerRuntimeException;

    /**
     * Sets the size of the pseudo-terminal of the task's init process ({@code execId} empty) or of exec process {@code
     * execId}, in character cells (TIOCSWINSZ; the process gets SIGWINCH). NOT_FOUND when there is no such process;
     * FAILED_PRECONDITION or INVALID_ARGUMENT when it has no terminal ({@link Stdio#terminal}).
     */
    default void resizePty(String id, String execId, int width, int height) throws ContainerRuntimeException {
        throw new ContainerRuntimeException(
                ContainerRuntimeException.Kind.FAILED_PRECONDITION,
                "resize pty",
                execId.isEmpty() ? id : id + "/" + execId,
                "this runtime has no terminals",
                null);
    }

    /**
     * After the engine restarted while task {@code id} ran: copies the task's output into {@code stdio}'s files again
     * (its pipes outlived the engine; while nobody read them a chatty process blocked once a pipe was full). Output
     * written before is appended, none is lost; a stdin cannot be given back (the process saw EOF or waits). Nothing
     * when the task's output is already copied. Default: nothing (a runtime whose output needs no reader).
     */
    default void reattachOutput(String id, Stdio stdio) throws ContainerRuntimeException {}

    /** The task of container {@code id}. NOT_FOUND when it has none. */
    TaskState task(String id) throws ContainerRuntimeException;

    /** Every task of this engine's namespace in the runtime. */
    List<TaskState> listTasks() throws ContainerRuntimeException;

    /**
     * The ids of every container of this engine's namespace in the runtime, with a task or without. Default: the
     * containers of {@link #listTasks} (a runtime without stored containers of its own).
     */
    default List<String> listContainers() throws ContainerRuntimeException {
        return listTasks().stream().map(TaskState::containerId).toList();
    }

    /**
     * Ends what the runtime left of tasks it no longer tracks in this engine's namespace: with containerd 1.6, a shim
     * whose task create was cut short when the caller died (containerd issue 6860) keeps running and holds the
     * container's rootfs and runc state, though neither containerd nor the engine knows it. Only this engine's
     * namespace on this runtime is looked at. Returns one line per thing ended (for the log). Default: nothing.
     */
    default List<String> endUntrackedTasks() throws ContainerRuntimeException {
        return List.of();
    }

    /**
     * Reports every exit from now on to {@code events}, until the returned subscription is closed. When the
     * runtime restarts the subscription is re-established by itself and {@link RuntimeEvents#onReconnected} asks the
     * caller to reconcile.
     */
    Subscription subscribe(RuntimeEvents events);

    /** Releases the connection; containers and tasks are not touched. */
    @Override
    void close();

    /** An event subscription. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery; no event is delivered after this returns. */
        @Override
        void close();
    }
}
