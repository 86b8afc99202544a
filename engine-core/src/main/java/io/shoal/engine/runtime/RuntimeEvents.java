package io.shoal.engine.runtime;

/**
 * Receives what the runtime reports. Methods are called one at a time, on a thread of the runtime's, and must not
 * block for long.
 */
public interface RuntimeEvents {
    /** A process exited. */
    void onExit(TaskExit exit);

    /**
     * The subscription was lost (the runtime restarted or the connection broke) and is back. Exits that happened
     * meanwhile may not have been reported: the caller must reconcile, with {@link ContainerRuntime#listTasks}.
     */
    void onReconnected();
}
