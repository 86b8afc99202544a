package io.shoal.engine.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * A reply to one plugin call: an HTTP status and a JSON object. dockerd reads a failed call's message from {@code Err}
 * of a non-200 reply (moby {@code pkg/plugins/client.go}); an IPAM reply also carries it as {@code Error}, the key
 * dockerd's remote IPAM reads from a 200 reply.
 *
 * @param status 200 on success; 400 for a malformed request; 404 for an unknown call (dockerd takes it as "not
 *     implemented"); 500 for any other failure
 * @param body the JSON object
 * @param afterWritten work the call starts only once this reply is on dockerd's socket ({@link PluginServer} runs it
 *     on a handler thread then; {@link #NOTHING} for most calls), so that it never delays the reply
 */
public record Reply(int status, Map<String, Object> body, Runnable afterWritten) {
    /** No work after the reply. */
    static final Runnable NOTHING = () -> {};

    public Reply {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(afterWritten, "afterWritten");
    }

    /** A reply with no work after it. */
    public Reply(int status, Map<String, Object> body) {
        this(status, body, NOTHING);
    }

    public static Reply ok(Map<String, Object> body) {
        return new Reply(200, body);
    }

    public static Reply empty() {
        return ok(Map.of());
    }

    /** Whether the call left work for after its reply. */
    boolean hasWorkAfter() {
        return afterWritten != NOTHING;
    }
}
