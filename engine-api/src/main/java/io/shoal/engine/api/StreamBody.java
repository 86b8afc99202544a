package io.shoal.engine.api;

/**
 * The body of a streamed response, produced after its head has gone out: {@code wait}'s result once the container
 * exits, an attach or exec's output frames, {@code logs -f}. {@link #open} is called once, on the connection's event
 * loop; it must not block: it keeps {@code out} and returns, and whichever thread produces the body writes to it.
 */
@FunctionalInterface
public interface StreamBody {
    /** Starts producing into {@code out}; must return at once. */
    void open(StreamOutput out);
}
