package io.shoal.engine.runtime;

/** The state of a task's process, as containerd reports it. */
public enum TaskStatus {
    /** Namespaces and process exist, the process has not been started (between create and start). */
    CREATED,
    /** Started and not yet exited. */
    RUNNING,
    /** Exited; the exit status is known until the task is deleted. */
    STOPPED,
    /** Frozen (not used by Shoal yet). */
    PAUSED,
    /** Anything else the runtime reports (PAUSING, UNKNOWN). */
    UNKNOWN
}
