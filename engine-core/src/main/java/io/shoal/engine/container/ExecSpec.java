package io.shoal.engine.container;

import java.util.List;
import java.util.Objects;

/**
 * A {@code POST /containers/{id}/exec} request: the command (not empty), extra environment ({@code NAME=value}), user
 * ({@code ""} = the container's), working directory ({@code ""} = the container's), which output streams are
 * attached, whether stdin is attached ({@code docker exec -i}), whether the process gets a terminal ({@code -t}) and
 * its initial size ({@code ConsoleSize}: rows, columns; empty when not given).
 */
public record ExecSpec(
        List<String> cmd,
        List<String> env,
        String user,
        String workingDir,
        boolean attachStdout,
        boolean attachStderr,
        boolean attachStdin,
        boolean tty,
        List<Integer> consoleSize) {
    public ExecSpec {
        consoleSize = List.copyOf(consoleSize);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workingDir, "workingDir");
    }

    /** A non-interactive exec: no stdin, no terminal. */
    public ExecSpec(
            List<String> cmd,
            List<String> env,
            String user,
            String workingDir,
            boolean attachStdout,
            boolean attachStderr) {
        this(cmd, env, user, workingDir, attachStdout, attachStderr, false, false, List.of());
    }
}
