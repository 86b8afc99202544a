package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.network.EndpointSettings;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The container side of the Engine API ({@code /containers*}, {@code /exec*}, and network connect/disconnect, which
 * change a container). A container named by {@code idOrName} is found as Docker finds it: full id, then name (with or
 * without the leading slash), then unique id prefix; none is NOT_FOUND {@code No such container: X}, several prefix
 * matches INVALID_ARGUMENT.
 *
 * <p>Calls on one container take effect one at a time; calls on different containers run concurrently. Every change
 * is written to the engine store before the kernel or runtime work it describes. Nothing a rejected call touched is
 * left changed.
 */
public interface ContainerBackend {
    /**
     * Creates a container (no task, no sandbox yet). NOT_FOUND {@code No such image: NAME:TAG} for an unknown image;
     * CONFLICT {@code Conflict. The container name "/X" is already in use by container "ID". You have to remove (or
     * rename) that container to be able to reuse that name.}; INVALID_ARGUMENT for a bad name, network mode, address,
     * port or DNS option; NOT_FOUND for an unknown network.
     *
     * @param name the requested name ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, optional leading slash); absent: a generated one
     */
    CreatedContainer create(Optional<String> name, ContainerSpec spec) throws EngineException;

    /**
     * Starts the container: sandbox (namespace, files, endpoints on each network, DNS resolver, published ports),
     * then its task. NOT_MODIFIED when it already runs. If any step fails everything done is undone and the container
     * stays in its previous state, with the error in {@code State.Error}.
     */
    void start(String idOrName) throws EngineException;

    /**
     * Stops a running container: its stop signal (SIGTERM), then SIGKILL after {@code timeout} (absent: the
     * container's stop timeout, else 10 s); then its sandbox is torn down. NOT_MODIFIED when it does not run.
     */
    void stop(String idOrName, Optional<Duration> timeout) throws EngineException;

    /** Stops (if running) and starts the container. */
    void restart(String idOrName, Optional<Duration> timeout) throws EngineException;

    /**
     * Sends {@code signal} ({@code KILL}, {@code SIGKILL}, {@code 9}; empty = SIGKILL) to the container's init
     * process. CONFLICT {@code Container ID is not running} when it does not run; INVALID_ARGUMENT for an unknown signal.
     */
    void kill(String idOrName, String signal) throws EngineException;

    /**
     * Removes a container and its files. CONFLICT when it runs and {@code force} is false ({@code cannot remove
     * container "/X": container is running: stop the container before removing or force remove}); with {@code
     * force} it is killed first.
     */
    void remove(String idOrName, boolean force) throws EngineException;

    /** The container named {@code idOrName}. */
    ContainerView inspect(String idOrName) throws EngineException;

    /**
     * Containers newest first: running ones, or all with {@code all}; at most {@code limit} when positive. Filters
     * {@code id}, {@code name}, {@code label}, {@code status}, {@code network}, {@code ancestor}, {@code exited}; another
     * key is INVALID_ARGUMENT.
     */
    List<ContainerView> list(boolean all, Filters filters, int limit) throws EngineException;

    /**
     * Waits for {@code condition}. NOT_FOUND at once for an unknown container; otherwise the stage completes when
     * the condition holds (with the last exit code) and never fails for an ordinary exit.
     */
    CompletionStage<WaitResult> await(String idOrName, WaitCondition condition) throws EngineException;

    /**
     * Streams the container's output from now until its task exits (then {@link OutputSink#end}); a container that
     * is not running ends the sink as soon as it stops having output. Used by {@code docker run} without {@code -d}
     * and {@code docker attach}.
     */
    OutputSubscription attach(String idOrName, boolean stdout, boolean stderr, OutputSink sink) throws EngineException;

    /**
     * {@link #attach(String, boolean, boolean, OutputSink)} with the client's stdin: when the container keeps its
     * stdin open ({@code OpenStdin}), {@code stdin} is copied into it (a container that is not running yet gets it at
     * its start) until the stream ends; then, with {@code StdinOnce} and no TTY, the container's stdin is closed,
     * otherwise the attach ends. With a TTY, {@code detachKeys} (Docker's syntax, {@code ""} = ctrl-p,ctrl-q) end the
     * attach. A container without {@code OpenStdin} ignores {@code stdin}, as dockerd. INVALID_ARGUMENT for bad
     * detach keys.
     */
    default OutputSubscription attach(
            String idOrName,
            boolean stdout,
            boolean stderr,
            Optional<InputStream> stdin,
            String detachKeys,
            OutputSink sink)
            throws EngineException {
        if (stdin.isPresent()) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "attaching stdin is not supported");
        }
        return attach(idOrName, stdout, stderr, sink);
    }

    /**
     * Sets the size of a TTY container's terminal ({@code POST /containers/{id}/resize}; rows, columns). CONFLICT
     * {@code Container ID is not running} when it does not run; a container without a TTY is left as it is.
     */
    default void resize(String idOrName, int height, int width) throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "resizing a terminal is not supported");
    }

    /** Streams the container's stored output, then (with {@code follow}) new output until it stops. */
    OutputSubscription logs(String idOrName, LogOptions options, OutputSink sink) throws EngineException;

    /**
     * Attaches the container to a network ({@code docker network connect}); a running container gets the endpoint
     * at once, a stopped one at its next start. CONFLICT when already attached; the errors of {@link
     * io.shoal.engine.network.NetworkAttachments#attach}.
     */
    void connect(String network, String idOrName, EndpointSettings settings) throws EngineException;

    /**
     * Detaches the container from a network ({@code docker network disconnect}). NOT_FOUND when it is not attached
     * (unless {@code force}, which also removes a stale endpoint of a container that no longer exists).
     */
    void disconnect(String network, String idOrName, boolean force) throws EngineException;

    /** Prepares an exec process in a running container and returns its id. CONFLICT when the container does not run. */
    String createExec(String idOrName, ExecSpec spec) throws EngineException;

    /**
     * Runs a prepared exec process. Attached: its output goes to {@code sink}, ended when the process exits.
     * Detached ({@code sink} absent): returns once it started. NOT_FOUND for an unknown exec id; CONFLICT when it
     * has already been started.
     */
    void startExec(String execId, Optional<OutputSink> sink) throws EngineException;

    /**
     * {@link #startExec(String, Optional)} with the client's stdin, copied into the process's stdin (an exec created
     * with {@code AttachStdin}) until it ends; then the process's stdin is closed (without a TTY) or the attach ends
     * (with one; its detach keys, ctrl-p ctrl-q, end it too).
     */
    default void startExec(String execId, Optional<OutputSink> sink, Optional<InputStream> stdin)
            throws EngineException {
        if (stdin.isPresent()) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "exec with stdin is not supported");
        }
        startExec(execId, sink);
    }

    /**
     * Sets the size of an exec process's terminal (rows, columns). NOT_FOUND for an unknown exec id; CONFLICT when it
     * does not run (yet); an exec without a TTY is left as it is.
     */
    default void resizeExec(String execId, int height, int width) throws EngineException {
        throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "resizing a terminal is not supported");
    }

    /** The exec process {@code execId}; NOT_FOUND when unknown. */
    ExecView inspectExec(String execId) throws EngineException;
}
