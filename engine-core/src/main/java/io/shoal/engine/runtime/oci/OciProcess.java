package io.shoal.engine.runtime.oci;

import java.util.List;
import java.util.Objects;

/**
 * The OCI spec's {@code process} object (runtime-spec {@code config.md}, "Process"): the container's init process, or
 * an exec process. {@code capabilities} go into the bounding, effective and permitted sets alike, as Docker does;
 * {@code rlimits} are (type, soft, hard) triples such as RLIMIT_NOFILE.
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
        boolean noNewPrivileges) {
    public OciProcess {
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

    /** A resource limit (setrlimit(2)): {@code type} like "RLIMIT_NOFILE". */
    public record Rlimit(String type, long soft, long hard) {
        public Rlimit {
            Objects.requireNonNull(type, "type");
        }
    }
}
