package io.shoal.engine.container;

import java.util.List;
import java.util.Objects;

/**
 * A {@code POST /containers/{id}/exec} request: the command (not empty), extra environment ({@code NAME=value}), user
 * ({@code ""} = the container's), working directory ({@code ""} = the container's), and which streams are attached.
 * Interactive exec ({@code -i}, {@code -t}) is not supported yet.
 */
public record ExecSpec(
        List<String> cmd,
        List<String> env,
        String user,
        String workingDir,
        boolean attachStdout,
        boolean attachStderr) {
    public ExecSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(workingDir, "workingDir");
    }
}
