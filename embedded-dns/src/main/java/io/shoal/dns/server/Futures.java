package io.shoal.dns.server;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/** The two places where the resolver starts something and rightly does not wait for its future. */
final class Futures {
    private Futures() {}

    /** Runs {@code action} once {@code future} completes, whichever way. */
    static void whenDone(CompletableFuture<?> future, Runnable action) {
        var unused = future.whenComplete((value, failure) -> action.run());
    }

    /** Starts closing {@code channel}: a socket that fails to close has nobody to report to. */
    static void close(Channel channel) {
        var unused = channel.close();
    }
}
