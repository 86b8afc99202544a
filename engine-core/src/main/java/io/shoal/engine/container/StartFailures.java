package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.runtime.ContainerRuntimeException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Docker's reading of a process the runtime could not start (moby's {@code translateContainerdStartErr} in {@code
 * daemon/start.go}, used for a container's start and for exec): the runtime's own text (runc's, through containerd,
 * e.g. {@code OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file
 * not found in $PATH: unknown}) is what the user sees, and it gives the exit code: 127 when the command does not exist
 * ({@code executable file not found}, {@code no such file or directory} naming it) or a mount meets a non-directory
 * ({@code not a directory}), 126 when it cannot be invoked ({@code permission denied}); such a failure is the
 * request's fault (400). A container whose start failed otherwise gets exit code 128 if it had none, as dockerd does.
 */
final class StartFailures {
    static final int NOT_FOUND = 127;
    static final int CANNOT_INVOKE = 126;
    static final int START_FAILED = 128;

    private StartFailures() {}

    /** The exit code Docker gives a start of {@code command} that failed with the runtime's {@code detail}. */
    static OptionalInt exitCode(String command, String detail) {
        String text = detail.toLowerCase(Locale.ROOT);
        OptionalInt code = OptionalInt.empty();
        if (text.contains(command.toLowerCase(Locale.ROOT))
                && (text.contains("executable file not found") || text.contains("no such file or directory"))) {
            code = OptionalInt.of(NOT_FOUND);
        }
        if (text.contains("permission denied")) {
            code = OptionalInt.of(CANNOT_INVOKE);
        }
        if (text.contains("not a directory")) {
            code = OptionalInt.of(NOT_FOUND);
        }
        return code;
    }

    /**
     * The engine's error for a runtime failure while starting {@code command}: INVALID_ARGUMENT with the runtime's own
     * text when the command is at fault (Docker's {@code startInvalidConfigError}; the CLI then exits 127 or 126),
     * else the usual mapping of the kind.
     */
    static EngineException startError(ContainerRuntimeException e, String command) {
        if (!e.detail().isEmpty() && exitCode(command, e.detail()).isPresent()) {
            return new EngineException(ErrorKind.INVALID_ARGUMENT, e.detail(), e);
        }
        return ContainerController.runtimeError(e);
    }

    /**
     * The state after a failed start of {@code command}: the previous state with {@code error} and, as dockerd, exit
     * code 127/126 when the command was at fault, else 128 when the exit code was 0.
     */
    static ContainerState failedState(ContainerState before, String error, Throwable failure, String command) {
        OptionalInt code =
                runtimeDetail(failure).map(detail -> exitCode(command, detail)).orElse(OptionalInt.empty());
        int exitCode = code.orElse(before.exitCode() == 0 ? START_FAILED : before.exitCode());
        return new ContainerState(
                before.status(),
                before.pid(),
                exitCode,
                before.startedAt(),
                before.finishedAt(),
                error,
                before.oomKilled());
    }

    private static Optional<String> runtimeDetail(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ContainerRuntimeException runtime
                    && !runtime.detail().isEmpty()) {
                return Optional.of(runtime.detail());
            }
        }
        return Optional.empty();
    }
}
