package io.shoal.engine.container;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.runtime.ContainerConfig;
import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.Rootfs;
import io.shoal.engine.runtime.Stdio;
import io.shoal.engine.runtime.oci.ContainerSpecBuilder;
import io.shoal.engine.runtime.oci.OciSpec;
import io.shoal.engine.undo.Undo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the runtime's container and task and starts it. The runtime's container is made at each start and deleted at
 * each exit, as dockerd does with containerd: its OCI spec names the sandbox's namespace, which exists only while the
 * container runs. The root filesystem is an overlay: the image's rootfs below, {@code upper/} and {@code work/} of the
 * container's directory above (kept across runs, as Docker keeps a container's writable layer). A {@code Tty}
 * container's init process gets a terminal; an {@code OpenStdin} one reads the run's {@link StdinPipe}.
 */
final class TaskLauncher {
    /** The runtime label naming the container, for people reading the runtime's state. */
    static final String NAME_LABEL = "io.shoal.container.name";

    private final ContainerRuntime runtime;

    TaskLauncher(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Returns the init process's PID; every step done is pushed on {@code undo}. */
    long launch(
            ContainerRecord record,
            ContainerSpec spec,
            Path imageRootfs,
            SandboxSetup.Sandbox sandbox,
            Path dir,
            ContainerOutput output,
            ContainerStdin stdin,
            Undo undo)
            throws EngineException {
        String id = record.id();
        Path upper = dir.resolve("upper");
        Path work = dir.resolve("work");
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new EngineException(ErrorKind.INTERNAL, "cannot create " + upper + ": " + e.getMessage(), e);
        }
        Rootfs.Overlay rootfs = new Rootfs.Overlay(List.of(imageRootfs), upper, work);
        List<String> argv = new ArrayList<>();
        argv.add(record.path());
        argv.addAll(record.args());
        String cwd = spec.workingDir().isEmpty() ? "/" : spec.workingDir();
        if (!cwd.startsWith("/")) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "the working directory '" + cwd + "' is invalid, it needs to be an" + " absolute path");
        }
        OciSpec oci = ContainerSpecBuilder.forContainer(id, rootfs)
                .args(argv)
                .env(spec.env())
                .cwd(cwd)
                .hostname(SandboxSetup.hostname(record, spec))
                .networkNamespace(sandbox.namespace())
                .networkFiles(dir.resolve("hosts"), dir.resolve("hostname"), dir.resolve("resolv.conf"), false)
                .terminal(spec.tty())
                .build();
        Stdio stdio = Stdio.toFiles(output.stdoutFile(), output.stderrFile());
        if (spec.tty()) {
            stdio = stdio.onTerminal();
        }
        if (spec.openStdin()) {
            stdio = stdio.withStdin(stdin.beginRun());
            undo.onFailure("end the stdin of " + id, stdin::endRun);
        }
        ContainerConfig config = new ContainerConfig(id, Map.of(NAME_LABEL, record.name()), oci);
        try {
            createContainer(config);
            undo.onFailure("delete the runtime container " + id, () -> runtime.deleteContainer(id));
            runtime.createTask(id, rootfs, stdio);
            undo.onFailure("kill and delete the task of " + id, () -> deleteTask(id));
            // The resolver was started beside the two creations above: it must answer before the task runs.
            sandbox.resolver().await();
            return runtime.start(id);
        } catch (ContainerRuntimeException e) {
            throw StartFailures.startError(e, record.path());
        }
    }

    private void createContainer(ContainerConfig config) throws ContainerRuntimeException {
        try {
            runtime.createContainer(config);
        } catch (ContainerRuntimeException e) {
            if (e.kind() != ContainerRuntimeException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            // Left by an engine that stopped before it could delete it: its spec may name an old namespace.
            runtime.deleteContainer(config.id());
            runtime.createContainer(config);
        }
    }

    private void deleteTask(String id) throws ContainerRuntimeException {
        try {
            runtime.kill(id, Signals.SIGKILL, true);
        } catch (ContainerRuntimeException e) {
            if (e.kind() != ContainerRuntimeException.Kind.NOT_FOUND
                    && e.kind() != ContainerRuntimeException.Kind.FAILED_PRECONDITION) {
                throw e;
            }
        }
        runtime.deleteTask(id);
    }
}
