package io.shoal.engine.runtime.oci;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The OCI spec's {@code process} object (runtime-spec {@code config.md}, "Process"): the container's init process, or
 * an exec process. {@code capabilities} go into the bounding, effective and permitted sets alike, as Docker does;
 * {@code rlimits} are (type, soft, hard) triples such as RLIMIT_NOFILE; {@code consoleSize} sets a terminal's
 * initial size (Docker: {@code ConsoleSize} of the request), so the first output is laid out right.
 */
public record OciProcess(
        boolean terminal,
        int uid,
        int gid,
        List<String> args,
        List<String> env,
        String cwd,
        List<String> capabilities,
        List<Rlimit> rlimits,
        boolean noNewPrivileges,
        Optional<ConsoleSize> consoleSize) {
    public OciProcess {
        Objects.requireNonNull(consoleSize, "consoleSize");
        args = List.copyOf(args);
        env = List.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        capabilities = List.copyOf(capabilities);
        rlimits = List.copyOf(rlimits);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a process needs at least one argument");
        }
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("cwd must be absolute: " + cwd);
        }
    }

    /** A process without a console size. */
    public OciProcess(
            boolean terminal,
            int uid,
            int gid,
            List<String> args,
            List<String> env,
            String cwd,
            List<String> capabilities,
            List<Rlimit> rlimits,
            boolean noNewPrivileges) {
        this(terminal, uid, gid, args, env, cwd, capabilities, rlimits, noNewPrivileges, Optional.empty());
    }

    /** The same process with its terminal's initial size. */
    public OciProcess withConsoleSize(Optional<ConsoleSize> size) {
        return new OciProcess(terminal, uid, gid, args, env, cwd, capabilities, rlimits, noNewPrivileges, size);
    }

    /** {@code consoleSize}: the terminal's initial size in character cells (with {@code terminal} only). */
    public record ConsoleSize(int height, int width) {}

    /** A resource limit (setrlimit(2)): {@code type} like "RLIMIT_NOFILE". */
    public record Rlimit(String type, long soft, long hard) {
        public Rlimit {
            Objects.requireNonNull(type, "type");
        }
    }
}
