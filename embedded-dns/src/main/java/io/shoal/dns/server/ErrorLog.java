package io.shoal.dns.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the resolver reports errors that concern one peer rather than the caller (a client's socket error, an upstream
 * that went away): counted, and logged through {@link System.Logger}.
 */
final class ErrorLog {
    private static final Logger LOG = System.getLogger("io.shoal.dns.server");

    private final LongAdder count = new LongAdder();

    void record(String where, Throwable cause) {
        count.increment();
        LOG.log(Level.DEBUG, where + ": " + cause, cause);
    }

    long count() {
        return count.sum();
    }
}
