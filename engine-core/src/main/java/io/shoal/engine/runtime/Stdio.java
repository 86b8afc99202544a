package io.shoal.engine.runtime;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A process's standard streams. Output and error are each appended to a regular file (created if missing), or
 * discarded when absent. Standard input, when given, is read by the runtime from {@code stdin} as the process
 * consumes it; its end (EOF) closes the process's standard input (containerd {@code Tasks.CloseIO}); absent, the
 * process reads /dev/null. With {@code terminal} the process gets a pseudo-terminal (OCI {@code process.terminal}):
 * everything it writes, standard error included, reaches {@code stdout}, as terminal output does; {@code stderr}
 * stays empty and the size is set with {@link ContainerRuntime#resizePty}.
 *
 * <p>The runtime keeps the two output streams apart and has written everything the process wrote by the time the
 * task or exec process is deleted ({@link ContainerRuntime#deleteTask}, {@link ContainerRuntime#exec} returning).
 */
public record Stdio(Optional<Path> stdout, Optional<Path> stderr, Optional<InputStream> stdin, boolean terminal) {
    public Stdio {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(stdin, "stdin");
    }

    /** Output to files (or discarded), no standard input, no terminal. */
    public Stdio(Optional<Path> stdout, Optional<Path> stderr) {
        this(stdout, stderr, Optional.empty(), false);
    }

    /** Both streams discarded. */
    public static Stdio discard() {
        return new Stdio(Optional.empty(), Optional.empty());
    }

    /** Standard output appended to {@code stdout}, standard error to {@code stderr}. */
    public static Stdio toFiles(Path stdout, Path stderr) {
        return new Stdio(Optional.of(stdout), Optional.of(stderr));
    }

    /** The same streams with standard input read from {@code input}. */
    public Stdio withStdin(InputStream input) {
        return new Stdio(stdout, stderr, Optional.of(input), terminal);
    }

    /** The same streams on a pseudo-terminal (see the class comment). */
    public Stdio onTerminal() {
        return new Stdio(stdout, stderr, stdin, true);
    }
}
