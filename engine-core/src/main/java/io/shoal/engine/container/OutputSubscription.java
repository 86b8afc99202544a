package io.shoal.engine.container;

/** A listener's hold on a container's output; closing it stops delivery and ends the sink. */
public interface OutputSubscription extends AutoCloseable {
    /** Stops delivery; the sink's {@link OutputSink#end} is called once if it has not been yet. Idempotent. */
    @Override
    void close();
}
