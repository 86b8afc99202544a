package io.shoal.engine.container;

import io.shoal.engine.runtime.ContainerRuntime;
import io.shoal.engine.runtime.ContainerRuntimeException;
import io.shoal.engine.runtime.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At the engine's start, after the stored containers were reconciled: removes from the runtime every container and
 * task that no stored record keeps running. The engine was killed between the runtime's work and the record of it
 * (a start whose record was rolled back, a container removed from the store whose runtime removal never came), or
 * the runtime itself lost track of a task it had begun (see {@link ContainerRuntime#endUntrackedTasks}). Only this
 * engine's namespace of the runtime is looked at, so another engine's containers on a shared containerd stay.
 */
final class RuntimeOrphans {
    private static final Logger LOG = Logger.getLogger(RuntimeOrphans.class.getName());
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final ContainerRuntime runtime;

    RuntimeOrphans(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Removes every runtime container and task whose id is not in {@code running} (the ids of the records that are
     * RUNNING after reconciliation); returns one line per thing removed, each also logged. A failure on one orphan is
     * logged and the others are still removed; a runtime that cannot list is logged and nothing is removed.
     */
    List<String> remove(Set<String> running) {
        List<String> removed = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        List<TaskState> tasks;
        try {
            tasks = runtime.listTasks();
            tasks.forEach(task -> ids.add(task.containerId()));
            ids.addAll(runtime.listContainers());
        } catch (ContainerRuntimeException e) {
            LOG.log(Level.WARNING, "cannot list the runtime's containers; orphans not looked for", e);
            return removed;
        }
        for (String id : ids) {
            if (running.contains(id)) {
                continue;
            }
            boolean hasTask = tasks.stream().anyMatch(task -> task.containerId().equals(id));
            try {
                removeOne(id, hasTask);
                removed.add(log("runtime container " + id + (hasTask ? " and its task" : "")
                        + " removed: no stored container runs it"));
            } catch (ContainerRuntimeException e) {
                LOG.log(Level.WARNING, "removing the orphaned runtime container " + id + " failed", e);
            }
        }
        try {
            for (String line : runtime.endUntrackedTasks()) {
                removed.add(log(line));
            }
        } catch (ContainerRuntimeException e) {
            LOG.log(Level.WARNING, "ending the runtime's untracked tasks failed", e);
        }
        return removed;
    }

    private void removeOne(String id, boolean hasTask) throws ContainerRuntimeException {
        if (hasTask) {
            try {
                runtime.kill(id, Signals.SIGKILL, true);
                runtime.waitForExit(id, KILL_WAIT);
            } catch (ContainerRuntimeException e) {
                // NOT_FOUND: exited meanwhile; FAILED_PRECONDITION: already stopped.
                if (e.kind() != ContainerRuntimeException.Kind.NOT_FOUND
                        && e.kind() != ContainerRuntimeException.Kind.FAILED_PRECONDITION) {
                    throw e;
                }
            }
            ignoreNotFound(() -> runtime.deleteTask(id));
        }
        ignoreNotFound(() -> runtime.deleteContainer(id));
    }

    private static String log(String line) {
        LOG.info(line);
        return line;
    }

    private interface Step {
        void run() throws ContainerRuntimeException;
    }

    private static void ignoreNotFound(Step step) throws ContainerRuntimeException {
        try {
            step.run();
        } catch (ContainerRuntimeException e) {
            if (e.kind() != ContainerRuntimeException.Kind.NOT_FOUND) {
                throw e;
            }
        }
    }
}
